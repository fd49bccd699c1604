"""Localities: the counties and cities of a state with local payroll taxes, and those taxes.

A client names its locality (client.locality); the place's taxes are picked for the proposal
date, and a tax chosen by payroll bracket gets the rate of the company's quarterly payroll.
Every figure comes from data/us_local.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from quotegen.data.rates import Contribution, Source, in_force, row_source
from quotegen.data.tables import data_file
from quotegen.money import ZERO, dec

QUARTERS = Decimal(4)


@dataclass(frozen=True, slots=True)
class Place:
    """A county or city of a state, and the keys of the local taxes due for work done there."""

    region: str
    name: str
    taxes: tuple[str, ...]
    partial: bool  # the taxing district covers only part of it
    source: Source


@dataclass(frozen=True, slots=True)
class LocalCharge:
    """A local tax as one employer owes it: the contribution (None when its bracket is zero)."""

    key: str
    label: str
    place: Place
    contribution: Contribution | None
    rate: Decimal
    quarterly_payroll: Decimal | None  # the payroll that chose the bracket, if the tax has brackets


def normalise(text: str) -> str:
    """A place name for matching: case, spacing, 'County' and 'City of' do not matter."""
    words = re.sub(r"\s+", " ", text.strip().casefold())
    words = re.sub(r"^city of ", "", words)
    return re.sub(r" county$", "", words)


@cache
def _states() -> dict[str, dict]:
    return {record["region"]: record for record in data_file("us_local.yaml").get("places") or []}


@cache
def places(region: str) -> dict[str, Place]:
    """Every place of a state by its normalised name and aliases; empty if it has no local taxes."""
    record = _states().get(region)
    if record is None:
        return {}
    source = row_source(record)
    found: dict[str, Place] = {}
    for entry in record["localities"]:
        place = Place(region, str(entry["name"]), tuple(entry.get("taxes") or ()), bool(entry.get("partial", False)), source)
        for name in (entry["name"], *(entry.get("aliases") or ())):
            found[normalise(str(name))] = place
    return found


def place_names(region: str) -> list[str]:
    """The names and aliases a client may write, for suggestions."""
    record = _states().get(region) or {"localities": []}
    return [str(name) for entry in record["localities"] for name in (entry["name"], *(entry.get("aliases") or ()))]


def find_place(region: str, text: str) -> Place | None:
    return places(region).get(normalise(text))


def has_local_taxes(region: str) -> bool:
    return region in _states()


def summary(region: str) -> str:
    """The state's local taxes in a phrase (for the note when no locality was given)."""
    return str(_states()[region]["summary"])


def local_charges(place: Place, on: dt.date, annual_payroll: Decimal) -> tuple[LocalCharge, ...]:
    """The local taxes due for work at a place on a date; a bracketed tax gets the rate of a
    quarter of `annual_payroll` (the whole payroll is taxed at that rate, not by slices)."""
    records = data_file("us_local.yaml").get("taxes") or []
    charges = []
    for key in place.taxes:
        record = in_force([r for r in records if r["key"] == key], on)
        if record is None:
            continue
        source = row_source(record)
        if place.partial:
            note = f"{source.note or ''} {place.name} lies only partly inside the district: the tax is due only on work done inside it.".strip()
            source = replace(source, estimate=True, note=note)
        quarterly = None
        if record.get("quarterly_payroll_brackets"):
            quarterly = annual_payroll / QUARTERS
            rate = next(
                dec(str(b["rate"])) for b in record["quarterly_payroll_brackets"] if b.get("up_to") is None or quarterly <= dec(str(b["up_to"]))
            )
        else:
            rate = dec(str(record["rate"]))
        contribution = None
        if rate > ZERO:
            contribution = Contribution(key=key, label=str(record["label"]), rate=rate, lower=ZERO, upper=None, source=source)
        charges.append(LocalCharge(key, str(record["label"]), place, contribution, rate, quarterly))
    return tuple(charges)
