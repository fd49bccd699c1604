"""Rates: the sourced, dated parameters of employer cost, picked for a place and a year.

Every number comes from a data file in quotegen/data with its source, year and whether it
is an estimate; this module only selects records. Its one figure of its own is
HOURS_PER_YEAR, the full-time year (52 weeks of 40 hours) used where the data gives no
hours worked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, Literal

from quotegen.money import ZERO, dec
from quotegen.data.tables import data_file

HOURS_PER_YEAR = Decimal(2080)  # 52 weeks x 40 hours: a full-time year
# Names for the Canadian contributions, whose data records carry only keys.
CONTRIBUTION_LABELS = {
    "cpp": "Canada Pension Plan (CPP), employer share",
    "cpp2": "Second additional CPP (CPP2), employer share",
    "ei": "Employment Insurance (EI), employer premium",
    "ei_qc": "Employment Insurance (EI), employer premium at the Quebec rate",
    "qpp": "Quebec Pension Plan (QPP), employer share",
    "qpp2": "Second additional QPP (QPP2), employer share",
    "qpip": "Quebec Parental Insurance Plan (QPIP), employer premium",
}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure comes from: publisher and title, address, year, and its standing."""

    title: str
    url: str | None
    year: int
    estimate: bool
    note: str | None = None


def _source(record: dict[str, Any]) -> Source:
    return Source(
        title=str(record["source"]).strip(),
        url=record.get("url"),
        year=int(record.get("year") or 0),
        estimate=bool(record.get("estimate", False)),
        note=record.get("note"),
    )


def _opt(value: Any) -> Decimal | None:
    return None if value is None else dec(str(value))


@dataclass(frozen=True, slots=True)
class SizeBand:
    """A smaller employer's rate: a company of at most `employees_max` employees (and, where
    the programme also tests pay, an average wage under `average_wage_below`) pays `rate`."""

    employees_max: int
    rate: Decimal
    rule: str  # the agency's rule in words, for the sources
    average_wage_below: Decimal | None = None
    estimate: bool = False
    note: str | None = None

    def applies(self, employees: int, average_wage: Decimal | None) -> bool:
        if employees > self.employees_max:
            return False
        return self.average_wage_below is None or (average_wage is not None and average_wage < self.average_wage_below)


@dataclass(frozen=True, slots=True)
class Premium:
    """A carrier's premium the employee may share up to caps; the employer pays the rest.

    The premium is `rate` of wages up to `weekly_cap` a week; the employee pays at most
    `employee_rate` of those wages, `employee_weekly_max` a week and `employee_share_max`
    of the premium."""

    rate: Decimal
    weekly_cap: Decimal | None
    employee_rate: Decimal
    employee_weekly_max: Decimal | None
    employee_share_max: Decimal

    def capped(self, wages: Decimal, weeks: Decimal) -> Decimal:
        return wages if self.weekly_cap is None else min(wages, self.weekly_cap * weeks)

    def employer_part(self, wages: Decimal, weeks: Decimal) -> Decimal:
        capped = self.capped(wages, weeks)
        premium = self.rate * capped
        employee = min(premium * self.employee_share_max, self.employee_rate * capped)
        if self.employee_weekly_max is not None:
            employee = min(employee, self.employee_weekly_max * weeks)
        return premium - employee


@dataclass(frozen=True, slots=True)
class HealthShare:
    """A cap on the employee's health premium share: the employer pays the usual employee
    share (`employee_contribution` a year) above `employee_cap_rate` of wages, for employees
    working at least `min_hours_per_week`."""

    employee_contribution: Decimal
    employee_cap_rate: Decimal
    min_hours_per_week: Decimal

    def per_year(self, annual_salary: Decimal) -> Decimal:
        """What the employer adds for a full year at this salary."""
        return max(ZERO, self.employee_contribution - self.employee_cap_rate * annual_salary)


@dataclass(frozen=True, slots=True)
class Pay:
    """What one head of a role is paid in a year, for the contributions not charged on wages alone."""

    wages: Decimal  # paid in the year
    share: Decimal  # the part of a full year worked
    fte: Decimal  # weekly hours over 40
    hours_per_week: Decimal
    hours_per_year: Decimal  # hours a full-time employee works in a year

    @property
    def annual_salary(self) -> Decimal:
        return self.wages / self.share if self.share else ZERO


ContributionBasis = Literal["wages", "hours", "premium", "health"]
EmployerStatus = Literal["any", "new", "established"]


@dataclass(frozen=True, slots=True)
class Contribution:
    """A payroll contribution: rate x (min(wages, upper) - lower), never below zero.

    A few are charged on something else (`basis`): hours worked (rate in money per hour), a
    carrier premium less the employee's part (`premium`), or a health premium share (`health`).
    `bands` hold the rates of smaller employers; `status` limits a programme to new employers
    (the default quote) or established ones (a client-provided unemployment rate)."""

    key: str
    label: str
    rate: Decimal
    lower: Decimal
    upper: Decimal | None
    source: Source
    bands: tuple[SizeBand, ...] = ()
    basis: ContributionBasis = "wages"
    status: EmployerStatus = "any"
    applies_from: str | None = None  # established-only programmes: when a new employer starts paying
    premium: Premium | None = None
    health: HealthShare | None = None
    of_suta: Decimal | None = None  # a share of the unemployment tax due, turned into a rate of wages

    def base(self, wages: Decimal) -> Decimal:
        """The part of the wages the rate applies to."""
        capped = wages if self.upper is None else min(wages, self.upper)
        return max(ZERO, capped - self.lower)

    def annual_max(self) -> Decimal | None:
        return None if self.upper is None or self.basis in ("hours", "health") else self.rate * (self.upper - self.lower)

    def band_for(self, employees: int, average_wage: Decimal | None) -> SizeBand | None:
        """The small-employer band a company falls in, if any (the smallest first)."""
        return next((band for band in self.bands if band.applies(employees, average_wage)), None)

    def for_size(self, employees: int, average_wage: Decimal | None) -> Contribution | None:
        """This contribution as a company of this size pays it; None when a small-employer
        rule lets it pay nothing (a carrier premium stays: an estimate the reader should see)."""
        band = self.band_for(employees, average_wage)
        resolved = replace(self, bands=()) if self.bands else self
        if band is not None:
            note = f"{self.source.note or ''} Small-employer rule applied: {band.rule}.".strip()
            if band.note:
                note += f" {band.note}"
            source = replace(self.source, estimate=self.source.estimate or band.estimate, note=note)
            resolved = replace(resolved, rate=band.rate, source=source)
        if band is not None and band.rate == 0 and resolved.basis != "premium":
            return None  # the employer owes nothing: the notes say which rule
        return resolved

    def charge(self, pay: Pay) -> tuple[Decimal, Decimal, Decimal, str] | None:
        """(amount, rate, base, unit) for one head, unrounded; None if not charged for this pay.

        Hours are shown per full-time year (rate x hours a year, times the FTE share), so the
        document never prints a fraction of a cent per hour."""
        if self.basis == "hours":
            per_year = self.rate * pay.hours_per_year
            base = pay.fte * pay.share
            return per_year * base, per_year, base, "fte"
        if self.basis == "premium" and self.premium is not None:
            weeks = Decimal(52) * pay.share
            capped = self.premium.capped(pay.wages, weeks)
            amount = self.premium.employer_part(pay.wages, weeks)
            return amount, amount / capped if capped else self.rate, capped, "wages"
        if self.basis == "health" and self.health is not None:
            if pay.hours_per_week < self.health.min_hours_per_week:
                return None
            per_year = self.health.per_year(pay.annual_salary)
            return per_year * pay.share, per_year, pay.share, "fte"
        base = self.base(pay.wages)
        return self.rate * base, self.rate, base, "wages"

    def appendix(self, hours_per_year: Decimal) -> dict[str, Any]:
        """How the appendix shows this parameter: a rate of wages, or an amount a year."""
        if self.basis == "hours":
            return {"kind": "per_year", "amount": self.rate * hours_per_year}
        if self.basis == "health" and self.health is not None:
            return {"kind": "per_year", "amount": self.health.employee_contribution}
        return {"kind": "contribution", "rate": self.rate, "lower": self.lower, "upper": self.upper}


MILLION = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class Bracket:
    """Payrolls up to `up_to` pay rate x (payroll - over).

    Quebec's Health Services Fund sets one rate for the whole payroll on a straight line in the
    payroll: rate + per_million x payroll / 1,000,000, rounded half up to `rate_places` decimals.
    """

    up_to: Decimal | None
    rate: Decimal
    over: Decimal
    per_million: Decimal | None = None
    rate_places: int | None = None

    def rate_at(self, payroll: Decimal) -> Decimal:
        if self.per_million is None:
            return self.rate
        rate = self.rate + self.per_million * payroll / MILLION
        return rate if self.rate_places is None else rate.quantize(Decimal(1).scaleb(-self.rate_places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class PayrollTax:
    """A tax on the employer's whole payroll (Canadian health taxes), chosen by bracket."""

    key: str
    label: str
    brackets: tuple[Bracket, ...]
    source: Source

    def employer_tax(self, payroll: Decimal) -> Decimal:
        """The employer's annual tax on a total payroll (unrounded)."""
        for bracket in self.brackets:
            if bracket.up_to is None or payroll <= bracket.up_to:
                return bracket.rate_at(payroll) * max(ZERO, payroll - bracket.over)
        return ZERO

    def effective_rate(self, payroll: Decimal) -> Decimal:
        """The tax as a share of the payroll: what each dollar of wages carries."""
        if payroll <= 0:
            return ZERO
        return self.employer_tax(payroll) / payroll

    def marginal_tax(self, payroll: Decimal, added: Decimal) -> Decimal:
        """What `added` wages cost on top of a payroll: the tax with them less the tax without
        them (unrounded). Notches and exemption cliffs make this differ from the average rate."""
        return self.employer_tax(payroll + added) - self.employer_tax(payroll)


Basis = Literal["per_year", "per_hour", "pct_salary", "hours", "growth"]


@dataclass(frozen=True, slots=True)
class Assumption:
    """A non-statutory cost default (benefits, overhead) with its low and high case."""

    key: str
    label: str
    basis: Basis
    value: Decimal
    low: Decimal
    high: Decimal
    source: Source
    tier: str | None = None  # health insurance: the coverage it prices; None prices every tier
    label_given: str | None = None  # the label when the client gives the figure

    def with_value(self, value: Decimal) -> Assumption:
        """This assumption with another value (a client's override or a sensitivity case)."""
        return replace(self, value=value)

    def prices_tier(self, tier: str) -> bool:
        """Whether this record prices a health tier (no health line at all for `none`)."""
        return tier != "none" and self.tier in (None, tier)


@dataclass(frozen=True, slots=True)
class WorkersComp:
    """The average premium per $100 of payroll, and the factor for clerical office work."""

    rate_per_100: Decimal
    max_assessable: Decimal | None
    source: Source
    clerical_factor: Decimal | None = None  # None: no separate clerical rate for this country
    clerical_source: Source | None = None


@dataclass(frozen=True)
class RateSet:
    """All employer-cost parameters for one region and one tax year."""

    country: str
    region: str
    year: int
    requested_year: int
    contributions: tuple[Contribution, ...]
    payroll_tax: PayrollTax | None
    workers_comp: WorkersComp
    assumptions: tuple[Assumption, ...]
    hours_worked: Assumption | None  # per-hour costs are per hour worked, not per hour paid
    salary_growth: Assumption | None  # for the multi-year cost of ownership

    def at(self, case: str) -> RateSet:
        """The same parameters with every non-statutory assumption at its low or high case."""
        if case == "base":
            return self

        def pick(a: Assumption | None) -> Assumption | None:
            return None if a is None else a.with_value(a.low if case == "low" else a.high)

        return replace(self, assumptions=tuple(map(pick, self.assumptions)), hours_worked=pick(self.hours_worked))

    @property
    def year_substituted(self) -> bool:
        return self.year != self.requested_year


def _nearest(years: set[int], wanted: int) -> int:
    return min(years, key=lambda year: (abs(year - wanted), -year))


@cache
def statutory_years(country: str) -> frozenset[int]:
    """The tax years for which the statutory data of a country is complete."""
    if country == "US":
        records = data_file("us_federal.yaml")["contributions"]
    else:
        records = data_file("canada.yaml")["contributions"]
    return frozenset(int(r["year"]) for r in records)


@cache
def rate_set(country: str, region: str, requested_year: int) -> RateSet:
    """Pick every parameter for a region and year (the nearest year the data holds)."""
    year = _nearest(set(statutory_years(country)), requested_year)
    assumptions = _assumptions(country, year)
    if country == "US":
        contributions = _us_contributions(region, year)
        payroll_tax = None
    else:
        contributions = _ca_contributions(region, year)
        payroll_tax = _ca_payroll_tax(region, year)
    return RateSet(
        country=country,
        region=region,
        year=year,
        requested_year=requested_year,
        contributions=contributions,
        payroll_tax=payroll_tax,
        workers_comp=_workers_comp(country, region, year),
        assumptions=tuple(a for a in assumptions if a.basis not in ("hours", "growth")),
        hours_worked=next((a for a in assumptions if a.basis == "hours"), None),
        salary_growth=next((a for a in assumptions if a.basis == "growth"), None),
    )


def _pick(records: list[dict], year: int, **match: str) -> dict | None:
    """The record matching `match` for `year`, else for the nearest year it exists."""
    candidates = [r for r in records if all(str(r.get(k)) == v for k, v in match.items())]
    if not candidates:
        return None
    best = _nearest({int(r["year"]) for r in candidates}, year)
    return next(r for r in candidates if int(r["year"]) == best)


def _contribution(record: dict, key: str | None = None, label: str | None = None) -> Contribution:
    basis = record.get("basis") or "wages"
    upper = _opt(record.get("upper", record.get("wage_base")))
    premium = health = of_suta = None
    if basis == "premium":
        premium = Premium(
            rate=dec(str(record["premium_rate"])),
            weekly_cap=_opt(record.get("weekly_wage_cap")),
            employee_rate=dec(str(record["employee_rate"])),
            employee_weekly_max=_opt(record.get("employee_weekly_max")),
            employee_share_max=dec(str(record.get("employee_premium_share") or "1")),
        )
        # The rate of wages the employer bears while no weekly cap binds (for the appendix).
        rate = max(ZERO, premium.rate - min(premium.rate * premium.employee_share_max, premium.employee_rate))
        upper = None if premium.weekly_cap is None else premium.weekly_cap * 52
    elif basis == "health":
        health = HealthShare(
            employee_contribution=dec(str(record["employee_contribution"])),
            employee_cap_rate=dec(str(record["employee_cap_rate"])),
            min_hours_per_week=dec(str(record.get("min_hours_per_week") or "0")),
        )
        rate = health.employee_cap_rate
    elif basis == "suta_tax":
        # A share of the unemployment tax due: a rate of the same wages, set with the SUTA.
        basis, of_suta, rate = "wages", dec(str(record["rate"])), ZERO
    else:
        rate = _employer_rate(record)
    return Contribution(
        key=key or record["key"],
        label=label or record.get("label") or CONTRIBUTION_LABELS[record["key"]],
        rate=rate,
        lower=dec(str(record.get("lower") or "0")),
        upper=upper,
        source=_source(record),
        bands=_bands(record),
        basis=basis,
        status=record.get("employer_status") or "any",
        applies_from=record.get("applies_from"),
        premium=premium,
        health=health,
        of_suta=of_suta,
    )


def _employer_rate(record: dict) -> Decimal:
    """The employer's rate as the agency defines it: a rate of wages, or a total premium times
    the employer's share of it (their exact product: 1.13% x 28.57% is 0.322841%)."""
    if record.get("total_rate") is not None:
        return dec(str(record["total_rate"])) * dec(str(record["employer_share"]))
    return dec(str(record["rate"]))


def _bands(record: dict) -> tuple[SizeBand, ...]:
    bands = (
        SizeBand(
            employees_max=int(band["employees_max"]),
            rate=dec(str(band["employer_rate"])),
            rule=str(band["rule"]),
            average_wage_below=_opt(band.get("average_wage_below")),
            estimate=bool(band.get("estimate", False)),
            note=band.get("note"),
        )
        for band in record.get("size_bands") or []
    )
    return tuple(sorted(bands, key=lambda band: band.employees_max))


def _on_suta(contribution: Contribution, suta: Contribution) -> Contribution:
    """A share of the unemployment tax due as a rate of the same taxable wages."""
    if contribution.of_suta is None:
        return contribution
    return replace(contribution, rate=contribution.of_suta * suta.rate, lower=suta.lower, upper=suta.upper)


def _us_contributions(region: str, year: int) -> tuple[Contribution, ...]:
    """Federal taxes, the state unemployment tax at the new-employer rate, and the state's
    other programmes as a new employer pays them (size bands still open)."""
    federal = data_file("us_federal.yaml")["contributions"]
    states = data_file("us_states.yaml")
    result = []
    for key in ("social_security", "medicare", "futa"):
        record = _pick(federal, year, key=key)
        contribution = _contribution(record)
        if key == "futa":
            reduction = _pick(states.get("futa_credit_reduction") or [], year, region=region)
            if reduction is not None and int(reduction["year"]) == year:
                contribution = Contribution(
                    key="futa",
                    label=f"{contribution.label}, incl. {region} credit reduction",
                    rate=contribution.rate + dec(str(reduction["reduction"])),
                    lower=contribution.lower,
                    upper=contribution.upper,
                    source=_source(reduction),
                )
        result.append(contribution)
    suta = _pick(states["suta"], year, region=region) or _pick(states["suta"], year, region="DEFAULT")
    state_label = "State unemployment tax (SUTA)" if suta["region"] == region else "State unemployment tax (SUTA), national default"
    suta_contribution = _contribution(suta, key="suta", label=state_label)
    result.append(suta_contribution)
    result += [_on_suta(c, suta_contribution) for c in us_programmes(region, year) if c.status != "established"]
    return tuple(result)


@cache
def us_programmes(region: str, year: int) -> tuple[Contribution, ...]:
    """A state's programmes for a tax year, as the data states them."""
    records = data_file("us_states.yaml").get("programmes") or []
    return tuple(_contribution(r) for r in records if r["region"] == region and int(r["year"]) == year)


CLIENT_SUTA_LABEL = "State unemployment tax (SUTA), client-provided rate"


def for_employer(
    rates: RateSet,
    *,
    employees: int,
    average_wage: Decimal | None,
    suta_rate: Decimal | None = None,
    local: tuple[Contribution, ...] = (),
) -> RateSet:
    """The rates one employer pays: size bands settled for its headcount and average wage; its
    own unemployment rate if it gave one (an experience-rated, established employer: the
    new-employer assessments go, the established-only programmes come); its local taxes."""
    contributions = list(rates.contributions)
    if suta_rate is not None and rates.country == "US":
        contributions = [c for c in contributions if c.status != "new"]
        contributions += [c for c in us_programmes(rates.region, rates.year) if c.status == "established"]
        suta = next(c for c in contributions if c.key == "suta")
        source = Source(
            title=f"Client-provided: the client's own unemployment tax rate (client file, suta_rate); taxable wage base: {suta.source.title}",
            url=suta.source.url,
            year=suta.source.year,
            estimate=suta.source.estimate,
            note=f"The client's experience-rated rate replaces the new-employer rate. Wage base: {suta.source.note or suta.source.title}",
        )
        suta = replace(suta, rate=suta_rate, label=CLIENT_SUTA_LABEL, source=source)
        contributions = [suta if c.key == "suta" else _on_suta(c, suta) for c in contributions]
    resolved = (c.for_size(employees, average_wage) for c in [*contributions, *local])
    return replace(rates, contributions=tuple(c for c in resolved if c is not None))


def _ca_contributions(region: str, year: int) -> tuple[Contribution, ...]:
    records = data_file("canada.yaml")["contributions"]
    keys = ("qpp", "qpp2", "ei_qc", "qpip") if region == "QC" else ("cpp", "cpp2", "ei")
    result = []
    for key in keys:
        record = _pick(records, year, key=key)
        if record is None:
            continue
        # Quebec's lower EI rate is still EI: one stable key for the JSON.
        result.append(_contribution(record, key="ei" if key == "ei_qc" else key, label=CONTRIBUTION_LABELS[key]))
    return tuple(result)


def _ca_payroll_tax(region: str, year: int) -> PayrollTax | None:
    record = _pick(data_file("canada.yaml").get("health_tax") or [], year, region=region)
    if record is None or record.get("key") in (None, "none") or not record.get("brackets"):
        return None
    brackets = tuple(
        Bracket(
            _opt(b.get("up_to")),
            dec(str(b["rate"])),
            dec(str(b.get("over") or "0")),
            _opt(b.get("per_million")),
            None if b.get("rate_places") is None else int(b["rate_places"]),
        )
        for b in record["brackets"]
    )
    return PayrollTax(key="eht", label=record["label"], brackets=brackets, source=_source(record))


def _workers_comp(country: str, region: str, year: int) -> WorkersComp:
    if country == "US":
        table = data_file("us_workers_comp.yaml")
        records = table["workers_comp"]
        clerical = _pick(table.get("office_class") or [], year)
    else:
        records = data_file("canada.yaml")["workers_comp"]
        clerical = None
    record = _pick(records, year, region=region) or _pick(records, year, region="DEFAULT")
    return WorkersComp(
        rate_per_100=dec(str(record["rate_per_100"])),
        max_assessable=_opt(record.get("max_assessable")),
        source=_source(record),
        clerical_factor=dec(str(clerical["factor"])) if clerical else None,
        clerical_source=_source(clerical) if clerical else None,
    )


def _assumptions(country: str, year: int) -> tuple[Assumption, ...]:
    records = data_file("assumptions.yaml")[country]
    result = []
    # One record per key and year, or per key, health tier and year.
    for key, tier in dict.fromkeys((r["key"], r.get("tier")) for r in records):
        record = _pick(records, year, key=key, **({"tier": tier} if tier else {}))
        value = dec(str(record["value"]))
        result.append(
            Assumption(
                key=key,
                label=record["label"],
                basis=record["basis"],
                value=value,
                low=dec(str(record.get("low") or value)),
                high=dec(str(record.get("high") or value)),
                source=_source(record),
                tier=tier,
                label_given=record.get("label_given"),
            )
        )
    return tuple(result)
