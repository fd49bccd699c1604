"""Price the ways of getting a role's work done other than hiring: leasing from a centre,
the provider's managed services, an employer of record, professionals and marketplaces.

Each option is a Breakdown when it can be priced, or None when it is priced on request.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from quotegen.data.models import Model, Provider
from quotegen.input.provider import FxRate, ProviderConfig
from quotegen.engine.delivery import Delivery
from quotegen.money import round_money
from quotegen.engine.phrases import Country, Pct, Phrase, Term
from quotegen.engine.lines import Breakdown, CostLine, Unit
from quotegen.data.rates import Source
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

    @property
    def annual(self) -> Decimal | None:
        return None if self.breakdown is None else self.breakdown.annual


def _convert(amount: Decimal, fx: FxRate | None) -> Decimal:
    return amount * fx.rate if fx else amount


def leasing(role: Role, config: ProviderConfig, delivery: Delivery | None, fx: FxRate | None) -> Option | None:
    """A dedicated worker: 12 monthly fees per head, prorated by hours, with any shift premium."""
    fee = config.rate_card[role.family].monthly_fee(role.seniority)
    if fee is None or delivery is None:
        return Option(Model.STAFF_LEASING, Provider.US, None, delivery.location if delivery else None, delivery)
    monthly = round_money(_convert(fee * delivery.cost_factor * role.fte, fx))
    if delivery.premium:
        phrase = Phrase.of("Staff leasing fee, {centre}, {shift} shift +{premium}", centre=Term(delivery.centre_name), shift=Term(delivery.shift), premium=Pct(delivery.premium))
    else:
        phrase = Phrase.of("Staff leasing fee, {centre}, {shift} shift", centre=Term(delivery.centre_name), shift=Term(delivery.shift))
    months = Decimal(role.months_in_year(1))
    line = CostLine.rounded("leasing_fee", phrase, monthly * months, role.headcount, rate=monthly, base=months, unit=Unit.MONTHS)
    return Option(Model.STAFF_LEASING, Provider.US, Breakdown.of(Model.STAFF_LEASING, [line]), delivery.location, delivery)


def managed_service(model: Model, role: Role, config: ProviderConfig, delivery: Delivery | None, fx: FxRate | None) -> Option:
    """The provider's BPO, KPO or project team, by the hour, from the chosen centre."""
    hourly = getattr(config.services, f"{model}_hourly", None)  # a service without a price: on request
    if hourly is None or delivery is None:
        return Option(model, Provider.US, None, delivery.location if delivery else None, delivery)
    rate = round_money(_convert(hourly * delivery.cost_factor, fx))
    hours = _service_hours(role)
    phrase = Phrase.of(model.service_line, centre=Term(delivery.centre_name))
    line = CostLine.rounded(f"{model}_service", phrase, rate * hours, role.headcount, rate=rate, base=hours, unit=Unit.HOURS)
    return Option(model, Provider.US, Breakdown.of(model, [line]), delivery.location, delivery)


def _service_hours(role: Role) -> Decimal:
    """Hours of work bought in the first year: the weekly hours over the months it runs."""
    weekly = role.service_hours_per_week or role.hours_per_week
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
    return Source(record["source"], record.get("url"), int(record["year"]), bool(record.get("estimate")), record.get("note"))


def professional(role: Role, fx: FxRate | None) -> Option:
    """A licensed professional's hours at the market's average hourly rate."""
    key = PROFESSIONAL_RATE.get(role.family)
    record = _market_record("professional_hourly", key) if key else None
    if record is None or record["key"] != key:
        return Option(Model.PROFESSIONAL, Provider.MARKET, None, "onshore")
    rate = round_money(_convert(Decimal(record["value"]), fx if record.get("currency", "USD") == "USD" else None))
    hours = _service_hours(role)
    line = CostLine.rounded("professional_hours", record["label"], rate * hours, role.headcount, rate=rate, base=hours, unit=Unit.HOURS, source=_market_source(record))
    return Option(Model.PROFESSIONAL, Provider.MARKET, Breakdown.of(Model.PROFESSIONAL, [line]), "onshore")


def microsourcing(role: Role, fx: FxRate | None) -> Option:
    """One-off task hours at a freelance marketplace rate."""
    record = _market_record("marketplace_hourly", MARKETPLACE_RATE.get(role.family, "general"))
    if record is None:
        return Option(Model.MICROSOURCING, Provider.MARKET, None, "offshore")
    rate = round_money(_convert(Decimal(record["value"]), fx if record.get("currency", "USD") == "USD" else None))
    hours = role.task_hours or (role.hours_per_week * WEEKS_PER_MONTH * (role.duration_months or 1)).quantize(Decimal("0.01"))
    line = CostLine.rounded("marketplace_hours", record["label"], rate * hours, role.headcount, rate=rate, base=hours, unit=Unit.HOURS, source=_market_source(record))
    return Option(Model.MICROSOURCING, Provider.MARKET, Breakdown.of(Model.MICROSOURCING, [line]), "offshore")


def third_party(role: Role) -> Option | None:
    """A price another firm quoted for the whole role."""
    quoted = role.third_party_quote
    if quoted is None:
        return None
    phrase = Phrase.of("Quoted by {provider}", provider=quoted.provider) if quoted.provider else Phrase("Third-party quote")
    # One price for the whole role, whatever its headcount.
    breakdown = Breakdown.of(quoted.model, [CostLine.rounded("third_party_quote", phrase, quoted.annual, 1)])
    return Option(quoted.model, Provider.THIRD_PARTY, breakdown, quoted.location, provider_name=quoted.provider)
