"""The priced quote: frozen values handed from the engines to the renderers.

Every amount here is already rounded, including the whole-unit figures the headline and the
charts show. The value types that hold a total check it when they are built (`Breakdown`
its lines, `Totals` its saving and whole figures, `Quote` the totals over its roles and
the first year of the cost of ownership; `TcoYear` and `Tco` in tco.py), so a total that
differs from the figures it stands for cannot be built: the constructor raises ValueError.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from typing import TYPE_CHECKING

from quotegen.data.models import Model
from quotegen.engine.lines import Breakdown
from quotegen.money import money_sum, percent, round_money, round_whole

if TYPE_CHECKING:  # the types only; the modules that make them import this one
    from quotegen.engine.phrases import Phrase
    from quotegen.engine.references import Reference
    from quotegen.engine.tco import Sensitivity, Tco


@dataclass(frozen=True, slots=True)
class Alternative:
    model: Model
    annual: Decimal | None  # None: priced on request
    reasons: tuple[Phrase, ...]  # what speaks for it, then what speaks against
    summary: Phrase | None = None  # the one line a reader sees (why not chosen)


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The model chosen for a role, where it is delivered from, and why."""

    model: Model
    reasons: tuple[Phrase, ...]  # strongest first
    location: str | None = None  # offshore | nearshore | onshore
    centre: str | None = None  # delivery centre code, when one of ours delivers
    alternatives: tuple[Alternative, ...] = ()
    trace: tuple[str, ...] = ()
    cautions: tuple[Phrase, ...] = ()  # what speaks against the choice
    shift: str | None = None
    provider_name: str | None = None
    # What the in-house figure stands for when it is not a hire the client would make for this
    # need (a local hire beside a worker chosen abroad, a full-time hire for a few hours' work).
    in_house_basis: Phrase | None = None


@dataclass(frozen=True, slots=True)
class RoleQuote:
    """One role of the proposal: what it costs in-house, what we propose, and why."""

    title: str
    family: str
    family_label: str
    seniority: str
    headcount: int
    hours_per_week: Decimal
    on_site: bool
    salary: Decimal
    in_house: Breakdown
    proposed: Breakdown
    recommendation: Recommendation
    leasing: Breakdown | None = None
    priced_on_request: bool = False  # the proposed cost is today's in-house cost, pending a price
    work: str = "role"
    duration_months: int | None = None
    licensed: bool = False
    onshore_only: bool = False
    named_worker_country: str | None = None
    languages: tuple[str, ...] = ("en",)
    languages_given: bool = True  # named by the client file; else the document's language, not printed
    remote: bool = False  # works from home: no desk in the in-house cost, said beside the hours
    overlap_needed: Decimal = Decimal(0)
    # The two annual costs without cents, as the chart labels them: rounded here, once.
    in_house_whole: Decimal = field(init=False)
    proposed_whole: Decimal = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "in_house_whole", round_whole(self.in_house.annual))
        object.__setattr__(self, "proposed_whole", round_whole(self.proposed.annual))

    @property
    def savings_annual(self) -> Decimal:
        return self.in_house.annual - self.proposed.annual

    @property
    def savings_pct(self) -> Decimal:
        return percent(self.savings_annual, self.in_house.annual)

    @property
    def supplied_by_us(self) -> bool:
        """Work the provider itself delivers (from a centre, or as employer of record), not a
        firm the client contracts directly, a marketplace, or a hire."""
        rec = self.recommendation
        return rec.provider_name is None and (rec.centre is not None or rec.model == Model.EOR)


@dataclass(frozen=True, slots=True)
class Totals:
    """The proposal's annual figures; built by `of` from the roles, and checked when built."""

    in_house_annual: Decimal
    proposed_annual: Decimal
    savings_annual: Decimal
    savings_pct: Decimal
    savings_monthly: Decimal  # a twelfth of the annual saving, for the summary; never summed
    # Headline figures without cents, each its exact total rounded once, so each matches the
    # table's total to the dollar (never a difference of rounded figures: that can be $1 off
    # the saving the table shows). Side by side, the three may then differ by $1 in sum.
    in_house_whole: Decimal
    proposed_whole: Decimal
    savings_whole: Decimal
    savings_monthly_whole: Decimal

    def __post_init__(self) -> None:
        savings = self.in_house_annual - self.proposed_annual
        expected = {
            "savings_annual": savings,
            "savings_pct": percent(savings, self.in_house_annual),
            "savings_monthly": round_money(savings / 12),
            "in_house_whole": round_whole(self.in_house_annual),
            "proposed_whole": round_whole(self.proposed_annual),
            "savings_whole": round_whole(savings),
            "savings_monthly_whole": round_whole(savings / 12),
        }
        for name, value in expected.items():
            if getattr(self, name) != value:
                raise ValueError(f"totals: {name} {getattr(self, name)} should be {value} (in-house {self.in_house_annual}, proposed {self.proposed_annual})")

    @property
    def rounded_apart(self) -> bool:
        """Whether the whole in-house and proposed figures, each rounded, differ from the whole
        saving by a unit: a document showing the three side by side then says why."""
        return self.in_house_whole - self.proposed_whole != self.savings_whole

    @classmethod
    def of(cls, roles: tuple[RoleQuote, ...]) -> Totals:
        in_house = money_sum(r.in_house.annual for r in roles)
        proposed = money_sum(r.proposed.annual for r in roles)
        savings = in_house - proposed
        return cls(
            in_house_annual=in_house,
            proposed_annual=proposed,
            savings_annual=savings,
            savings_pct=percent(savings, in_house),
            savings_monthly=round_money(savings / 12),
            in_house_whole=round_whole(in_house),
            proposed_whole=round_whole(proposed),
            savings_whole=round_whole(savings),
            savings_monthly_whole=round_whole(savings / 12),
        )


def models_used(roles: tuple[RoleQuote, ...]) -> tuple[tuple[Model, int], ...]:
    """How many roles each recommended model has: most roles first, then by key."""
    counts = Counter(r.recommendation.model for r in roles)
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True, slots=True)
class Party:
    """The client as the document shows it."""

    name: str
    country: str
    country_name: str
    region: str
    region_name: str
    contact_name: str | None
    contact_title: str | None
    contact_email: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One figure that differs from the previous revision the client was sent (engine/redline.py).

    `before` and `after` are money (Decimal), a headcount (int), a model or a currency code,
    as `kind` says; None where the role did not exist on that side.
    """

    field: str  # where, for programs: roles[Bookkeeper].salary, totals.savings_annual
    label: Phrase  # what, for people
    before: Decimal | int | Model | str | None
    after: Decimal | int | Model | str | None
    kind: str  # money | count | model | text


@dataclass(frozen=True)
class Quote:
    """A complete priced proposal: nothing is computed after this point."""

    number: str
    date: dt.date
    valid_days: int
    valid_until: dt.date
    revision: int
    prepared_by: str
    cost_basis: str
    currency: str
    locale: str
    tax_year: int
    client: Party
    roles: tuple[RoleQuote, ...]
    headcount: int
    totals: Totals
    references: tuple[Reference, ...]  # every parameter used, with value and source
    tco: Tco  # year-by-year cost of ownership and the break-even month
    sensitivity: Sensitivity  # the saving at the assumptions' low and high cases
    # "Rates as of": the proposal date, whose rows price it, and the newest date on which a
    # source behind the figures used was read (None: none of them records one). Set from the above.
    rates_as_of: dt.date = field(init=False)
    sources_read: dt.date | None = field(init=False)
    notes: tuple[Phrase, ...] = ()
    warnings: tuple[str, ...] = ()
    sample_pricing: bool = False
    models_used: tuple[tuple[Model, int], ...] = field(default=())  # most roles first
    converted_from: str | None = None  # the provider's currency, when fees were converted from it
    multisourcing: bool = False
    # What changed since revision N-1 as issued (the ledger); None: no such revision there.
    changes: tuple[Change, ...] | None = None

    def __post_init__(self) -> None:
        """Refuse a quote whose totals are not those of its roles (pretix's order totals)."""
        object.__setattr__(self, "rates_as_of", self.date)
        object.__setattr__(self, "sources_read", max((ref.source.read for ref in self.references if ref.source.read), default=None))
        problems = []
        for name, value in (
            ("in_house_annual", money_sum(r.in_house.annual for r in self.roles)),
            ("proposed_annual", money_sum(r.proposed.annual for r in self.roles)),
        ):
            if getattr(self.totals, name) != value:
                problems.append(f"totals.{name} {getattr(self.totals, name)} is not the sum over the roles, {value}")
        if self.headcount != sum(r.headcount for r in self.roles):
            problems.append(f"headcount {self.headcount} is not the sum over the roles, {sum(r.headcount for r in self.roles)}")
        if self.valid_until != self.date + dt.timedelta(days=self.valid_days):
            problems.append(f"valid_until {self.valid_until} is not {self.valid_days} days from {self.date}")
        used = models_used(self.roles)
        if self.models_used != used:
            problems.append(f"models_used {self.models_used} does not count the roles' models, {used}")
        first = self.tco.years[0] if self.tco.years else None
        # Year one of the cost of ownership is the comparison itself, plus the set-up fees.
        if first is not None and (first.in_house, first.proposed) != (self.totals.in_house_annual, self.totals.proposed_annual + self.tco.one_time):
            problems.append(
                f"year 1 of the cost of ownership ({first.in_house} against {first.proposed}) is not the totals "
                f"({self.totals.in_house_annual} against {self.totals.proposed_annual} plus {self.tco.one_time} set-up)"
            )
        if self.sensitivity.savings != self.totals.savings_annual:
            problems.append(f"the sensitivity range brackets a saving of {self.sensitivity.savings}, not the totals' {self.totals.savings_annual}")
        if problems:
            raise ValueError(f"quote {self.number}: " + "; ".join(problems))
