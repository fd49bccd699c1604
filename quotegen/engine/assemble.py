"""Recommend: take the selection engine's choice for each role and freeze the quote."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

# MODEL_LABELS is re-exported: the renderers and verify name the models through this module.
from quotegen.data.models import MODEL_LABELS as MODEL_LABELS, Model, Provider
from quotegen.input.provider import slug
from quotegen.engine.delivery import needed_overlap
from quotegen.engine.alternatives import Option
from quotegen.engine.phrases import Country, Money, Phrase, Term
from quotegen.engine.pricing import PricedProposal, PricedRole
from quotegen.engine.selection import Judged, delivery_phrase, disqualifying, language_phrase, removal_of, select
from quotegen.engine.lines import Breakdown
from quotegen.input.client import Role
from quotegen.engine.quote import Alternative, Party, Quote, Recommendation, RoleQuote, Totals, models_used
from quotegen.data.tables import COUNTRY_NAMES, region_name
from quotegen.engine.references import references_used
from quotegen.engine.tco import Plan, project, range_note, sensitivity, setup_fee_per_worker
from quotegen.money import ZERO


def recommend_role(priced: PricedRole, proposal: PricedProposal, country_name: str, leasable: bool) -> tuple[Recommendation, Breakdown, bool]:
    """Select a model for one role; returns the recommendation, the proposed cost, and
    whether that cost is only an on-request placeholder (today's in-house cost)."""
    selection = select(priced, proposal, country_name, leasable)
    chosen = selection.chosen
    option = chosen.option
    # Why it won first (the lowest cost, or the need a cheaper option fails), then what suits it.
    reasons = list(selection.why) + list(chosen.reasons_for)
    if option.model == Model.IN_HOUSE:
        # Say why the work is not leased, unless the choice's own reasons already say it.
        leasing = removal_of(selection, Model.STAFF_LEASING)
        if leasing is not None and not leasing.feasible and not chosen.already_says(leasing.removed_by[0]):
            reasons.append(leasing.removal)
        # ... and which of the provider's limits ruled out another of its offers (a job too large for a marketplace).
        reasons += [j.removal for j in selection.ranked if j is not leasing and j.removed_by and j.removed_by[0].limit is not None]
    basis = in_house_basis(priced, option, proposal)
    for said in (basis, language_phrase(option, priced), delivery_phrase(option)):
        if said is not None:
            reasons.append(said)
    on_request = option.breakdown is None
    whole = whole_work(priced.role, selection.years)

    def span(alt: Judged) -> Phrase:
        return _span(selection.years, whole, _set_up_fees(alt.option, priced, proposal) - _set_up_fees(option, priced, proposal))

    recommendation = Recommendation(
        model=option.model,
        reasons=tuple(reasons),
        location=option.location,
        centre=option.delivery.centre if option.delivery and option.provider == Provider.US else None,
        alternatives=tuple(_alternative(alt, chosen, span(alt)) for alt in selection.alternatives),
        trace=selection.trace + tuple(f"centre {line}" for line in selection.delivery_trace),
        cautions=chosen.reasons_against,
        shift=option.delivery.shift if option.delivery and option.provider == Provider.US else None,
        provider_name=option.provider_name,
        in_house_basis=basis,
    )
    refuse_disqualified(priced.role.title, option, recommendation)
    return recommendation, (priced.in_house if on_request else option.breakdown), on_request


def whole_work(role: Role, years: int) -> bool:
    """One-off or time-bound work that ends within the horizon: its costs are for the whole work."""
    return role.work == "task" or (role.duration_months is not None and role.duration_months <= 12 * years)


def in_house_basis(priced: PricedRole, option: Option, proposal: PricedProposal) -> Phrase | None:
    """What the in-house figure a saving is measured against stands for, when it is not the hire
    the client would make for this need: said beside the saving, so no one reads it as more."""
    role, client = priced.role, proposal.client_file.client
    if option.model == Model.IN_HOUSE:
        return None
    if role.named_worker_country is not None and role.named_worker_country != client.country:
        return Phrase.of(
            "Compared with a local hire for the same job in {region}, not with the worker you chose in {worker_country}.",
            region=Term(region_name(client.country, client.region)),
            worker_country=Country(role.named_worker_country),
        )
    needed = role.service_hours_per_week
    if needed is not None and needed < role.hours_per_week * role.headcount and (option.hourly or option.provider == Provider.THIRD_PARTY):
        if role.hours_per_week * role.headcount >= 40:
            return Phrase.of("Compared with a full-time hire, as {hours} hours a week of this work cannot be hired by the hour.", hours=needed)
        return Phrase.of(
            "Compared with a hire for {job_hours} hours a week, as {hours} hours a week of this work cannot be hired by the hour.",
            job_hours=role.hours_per_week * role.headcount,
            hours=needed,
        )
    return None


def refuse_disqualified(title: str, option: Option, recommendation: Recommendation) -> None:
    """A recommended option never carries a reason that disqualifies it: a sentence of a
    constraint that bears on it, or of a need its model may fail (a bug in the tables if so)."""
    against = disqualifying(option)
    for phrase in recommendation.reasons + recommendation.cautions:
        said = {phrase.text} | {value.text for _, value in phrase.values if isinstance(value, Term)}
        if said & against:
            raise ValueError(f"role {title!r}: the recommended {option.model} carries a reason that disqualifies it: {phrase.english()!r}")


def _alternative(alt: Judged, chosen: Judged, span: Phrase) -> Alternative:
    summary = _why_not(alt, chosen, span)
    return Alternative(alt.option.model, alt.option.annual, alt.reasons_for[:2] + ((summary,) if summary else ()), summary)


def _span(years: int, whole_work: bool, fees: Decimal) -> Phrase:
    """What a gap between two options covers, as the reader must know to check it: the horizon,
    or the whole of one-off and time-bound work; and the runner-up's set-up fees in it (`fees`:
    its own less the chosen option's), one-time and in no yearly price the document shows. The
    chosen option's fees are not said here: the set-up fees and the cost over the years show them."""
    span = "in all" if whole_work else "over the {years}-year horizon"
    values: dict[str, object] = {} if whole_work else {"years": years}
    if fees > 0:
        span, values["fee"] = span + ", including {fee} in set-up fees", Money(fees)
    return Phrase.of(span, **values)


def _why_not(alternative: Judged, chosen: Judged, span: Phrase) -> Phrase | None:
    """The one line a reader sees beside a runner-up: the need it fails, or what it costs more."""
    theirs, ours = alternative.horizon, chosen.horizon
    compared = theirs is not None and ours is not None
    if alternative.fails and (not compared or theirs < ours):
        need = Term(alternative.fails[0].need)
        if compared:
            return Phrase.of("Costs {amount} less {span}, but {need}.", amount=Money(ours - theirs), span=span, need=need)
        return Phrase.of("Not recommended: {need}.", need=need)
    if theirs is None:
        return Phrase("Priced on request.")
    if ours is None:
        return None
    if theirs == ours:
        return Phrase.of("Costs the same {span}; the simpler arrangement is preferred.", span=span)
    if alternative.fails:
        # Dearer and short of a need too (a hire for a one-off task or a few months): both are said.
        return Phrase.of("Costs {amount} more {span}, and {need}.", amount=Money(theirs - ours), span=span, need=Term(alternative.fails[0].need))
    return Phrase.of("Costs {amount} more {span}.", amount=Money(theirs - ours), span=span)


def _set_up_fees(option: Option, priced: PricedRole, proposal: PricedProposal) -> Decimal:
    """The one-time set-up fees an option's cost over the horizon includes (tco.project's)."""
    return setup_fee_per_worker(proposal) * priced.role.headcount if option.model.rate_card and option.breakdown is not None else ZERO


def recommend(priced: PricedProposal) -> Quote:
    """Choose a model for every role and assemble the complete, frozen quote."""
    client_file, config = priced.client_file, priced.config
    client, proposal = client_file.client, client_file.proposal
    country_name = COUNTRY_NAMES[client.country]
    roles = []
    for p in priced.roles:
        recommendation, proposed, on_request = recommend_role(p, priced, country_name, config.rate_card[p.role.family].leasable)
        roles.append(
            RoleQuote(
                title=p.role.title,
                family=p.role.family,
                family_label=p.family_label,
                seniority=p.role.seniority,
                headcount=p.role.headcount,
                hours_per_week=p.role.hours_per_week,
                on_site=p.role.on_site,
                salary=p.role.salary,
                in_house=p.in_house,
                proposed=proposed,
                recommendation=recommendation,
                leasing=p.leasing,
                priced_on_request=on_request,
                work=p.role.work,
                duration_months=p.role.duration_months,
                licensed=p.role.licensed,
                onshore_only=p.role.onshore_only,
                named_worker_country=p.role.named_worker_country,
                languages=tuple(p.role.languages),
                languages_given=p.languages_given,
                remote=p.role.remote,
                overlap_needed=needed_overlap(p.role),
            )
        )
    roles_t = tuple(roles)
    used = models_used(roles_t)
    # A sample rate card concerns only a document that prices something we supply.
    sample = config.pricing.sample and any(r.supplied_by_us and not r.priced_on_request for r in roles_t)
    plans = tuple(Plan(p, r.recommendation.model, None if r.priced_on_request else r.proposed) for p, r in zip(priced.roles, roles_t))
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
        client=Party(
            name=client.name,
            country=client.country,
            country_name=COUNTRY_NAMES[client.country],
            region=client.region,
            region_name=region_name(client.country, client.region),
            contact_name=client.contact.name if client.contact else None,
            contact_title=client.contact.title if client.contact else None,
            contact_email=client.contact.email if client.contact else None,
            contact_phone=client.contact.phone if client.contact else None,
        ),
        roles=roles_t,
        headcount=sum(r.headcount for r in roles_t),
        totals=Totals.of(roles_t),
        references=references_used(priced, line_keys, {model for model, _ in used}, tuple(line for r in roles_t for line in r.proposed.lines)),
        tco=project(priced, plans, proposal.years),
        sensitivity=sensitivity(priced, plans),
        multisourcing=_multisourcing(roles_t),
        notes=priced.notes + ((Phrase(SAMPLE_NOTE),) if sample else ()) + tuple(note for note in (range_note(priced, plans),) if note is not None),
        warnings=priced.warnings,
        sample_pricing=sample,
        models_used=used,
        converted_from=config.pricing.currency if priced.fx is not None else None,
    )


SAMPLE_NOTE = "Staff-leasing fees come from a sample rate card and illustrate the method; they are not an offer."


def _multisourcing(roles: tuple[RoleQuote, ...]) -> bool:
    """Several outside providers (us, quoted firms, marketplaces) share the work."""
    providers = {
        r.recommendation.provider_name or (Provider.US if r.supplied_by_us else r.recommendation.model)
        for r in roles
        if r.recommendation.model != Model.IN_HOUSE
    }
    return len(providers) >= 2


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
