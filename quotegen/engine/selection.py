"""The model-selection engine: which ways of doing a role's work are possible, and which costs least.

Three tables drive it, read in order and visible at a glance:
- CONSTRAINTS: what removes an option before any price is looked at. The client's hard facts
  (a worker already chosen, a licence, work that stays onshore or on the premises) and what
  the provider really sells (its limits: the smallest leased seat, the largest marketplace
  task, the shortest project; data/provider.yaml). A removed option is never compared,
  recommended or offered as a runner-up, whatever it would save.
- NEEDS: requirements of the work that some feasible options fail (ongoing daily work needs
  a dedicated worker; a few months' work does not repay a hire). A need is the only way a
  dearer option can win, and the client reads which need in one sentence.
- DESCRIPTIONS: sentences that say why the chosen model suits the work; they decide nothing.
Among the feasible options the cheapest over the proposal's horizon wins (the cost of
ownership, set-up fees and escalation included) unless it fails a need; ties go to the
registry's rank (data/models.py). A rule bears on the models it lists (or on every model
but those it spares) and, when it names providers, only on their options. The same input
always gives the same choice, reasons and trace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from quotegen.data.models import Model, Provider, Site, at_sites
from quotegen.engine.alternatives import Option, seat, service_weekly_hours, task_hours
from quotegen.engine.delivery import needed_overlap
from quotegen.engine.phrases import Country, Language, Money, Pct, Phrase, Plain, Term
from quotegen.engine.pricing import PricedProposal, PricedRole
from quotegen.engine.tco import Plan, project
from quotegen.input.provider import Limits
from quotegen.money import money_sum

LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "de": "German", "zh": "Chinese", "sn": "Shona", "ny": "Nyanja"}
CENTRE_MODELS = at_sites(Site.CENTRE)  # delivered from our centres
ON_PREMISES = at_sites(Site.PREMISES)  # done on the client's premises
FULL_TIME = Decimal(40)  # hours a week


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules look at, derived once per role."""

    work: str
    ongoing: bool  # no end date, and not a one-off task
    duration: int | None
    hours: Decimal  # a week, per head
    service_hours: Decimal  # a week, the whole work bought as a service
    service_hours_stated: bool  # the client gave them (service_hours_per_week), not derived from a job's hours
    task_hours: Decimal  # one one-off task's hours
    on_site: bool
    licensed: bool
    onshore_only: bool
    named_worker_country: str | None
    worker_abroad: bool  # the chosen worker is outside the client's country, where it has no company
    leasable: bool
    centre_found: bool  # one of our centres and shifts suits the work
    missing_language: str | None  # a language none of our centres works in, if that is why none suits
    languages_apart: bool  # every centre lacks one of the role's languages, though each is spoken somewhere
    onshore_centre: bool  # one of our centres is in the client's country
    overlap_needed: Decimal  # hours shared with the client's business day the work needs
    quoted_by: str | None  # the firm that quoted for the work, when the client file names it
    country: str
    limits: Limits
    tiers: dict[str, Decimal]  # where a service's first volume band ends, by model

    @classmethod
    def of(cls, priced: PricedRole, proposal: PricedProposal, country_name: str, leasable: bool) -> Facts:
        role = priced.role
        quote = role.third_party_quote
        return cls(
            work=role.work,
            ongoing=role.duration_months is None and role.work != "task",
            duration=role.duration_months,
            hours=role.hours_per_week,
            service_hours=service_weekly_hours(role),
            service_hours_stated=role.service_hours_per_week is not None,
            task_hours=task_hours(role),
            on_site=role.on_site,
            licensed=role.licensed,
            onshore_only=role.onshore_only,
            named_worker_country=role.named_worker_country,
            worker_abroad=role.named_worker_country is not None and role.named_worker_country != proposal.client_file.client.country,
            leasable=leasable,
            centre_found=priced.delivery is not None,
            missing_language=_missing_language(priced),
            languages_apart=bool(priced.deliveries) and all(d.missing_languages for d in priced.deliveries),
            onshore_centre=any(d.location == "onshore" for d in priced.deliveries),
            overlap_needed=needed_overlap(role),
            quoted_by=quote.provider if quote else None,
            country=country_name,
            limits=proposal.config.limits,
            tiers={model: bands[1][0] for model in (Model.BPO, Model.KPO) if len(bands := proposal.config.services.bands(model)) > 1},
        )

    @property
    def short(self) -> bool:
        """Time-bound work of a few months."""
        return self.work != "task" and self.duration is not None and self.duration <= 6


def _missing_language(priced: PricedRole) -> str | None:
    """The first of the role's languages that no centre works in, when every centre lacks one."""
    deliveries = priced.deliveries
    if not deliveries or not all(d.missing_languages for d in deliveries):
        return None
    return next((lang for lang in priced.role.languages if all(lang in d.missing_languages for d in deliveries)), None)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named fact about a role, the models it bears on, and the sentence a client reads."""

    name: str
    models: tuple[Model, ...]  # the models it bears on ...
    applies: Callable[[Facts, Option], bool]
    # A sentence for the client; {country}, {worker_country}, {language}, {hours}, {who},
    # {min_hours}, {role_hours}, {task_hours}, {max_task_hours}, {min_months}, {seat} and
    # {tier} are filled in from the facts.
    text: str
    but: tuple[Model, ...] | None = None  # ... or, given, every model but these (a new registry row too)
    providers: tuple[Provider, ...] = ()  # bears only on these providers' options; empty: on every option
    # An exclusion that a description of the chosen model already gives in other words: when
    # that description is among the choice's reasons, the exclusion is not repeated as the reason against.
    same_reason_as: str | None = None
    limit: Callable[[Limits], str] | None = None  # the provider limit it enforces, as the trace names it

    def bears_on(self, option: Option) -> bool:
        model = option.model not in self.but if self.but is not None else option.model in self.models
        return model and (not self.providers or option.provider in self.providers)


def _seat_limit(limits: Limits) -> str:
    seats = limits.staff_leasing
    if seats.part_time_seat is not None:
        return f"staff_leasing.part_time_seat.min_hours_per_week {seats.part_time_seat.min_hours_per_week:f}"
    return f"staff_leasing.min_hours_per_week {seats.min_hours_per_week:f}"


def _below_seat(f: Facts) -> bool:
    return f.limits.staff_leasing is not None and f.hours < f.limits.staff_leasing.smallest


CONSTRAINTS: tuple[Rule, ...] = (
    # The client's hard facts: nothing outweighs them.
    Rule("chosen_worker", (), lambda f, o: f.named_worker_country is not None,
         "Only an employer of record can employ the worker you have already chosen in {worker_country}.", but=(Model.EOR, Model.IN_HOUSE)),
    Rule("no_company_abroad", (Model.IN_HOUSE,), lambda f, o: f.worker_abroad,
         "You have no company in {worker_country} to employ the chosen worker yourself."),
    Rule("needs_licence", (), lambda f, o: f.licensed, "The work needs a licensed professional.", but=(Model.PROFESSIONAL, Model.IN_HOUSE)),
    Rule("must_stay_onshore", (), lambda f, o: f.onshore_only and o.location != "onshore", "The work must stay in {country}.",
         but=(Model.IN_HOUSE,), same_reason_as="kept_onshore"),
    Rule("needs_premises", (), lambda f, o: f.on_site, "Needs someone on your premises.", but=ON_PREMISES, same_reason_as="on_premises"),
    # What is sold: the provider's offer and its limits (data/provider.yaml), a firm's quote.
    Rule("not_on_rate_card", (Model.STAFF_LEASING,), lambda f, o: not f.leasable, "We do not staff this kind of work from our centres.",
         providers=(Provider.US,)),
    Rule("one_off_task", (Model.STAFF_LEASING,), lambda f, o: f.work == "task", "A one-off task does not need a dedicated worker."),
    Rule("below_seat_minimum", (Model.STAFF_LEASING,), lambda f, o: _below_seat(f),
         "A dedicated worker is leased for at least {min_hours} hours a week; this work has {role_hours}.",
         providers=(Provider.US,), limit=_seat_limit),
    Rule("task_too_large", (Model.MICROSOURCING,),
         lambda f, o: f.limits.microsourcing is not None and f.task_hours > f.limits.microsourcing.max_task_hours,
         "At {task_hours} hours the job is larger than a marketplace task (at most {max_task_hours}).",
         providers=(Provider.MARKET,), limit=lambda limits: f"microsourcing.max_task_hours {limits.microsourcing.max_task_hours:f}"),
    Rule("project_too_short", (Model.PROJECT,),
         lambda f, o: f.limits.project is not None and f.duration is not None and f.duration < f.limits.project.min_months,
         "A project team takes work of at least {min_months} months.",
         providers=(Provider.US,), limit=lambda limits: f"project.min_months {limits.project.min_months}"),
    Rule("no_worker_chosen", (Model.EOR,), lambda f, o: f.named_worker_country is None, "No particular worker abroad has been chosen."),
    Rule("ongoing_on_site", (Model.STAFF_AUGMENTATION,), lambda f, o: f.ongoing, "Ongoing on-site work is better hired directly."),
    # No centre and shift of ours suits the work: one rule, told by its cause.
    Rule("no_suitable_centre", CENTRE_MODELS, lambda f, o: not f.centre_found and f.missing_language is not None,
         "None of our centres works in {language}.", providers=(Provider.US,)),
    Rule("no_suitable_centre", CENTRE_MODELS, lambda f, o: not f.centre_found and f.languages_apart,
         "None of our centres works in all the languages this work needs.", providers=(Provider.US,)),
    Rule("no_suitable_centre", CENTRE_MODELS, lambda f, o: not f.centre_found and (not f.onshore_only or f.onshore_centre),
         "No shift at our centres shares {hours} hours with your business day.", providers=(Provider.US,)),
)


@dataclass(frozen=True, slots=True)
class Need:
    """A requirement of the work that the options of some models fail: it alone lets a dearer option win."""

    name: str
    fails: tuple[Model, ...]
    applies: Callable[[Facts], bool]
    # A clause completing "X would cost less, but {need}.": lower case, no full stop.
    need: str


NEEDS: tuple[Need, ...] = (
    Need("continuity", (Model.BPO, Model.KPO, Model.PROJECT, Model.MICROSOURCING), lambda f: f.work == "role" and f.ongoing,
         "ongoing daily work needs a dedicated worker who learns your business"),
    Need("short_hire", (Model.IN_HOUSE,), lambda f: f.short, "hiring for a few months costs recruitment and notice for little time"),
    Need("one_off_hire", (Model.IN_HOUSE,), lambda f: f.work == "task", "hiring someone for a one-off task costs recruitment and notice for little work"),
    Need("business_hours", (Model.MICROSOURCING,), lambda f: f.overlap_needed > 0,
         "the work needs hours within your business day, which marketplace freelancers do not promise"),
)


def _seat_kind(f: Facts) -> str | None:
    taken = seat(f.hours, f.limits.staff_leasing)
    return taken.kind if taken else None


def _above_first_band(f: Facts, o: Option) -> bool:
    return o.breakdown is not None and o.model in f.tiers and f.service_hours > f.tiers[o.model]


DESCRIPTIONS: tuple[Rule, ...] = (
    Rule("on_premises", (Model.IN_HOUSE,), lambda f, o: f.on_site, "The work has to be done on your premises."),
    Rule("kept_onshore", (Model.IN_HOUSE,), lambda f, o: f.onshore_only, "Data or regulation keeps the work in {country}."),
    Rule("steady_full_time", (Model.IN_HOUSE,), lambda f, o: f.work == "role" and f.ongoing and f.hours >= 30,
         "Steady, full-time work can always be hired directly."),
    Rule("dedicated_role", (Model.STAFF_LEASING,), lambda f, o: f.work == "role", "A dedicated worker follows your schedule and processes, like your own employee."),
    Rule("ongoing_work", (Model.STAFF_LEASING,), lambda f, o: f.ongoing, "Ongoing work lets one person build know-how about your business."),
    Rule("defined_process", (Model.BPO,), lambda f, o: f.work == "process", "A defined, repeatable process is best bought as a service, by outcome."),
    Rule("fractional_volume", (Model.BPO,), lambda f, o: f.work == "process" and f.service_hours < FULL_TIME,
         "The volume is below a full-time job, so you pay only for the hours used."),
    Rule("volume_tiers", (Model.BPO, Model.KPO), _above_first_band, "Hours above {tier} a week are billed at lower volume rates.", providers=(Provider.US,)),
    Rule("licensed_work", (Model.PROFESSIONAL,), lambda f, o: f.licensed, "The work needs a licensed professional."),
    Rule("knowledge_work", (Model.KPO,), lambda f, o: f.work == "knowledge", "Research and analysis are best bought from a specialist team."),
    Rule("defined_project", (Model.PROJECT,), lambda f, o: f.work == "project", "A defined piece of work with an end date suits a project team."),
    Rule("time_bound", (Model.PROJECT,), lambda f, o: f.work == "project" and f.duration is not None and f.duration <= 12,
         "You pay for the project's duration only."),
    Rule("one_off", (Model.MICROSOURCING,), lambda f, o: f.work == "task", "A short, one-off task suits a freelance marketplace."),
    Rule("worker_chosen", (Model.EOR,), lambda f, o: f.named_worker_country is not None,
         "You have already chosen a worker in {worker_country}; an employer of record employs them for you without a local company."),
    Rule("temporary_on_site", (Model.STAFF_AUGMENTATION,), lambda f, o: f.on_site and not f.ongoing, "A temporary on-site need is met fastest by augmented staff."),
    # A price in hand speaks for the firm that quoted, whatever the model.
    Rule("quote_in_hand", (), lambda f, o: f.quoted_by is not None, "{who} has already quoted for this work.", but=(), providers=(Provider.THIRD_PARTY,)),
    Rule("quote_in_hand", (), lambda f, o: f.quoted_by is None, "A firm has already quoted for this work.", but=(), providers=(Provider.THIRD_PARTY,)),
)


# A cost the chosen option carries: the client keeps it in mind beside the price, it is no reason to choose.
PART_TIME_SEAT = Rule("part_time_seat", (Model.STAFF_LEASING,), lambda f, o: _seat_kind(f) == "part_time",
                      "A part-time seat costs {seat} more than the prorated full-time fee.", providers=(Provider.US,))


@dataclass(frozen=True, slots=True)
class Judged:
    """One option as the rules see it: removed (and by what), or feasible with its cost over the horizon."""

    option: Option
    removed_by: tuple[Rule, ...]  # the constraints that remove it, first the one the client reads
    removal: Phrase | None  # that first constraint's sentence
    fails: tuple[Need, ...]  # the needs of the work it does not meet (feasible options only)
    horizon: Decimal | None  # what it costs over the proposal's years, set-up included; None: on request
    reasons_for: tuple[Phrase, ...]  # the descriptions that apply to it
    reasons_against: tuple[Phrase, ...]  # plain facts a reader keeps in mind: on request, dearer than a hire
    fits: tuple[Rule, ...] = ()  # the description rules that applied

    @property
    def feasible(self) -> bool:
        return not self.removed_by

    def already_says(self, exclusion: Rule) -> bool:
        """Whether one of this option's descriptions gives the exclusion's reason in other words."""
        return exclusion.same_reason_as is not None and any(rule.name == exclusion.same_reason_as for rule in self.fits)


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen option, why it won, the runners-up and the whole evaluation, for one role."""

    chosen: Judged
    why: tuple[Phrase, ...]  # the deciding sentences: the lowest cost, or the need a cheaper option fails
    alternatives: tuple[Judged, ...]  # the runners-up a client reads (offered_beside), cheapest first
    ranked: tuple[Judged, ...]  # the feasible options, cheapest first, then the removed ones
    trace: tuple[str, ...]
    delivery_trace: tuple[str, ...]
    years: int
    facts: Facts


def _values(facts: Facts, option: Option | None = None) -> dict[str, object]:
    limits = facts.limits
    seats = limits.staff_leasing
    taken = seat(facts.hours, seats)
    return {
        "country": facts.country,
        "worker_country": Country(facts.named_worker_country) if facts.named_worker_country else "",
        "language": Term(LANGUAGE_NAMES.get(facts.missing_language, facts.missing_language or "")),
        "hours": facts.overlap_needed,
        "who": facts.quoted_by,
        "min_hours": seats.smallest if seats else None,
        "role_hours": facts.hours,
        "task_hours": facts.task_hours,
        "max_task_hours": limits.microsourcing.max_task_hours if limits.microsourcing else None,
        "min_months": limits.project.min_months if limits.project else None,
        "seat": Pct(taken.premium) if taken else None,
        "tier": facts.tiers.get(option.model) if option is not None else None,
    }


def _phrase(text: str, facts: Facts, option: Option | None = None) -> Phrase:
    values = _values(facts, option)
    return Phrase.of(text, **{k: v for k, v in values.items() if "{" + k + "}" in text})


def _key(option: Option) -> str:
    return option.model if option.provider != Provider.THIRD_PARTY else f"{option.model} ({option.provider})"


def horizon_cost(proposal: PricedProposal, priced: PricedRole, option: Option) -> Decimal | None:
    """What an option costs over the proposal's years, as the cost of ownership counts it
    (salaries grown, prices escalated, set-up fees in year one); None when priced on request."""
    if option.breakdown is None:
        return None
    tco = project(proposal, (Plan(priced, option.model, option.breakdown),), proposal.client_file.proposal.years)
    return money_sum(row.proposed for row in tco.years)


def judge(option: Option, priced: PricedRole, facts: Facts, proposal: PricedProposal) -> Judged:
    """Which constraints remove an option; else which needs it fails, its cost over the horizon
    and its descriptions. A removed option is never priced over the horizon, nor compared."""
    removed = []
    for rule in CONSTRAINTS:
        if rule.bears_on(option) and rule.applies(facts, option) and rule.name not in {r.name for r in removed}:
            removed.append(rule)
    if removed:
        return Judged(option, tuple(removed), _phrase(removed[0].text, facts, option), (), None, (), ())
    horizon = horizon_cost(proposal, priced, option)
    fails = tuple(need for need in NEEDS if option.model in need.fails and need.applies(facts))
    fits = tuple(rule for rule in DESCRIPTIONS if rule.bears_on(option) and rule.applies(facts, option))
    pros = [_phrase(rule.text, facts, option) for rule in fits][:2]  # the two that say most, then the saving
    cons = [_phrase(PART_TIME_SEAT.text, facts, option)] if PART_TIME_SEAT.bears_on(option) and PART_TIME_SEAT.applies(facts, option) else []
    in_house = priced.in_house.annual
    if option.model != Model.IN_HOUSE:
        if option.annual is None:
            cons.append(Phrase("Priced on request."))
        elif in_house > 0 and option.annual <= in_house:
            pros.append(Phrase.of("Costs {pct} less than hiring in-house.", pct=Pct((in_house - option.annual) / in_house)))
        elif in_house > 0:
            cons.append(Phrase.of("Costs {pct} more than hiring in-house.", pct=Pct((option.annual - in_house) / in_house)))
    return Judged(option, (), None, fails, horizon, tuple(pros), tuple(cons), fits)


def select(priced: PricedRole, proposal: PricedProposal, country_name: str, leasable: bool) -> Selection:
    """Remove what cannot be done, rank the rest by cost over the horizon, and choose."""
    years = proposal.client_file.proposal.years
    facts = Facts.of(priced, proposal, country_name, leasable)
    judged = [judge(option, priced, facts, proposal) for option in priced.options]
    feasible = sorted((j for j in judged if j.feasible), key=_cost_order)
    removed = [j for j in judged if not j.feasible]
    if not feasible:  # the client file's cross-checks refuse constraints that clash, so this is a bug
        raise ValueError(f"role {priced.role.title!r}: every option is removed ({', '.join(r.removed_by[0].name for r in removed)})")
    chosen = next((j for j in feasible if not j.fails), feasible[0])
    cheaper = feasible[: feasible.index(chosen)]
    others = offered_beside(chosen, [j for j in feasible if j is not chosen], facts)[:2]
    why = _why(chosen, cheaper, feasible, years, shown=others)
    plain = Plain(proposal.currency)
    trace = [_removed_line(j, facts) for j in removed]
    trace += [_cost_line(n, j, years, plain) for n, j in enumerate(feasible, start=1)]
    trace.append(_chosen_line(chosen, cheaper, feasible, plain))
    delivery_trace = tuple(
        f"{d.centre} {d.shift} (starts {d.shift_start:02d}:00, {d.location}): overlap {d.overlap:g} h, "
        f"premium {(d.premium * 100).normalize():f}%, cost x{d.cost_factor.normalize():f}: {d.verdict()}"
        + (" <- best" if priced.delivery == d else "")
        for d in priced.deliveries
    )
    return Selection(chosen, why, others, tuple(feasible) + tuple(removed), tuple(trace), delivery_trace, years, facts)


def offered_beside(chosen: Judged, others: list[Judged], facts: Facts) -> tuple[Judged, ...]:
    """The feasible runners-up worth a client's reading beside the choice, cheapest first: each
    another model (the same model at another price is not another way to do the work; one
    option per model), priced on the same need as the choice. A firm's quote prices the work
    it covers, whose hours are unknown unless the client states them: beside it, a service
    priced by the hour on a full-time job's hours is a different need, so it is left out."""
    shown: list[Judged] = []
    for judged in others:
        option = judged.option
        if option.model == chosen.option.model or any(s.option.model == option.model for s in shown):
            continue
        if option.hourly and chosen.option.provider == Provider.THIRD_PARTY and not facts.service_hours_stated:
            continue
        shown.append(judged)
    return tuple(shown)


def _cost_order(judged: Judged) -> tuple:
    # Priced options first, cheapest first; an option on request cannot be compared on cost.
    return (judged.horizon is None, judged.horizon or 0, judged.option.model.rank, judged.option.provider)


def _why(chosen: Judged, cheaper: list[Judged], feasible: list[Judged], years: int, shown: tuple[Judged, ...] = ()) -> tuple[Phrase, ...]:
    """The sentences that decide: each need a cheaper option fails, or that the choice costs least.

    A cheaper option `shown` beside the choice ("Also considered") has its cost and the need it
    fails said on its own line there: it is not said a second time as a reason."""
    if cheaper:
        said, out = {other.fails[0].name for other in cheaper if any(other is s for s in shown)}, []
        for other in cheaper:
            need = other.fails[0]
            if need.name in said:
                continue
            said.add(need.name)
            values = {"cheaper": Term(other.option.model.label), "amount": Money(other.horizon), "years": years, "need": Term(need.need)}
            if chosen.horizon is None:
                out.append(Phrase.of("{cheaper} would cost {amount} over the {years}-year horizon, but {need}.", **values))
            else:
                out.append(Phrase.of("{cheaper} would cost {amount} over the {years}-year horizon, against {ours} for this option, but {need}.",
                                     ours=Money(chosen.horizon), **values))
        return tuple(out)
    if chosen.horizon is not None and any(j is not chosen and j.horizon is not None for j in feasible):
        return (Phrase.of("The lowest cost over the {years}-year horizon of the priced options that suit this work.", years=years),)
    return ()


def _removed_line(judged: Judged, facts: Facts) -> str:
    limits = [rule.limit(facts.limits) for rule in judged.removed_by if rule.limit is not None]
    tag = f" (provider limit {'; '.join(limits)}{', illustrative' if facts.limits.illustrative else ''})" if limits else ""
    return f"{_key(judged.option)}: removed by {', '.join(rule.name for rule in judged.removed_by)}{tag}"


def _cost_line(number: int, judged: Judged, years: int, plain: Plain) -> str:
    if judged.horizon is None:
        cost = "priced on request"
    else:
        cost = f"{plain.money(judged.horizon)} over {years} year{'s' if years != 1 else ''}, set-up included ({plain.money(judged.option.annual)} a year)"
    fails = f"; fails {', '.join(need.name for need in judged.fails)}" if judged.fails else ""
    return f"{_key(judged.option)}: {number}. {cost}{fails}"


def _chosen_line(chosen: Judged, cheaper: list[Judged], feasible: list[Judged], plain: Plain) -> str:
    key = _key(chosen.option)
    if cheaper:
        failed = "; ".join(f"{_key(j.option)} costs {plain.money(j.horizon)} but fails {j.fails[0].name}" for j in cheaper)
        return f"chosen: {key}, as {failed}"
    if len(feasible) == 1:
        return f"chosen: {key}, the only feasible option" + (f" (fails {chosen.fails[0].name})" if chosen.fails else "")
    if chosen.horizon is None:
        return f"chosen: {key}, the only feasible option meeting every need"
    return f"chosen: {key}, the cheapest of {len(feasible)} feasible options"


def disqualifying(option: Option) -> frozenset[str]:
    """Every sentence that would speak against an option: the constraints that bear on it and
    the needs its model may fail. A recommendation must carry none of them as a reason."""
    texts = {rule.text for rule in CONSTRAINTS if rule.bears_on(option)}
    return frozenset(texts | {need.need for need in NEEDS if option.model in need.fails})


def removal_of(selection: Selection, model: Model) -> Judged | None:
    """The judged option of a model (ours before a third party's), removed or not."""
    found = [j for j in selection.ranked if j.option.model == model]
    return next((j for j in found if j.option.provider != Provider.THIRD_PARTY), found[0] if found else None)


def delivery_phrase(option: Option) -> Phrase | None:
    """Where a centre-delivered option is worked from, in a sentence for the client."""
    d = option.delivery
    if d is None or option.provider != Provider.US:
        return None
    text = "Delivered from our {centre} ({location}) on the {shift} shift, sharing {hours} hours with your business day"
    if d.premium:
        return Phrase.of(text + "; the shift carries a {premium} premium.", centre=Term(d.centre_name), location=Term(d.location), shift=Term(d.shift), hours=d.overlap, premium=Pct(d.premium))
    return Phrase.of(text + ".", centre=Term(d.centre_name), location=Term(d.location), shift=Term(d.shift), hours=d.overlap)


def language_phrase(option: Option, priced: PricedRole) -> Phrase | None:
    """Why a dearer centre delivers: the cheapest one does not work in a language the role needs."""
    d = option.delivery
    if d is None or option.provider != Provider.US or not priced.deliveries:
        return None
    cheapest = min(priced.deliveries, key=lambda c: (c.cost_factor, c.centre, c.shift_start))
    if cheapest.cost_factor >= d.cost_factor or not cheapest.missing_languages or cheapest.centre == d.centre:
        return None
    return Phrase.of("Our {centre} costs less but does not work in {language}.", centre=Term(cheapest.centre_name), language=Language(cheapest.missing_languages[0]))
