"""The quote as JSON: every figure of the proposal, money as exact decimal strings.

Its language policy: every sentence (labels, reasons, notes) is plain English whatever the
client's locale, with values a program can read back: money "2400000.00 CAD", rates "58%",
numbers "1.3698", dates ISO "2024-12-31", countries and languages by their English names.
The client's locale is recorded in `locale`, for whoever renders the figures for people.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from quotegen import __version__
from quotegen.engine.phrases import Plain
from quotegen.render.formatting import plain
from quotegen.engine.lines import Breakdown, CostLine
from quotegen.engine.quote import Change, Quote, RoleQuote
from quotegen.data.rates import Source
from quotegen.engine.tco import Sensitivity

SCHEMA_VERSION = 1


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _number(value: Decimal | None) -> str | None:
    """A rate or quantity as plain text: at most 8 decimals, no trailing zeros."""
    if value is None:
        return None
    text = format(value.quantize(Decimal("1e-8")).normalize(), "f")
    return text


def _source(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"title": source.title, "url": source.url, "year": source.year, "estimate": source.estimate}


def _line(line: CostLine, fmt: Plain) -> dict[str, Any]:
    return {
        "key": line.key,
        "label": line.label_phrase.render(fmt),
        "per_head": _money(line.per_head),
        "annual": _money(line.annual),
        "rate": _number(line.rate),
        "base": _number(line.base),
        "unit": line.unit,
        "source": line.source.title if line.source else None,
        "url": line.source.url if line.source else None,
        "year": line.source.year if line.source else None,
        "estimate": line.source.estimate if line.source else None,
    }


def _breakdown(breakdown: Breakdown | None, fmt: Plain) -> dict[str, Any] | None:
    if breakdown is None:
        return None
    return {
        "model": breakdown.model,
        "annual": _money(breakdown.annual),
        "per_head": _money(breakdown.per_head),
        "lines": [_line(line, fmt) for line in breakdown.lines],
    }


def _role(role: RoleQuote, fmt: Plain) -> dict[str, Any]:
    rec = role.recommendation
    return {
        "title": role.title,
        "family": role.family,
        "seniority": role.seniority,
        "headcount": role.headcount,
        "hours_per_week": _number(role.hours_per_week),
        "salary": _money(role.salary),
        "in_house": _breakdown(role.in_house, fmt),
        "staff_leasing": _breakdown(role.leasing, fmt),
        "proposed": _breakdown(role.proposed, fmt),
        "savings_annual": _money(role.savings_annual),
        "savings_pct": f"{role.savings_pct:.1f}",
        "recommendation": {
            "model": rec.model,
            "location": rec.location,
            "centre": rec.centre,
            "shift": rec.shift,
            "provider": rec.provider_name,
            "priced_on_request": role.priced_on_request,
            "reasons": [r.render(fmt) for r in rec.reasons],
            "cautions": [r.render(fmt) for r in rec.cautions],
            "alternatives": [
                {"model": alt.model, "annual": _money(alt.annual), "reasons": [r.render(fmt) for r in alt.reasons]}
                for alt in rec.alternatives
            ],
            "trace": list(rec.trace),
        },
    }


def _change(change: Change, fmt: Plain) -> dict[str, Any]:
    """One line of the redline: money as plain decimals, a headcount as a number, a model by its key."""

    def value(figure):
        return _money(figure) if change.kind == "money" and figure is not None else figure

    return {"field": change.field, "label": change.label.render(fmt), "before": value(change.before), "after": value(change.after)}


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    """The full priced quote as plain JSON-ready data."""
    fmt = plain(quote.currency)
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"quotegen {__version__}",
        "quote_number": quote.number,
        "date": quote.date.isoformat(),
        "valid_until": quote.valid_until.isoformat(),
        "revision": quote.revision,
        "prepared_by": quote.prepared_by,
        "client": {
            "name": quote.client.name,
            "country": quote.client.country,
            "region": quote.client.region,
        },
        "currency": quote.currency,
        "locale": quote.locale,
        "cost_basis": quote.cost_basis,
        "tax_year": quote.tax_year,
        # Rates in force on the proposal date; the newest date a source behind them was read.
        "rates_as_of": {
            "date": quote.rates_as_of.isoformat(),
            "sources_read": quote.sources_read.isoformat() if quote.sources_read else None,
        },
        "roles": [_role(role, fmt) for role in quote.roles],
        "totals": {
            "in_house_annual": _money(quote.totals.in_house_annual),
            "proposed_annual": _money(quote.totals.proposed_annual),
            "savings_annual": _money(quote.totals.savings_annual),
            "savings_monthly": _money(quote.totals.savings_monthly),
            "savings_pct": f"{quote.totals.savings_pct:.1f}",
        },
        "models": dict(quote.models_used),
        "multisourcing": quote.multisourcing,
        # Only when the ledger holds revision N-1: [] then means that no figure changed.
        **({"changes": [_change(change, fmt) for change in quote.changes]} if quote.changes is not None else {}),
        "notes": [note.render(fmt) for note in quote.notes],
        "warnings": list(quote.warnings),
        "tco": {
            "years": [
                {
                    "year": row.year,
                    "in_house": _money(row.in_house),
                    "proposed": _money(row.proposed),
                    "savings": _money(row.savings),
                    "cumulative_savings": _money(row.cumulative_savings),
                    "starts": row.starts.isoformat() if row.starts else None,
                    "rates_year": row.rates_year,
                    "projected": row.projected,  # past the data: the rates of rates_year carried forward
                }
                for row in quote.tco.years
            ],
            "salary_growth": _number(quote.tco.salary_growth),
            "price_escalation": _number(quote.tco.escalation),
            "one_time_costs": _money(quote.tco.one_time),
            "break_even_month": quote.tco.break_even_month,
        },
        # The whole quote's range; "ongoing" is the ongoing work's alone (the headline's figure
        # when one-off or time-bound work is set beside it), null when all the work is ongoing.
        "sensitivity": {
            **_range(quote.sensitivity),
            "ongoing": _range(quote.sensitivity.ongoing) if quote.sensitivity.ongoing else None,
        },
        "sources": [
            {
                "key": ref.key,
                "label": ref.label,
                "kind": ref.kind,
                "rate": _number(ref.rate),
                "lower": _number(ref.lower),
                "upper": _number(ref.upper),
                "amount": _number(ref.amount),
                "factor": _number(ref.factor),
                **_source(ref.source),
                "note": ref.source.note,
            }
            for ref in quote.references
        ],
    }


def quote_to_json(quote: Quote) -> str:
    """Stable, human-diffable JSON text (sorted keys would scatter related fields)."""
    return json.dumps(quote_to_dict(quote), indent=2, ensure_ascii=False) + "\n"


def _range(sensitivity: Sensitivity) -> dict:
    """A saving range: the saving it brackets, its low and high cases and their in-house costs."""
    return {
        "savings": _money(sensitivity.savings),
        "low": _money(sensitivity.low_savings),
        "high": _money(sensitivity.high_savings),
        "low_in_house_annual": _money(sensitivity.low_in_house),
        "high_in_house_annual": _money(sensitivity.high_in_house),
    }
