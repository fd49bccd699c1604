"""Recommend: choose the outsourcing model for each role, say why, and freeze the quote.

The rules are a table read top to bottom; the first that applies decides. Each rule is a
named predicate with the reason a client reads, so a recommendation can be traced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from .config import slug
from .pricing import PricedProposal, PricedRole
from .quote import Alternative, Breakdown, Party, Quote, Recommendation, RoleQuote, Totals
from .reference import COUNTRY_NAMES, region_name
from .references import references_used
from .tco import project, sensitivity

# Names of the models in our own words; the keys are a contract with the JSON output.
MODEL_LABELS = {
    "in_house": "In-house hire",
    "staff_leasing": "Staff leasing",
    "eor": "Employer of record",
    "bpo": "Process outsourcing (BPO)",
    "professional": "Professional services",
    "kpo": "Knowledge process outsourcing",
    "project": "Project outsourcing",
    "microsourcing": "Microsourcing",
    "staff_augmentation": "Staff augmentation",
}


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    applies: Callable[[PricedRole], bool]
    model: Callable[[PricedRole], str]
    reason: str


def _leasing_cheaper(p: PricedRole) -> bool:
    return p.leasing is not None and p.leasing.annual < p.in_house.annual


RULES: tuple[Rule, ...] = (
    Rule(
        "third_party_quote",
        lambda p: p.third_party is not None,
        lambda p: p.third_party.model,
        "An outside firm has quoted for this work as a service, so a full-time hire is not needed.",
    ),
    Rule(
        "must_be_on_site",
        lambda p: p.role.on_site,
        lambda p: "in_house",
        "The work has to be done on site, so it stays with a local employee.",
    ),
    Rule(
        "not_offered_remotely",
        lambda p: p.leasing is None,
        lambda p: "in_house",
        "This kind of work is not offered from our delivery centres, so a local hire fits best.",
    ),
    Rule(
        "leasing_costs_less",
        _leasing_cheaper,
        lambda p: "staff_leasing",
        "Full-time, ongoing work suits a dedicated leased worker who follows your schedule and processes, for less than a local hire.",
    ),
    Rule(
        "in_house_costs_less",
        lambda p: True,
        lambda p: "in_house",
        "Hiring directly costs less than leasing for this role.",
    ),
)


def recommend_role(priced: PricedRole, centre_location: str) -> tuple[Recommendation, Breakdown]:
    """The first rule that applies decides the model; the others are kept as a trace."""
    trace = []
    chosen: Rule | None = None
    for rule in RULES:
        applies = rule.applies(priced)
        trace.append(f"{rule.name}: {'yes' if applies else 'no'}")
        if applies and chosen is None:
            chosen = rule
    assert chosen is not None  # the last rule always applies
    model = chosen.model(priced)
    proposed = {"in_house": priced.in_house, "staff_leasing": priced.leasing}.get(model) or priced.third_party
    alternatives = tuple(
        Alternative(option.model, option.annual, ())
        for option in (priced.in_house, priced.leasing, priced.third_party)
        if option is not None and option.model != model
    )
    leased = model == "staff_leasing"
    recommendation = Recommendation(
        model=model,
        reasons=(chosen.reason,),
        location=centre_location if leased else None,
        centre=priced.centre if leased else None,
        alternatives=alternatives,
        trace=tuple(trace),
    )
    return recommendation, proposed


def recommend(priced: PricedProposal) -> Quote:
    """Choose a model for every role and assemble the complete, frozen quote."""
    client_file, config = priced.client_file, priced.config
    client, proposal = client_file.client, client_file.proposal
    centre_location = config.delivery_centres[config.pricing.default_centre].location
    roles = []
    for p in priced.roles:
        recommendation, proposed = recommend_role(p, centre_location)
        roles.append(
            RoleQuote(
                title=p.role.title,
                family=p.role.family,
                family_label=p.family_label,
                seniority=p.role.seniority,
                headcount=p.role.headcount,
                hours_per_week=p.role.hours_per_week,
                fte=p.role.fte,
                on_site=p.role.on_site,
                salary=p.role.salary,
                in_house=p.in_house,
                proposed=proposed,
                recommendation=recommendation,
                leasing=p.leasing,
                third_party_provider=p.role.third_party_quote.provider if p.role.third_party_quote else None,
            )
        )
    roles_t = tuple(roles)
    models = Counter(r.recommendation.model for r in roles_t)
    model_of = {r.title: r.recommendation.model for r in roles_t}
    line_keys = {line.key for r in roles_t for line in r.in_house.lines}
    return Quote(
        number=quote_number(config.quote.prefix, proposal.date.year, client.name, proposal.revision),
        date=proposal.date,
        valid_days=proposal.valid_days,
        valid_until=proposal.date + timedelta(days=proposal.valid_days),
        revision=proposal.revision,
        prepared_by=proposal.prepared_by,
        cost_basis=proposal.cost_basis,
        currency=priced.currency,
        locale=client.document_locale,
        tax_year=priced.rates.year,
        requested_tax_year=priced.rates.requested_year,
        client=Party(
            name=client.name,
            country=client.country,
            country_name=COUNTRY_NAMES[client.country],
            region=client.region,
            region_name=region_name(client.country, client.region),
            contact_name=client.contact.name if client.contact else None,
            contact_email=client.contact.email if client.contact else None,
            contact_title=client.contact.title if client.contact else None,
        ),
        roles=roles_t,
        headcount=sum(r.headcount for r in roles_t),
        totals=Totals.of(roles_t),
        references=references_used(priced, line_keys, set(models)),
        tco=project(priced, model_of, proposal.years),
        sensitivity=sensitivity(priced, model_of),
        notes=priced.notes,
        warnings=priced.warnings,
        sample_pricing=config.pricing.sample,
        payroll_basis=priced.employer.payroll if priced.rates.payroll_tax else None,
        models_used=tuple(sorted(models.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def quote_number(prefix: str, year: int, client_name: str, revision: int) -> str:
    """Q-2026-BRIGHTSMILE-R1: prefix, year, the client's name in short, revision.

    The name takes words until it has eight letters (Bright Smile, Harborline), at most 16.
    """
    stem = ""
    for word in filter(None, (slug(word) for word in client_name.split())):
        if len(stem) >= 8:
            break
        stem += word
    stem = stem[:16] or "CLIENT"
    return f"{prefix}-{year}-{stem}-R{revision}"
