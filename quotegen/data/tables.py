"""Reference tables that ship with the package: regions, currencies, locales."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from quotegen.errors import InputError, QuotegenError

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
    """Parse one of the package's own YAML data files (trusted, so the fast loader); a source's
    basis lacking a language stops it (check_bases)."""
    text = resources.files("quotegen").joinpath("data", name).read_text(encoding="utf-8")
    errors = check_bases(text, f"quotegen/data/{name}")
    if errors:
        raise QuotegenError(errors)
    return parse_data(text)


BASIS_LANGUAGES = {"en": "English", "fr": "French"}


def check_bases(text: str, path: str) -> list[InputError]:
    """Every `source_basis` (how we derived a figure, printed with its source) gives its text in
    English and French, so a French document never prints an English sentence of ours; a
    French page (`url_fr`) comes with its French title (`source_fr`), which a French document prints beside it."""
    if "source_basis" not in text and "url_fr" not in text:
        return []
    errors: list[InputError] = []
    stack = [yaml.compose(text, Loader=_DataLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            keys = {key.value for key, _ in node.value}
            for key, value in node.value:
                if key.value == "source_basis":
                    errors += _basis_errors(value, path)
                elif key.value == "url_fr" and "source_fr" not in keys:
                    line, column = key.start_mark.line + 1, key.start_mark.column + 1
                    errors.append(InputError(path, "a French page needs its French title: give source_fr too", line, column, "url_fr"))
                else:
                    stack.append(value)
    return sorted(errors, key=lambda e: e.line or 0)


def _basis_errors(node: yaml.Node, path: str) -> list[InputError]:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(node, yaml.MappingNode):
        return [InputError(path, "must be a mapping of the basis in each language: {en: ..., fr: ...}", line, column, "source_basis")]
    given = {key.value: value for key, value in node.value}
    errors = [
        InputError(path, f"unknown language {lang!r}: give en and fr", key.start_mark.line + 1, key.start_mark.column + 1, f"source_basis.{lang}")
        for key in (k for k, _ in node.value)
        if (lang := key.value) not in BASIS_LANGUAGES
    ]
    for lang, language in BASIS_LANGUAGES.items():
        value = given.get(lang)
        if value is None or not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            errors.append(InputError(path, f"missing: the {language} text of this basis (a French document prints it; nothing falls back to English)", line, column, f"source_basis.{lang}"))
    return errors


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
