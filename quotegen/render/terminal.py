"""A quote as plain terminal output: the breakdown for a quick answer on a sales call, or
its cost lines as JSON or CSV for a spreadsheet.

One language throughout: English words and English formats of the client's country (en_CA,
en_US), whatever the client's locale; the client's language is for the documents. JSON and
CSV follow the JSON export (render/json_export.py): money and rates as exact decimal text.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from quotegen.render.formatting import english
from quotegen.render.json_export import quote_to_dict
from quotegen.engine.quote import Quote
from quotegen.engine.assemble import MODEL_LABELS
from quotegen.engine.tco import projection

WIDTH = 92


def _row(label: str, *amounts: str, indent: int = 2) -> str:
    label_width = WIDTH - indent - 16 * len(amounts)
    if len(label) > label_width:
        label = label[: label_width - 1] + "…"
    return " " * indent + label.ljust(label_width) + "".join(a.rjust(16) for a in amounts)


def quote_table(quote: Quote) -> str:
    """The per-role breakdown, the totals, the multi-year view and the sensitivity range."""
    fmt = english(quote.client.country, quote.currency)
    out = [
        f"{quote.client.name} · {quote.number} · {fmt.short_date(quote.date)} · {quote.client.region_name}, tax year {quote.tax_year}",
        f"Amounts in {quote.currency}, {'salaries only' if quote.cost_basis == 'salary_only' else 'fully loaded'}",
        "",
    ]
    for role in quote.roles:
        heads = f"{role.headcount} head{'s' if role.headcount != 1 else ''}"
        out.append(f"{role.title} ({heads}) -> {MODEL_LABELS[role.recommendation.model]}")
        out.append(_row("", "per head", "all heads"))
        for line in role.in_house.lines:
            estimate = " (est.)" if line.source and line.source.estimate else ""
            out.append(_row(fmt.phrase(line.label_phrase) + estimate, fmt.money(line.per_head), fmt.money(line.annual), indent=4))
        out.append(_row("In-house total", fmt.money(role.in_house.per_head), fmt.money(role.in_house.annual)))
        if role.recommendation.model != "in_house":
            for line in role.proposed.lines:
                out.append(_row(fmt.phrase(line.label_phrase), fmt.money(line.per_head), fmt.money(line.annual), indent=4))
            out.append(_row("Proposed total", fmt.money(role.proposed.per_head), fmt.money(role.proposed.annual)))
        out.append(_row("Saving", "", fmt.money(role.savings_annual)))
        out.append("")
    totals = quote.totals
    out.append("Totals")
    out.append(_row("In-house", fmt.money(totals.in_house_annual)))
    out.append(_row("Proposed", fmt.money(totals.proposed_annual)))
    out.append(_row(f"Saving ({fmt.pct(totals.savings_pct)})", fmt.money(totals.savings_annual)))
    if quote.sensitivity.varies:
        out.append(_row("Saving, low to high assumptions", fmt.money(quote.sensitivity.low_savings), fmt.money(quote.sensitivity.high_savings)))
    out.append("")
    out.append(f"Over {len(quote.tco.years)} years")
    out.append(_row("", "in-house", "proposed", "cumulative"))
    for row in quote.tco.years:
        label = f"Year {row.year}" + (" (projected)" if row.projected else "")
        out.append(_row(label, fmt.money(row.in_house), fmt.money(row.proposed), fmt.money(row.cumulative_savings)))
    projected = projection(quote.tco)
    if projected is not None:
        years = f"year {projected.first}" if projected.first == projected.last else f"years {projected.first}-{projected.last}"
        out.append(f"  Projected ({years}): rates of {projected.rates_year} carried forward, apart from changes already enacted")
    if quote.tco.break_even_month:
        out.append(f"  Break-even: month {quote.tco.break_even_month}")
    else:
        out.append("  Break-even: not within this period")
    out += ["", _rates_as_of(quote, fmt)]
    return "\n".join(out) + "\n"


def _rates_as_of(quote: Quote, fmt) -> str:
    read = f"; sources read up to {fmt.short_date(quote.sources_read)}" if quote.sources_read else ""
    return f"Rates as of {fmt.short_date(quote.rates_as_of)}, the proposal date{read}"


CSV_HEADER = ("role", "option", "key", "label", "per_head", "annual", "rate", "base", "source")


def _sides(role: dict[str, Any]) -> tuple[tuple[str, dict[str, Any]], ...]:
    """A role's two breakdowns as the table compares them: in-house, then proposed."""
    return (("in_house", role["in_house"]), ("proposed", role["proposed"]))


def quote_lines_json(quote: Quote) -> str:
    """Each role's cost lines, in-house and proposed, with the totals: exact decimal strings."""
    data = quote_to_dict(quote)
    roles = [
        {
            "title": role["title"],
            "headcount": role["headcount"],
            "model": role["recommendation"]["model"],
            **{side: breakdown for side, breakdown in _sides(role)},
            "savings_annual": role["savings_annual"],
        }
        for role in data["roles"]
    ]
    keys = ("quote_number", "date", "currency", "cost_basis", "tax_year", "rates_as_of")
    summary = {key: data[key] for key in keys} | {"roles": roles, "totals": data["totals"]}
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def quote_lines_csv(quote: Quote) -> str:
    """One row per cost line: the role, in_house or proposed, and the line's exact figures."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for role in quote_to_dict(quote)["roles"]:
        for side, breakdown in _sides(role):
            for line in breakdown["lines"]:
                writer.writerow((role["title"], side, line["key"], line["label"], line["per_head"], line["annual"], line["rate"], line["base"], line["source"]))
    return out.getvalue()
