"""The provider configuration: brand, rate card, delivery centres (quotegen.yaml)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from quotegen.errors import InputError, QuotegenError
from quotegen.input.document import Document, load_document, parse_document
from quotegen.data.tables import data_file
from quotegen.input.client import Amount, PositiveAmount, Seniority, Text, errors_from_validation

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


class Brand(_Strict):
    name: Text
    legal_name: Text
    tagline: str = ""
    logo: AssetPath | None = None
    colors: Colours
    font: Annotated[str, Field(pattern=r"^[A-Za-z0-9 ]+$")] = "Inter"
    contact: ProviderContact = ProviderContact()
    footer: str = ""


class QuoteSettings(_Strict):
    prefix: Annotated[str, Field(pattern=r"^[A-Z0-9]{1,8}$")] = "Q"


class FxRate(_Strict):
    rate: PositiveAmount
    date: dt.date
    source: Text
    url: str | None = None


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


class Services(_Strict):
    """Prices of the provider's other services (all in pricing.currency)."""

    eor_monthly_fee: PositiveAmount | None = None
    bpo_hourly: PositiveAmount | None = None
    kpo_hourly: PositiveAmount | None = None
    project_hourly: PositiveAmount | None = None


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


class ProviderConfig(_Strict):
    """Everything about the provider that a proposal needs."""

    provider: Brand
    quote: QuoteSettings = QuoteSettings()
    pricing: Pricing
    delivery_centres: Annotated[dict[str, DeliveryCentre], Field(min_length=1)]
    services: Services = Services()
    rate_card: Annotated[dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Family], Field(min_length=1)]
    # Where relative asset paths (the logo) are looked up first; not part of the file.
    workspace: Path | None = Field(default=None, exclude=True)

    @property
    def families(self) -> frozenset[str]:
        return frozenset(self.rate_card)


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
        workspace = workspace or Path(config_path).resolve().parent
    try:
        config = ProviderConfig.model_validate(base)
    except ValidationError as exc:
        doc = document or parse_document("{}", "quotegen (built-in provider.yaml)")
        raise QuotegenError(errors_from_validation(exc, doc, ProviderConfig)) from None
    return config.model_copy(update={"workspace": workspace})


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
