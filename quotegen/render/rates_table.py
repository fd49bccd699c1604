"""The rates a finance reviewer checks first: every programme the engine applies, by region and year.

`rate_tables` gathers them from the data (data/rates.py picks the rows in force on each day
of the year on which one changes, as pricing does for a proposal date); `as_text`, `as_json`
and `as_markdown` write them for `quotegen rates`. Rates are shown as percentages of their
base, exactly as stored; money in whole dollars unless it has cents.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quotegen.data import localities
from quotegen.data.rates import (
    Contribution,
    PayrollTax,
    Source,
    WorkersComp,
    carried_forward,
    change_dates,
    federal_contributions,
    local_tax_records,
    period,
    rate_set,
    row_source,
    tax_year,
    us_programmes,
)
from quotegen.data.tables import COUNTRY_NAMES, DEFAULT_CURRENCY, regions_of
from quotegen.money import dec

HUNDRED = Decimal(100)
LEVELS = {"US": "state", "CA": "province"}
FEDERAL = {"US": "US", "CA": "CA"}
IN_COUNTRY = {"US": "the United States", "CA": "Canada"}


class UnknownRegion(ValueError):
    """A REGION that names no state, province or country of the data."""


@dataclass(frozen=True, slots=True)
class RateRow:
    """One data row of a programme as the reviewer reads it; `detail` holds its rules as data."""

    level: str  # federal | state | province | local
    key: str
    label: str
    rate: Decimal | None  # of the base, as a fraction; None: set by payroll bracket
    rate_text: str
    base: str  # the wage base or cap, in words
    share: str  # the employer's share of a total premium, in words ("" when it pays the rate)
    rules: tuple[str, ...]  # who pays: size bands, employer status, places, brackets
    basis: str  # what the rate applies to
    source: Source
    detail: dict[str, Any]  # for JSON: lower, upper, total_rate, employer_share, bands, brackets

    def carried(self, year: int) -> bool:
        """Shown for a year after the row ended: its figures carried forward."""
        return self.source.valid_to is not None and self.source.valid_to < dt.date(year, 1, 1)


@dataclass(frozen=True, slots=True)
class RateTable:
    """The rows of one jurisdiction for a year: a country's federal programmes, or a region's own."""

    country: str
    region: str | None  # None: federal
    name: str
    currency: str
    year: int
    rates_year: int  # the data's tax year used (the last one, carried forward, past the data)
    rows: tuple[RateRow, ...]
    replaces: tuple[str, ...]  # the federal programmes this region charges differently or not at all


# -- which tables ---------------------------------------------------------------------------------


def resolve(argument: str | None) -> tuple[tuple[str, str | None], ...]:
    """(country, region) pairs for a REGION argument: a state or province code (TX, ON, QC,
    or US-CA for California), US or CA for the federal programmes only, None for everything.
    Raises UnknownRegion naming what it accepts."""
    if argument is None:
        return tuple((country, region) for country in ("US", "CA") for region in (None, *regions_of(country)))
    text = argument.strip().upper()
    if text in FEDERAL:
        return ((text, None),)
    country, _, code = text.rpartition("-")
    candidates = [c for c in ("US", "CA") if (not country or c == country) and code in regions_of(c)]
    if len(candidates) != 1:
        raise UnknownRegion(
            f"unknown region {argument!r}: give a state or province code (TX, ON, QC), US or CA for the "
            "federal programmes only, or US-CA for California"
        )
    return ((candidates[0], None), (candidates[0], code))


def rate_tables(pairs: Iterable[tuple[str, str | None]], year: int) -> tuple[RateTable, ...]:
    return tuple(_table(country, region, year) for country, region in pairs)


def _table(country: str, region: str | None, year: int) -> RateTable:
    days = change_dates(country, region, year)
    federal = _unique(c for day in days for c in federal_contributions(country, day))
    if region is None:
        rows = [_contribution_row(c, "federal") for c in federal]
        name, replaces = f"{COUNTRY_NAMES[country]}, federal", ()
    else:
        found: list[Contribution | PayrollTax | WorkersComp] = []
        replaced: list[str] = []
        for day in days:
            rates = rate_set(country, region, day)
            own = [c for c in rates.contributions if c not in federal]
            if country == "US":  # charged only with the client's own unemployment rate
                own += [c for c in us_programmes(region, rates.on) if c.status == "established"]
            found += [*own, *([rates.payroll_tax] if rates.payroll_tax else []), rates.workers_comp]
            replaced += [c.label for c in federal_contributions(country, rates.on) if c not in rates.contributions]
        level = LEVELS[country]
        rows = [_row(item, level) for item in _unique(found)]
        if country == "US":
            rows += [_local_row(record, region) for record in _local_records(region, year)]
        name, replaces = f"{regions_of(country)[region]['name']} ({region})", tuple(dict.fromkeys(replaced))
    return RateTable(
        country=country,
        region=region,
        name=name,
        currency=DEFAULT_CURRENCY[country],
        year=year,
        rates_year=tax_year(country, year),
        rows=tuple(_grouped(rows)),
        replaces=replaces,
    )


def _unique(items: Iterable) -> list:
    found: list = []
    for item in items:
        if item not in found:
            found.append(item)
    return found


def _grouped(rows: list[RateRow]) -> list[RateRow]:
    """Each programme's rows together, where it first appears, earliest first."""
    keys = dict.fromkeys((row.level, row.key) for row in rows)
    return [row for key in keys for row in sorted((r for r in rows if (r.level, r.key) == key), key=lambda r: r.source.valid_from or dt.date.min)]


def _local_records(region: str, year: int) -> list[dict]:
    """Each local tax's rows in force at some time in the year (past the data, its last one)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    records = local_tax_records(region)
    result = []
    for key in dict.fromkeys(r["key"] for r in records):
        rows = [r for r in records if r["key"] == key]
        overlapping = [r for r in rows if period(r)[0] <= last and (period(r)[1] is None or period(r)[1] >= first)]
        result += overlapping or [max(rows, key=lambda r: period(r)[0])]
    return result


# -- one row --------------------------------------------------------------------------------------


def pct(fraction: Decimal) -> str:
    """A fraction as an exact percentage: 0.00322841 is 0.322841%."""
    text = format((fraction * HUNDRED).normalize(), "f")
    return f"{text}%"


def money(amount: Decimal) -> str:
    return f"${amount:,.0f}" if amount == amount.to_integral_value() else f"${amount:,.2f}"


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _row(item: Contribution | PayrollTax | WorkersComp, level: str) -> RateRow:
    if isinstance(item, PayrollTax):
        return _payroll_tax_row(item, level)
    if isinstance(item, WorkersComp):
        return _workers_comp_row(item, level)
    return _contribution_row(item, level)


def _base(lower: Decimal, upper: Decimal | None) -> str:
    if upper is None:
        return f"wages above {money(lower)}, no cap" if lower else "all wages, no cap"
    return f"{money(lower)} to {money(upper)}" if lower else f"first {money(upper)}"


def _contribution_row(c: Contribution, level: str) -> RateRow:
    rules = []
    if c.status == "new":
        rules.append("new employers only (a client-provided unemployment rate leaves it out)")
    elif c.status == "established":
        rules.append("established employers only: charged with the client's own unemployment rate (suta_rate)")
        if c.applies_from:
            rules.append(f"applies from {c.applies_from}")
    for band in c.bands:
        wage = f" and an average wage under {money(band.average_wage_below)}" if band.average_wage_below is not None else ""
        rules.append(f"{band.employees_max} or fewer employees{wage}: {pct(band.rate)}" + (" (est.)" if band.estimate else ""))
    share = f"{pct(c.employer_share)} of {pct(c.total_rate)}" if c.total_rate is not None and c.employer_share is not None else ""
    rate_text, base, basis = pct(c.rate), _base(c.lower, c.upper), "wages"
    detail: dict[str, Any] = {"lower": _number(c.lower), "upper": _number(c.upper)}
    if c.basis == "hours":
        rate_text, base, basis = f"{money(c.rate)} per hour", "every hour worked", "hours worked"
    elif c.basis == "premium" and c.premium is not None:
        p = c.premium
        cap = f" up to {money(p.weekly_cap)} a week" if p.weekly_cap is not None else ""
        weekly = f", {money(p.employee_weekly_max)} a week" if p.employee_weekly_max is not None else ""
        basis = f"a carrier premium of {pct(p.rate)} of wages{cap}; the employee pays at most {pct(p.employee_rate)} of wages{weekly} and {pct(p.employee_share_max)} of the premium"
        share = "the premium less the employee's part"
        detail |= {"premium_rate": _number(p.rate), "weekly_wage_cap": _number(p.weekly_cap), "employee_rate": _number(p.employee_rate),
                   "employee_weekly_max": _number(p.employee_weekly_max), "employee_premium_share": _number(p.employee_share_max)}
    elif c.basis == "health" and c.health is not None:
        h = c.health
        rate_text, base = f"{money(h.employee_contribution)} a year", "per employee"
        basis = (f"the employee's usual premium share ({money(h.employee_contribution)} a year) above {pct(h.employee_cap_rate)} of wages, "
                 f"for employees working {_number(h.min_hours_per_week)} hours a week or more")
        detail |= {"employee_contribution": _number(h.employee_contribution), "employee_cap_rate": _number(h.employee_cap_rate),
                   "min_hours_per_week": _number(h.min_hours_per_week)}
    elif c.of_suta is not None:
        basis = f"{pct(c.of_suta)} of the unemployment tax due, as a rate of the same taxable wages (at the new-employer rate)"
        detail |= {"of_unemployment_tax": _number(c.of_suta)}
    elif c.lower:
        basis = f"wages above {money(c.lower)}"
    detail |= {
        "total_rate": _number(c.total_rate),
        "employer_share": _number(c.employer_share),
        "employer_status": c.status,
        "size_bands": [
            {"employees_max": b.employees_max, "average_wage_below": _number(b.average_wage_below), "rate": _number(b.rate), "rule": b.rule, "estimate": b.estimate}
            for b in c.bands
        ],
    }
    return RateRow(level, c.key, c.label, c.rate, rate_text, base, share, tuple(rules), basis, c.source, detail)


def _bracket_text(up_to: Decimal | None, rule: str, previous: Decimal | None) -> str:
    if up_to is None:
        return f"above {money(previous)}: {rule}" if previous is not None else rule
    return f"up to {money(up_to)}: {rule}"


def _payroll_tax_row(t: PayrollTax, level: str) -> RateRow:
    rules, brackets, previous = [], [], None
    for b in t.brackets:
        if b.per_million is not None:
            # rate_places counts decimals of the fraction: 4 places is a percentage to 2 decimals
            places = f", rounded to {b.rate_places - 2} decimals of a percent" if b.rate_places is not None else ""
            rule = f"{pct(b.rate)} + {pct(b.per_million)} x payroll in millions{places}, of the whole payroll"
        elif not b.rate:
            rule = "nothing"
        else:
            rule = f"{pct(b.rate)} of payroll above {money(b.over)}" if b.over else f"{pct(b.rate)} of the whole payroll"
        rules.append("payroll " + _bracket_text(b.up_to, rule, previous))
        brackets.append({"up_to": _number(b.up_to), "rate": _number(b.rate), "over": _number(b.over), "per_million": _number(b.per_million), "rate_places": b.rate_places})
        previous = b.up_to
    return RateRow(
        level, t.key, t.label, None, "by payroll bracket", "the whole annual payroll", "", tuple(rules),
        "the employer's whole payroll; a hire is charged its marginal cost (the tax with the role less the tax without it)",
        t.source, {"brackets": brackets},
    )


def _workers_comp_row(w: WorkersComp, level: str) -> RateRow:
    rules = []
    detail: dict[str, Any] = {"rate_per_100": _number(w.rate_per_100), "upper": _number(w.max_assessable), "clerical_factor": _number(w.clerical_factor)}
    if w.clerical_factor is not None and w.clerical_source is not None:
        estimate = " (est.)" if w.clerical_source.estimate else ""
        rules.append(f"clerical office work: x {_number(w.clerical_factor)} of the average{estimate}")
        detail |= {"clerical_source": w.clerical_source.title, "clerical_url": w.clerical_source.url}
    base = f"first {money(w.max_assessable)}" if w.max_assessable is not None else "all wages, no cap"
    return RateRow(
        level, "workers_comp", "Workers' compensation, average premium", w.rate_per_100 / HUNDRED,
        f"{_number(w.rate_per_100)} per $100", base, "", tuple(rules),
        "payroll, at the average premium of all industries (a role's own workers_comp_rate replaces it)", w.source, detail,
    )


def _local_row(record: dict, region: str) -> RateRow:
    key = str(record["key"])
    where = sorted({place.name + (" (part)" if place.partial else "") for place in localities.places(region).values() if key in place.taxes})
    rules = [f"work in {', '.join(where)} (client.locality)"]
    detail: dict[str, Any] = {"lower": "0", "upper": None, "places": where}
    if record.get("quarterly_payroll_brackets"):
        brackets, previous = [], None
        for b in record["quarterly_payroll_brackets"]:
            up_to, rate = (None if b.get("up_to") is None else dec(str(b["up_to"]))), dec(str(b["rate"]))
            rules.append("quarterly payroll " + _bracket_text(up_to, f"{pct(rate)} of the whole payroll" if rate else "nothing", previous))
            brackets.append({"up_to": _number(up_to), "rate": _number(rate)})
            previous = up_to
        detail["quarterly_payroll_brackets"] = brackets
        rate, rate_text = None, "by quarterly payroll"
    else:
        rate = dec(str(record["rate"]))
        rate_text = pct(rate)
    basis = "all wages for work done in the district, at the rate of the employer's quarterly payroll bracket" if rate is None else "all wages for work done in the district"
    return RateRow("local", key, str(record["label"]), rate, rate_text, "all wages, no cap", "", tuple(rules), basis, row_source(record), detail)


# -- output ---------------------------------------------------------------------------------------


def _in_force(row: RateRow, year: int) -> str:
    start, end = row.source.valid_from, row.source.valid_to
    start_text = start.isoformat() if start and start != dt.date.min else "always"
    text = f"{start_text} to {end.isoformat()}" if end else f"from {start_text}, until changed"
    return text + (", carried forward" if row.carried(year) else "")


def _projected(table: RateTable) -> str | None:
    """What stands in for a year the data does not hold, in a sentence."""
    year = carried_forward(table.country, dt.date(table.year, 1, 1))
    if year is not None:
        return f"The data holds no rates after {year}: the rows of {year} are carried forward, apart from changes already enacted."
    if table.rates_year > table.year:
        return f"The data holds no rates before {table.rates_year}: the rows of {table.rates_year} are shown."
    return None


def as_json(tables: tuple[RateTable, ...], year: int) -> str:
    """Every row with exact decimal strings and ISO dates."""
    data = {
        "year": year,
        "tables": [
            {
                "country": t.country,
                "region": t.region,
                "name": t.name,
                "currency": t.currency,
                "rates_year": t.rates_year,
                "projected": carried_forward(t.country, dt.date(year, 1, 1)) is not None,
                "replaces": list(t.replaces),
                "programmes": [
                    {
                        "key": row.key,
                        "label": row.label,
                        "level": row.level,
                        "rate": _number(row.rate),
                        "lower": None,
                        "upper": None,
                        **row.detail,
                        "rules": list(row.rules),
                        "basis": row.basis,
                        "valid_from": row.source.valid_from.isoformat() if row.source.valid_from and row.source.valid_from != dt.date.min else None,
                        "valid_to": row.source.valid_to.isoformat() if row.source.valid_to else None,
                        "carried_forward": row.carried(year),
                        "source": row.source.title,
                        "url": row.source.url,
                        "read": row.source.read.isoformat() if row.source.read else None,
                        "estimate": row.source.estimate,
                        "note": row.source.note,
                    }
                    for row in t.rows
                ],
            }
            for t in tables
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_text(tables: tuple[RateTable, ...], year: int) -> str:
    """A table for the terminal: one line per row, its rules, basis and source below it."""
    out = []
    for t in tables:
        out.append(f"{t.name}, {year} (amounts in {t.currency})")
        if (projected := _projected(t)) is not None:
            out.append(f"  {projected}")
        if t.replaces:
            out.append(f"  In place of the federal: {'; '.join(t.replaces)}")
        out.append(f"  {'Programme':<46}{'Rate':>16}  {'Base':<26}  {'In force':<38}  Est.")
        for row in t.rows:
            label = row.label
            if len(label) > 45:  # a long name on a line of its own, the figures under it
                out.append(f"  {label}")
                label = ""
            estimate = "est." if row.source.estimate else ""
            out.append(f"  {label:<46}{row.rate_text:>16}  {row.base:<26}  {_in_force(row, year):<38}  {estimate}".rstrip())
            if row.share:
                out.append(f"      employer share: {row.share}")
            for rule in row.rules:
                out.append(f"      {rule}")
            out.append(f"      basis: {row.basis}")
            read = f" (read {row.source.read.isoformat()})" if row.source.read else ""
            out.append(f"      source: {row.source.title}{read}" + (f" {row.source.url}" if row.source.url else ""))
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(tables: tuple[RateTable, ...], year: int, command: str) -> str:
    """A document per country: its federal programmes, then each region's own."""
    out: list[str] = []
    for country in dict.fromkeys(t.country for t in tables):
        if out:
            out.append("")
        out += [
            f"# Employer rates in {IN_COUNTRY[country]}, {year}",
            "",
            f"Generated by `{command}`; do not edit by hand. Every programme quotegen charges an in-house hire, "
            f"with the employer's rate, the wages it applies to, who pays it, the days the row is in force, its source "
            f"and the date the source was read; est. marks an estimate (no primary source states the figure itself). "
            f"Amounts in {DEFAULT_CURRENCY[country]}.",
        ]
        for t in (t for t in tables if t.country == country):
            out += ["", f"## {t.name}", ""]
            if (projected := _projected(t)) is not None:
                out += [projected, ""]
            if t.replaces:
                out += [f"In place of the federal: {'; '.join(t.replaces)}.", ""]
            out += [
                "| Programme | Rate | Base | Employer share | Who pays, size rules | Basis | In force | Source | Read | Est. |",
                "|---|---|---|---|---|---|---|---|---|---|",
            ]
            for row in t.rows:
                source = f"[{_cell(row.source.title)}]({row.source.url})" if row.source.url else _cell(row.source.title)
                cells = (
                    row.label, row.rate_text, row.base, row.share, "; ".join(row.rules) or "all employers", row.basis, _in_force(row, year),
                )
                read = row.source.read.isoformat() if row.source.read else ""
                out.append("| " + " | ".join(map(_cell, cells)) + f" | {source} | {read} | {'est.' if row.source.estimate else ''} |")
    return "\n".join(out) + "\n"
