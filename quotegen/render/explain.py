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
    """Every role's facts, the centres and shifts weighed, every option's points, the choice."""
    fmt = english(quote.client.country, quote.currency)
    roles = [r for r in quote.roles if role_title is None or r.title.casefold() == role_title.casefold()]
    out = [f"{quote.client.name} ({quote.client.region_name}): {len(quote.roles)} roles, {quote.number}", ""]
    for role in roles:
        out.extend(_role(role, quote, fmt))
        out.append("")
    return "\n".join(out)


def _role(role: RoleQuote, quote: Quote, fmt: Formatter) -> list[str]:
    rec = role.recommendation
    duration = f"{role.duration_months} months" if role.duration_months else "ongoing"
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
    lines += [f"    {line[len('centre '):]}" for line in rec.trace if line.startswith("centre ")]
    lines.append("  options, best first (points):")
    lines += [f"    {line}" for line in rec.trace if not line.startswith("centre ")]
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
