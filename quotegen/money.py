"""Money: the one constructor for amounts and the one place where they are rounded."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def dec(value: str | int | Decimal) -> Decimal:
    """Build an exact Decimal from text, an int or a Decimal; floats are refused.

    Floats cannot represent most cents exactly, so letting one in would make totals
    drift by a cent in ways nobody can explain to a client.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"money must not be built from {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal):
        return value
    try:
        result = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def round_money(value: Decimal) -> Decimal:
    """Round an amount to cents, half up: the only rounding of money in quotegen."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_whole(value: Decimal) -> Decimal:
    """Round to whole currency units, half up: only for headline figures shown without cents."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def money_sum(values) -> Decimal:
    """Sum already-rounded amounts; the result is exact, so it needs no rounding."""
    return sum(values, ZERO)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """A share as a percentage with one decimal (for display beside money)."""
    if whole == 0:
        return Decimal("0.0")
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
