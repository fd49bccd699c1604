"""The model-selection engine: score every way of doing a role's work and choose one.

Three tables drive it, read in order and visible at a glance:
- EXCLUSIONS: facts that rule a model out (on-site work cannot be leased from abroad);
- FITS: facts that make a model fit better or worse, with points and the sentence a
  client reads;
- the price: the saving against hiring in-house, in points, capped.
The option with the most points wins; ties go to the order of MODELS. The same input
always gives the same choice, reasons and trace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from quotegen.engine.delivery import needed_overlap
from quotegen.engine.alternatives import Option
from quotegen.engine.phrases import Pct, Phrase, Term
from quotegen.engine.pricing import PricedRole

# Every model, in the order that breaks ties (the simpler arrangement first).
MODELS = ("in_house", "staff_leasing", "bpo", "professional", "kpo", "project", "eor", "microsourcing", "staff_augmentation")
COST_POINTS_CAP = 60  # a saving counts for at most this many points, so fit still matters
# An option dearer than hiring loses this on top of its negative saving: as much as the best
# fit can earn, so a dearer option wins only where hiring is ruled out or a must applies
# (a licence, a chosen worker, a temporary on-site need).
DEARER_PENALTY = 60
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "de": "German", "zh": "Chinese", "sn": "Shona", "ny": "Nyanja"}
CENTRE_MODELS = ("staff_leasing", "bpo", "kpo", "project")  # delivered from our centres
REMOTE_MODELS = ("staff_leasing", "bpo", "kpo", "project", "microsourcing")


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules look at, derived once per role."""

    work: str
    ongoing: bool
    duration: int | None
    hours: Decimal
    on_site: bool
    licensed: bool
    onshore_only: bool
    named_worker_country: str | None
    leasable: bool
    delivery_ok: bool
    country: str

    @classmethod
    def of(cls, priced: PricedRole, country_name: str, leasable: bool) -> Facts:
        role = priced.role
        return cls(
            work=role.work,
            ongoing=role.duration_months is None,
            duration=role.duration_months,
            hours=role.hours_per_week,
            on_site=role.on_site,
            licensed=role.licensed,
            onshore_only=role.onshore_only,
            named_worker_country=role.named_worker_country,
            leasable=leasable,
            delivery_ok=priced.delivery is not None,
            country=country_name,
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """A named fact about a role, the models it bears on, and what it means for them."""

    name: str
    models: tuple[str, ...]
    applies: Callable[[Facts], bool]
    points: int  # 0 for exclusions
    text: str  # a sentence for the client; {country}, {worker_country} are filled in


EXCLUSIONS: tuple[Rule, ...] = (
    Rule("needs_premises", REMOTE_MODELS + ("eor",), lambda f: f.on_site, 0, "Needs someone on your premises."),
    Rule("must_stay_onshore", REMOTE_MODELS, lambda f: f.onshore_only, 0, "The work must stay in {country}."),
    Rule("needs_licence", ("staff_leasing", "bpo", "microsourcing"), lambda f: f.licensed, 0, "The work needs a licensed professional."),
    Rule("not_on_rate_card", ("staff_leasing",), lambda f: not f.leasable, 0, "We do not staff this kind of work from our centres."),
    Rule("one_off_task", ("staff_leasing",), lambda f: f.work == "task", 0, "A one-off task does not need a dedicated worker."),
    Rule("no_worker_chosen", ("eor",), lambda f: f.named_worker_country is None, 0, "No particular worker abroad has been chosen."),
    Rule("ongoing_on_site", ("staff_augmentation",), lambda f: f.ongoing, 0, "Ongoing on-site work is better hired directly."),
)

FITS: tuple[Rule, ...] = (
    Rule("on_premises", ("in_house",), lambda f: f.on_site, 60, "The work has to be done on your premises."),
    Rule("kept_onshore", ("in_house",), lambda f: f.onshore_only, 60, "Data or regulation keeps the work in {country}."),
    Rule("steady_full_time", ("in_house",), lambda f: f.work == "role" and f.ongoing and f.hours >= 30, 10, "Steady, full-time work can always be hired directly."),
    Rule("short_hire", ("in_house",), lambda f: not f.ongoing and f.duration <= 6, -20, "Hiring for a few months costs recruitment and notice for little time."),
    Rule("dedicated_role", ("staff_leasing",), lambda f: f.work == "role", 30, "A dedicated worker follows your schedule and processes, like your own employee."),
    Rule("ongoing_work", ("staff_leasing",), lambda f: f.ongoing, 15, "Ongoing work lets one person build know-how about your business."),
    Rule("short_engagement", ("staff_leasing",), lambda f: not f.ongoing and f.duration <= 6, -25, "A short engagement does not repay recruiting a dedicated worker."),
    Rule("full_time_hours", ("staff_leasing",), lambda f: f.hours >= 30, 15, "The hours fill a full-time position."),
    Rule("few_hours", ("staff_leasing",), lambda f: f.hours < 20, -25, "Too few hours for a dedicated worker."),
    Rule("defined_process", ("bpo",), lambda f: f.work == "process", 40, "A defined, repeatable process is best bought as a service, by outcome."),
    Rule("fractional_volume", ("bpo",), lambda f: f.work == "process" and f.hours < 30, 10, "The volume is below a full-time job, so you pay only for the hours used."),
    Rule("licensed_work", ("professional",), lambda f: f.licensed, 70, "The work needs a licensed professional."),
    Rule("knowledge_work", ("kpo",), lambda f: f.work == "knowledge", 40, "Research and analysis are best bought from a specialist team."),
    Rule("defined_project", ("project",), lambda f: f.work == "project", 40, "A defined piece of work with an end date suits a project team."),
    Rule("time_bound", ("project",), lambda f: f.work == "project" and not f.ongoing and f.duration <= 12, 10, "You pay for the project's duration only."),
    Rule("one_off", ("microsourcing",), lambda f: f.work == "task", 40, "A short, one-off task is cheapest on a freelance marketplace."),
    Rule("worker_chosen", ("eor",), lambda f: f.named_worker_country is not None, 70, "You have already chosen a worker in {worker_country}; an employer of record employs them for you without a local company."),
    Rule("temporary_on_site", ("staff_augmentation",), lambda f: f.on_site and not f.ongoing, 60, "A temporary on-site need is met fastest by augmented staff."),
)


@dataclass(frozen=True, slots=True)
class Scored:
    option: Option
    score: int
    excluded: Phrase | None
    excluded_by: str | None  # the exclusion rule's name
    reasons_for: tuple[Phrase, ...]
    reasons_against: tuple[Phrase, ...]
    trace: str


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen option, the runners-up and the whole evaluation, for one role."""

    chosen: Scored
    alternatives: tuple[Scored, ...]
    ranked: tuple[Scored, ...]
    delivery_trace: tuple[str, ...]


def _phrase(rule: Rule, facts: Facts) -> Phrase:
    values = {"country": facts.country, "worker_country": facts.named_worker_country or ""}
    return Phrase.of(rule.text, **{k: v for k, v in values.items() if "{" + k + "}" in rule.text})


def _delivery_problem(priced: PricedRole) -> Phrase:
    role = priced.role
    if priced.deliveries and all(d.missing_languages for d in priced.deliveries):
        missing = [lang for lang in role.languages if all(lang in d.missing_languages for d in priced.deliveries)]
        return Phrase.of("None of our centres works in {language}.", language=Term(LANGUAGE_NAMES.get(missing[0], missing[0])))
    return Phrase.of("No shift at our centres shares {hours} hours with your business day.", hours=needed_overlap(role))


def score_option(option: Option, priced: PricedRole, facts: Facts) -> Scored:
    """Points for one option: fit rules plus the capped saving, or an exclusion."""
    model = option.model
    for rule in EXCLUSIONS:
        if model in rule.models and rule.applies(facts):
            phrase = _phrase(rule, facts)
            return Scored(option, 0, phrase, rule.name, (), (phrase,), f"{_key(option)}: excluded ({rule.name})")
    if model in CENTRE_MODELS and option.provider == "us" and option.delivery is None:
        phrase = _delivery_problem(priced)
        return Scored(option, 0, phrase, "no_suitable_centre", (), (phrase,), f"{_key(option)}: excluded (no_suitable_centre)")
    points, parts, pros, cons = 0, [], [], []
    for rule in FITS:
        if model in rule.models and rule.applies(facts):
            points += rule.points
            parts.append(f"{rule.points:+d} {rule.name}")
            (pros if rule.points > 0 else cons).append((rule.points, _phrase(rule, facts)))
    if option.provider == "third_party":
        points += 15
        parts.append("+15 quote_in_hand")
        who = priced.role.third_party_quote.provider
        text = "{who} has already quoted for this work." if who else "A firm has already quoted for this work."
        pros.append((15, Phrase.of(text, who=who) if who else Phrase(text)))
    if model != "in_house":
        if option.annual is None:
            parts.append("+0 priced_on_request")
            cons.append((0, Phrase("Priced on request.")))
        elif priced.in_house.annual > 0:
            saving = (priced.in_house.annual - option.annual) / priced.in_house.annual
            cost_points = max(-COST_POINTS_CAP, min(COST_POINTS_CAP, int((saving * 100).to_integral_value())))
            if saving >= 0:
                points += cost_points
                parts.append(f"{cost_points:+d} saving")
                pros.append((cost_points, Phrase.of("Costs {pct} less than hiring in-house.", pct=Pct(saving))))
            else:
                points += cost_points - DEARER_PENALTY
                parts.append(f"{cost_points - DEARER_PENALTY:+d} dearer_than_hiring")
                cons.append((cost_points, Phrase.of("Costs {pct} more than hiring in-house.", pct=Pct(-saving))))
    pros.sort(key=lambda item: -item[0])
    cons.sort(key=lambda item: item[0])
    trace = f"{_key(option)}: {' '.join(parts) or 'no rule applies'} = {points}"
    return Scored(option, points, None, None, tuple(p for _, p in pros), tuple(c for _, c in cons), trace)


def _key(option: Option) -> str:
    return option.model if option.provider in ("us", "client", "market") else f"{option.model} ({option.provider})"


def select(priced: PricedRole, country_name: str, leasable: bool) -> Selection:
    """Rank every option of a role; the best eligible one is recommended."""
    facts = Facts.of(priced, country_name, leasable)
    scored = [score_option(option, priced, facts) for option in priced.options]
    order = {model: index for index, model in enumerate(MODELS)}
    eligible = sorted(
        (s for s in scored if s.excluded is None),
        key=lambda s: (-s.score, order[s.option.model], s.option.provider),
    )
    excluded = [s for s in scored if s.excluded is not None]
    chosen = eligible[0]  # in-house is never excluded
    delivery_trace = tuple(
        f"{d.centre} {d.shift} (starts {d.shift_start:02d}:00, {d.location}): overlap {d.overlap:g} h, "
        f"premium {(d.premium * 100).normalize():f}%, cost x{d.cost_factor.normalize():f}: {d.verdict()}"
        + (" <- best" if priced.delivery == d else "")
        for d in priced.deliveries
    )
    return Selection(chosen, tuple(eligible[1:3]), tuple(eligible) + tuple(excluded), delivery_trace)


def delivery_phrase(option: Option) -> Phrase | None:
    """Where a centre-delivered option is worked from, in a sentence for the client."""
    d = option.delivery
    if d is None or option.provider != "us":
        return None
    text = "Delivered from our {centre} ({location}) on the {shift} shift, sharing {hours} hours with your business day"
    if d.premium:
        return Phrase.of(text + "; the shift carries a {premium} premium.", centre=Term(d.centre_name), location=Term(d.location), shift=Term(d.shift), hours=d.overlap, premium=Pct(d.premium))
    return Phrase.of(text + ".", centre=Term(d.centre_name), location=Term(d.location), shift=Term(d.shift), hours=d.overlap)
