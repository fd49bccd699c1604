"""Price the ways of getting a role's work done other than hiring: leasing from a centre,
the provider's managed services, an employer of record, professionals and marketplaces.

Each option is a Breakdown when it can be priced, or None when it is priced on request. A
leased worker is priced by the seat the provider sells for the role's hours (limits in the
provider configuration), and a service bought by the hour on the hours the work needs in all,
band by band of its volume tiers, never again times the headcount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from quotegen.data.models import Model, Provider
from quotegen.input.provider import FxRate, LeasingLimits, ProviderConfig
from quotegen.engine.delivery import Delivery
from quotegen.money import round_money
from quotegen.engine.phrases import Country, Pct, Phrase, Term
from quotegen.engine.lines import Breakdown, CostLine, Unit
from quotegen.data.rates import Source, row_source
from quotegen.data.tables import data_file
from quotegen.input.client import Role

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
MONTHS = Decimal(12)

# Which market rate prices a role family's work when bought from a professional or a
# freelance marketplace (keys of quotegen/data/market_rates.yaml).
PROFESSIONAL_RATE = {"legal": "attorney", "paralegal": "paralegal", "accounting": "cpa", "bookkeeping": "bookkeeper"}
MARKETPLACE_RATE = {
    "admin": "admin",
    "data_entry": "data_entry",
    "design": "design",
    "marketing": "marketing",
    "software": "software",
    "customer_service": "customer_service",
    "bookkeeping": "bookkeeping",
}


@dataclass(frozen=True, slots=True)
class Option:
    """One way to get the work done, priced or on request."""

    model: Model
    provider: Provider
    breakdown: Breakdown | None  # None: priced on request
    location: str | None
    delivery: Delivery | None = None
    provider_name: str | None = None
    # Priced on the hours the work takes as a service (ours by the hour, a professional's, a
    # marketplace's), not on a job's hours or a firm's price for the whole work.
    hourly: bool = False

    @property
    def annual(self) -> Decimal | None:
        return None if self.breakdown is None else self.breakdown.annual


def _convert(amount: Decimal, fx: FxRate | None) -> Decimal:
    return amount * fx.rate if fx else amount


@dataclass(frozen=True, slots=True)
class Seat:
    """The seat a dedicated worker of some weekly hours takes: its share of a full-time fee."""

    kind: str  # "prorated": the fee x hours over 40; "part_time": that plus the premium; "full_time": a whole seat, which costs less
    factor: Decimal
    premium: Decimal = Decimal(0)  # the part-time premium, a fraction


def seat(hours: Decimal, limits: LeasingLimits | None) -> Seat | None:
    """The seat the provider leases for `hours` a week, or None when it sells none that small.

    At or above the full-time minimum the fee is prorated by hours over 40; a part-time seat
    costs the prorated fee plus its premium, never more than a full-time seat.
    """
    fte = hours / Decimal(40)
    if limits is None or hours >= limits.min_hours_per_week:
        return Seat("prorated", fte)
    part = limits.part_time_seat
    if part is None or hours < part.min_hours_per_week:
        return None
    premium = part.premium_pct / 100
    full = limits.min_hours_per_week / Decimal(40)
    if fte * (1 + premium) >= full:
        return Seat("full_time", full)
    return Seat("part_time", fte * (1 + premium), premium)


def leasing(role: Role, config: ProviderConfig, delivery: Delivery | None, fx: FxRate | None) -> Option | None:
    """A dedicated worker: 12 monthly fees per head, by the seat its hours take, with any shift
    premium. Below the smallest seat the provider sells there is no price to give."""
    fee = config.rate_card[role.family].monthly_fee(role.seniority)
    taken = seat(role.hours_per_week, config.limits.staff_leasing)
    if fee is None or delivery is None or taken is None:
        return Option(Model.STAFF_LEASING, Provider.US, None, delivery.location if delivery else None, delivery)
    monthly = round_money(_convert(fee * delivery.cost_factor * taken.factor, fx))
    phrase = _leasing_label(delivery, taken)
    months = Decimal(role.months_in_year(1))
    line = CostLine.rounded("leasing_fee", phrase, monthly * months, role.headcount, rate=monthly, base=months, unit=Unit.MONTHS)
    return Option(Model.STAFF_LEASING, Provider.US, Breakdown.of(Model.STAFF_LEASING, [line]), delivery.location, delivery)


def _leasing_label(delivery: Delivery, taken: Seat) -> Phrase:
    values = {"centre": Term(delivery.centre_name), "shift": Term(delivery.shift)}
    text = "Staff leasing fee, {centre}, {shift} shift"
    if taken.kind == "part_time":
        text, values["seat"] = "Staff leasing fee, part-time seat +{seat}, {centre}, {shift} shift", Pct(taken.premium)
    elif taken.kind == "full_time":
        text = "Staff leasing fee, full-time seat, {centre}, {shift} shift"
    if delivery.premium:
        text, values["premium"] = text + " +{premium}", Pct(delivery.premium)
    return Phrase.of(text, **values)


def managed_service(model: Model, role: Role, config: ProviderConfig, delivery: Delivery | None, fx: FxRate | None) -> Option:
    """The provider's BPO, KPO or project team, by the hour, from the chosen centre: the hours
    the work needs in all, each band of them at its volume tier's rate."""
    bands = config.services.bands(model)  # a service without a price: on request
    if not bands or delivery is None:
        return Option(model, Provider.US, None, delivery.location if delivery else None, delivery, hourly=True)
    weekly = service_weekly_hours(role)
    used = [(start, hourly, ends) for (start, hourly), ends in zip(bands, [b[0] for b in bands[1:]] + [None]) if weekly > start]
    lines = []
    for number, (start, hourly, ends) in enumerate(used, start=1):
        rate = round_money(_convert(hourly * delivery.cost_factor, fx))
        hours = _annual_hours(min(weekly, ends) - start if ends is not None else weekly - start, role)
        phrase = _band_label(model, delivery, start, ends) if len(used) > 1 else Phrase.of(model.service_line, centre=Term(delivery.centre_name))
        key = f"{model}_service" if number == 1 else f"{model}_service_{number}"
        # One price for the whole work, whatever its headcount: the line counts once.
        lines.append(CostLine.rounded(key, phrase, rate * hours, 1, rate=rate, base=hours, unit=Unit.HOURS))
    return Option(model, Provider.US, Breakdown.of(model, lines), delivery.location, delivery, hourly=True)


def _band_label(model: Model, delivery: Delivery, start: Decimal, ends: Decimal | None) -> Phrase:
    service, centre = Term(model.label), Term(delivery.centre_name)
    if not start:
        return Phrase.of("{service}, {centre}: the first {high} hours a week", service=service, centre=centre, high=ends)
    if ends is None:
        return Phrase.of("{service}, {centre}: hours above {low} a week", service=service, centre=centre, low=start)
    return Phrase.of("{service}, {centre}: hours {low} to {high} a week", service=service, centre=centre, low=start, high=ends)


def service_weekly_hours(role: Role) -> Decimal:
    """The hours a week the role's work needs when bought as a service, all heads together."""
    return role.service_hours_per_week if role.service_hours_per_week is not None else role.hours_per_week * role.headcount


def task_hours(role: Role) -> Decimal:
    """The hours of one one-off task (one head's): stated, or the weekly hours over its months."""
    return role.task_hours or (role.hours_per_week * WEEKS_PER_MONTH * (role.duration_months or 1)).quantize(Decimal("0.01"))


def _annual_hours(weekly: Decimal, role: Role) -> Decimal:
    """Hours of work bought in the first year: the weekly hours over the months it runs."""
    return (weekly * WEEKS_PER_MONTH * role.months_in_year(1)).quantize(Decimal("0.01"))


def employer_of_record(role: Role, config: ProviderConfig, fx: FxRate | None, location: str) -> Option:
    """A chosen worker abroad: their local salary plus the employer-of-record fee."""
    fee = config.services.eor_monthly_fee
    if role.named_worker_salary is None or fee is None:
        return Option(Model.EOR, Provider.US, None, location)
    monthly_fee = round_money(_convert(fee, fx))
    months = Decimal(role.months_in_year(1))
    salary = role.named_worker_salary * months / MONTHS
    lines = [
        CostLine.rounded("eor_salary", Phrase.of("Local salary in {country}", country=Country(role.named_worker_country)), salary, role.headcount, base=salary, unit=Unit.WAGES),
        CostLine.rounded("eor_fee", "Employer-of-record fee", monthly_fee * months, role.headcount, rate=monthly_fee, base=months, unit=Unit.MONTHS),
    ]
    return Option(Model.EOR, Provider.US, Breakdown.of(Model.EOR, lines), location)


def _market_record(section: str, key: str) -> dict | None:
    """The market rate for `key`, else the section's general rate, else None (priced on request).

    A missing data file is a broken installation, never a price on request: its error names it.
    """
    records = data_file("market_rates.yaml")[section]
    return next((r for r in records if r["key"] == key), None) or next((r for r in records if r["key"] == "general"), None)


def _market_source(record: dict) -> Source:
    """A market rate's source as every data row's: the document's title apart from our basis (en, fr)."""
    return row_source(record)


def professional(role: Role, fx: FxRate | None) -> Option:
    """A licensed professional's hours at the market's average hourly rate."""
    key = PROFESSIONAL_RATE.get(role.family)
    record = _market_record("professional_hourly", key) if key else None
    if record is None or record["key"] != key:
        return Option(Model.PROFESSIONAL, Provider.MARKET, None, "onshore", hourly=True)
    rate = round_money(_convert(Decimal(record["value"]), fx if record.get("currency", "USD") == "USD" else None))
    hours = _annual_hours(service_weekly_hours(role), role)
    # The hours of the whole work, whatever its headcount: the line counts once.
    line = CostLine.rounded("professional_hours", record["label"], rate * hours, 1, rate=rate, base=hours, unit=Unit.HOURS, source=_market_source(record))
    return Option(Model.PROFESSIONAL, Provider.MARKET, Breakdown.of(Model.PROFESSIONAL, [line]), "onshore", hourly=True)


def microsourcing(role: Role, fx: FxRate | None) -> Option:
    """One-off task hours at a freelance marketplace rate."""
    record = _market_record("marketplace_hourly", MARKETPLACE_RATE.get(role.family, "general"))
    if record is None:
        return Option(Model.MICROSOURCING, Provider.MARKET, None, "offshore", hourly=True)
    rate = round_money(_convert(Decimal(record["value"]), fx if record.get("currency", "USD") == "USD" else None))
    hours = task_hours(role)
    line = CostLine.rounded("marketplace_hours", record["label"], rate * hours, role.headcount, rate=rate, base=hours, unit=Unit.HOURS, source=_market_source(record))
    return Option(Model.MICROSOURCING, Provider.MARKET, Breakdown.of(Model.MICROSOURCING, [line]), "offshore", hourly=True)


def third_party(role: Role) -> Option | None:
    """A price another firm quoted for the whole role."""
    quoted = role.third_party_quote
    if quoted is None:
        return None
    phrase = Phrase.of("Quoted by {provider}", provider=quoted.provider) if quoted.provider else Phrase("Third-party quote")
    # One price for the whole role, whatever its headcount.
    breakdown = Breakdown.of(quoted.model, [CostLine.rounded("third_party_quote", phrase, quoted.annual, 1)])
    return Option(quoted.model, Provider.THIRD_PARTY, breakdown, quoted.location, provider_name=quoted.provider)
