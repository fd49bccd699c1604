"""The provider configuration: brand, rate card, delivery centres (quotegen.yaml)."""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, WithJsonSchema, model_validator
from pydantic import ValidationInfo, field_validator  # the costs and policy checks

from quotegen.errors import InputError, QuotegenError
from quotegen.input.document import Document, load_document, parse_document
from quotegen.data.tables import data_file
from quotegen.input.client import MAX_SERVICE_HOURS, Amount, PositiveAmount, Seniority, Text, errors_from_validation

CONFIG_FILE_NAME = "quotegen.yaml"

def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ValueError(f"must be a colour written as #RRGGBB, like #12355B, not {value!r}")
    return value


Colour = Annotated[str, AfterValidator(_colour)]
# Paths the theme may load: relative, no parent steps, no scheme. Checked again by the
# renderer's fetcher; refusing them here gives the user a clear message early.
def _relative_asset(value: str) -> str:
    if not re.fullmatch(r"[\w./ -]{1,200}", value) or value.startswith("/") or ".." in value.split("/"):
        raise ValueError(f"must be a relative path inside the workspace or theme, like images/logo.svg, not {value!r}")
    return value


AssetPath = Annotated[str, AfterValidator(_relative_asset)]

# The languages a document can be written in (the theme has a catalogue for each but English).
LANGUAGES = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "French"}
Lang = Literal["en", "fr"]
# What a provider text may fill in: {brand} and {provider} keep the built-in sample texts free
# of the sample's name, so a workspace that restyles the brand and keeps them reads as its own.
TEXT_FIELDS = ("brand", "provider", "client", "setup_fee", "escalation")


def _prose(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    for _, name, spec, conversion in string.Formatter().parse(value):
        if name is not None and (name not in TEXT_FIELDS or spec or conversion):
            raise ValueError(f"uses {{{name}}}; only " + ", ".join(f"{{{n}}}" for n in TEXT_FIELDS) + " may be filled in")
    return value.strip()


Prose = Annotated[str, Field(max_length=2000), AfterValidator(_prose)]


def _as_languages(value: Any) -> Any:
    """A plain string is the English text; a mapping gives the text per language."""
    return {"en": value} if isinstance(value, str) else value


def _has_english(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("needs its English text (en); other languages are translations of it")
    return value


_LOCALIZED_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": "The English text only"},
        {"type": "object", "properties": {lang: {"type": "string"} for lang in ("en", "fr")}, "required": ["en"], "additionalProperties": False},
    ]
}


# A text in several languages: `tagline: "Teams you can count on"` (English only) or
# `tagline: {en: "...", fr: "..."}`. A document never falls back to English for a missing
# language: ProviderConfig.missing_texts names what a French document still needs.
Localized = Annotated[dict[Lang, Prose], BeforeValidator(_as_languages), AfterValidator(_has_english), WithJsonSchema(_LOCALIZED_SCHEMA)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colours(_Strict):
    primary: Colour
    accent: Colour
    muted: Colour = "#5B6B7C"


class ProviderContact(_Strict):
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    address: str | None = None


class AccountContact(_Strict):
    """The person the client deals with after signing: named in the next steps."""

    name: Text
    title: Localized
    email: str | None = None
    phone: str | None = None


class Brand(_Strict):
    name: Text
    legal_name: Text
    tagline: Localized | None = None
    logo: AssetPath | None = None
    colors: Colours
    font: Annotated[str, Field(pattern=r"^[A-Za-z0-9 ]+$")] = "Inter"
    contact: ProviderContact = ProviderContact()
    footer: Localized | None = None  # on every page, after the quote number
    account_contact: AccountContact | None = None


class Milestone(_Strict):
    """One step of the onboarding timeline: when (\"Week 1\") and what happens."""

    when: Annotated[str, Field(max_length=60), AfterValidator(_prose)]
    what: Prose


class ProviderTexts(_Strict):
    """The provider's own words in one language (texts.en, texts.fr)."""

    introduction: Prose | None = None  # a short paragraph about the provider
    next_steps: Annotated[list[Prose], Field(max_length=12)] = []
    onboarding: Annotated[list[Milestone], Field(max_length=12)] = []


# What in a proposal makes a clause of the terms apply (see render/content.py):
# leasing: a role leased from the rate card; managed_service: a process, knowledge or project
# team of ours; project: a role delivered as a project; eor: a role employed through an
# employer of record; third_party: a role bought from another firm (a quote in the client
# file, professionals or a marketplace); converted: something of ours is priced in another
# currency than the provider's and converted; always: every proposal.
Condition = Literal["always", "leasing", "managed_service", "project", "eor", "third_party", "converted"]
CONDITIONS = get_args(Condition)


class Clause(_Strict):
    """One clause of the terms: shown only when the proposal contains what it is about."""

    applies_when: Annotated[
        list[Condition],
        BeforeValidator(lambda v: [v] if isinstance(v, str) else v),
        Field(min_length=1),
        WithJsonSchema({"anyOf": [{"enum": list(CONDITIONS)}, {"type": "array", "items": {"enum": list(CONDITIONS)}, "minItems": 1}]}),
    ]
    title: Localized
    text: Localized


class QuoteSettings(_Strict):
    prefix: Annotated[str, Field(pattern=r"^[A-Z0-9]{1,8}$")] = "Q"


class FxRate(_Strict):
    rate: PositiveAmount
    date: dt.date
    period: Text | None = None  # what the rate is ("Bank of Canada average for December 2025"), when not a day's rate
    source: Text
    source_fr: Text | None = None  # the source's French title, where it has one
    url: str | None = None
    url_fr: str | None = None


class Pricing(_Strict):
    sample: bool = False
    source: Text
    year: int
    currency: Annotated[Literal["USD", "CAD"], BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v)]
    fx: dict[str, FxRate] = {}
    setup_fee: Annotated[Amount, Field(ge=0)] = Decimal(0)  # one-time, per leased worker
    escalation_pct: Annotated[Amount, Field(ge=0, le=25)] = Decimal(0)  # yearly price increase


class Shift(_Strict):
    """A working shift of a centre: 8 working hours from a local start hour."""

    start: Annotated[int, Field(ge=0, le=23)]
    hours: Annotated[int, Field(ge=1, le=12)] = 8
    premium_pct: Annotated[Amount, Field(ge=0, le=100)] = Decimal(0)


class DeliveryCentre(_Strict):
    name: Text
    city: Text
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    location: Literal["offshore", "nearshore", "onshore"]
    utc_offset: Amount
    price_factor: PositiveAmount = Decimal(1)
    languages: Annotated[list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]], Field(min_length=1)] = ["en"]
    shifts: Annotated[dict[str, Shift], Field(min_length=1)] = {"day": Shift(start=8)}


class VolumeTier(_Strict):
    """A lower hourly rate for the weekly hours of a service from `from_hours` on."""

    from_hours: Annotated[Amount, Field(gt=0, le=MAX_SERVICE_HOURS, description="The weekly hours from which this rate applies (to those hours only).")]
    hourly: PositiveAmount


def _ascending(tiers: list[VolumeTier]) -> list[VolumeTier]:
    starts = [tier.from_hours for tier in tiers]
    if any(later <= earlier for earlier, later in zip(starts, starts[1:])):
        raise ValueError(f"must start at ascending weekly hours, not {', '.join(f'{h:f}' for h in starts)}")
    return tiers


VolumeTiers = Annotated[
    list[VolumeTier],
    AfterValidator(_ascending),
    Field(
        max_length=10,
        description="Volume bands of a service: each rate applies to the weekly hours of its band, from its from_hours to the "
        "next band's; the service's hourly rate prices the hours below the first band.",
    ),
]


class Services(_Strict):
    """Prices of the provider's other services (all in pricing.currency)."""

    eor_monthly_fee: PositiveAmount | None = None
    bpo_hourly: PositiveAmount | None = None
    kpo_hourly: PositiveAmount | None = None
    project_hourly: PositiveAmount | None = None
    # Volume tiers: a process or knowledge service bought by the hour is cheaper per hour in volume.
    bpo_volume_tiers: VolumeTiers = []
    kpo_volume_tiers: VolumeTiers = []

    @model_validator(mode="after")
    def _tiers_have_a_first_rate(self) -> Services:
        for model in ("bpo", "kpo"):
            if getattr(self, f"{model}_volume_tiers") and getattr(self, f"{model}_hourly") is None:
                raise ValueError(f"{model}_volume_tiers needs {model}_hourly, the rate of the hours below the first band")
        return self

    def bands(self, model: str) -> tuple[tuple[Decimal, Decimal], ...]:
        """(weekly hours from, hourly rate) of a service's bands, from 0; none when it has no hourly rate."""
        hourly = getattr(self, f"{model}_hourly", None)
        if hourly is None:
            return ()
        tiers = getattr(self, f"{model}_volume_tiers", None) or []
        return ((Decimal(0), hourly), *((tier.from_hours, tier.hourly) for tier in tiers))


class PartTimeSeat(_Strict):
    """A dedicated worker for fewer hours than full time, at a premium on the prorated fee."""

    min_hours_per_week: Annotated[Amount, Field(gt=0, le=60, description="The fewest weekly hours a part-time seat is leased for.")]
    premium_pct: Annotated[Amount, Field(ge=0, le=100, description="Added to the prorated fee, in percent (15 is 15%).")] = Decimal(0)


class LeasingLimits(_Strict):
    """The hours a dedicated leased worker is sold for."""

    min_hours_per_week: Annotated[
        Amount, Field(gt=0, le=60, description="A full-time seat: the fewest weekly hours; at or above them the fee is prorated by hours over 40.")
    ] = Decimal(40)
    part_time_seat: PartTimeSeat | None = None

    @model_validator(mode="after")
    def _part_time_is_shorter(self) -> LeasingLimits:
        seat = self.part_time_seat
        if seat is not None and seat.min_hours_per_week >= self.min_hours_per_week:
            raise ValueError(
                f"part_time_seat.min_hours_per_week ({seat.min_hours_per_week:f}) must be below min_hours_per_week ({self.min_hours_per_week:f})"
            )
        return self

    @property
    def smallest(self) -> Decimal:
        """The fewest weekly hours any seat is leased for."""
        return self.part_time_seat.min_hours_per_week if self.part_time_seat else self.min_hours_per_week


class MarketplaceLimits(_Strict):
    max_task_hours: Annotated[Amount, Field(gt=0, le=5000, description="The largest job, in hours, that is still a marketplace task.")]


class ProjectLimits(_Strict):
    min_months: Annotated[int, Field(ge=1, le=120, description="The shortest project a project team takes, in months.")] = 1


class Limits(_Strict):
    """What the provider really sells, per model: an option that breaks a limit is not offered."""

    illustrative: bool = False  # sample figures (the built-in provider's), not anyone's real terms
    source: Text | None = None
    staff_leasing: LeasingLimits | None = None
    microsourcing: MarketplaceLimits | None = None
    project: ProjectLimits | None = None


class Family(_Strict):
    """A role family of the rate card; without fees it cannot be leased remotely."""

    label: Text
    # Workers' comp premiums follow the occupation's risk class: office work is "clerical".
    workers_comp_class: Literal["clerical", "general"] = "clerical"
    junior: PositiveAmount | None = None
    mid: PositiveAmount | None = None
    senior: PositiveAmount | None = None
    lead: PositiveAmount | None = None

    @property
    def leasable(self) -> bool:
        return self.mid is not None

    def monthly_fee(self, seniority: Seniority) -> Decimal | None:
        return getattr(self, seniority)


class LevelCosts(_Strict):
    """The provider's monthly cost of one full-time worker of a role family, by seniority."""

    junior: PositiveAmount | None = None
    mid: PositiveAmount | None = None
    senior: PositiveAmount | None = None
    lead: PositiveAmount | None = None


class Costs(_Strict):
    """What delivering a worker costs the provider: by centre, role family and seniority, a month
    per full-time worker on the day shift, in pricing.currency. It gives each leased role its
    margin (engine/margin.py), shown in the internal copy only, never to the client."""

    sample: bool = False  # illustrative figures (the built-in provider's), not anyone's real costs
    source: Text
    year: int
    monthly: dict[str, dict[str, LevelCosts]]  # centre code -> role family -> seniority

    def monthly_cost(self, centre: str, family: str, seniority: Seniority) -> Decimal | None:
        levels = self.monthly.get(centre, {}).get(family)
        return getattr(levels, seniority) if levels is not None else None


class Policy(_Strict):
    """Margin rules: a quote below the floor or above the cap needs proposal.approval in the client file."""

    min_margin_pct: Annotated[Amount, Field(gt=-100, lt=100)] | None = None  # margin over price, per leased role
    max_discount_pct: Annotated[Amount, Field(ge=0, lt=100)] | None = None


class ProviderConfig(_Strict):
    """Everything about the provider that a proposal needs."""

    provider: Brand
    quote: QuoteSettings = QuoteSettings()
    pricing: Pricing
    delivery_centres: Annotated[dict[str, DeliveryCentre], Field(min_length=1)]
    services: Services = Services()
    limits: Limits = Limits()
    rate_card: Annotated[dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Family], Field(min_length=1)]
    costs: Costs | None = None
    policy: Policy = Policy()

    @field_validator("costs")
    @classmethod
    def _costs_of_known_centres(cls, costs: Costs | None, info: ValidationInfo) -> Costs | None:
        """Costs name the configuration's own centres and role families (a typo would cost nothing)."""
        centres, families = info.data.get("delivery_centres") or {}, info.data.get("rate_card") or {}
        for centre, by_family in (costs.monthly.items() if costs else ()):
            if centre not in centres:
                raise ValueError(f"monthly.{centre}: not a delivery centre (known: {', '.join(sorted(centres))})")
            unknown = sorted(set(by_family) - set(families))
            if unknown:
                raise ValueError(f"monthly.{centre}.{unknown[0]}: not a role family of the rate card")
        return costs

    @field_validator("policy")
    @classmethod
    def _floor_needs_costs(cls, policy: Policy, info: ValidationInfo) -> Policy:
        if policy.min_margin_pct is not None and info.data.get("costs") is None:
            raise ValueError("min_margin_pct needs costs: the provider's monthly cost of each role family and seniority from each delivery centre")
        return policy
    texts: dict[Lang, ProviderTexts] = {}
    terms: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Clause] = {}
    # Where relative asset paths (the logo) are looked up first; not part of the file.
    workspace: Path | None = Field(default=None, exclude=True)
    # The file as the user would name it and its Document (where each text stands), for
    # messages about its texts; not part of the file.
    _path: str = PrivateAttr(default="quotegen (built-in provider.yaml)")
    _document: Document | None = PrivateAttr(default=None)

    @property
    def path(self) -> str:
        return self._path

    @property
    def document(self) -> Document | None:
        return self._document


    @property
    def families(self) -> frozenset[str]:
        return frozenset(self.rate_card)

    @model_validator(mode="after")
    def _texts_have_english(self) -> ProviderConfig:
        """Every language's texts translate the English ones: a text in French only has no English."""
        english = self.texts.get("en", ProviderTexts())
        for lang, texts in self.texts.items():
            for name in ProviderTexts.model_fields:
                if getattr(texts, name) and not getattr(english, name):
                    raise ValueError(f"texts.{lang}.{name} has no English text (texts.en.{name}); other languages are translations of it")
        return self

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages any provider text is given in, English first."""
        found = set(self.texts)
        for localized in self._localized().values():
            found.update(localized)
        return tuple(lang for lang in LANGUAGES if lang in found or lang == "en")

    def _localized(self) -> dict[tuple[str | int, ...], dict[str, str]]:
        """Every text given per language, by where it stands in the file."""
        found: dict[tuple[str | int, ...], dict[str, str]] = {}
        brand = self.provider
        for name in ("tagline", "footer"):
            if getattr(brand, name):
                found[("provider", name)] = getattr(brand, name)
        if brand.account_contact:
            found[("provider", "account_contact", "title")] = brand.account_contact.title
        for key, clause in self.terms.items():
            found[("terms", key, "title")] = clause.title
            found[("terms", key, "text")] = clause.text
        return found

    def check_language(self, lang: str, reader: str) -> None:
        """Raise QuotegenError naming each provider text a document in `lang` lacks."""
        missing = self.missing_texts(lang)
        if missing:
            raise QuotegenError([text_missing(self, self.document, loc, lang, reader) for loc in missing])

    def missing_texts(self, lang: str) -> list[tuple[str | int, ...]]:
        """Where a document in `lang` lacks a provider text the English one has.

        The rule: English is the reference; a document in another language needs every text
        English has, in its own language. Nothing falls back to English, so a French document
        never carries an English sentence of the provider's.
        """
        if lang == "en":
            return []
        missing: list[tuple[str | int, ...]] = [loc + (lang,) for loc, localized in self._localized().items() if lang not in localized]
        english = self.texts.get("en", ProviderTexts())
        translated = self.texts.get(lang, ProviderTexts())  # type: ignore[call-overload]
        for name in ProviderTexts.model_fields:
            mine, theirs = getattr(english, name), getattr(translated, name)
            if mine and not theirs:
                missing.append(("texts", lang, name))
            elif isinstance(mine, list) and len(theirs) != len(mine):
                missing.append(("texts", lang, name))
        return missing


def load_config(workspace: Path | None = None, config_path: Path | None = None) -> ProviderConfig:
    """The provider configuration: the workspace's quotegen.yaml over the built-in sample.

    Each top-level section the workspace file gives replaces the built-in one whole, so a
    provider can restyle the brand and keep the sample rate card while trying quotegen.
    """
    base: dict[str, Any] = dict(data_file("provider.yaml"))
    document: Document | None = None
    if config_path is None and workspace is not None and (workspace / CONFIG_FILE_NAME).is_file():
        config_path = workspace / CONFIG_FILE_NAME
    if config_path is not None:
        document = load_document(config_path, display_path=_shown(Path(config_path)))
        if not isinstance(document.data, dict):
            raise QuotegenError([InputError(document.path, "must be a mapping of provider settings", 1, 1)])
        base.update(document.data)
        if "costs" not in document.data and {"rate_card", "delivery_centres"} & document.data.keys():
            base.pop("costs", None)  # the built-in costs are those of the built-in centres and rate card
        workspace = workspace or Path(config_path).resolve().parent
    doc = document or parse_document("{}", "quotegen (built-in provider.yaml)")
    try:
        config = ProviderConfig.model_validate(base)
    except ValidationError as exc:
        raise QuotegenError(errors_from_validation(exc, doc, ProviderConfig)) from None
    # A language given for one text is given for all: a French document finds each of them.
    gaps = [(lang, loc) for lang in config.languages for loc in config.missing_texts(lang)]
    if gaps:
        raise QuotegenError([text_missing(doc.path, doc, loc, lang) for lang, loc in gaps])
    config = config.model_copy(update={"workspace": workspace})
    config._path, config._document = doc.path, doc
    return config


def text_missing(config_or_path: ProviderConfig | str, document: Document | None, loc: tuple[str | int, ...], lang: str, reader: str | None = None) -> InputError:
    """`texts.fr.introduction: missing: ...`: a provider text a document in `lang` needs.

    `reader` says who needs it (a client file's French document); without it, the file itself
    gives other texts in that language, so it must give them all.
    """
    path = config_or_path if isinstance(config_or_path, str) else config_or_path.path
    where = document.locate(loc) if document is not None else None
    line, column = where if where else (None, None)
    language = LANGUAGE_NAMES.get(lang, lang)
    english = ".".join(map(str, (loc[0], "en") + loc[2:] if loc[0] == "texts" else loc[:-1]))
    if reader is None:
        why = f"this file gives other texts in {language}, so it must give them all"
    else:
        why = f"{reader} is a {language} document"
    return InputError(path, f"missing: {why}; give the {language} text of {english} (nothing falls back to English)", line, column, ".".join(map(str, loc)))


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def slug(text: str) -> str:
    """Upper-case ASCII letters and digits only, accents dropped: used in quote numbers."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Z0-9]", "", ascii_text.upper())
