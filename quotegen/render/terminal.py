"""A quote as plain terminal text: the breakdown for a quick answer on a sales call.

One language throughout: English words and English formats of the client's country (en_CA,
en_US), whatever the client's locale; the client's language is for the documents.
"""

from __future__ import annotations

from quotegen.render.formatting import english
from quotegen.engine.quote import Quote
from quotegen.engine.assemble import MODEL_LABELS

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
        out.append(_row(f"Year {row.year}", fmt.money(row.in_house), fmt.money(row.proposed), fmt.money(row.cumulative_savings)))
    if quote.tco.break_even_month:
        out.append(f"  Break-even: month {quote.tco.break_even_month}")
    else:
        out.append("  Break-even: not within this period")
    return "\n".join(out) + "\n"
