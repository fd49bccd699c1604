"""Redline: what changed between the revision a client was sent and the one being made.

The ledger keeps a `Snapshot` of every issued quote (the figures a redline compares, as
issued), so revision N is compared with revision N-1 as the client saw it, whatever the rate
data says today. `changes` lists, role by role in the new revision's order, the roles added,
then salary, headcount, model and our annual price of each role kept, then the roles removed,
the set-up fees, and the three totals a client reads: in-house, ours, and the saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quotegen.data.models import Model, lookup
from quotegen.engine.phrases import Phrase
from quotegen.engine.quote import Change, Quote


@dataclass(frozen=True, slots=True)
class RoleFigures:
    """One role of an issued revision, as a redline compares it."""

    title: str
    headcount: int
    salary: Decimal
    model: Model
    annual: Decimal  # what we propose for the role, a year, all heads


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The figures of one issued revision: kept in the ledger, compared by `changes`."""

    number: str
    revision: int
    currency: str
    roles: tuple[RoleFigures, ...]
    one_time: Decimal  # set-up fees
    in_house_annual: Decimal
    proposed_annual: Decimal
    savings_annual: Decimal

    @classmethod
    def of(cls, quote: Quote) -> Snapshot:
        return cls(
            number=quote.number,
            revision=quote.revision,
            currency=quote.currency,
            roles=tuple(RoleFigures(r.title, r.headcount, r.salary, r.recommendation.model, r.proposed.annual) for r in quote.roles),
            one_time=quote.tco.one_time,
            in_house_annual=quote.totals.in_house_annual,
            proposed_annual=quote.totals.proposed_annual,
            savings_annual=quote.totals.savings_annual,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data: money as exact decimal text."""
        return {
            "number": self.number,
            "revision": self.revision,
            "currency": self.currency,
            "roles": [
                {"title": r.title, "headcount": r.headcount, "salary": str(r.salary), "model": r.model.value, "annual": str(r.annual)}
                for r in self.roles
            ],
            "one_time": str(self.one_time),
            "in_house_annual": str(self.in_house_annual),
            "proposed_annual": str(self.proposed_annual),
            "savings_annual": str(self.savings_annual),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Snapshot:
        """Read `to_dict`'s data back; raises ValueError saying what is wrong with it."""
        try:
            return cls(
                number=_text(data["number"]),
                revision=_count(data["revision"]),
                currency=_text(data["currency"]),
                roles=tuple(
                    RoleFigures(_text(r["title"]), _count(r["headcount"]), _decimal(r["salary"]), lookup(r["model"]), _decimal(r["annual"]))
                    for r in data["roles"]
                ),
                one_time=_decimal(data["one_time"]),
                in_house_annual=_decimal(data["in_house_annual"]),
                proposed_annual=_decimal(data["proposed_annual"]),
                savings_annual=_decimal(data["savings_annual"]),
            )
        except KeyError as exc:
            raise ValueError(f"its snapshot has no {exc.args[0]}") from None
        except (TypeError, LookupError, ArithmeticError) as exc:
            raise ValueError(f"its snapshot cannot be read ({exc})") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return value


def _decimal(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a decimal written as text")
    amount = Decimal(value)  # InvalidOperation is an ArithmeticError
    if not amount.is_finite():
        raise ArithmeticError(f"{value!r} is not a finite amount")
    return amount


def changes(before: Snapshot, after: Snapshot) -> tuple[Change, ...]:
    """Every figure of `after` that differs from `before`, in reading order (see the module doc)."""
    found: list[Change] = []
    old = {r.title.casefold(): r for r in before.roles}
    new_titles = {r.title.casefold() for r in after.roles}
    if before.currency != after.currency:
        found.append(Change("currency", Phrase("Currency"), before.currency, after.currency, "text"))
    for role in after.roles:
        was = old.get(role.title.casefold())
        where = f"roles[{role.title}]"
        if was is None:
            found.append(Change(where, Phrase.of("Role added: {role}", role=role.title), None, role.annual, "money"))
            continue
        for name, label, kind in (
            ("salary", "{role}: salary", "money"),
            ("headcount", "{role}: headcount", "count"),
            ("model", "{role}: model", "model"),
            ("annual", "{role}: our price a year", "money"),
        ):
            then, now = getattr(was, name), getattr(role, name)
            if then != now:
                found.append(Change(f"{where}.{name}", Phrase.of(label, role=role.title), then, now, kind))
    for role in before.roles:
        if role.title.casefold() not in new_titles:
            found.append(Change(f"roles[{role.title}]", Phrase.of("Role removed: {role}", role=role.title), role.annual, None, "money"))
    for name, label in (
        ("one_time", "One-time set-up fees"),
        ("in_house_annual", "In-house cost a year"),
        ("proposed_annual", "Our price a year"),
        ("savings_annual", "Your saving a year"),
    ):
        then, now = getattr(before, name), getattr(after, name)
        if then != now:
            found.append(Change("one_time_costs" if name == "one_time" else f"totals.{name}", Phrase(label), then, now, "money"))
    return tuple(found)
