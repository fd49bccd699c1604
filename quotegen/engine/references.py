"""The appendix: every parameter a quote used, with its value, year and source."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from quotegen.data.models import Model

from quotegen.engine.lines import CostLine
from quotegen.engine.pricing import PricedProposal
from quotegen.engine.tco import setup_fee_per_worker
from quotegen.data.rates import HOURS_PER_YEAR, Source


class RefKind(StrEnum):
    """How the appendix words a parameter's value (macros.html.j2, reference_value)."""

    CONTRIBUTION = "contribution"  # a rate of wages, with its wage base
    PAYROLL_TAX = "payroll_tax"  # a rate of wages at a payroll
    WORKERS_COMP = "workers_comp"  # a premium per 100 of payroll
    FACTOR = "factor"  # a multiple of the average (the clerical class)
    PER_HOUR = "per_hour"  # an amount per hour worked
    PER_YEAR = "per_year"  # an amount a year per full-time employee
    PCT_SALARY = "pct_salary"  # a rate of salary
    HOURS = "hours"  # hours a year
    GROWTH = "growth"  # a rate a year
    RATE_CARD = "rate_card"  # our fees: set-up and escalation
    FX = "fx"  # an exchange rate


@dataclass(frozen=True, slots=True)
class Reference:
    """One parameter as the appendix shows it; `kind` tells the template how to word it."""

    key: str
    label: str
    kind: RefKind
    source: Source
    rate: Decimal | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None
    amount: Decimal | None = None
    factor: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", RefKind(self.kind))  # the closed set, whoever named it


# Lines of work bought at a market rate (alternatives.py): each rate shown is a parameter with a source.
MARKET_LINES = ("professional_hours", "marketplace_hours")


def references_used(priced: PricedProposal, line_keys: set[str], models_used: set[Model], proposed: tuple[CostLine, ...] = ()) -> tuple[Reference, ...]:
    """The parameters behind the lines a quote shows, in the order a reader meets them
    (`proposed`: the lines of the recommended options, for the market rates among them)."""
    rates = priced.rates
    found: list[Reference] = []
    for c in rates.contributions:
        if c.key in line_keys:
            # A rate of wages, or an amount a year for those charged per hour or per employee.
            found.append(Reference(c.key, c.label, source=c.source, **c.appendix(rates.hours_worked.value if rates.hours_worked else HOURS_PER_YEAR)))
    tax, levy = rates.payroll_tax, priced.employer.levy
    if tax is not None and levy is not None and tax.key in line_keys:
        # With the client's payroll: the marginal rate of the roles' wages on top of it; without
        # it, the roles are the whole payroll and the rate is their average (see pricing._levy_note).
        if levy.before:
            found.append(Reference(tax.key, f"{tax.label}, marginal cost of these roles", "payroll_tax", tax.source, rate=levy.rate, amount=levy.before))
        else:
            found.append(Reference(tax.key, tax.label, "payroll_tax", tax.source, rate=levy.rate, amount=levy.after))
    if "workers_comp" in line_keys:
        comp = rates.workers_comp
        found.append(Reference("workers_comp", "Workers' compensation, average premium", "workers_comp", comp.source, rate=comp.rate_per_100, upper=comp.max_assessable))
        if comp.clerical_factor is not None and comp.clerical_source is not None:
            found.append(Reference("workers_comp_clerical", "Workers' compensation, clerical office class", "factor", comp.clerical_source, factor=comp.clerical_factor))
    per_hour_used = False
    # A health tier is listed only if some role priced it from the data (not a client's figure).
    priced_labels = {(line.key, line.label) for p in priced.roles for line in p.in_house.lines}
    for a in rates.assumptions:
        if a.key in line_keys and (a.tier is None or (a.key, a.label) in priced_labels):
            found.append(Reference(a.key, a.label, a.basis, a.source, amount=a.value if a.basis != "pct_salary" else None, rate=a.value if a.basis == "pct_salary" else None))
            per_hour_used |= a.basis == "per_hour"
    if per_hour_used and rates.hours_worked is not None:
        h = rates.hours_worked
        found.append(Reference(h.key, h.label, "hours", h.source, amount=h.value))
    if rates.salary_growth is not None:
        g = rates.salary_growth
        found.append(Reference(g.key, g.label, "growth", g.source, rate=g.value))
    shown: set[tuple[str, Decimal | None]] = set()
    for line in proposed:
        if line.key in MARKET_LINES and line.source is not None and (line.label, line.rate) not in shown:
            shown.add((line.label, line.rate))  # the rate as charged in the proposal's currency
            found.append(Reference(line.key, line.label, "per_hour", line.source, amount=line.rate))
    pricing = priced.config.pricing
    if any(model.rate_card for model in models_used):
        # The provider's own rate card, named by its brand (a buyer never reads the engine's
        # name); the set-up fee as charged, in the proposal's currency (the value says the original).
        found.append(Reference("rate_card", "Staff-leasing fees", "rate_card", rate_card_source(priced), rate=pricing.escalation_pct / 100, amount=setup_fee_per_worker(priced)))
    if priced.fx is not None:
        # Every fee of ours is converted at this rate (a note says so), leased or not.
        fx = priced.fx
        source = Source(fx.source, fx.url, fx.date.year, False, title_fr=fx.source_fr, url_fr=fx.url_fr)
        found.append(Reference("fx", f"Exchange rate, {pricing.currency} to {priced.currency}", "fx", source, rate=fx.rate))
    return tuple(found)


def rate_card_source(priced: PricedProposal) -> Source:
    """The rate card as the provider's own document: "Kestrel Talent Partners rate card", marked
    illustrative when it is the built-in sample's; French elides "de" before a vowel. Never an
    estimate: it is the price the client signs for (a sample's title and disclaimer say so)."""
    pricing, name = priced.config.pricing, priced.config.provider.name
    of = "d'" if name[:1].lower() in "aeiouyàâéèêëîïôû" else "de "
    title, title_fr = f"{name} rate card", f"Grille tarifaire {of}{name}"
    if pricing.sample:
        title, title_fr = f"{title} (illustrative, not an offer)", f"{title_fr} (à titre d'exemple, ce n'est pas une offre)"
    return Source(title, None, pricing.year, False, title_fr=title_fr)
