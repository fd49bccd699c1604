"""Sentences for the client with values in them: the engine builds them, renderers format them.

A phrase is English text with {named} slots; the text doubles as the translation key, and
each value says what it is (money, a percentage, a date, a country ...) so each renderer
formats it its own way: the document in the client's locale (render.formatting.Formatter),
the JSON in plain English with machine-friendly values (`Plain`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Protocol

from quotegen.money import round_whole


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Pct:
    """A percentage given as a fraction: Pct(Decimal("0.58")) reads 58%."""

    fraction: Decimal


@dataclass(frozen=True, slots=True)
class Rate:
    """A rate given as a fraction, with its decimals: Rate(Decimal("0.031")) reads 3.1% (Pct: 3%)."""

    fraction: Decimal


@dataclass(frozen=True, slots=True)
class Listing:
    """Clauses of a sentence, as many as there are, separated by semicolons in the document's typography."""

    items: tuple[Phrase, ...]


@dataclass(frozen=True, slots=True)
class Term:
    """A word the document translates too (a centre's name, a shift, a location)."""

    text: str


@dataclass(frozen=True, slots=True)
class Country:
    """A country by its ISO 3166 code ("PL"): each renderer names it in its language."""

    code: str


@dataclass(frozen=True, slots=True)
class Currency:
    """A currency by its ISO 4217 code ("USD"): named in words in prose (US dollars)."""

    code: str


@dataclass(frozen=True, slots=True)
class Language:
    """A language by its ISO 639 code ("fr"): each renderer names it in its language."""

    code: str


@dataclass(frozen=True, slots=True)
class Languages:
    """Languages by their ISO 639 codes, named in a list: ("en", "es") reads "English, Spanish"."""

    codes: tuple[str, ...]


class Formats(Protocol):
    """What a phrase needs from a formatter; render.formatting.Formatter and `Plain` have it."""

    def translate(self, text: str) -> str: ...
    def money(self, value: Decimal) -> str: ...
    def rate(self, fraction: Decimal, max_digits: int = 3) -> str: ...
    def number(self, value: Decimal | int, digits: int = 0) -> str: ...
    def date(self, value: dt.date) -> str: ...
    def country(self, code: str) -> str: ...
    def language(self, code: str) -> str: ...
    def currency_name(self, code: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, text: str, **values: object) -> Phrase:
        return cls(text, tuple(values.items()))

    def english(self) -> str:
        """The sentence in plain English without a currency (`Plain()`), for messages and warnings."""
        return self.render(Plain())

    def render(self, fmt: Formats) -> str:
        """The sentence with each value formatted by `fmt`."""
        text = fmt.translate(self.text)
        if not self.values:
            return text  # a fixed label: no slots to fill, and a brace in it stays a brace
        return text.format(**{name: _format(value, fmt) for name, value in self.values})


def _format(value: object, fmt: Formats) -> str:
    if isinstance(value, Phrase):
        return value.render(fmt)  # a clause with values of its own, translated as a whole
    if isinstance(value, Listing):
        return fmt.translate("; ").join(item.render(fmt) for item in value.items)
    if isinstance(value, Rate):
        return fmt.rate(value.fraction)
    if isinstance(value, Money):
        # A sentence gives amounts in whole units: cents on an estimate read as false precision
        # (the tables beside it keep them). `Plain`, for programs, has no money_whole: exact cents.
        whole = getattr(fmt, "money_whole", None)
        return whole(round_whole(value.amount)) if whole else fmt.money(value.amount)
    if isinstance(value, Pct):
        return fmt.rate(value.fraction, max_digits=0)
    if isinstance(value, Decimal):
        return fmt.number(value, 4).rstrip("0").rstrip(".,") if value != value.to_integral_value() else fmt.number(value)
    if isinstance(value, dt.date):
        return fmt.date(value)
    if isinstance(value, Term):
        return fmt.translate(value.text)
    if isinstance(value, Country):
        return fmt.country(value.code)
    if isinstance(value, Language):
        return fmt.language(value.code)
    if isinstance(value, Languages):
        return ", ".join(fmt.language(code) for code in value.codes)
    if isinstance(value, Currency):
        return fmt.currency_name(value.code)
    return str(value)


class Plain:
    """Plain English with values any program can read, the same for every client locale.

    Money is "2400000.00 CAD" (no grouping, the currency code after), rates "58%", numbers
    "1.3698", dates ISO ("2024-12-31"). Rounding is half-even, as Babel's. Countries and
    languages are named from the given tables (render passes Babel's English names); without
    them the code stands, because the engine keeps no name tables of its own.
    """

    def __init__(self, currency: str | None = None, countries: Mapping[str, str] | None = None, languages: Mapping[str, str] | None = None):
        self.currency = currency
        self.countries = countries or {}
        self.languages = languages or {}

    def translate(self, text: str) -> str:
        return text

    def money(self, value: Decimal) -> str:
        amount = _fixed(value, 2)
        return f"{amount} {self.currency}" if self.currency else amount

    def rate(self, fraction: Decimal, max_digits: int = 3) -> str:
        text = _fixed(fraction * 100, max_digits)
        return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"

    def number(self, value: Decimal | int, digits: int = 0) -> str:
        return _fixed(Decimal(value), digits)

    def date(self, value: dt.date) -> str:
        return value.isoformat()

    def country(self, code: str) -> str:
        return self.countries.get(code, code)

    def language(self, code: str) -> str:
        return self.languages.get(code, code)

    def currency_name(self, code: str) -> str:
        return code  # programs read the ISO code


def _fixed(value: Decimal, digits: int) -> str:
    """`value` with exactly `digits` decimals, no grouping: 2400000.00."""
    return format(value.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_EVEN), "f")
