"""Sentences for the client with values in them, kept apart from their formatting.

A phrase is English text with {named} slots; the text doubles as the translation key, and
each value says what it is (money, a percentage, a date ...) so the document formats it in
the client's locale while the JSON gets the same sentence in plain English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Pct:
    """A percentage given as a fraction: Pct(Decimal("0.58")) reads 58%."""

    fraction: Decimal


@dataclass(frozen=True, slots=True)
class Term:
    """A word the document translates too (a centre's name, a shift, a location)."""

    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, text: str, **values: object) -> Phrase:
        return cls(text, tuple(values.items()))

    def english(self) -> str:
        """The sentence in plain English (US formats): the label kept in the JSON."""
        from quotegen.render.formatting import ENGLISH

        return self.render(ENGLISH)

    def render(self, fmt) -> str:
        """The sentence with each value formatted by `fmt` (a formatting.Formatter)."""
        text = fmt.translate(self.text)
        return text.format(**{name: _format(value, fmt) for name, value in self.values})


def _format(value: object, fmt) -> str:
    if isinstance(value, Money):
        return fmt.money(value.amount)
    if isinstance(value, Pct):
        return fmt.rate(value.fraction, max_digits=0)
    if isinstance(value, Decimal):
        return fmt.number(value, 4).rstrip("0").rstrip(".,") if value != value.to_integral_value() else fmt.number(value)
    if isinstance(value, dt.date):
        return fmt.date(value)
    if isinstance(value, Term):
        return fmt.translate(value.text)
    return str(value)
