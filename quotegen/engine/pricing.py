"""Price: the cost engine. In-house cost line by line, the leased fee, third-party quotes.

Each amount is rounded once, per head, by money.round_money; role and proposal totals
are exact sums of those rounded lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from quotegen.data.models import Model, Provider, registered
from quotegen.input.provider import FxRate, ProviderConfig
from quotegen.money import money_sum
from quotegen.engine.phrases import Money, Pct, Phrase
from quotegen.engine.lines import Breakdown, CostLine
from quotegen.data.rates import HOURS_PER_YEAR, Contribution, RateSet, Source, rate_set
from quotegen.engine import delivery
from quotegen.engine import alternatives as options
from quotegen.engine.delivery import Delivery
from quotegen.engine.alternatives import Option
from quotegen.data.tables import NEARSHORE
from quotegen.input.client import ClientFile, Role

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Employer:
    """What the in-house side of every role shares: the basis and the employer's size."""

    cost_basis: str
    payroll: Decimal  # the whole company's annual payroll: picks payroll-tax brackets
    employees: int  # the whole company's headcount: some programmes start at a size
    overrides: dict  # client-wide assumption overrides, by key


@dataclass(frozen=True, slots=True)
class PricedRole:
    """Every way of doing one role's work, priced, before a model is chosen."""

    role: Role
    family_label: str
    in_house: Breakdown
    options: tuple[Option, ...]  # in-house first, then every applicable alternative
    deliveries: tuple[Delivery, ...]  # every centre and shift, judged for this role
    delivery: Delivery | None  # the cheapest suitable one, or None

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
    rates = rate_set(client.country, client.region, proposal.date.year)
    currency = client.billing_currency
    fx = _fx(config, currency)
    employer = Employer(
        cost_basis=proposal.cost_basis,
        payroll=client.annual_payroll or money_sum(r.salary * r.headcount for r in client_file.roles),
        employees=client.employees or sum(r.headcount for r in client_file.roles),
        overrides=dict(client_file.assumptions or {}),
    )
    roles = tuple(_price_role(role, client_file, config, rates, employer, fx) for role in client_file.roles)
    notes, warnings = _notes(client_file, config, rates, fx, employer.payroll)
    return PricedProposal(client_file, config, rates, currency, employer, fx, roles, notes, warnings)


def in_house_cost(
    role: Role, rates: RateSet, employer: Employer, config: ProviderConfig, share: Decimal | None = None
) -> Breakdown:
    """Salary plus every employer cost of one in-house hire, line by line.

    `share` is the part of a year the work lasts (a 5-month project: 5/12; a one-off task:
    its hours over a year of the role's hours); by default the role's first year.
    """
    share = role.share_in_year(1) if share is None else share
    salary = role.salary * share  # the wages actually paid, so wage bases cap them right
    heads = role.headcount
    payroll = employer.payroll
    clerical = config.rate_card[role.family].workers_comp_class == "clerical"
    label = _salary_label(role, share)
    lines = [CostLine.rounded("salary", label, salary, heads, base=salary, unit="wages")]
    if employer.cost_basis == "salary_only":
        return Breakdown.of("in_house", lines)
    for contribution in rates.contributions:
        if employer.employees < contribution.min_employees:
            continue
        lines.append(_contribution_line(contribution, salary, heads))
    if rates.payroll_tax is not None:
        tax = rates.payroll_tax
        effective = tax.effective_rate(payroll)
        lines.append(CostLine.rounded(tax.key, tax.label, effective * salary, heads, rate=effective, base=salary, unit="wages", source=tax.source))
    lines.append(_workers_comp_line(role, rates, clerical, salary))
    for assumption in rates.assumptions:
        if assumption.key == "office_space" and role.remote:
            continue  # a remote employee takes no desk
        # A role's own figure beats the client's, which beats the sourced default.
        value = (role.assumptions or {}).get(assumption.key, employer.overrides.get(assumption.key, assumption.value))
        if assumption.basis == "pct_salary":
            amount, base, unit = value * salary, salary, "wages"
        elif assumption.basis == "per_hour":
            base = (rates.hours_worked.value if rates.hours_worked else HOURS_PER_YEAR) * role.fte * share
            amount, unit = value * base, "hours"
        else:
            amount, base, unit = value * role.fte * share, role.fte * share, "fte"
        lines.append(CostLine.rounded(assumption.key, assumption.label, amount, heads, rate=value, base=base, unit=unit, source=assumption.source))
    return Breakdown.of("in_house", lines)


def _salary_label(role: Role, share: Decimal) -> Phrase:
    if share == 1:
        return Phrase("Base salary")
    if role.work == "task":
        return Phrase.of("Base salary for the task's hours ({share} of a year)", share=Pct(share))
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
        label, source = "Workers' compensation (rate given for this role)", None
    elif clerical and comp.clerical_factor is not None:
        per_100 = comp.rate_per_100 * comp.clerical_factor
        label = "Workers' compensation (clerical office class)"
        source = Source(
            title=f"{comp.source.title}; {comp.clerical_source.title}",
            url=comp.clerical_source.url,
            year=comp.source.year,
            estimate=comp.source.estimate or comp.clerical_source.estimate,
            note=comp.clerical_source.note,
        )
    else:
        per_100 = comp.rate_per_100
    rate = per_100 / HUNDRED
    base = salary if comp.max_assessable is None else min(salary, comp.max_assessable)
    return CostLine.rounded("workers_comp", label, rate * base, role.headcount, rate=rate, base=base, unit="wages", source=source)


def _contribution_line(contribution: Contribution, salary: Decimal, heads: int) -> CostLine:
    base = contribution.base(salary)
    return CostLine.rounded(
        contribution.key,
        contribution.label,
        contribution.rate * base,
        heads,
        rate=contribution.rate,
        base=base,
        unit="wages",
        source=contribution.source,
    )


def _price_role(role: Role, client_file: ClientFile, config: ProviderConfig, rates: RateSet, employer: Employer, fx: FxRate | None) -> PricedRole:
    """The in-house cost and every alternative that applies to this role's work."""
    client = client_file.client
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


def _notes(client_file: ClientFile, config: ProviderConfig, rates: RateSet, fx: FxRate | None, payroll: Decimal):
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
        if suta is not None and suta.source.estimate:
            notes.append(Phrase.of("The unemployment-tax figure for {region} is an estimate; the basis is given in the sources.", region=rates.region))
        if rates.payroll_tax is not None:
            given = client_file.client.annual_payroll is not None
            text = (
                "The employer health tax bracket is chosen for the client's stated annual payroll of {payroll}."
                if given
                else "The employer health tax bracket is chosen for an annual payroll of {payroll}, the salaries in this proposal; state annual_payroll for the whole company."
            )
            notes.append(Phrase.of(text, payroll=Money(payroll)))
        notes.append(Phrase("Benefits and overhead are averages from the sources listed; a remote employee carries no office cost."))
    if any(role.hours_per_week != 40 for role in client_file.roles):
        notes.append(Phrase("Part-time roles: leasing fees and per-hour or per-year costs are prorated by weekly hours over 40."))
    if fx is not None:
        notes.append(
            Phrase.of(
                "Fees set in {provider_currency} are converted at {rate} {currency} per {provider_currency} ({fx_source}, {fx_date}).",
                provider_currency=config.pricing.currency,
                rate=fx.rate,
                currency=client_file.client.billing_currency,
                fx_source=fx.source,
                fx_date=fx.date,
            )
        )
    if config.pricing.sample:
        notes.append(Phrase("Staff-leasing fees come from a sample rate card and illustrate the method; they are not an offer."))
    return tuple(notes), tuple(warnings)
