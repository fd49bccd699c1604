"""Over time and under uncertainty: multi-year cost of ownership and the sensitivity range.

Both re-run the cost engine rather than scaling totals, so wage bases and caps still apply
to grown salaries, and every figure is rounded by money.round_money like any other. They
take each role as a `Plan`: its prices and the model chosen for it. Each year of the cost of
ownership is priced with the rates in force on its first day (a later row in the data, such
as an enacted increase, takes over in the year it starts); years past the data are marked
projected, priced with the last year's rates carried forward.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from quotegen.data.models import Model
from quotegen.data.rates import RateSet, carried_forward, rate_set
from quotegen.engine.lines import Breakdown
from quotegen.engine.phrases import Listing, Money, Phrase, Rate, Term
from quotegen.money import ZERO, money_sum, round_money, round_whole
from quotegen.engine.pricing import Employer, PricedProposal, PricedRole, employer_rates, in_house_cost, marginal_levy

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
    starts: dt.date | None = None  # its first day, whose rates price it
    rates_year: int | None = None  # the tax year of those rates
    projected: bool = False  # past the data: the rates of `rates_year` carried forward

    def __post_init__(self) -> None:
        if self.savings != self.in_house - self.proposed:
            raise ValueError(f"year {self.year}: saving {self.savings} is not in-house {self.in_house} less proposed {self.proposed}")
        if self.projected and (self.starts is None or self.rates_year is None or self.rates_year >= self.starts.year):
            raise ValueError(f"year {self.year}: projected, so it needs rates of a year before the one it starts in ({self.rates_year}, {self.starts})")
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
        """The cumulative saving is a chain: each year's is the last one's plus the year's saving.
        Projected years come last: once the data runs out it does not start again."""
        cumulative = ZERO
        for number, row in enumerate(self.years, start=1):
            cumulative += row.savings
            if row.year != number:
                raise ValueError(f"the years run 1, 2, 3 ...: year {row.year} stands where year {number} belongs")
            if row.cumulative_savings != cumulative:
                raise ValueError(f"year {row.year}: cumulative saving {row.cumulative_savings} should be {cumulative} (year {number} of the chain)")
            if number > 1 and self.years[number - 2].projected and not row.projected:
                raise ValueError(f"year {row.year} is not projected but year {row.year - 1} is: projected years come last")
        if self.break_even_month is not None and not 1 <= self.break_even_month <= 12 * len(self.years):
            raise ValueError(f"break-even month {self.break_even_month} is outside the {len(self.years)} years")


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The annual saving with every non-statutory assumption at its low and its high case, and
    the saving at today's figures (`savings`) it brackets: low <= savings <= high, or it cannot be built."""

    low_in_house: Decimal
    low_savings: Decimal
    high_in_house: Decimal
    high_savings: Decimal
    low_savings_whole: Decimal  # for the headline range, shown without cents
    high_savings_whole: Decimal
    savings: Decimal
    # The same over the ongoing work alone (the headline's figure when one-off or time-bound
    # work is set beside it); None when all the work is ongoing, so this one is it.
    ongoing: Sensitivity | None = None

    def __post_init__(self) -> None:
        for case in ("low", "high"):
            exact, whole = getattr(self, f"{case}_savings"), getattr(self, f"{case}_savings_whole")
            if whole != round_whole(exact):
                raise ValueError(f"sensitivity: the {case} saving {exact} without cents is {round_whole(exact)}, not {whole}")
        if not self.low_savings <= self.savings <= self.high_savings:
            raise ValueError(f"sensitivity: the saving {self.savings} is not between its low case {self.low_savings} and its high case {self.high_savings}")

    @property
    def varies(self) -> bool:
        return self.low_savings != self.high_savings


@dataclass(frozen=True, slots=True)
class Projection:
    """Which years of a cost of ownership are projected, for the sentence under its table."""

    first: int  # the first projected year (1, 2, ...)
    last: int
    rates_year: int  # whose rates are carried forward


def projection(tco: Tco) -> Projection | None:
    """The projected years of a cost of ownership, or None when the data covers every year."""
    projected = [row for row in tco.years if row.projected]
    if not projected:
        return None
    return Projection(projected[0].year, projected[-1].year, projected[0].rates_year)


def _growth(rate: Decimal, year: int) -> Decimal:
    return (1 + rate) ** (year - 1)


def project(priced: PricedProposal, plans: tuple[Plan, ...], years: int) -> Tco:
    """Cost of ownership over `years`: in-house salaries grow, provider prices escalate.

    Year N starts N-1 years after the proposal date and is priced with the rates in force on
    that day (the data's later rows; past the data, its last year's rates, marked projected);
    in-house roles cost the same on both sides; set-up fees of leased workers fall in month one.
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
    country = priced.client_file.client.country
    for year in range(1, years + 1):
        starts = anniversary(proposal.date, year - 1)
        rates, employer = (priced.rates, priced.employer) if year == 1 else rates_on(priced, starts)
        # Each role's in-house cost is priced once a year and serves both sides when kept.
        in_house_by_role = [_grown(priced, plan.priced, growth, year, rates, employer).annual for plan in plans]
        in_house = money_sum(in_house_by_role)
        recurring = money_sum(_proposed_in_year(plan, cost, escalation, year) for plan, cost in zip(plans, in_house_by_role))
        proposed = recurring + (one_time if year == 1 else ZERO)
        savings = in_house - proposed
        cumulative += in_house - recurring
        carried = carried_forward(country, starts)
        rows.append(TcoYear(year, in_house, proposed, savings, cumulative, starts, carried or rates.year, carried is not None))
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


def anniversary(start: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February falls on the 28th in other years)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def rates_on(priced: PricedProposal, on: dt.date) -> tuple[RateSet, Employer]:
    """The rates this client pays on a later date, settled as pricing settles them for the
    proposal date (size bands, its own unemployment rate, its locality's taxes), and the
    employer with the payroll tax's marginal cost at that date's brackets."""
    client_file = priced.client_file
    client, employer = client_file.client, priced.employer
    rates = rate_set(client.country, client.region, on)
    if rates.payroll_tax is not None and rates.payroll_tax != priced.rates.payroll_tax:
        employer = replace(employer, levy=marginal_levy(rates.payroll_tax, employer.payroll, client_file.roles))
    if client.country == "US" and employer.cost_basis != "salary_only":
        rates, _ = employer_rates(client_file, rates, employer, on)
    return rates, employer


def _grown(priced: PricedProposal, p: PricedRole, growth: Decimal, year: int, rates: RateSet, employer: Employer):
    if year == 1:
        return p.in_house
    role = p.role.model_copy(update={"salary": round_money(p.role.salary * _growth(growth, year))})
    return in_house_cost(role, rates, employer, priced.config, share=p.role.share_in_year(year))


def _proposed_in_year(plan: Plan, in_house: Decimal, escalation: Decimal, year: int) -> Decimal:
    if plan.keeps_in_house_cost:
        return in_house
    first, this = plan.priced.role.share_in_year(1), plan.priced.role.share_in_year(year)
    if not first or not this:
        return ZERO
    return round_money(plan.proposed.annual * this / first * _growth(escalation, year))


def setup_fee_per_worker(priced: PricedProposal) -> Decimal:
    """The rate card's set-up fee in the proposal's currency, rounded once: what a worker costs."""
    return round_money(priced.config.pricing.setup_fee * (priced.fx.rate if priced.fx else 1))


def _setup_fee(priced: PricedProposal, p: PricedRole) -> Decimal:
    return setup_fee_per_worker(priced) * p.role.headcount


def range_note(priced: PricedProposal, plans: tuple[Plan, ...]) -> Phrase | None:
    """The low and high value of each figure the saving range varies, said where the range is:
    the figures the in-house cost of ongoing work uses (the headline's range is the ongoing
    work's, beside one-off and time-bound work), unless the client gave its own (which does not
    vary). None when nothing varies, or when there is no ongoing work."""
    plans = _ongoing(plans)
    client_file, overrides = priced.client_file, priced.employer.overrides
    used = {line.key for plan in plans for line in plan.priced.in_house.lines if line.source is not None}
    tiers = {client_file.health_tier(plan.priced.role) for plan in plans}
    cases = []
    for a in priced.rates.assumptions:
        if a.key not in used or a.key in overrides or a.low == a.high or (a.tier is not None and a.tier not in tiers):
            continue
        if a.basis == "pct_salary":
            cases.append(Phrase.of("{label}: {low} to {high} of salary", label=Term(a.label), low=Rate(a.low), high=Rate(a.high)))
        elif a.basis == "per_year":
            cases.append(Phrase.of("{label}: {low} to {high} a year", label=Term(a.label), low=Money(a.low), high=Money(a.high)))
    if not cases:
        return None
    return Phrase.of("The saving range takes the benefit and overhead figures at their low and high cases ({cases}); statutory rates stay as they are.", cases=Listing(tuple(cases)))


def sensitivity(priced: PricedProposal, plans: tuple[Plan, ...]) -> Sensitivity:
    """Re-price the in-house side with the assumptions' low and high cases; models stay.

    The whole quote's range, and beside it the ongoing work's: a headline that shows the
    ongoing saving alone must not take a range that includes one-off and time-bound work."""
    ongoing = _ongoing(plans)
    return _sensitivity(priced, plans, _sensitivity(priced, ongoing) if ongoing and len(ongoing) < len(plans) else None)


def _ongoing(plans: tuple[Plan, ...]) -> tuple[Plan, ...]:
    return tuple(plan for plan in plans if plan.priced.role.work != "task" and plan.priced.role.duration_months is None)


def _sensitivity(priced: PricedProposal, plans: tuple[Plan, ...], ongoing: Sensitivity | None = None) -> Sensitivity:
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
    savings = money_sum(ZERO if plan.keeps_in_house_cost else plan.priced.in_house.annual - plan.proposed.annual for plan in plans)
    return Sensitivity(low_in_house, low, high_in_house, high, round_whole(low), round_whole(high), savings, ongoing)
