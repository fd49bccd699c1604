"""The outsourcing models: one registry row per model, read by every stage that names one.

A row holds what the engine, the client schema and the theme need to know about a model:
its key (the value in the client file and the JSON), its name and badge, the sentences of
the summary and the glossary, who delivers it, where the work is done (which the exclusion
rules read), the tie order, and which of our prices apply. Adding a model is one row here
plus the translation of its texts in the theme's i18n files: the client schema accepts it
in a third-party quote, and the glossary, badges, summary and selection know it. A model we
price ourselves also needs its price (a managed service: `<key>_hourly` in the provider's
services) and, to be chosen on merit, fit rules in selection.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum


class Provider(StrEnum):
    """Who does the work of an option."""

    CLIENT = "client"  # the client's own employee
    US = "us"  # the provider, from its centres or as employer of record
    THIRD_PARTY = "third_party"  # a firm that quoted in the client file
    MARKET = "market"  # a professional firm or a freelance marketplace, at market rates


class Site(StrEnum):
    """Where the work is done: the exclusion rules of the selection engine read it."""

    PREMISES = "premises"  # on the client's premises
    CENTRE = "centre"  # at one of our delivery centres
    ONLINE = "online"  # by freelancers on a marketplace, wherever they are
    WORKER = "worker"  # where the chosen worker lives (abroad, or at home in the client's country)
    FIRM = "firm"  # at a professional firm in the client's country


class Badge(StrEnum):
    """How the model's badge looks (base.css): our own offer stands out, in-house is muted."""

    PLAIN = "plain"
    ACCENT = "accent"
    MUTED = "muted"


@dataclass(frozen=True, slots=True)
class Row:
    """What the registry says about one model (the key is the enum member's value)."""

    label: str  # the model's name in our own words
    badge: Badge
    one: str  # the summary's phrase for one role: "{count} role kept in-house"
    many: str  # ... and for several
    what: str  # the glossary: what it is
    when: str  # the glossary: when it fits
    provider: Provider  # who delivers it when no third party has quoted
    site: Site
    rank: int  # ties between equal scores go to the lower rank (the simpler arrangement)
    rate_card: bool = False  # priced from our rate card: its set-up fee and its reference apply
    service_work: str | None = None  # a managed service of ours: the kind of work it takes ...
    service_line: str | None = None  # ... and its cost line, billed by the hour from a centre
    quotable: bool = True  # another firm may quote it in a client file


class _Registered(StrEnum):
    """A model made from its key and its registry row; `Model` lists the rows."""

    label: str
    badge: Badge
    one: str
    many: str
    what: str
    when: str
    provider: Provider
    site: Site
    rank: int
    rate_card: bool
    service_work: str | None
    service_line: str | None
    quotable: bool

    def __new__(cls, key: str, row: Row):
        member = str.__new__(cls, key)
        member._value_ = key
        for field in fields(Row):
            setattr(member, field.name, getattr(row, field.name))
        return member

    @property
    def row(self) -> Row:
        """The registry row again, as a value."""
        return Row(**{field.name: getattr(self, field.name) for field in fields(Row)})


class Model(_Registered):
    """An outsourcing model; its value is the key of the client file and the JSON output.

    Members are the registry's rows, in reading order (the glossary's): `Model.BPO.label`.
    """

    IN_HOUSE = "in_house", Row(
        "In-house hire", Badge.MUTED,
        "{count} role kept in-house", "{count} roles kept in-house",
        "You employ the person directly and carry every employer cost.",
        "Core or on-site work, or where hiring is simply cheaper.",
        Provider.CLIENT, Site.PREMISES, rank=1, quotable=False,
    )
    STAFF_LEASING = "staff_leasing", Row(
        "Staff leasing", Badge.ACCENT,
        "{count} role leased as dedicated staff", "{count} roles leased as dedicated staff",
        "A named, dedicated worker employed by us, working only for you on your schedule and processes from our campus, for one monthly fee.",
        "Full-time, long-term, repeatable work; growing a team.",
        Provider.US, Site.CENTRE, rank=2, rate_card=True, quotable=False,
    )
    EOR = "eor", Row(
        "Employer of record", Badge.PLAIN,
        "{count} role employed through an employer of record", "{count} roles employed through an employer of record",
        "A worker you have already chosen abroad is employed on paper by a third party that handles local payroll and law.",
        "Hiring one specific person where you have no entity.",
        Provider.US, Site.WORKER, rank=7,
    )
    BPO = "bpo", Row(
        "Process outsourcing (BPO)", Badge.PLAIN,
        "{count} role outsourced as a process", "{count} roles outsourced as processes",
        "A provider runs a whole, defined process (payroll, bookkeeping, invoicing) and is paid per process or outcome.",
        "Well-defined, repeatable processes, often part-time in volume.",
        Provider.US, Site.CENTRE, rank=3, service_work="process", service_line="Managed process, {centre}",
    )
    PROFESSIONAL = "professional", Row(
        "Professional services", Badge.PLAIN,
        "{count} role bought from licensed professionals", "{count} roles bought from licensed professionals",
        "Licensed specialists, such as a law firm or a CPA practice, paid for their expertise.",
        "Work that legally requires a credential.",
        Provider.MARKET, Site.FIRM, rank=4,
    )
    KPO = "kpo", Row(
        "Knowledge process outsourcing", Badge.PLAIN,
        "{count} role outsourced as knowledge work", "{count} roles outsourced as knowledge work",
        "Analysts and experts who research, model and advise.",
        "Judgement-heavy, high-value knowledge work.",
        Provider.US, Site.CENTRE, rank=5, service_work="knowledge", service_line="Knowledge and analysis team, {centre}",
    )
    PROJECT = "project", Row(
        "Project outsourcing", Badge.PLAIN,
        "{count} role delivered as a project", "{count} roles delivered as projects",
        "A team delivers a defined piece of work with a start and an end.",
        "Clear scope and deadline.",
        Provider.US, Site.CENTRE, rank=6, service_work="project", service_line="Project team, {centre}",
    )
    MICROSOURCING = "microsourcing", Row(
        "Microsourcing", Badge.PLAIN,
        "{count} role sourced as one-off tasks", "{count} roles sourced as one-off tasks",
        "Small, one-off tasks given to freelancers through a marketplace.",
        "Short, isolated tasks with no need for continuity.",
        Provider.MARKET, Site.ONLINE, rank=8,
    )
    STAFF_AUGMENTATION = "staff_augmentation", Row(
        "Staff augmentation", Badge.PLAIN,
        "{count} role filled by on-site augmented staff", "{count} roles filled by on-site augmented staff",
        "Outside staff work inside your premises alongside your team.",
        "Hands-on, on-site needs that must start now.",
        Provider.MARKET, Site.PREMISES, rank=9,
    )


# The registry every reader iterates: the `Model` enum, or in a test an extended copy of it.
REGISTRY: type[Model] = Model


def registered() -> tuple[Model, ...]:
    """Every model, in reading order."""
    return tuple(REGISTRY)


def lookup(key: str) -> Model:
    """The registered model of a key (ValueError if the registry has none)."""
    return REGISTRY(key)


def quotable() -> tuple[Model, ...]:
    """The models another firm may quote for in a client file."""
    return tuple(model for model in REGISTRY if model.quotable)


def at_sites(*sites: Site) -> tuple[Model, ...]:
    """The models whose work is done at one of `sites`, in reading order."""
    return tuple(model for model in REGISTRY if model.site in sites)


def with_rows(extra: dict[str, tuple[str, Row]]) -> type[Model]:
    """The registry with extra rows (member name -> (key, row)), as a new enum, for tests."""
    rows = [(model.name, (model.value, model.row)) for model in Model] + list(extra.items())
    return _Registered("Model", rows)  # type: ignore[return-value]


# Names of the models in our own words; the keys are a contract with the JSON output.
MODEL_LABELS: dict[Model, str] = {model: model.label for model in Model}
