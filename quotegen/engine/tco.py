"""Over time and under uncertainty: multi-year cost of ownership and the sensitivity range.

Both re-run the cost engine rather than scaling totals, so wage bases and caps still apply
to grown salaries, and every figure is rounded by money.round_money like any other. They
take each role as a `Plan`: its prices and the model chosen for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from quotegen.data.models import Model
from quotegen.engine.lines import Breakdown
from quotegen.money import ZERO, money_sum, round_money, round_whole
from quotegen.engine.pricing import PricedProposal, PricedRole, in_house_cost

MONTHS = 12


@dataclass(frozen=True, slots=True)
class Plan:
    """One role as the cost of ownership sees it: its prices and the model chosen for it."""

    priced: PricedRole
    model: Model
    proposed: Breakdown | None  # None: priced on request, so today's in-house cost stands

    @property
    def keeps_in_house_cost(self) -> bool:
        """Kept in-house, or priced on request: the role costs its in-house cost on both sides."""
        return self.model == Model.IN_HOUSE or self.proposed is None


@dataclass(frozen=True, slots=True)
class TcoYear:
    """One year of both options; the saving is in-house less proposed, or it cannot be built."""

    year: int
    in_house: Decimal
    proposed: Decimal
    savings: Decimal
    cumulative_savings: Decimal
    cumulative_savings_whole: Decimal = field(init=False)  # as the chart labels it

    def __post_init__(self) -> None:
        if self.savings != self.in_house - self.proposed:
            raise ValueError(f"year {self.year}: saving {self.savings} is not in-house {self.in_house} less proposed {self.proposed}")
        object.__setattr__(self, "cumulative_savings_whole", round_whole(self.cumulative_savings))


@dataclass(frozen=True, slots=True)
class Tco:
    """Year-by-year cost of both options, the one-time costs and the break-even month."""

    years: tuple[TcoYear, ...]
    salary_growth: Decimal  # a fraction: 0.036
    escalation: Decimal
    one_time: Decimal  # set-up fees, paid in the first month
    break_even_month: int | None  # the first month by whose end the savings cover the set-up

    def __post_init__(self) -> None:
        """The cumulative saving is a chain: each year's is the last one's plus the year's saving."""
        cumulative = ZERO
        for number, row in enumerate(self.years, start=1):
            cumulative += row.savings
            if row.year != number:
                raise ValueError(f"the years run 1, 2, 3 ...: year {row.year} stands where year {number} belongs")
            if row.cumulative_savings != cumulative:
                raise ValueError(f"year {row.year}: cumulative saving {row.cumulative_savings} should be {cumulative} (year {number} of the chain)")
        if self.break_even_month is not None and not 1 <= self.break_even_month <= 12 * len(self.years):
            raise ValueError(f"break-even month {self.break_even_month} is outside the {len(self.years)} years")


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The annual saving with every non-statutory assumption at its low and its high case."""

    low_in_house: Decimal
    low_savings: Decimal
    high_in_house: Decimal
    high_savings: Decimal
    low_savings_whole: Decimal  # for the headline range, shown without cents
    high_savings_whole: Decimal

    def __post_init__(self) -> None:
        for case in ("low", "high"):
            exact, whole = getattr(self, f"{case}_savings"), getattr(self, f"{case}_savings_whole")
            if whole != round_whole(exact):
                raise ValueError(f"sensitivity: the {case} saving {exact} without cents is {round_whole(exact)}, not {whole}")

    @property
    def varies(self) -> bool:
        return self.low_savings != self.high_savings


def _growth(rate: Decimal, year: int) -> Decimal:
    return (1 + rate) ** (year - 1)


def project(priced: PricedProposal, plans: tuple[Plan, ...], years: int) -> Tco:
    """Cost of ownership over `years`: in-house salaries grow, provider prices escalate.

    Tax parameters stay those of the proposal's tax year (future bases are unknown); in-house
    roles cost the same on both sides; set-up fees of leased workers fall in month one.
    """
    proposal = priced.client_file.proposal
    rates = priced.rates
    if proposal.salary_growth_pct is not None:
        growth = proposal.salary_growth_pct / 100
    else:
        growth = rates.salary_growth.value if rates.salary_growth else ZERO
    escalation = priced.config.pricing.escalation_pct / 100
    one_time = money_sum(_setup_fee(priced, plan.priced) for plan in plans if plan.model.rate_card)
    rows = []
    cumulative = -one_time
    monthly_savings = []
    for year in range(1, years + 1):
        # Each role's in-house cost is priced once a year and serves both sides when kept.
        in_house_by_role = [_grown(priced, plan.priced, growth, year).annual for plan in plans]
        in_house = money_sum(in_house_by_role)
        recurring = money_sum(_proposed_in_year(plan, cost, escalation, year) for plan, cost in zip(plans, in_house_by_role))
        proposed = recurring + (one_time if year == 1 else ZERO)
        savings = in_house - proposed
        cumulative += in_house - recurring
        rows.append(TcoYear(year, in_house, proposed, savings, cumulative))
        monthly_savings.extend([(in_house - recurring) / MONTHS] * MONTHS)
    return Tco(tuple(rows), growth, escalation, one_time, _break_even(one_time, monthly_savings))


def _break_even(one_time: Decimal, monthly_savings: list[Decimal]) -> int | None:
    """The first month by whose end the savings so far cover the one-time costs; None if
    they never do, or if there is no saving at all to speak of."""
    balance = -one_time
    saved = False
    for month, saving in enumerate(monthly_savings, start=1):
        balance += saving
        saved = saved or saving > 0
        if saved and balance >= 0:
            return month
    return None


def _grown(priced: PricedProposal, p: PricedRole, growth: Decimal, year: int):
    if year == 1:
        return p.in_house
    role = p.role.model_copy(update={"salary": round_money(p.role.salary * _growth(growth, year))})
    return in_house_cost(role, priced.rates, priced.employer, priced.config, share=p.role.share_in_year(year))


def _proposed_in_year(plan: Plan, in_house: Decimal, escalation: Decimal, year: int) -> Decimal:
    if plan.keeps_in_house_cost:
        return in_house
    first, this = plan.priced.role.share_in_year(1), plan.priced.role.share_in_year(year)
    if not first or not this:
        return ZERO
    return round_money(plan.proposed.annual * this / first * _growth(escalation, year))


def _setup_fee(priced: PricedProposal, p: PricedRole) -> Decimal:
    fee = priced.config.pricing.setup_fee * (priced.fx.rate if priced.fx else 1)
    return round_money(fee) * p.role.headcount


def sensitivity(priced: PricedProposal, plans: tuple[Plan, ...]) -> Sensitivity:
    """Re-price the in-house side with the assumptions' low and high cases; models stay."""
    results = {}
    for case in ("low", "high"):
        rates = priced.rates.at(case)
        in_house = ZERO
        proposed = ZERO
        for plan in plans:
            cost = in_house_cost(plan.priced.role, rates, priced.employer, priced.config).annual
            in_house += cost
            proposed += cost if plan.keeps_in_house_cost else plan.proposed.annual
        results[case] = (in_house, in_house - proposed)
    (low_in_house, low), (high_in_house, high) = results["low"], results["high"]
    return Sensitivity(low_in_house, low, high_in_house, high, round_whole(low), round_whole(high))

