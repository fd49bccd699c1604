"""Over time and under uncertainty: multi-year cost of ownership and the sensitivity range.

Both re-run the cost engine rather than scaling totals, so wage bases and caps still apply
to grown salaries, and every figure is rounded by money.round_money like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from quotegen.money import ZERO, money_sum, round_money, round_whole
from quotegen.engine.pricing import PricedProposal, PricedRole, in_house_cost

MONTHS = 12


@dataclass(frozen=True, slots=True)
class TcoYear:
    year: int
    in_house: Decimal
    proposed: Decimal
    savings: Decimal
    cumulative_savings: Decimal


@dataclass(frozen=True, slots=True)
class Tco:
    """Year-by-year cost of both options, the one-time costs and the break-even month."""

    years: tuple[TcoYear, ...]
    salary_growth: Decimal  # a fraction: 0.036
    escalation: Decimal
    one_time: Decimal  # set-up fees, paid in the first month
    break_even_month: int | None  # the first month by whose end the savings cover the set-up


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The annual saving with every non-statutory assumption at its low and its high case."""

    low_in_house: Decimal
    low_savings: Decimal
    high_in_house: Decimal
    high_savings: Decimal
    low_savings_whole: Decimal  # for the headline range, shown without cents
    high_savings_whole: Decimal

    @property
    def varies(self) -> bool:
        return self.low_savings != self.high_savings


def _growth(rate: Decimal, year: int) -> Decimal:
    return (1 + rate) ** (year - 1)


def project(priced: PricedProposal, chosen: dict[str, tuple[str, object]], years: int) -> Tco:
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
    one_time = money_sum(_setup_fee(priced, p) for p in priced.roles if chosen[p.role.title][0] == "staff_leasing")
    rows = []
    cumulative = -one_time
    monthly_savings = []
    for year in range(1, years + 1):
        # Each role's in-house cost is priced once a year and serves both sides when kept.
        in_house_by_role = [_grown(priced, p, growth, year).annual for p in priced.roles]
        in_house = money_sum(in_house_by_role)
        recurring = money_sum(
            _proposed_in_year(p, chosen[p.role.title], cost, escalation, year) for p, cost in zip(priced.roles, in_house_by_role)
        )
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


def _proposed_in_year(p: PricedRole, chosen, in_house: Decimal, escalation: Decimal, year: int) -> Decimal:
    model, breakdown = chosen
    if model == "in_house" or breakdown is None:  # kept, or priced on request: today's cost
        return in_house
    first, this = p.role.share_in_year(1), p.role.share_in_year(year)
    if not first or not this:
        return ZERO
    return round_money(breakdown.annual * this / first * _growth(escalation, year))


def _setup_fee(priced: PricedProposal, p: PricedRole) -> Decimal:
    fee = priced.config.pricing.setup_fee * (priced.fx.rate if priced.fx else 1)
    return round_money(fee) * p.role.headcount


def sensitivity(priced: PricedProposal, chosen: dict[str, tuple[str, object]]) -> Sensitivity:
    """Re-price the in-house side with the assumptions' low and high cases; models stay."""
    results = {}
    for case in ("low", "high"):
        rates = priced.rates.at(case)
        in_house = ZERO
        proposed = ZERO
        for p in priced.roles:
            cost = in_house_cost(p.role, rates, priced.employer, priced.config).annual
            in_house += cost
            model, breakdown = chosen[p.role.title]
            proposed += cost if model == "in_house" or breakdown is None else breakdown.annual
        results[case] = (in_house, in_house - proposed)
    (low_in_house, low), (high_in_house, high) = results["low"], results["high"]
    return Sensitivity(low_in_house, low, high_in_house, high, round_whole(low), round_whole(high))

