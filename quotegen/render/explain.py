"""The selection engine's reasoning as terminal text (`quotegen explain`).

One language throughout, as `quotegen price`: English words and English formats of the
client's country (en_CA, en_US), whatever the client's locale.
"""

from __future__ import annotations

from quotegen.engine.delivery import BUSINESS_DAY
from quotegen.render.formatting import Formatter, english
from quotegen.engine.quote import Quote, RoleQuote
from quotegen.engine.assemble import MODEL_LABELS


def explain_text(quote: Quote, role_title: str | None = None) -> str:
    """Every role's facts, the centres and shifts weighed, the options that constraints and
    provider limits removed (and which limit), the cost ranking of the rest over the horizon,
    and why the choice won: the lowest cost, or the need a cheaper option fails."""
    fmt = english(quote.client.country, quote.currency)
    roles = [r for r in quote.roles if role_title is None or r.title.casefold() == role_title.casefold()]
    out = [f"{quote.client.name} ({quote.client.region_name}): {len(quote.roles)} roles, {quote.number}", ""]
    for role in roles:
        out.extend(_role(role, quote, fmt))
        out.append("")
    return "\n".join(out)


def _role(role: RoleQuote, quote: Quote, fmt: Formatter) -> list[str]:
    rec = role.recommendation
    if role.duration_months:
        duration = f"{role.duration_months} months"
    else:
        duration = "one-off" if role.work == "task" else "ongoing"
    lines = [
        role.title,
        f"  facts: {role.work} work, {duration}, {fmt.number(role.hours_per_week)} h/week, {role.headcount} head(s), "
        f"{role.family_label.lower()} ({role.seniority})"
        + (", on site" if role.on_site else "")
        + (", licensed" if role.licensed else "")
        + (", must stay onshore" if role.onshore_only else "")
        + (f", chosen worker in {fmt.country(role.named_worker_country)}" if role.named_worker_country else ""),
        f"  needs: {fmt.number(role.overlap_needed, 1).rstrip('0').rstrip('.')} h overlap with "
        f"{BUSINESS_DAY[0]}:00-{BUSINESS_DAY[1]}:00 {quote.client.region_name} time; languages {', '.join(map(fmt.language, role.languages))}",
        f"  in-house cost: {fmt.money(role.in_house.annual)} a year",
        "  centres and shifts:",
    ]
    centres = [line[len("centre "):] for line in rec.trace if line.startswith("centre ")]
    removed = [line for line in rec.trace if ": removed by " in line]
    chosen = [line[len("chosen: "):] for line in rec.trace if line.startswith("chosen: ")]
    ranked = [line for line in rec.trace if line not in removed and not line.startswith(("centre ", "chosen: "))]
    lines += [f"    {line}" for line in centres] or ["    none: the work is not delivered from a centre"]
    # Constraints first: what they remove is never compared on cost.
    lines.append("  removed by constraints and provider limits:")
    lines += [f"    {line}" for line in removed] or ["    none"]
    lines.append(f"  cost over {len(quote.tco.years)} year{'s' if len(quote.tco.years) != 1 else ''} of the feasible options, cheapest first:")
    lines += [f"    {line}" for line in ranked]
    lines += [f"  why: {line}" for line in chosen]
    where = f", {rec.location}" if rec.location else ""
    price = "priced on request" if role.priced_on_request else f"{fmt.money(role.proposed.annual)} a year"
    lines.append(f"  recommended: {MODEL_LABELS[rec.model]}{where}, {price}")
    lines += [f"    + {fmt.phrase(reason)}" for reason in rec.reasons]
    lines += [f"    - {fmt.phrase(caution)}" for caution in rec.cautions]
    for alt in rec.alternatives:
        alt_price = "on request" if alt.annual is None else fmt.money(alt.annual)
        summary = f": {fmt.phrase(alt.summary)}" if alt.summary is not None else ""
        lines.append(f"  runner-up: {MODEL_LABELS[alt.model]} ({alt_price}){summary}")
    return lines
