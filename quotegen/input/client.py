"""Validate: the client file's schema (pydantic) and its errors in plain words.

Field names here are a contract with sales people's files and other tools: keep them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic_core import core_schema

from quotegen.errors import InputError, QuotegenError
from quotegen.input.document import Document, field_path, parse_document
from quotegen.money import dec
from quotegen.data import localities
from quotegen.data.tables import DEFAULT_CURRENCY, DEFAULT_LOCALE, data_file, regions_of
from quotegen.data.models import Model, quotable

_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

# Proposal dates quotegen accepts. Rates exist for a few recent tax years only (the nearest
# is used, with a warning), so a date outside this range is a typo, and the bounds keep
# every derived date (valid_until: at most 365 days later) well inside what dates can hold.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

# Ceilings on figures: far above any real client, low enough that a slipped finger
# (99,999,999,999,999) is caught instead of priced. Documented in the README.
MAX_SALARY = 10_000_000  # a year, one employee or one named worker
MAX_HEADCOUNT = 500  # heads in one role
MAX_QUOTE_ANNUAL = 1_000_000_000  # another firm's yearly price for one role
MAX_TASK_HOURS = 5_000  # a one-off task's total hours
MAX_SERVICE_HOURS = 2_000  # a week: the hours a whole process needs, whatever its headcount
MAX_ANNUAL_PAYROLL = 500_000_000_000  # the whole company's payroll
MAX_EMPLOYEES = 5_000_000  # the whole company's staff
MAX_WORKERS_COMP_RATE = 50  # per $100 of payroll
# Across one proposal, where each role may be plausible and the sum not. They also keep the
# document's headline figures (in-house cost, our price, the saving) below ten billion.
MAX_PROPOSAL_PAYROLL = 1_000_000_000  # salary x headcount over all roles, a year
MAX_PROPOSAL_QUOTES = 1_000_000_000  # third-party quotes over all roles, a year
MAX_PROPOSAL_HEADS = 10_000  # headcount over all roles
# Benefit and overhead overrides, by how the default is expressed (see data/assumptions.yaml).
MAX_ASSUMPTION = {"pct_salary": Decimal("0.5"), "per_hour": Decimal(50), "per_year": Decimal(100_000)}

# Why a ceiling exists, told beside "must be at most N" for the field of that name.
_CEILING_REASONS = {
    "salary": "a salary above that is almost certainly a typo",
    "named_worker_salary": "a salary above that is almost certainly a typo",
    "headcount": "list a larger team as several roles",
    "annual": "a yearly price above that is almost certainly a typo",
    "task_hours": "for longer work use work: project with duration_months",
    "service_hours_per_week": "the weekly hours of the whole piece of work, whatever its headcount; a figure above that is almost certainly a typo",
    "annual_payroll": "a payroll above that is almost certainly a typo",
    "employees": "a company size above that is almost certainly a typo",
    "workers_comp_rate": "it is per $100 of payroll; a rate above that is almost certainly a typo",
    "suta_rate": "a fraction of wages: write 0.031 for 3.1%",
}
MAX_SUTA_RATE = Decimal("0.2")  # above every state's highest experience rate


def _suta_rate(value: Decimal) -> Decimal:
    # Checked here, not with Field(le=...): pydantic would print the bound as Decimal('0.2').
    if value > MAX_SUTA_RATE:
        raise ValueError(f"must be at most {MAX_SUTA_RATE} ({_CEILING_REASONS['suta_rate']})")
    return value


def _parse_amount(value: Any) -> Any:
    """Accept 33000, "33000.50" or a Decimal; refuse floats, exponents, commas and symbols."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return dec(value)
    if isinstance(value, str):
        text = value.strip()
        if re.match(r"^-?0\d", text):
            # YAML 1.1 would read 010 as octal 8; we read text as typed, but a leading zero
            # is almost always a typo, so ask rather than guess.
            raise ValueError(f"has a leading zero ({value!r}); write the number without it")
        if _PLAIN_NUMBER.match(text):
            return dec(text)
        raise ValueError(f"must be a plain number like 33000 or 33000.50, not {value!r}")
    if isinstance(value, float):
        raise ValueError("must be given as text or an integer, not a float, so cents stay exact")
    raise ValueError("must be a number")


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _email(value: str) -> str:
    if len(value) > 200 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(f"must be an email address like name@example.com, not {value!r}")
    return value


def _country_code(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise ValueError(f"must be a two-letter country code like MX or PH, not {value!r}")
    return value


def _language_code(value: str) -> str:
    value = value.strip().lower()
    if not re.fullmatch(r"[a-z]{2}", value):
        raise ValueError(f"must be a two-letter language code like en, fr or es, not {value!r}")
    return value


# English names whatever the machine's locale (calendar.month_name follows LC_TIME).
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _proposal_date(value: Any) -> Any:
    """Read YYYY-MM-DD text into a date between EARLIEST_DATE and LATEST_DATE, in plain words."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = value.isoformat()  # a library caller's date meets the same bounds
    if not isinstance(value, str):
        return value  # pydantic's own type error ("must be a date written as YYYY-MM-DD")
    text = value.strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        raise ValueError(f"must be a date written as YYYY-MM-DD, not {value!r}")
    year, month, day = map(int, match.groups())
    bounds = f"must be between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}, not {text}"
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise ValueError(bounds)
    if not 1 <= month <= 12:
        raise ValueError(f"{text} is not a real date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"{text} is not a real date: {_MONTHS[month - 1]} {year} has {days} days")
    date = dt.date(year, month, day)
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise ValueError(bounds)
    return date


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


Amount = Annotated[Decimal, BeforeValidator(_parse_amount)]
PositiveAmount = Annotated[Amount, Field(gt=0)]
Text = Annotated[str, Field(max_length=200), AfterValidator(_not_blank)]
Seniority = Literal["junior", "mid", "senior", "lead"]
AssumptionKey = Literal["health_insurance", "retirement", "office_space", "equipment", "software", "recruitment"]
HealthTier = Literal["none", "single", "family"]
DEFAULT_HEALTH_TIER = "single"
_OVERRIDES_TEXT = (
    "Overrides of the benefit and overhead defaults, in the default's unit: retirement is a fraction of salary "
    f"(at most {MAX_ASSUMPTION['pct_salary']}); the others are per full-time employee a year (at most {MAX_ASSUMPTION['per_year']:,}), "
    "prorated for part-time roles. health_tier picks the health cover priced: single (the default), family or none."
)
_Override = Annotated[Amount, Field(ge=0)]


class _Quotable:
    """A model another firm may quote for: the registry's quotable rows (data/models.py), read
    when a file is validated and when the JSON Schema is made, so a new row needs no change here."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(_quotable_model, serialization=core_schema.to_string_ser_schema())

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"enum": [model.value for model in quotable()], "type": "string"}


def _quotable_model(value: Any) -> Model:
    found = next((model for model in quotable() if isinstance(value, str) and value == model.value), None)
    if found is None:
        keys = [repr(model.value) for model in quotable()]
        raise ValueError(f"must be one of {', '.join(keys[:-1])} or {keys[-1]}")
    return found


ThirdPartyModel = Annotated[Model, _Quotable]


class _Strict(BaseModel):
    """Base for every input model: unknown keys are errors and values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Assumptions(_Strict):
    """Overrides of the benefit and overhead defaults, and the health cover to price."""

    model_config = ConfigDict(json_schema_extra={"description": _OVERRIDES_TEXT})

    health_tier: Annotated[
        HealthTier,
        Field(
            description="Health cover priced for an in-house employee: single (the default), family or none. US: the employer's "
            "share of the premium per enrolled worker (KFF); Canada: the group-benefits estimate for single or family, nothing for none."
        ),
    ] | None = None
    health_insurance: Annotated[_Override, Field(description="The employer's health premium per full-time employee a year; replaces the tier's figure.")] | None = None
    retirement: Annotated[_Override, Field(description="Employer retirement contribution as a fraction of salary (0.05 is 5%).")] | None = None
    office_space: Annotated[_Override, Field(description="A desk for an employee who is not remote, a year.")] | None = None
    equipment: Annotated[_Override, Field(description="Computer equipment per employee a year.")] | None = None
    software: Annotated[_Override, Field(description="Software and SaaS seats per employee a year.")] | None = None
    recruitment: Annotated[_Override, Field(description="Cost per hire spread over the years an employee stays, a year.")] | None = None

    def amounts(self) -> dict[str, Decimal]:
        """The overridden figures, by assumption key."""
        return {key: getattr(self, key) for key in AssumptionKey.__args__ if getattr(self, key) is not None}


class Contact(_Strict):
    name: Text
    email: Annotated[str, AfterValidator(_email)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    title: Text | None = None


class Client(_Strict):
    name: Text
    country: Annotated[Literal["US", "CA"], BeforeValidator(_upper)]
    region: Annotated[str, BeforeValidator(_upper)]
    currency: Annotated[Literal["USD", "CAD"], BeforeValidator(_upper)] | None = None
    contact: Contact | None = None
    locale: Literal["en_US", "en_CA", "fr_CA"] | None = None
    annual_payroll: Annotated[
        PositiveAmount,
        Field(
            le=MAX_ANNUAL_PAYROLL,
            description="The company's yearly payroll WITHOUT the roles in this proposal: their wages are added on top, and a tax on "
            "the whole payroll (Canadian health taxes) is charged at its marginal cost, the tax on the payroll with the roles less "
            "the tax on this payroll, shared among the roles by wages. Omitted: the roles are taken as the whole payroll. "
            f"At most {MAX_ANNUAL_PAYROLL:,}.",
        ),
    ] | None = None
    employees: Annotated[
        int, Field(ge=1, le=MAX_EMPLOYEES, description=f"The whole company's staff (some state programmes start at a size); at most {MAX_EMPLOYEES:,}.")
    ] | None = None
    locality: Annotated[
        Text,
        Field(
            description="The county or city where the work is done (US). It picks local payroll taxes: New York's MCTMT, Oregon's "
            "TriMet and Lane Transit District taxes. In a state with such taxes it must be a county or city quotegen knows."
        ),
    ] | None = None
    suta_rate: Annotated[
        Amount,
        AfterValidator(_suta_rate),
        Field(
            ge=0,
            json_schema_extra={"maximum": float(MAX_SUTA_RATE)},
            description="The client's own state unemployment tax rate from its rate notice (US), a fraction of wages: 0.031 is 3.1%, "
            f"at most {MAX_SUTA_RATE}. It replaces the new-employer rate and is shown as client-provided; it marks an established "
            "employer, so new-employer assessments are left out and established-employer programmes (Massachusetts EMAC) charged.",
        ),
    ] | None = None

    @field_validator("region")
    @classmethod
    def _region_belongs_to_country(cls, region: str, info: ValidationInfo) -> str:
        country = info.data.get("country")
        if country and region not in regions_of(country):
            kind = "a US state or DC" if country == "US" else "a Canadian province or territory"
            raise ValueError(f"{region!r} is not {kind} (use the two-letter postal code)")
        return region

    @field_validator("locality")
    @classmethod
    def _locality_in_region(cls, locality: str, info: ValidationInfo) -> str:
        region = info.data.get("region")
        if info.data.get("country") != "US" or not region or not localities.has_local_taxes(region) or localities.find_place(region, locality):
            return locality
        names = {localities.normalise(name): name for name in localities.place_names(region)}
        close = difflib.get_close_matches(localities.normalise(locality), list(names), n=1, cutoff=0.8)
        hint = f"; did you mean {names[close[0]]!r}?" if close else "; give the county where the work is done"
        raise ValueError(f"{locality!r} is not a county or city of {regions_of('US')[region]['name']} that quotegen knows{hint}")

    @property
    def billing_currency(self) -> str:
        return self.currency or DEFAULT_CURRENCY[self.country]

    @property
    def document_locale(self) -> str:
        return self.locale or DEFAULT_LOCALE[self.country]


# A discount on our staff-leasing fee, in percent: the client sees it as a line of the fee.
Discount = Annotated[
    Amount,
    Field(
        ge=0,
        lt=100,
        description="A discount on the staff-leasing fee in percent (5 is 5%), shown to the client as a line under the fee. "
        "A role's own discount_pct replaces the proposal's. The provider's policy may cap it (policy.max_discount_pct).",
    ),
]


class Approval(_Strict):
    """Who let a quote go out below the margin floor or above the discount cap, when and why.

    Recorded in the ledger and shown in the internal copy; never in the client's documents."""

    by: Text
    date: Annotated[dt.date, BeforeValidator(_proposal_date)]
    reason: Text


class Proposal(_Strict):
    date: Annotated[
        dt.date,
        BeforeValidator(_proposal_date),
        Field(description=f"YYYY-MM-DD, from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}; decides the tax year of every rate."),
    ]
    valid_days: Annotated[int, Field(ge=1, le=365, description="Days the offer stays open after the date (1-365).")] = 30
    prepared_by: Text
    cost_basis: Literal["fully_loaded", "salary_only"] = "fully_loaded"
    revision: Annotated[int, Field(ge=1, le=999)] = 1
    years: Annotated[int, Field(ge=1, le=10)] = 3  # horizon of the cost of ownership
    salary_growth_pct: Annotated[Amount, Field(ge=0, le=25)] | None = None  # default: sourced average
    discount_pct: Discount | None = None  # every role's, unless a role gives its own
    approval: Approval | None = None



class ThirdPartyQuote(_Strict):
    """A price another firm quoted for this work: it replaces the in-house hire."""

    annual: Annotated[PositiveAmount, Field(le=MAX_QUOTE_ANNUAL, description=f"The firm's yearly price for the role; at most {MAX_QUOTE_ANNUAL:,}.")]
    model: ThirdPartyModel
    provider: Text | None = None
    location: Literal["onshore", "nearshore", "offshore"] = "onshore"
    description: Text | None = None


class Role(_Strict):
    title: Text
    family: Annotated[str, BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v)]
    seniority: Seniority = "mid"
    headcount: Annotated[int, Field(ge=1, le=MAX_HEADCOUNT, description=f"Employees in this role; at most {MAX_HEADCOUNT}.")] = 1
    salary: Annotated[
        PositiveAmount, Field(le=MAX_SALARY, description=f"Yearly base salary of one in-house employee; at most {MAX_SALARY:,}.")
    ]
    hours_per_week: Annotated[Amount, Field(gt=0, le=60)] = Decimal(40)
    on_site: Annotated[
        bool,
        Field(
            description="The work must be done on the client's premises (it cannot be leased from abroad). Whether the in-house "
            "employee has a desk depends on remote, not on this: every in-house employee who is not remote is charged office space."
        ),
    ] = False
    remote: Annotated[
        bool, Field(description="The in-house employee would work from home: no office space is charged (every other in-house employee is).")
    ] = False
    third_party_quote: ThirdPartyQuote | None = None
    # What the work is like: these decide the outsourcing model and the delivery centre.
    work: Literal["role", "process", "knowledge", "project", "task"] = "role"
    duration_months: Annotated[int, Field(ge=1, le=120)] | None = None  # None: ongoing work
    overlap_hours: Annotated[Amount, Field(ge=0, le=8)] | None = None  # with the client's 9-to-5
    licensed: bool = False  # needs a credentialed professional
    onshore_only: bool = False  # data or regulation keeps the work in the client's country
    named_worker_country: Annotated[str, BeforeValidator(_upper), AfterValidator(_country_code)] | None = None
    named_worker_salary: Annotated[
        PositiveAmount, Field(le=MAX_SALARY, description=f"That worker's local yearly pay, in the client's currency; at most {MAX_SALARY:,}.")
    ] | None = None
    task_hours: Annotated[Amount, Field(gt=0, le=MAX_TASK_HOURS, description=f"One-off work: its total hours; at most {MAX_TASK_HOURS:,}.")] | None = None
    # The hours of the work itself, not of a head: a service is priced on them once.
    service_hours_per_week: Annotated[
        Amount,
        Field(
            gt=0,
            le=MAX_SERVICE_HOURS,
            description="The total hours a week the role's work needs when bought as a service (a managed process, analysis, a "
            "project team, a professional), whatever its headcount: a claims team of six whose work takes 120 hours a week writes "
            "120, and five hours of legal advice instead of a full-time paralegal writes 5. Services are priced on these hours, "
            "never again times the headcount. Omitted: headcount x hours_per_week. "
            f"At most {MAX_SERVICE_HOURS:,}.",
        ),
    ] | None = None
    languages: Annotated[list[Annotated[str, AfterValidator(_language_code)]], Field(min_length=1, max_length=5)] = ["en"]
    workers_comp_rate: Annotated[
        Amount, Field(ge=0, le=MAX_WORKERS_COMP_RATE, description=f"Premium per $100 of payroll; at most {MAX_WORKERS_COMP_RATE}.")
    ] | None = None
    assumptions: Assumptions | None = None
    discount_pct: Discount | None = None  # replaces the proposal's discount for this role

    @field_validator("family")
    @classmethod
    def _family_on_rate_card(cls, value: str, info: ValidationInfo) -> str:
        families = (info.context or {}).get("families")
        if families and value not in families:
            hint = difflib.get_close_matches(value, sorted(families), n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ValueError(f"{value!r} is not a role family of the rate card{suggestion} (known: {', '.join(sorted(families))})")
        return value

    @property
    def fte(self) -> Decimal:
        """Full-time equivalent of one head: hours per week over a 40-hour week."""
        return self.hours_per_week / Decimal(40)

    def months_in_year(self, year: int) -> int:
        """Months the work runs in the given year of the proposal (12 when ongoing)."""
        if self.duration_months is None:
            return 12
        return max(0, min(12, self.duration_months - 12 * (year - 1)))

    def share_in_year(self, year: int) -> Decimal:
        """The part of a full year of this role that the work fills in a given year.

        A one-off task is its hours over a year at the role's weekly hours, all in year one;
        time-bound work is its months over twelve; ongoing work is the whole year.
        """
        if self.work == "task":
            if year > 1:
                return Decimal(0)
            hours = self.task_hours or self.hours_per_week * Decimal(52) / 12 * (self.duration_months or 1)
            return min(Decimal(1), hours / (self.hours_per_week * 52))
        return Decimal(self.months_in_year(year)) / 12


class ClientFile(_Strict):
    """A whole client file: who the client is, the proposal's terms, and the roles."""

    client: Client
    proposal: Proposal
    roles: Annotated[list[Role], Field(min_length=1, max_length=200)]
    # Client-wide overrides of the benefit and overhead defaults; a role's own win.
    assumptions: Assumptions | None = None

    def health_tier(self, role: Role | None = None) -> str:
        """The health cover priced for a role: its own, else the client's, else single."""
        for chosen in (role.assumptions if role else None, self.assumptions):
            if chosen is not None and chosen.health_tier is not None:
                return chosen.health_tier
        return DEFAULT_HEALTH_TIER

    def discount_pct(self, role: Role) -> Decimal | None:
        """The discount on a role's leasing fee in percent: its own, else the proposal's."""
        return role.discount_pct if role.discount_pct is not None else self.proposal.discount_pct


def _cross_checks(client_file: ClientFile) -> list[tuple[tuple, str]]:
    """Rules across several fields, each reported at the field that breaks it."""
    problems = []
    if client_file.client.country != "US" and client_file.client.suta_rate is not None:
        problems.append((("client", "suta_rate"), "applies to US clients only: it replaces a state's new-employer unemployment tax rate"))
    first_index: dict[str, int] = {}
    for index, role in enumerate(client_file.roles):
        key = role.title.casefold()
        if key in first_index:
            problems.append((("roles", index, "title"), f"roles[{first_index[key]}] has the same title; give each role its own"))
        first_index.setdefault(key, index)
        problems += _constraint_conflicts(client_file.client.country, index, role)
        if role.on_site and role.remote:
            problems.append((("roles", index, "remote"), "a role cannot be both on_site and remote"))
    problems += _proposal_totals(client_file.roles)
    overrides = [(("assumptions",), client_file.assumptions)] + [(("roles", i, "assumptions"), r.assumptions) for i, r in enumerate(client_file.roles)]
    for loc, values in overrides:
        for key, value in (values.amounts() if values else {}).items():
            problem = _override_problem(client_file.client.country, key, value)
            if problem:
                problems.append(((*loc, key), problem))
    return problems


def _constraint_conflicts(country: str, index: int, role: Role) -> list[tuple[tuple, str]]:
    """Hard constraints that no way of doing the work can meet together, at the field that clashes.

    A worker chosen abroad can be employed only through an employer of record (the client has
    no company there), so the work is done abroad, off the premises, by no licensed firm.
    """
    abroad = role.named_worker_country
    if abroad is None or abroad == country:
        return []
    worker = f"a worker chosen in {abroad} (named_worker_country) works from there through an employer of record"
    clashes = {
        "on_site": f"{worker}, not on the client's premises; drop on_site or named_worker_country",
        "onshore_only": f"{worker}, outside {country}; drop onshore_only or named_worker_country",
        "licensed": f"{worker}, not a licensed firm; drop licensed or named_worker_country",
    }
    return [(("roles", index, field), message) for field, message in clashes.items() if getattr(role, field)]


def _proposal_totals(roles: list[Role]) -> list[tuple[tuple, str]]:
    """Ceilings on the whole proposal, reported at `roles`: each role may be plausible, the sum not."""
    typo = "a figure above that is almost certainly a typo"
    problems = []
    heads = sum(role.headcount for role in roles)
    if heads > MAX_PROPOSAL_HEADS:
        problems.append((("roles",), f"{heads:,} heads in all; at most {MAX_PROPOSAL_HEADS:,} in one proposal (make several proposals for a larger workforce)"))
    payroll = sum(role.salary * role.headcount for role in roles)
    if payroll > MAX_PROPOSAL_PAYROLL:
        problems.append((("roles",), f"the salaries come to {_number(payroll)} a year (salary x headcount over all roles); at most {MAX_PROPOSAL_PAYROLL:,} in one proposal ({typo})"))
    quotes = sum(role.third_party_quote.annual for role in roles if role.third_party_quote)
    if quotes > MAX_PROPOSAL_QUOTES:
        problems.append((("roles",), f"the third-party quotes come to {_number(quotes)} a year; at most {MAX_PROPOSAL_QUOTES:,} in one proposal ({typo})"))
    return problems


def _override_problem(country: str, key: str, value: Decimal) -> str | None:
    """A benefit or overhead override above the ceiling of its unit, in plain words."""
    basis = _assumption_basis(country).get(key)
    ceiling = MAX_ASSUMPTION.get(basis)
    if ceiling is None or value <= ceiling:
        return None
    if basis == "pct_salary":
        return f"must be at most {ceiling} (a fraction of the salary: write 0.05 for 5%)"
    unit = "per hour worked" if basis == "per_hour" else "per full-time employee a year"
    return f"must be at most {ceiling:,} ({unit}; a figure above that is almost certainly a typo)"


@cache
def _assumption_basis(country: str) -> dict[str, str]:
    """How each default of a country is expressed: pct_salary, per_hour or per_year."""
    return {record["key"]: record["basis"] for record in data_file("assumptions.yaml").get(country, [])}


# Plain words for pydantic's error types; {placeholders} come from the error's context.
_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "unknown field",
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be at most {le}",
    "literal_error": "must be one of {expected}",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "decimal_parsing": "must be a number",
    "decimal_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "date_from_datetime_parsing": "must be a date written as YYYY-MM-DD",
    "date_parsing": "must be a date written as YYYY-MM-DD",
    "date_type": "must be a date written as YYYY-MM-DD",
    "string_type": "must be text",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters",
    "string_pattern_mismatch": "is not in the expected form",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "list_type": "must be a list",
    "too_short": "must list at least {min_length}",
    "too_long": "must have at most {max_length} item(s)",
}


def validate_document(document: Document, *, families: frozenset[str] | None = None) -> ClientFile:
    """Validate a loaded client file, raising QuotegenError with every problem at once."""
    data = document.data
    if not isinstance(data, dict):
        raise QuotegenError([InputError(document.path, "must be a mapping with client, proposal and roles", 1, 1)])
    try:
        client_file = ClientFile.model_validate(data, context={"families": families})
    except ValidationError as exc:
        raise QuotegenError(errors_from_validation(exc, document, ClientFile)) from None
    problems = _cross_checks(client_file)
    if problems:
        errors = []
        for loc, message in problems:
            line, column = document.locate(loc) or (None, None)
            errors.append(InputError(document.path, message, line, column, field_path(loc)))
        errors.sort(key=lambda e: (e.line or 0, e.column or 0))
        raise QuotegenError(errors)
    return client_file


def errors_from_validation(exc: ValidationError, document: Document, root: type[BaseModel]) -> list[InputError]:
    """Translate pydantic's errors into InputErrors with position and plain message."""
    errors = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        message = _message(error, loc, root)
        if loc and loc[-1] == "[key]":  # a mapping key that is not allowed
            loc = loc[:-1]
            message = message.replace("must be one of", "is not a known key; use one of", 1)
            kind = "extra_forbidden"
        line_col = document.locate(loc, prefer_key=kind == "extra_forbidden")
        line, column = line_col if line_col else (None, None)
        errors.append(InputError(document.path, message, line, column, field_path(loc) or None))
    errors.sort(key=lambda e: (e.line or 0, e.column or 0))
    return errors


def _message(error: dict, loc: tuple, root: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    template = _MESSAGES.get(kind)
    if template is None:
        return error["msg"]
    if kind in ("less_than_equal", "greater_than_equal", "greater_than", "less_than"):
        ctx = {key: _number(value) for key, value in ctx.items()}
    message = template.format(**ctx) if ctx else template
    if kind == "less_than_equal" and loc and loc[-1] in _CEILING_REASONS:
        message += f" ({_CEILING_REASONS[loc[-1]]})"
    if kind == "extra_forbidden":
        message += _did_you_mean(loc, root)
    return message


def _number(value: Any) -> Any:
    """A figure as people write it: 10,000,000 rather than 10000000 (decimals kept as given)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return value
    return f"{int(value):,}" if value == int(value) else f"{value:,f}"


def _did_you_mean(loc: tuple, root: type[BaseModel]) -> str:
    """Suggest the closest known field for a misspelt key (salery -> salary)."""
    model: Any = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if info is None:
            return ""
        model = _model_of(info.annotation)
        if model is None:
            return ""
    known = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f" (known fields: {', '.join(known)})"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel inside an annotation like `Role`, `list[Role]` or `Contact | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def client_copy(document: Document) -> str:
    """The client file's text as the client's PDF carries it: without proposal.approval.

    An approval (who let a margin below the floor go out, and why) is the provider's own
    business. Its lines are cut from the text, which otherwise stays as typed; the result is
    checked to read as the same data less the approval, and an approval written where lines
    cannot be cut (inside a one-line mapping) is refused with the place to change.
    """
    position = document.key_positions.get(("proposal", "approval"))
    if position is None:
        return document.text
    line, column = position
    lines = document.text.split("\n")
    start, indent = line - 1, column - 1
    end = start + 1
    # The block under the key: every following line indented deeper (blank lines inside it too).
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > indent):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines after the block separate what follows: keep them
    text = "\n".join(lines[:start] + lines[end:])
    expected = {**document.data, "proposal": {k: v for k, v in document.data["proposal"].items() if k != "approval"}}
    try:
        cut = parse_document(text, document.path).data if not lines[start][:indent].strip() else None
    except QuotegenError:
        cut = None
    if cut != expected:
        raise QuotegenError([InputError(document.path, "write approval as a block of its own lines under proposal, so that the client's copy can leave it out", line, column, "proposal.approval")])
    return text
