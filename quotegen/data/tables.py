"""Reference tables that ship with the package: regions, currencies, locales."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

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
    """The fast safe loader with YAML 1.2 booleans, so Ontario's `ON` stays a string, and
    YAML 1.2 numbers with a point or an exponent read as exact Decimals from their text."""


_BOOL = "tag:yaml.org,2002:bool"
_FLOAT = "tag:yaml.org,2002:float"
_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
# YAML 1.2's float forms (1.1 reads 1e-3 as text and 1:30.5 as base 60). A point or an
# exponent is required: plain digits stay ints.
_DataLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
_SPECIAL = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}


def _decimal(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Decimal:
    """A number with a point straight from its text: 0.0145 stays 0.0145, never a float's 0.01449999..."""
    text = loader.construct_scalar(node)
    try:
        return Decimal(_SPECIAL.get(text.lower(), text))
    except InvalidOperation:
        raise yaml.constructor.ConstructorError(None, None, f"not a number: {text!r}", node.start_mark) from None


_DataLoader.add_constructor(_FLOAT, _decimal)


def parse_data(text: str) -> Any:
    """YAML text as the data loader reads it: YAML 1.2 booleans, numbers with a point as Decimal."""
    return yaml.load(text, Loader=_DataLoader)


@cache
def data_file(name: str) -> Any:
    """Parse one of the package's own YAML data files (trusted, so the fast loader)."""
    return parse_data(resources.files("quotegen").joinpath("data", name).read_text(encoding="utf-8"))


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
