"""Price: the cost engine. In-house cost line by line, the leased fee, third-party quotes.

Each amount is rounded once, per head, by money.round_money; role and proposal totals
are exact sums of those rounded lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal

from quotegen.data.models import Model, Provider, registered
from quotegen.input.provider import FxRate, ProviderConfig
from quotegen.money import CENT, ZERO, money_sum, round_money
from quotegen.engine.phrases import Currency, Money, Pct, Phrase, Term
from quotegen.engine.lines import Breakdown, CostLine, Part
from quotegen.data import localities
from quotegen.data.rates import HOURS_PER_YEAR, Contribution, PayrollTax, Pay, RateSet, Source, SourceBasis, for_employer, french_spacing, rate_set, us_programmes
from quotegen.engine import delivery
from quotegen.engine import alternatives as options
from quotegen.engine.delivery import Delivery
from quotegen.engine.alternatives import Option
from quotegen.data.tables import NEARSHORE, region_name
from quotegen.input.client import DEFAULT_HEALTH_TIER, ClientFile, Role

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class MarginalLevy:
    """What a tax on the whole payroll costs for the roles of a proposal: the tax on the payroll
    with their first-year wages less the tax on the payroll without them, shared by wages."""

    before: Decimal  # the payroll without the roles (client.annual_payroll, else 0)
    after: Decimal  # with the roles' first-year wages
    rate: Decimal  # the cost over the wages added: what each added dollar carries (unrounded)
    per_head: dict[str, Decimal]  # each role's share per head, by title, in cents


@dataclass(frozen=True, slots=True)
class Employer:
    """What the in-house side of every role shares: the basis and the employer's size."""

    cost_basis: str
    payroll: Decimal  # the company's annual payroll WITHOUT the roles quoted (client.annual_payroll)
    employees: int  # the whole company's headcount: some programmes start at a size
    overrides: dict  # client-wide assumption overrides, by key
    health_tier: str = DEFAULT_HEALTH_TIER  # the client's; a role's own wins
    levy: MarginalLevy | None = None  # the payroll tax's cost of all the roles
    roles_wages: Decimal = ZERO  # the roles' first-year wages: payroll + roles_wages is the payroll with them
    average_wage: Decimal | None = None  # the company's average wage: a small-employer test (Minnesota)


@dataclass(frozen=True, slots=True)
class PricedRole:
    """Every way of doing one role's work, priced, before a model is chosen."""

    role: Role
    family_label: str
    in_house: Breakdown
    options: tuple[Option, ...]  # in-house first, then every applicable alternative
    deliveries: tuple[Delivery, ...]  # every centre and shift, judged for this role
    delivery: Delivery | None  # the cheapest suitable one, or None
    # Whether the client file names the role's languages; if not, `role.languages` is the
    # document's language (a French-Canadian client's role is worked in French), never printed.
    languages_given: bool = True

    def option(self, model: Model) -> Option | None:
        """The best-priced option of a model (a third-party quote beats our own price)."""
        found = [o for o in self.options if o.model == model]
        priced = [o for o in found if o.annual is not None]
        if priced:
            return min(priced, key=lambda o: (o.annual, o.provider))
        return found[0] if found else None

    @property
    def leasing(self) -> Breakdown | None:
        option = self.option(Model.STAFF_LEASING)
        return option.breakdown if option else None


@dataclass(frozen=True)
class PricedProposal:
    client_file: ClientFile
    config: ProviderConfig
    rates: RateSet
    currency: str
    employer: Employer
    fx: FxRate | None
    roles: tuple[PricedRole, ...]
    notes: tuple[Phrase, ...]
    warnings: tuple[str, ...]


def price(client_file: ClientFile, config: ProviderConfig) -> PricedProposal:
    """Price every role of a validated client file with the provider's configuration."""
    client, proposal = client_file.client, client_file.proposal
    rates = rate_set(client.country, client.region, proposal.date)
    currency = client.billing_currency
    fx = _fx(config, currency)
    payroll = client.annual_payroll or ZERO  # without the roles: they are added on top
    employer = Employer(
        cost_basis=proposal.cost_basis,
        payroll=payroll,
        employees=client.employees or sum(r.headcount for r in client_file.roles),
        overrides=client_file.assumptions.amounts() if client_file.assumptions else {},
        health_tier=client_file.health_tier(),
        levy=marginal_levy(rates.payroll_tax, payroll, client_file.roles) if rates.payroll_tax else None,
        roles_wages=first_year_wages(client_file.roles),
        average_wage=_average_wage(client_file),
    )
    us_notes: list[Phrase] = []
    us_advice: list[str] = []
    if client.country == "US" and proposal.cost_basis != "salary_only":
        rates, us_notes, us_advice = _us_rates(client_file, rates, employer)
    roles = tuple(_price_role(role, client_file, config, rates, employer, fx) for role in client_file.roles)
    notes, warnings = _notes(client_file, config, rates, fx, employer)
    notes = (*notes, *us_notes)
    # The advice to the sales rep (which field of the client file would sharpen a figure) is a
    # warning: validate, render, price and explain print it and the internal copy lists it;
    # the client's document says only what was assumed, in plain words.
    warnings = tuple(dict.fromkeys((*warnings, *us_advice)))
    return PricedProposal(client_file, config, rates, currency, employer, fx, roles, notes, warnings)


def marginal_levy(tax: PayrollTax, payroll: Decimal, roles: list[Role]) -> MarginalLevy:
    """The tax's cost of adding the roles' first-year wages to `payroll`, shared among the roles.

    The cost, rounded to the cent, is split in proportion to wages: each role's share per head
    is the marginal rate x its wages rounded down or up to the cent, so a line is less than a
    cent from rate x wages. The roles rounded up are chosen, largest remainders first, so that
    the lines add up to the cost exactly. A role's cent counts once per head, so some headcounts
    cannot make every sum (a role of two heads cannot place one cent, as with any line rounded
    per head): then the lines add up to the nearest sum they can make.
    """
    wages = [(role.title, role.salary * role.share_in_year(1), role.headcount) for role in roles]
    added = first_year_wages(roles)
    cost = round_money(tax.marginal_tax(payroll, added))
    rate = tax.marginal_tax(payroll, added) / added if added else ZERO
    exact = {title: rate * per_head for title, per_head, _ in wages}
    shares = {title: amount.quantize(CENT, rounding=ROUND_FLOOR) for title, amount in exact.items()}
    cents_left = int((cost - money_sum(shares[title] * heads for title, _, heads in wages)) / CENT)
    remainders = [(title, heads, exact[title] - shares[title]) for title, _, heads in wages]
    for title in _rounded_up([r for r in remainders if r[2]], cents_left):  # an exact share stays as it is
        shares[title] += CENT
    return MarginalLevy(before=payroll, after=payroll + added, rate=rate, per_head=shares)


def first_year_wages(roles: list[Role]) -> Decimal:
    """What the roles are paid in the proposal's first year, all heads (exact: a part-year's wages are unrounded)."""
    return sum((role.salary * role.share_in_year(1) * role.headcount for role in roles), ZERO)


def _rounded_up(roles: list[tuple[str, int, Decimal]], cents: int) -> list[str]:
    """The roles (title, heads, remainder) to round up so that their heads add up to `cents`,
    or as near as their heads allow; larger remainders first, then by title, so a role's
    share does not depend on where the file lists it."""
    order = sorted(roles, key=lambda r: (-r[2], r[0].casefold()))
    # reach[i]: the bit set of every cent sum the roles order[i:] can make (bit n: n cents).
    reach = [1] * (len(order) + 1)
    for i in range(len(order) - 1, -1, -1):
        reach[i] = reach[i + 1] | reach[i + 1] << order[i][1]
    target = min((n for n in range(reach[0].bit_length()) if reach[0] >> n & 1), key=lambda n: (abs(n - cents), n))
    chosen = []
    for i, (title, heads, _) in enumerate(order):
        if target >= heads and reach[i + 1] >> (target - heads) & 1:
            chosen.append(title)
            target -= heads
    return chosen


def in_house_cost(
    role: Role, rates: RateSet, employer: Employer, config: ProviderConfig, share: Decimal | None = None
) -> Breakdown:
    """Salary plus every employer cost of one in-house hire, line by line.

    `share` is the part of a year the work lasts (a 5-month project: 5/12; a one-off task:
    its hours over a year of the role's hours); by default the role's first year.
    """
    first_year = share is None
    share = role.share_in_year(1) if share is None else share
    salary = role.salary * share  # the wages actually paid, so wage bases cap them right
    heads = role.headcount
    clerical = config.rate_card[role.family].workers_comp_class == "clerical"
    label = _salary_label(role, share)
    lines = [CostLine.rounded("salary", label, salary, heads, base=salary, unit="wages")]
    if employer.cost_basis == "salary_only":
        return Breakdown.of("in_house", lines)
    tier = role.assumptions.health_tier if role.assumptions and role.assumptions.health_tier else employer.health_tier
    hours_per_year = rates.hours_worked.value if rates.hours_worked else HOURS_PER_YEAR
    pay = Pay(wages=salary, share=share, fte=role.fte, hours_per_week=role.hours_per_week, hours_per_year=hours_per_year)
    for contribution in rates.contributions:
        # Settled already when priced for a client (price); a bare rate set is settled here.
        contribution = contribution.for_size(employer.employees, employer.average_wage)
        if contribution is None or (contribution.health is not None and tier == "none"):
            continue  # a small employer owes nothing, or no health cover is priced to add to
        line = _contribution_line(contribution, pay, heads)
        if line is not None:
            lines.append(line)
    if rates.payroll_tax is not None:
        lines.append(_payroll_tax_line(rates.payroll_tax, role, salary, employer, first_year))
    lines.append(_workers_comp_line(role, rates, clerical, salary))
    own = role.assumptions.amounts() if role.assumptions else {}
    for assumption in rates.assumptions:
        if assumption.key == "office_space" and role.remote:
            continue  # every in-house employee who is not remote has a desk, on_site or not
        if role.family in assumption.not_for:
            continue  # office overhead, and the work is not done at an office desk (data: not_for)
        if assumption.key == "health_insurance" and not assumption.prices_tier(tier):
            continue  # another tier's figure, or no health cover at all
        # A role's own figure beats the client's, which beats the sourced default.
        value = own.get(assumption.key, employer.overrides.get(assumption.key, assumption.value))
        label, source = assumption.label, assumption.source
        if assumption.label_given and (assumption.key in own or assumption.key in employer.overrides):
            label, source = assumption.label_given, None  # the client's figure, not the survey's
        if assumption.basis == "pct_salary":
            amount, base, unit = value * salary, salary, "wages"
        elif assumption.basis == "per_hour":
            base = (rates.hours_worked.value if rates.hours_worked else HOURS_PER_YEAR) * role.fte * share
            amount, unit = value * base, "hours"
        else:
            amount, base, unit = value * role.fte * share, role.fte * share, "fte"
        parts = fte_parts(role, share) if unit == "fte" else ()
        lines.append(CostLine.rounded(assumption.key, label, amount, heads, rate=value, base=base, unit=unit, source=source, parts=parts))
    return Breakdown.of("in_house", lines)


def fte_parts(role: Role, share: Decimal) -> tuple[Part, ...]:
    """A yearly amount's base (FTE x share of the year) as counts a reader can multiply out:
    a one-off task's hours over a full-time year, weekly hours over 40, months over 12."""
    if role.work == "task" and role.task_hours and 0 < share < 1 and share == role.share_in_year(1):
        return (Part(role.task_hours, HOURS_PER_YEAR, "hours"),)  # FTE x share = its hours over 40 x 52
    parts = []
    if role.fte != 1:
        parts.append(Part(role.hours_per_week, Decimal(40), "hours_a_week"))
    months = share * 12
    if share != 1 and months == months.to_integral_value():
        parts.append(Part(months.to_integral_value(), Decimal(12), "months"))
    return tuple(parts)


def _payroll_tax_line(tax: PayrollTax, role: Role, salary: Decimal, employer: Employer, first_year: bool) -> CostLine:
    """A tax on the whole payroll at its marginal cost: the role's share of what the proposal's
    roles add to it (in later years of the cost of ownership, the same marginal rate on the
    grown wages). Without the proposal's figure (a lone role), the cost of this role alone."""
    levy = employer.levy
    if levy is None:
        added = salary * role.headcount
        levy = MarginalLevy(employer.payroll, employer.payroll + added, tax.marginal_tax(employer.payroll, added) / added if added else ZERO, {})
    per_head = levy.per_head.get(role.title) if first_year else None
    if per_head is None:
        per_head = levy.rate * salary
    return CostLine.rounded(tax.key, tax.label, per_head, role.headcount, rate=levy.rate, base=salary, unit="wages", source=tax.source,
                             blended=levy.rate not in {bracket.rate for bracket in tax.brackets})  # a mix of rates, not one the law sets


def _salary_label(role: Role, share: Decimal) -> Phrase:
    if share == 1:
        return Phrase("Base salary")
    if role.work == "task" and share:
        # Counts, not a rounded percentage: the salary times them gives the amount to the cent.
        if role.task_hours:
            return Phrase.of("Base salary for the task: {hours} of {year} hours a year", hours=role.task_hours, year=role.hours_per_week * 52)
        return Phrase.of("Base salary for {months} of 12 months", months=role.duration_months or 1)
    if not share:
        return Phrase("Base salary (no work this year)")
    return Phrase.of("Base salary for {months} of 12 months", months=role.months_in_year(1))


def _workers_comp_line(role: Role, rates: RateSet, clerical: bool, salary: Decimal) -> CostLine:
    """Workers' comp: a per-role rate if given, else the regional average, reduced for
    clerical office work where the data holds a clerical factor (premiums follow the
    occupation's risk class)."""
    comp = rates.workers_comp
    label, source = "Workers' compensation", comp.source
    if role.workers_comp_rate is not None:
        per_100 = role.workers_comp_rate
        label = "Workers' compensation, client-provided rate"
        source = replace(CLIENT_WORKERS_COMP_SOURCE, year=rates.year)
    elif clerical and comp.clerical_factor is not None:
        per_100 = comp.rate_per_100 * comp.clerical_factor
        label = "Workers' compensation (clerical office class)"
        source = clerical_source(comp.source, comp.clerical_source, comp.clerical_factor)
    else:
        # The average over every class: said in the label, as an office role elsewhere pays its
        # clerical class rate and the reader compares the two (where no clerical rate is held, Canada).
        per_100 = comp.rate_per_100
        label = "Workers' compensation (average rate of all industries)"
        if comp.state_fund_median:
            label = "Workers' compensation (national median rate, for the state's own fund)"
    rate = per_100 / HUNDRED
    base = salary if comp.max_assessable is None else min(salary, comp.max_assessable)
    return CostLine.rounded("workers_comp", label, rate * base, role.headcount, rate=rate, base=base, unit="wages", source=source)


# A rate the client gave for the role: no document behind it, so the title is ours, in both languages.
CLIENT_WORKERS_COMP_SOURCE = Source(
    title="Rate provided by the client for this role",
    url=None,
    year=0,
    estimate=False,
    title_fr="Taux fourni par le client pour ce poste",
)


def clerical_source(average: Source, clerical: Source, factor: Decimal) -> Source:
    """The clerical office rate's source: the two documents it comes from (the average's and the
    clerical class's, their titles as published), and how they combine, in English and French."""
    how = SourceBasis(
        en=f"The all-industry average rate times {factor} for clerical office work.",
        fr=french_spacing(f"Taux moyen de toutes les branches multiplié par {str(factor).replace('.', ',')} pour le travail de bureau."),
    )
    parts = [basis for basis in (average.basis, how, clerical.basis) if basis is not None]
    own_fr = average.title_fr is not None or clerical.title_fr is not None
    return Source(
        title=f"{average.title}; {clerical.title}",
        url=clerical.url,
        year=average.year,
        estimate=average.estimate or clerical.estimate,
        note=clerical.note,
        # A French title only when either document has one; else both English titles are marked so.
        title_fr=f"{average.title_fr or average.title + ' (en anglais)'} ; {clerical.title_fr or clerical.title + ' (en anglais)'}" if own_fr else None,
        basis=SourceBasis(en=" ".join(b.en for b in parts), fr=" ".join(b.fr for b in parts)),
    )


def _contribution_line(contribution: Contribution, pay: Pay, heads: int) -> CostLine | None:
    charged = contribution.charge(pay)
    if charged is None:
        return None
    amount, rate, base, unit = charged
    return CostLine.rounded(contribution.key, contribution.label, amount, heads, rate=rate, base=base, unit=unit, source=contribution.source)


def _average_wage(client_file: ClientFile) -> Decimal:
    """The company's average wage: its stated payroll over its stated staff, else the roles' average salary."""
    client, roles = client_file.client, client_file.roles
    if client.annual_payroll and client.employees:
        return client.annual_payroll / client.employees
    return sum((role.salary * role.headcount for role in roles), ZERO) / sum(role.headcount for role in roles)


def _languages_given(role: Role) -> bool:
    return "languages" in role.model_fields_set


def _price_role(role: Role, client_file: ClientFile, config: ProviderConfig, rates: RateSet, employer: Employer, fx: FxRate | None) -> PricedRole:
    """The in-house cost and every alternative that applies to this role's work."""
    client = client_file.client
    languages_given = _languages_given(role)
    if not languages_given:
        # The schema's default is English; a role whose file names no language is worked in the
        # document's language (fr for fr_CA), which also decides the centres that can serve it.
        role = role.model_copy(update={"languages": [client.document_locale.split("_")[0]]})
    in_house = in_house_cost(role, rates, employer, config)
    deliveries = delivery.evaluate(role, client.country, client.region, config)
    chosen = delivery.choose(deliveries)
    found: list[options.Option | None] = [options.Option(Model.IN_HOUSE, Provider.CLIENT, in_house, "onshore")]
    found.append(options.leasing(role, config, chosen, fx))
    found.append(options.third_party(role))
    for model in registered():
        if model.service_work is not None and role.work == model.service_work:
            found.append(options.managed_service(model, role, config, chosen, fx))
    if role.named_worker_country:
        found.append(options.employer_of_record(role, config, fx, location_of(role.named_worker_country, client.country)))
    if role.licensed:
        found.append(options.professional(role, fx))
    if role.work == "task":
        found.append(options.microsourcing(role, fx))
    if role.on_site:
        found.append(options.Option(Model.STAFF_AUGMENTATION, Provider.MARKET, None, "onshore"))
    return PricedRole(
        role=role,
        family_label=config.rate_card[role.family].label,
        in_house=in_house,
        options=tuple(o for o in found if o is not None),
        deliveries=deliveries,
        delivery=chosen,
        languages_given=languages_given,
    )


def location_of(worker_country: str, client_country: str) -> str:
    """Onshore in the client's country, nearshore in the Americas' nearby time zones, else offshore."""
    if worker_country == client_country:
        return "onshore"
    return "nearshore" if worker_country in NEARSHORE else "offshore"


def _fx(config: ProviderConfig, currency: str) -> FxRate | None:
    if currency == config.pricing.currency:
        return None
    return config.pricing.fx.get(currency)


def _notes(client_file: ClientFile, config: ProviderConfig, rates: RateSet, fx: FxRate | None, employer: Employer):
    proposal = client_file.proposal
    notes: list[Phrase] = []
    warnings: list[str] = []
    if rates.year_substituted:
        note = Phrase.of(
            "Rates for tax year {year} are used: the data holds no figures for {requested}, the year of the proposal date.",
            year=rates.year,
            requested=rates.requested_year,
        )
        notes.append(note)
        warnings.append(note.english())
    if proposal.cost_basis == "salary_only":
        notes.append(
            Phrase("In-house costs are base salaries only: payroll taxes, benefits and overhead are left out, so the savings shown understate the real difference.")
        )
    else:
        suta = next((c for c in rates.contributions if c.key == "suta"), None)
        # A US new-employer rate says it is an estimate in its own note (_us_rates): one point, one bullet.
        new_employer = rates.country == "US" and client_file.client.suta_rate is None
        if suta is not None and suta.source.estimate and not new_employer:
            notes.append(Phrase.of("The unemployment-tax figure {in_region} is an estimate; the basis is given in the sources.", in_region=Term(f"in {region_name(rates.country, rates.region)}")))
        if rates.payroll_tax is not None and employer.levy is not None:
            notes.append(_levy_note(rates.payroll_tax, employer.levy))
            if not employer.levy.before:
                warnings.append(f"client.annual_payroll is not set: {rates.payroll_tax.label} is charged as if these roles were the whole payroll; "
                                "set it (the company's payroll without these roles) to charge the tax's marginal cost")
        notes.append(Phrase("Benefits and overhead are averages from the sources listed; office space is charged for every in-house office employee who is not remote."))
        deskless = sorted({role.family for role in client_file.roles for a in rates.assumptions if role.family in a.not_for})
        if deskless:
            notes.append(Phrase.of("{families} roles are charged no office space, computer equipment or software: their work is not done at an office desk.",
                                   families=Term(" / ".join(config.rate_card[family].label for family in deskless))))
        notes += _health_notes(client_file, rates)
        if rates.workers_comp.state_fund_median and any(role.workers_comp_rate is None for role in client_file.roles):
            notes.append(Phrase.of("Workers' compensation {in_region} is insured only by the state's own fund, which prices by its own risk classes; "
                                   "we hold none of its rates, so the national median rate per $100 of payroll is used, a rough estimate.",
                                   in_region=Term(f"in {region_name(rates.country, rates.region)}")))
    seats = config.limits.staff_leasing
    if seats is not None and seats.part_time_seat is not None and any(role.hours_per_week < seats.min_hours_per_week for role in client_file.roles):
        notes.append(
            Phrase.of(
                "Part-time roles: per-hour and per-year costs are prorated by weekly hours over 40. A dedicated worker is leased "
                "from {full} hours a week, or on a part-time seat from {part} hours at the prorated fee plus {premium}.",
                full=seats.min_hours_per_week,
                part=seats.part_time_seat.min_hours_per_week,
                premium=Pct(seats.part_time_seat.premium_pct / HUNDRED),
            )
        )
    elif any(role.hours_per_week != 40 for role in client_file.roles):
        notes.append(Phrase("Part-time roles: leasing fees and per-hour or per-year costs are prorated by weekly hours over 40."))
    if fx is not None:
        # An average over a period is named as such (its document is in the sources list);
        # a rate of one day gives its source and date.
        text, when = (
            ("Fees set in {provider_currency} are converted into {currency} at {rate} ({period}).", {"period": Term(fx.period)})
            if fx.period
            else ("Fees set in {provider_currency} are converted into {currency} at the rate of {rate} ({fx_source}, {fx_date}).",
                  {"fx_source": fx.source, "fx_date": fx.date})
        )
        notes.append(
            Phrase.of(text, provider_currency=Currency(config.pricing.currency), rate=fx.rate, currency=Currency(client_file.client.billing_currency), **when)
        )
    return tuple(notes), tuple(warnings)


def _levy_note(tax: PayrollTax, levy: MarginalLevy) -> Phrase:
    """Which method and which payroll figures priced a tax on the whole payroll."""
    if levy.before:
        return Phrase.of(
            "{tax} is charged at its marginal cost: the tax on a payroll of {after} less the tax on {before}, the client's "
            "stated payroll without these roles, shared among the roles in proportion to their wages.",
            tax=Term(tax.label),
            after=Money(levy.after),
            before=Money(levy.before),
        )
    return Phrase.of(
        "{tax} is charged as if these roles were the whole payroll ({after}): the rest of the company's payroll is not "
        "known, and with it the tax on these roles may differ.",
        tax=Term(tax.label),
        after=Money(levy.after),
    )


def _health_notes(client_file: ClientFile, rates: RateSet) -> list[Phrase]:
    """Which health cover was priced: the default tier is said, and so is cover left out."""
    tiers = {client_file.health_tier(role) for role in client_file.roles}
    notes = []
    covered = tiers - {"none"}
    if any(a.key == "health_insurance" and a.tier for a in rates.assumptions) and covered:
        # The cover assumed, in the buyer's words; each role's line names its own.
        cover = {
            frozenset({"single"}): "Health insurance is the employer's share of the premium per enrolled worker, for single coverage.",
            frozenset({"family"}): "Health insurance is the employer's share of the premium per enrolled worker, for family coverage.",
        }.get(frozenset(covered), "Health insurance is the employer's share of the premium per enrolled worker, for single or family coverage as each role's line says.")
        notes.append(Phrase(cover))
    if "none" in tiers:
        notes.append(Phrase("No health insurance is priced for the roles without health cover."))
    return notes


def _us_rates(client_file: ClientFile, rates: RateSet, employer: Employer) -> tuple[RateSet, list[Phrase], list[str]]:
    """The US rates this employer pays (size bands settled, its own unemployment rate, its local
    taxes), the notes that say which rules and figures chose them, and the advice to the sales
    rep on the client-file fields that would price them closer (never printed for the client)."""
    client, proposal = client_file.client, client_file.proposal
    notes: list[Phrase] = []
    advice: list[str] = []
    established = client.suta_rate is not None
    extra = us_programmes(rates.region, rates.on) if established else ()
    banded = [c for c in (*rates.contributions, *extra) if c.bands and (established or c.status != "established")]
    for contribution in banded:
        notes += _band_notes(contribution, employer)
    if banded and client.employees is None:
        notes.append(
            Phrase.of(
                "The company's size is not given, so the small-employer rules of state programmes are judged on a headcount of "
                "{employees}, the people in this proposal.",
                employees=employer.employees,
            )
        )
        advice.append(
            f"client.employees is not set: state programmes' small-employer rules are judged on the {employer.employees} people "
            "of this proposal; set it to the whole company's headcount"
        )
    wage_tested = any(b.average_wage_below is not None and employer.employees <= b.employees_max for c in banded for b in c.bands)
    if wage_tested and not (client.annual_payroll and client.employees):
        notes.append(
            Phrase.of(
                "The average wage of {average} is that of the roles in this proposal, not of the whole company.",
                average=Money(round_money(employer.average_wage or ZERO)),
            )
        )
        advice.append("client.annual_payroll and client.employees are not both set: the small-employer wage test uses the roles' "
                      "average wage; set both to test the whole company's")
    if not established:
        # Said to the client, with how to give the real rate: "new employers" on a line would
        # otherwise read as a mistake for an established company.
        suta = next((c for c in rates.contributions if c.key == "suta"), None)
        in_region = Term(f"in {region_name('US', rates.region)}")
        if suta is not None and suta.source.estimate:
            notes.append(Phrase.of("The unemployment tax {in_region} is priced at an estimate of the new-employer rate (its basis is given in the sources), "
                                   "as your own rate is not known to us; the rate on your latest rate notice from the state would replace it.",
                                   in_region=in_region))
        else:
            notes.append(Phrase.of("The unemployment tax {in_region} is priced at the new-employer rate, as your own rate is not known to us; "
                                   "the rate on your latest rate notice from the state would replace it.",
                                   in_region=in_region))
    if established:
        notes.append(Phrase.of("The unemployment tax uses the client-provided rate of {rate}% on the state's taxable wage base; new-employer assessments are left out.", rate=client.suta_rate * HUNDRED))
    else:
        for contribution in us_programmes(rates.region, rates.on):
            if contribution.status == "established" and contribution.applies_from:
                notes.append(
                    Phrase.of(
                        "{programme} is not charged: the quote prices a new employer, and it applies from {when}.",
                        programme=Term(contribution.label),
                        when=Term(contribution.applies_from),
                    )
                )
                advice.append(
                    f"client.suta_rate is not set: the quote prices a new employer, so {contribution.label} is not charged; "
                    "set it to the client's own unemployment tax rate to price an established employer"
                )
    resolved, charges = employer_rates(client_file, rates, employer, proposal.date)
    notes += [note for charge in charges for note in _local_notes(charge, client.annual_payroll is not None, employer)]
    if client.annual_payroll is None and any(charge.quarterly_payroll is not None for charge in charges):
        advice.append("client.annual_payroll is not set: a local tax's payroll bracket is judged on these roles' wages only; "
                      "set it to the company's payroll without these roles")
    if client.locality is None and localities.has_local_taxes(rates.region):
        notes.append(
            Phrase.of(
                "{region} has local payroll taxes that depend on where the work is done ({taxes}); none is included, as the "
                "county or city of work is not given.",
                region=Term(region_name("US", rates.region)),
                taxes=Term(localities.summary(rates.region)),
            )
        )
        advice.append(f"client.locality is not set: {region_name('US', rates.region)}'s local payroll taxes are left out; "
                      "set it to the county or city where the work is done")
    for contribution in resolved.contributions:
        health = contribution.health
        if health is not None and any(
            client_file.health_tier(role) == "none" and role.hours_per_week >= health.min_hours_per_week for role in client_file.roles
        ):
            notes.append(
                Phrase.of(
                    "Health cover is compulsory in {region} for employees working {hours} hours a week or more ({programme}); "
                    "roles set to no health cover are priced without it.",
                    region=Term(region_name("US", rates.region)),
                    hours=health.min_hours_per_week,
                    programme=Term(contribution.label),
                )
            )
    return resolved, notes, advice


def employer_rates(
    client_file: ClientFile, rates: RateSet, employer: Employer, on: dt.date
) -> tuple[RateSet, tuple[localities.LocalCharge, ...]]:
    """The US rates this employer pays on a date (size bands, its own unemployment rate, the
    local taxes of its locality) and those local taxes; pricing and each later year use it."""
    client = client_file.client
    place = localities.find_place(rates.region, client.locality) if client.locality else None
    charges = localities.local_charges(place, on, employer.payroll + employer.roles_wages) if place is not None else ()
    resolved = for_employer(
        rates,
        employees=employer.employees,
        average_wage=employer.average_wage,
        suta_rate=client.suta_rate,
        local=tuple(charge.contribution for charge in charges if charge.contribution is not None),
    )
    return resolved, charges


def _band_notes(contribution: Contribution, employer: Employer) -> list[Phrase]:
    """Which small-employer rule priced a programme, with the figures that decided it."""
    band = contribution.band_for(employer.employees, employer.average_wage)
    programme, employees = Term(contribution.label), employer.employees
    if band is None:
        tested = [b for b in contribution.bands if b.average_wage_below is not None and employees <= b.employees_max]
        if tested:
            return [
                Phrase.of(
                    "{programme}: the small-employer rate does not apply at a headcount of {employees}, because the average wage "
                    "of {average} is not under {limit}.",
                    programme=programme,
                    employees=employees,
                    average=Money(round_money(employer.average_wage or ZERO)),
                    limit=Money(tested[0].average_wage_below),
                )
            ]
        return []
    if band.rate == 0:
        return [Phrase.of("{programme}: no employer share is owed at a headcount of {employees} (small-employer rule).", programme=programme, employees=employees)]
    if band.average_wage_below is not None:
        return [
            Phrase.of(
                "{programme}: the small-employer rate applies at a headcount of {employees} and an average wage of {average} "
                "(under {limit}), so the employer pays {rate}% of wages.",
                programme=programme,
                employees=employees,
                average=Money(round_money(employer.average_wage or ZERO)),
                limit=Money(band.average_wage_below),
                rate=band.rate * HUNDRED,
            )
        ]
    return [
        Phrase.of(
            "{programme}: the small-employer rate applies at a headcount of {employees}, so the employer pays {rate}% of wages.",
            programme=programme,
            employees=employees,
            rate=band.rate * HUNDRED,
        )
    ]


def _local_notes(charge: localities.LocalCharge, payroll_given: bool, employer: Employer) -> list[Phrase]:
    """How a local tax was priced: its payroll bracket, and a district that covers part of the place."""
    notes = []
    tax = Term(charge.label)
    if charge.quarterly_payroll is not None:
        basis = Term(
            "the client's stated payroll plus these roles"
            if payroll_given
            else "the wages of these roles alone"
        )
        values = {"tax": tax, "quarterly": Money(round_money(charge.quarterly_payroll)), "payroll": Money(round_money(employer.payroll + employer.roles_wages)), "basis": basis}
        if charge.contribution is None:
            notes.append(Phrase.of("{tax} is not due: a quarterly payroll of {quarterly} (a quarter of {payroll}, {basis}) is in the exempt bracket.", **values))
        else:
            notes.append(
                Phrase.of(
                    "{tax} is charged at {rate}% of wages, the rate for a quarterly payroll of {quarterly}: a quarter of {payroll}, {basis}.",
                    rate=charge.rate * HUNDRED,
                    **values,
                )
            )
    if charge.place.partial and charge.contribution is not None:
        notes.append(
            Phrase.of(
                "{tax} is included because {place} lies partly inside the district; it is due only on work done there, so check the address.",
                tax=tax,
                place=charge.place.name,
            )
        )
    return notes
