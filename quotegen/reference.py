"""Reference tables that ship with the package: regions, currencies, locales."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

DEFAULT_CURRENCY = {"US": "USD", "CA": "CAD"}
DEFAULT_LOCALE = {"US": "en_US", "CA": "en_CA"}
COUNTRY_NAMES = {"US": "United States", "CA": "Canada"}


@cache
def data_file(name: str) -> Any:
    """Parse one of the package's own YAML data files (trusted, so the fast loader)."""
    text = resources.files("quotegen").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def regions_of(country: str) -> dict[str, dict]:
    """The states or provinces of a country, keyed by their postal code."""
    return data_file("regions.yaml").get(country, {})


def region_name(country: str, region: str) -> str:
    return regions_of(country)[region]["name"]
