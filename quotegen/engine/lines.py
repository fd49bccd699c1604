"""Cost lines: the engine's building blocks, each amount rounded once and summed exactly.

A `CostLine` is one named cost of one role; a `Breakdown` is the cost of one option as the
sum of its lines and refuses to be built otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from quotegen.data.models import Model, lookup
from quotegen.engine.phrases import Phrase
from quotegen.money import money_sum, round_money

if TYPE_CHECKING:  # types only
    from quotegen.data.rates import Source


class Unit(StrEnum):
    """What a line's base counts: the template words the line's basis by it."""

    WAGES = "wages"  # rate x wages (a contribution), or the wages as paid
    HOURS = "hours"  # hourly rate x hours
    FTE = "fte"  # a yearly amount x full-time equivalents
    MONTHS = "months"  # a monthly fee x months


@dataclass(frozen=True, slots=True)
class Part:
    """A share the basis prints as a count of a whole ("5 of 12 months", "40 of 2,080 hours"):
    a calculator reproduces the amount from it, where 0.42 or 0.02 would not."""

    count: Decimal
    whole: Decimal
    unit: str  # months | hours | hours_a_week


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
    unit: Unit | None = None  # None: a given amount (a quote)
    source: Source | None = None
    # A yearly amount's base as counts of wholes (FTE lines of part-time or part-year work):
    # the base is their product. Empty: the base prints as it is.
    parts: tuple[Part, ...] = ()
    # The rate is the marginal (blended) rate of a tax on the whole payroll, not a statutory rate.
    blended: bool = False

    def __post_init__(self) -> None:
        if self.unit is not None:
            object.__setattr__(self, "unit", Unit(self.unit))  # the closed set, whoever built the line

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

    model: Model
    lines: tuple[CostLine, ...]
    annual: Decimal
    per_head: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "model", lookup(self.model))  # a registered model, whoever built it
        if self.annual != money_sum(line.annual for line in self.lines):
            raise ValueError(f"{self.model}: annual {self.annual} is not the sum of its lines")

    @classmethod
    def of(cls, model: Model, lines: list[CostLine] | tuple[CostLine, ...]) -> Breakdown:
        lines = tuple(lines)
        return cls(
            model=model,
            lines=lines,
            annual=money_sum(line.annual for line in lines),
            per_head=money_sum(line.per_head for line in lines),
        )
