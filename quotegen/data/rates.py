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
class Contribution:
    """A payroll contribution: rate x (min(wages, upper) - lower), never below zero."""

    key: str
    label: str
    rate: Decimal
    lower: Decimal
    upper: Decimal | None
    source: Source
    min_employees: int = 0  # some state programmes apply only from a company size

    def base(self, wages: Decimal) -> Decimal:
        """The part of the wages the rate applies to."""
        capped = wages if self.upper is None else min(wages, self.upper)
        return max(ZERO, capped - self.lower)

    def annual_max(self) -> Decimal | None:
        return None if self.upper is None else self.rate * (self.upper - self.lower)


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
    return Contribution(
        key=key or record["key"],
        label=label or record.get("label") or CONTRIBUTION_LABELS[record["key"]],
        rate=dec(str(record["rate"])),
        lower=dec(str(record.get("lower") or "0")),
        upper=_opt(record.get("upper", record.get("wage_base"))),
        source=_source(record),
        min_employees=int(record.get("min_employees") or 0),
    )


def _us_contributions(region: str, year: int) -> tuple[Contribution, ...]:
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
    result.append(_contribution(suta, key="suta", label=state_label))
    for record in states.get("programmes") or []:
        if record["region"] == region and int(record["year"]) == year:
            result.append(_contribution(record))
    return tuple(result)


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
