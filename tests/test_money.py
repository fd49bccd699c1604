"""Money is Decimal, built in one place and rounded in one place."""

from decimal import Decimal

import pytest

from quotegen.money import dec, money_sum, percent, round_money


def test_money_is_built_from_text_exactly():
    assert dec("0.1") + dec("0.2") == Decimal("0.3")


def test_floats_are_refused():
    with pytest.raises(TypeError, match="must not be built from float"):
        dec(0.1)


def test_booleans_are_refused():
    with pytest.raises(TypeError):
        dec(True)


def test_non_numbers_are_refused():
    with pytest.raises(ValueError, match="not a number"):
        dec("12,000")
    with pytest.raises(ValueError, match="not a finite number"):
        dec("NaN")


@pytest.mark.parametrize(
    ("raw", "rounded"),
    [("2.345", "2.35"), ("2.344", "2.34"), ("-2.345", "-2.35"), ("1572.298", "1572.30"), ("0.005", "0.01")],
)
def test_rounding_is_half_up_to_the_cent(raw, rounded):
    assert round_money(Decimal(raw)) == Decimal(rounded)


def test_sum_of_rounded_amounts_is_exact():
    assert money_sum([Decimal("0.10")] * 3) == Decimal("0.30")


def test_percent_has_one_decimal_and_survives_zero():
    assert percent(Decimal("132000"), Decimal("237000")) == Decimal("55.7")
    assert percent(Decimal("5"), Decimal("0")) == Decimal("0.0")
