"""Reference tables that ship with the package: regions, currencies, locales."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import re

import yaml

DEFAULT_CURRENCY = {"US": "USD", "CA": "CAD"}
DEFAULT_LOCALE = {"US": "en_US", "CA": "en_CA"}
COUNTRY_NAMES = {"US": "United States", "CA": "Canada"}
# Countries nearshore to US and Canadian clients: Mexico, Central and South America and the
# Caribbean, within a few hours of North American business hours (ISO 3166-1 codes).
NEARSHORE = frozenset(
    "MX GT BZ SV HN NI CR PA CO VE EC PE BO BR PY UY AR CL CU DO HT JM TT BS BB PR".split()
)


class _DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The fast safe loader with YAML 1.2 booleans, so Ontario's `ON` stays a string."""


_BOOL = "tag:yaml.org,2002:bool"
_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@cache
def data_file(name: str) -> Any:
    """Parse one of the package's own YAML data files (trusted, so the fast loader)."""
    text = resources.files("quotegen").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_DataLoader)


def regions_of(country: str) -> dict[str, dict]:
    """The states or provinces of a country, keyed by their postal code."""
    return data_file("regions.yaml").get(country, {})


def region_name(country: str, region: str) -> str:
    return regions_of(country)[region]["name"]


def builtin_theme_dir() -> Path:
    """The default theme shipped inside the package (the repository's templates/)."""
    return Path(str(resources.files("quotegen.theme")))


def theme_dirs(workspace: Path | None) -> tuple[Path, ...]:
    """Where templates and assets are looked up: the workspace's templates/, then ours."""
    dirs = []
    if workspace is not None and (workspace / "templates").is_dir():
        dirs.append((workspace / "templates").resolve())
    builtin = builtin_theme_dir().resolve()
    if builtin not in dirs:
        dirs.append(builtin)
    return tuple(dirs)
