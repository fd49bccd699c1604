"""Rates: the sourced, dated parameters of employer cost, picked for a place and a date.

Every number comes from a data file in quotegen/data with its source, year and whether it
is an estimate; this module only selects records. Its one figure of its own is
HOURS_PER_YEAR, the full-time year (52 weeks of 40 hours) used where the data gives no
hours worked.

Every row is in force from `valid_from` to `valid_to` (by default its `year`, 1 January to
31 December; `valid_to: null` means until changed). The row picked is the one in force on
the date asked for. Past a record's last row, that row is carried forward (the data has not
caught up), unless the row says `ends: true` (the programme is repealed at its valid_to).
"""

from __future__ import annotations

import datetime as dt
import re
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
class SourceBasis:
    """How we derived a figure, in our own words, in each language a document is printed in."""

    en: str
    fr: str


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure comes from: publisher and title, address, year, and its standing; for a
    data row, the days it is in force (valid_to None: until changed) and when it was read.

    `title` names the document as its publisher does (often English only); `title_fr` is its
    French title when the document itself is French or bilingual, or the title is ours, and
    `url_fr` the French page's address where it differs from `url`.
    `basis` says how the figure was derived (printed with it); `note` is the maintainers'
    English note on the data, never printed in a document."""

    title: str
    url: str | None
    year: int
    estimate: bool
    note: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    read: dt.date | None = None
    title_fr: str | None = None
    basis: SourceBasis | None = None
    url_fr: str | None = None

    @property
    def domain(self) -> str | None:
        """The site a reader sees in place of the whole address (canada.ca); the link keeps it."""
        return _site(self.url)

    @property
    def domain_fr(self) -> str | None:
        """The site of the French page (a French document links to `url_fr` when there is one)."""
        return _site(self.url_fr or self.url)


def _site(url: str | None) -> str | None:
    if not url:
        return None
    return url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].removeprefix("www.")


def _date(value: Any) -> dt.date:
    """A date from the data: YAML reads an unquoted one as a date, a quoted one as text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def period(record: dict[str, Any]) -> tuple[dt.date, dt.date | None]:
    """The days a data row is in force: its own valid_from/valid_to, else its year."""
    year = int(record.get("year") or 0)
    if record.get("valid_from"):
        start = _date(record["valid_from"])
    else:
        start = dt.date(year, 1, 1) if year else dt.date.min  # a record of no year: always
    if "valid_to" in record:
        return start, None if record["valid_to"] is None else _date(record["valid_to"])
    return start, dt.date(year, 12, 31) if year else None


def row_source(record: dict[str, Any]) -> Source:
    """A data row's source, standing, days in force and read date."""
    valid_from, valid_to = period(record)
    return Source(
        title=str(record["source"]).strip(),
        url=record.get("url"),
        year=int(record.get("source_year") or record.get("year") or 0),  # the document's year, where it differs from the row's
        estimate=bool(record.get("estimate", False)),
        note=record.get("note"),
        valid_from=valid_from,
        valid_to=valid_to,
        read=_date(record["read"]) if record.get("read") else None,
        title_fr=str(record["source_fr"]).strip() if record.get("source_fr") else None,
        basis=_basis(record.get("source_basis")),
        url_fr=record.get("url_fr"),
    )


def _basis(value: Any) -> SourceBasis | None:
    """A record's source_basis (checked for both languages when its file is read: tables.py)."""
    if not value:
        return None
    return SourceBasis(en=" ".join(str(value["en"]).split()), fr=french_spacing(" ".join(str(value["fr"]).split())))


_BEFORE_PUNCTUATION = re.compile(r" ([:;?!%»])")
_IN_AMOUNT = re.compile(r"(?<=\d) (?=\d{3}(?!\d)|\$)|(?<=\$) (?=US\b)")  # 1 500 $ US


def french_spacing(text: str) -> str:
    """French typography: a no-break space before : ; ? ! % and », after «, and inside an amount
    (1 500 $ US), so no sign or part of a figure starts a line (the data has plain spaces)."""
    text = _BEFORE_PUNCTUATION.sub("\u00a0\\1", text).replace("« ", "«\u00a0")
    return _IN_AMOUNT.sub("\u00a0", text)


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
    total_rate: Decimal | None = None  # an agency's total premium, of which the employer pays employer_share
    employer_share: Decimal | None = None

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
    not_for: frozenset[str] = frozenset()  # role families it is not charged to (office overhead for on-site work)

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
    # The state insures workers' compensation only through its own fund and no rate of it is
    # held, so the national median stands in (data: us_workers_comp.yaml state_funds).
    state_fund_median: bool = False


@dataclass(frozen=True)
class RateSet:
    """All employer-cost parameters for one region, as in force on one date of a tax year."""

    country: str
    region: str
    year: int
    requested_year: int
    on: dt.date  # the rows in force on this date were picked
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


def tax_year(country: str, year: int) -> int:
    """The tax year whose statutory data prices a year: itself, else the nearest one held."""
    return _nearest(set(statutory_years(country)), year)


def last_year(country: str) -> int:
    """The last tax year the statutory data of a country covers: later years are projected."""
    return max(statutory_years(country))


def carried_forward(country: str, on: dt.date) -> int | None:
    """The tax year whose rates stand in for a date past the data (projected), else None."""
    last = last_year(country)
    return last if on.year > last else None


@cache
def rate_set(country: str, region: str, on: dt.date | int) -> RateSet:
    """Pick every parameter for a region in force on a date (a year: its 1 January).

    The tax year is the nearest one the data holds. Before the data, the rows of its first
    day are used; past it, each record's last row is carried forward, and rows the data
    already holds for later dates (legislated changes) are used."""
    if isinstance(on, int):
        on = dt.date(on, 1, 1)
    years = statutory_years(country)
    requested_year = on.year
    year = tax_year(country, requested_year)
    on = max(on, dt.date(min(years), 1, 1))
    assumptions = _assumptions(country, year)
    if country == "US":
        contributions = _us_contributions(region, on)
        payroll_tax = None
    else:
        contributions = _ca_contributions(region, on)
        payroll_tax = _ca_payroll_tax(region, on)
    return RateSet(
        country=country,
        region=region,
        year=year,
        requested_year=requested_year,
        on=on,
        contributions=contributions,
        payroll_tax=payroll_tax,
        workers_comp=_workers_comp(country, region, on),
        assumptions=tuple(a for a in assumptions if a.basis not in ("hours", "growth")),
        hours_worked=next((a for a in assumptions if a.basis == "hours"), None),
        salary_growth=next((a for a in assumptions if a.basis == "growth"), None),
    )


def in_force(rows: list[dict], on: dt.date, *, before: bool = True) -> dict | None:
    """The row in force on a date. Past it, the last row that started is carried forward
    (unless it `ends`); before every row, the first one, or None with before=False (a
    programme not yet in force)."""
    ordered = sorted(rows, key=lambda r: period(r)[0])
    started = [r for r in ordered if period(r)[0] <= on]
    if not started:
        return ordered[0] if before and ordered else None
    row = started[-1]
    end = period(row)[1]
    if end is not None and end < on and row.get("ends"):
        return None  # repealed: nothing carries forward
    return row


def _pick(records: list[dict], on: dt.date, **match: str) -> dict | None:
    """The record matching `match` in force on a date, else its nearest row."""
    candidates = [r for r in records if all(str(r.get(k)) == v for k, v in match.items())]
    return in_force(candidates, on) if candidates else None


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
        source=row_source(record),
        bands=_bands(record),
        basis=basis,
        status=record.get("employer_status") or "any",
        applies_from=record.get("applies_from"),
        premium=premium,
        health=health,
        of_suta=of_suta,
        total_rate=_opt(record.get("total_rate")),
        employer_share=_opt(record.get("employer_share")) if record.get("total_rate") is not None else None,
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


def _us_contributions(region: str, on: dt.date) -> tuple[Contribution, ...]:
    """Federal taxes, the state unemployment tax at the new-employer rate, and the state's
    other programmes as a new employer pays them (size bands still open)."""
    federal = data_file("us_federal.yaml")["contributions"]
    states = data_file("us_states.yaml")
    result = []
    for key in ("social_security", "medicare", "futa"):
        record = _pick(federal, on, key=key)
        contribution = _contribution(record)
        if key == "futa":
            # A credit reduction is set for one year: in force, or carried forward past the data.
            reduction = in_force([r for r in states.get("futa_credit_reduction") or [] if r["region"] == region], on, before=False)
            if reduction is not None:
                contribution = Contribution(
                    key="futa",
                    label=f"{contribution.label}, incl. {region} credit reduction",
                    rate=contribution.rate + dec(str(reduction["reduction"])),
                    lower=contribution.lower,
                    upper=contribution.upper,
                    source=row_source(reduction),
                )
        result.append(contribution)
    suta = _pick(states["suta"], on, region=region) or _pick(states["suta"], on, region="DEFAULT")
    state_label = "State unemployment tax (SUTA)" if suta["region"] == region else "State unemployment tax (SUTA), national default"
    suta_contribution = _contribution(suta, key="suta", label=state_label)
    result.append(suta_contribution)
    result += [_on_suta(c, suta_contribution) for c in us_programmes(region, on) if c.status != "established"]
    return tuple(result)


@cache
def us_programmes(region: str, on: dt.date) -> tuple[Contribution, ...]:
    """A state's programmes in force on a date, as the data states them (one not yet in force
    is left out; past the data, each one's last row is carried forward unless it ends)."""
    records = [r for r in data_file("us_states.yaml").get("programmes") or [] if r["region"] == region]
    keys = dict.fromkeys(r["key"] for r in records)
    picked = (in_force([r for r in records if r["key"] == key], on, before=False) for key in keys)
    return tuple(_contribution(r) for r in picked if r is not None)


def federal_contributions(country: str, on: dt.date) -> tuple[Contribution, ...]:
    """The federal contributions in force on a date, as charged where no state or province
    changes them (Canada: outside Quebec; the US: FUTA without a credit reduction)."""
    if country == "US":
        federal = data_file("us_federal.yaml")["contributions"]
        return tuple(_contribution(_pick(federal, on, key=key)) for key in ("social_security", "medicare", "futa"))
    return _ca_contributions("", on)


def change_dates(country: str, region: str | None, year: int) -> tuple[dt.date, ...]:
    """1 January of a year and every later day in it on which a row of the region (or, with
    None, of the federal data) starts or follows one that ended: the days the rates change."""
    if country == "US":
        records = list(data_file("us_federal.yaml")["contributions"])
        if region is not None:
            states, local = data_file("us_states.yaml"), data_file("us_local.yaml")
            records += [r for r in states["suta"] if r["region"] in (region, "DEFAULT")]
            for section in (states.get("programmes"), states.get("futa_credit_reduction"), local.get("taxes")):
                records += [r for r in section or [] if r["region"] == region]
            records += [r for r in data_file("us_workers_comp.yaml")["workers_comp"] if r["region"] in (region, "DEFAULT")]
    else:
        table = data_file("canada.yaml")
        records = list(table["contributions"])
        if region is not None:
            records += [r for r in (table.get("health_tax") or []) + table["workers_comp"] if r["region"] == region]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = {first}
    for record in records:
        start, end = period(record)
        days |= {day for day in (start, end and end + dt.timedelta(days=1)) if day is not None and first < day <= last}
    return tuple(sorted(days))


def local_tax_records(region: str) -> tuple[dict, ...]:
    """A state's local payroll tax rows as the data states them (data/us_local.yaml)."""
    return tuple(r for r in data_file("us_local.yaml").get("taxes") or [] if r["region"] == region)


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
        contributions += [c for c in us_programmes(rates.region, rates.on) if c.status == "established"]
        suta = next(c for c in contributions if c.key == "suta")
        # The document is the wage base's (its title as published); the rate is the client's, said in our words.
        given = SourceBasis(
            en="The rate is the client's own unemployment tax rate, as the client provided it; the taxable wage base is the state's.",
            fr=french_spacing("Le taux est le propre taux d'impôt sur le chômage du client, tel qu'il l'a fourni ; l'assiette salariale imposable est celle de l'État."),
        )
        base = suta.source.basis
        source = replace(
            suta.source,
            note=f"The client's experience-rated rate replaces the new-employer rate. Wage base: {suta.source.note or suta.source.title}",
            basis=SourceBasis(en=f"{given.en} {base.en}", fr=f"{given.fr} {base.fr}") if base else given,
        )
        suta = replace(suta, rate=suta_rate, label=CLIENT_SUTA_LABEL, source=source)
        contributions = [suta if c.key == "suta" else _on_suta(c, suta) for c in contributions]
    resolved = (c.for_size(employees, average_wage) for c in [*contributions, *local])
    return replace(rates, contributions=tuple(c for c in resolved if c is not None))


def _ca_contributions(region: str, on: dt.date) -> tuple[Contribution, ...]:
    records = data_file("canada.yaml")["contributions"]
    keys = ("qpp", "qpp2", "ei_qc", "qpip") if region == "QC" else ("cpp", "cpp2", "ei")
    result = []
    for key in keys:
        record = _pick(records, on, key=key)
        if record is None:
            continue
        # Quebec's lower EI rate is still EI: one stable key for the JSON.
        result.append(_contribution(record, key="ei" if key == "ei_qc" else key, label=CONTRIBUTION_LABELS[key]))
    return tuple(result)


def _ca_payroll_tax(region: str, on: dt.date) -> PayrollTax | None:
    record = _pick(data_file("canada.yaml").get("health_tax") or [], on, region=region)
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
    return PayrollTax(key="eht", label=record["label"], brackets=brackets, source=row_source(record))


def _workers_comp(country: str, region: str, on: dt.date) -> WorkersComp:
    state_funds: list[str] = []
    if country == "US":
        table = data_file("us_workers_comp.yaml")
        records = table["workers_comp"]
        clerical = _pick(table.get("office_class") or [], on)
        state_funds = [code for record in table.get("state_funds") or [] for code in record["regions"]]
    else:
        records = data_file("canada.yaml")["workers_comp"]
        clerical = None
    own = _pick(records, on, region=region)
    record = own or _pick(records, on, region="DEFAULT")
    return WorkersComp(
        rate_per_100=dec(str(record["rate_per_100"])),
        max_assessable=_opt(record.get("max_assessable")),
        source=row_source(record),
        clerical_factor=dec(str(clerical["factor"])) if clerical else None,
        clerical_source=row_source(clerical) if clerical else None,
        state_fund_median=own is None and region in state_funds,
    )


def _assumptions(country: str, year: int) -> tuple[Assumption, ...]:
    records = data_file("assumptions.yaml")[country]
    result = []
    # One record per key and year, or per key, health tier and year.
    for key, tier in dict.fromkeys((r["key"], r.get("tier")) for r in records):
        # Averages of a survey year, not rates in force: the nearest year's figure.
        record = _pick(records, dt.date(year, 1, 1), key=key, **({"tier": tier} if tier else {}))
        value = dec(str(record["value"]))
        result.append(
            Assumption(
                key=key,
                label=record["label"],
                basis=record["basis"],
                value=value,
                low=dec(str(record.get("low") or value)),
                high=dec(str(record.get("high") or value)),
                source=row_source(record),
                tier=tier,
                label_given=record.get("label_given"),
                not_for=frozenset(record.get("not_for") or ()),
            )
        )
    return tuple(result)
