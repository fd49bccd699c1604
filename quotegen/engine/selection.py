"""The model-selection engine: score every way of doing a role's work and choose one.

Three tables drive it, read in order and visible at a glance:
- EXCLUSIONS: facts that rule a model out (on-site work cannot be leased from abroad);
- FITS: facts that make a model fit better or worse, with points and the sentence a
  client reads;
- the price: the saving against hiring in-house, in points, capped.
A rule bears on the models it lists and, when it names a provider, only on that provider's
options (a quote in hand is a third party's; a centre that suits is ours). The option with
the most points wins; ties go to the registry's rank (data/models.py). The same input
always gives the same choice, reasons and trace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from quotegen.data.models import Model, Provider, Site, at_sites, quotable
from quotegen.engine.alternatives import Option
from quotegen.engine.delivery import needed_overlap
from quotegen.engine.phrases import Pct, Phrase, Term
from quotegen.engine.pricing import PricedRole

COST_POINTS_CAP = 60  # a saving counts for at most this many points, so fit still matters
# An option dearer than hiring loses this on top of its negative saving: as much as the best
# fit can earn, so a dearer option wins only where hiring is ruled out or a must applies
# (a licence, a chosen worker, a temporary on-site need).
DEARER_PENALTY = 60
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "de": "German", "zh": "Chinese", "sn": "Shona", "ny": "Nyanja"}
CENTRE_MODELS = at_sites(Site.CENTRE)  # delivered from our centres
REMOTE_MODELS = at_sites(Site.CENTRE, Site.ONLINE)  # done away from the client, maybe abroad
OFF_PREMISES = at_sites(Site.CENTRE, Site.ONLINE, Site.WORKER)  # done away from the client's premises


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
    centre_found: bool  # one of our centres and shifts suits the work
    missing_language: str | None  # a language none of our centres works in, if that is why none suits
    languages_apart: bool  # every centre lacks one of the role's languages, though each is spoken somewhere
    overlap_needed: Decimal  # hours shared with the client's business day the work needs
    quoted_by: str | None  # the firm that quoted for the work, when the client file names it
    country: str

    @classmethod
    def of(cls, priced: PricedRole, country_name: str, leasable: bool) -> Facts:
        role = priced.role
        quote = role.third_party_quote
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
            centre_found=priced.delivery is not None,
            missing_language=_missing_language(priced),
            languages_apart=bool(priced.deliveries) and all(d.missing_languages for d in priced.deliveries),
            overlap_needed=needed_overlap(role),
            quoted_by=quote.provider if quote else None,
            country=country_name,
        )


def _missing_language(priced: PricedRole) -> str | None:
    """The first of the role's languages that no centre works in, when every centre lacks one."""
    deliveries = priced.deliveries
    if not deliveries or not all(d.missing_languages for d in deliveries):
        return None
    return next((lang for lang in priced.role.languages if all(lang in d.missing_languages for d in deliveries)), None)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named fact about a role, the models it bears on, and what it means for them."""

    name: str
    models: tuple[Model, ...]
    applies: Callable[[Facts], bool]
    points: int  # 0 for exclusions
    # A sentence for the client; {country}, {worker_country}, {language}, {hours} and {who}
    # are filled in from the facts.
    text: str
    provider: Provider | None = None  # bears only on this provider's options; None: on every option
    # An exclusion that a fit of the chosen model already gives in other words: when that fit
    # is among the choice's reasons, the exclusion is not repeated as the reason against.
    same_reason_as: str | None = None

    def bears_on(self, option: Option) -> bool:
        return option.model in self.models and (self.provider is None or option.provider == self.provider)


EXCLUSIONS: tuple[Rule, ...] = (
    Rule("needs_premises", OFF_PREMISES, lambda f: f.on_site, 0, "Needs someone on your premises.", same_reason_as="on_premises"),
    Rule("must_stay_onshore", REMOTE_MODELS, lambda f: f.onshore_only, 0, "The work must stay in {country}.", same_reason_as="kept_onshore"),
    Rule("needs_licence", (Model.STAFF_LEASING, Model.BPO, Model.MICROSOURCING), lambda f: f.licensed, 0, "The work needs a licensed professional."),
    Rule("not_on_rate_card", (Model.STAFF_LEASING,), lambda f: not f.leasable, 0, "We do not staff this kind of work from our centres."),
    Rule("one_off_task", (Model.STAFF_LEASING,), lambda f: f.work == "task", 0, "A one-off task does not need a dedicated worker."),
    Rule("no_worker_chosen", (Model.EOR,), lambda f: f.named_worker_country is None, 0, "No particular worker abroad has been chosen."),
    Rule("ongoing_on_site", (Model.STAFF_AUGMENTATION,), lambda f: f.ongoing, 0, "Ongoing on-site work is better hired directly."),
    # No centre and shift of ours suits the work: one rule, told by its cause.
    Rule("no_suitable_centre", CENTRE_MODELS, lambda f: not f.centre_found and f.missing_language is not None, 0,
         "None of our centres works in {language}.", provider=Provider.US),
    Rule("no_suitable_centre", CENTRE_MODELS, lambda f: not f.centre_found and f.languages_apart, 0,
         "None of our centres works in all the languages this work needs.", provider=Provider.US),
    Rule("no_suitable_centre", CENTRE_MODELS, lambda f: not f.centre_found, 0,
         "No shift at our centres shares {hours} hours with your business day.", provider=Provider.US),
)

FITS: tuple[Rule, ...] = (
    Rule("on_premises", (Model.IN_HOUSE,), lambda f: f.on_site, 60, "The work has to be done on your premises."),
    Rule("kept_onshore", (Model.IN_HOUSE,), lambda f: f.onshore_only, 60, "Data or regulation keeps the work in {country}."),
    Rule("steady_full_time", (Model.IN_HOUSE,), lambda f: f.work == "role" and f.ongoing and f.hours >= 30, 10, "Steady, full-time work can always be hired directly."),
    Rule("short_hire", (Model.IN_HOUSE,), lambda f: not f.ongoing and f.duration <= 6, -20, "Hiring for a few months costs recruitment and notice for little time."),
    Rule("dedicated_role", (Model.STAFF_LEASING,), lambda f: f.work == "role", 30, "A dedicated worker follows your schedule and processes, like your own employee."),
    Rule("ongoing_work", (Model.STAFF_LEASING,), lambda f: f.ongoing, 15, "Ongoing work lets one person build know-how about your business."),
    Rule("short_engagement", (Model.STAFF_LEASING,), lambda f: not f.ongoing and f.duration <= 6, -25, "A short engagement does not repay recruiting a dedicated worker."),
    Rule("full_time_hours", (Model.STAFF_LEASING,), lambda f: f.hours >= 30, 15, "The hours fill a full-time position."),
    Rule("few_hours", (Model.STAFF_LEASING,), lambda f: f.hours < 20, -25, "Too few hours for a dedicated worker."),
    Rule("defined_process", (Model.BPO,), lambda f: f.work == "process", 40, "A defined, repeatable process is best bought as a service, by outcome."),
    Rule("fractional_volume", (Model.BPO,), lambda f: f.work == "process" and f.hours < 30, 10, "The volume is below a full-time job, so you pay only for the hours used."),
    Rule("licensed_work", (Model.PROFESSIONAL,), lambda f: f.licensed, 70, "The work needs a licensed professional."),
    Rule("knowledge_work", (Model.KPO,), lambda f: f.work == "knowledge", 40, "Research and analysis are best bought from a specialist team."),
    Rule("defined_project", (Model.PROJECT,), lambda f: f.work == "project", 40, "A defined piece of work with an end date suits a project team."),
    Rule("time_bound", (Model.PROJECT,), lambda f: f.work == "project" and not f.ongoing and f.duration <= 12, 10, "You pay for the project's duration only."),
    Rule("one_off", (Model.MICROSOURCING,), lambda f: f.work == "task", 40, "A short, one-off task is cheapest on a freelance marketplace."),
    Rule("worker_chosen", (Model.EOR,), lambda f: f.named_worker_country is not None, 70, "You have already chosen a worker in {worker_country}; an employer of record employs them for you without a local company."),
    Rule("temporary_on_site", (Model.STAFF_AUGMENTATION,), lambda f: f.on_site and not f.ongoing, 60, "A temporary on-site need is met fastest by augmented staff."),
    # A price in hand counts for the firm that quoted, whatever the model.
    Rule("quote_in_hand", quotable(), lambda f: f.quoted_by is not None, 15, "{who} has already quoted for this work.", provider=Provider.THIRD_PARTY),
    Rule("quote_in_hand", quotable(), lambda f: f.quoted_by is None, 15, "A firm has already quoted for this work.", provider=Provider.THIRD_PARTY),
)


@dataclass(frozen=True, slots=True)
class Scored:
    option: Option
    score: int
    excluded: Phrase | None
    excluded_by: Rule | None  # the exclusion rule
    reasons_for: tuple[Phrase, ...]
    reasons_against: tuple[Phrase, ...]
    trace: str
    fits: tuple[Rule, ...] = ()  # the fit rules that applied

    def already_says(self, exclusion: Rule) -> bool:
        """Whether one of this option's fits gives the exclusion's reason in other words."""
        return exclusion.same_reason_as is not None and any(rule.name == exclusion.same_reason_as for rule in self.fits)


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen option, the runners-up and the whole evaluation, for one role."""

    chosen: Scored
    alternatives: tuple[Scored, ...]
    ranked: tuple[Scored, ...]
    delivery_trace: tuple[str, ...]


def _phrase(rule: Rule, facts: Facts) -> Phrase:
    values = {
        "country": facts.country,
        "worker_country": facts.named_worker_country or "",
        "language": Term(LANGUAGE_NAMES.get(facts.missing_language, facts.missing_language or "")),
        "hours": facts.overlap_needed,
        "who": facts.quoted_by,
    }
    return Phrase.of(rule.text, **{k: v for k, v in values.items() if "{" + k + "}" in rule.text})


def score_option(option: Option, priced: PricedRole, facts: Facts) -> Scored:
    """Points for one option: fit rules plus the capped saving, or an exclusion."""
    for rule in EXCLUSIONS:
        if rule.bears_on(option) and rule.applies(facts):
            phrase = _phrase(rule, facts)
            return Scored(option, 0, phrase, rule, (), (phrase,), f"{_key(option)}: excluded ({rule.name})")
    points, parts, pros, cons, fits = 0, [], [], [], []
    for rule in FITS:
        if rule.bears_on(option) and rule.applies(facts):
            points += rule.points
            parts.append(f"{rule.points:+d} {rule.name}")
            (pros if rule.points > 0 else cons).append((rule.points, _phrase(rule, facts)))
            fits.append(rule)
    if option.model != Model.IN_HOUSE:
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
    return Scored(option, points, None, None, tuple(p for _, p in pros), tuple(c for _, c in cons), trace, tuple(fits))


def _key(option: Option) -> str:
    return option.model if option.provider != Provider.THIRD_PARTY else f"{option.model} ({option.provider})"


def select(priced: PricedRole, country_name: str, leasable: bool) -> Selection:
    """Rank every option of a role; the best eligible one is recommended."""
    facts = Facts.of(priced, country_name, leasable)
    scored = [score_option(option, priced, facts) for option in priced.options]
    eligible = sorted(
        (s for s in scored if s.excluded is None),
        key=lambda s: (-s.score, s.option.model.rank, s.option.provider),
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
    if d is None or option.provider != Provider.US:
        return None
    text = "Delivered from our {centre} ({location}) on the {shift} shift, sharing {hours} hours with your business day"
    if d.premium:
        return Phrase.of(text + "; the shift carries a {premium} premium.", centre=Term(d.centre_name), location=Term(d.location), shift=Term(d.shift), hours=d.overlap, premium=Pct(d.premium))
    return Phrase.of(text + ".", centre=Term(d.centre_name), location=Term(d.location), shift=Term(d.shift), hours=d.overlap)
