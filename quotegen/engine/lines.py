"""Cost lines: the engine's building blocks, each amount rounded once and summed exactly.

A `CostLine` is one named cost of one role; a `Breakdown` is the cost of one option as the
sum of its lines and refuses to be built otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from quotegen.engine.phrases import Phrase
from quotegen.money import money_sum, round_money

if TYPE_CHECKING:  # types only
    from quotegen.data.rates import Source


@dataclass(frozen=True, slots=True)
class CostLine:
    """One named cost of one role: per head and for all heads, with how it was derived."""

    key: str
    # The label as the engine made it; each renderer formats it (the document in the client's
    # language, the JSON in plain English), so the engine never picks a language.
    label_phrase: Phrase
    per_head: Decimal
    annual: Decimal
    # How the amount was derived, for the breakdown and the appendix:
    # rate x base (a payroll contribution), value x base (hours or FTE), or a given amount.
    rate: Decimal | None = None
    base: Decimal | None = None
    unit: str | None = None  # "wages", "hours", "fte", "months"
    source: Source | None = None

    @property
    def label(self) -> str:
        """The label in plain English (`Phrase.english`), for messages that name the line."""
        return self.label_phrase.english()

    @classmethod
    def rounded(cls, key: str, label: str | Phrase, per_head: Decimal, heads: int, **how) -> CostLine:
        """A line from an unrounded amount per head: rounded here, once, then times the heads."""
        per_head = round_money(per_head)
        phrase = Phrase(label) if isinstance(label, str) else label
        return cls(key=key, label_phrase=phrase, per_head=per_head, annual=per_head * heads, **how)


@dataclass(frozen=True, slots=True)
class Breakdown:
    """The annual cost of one option for one role, as the sum of its lines."""

    model: str
    lines: tuple[CostLine, ...]
    annual: Decimal
    per_head: Decimal

    def __post_init__(self) -> None:
        if self.annual != money_sum(line.annual for line in self.lines):
            raise ValueError(f"{self.model}: annual {self.annual} is not the sum of its lines")

    @classmethod
    def of(cls, model: str, lines: list[CostLine] | tuple[CostLine, ...]) -> Breakdown:
        lines = tuple(lines)
        return cls(
            model=model,
            lines=lines,
            annual=money_sum(line.annual for line in lines),
            per_head=money_sum(line.per_head for line in lines),
        )
