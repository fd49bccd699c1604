"""The template sandbox: templates see frozen data and call only what an allow-list names.

A workspace may ship its own templates, so template code is untrusted. Jinja's own sandbox
refuses `_`-prefixed names but lets through any other attribute or method, which is how a
pydantic model's `parse_raw` ran a pickle. Here the rule is reversed: an attribute or a
call is refused unless it is listed. Templates receive plain frozen views (`Record`,
`FrozenMap`, tuples, str, Decimal, date), quotegen's own frozen value types (the quote),
and `Helper` functions; anything else raises SecurityError.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
import types
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import BlockReference, LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from pydantic import BaseModel

# Methods of plain values that templates may call or read: the ones the built-in theme
# uses, plus a few of the same harmless kind. `format` and `format_map` are not here: a
# format string can walk attributes.
STR_METHODS = frozenset({"rstrip", "lstrip", "strip", "upper", "lower", "title", "capitalize", "startswith", "endswith", "replace", "split"})
DATE_ATTRIBUTES = frozenset({"isoformat", "year", "month", "day"})
MAPPING_METHODS = frozenset({"items", "keys", "values", "get"})
LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "previtem", "nextitem", "cycle", "changed"}
)
# Bounds on what one expression may build: a template formats a proposal, it never needs
# a million-item range or a gigabyte string, and the batch must not run out of memory.
MAX_RANGE = 10_000
MAX_REPEAT = 100_000  # characters or items one `*` may produce
MAX_POWER = 100
MAX_WIDTH = 1_000  # widths and counts given to the sizing filters

DATA = (str, int, float, Decimal, dt.date, type(None), tuple, list, dict, Undefined)


class Record:
    """A frozen, method-free view of a configuration section: its fields as attributes."""

    __slots__ = ("_fields", "_kind")

    def __init__(self, fields: Mapping[str, Any], kind: str = "record"):
        object.__setattr__(self, "_fields", dict(fields))
        object.__setattr__(self, "_kind", kind)  # what it is a view of, for messages

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_fields")[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("template data is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("template data is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._fields == other._fields

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{self._kind}(" + ", ".join(f"{k}={v!r}" for k, v in self._fields.items()) + ")"


class FrozenMap(Mapping):
    """A read-only mapping for templates: keys, values, items and get, nothing else."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[Any, Any]):
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("template data is read-only")

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


class Helper:
    """A function templates may call; the sandbox calls nothing else written in Python."""

    __slots__ = ("_function", "_name")

    def __init__(self, function: Callable[..., Any], name: str):
        self._function = function
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<template helper {self._name}>"


def freeze(value: Any) -> Any:
    """A template view of configuration data: models become Records, dicts FrozenMaps."""
    if isinstance(value, BaseModel):
        return Record({name: freeze(getattr(value, name)) for name in type(value).model_fields}, type(value).__name__)
    if isinstance(value, Mapping):
        return FrozenMap({key: freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    if isinstance(value, (str, int, float, Decimal, dt.date, Record, FrozenMap, Helper)) or value is None:
        return value
    if is_value_type(type(value)):
        return value
    raise TypeError(f"no template view for a {type(value).__name__}")


def is_value_type(cls: type) -> bool:
    """One of quotegen's own frozen dataclasses (the quote and its parts)."""
    params = getattr(cls, "__dataclass_params__", None)
    return params is not None and params.frozen and cls.__module__.split(".")[0] == "quotegen"


@cache
def value_type_attributes(cls: type) -> frozenset[str]:
    """The fields and properties of a frozen value type: its data, never its methods."""
    names = {f.name for f in dataclasses.fields(cls)}
    for klass in cls.__mro__:
        names.update(name for name, member in vars(klass).items() if isinstance(member, property))
    return frozenset(name for name in names if not name.startswith("_"))


_FIELDS = string.Formatter()


def fill(text: str, values: Mapping[str, Any]) -> str:
    """`str.format` for template text: plain `{name}` fields only, no lookups, specs or conversions."""
    if not isinstance(text, str):
        raise SecurityError(f"text to translate must be a string, not {type(text).__name__}")
    parts = []
    for literal, field, spec, conversion in _FIELDS.parse(text):
        parts.append(literal)
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise SecurityError(f"{{{field}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} in {text!r}: only plain {{name}} fields may be filled in")
        if field not in values:
            raise KeyError(f"{{{field}}} in {text!r} has no value")
        parts.append(format(values[field], ""))
    return "".join(parts)


def simple_fields(text: str) -> str | None:
    """None if `text` has only plain `{name}` fields, else the first field that is not."""
    try:
        parsed = list(_FIELDS.parse(text))
    except ValueError as exc:
        return str(exc)
    for _, field, spec, conversion in parsed:
        if field is not None and (not field.isidentifier() or spec or conversion):
            return "{" + field + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
    return None


def safe_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range of {len(numbers)} items is too large (at most {MAX_RANGE})")
    return numbers


_PERCENT_WIDTH = re.compile(r"%[-#0 +]*(?:\(\w*\))?[-#0 +]*\d{4,}|%[^%a-zA-Z]*\.\d{4,}")


def _check_percent(text: Any) -> None:
    if isinstance(text, str) and _PERCENT_WIDTH.search(text):
        raise SecurityError(f"a %-format width above {MAX_WIDTH} in {text[:60]!r}")


def _sized(name: str, filter_function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose numeric arguments (widths, counts) are bounded."""

    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, (int, float, Decimal)) and not isinstance(arg, bool) and abs(arg) > MAX_WIDTH:
                raise SecurityError(f"{name}({arg}) is too large (at most {MAX_WIDTH})")
            if isinstance(arg, str) and len(arg) > MAX_WIDTH:
                raise SecurityError(f"{name}() argument is too long (at most {MAX_WIDTH} characters)")
        return filter_function(value, *args, **kwargs)

    bounded.__name__ = filter_function.__name__
    return bounded


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox turned into an allow-list: anything not named here is a SecurityError."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # No lipsum, cycler or joiner: nothing a proposal needs; `loop.cycle` does the job.
        self.globals = {"range": Helper(safe_range, "range"), "dict": dict, "namespace": Namespace}
        self.filters = dict(self.filters)
        self.filters["attr"] = self._attr
        self.filters["format"] = self._format
        for name in ("center", "indent", "wordwrap", "truncate", "batch", "slice", "filesizeformat", "round"):
            self.filters[name] = _sized(name, self.filters[name])

    # -- attributes ---------------------------------------------------------------------

    def getattr(self, obj: Any, attribute: Any) -> Any:
        """`obj.attribute` in a template: checked against the allow-list before it is read."""
        if isinstance(obj, Undefined) or not isinstance(attribute, str):
            return super().getattr(obj, attribute)
        if attribute.startswith("_"):  # private and special names, whatever the object
            raise SecurityError(f"templates may not use {attribute!r} of a {_kind(obj)}")
        if isinstance(obj, Record):
            fields = object.__getattribute__(obj, "_fields")
            if attribute in fields:
                return fields[attribute]
            raise SecurityError(f"templates may not use {attribute!r} of a {_kind(obj)}; its fields are {', '.join(fields)}")
        if isinstance(obj, Mapping):
            if attribute in MAPPING_METHODS:
                return getattr(obj, attribute)
            return self.getitem(obj, attribute)
        # Checked first, so not even a property runs unless it is allowed.
        if not self.is_safe_attribute(obj, attribute, None):
            raise SecurityError(f"templates may not use {attribute!r} of a {_kind(obj)}")
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """`obj[argument]`, and the attribute lookups of filters (`map(attribute=...)`)."""
        if isinstance(argument, str) and (argument.startswith("_") or isinstance(obj, Record)):
            return self.getattr(obj, argument)
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if isinstance(argument, str) and not isinstance(obj, (Mapping, Undefined)):
                return self.getattr(obj, argument)
        if isinstance(obj, Mapping):
            keys = ", ".join(map(str, list(obj)[:12]))
            hint = f"no {argument!r} here; the keys are {keys}" if keys else f"no {argument!r} here; the mapping is empty"
            return self.undefined(hint, obj=obj, name=argument)
        return self.undefined(obj=obj, name=argument)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not isinstance(attr, str) or attr.startswith("_"):
            return False
        if isinstance(obj, Record):
            return attr in object.__getattribute__(obj, "_fields")
        allowed = _builtin_allowed(obj)
        if allowed is not None:
            return attr in allowed
        if isinstance(obj, LoopContext):
            return attr in LOOP_ATTRIBUTES
        if isinstance(obj, (Namespace, TemplateModule)):
            return True  # a namespace holds what the template set; a module, its macros
        if isinstance(obj, BlockReference):
            return attr == "super"
        if is_value_type(type(obj)):
            return attr in value_type_attributes(type(obj))
        return False

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        # Refuse at once: an undefined value could still be tested with `is defined`.
        raise SecurityError(f"templates may not use {attribute!r} of a {_kind(obj)}")

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is refused outright (not on the allow-list), not sandboxed

    def _attr(self, obj: Any, name: str) -> Any:
        return self.getattr(obj, name)

    @staticmethod
    def _format(value: Any, *args: Any, **kwargs: Any) -> str:
        _check_percent(value)
        return str(value) % (kwargs or args)

    # -- calls ----------------------------------------------------------------------------

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, (Helper, Macro, BlockReference, LoopContext)) or obj is dict or obj is Namespace:
            return True
        owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", None)
        allowed = _builtin_allowed(owner)
        if allowed is not None:
            return name in allowed
        if isinstance(owner, LoopContext):
            return name in ("cycle", "changed")
        return False

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        if isinstance(__obj, Undefined):
            return __obj()  # raises the undefined name's own error ("'x' is undefined")
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"templates may not call {_describe(__obj)}")
        if not isinstance(__obj, (Macro, BlockReference)):  # macros run sandboxed template code
            for arg in (*args, *kwargs.values()):
                if not (isinstance(arg, DATA) or isinstance(arg, (Record, FrozenMap)) or is_value_type(type(arg))):
                    raise SecurityError(f"templates may not pass a {type(arg).__name__} to {_describe(__obj)}")
        return __context.call(__obj, *args, **kwargs)

    # -- operators ------------------------------------------------------------------------

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                if isinstance(sized, (str, list, tuple)) and isinstance(count, int) and len(sized) * count > MAX_REPEAT:
                    raise SecurityError(f"a repeated value of more than {MAX_REPEAT} items")
        elif operator == "**":
            if isinstance(right, (int, float, Decimal)) and abs(right) > MAX_POWER:
                raise SecurityError(f"a power above {MAX_POWER}")
        elif operator == "%":
            _check_percent(left)
        return super().call_binop(context, operator, left, right)


def _builtin_allowed(obj: Any) -> frozenset[str] | None:
    """The attributes and methods templates may use on a mapping, string or date; None for other values."""
    if isinstance(obj, Mapping):
        return MAPPING_METHODS
    if isinstance(obj, str):
        return STR_METHODS
    if isinstance(obj, dt.date):
        return DATE_ATTRIBUTES
    return None


def _kind(obj: Any) -> str:
    """What a value is, in a message: the model a Record views, else its type."""
    if isinstance(obj, Record):
        return object.__getattribute__(obj, "_kind")
    return type(obj).__name__


def _describe(obj: Any) -> str:
    if isinstance(obj, Helper):
        return object.__getattribute__(obj, "_name")
    name = getattr(obj, "__name__", None)
    owner = getattr(obj, "__self__", None)
    if name and owner is not None and not isinstance(owner, types.ModuleType):
        return f"{type(owner).__name__}.{name}"
    return name or type(obj).__name__


def template_formatter(fmt: Any, phrase_type: type) -> Record:
    """The formatter as templates see it: its public formatting methods and nothing else."""
    methods = ("money", "money_whole", "money_in", "currency_name", "number", "rate", "pct", "date", "short_date", "short_url", "basis_rate", "basis_count", "count")
    fields = {name: Helper(getattr(fmt, name), f"fmt.{name}") for name in methods}

    def phrase(value: Any) -> str:
        # A phrase renders itself: only quotegen's own Phrase may, never an object a template found.
        if not isinstance(value, phrase_type):
            raise SecurityError(f"fmt.phrase takes a phrase, not a {type(value).__name__}")
        return fmt.phrase(value)

    fields["phrase"] = Helper(phrase, "fmt.phrase")
    return Record(fields, "formatter")
