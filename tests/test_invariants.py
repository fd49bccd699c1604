"""The quote's value types refuse totals that differ from what they stand for (like pretix's
order totals): each wrong one is built here and must raise ValueError, naming the figure."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from quotegen.data.models import Model
from quotegen.data.rates import Source
from quotegen.engine.lines import Breakdown, CostLine, Unit
from quotegen.engine.phrases import Phrase
from quotegen.engine.quote import Totals
from quotegen.engine.references import RefKind, Reference
from quotegen.engine.tco import Sensitivity, Tco, TcoYear

from .conftest import client_yaml

TWO_ROLES = "  - {title: Clerk, family: admin, salary: 50000}\n  - {title: Desk, family: admin, salary: 40000, on_site: true}\n"


def test_totals_of_roles_are_consistent_and_a_wrong_saving_is_refused():
    good = Totals(D("100.00"), D("60.00"), D("40.00"), D("40.0"), D("3.33"), D("100"), D("60"), D("40"), D("3"))
    assert good.savings_whole == D("40")
    with pytest.raises(ValueError) as caught:
        dataclasses.replace(good, savings_annual=D("30.00"))
    assert str(caught.value) == "totals: savings_annual 30.00 should be 40.00 (in-house 100.00, proposed 60.00)"


def test_totals_refuse_a_headline_saving_that_is_not_the_exact_saving_rounded_once():
    good = Totals(D("100.49"), D("50.50"), D("49.99"), D("49.7"), D("4.17"), D("100"), D("51"), D("50"), D("4"))
    with pytest.raises(ValueError) as caught:
        dataclasses.replace(good, savings_whole=D("49"))  # 100 - 51: a difference of rounded totals
    assert str(caught.value) == "totals: savings_whole 49 should be 50 (in-house 100.49, proposed 50.50)"


def test_a_tco_year_refuses_a_saving_that_is_not_in_house_less_proposed():
    with pytest.raises(ValueError) as caught:
        TcoYear(1, D("100.00"), D("60.00"), D("30.00"), D("30.00"))
    assert str(caught.value) == "year 1: saving 30.00 is not in-house 100.00 less proposed 60.00"


def test_a_tco_year_rounds_its_cumulative_saving_for_the_chart():
    assert TcoYear(2, D("10.00"), D("9.00"), D("1.00"), D("-1234.50")).cumulative_savings_whole == D("-1235")


def test_the_cumulative_saving_is_a_chain():
    years = (TcoYear(1, D("100.00"), D("60.00"), D("40.00"), D("40.00")), TcoYear(2, D("100.00"), D("60.00"), D("40.00"), D("70.00")))
    with pytest.raises(ValueError) as caught:
        Tco(years, D("0.03"), D("0.03"), D("0.00"), 1)
    assert str(caught.value) == "year 2: cumulative saving 70.00 should be 80.00 (year 2 of the chain)"


def test_the_years_of_a_tco_run_from_one_without_gaps():
    with pytest.raises(ValueError) as caught:
        Tco((TcoYear(2, D("100.00"), D("60.00"), D("40.00"), D("40.00")),), D("0"), D("0"), D("0.00"), None)
    assert str(caught.value) == "the years run 1, 2, 3 ...: year 2 stands where year 1 belongs"


def test_a_break_even_month_must_fall_inside_the_years():
    years = (TcoYear(1, D("100.00"), D("60.00"), D("40.00"), D("40.00")),)
    with pytest.raises(ValueError) as caught:
        Tco(years, D("0"), D("0"), D("0.00"), 13)
    assert str(caught.value) == "break-even month 13 is outside the 1 years"


def test_the_sensitivity_range_without_cents_is_its_own_saving_rounded():
    with pytest.raises(ValueError) as caught:
        Sensitivity(D("900.00"), D("100.49"), D("1000.00"), D("200.50"), D("100"), D("200"), D("150.00"))
    assert str(caught.value) == "sensitivity: the high saving 200.50 without cents is 201, not 200"


def test_the_sensitivity_range_brackets_the_saving_it_varies():
    with pytest.raises(ValueError) as caught:
        Sensitivity(D("900.00"), D("160.00"), D("1000.00"), D("200.00"), D("160"), D("200"), D("150.00"))
    assert str(caught.value) == "sensitivity: the saving 150.00 is not between its low case 160.00 and its high case 200.00"


@pytest.fixture
def two_roles(quote_of):
    return quote_of(client_yaml(TWO_ROLES))


def test_a_quote_refuses_totals_that_are_not_the_sum_of_its_roles(two_roles):
    one_role = two_roles.roles[:1]
    with pytest.raises(ValueError) as caught:
        dataclasses.replace(two_roles, roles=one_role, headcount=1, models_used=((Model.STAFF_LEASING, 1),))
    message = str(caught.value)
    first = one_role[0]
    assert message == (
        f"quote {two_roles.number}: totals.in_house_annual {two_roles.totals.in_house_annual} is not the sum over the roles, {first.in_house.annual}; "
        f"totals.proposed_annual {two_roles.totals.proposed_annual} is not the sum over the roles, {first.proposed.annual}"
    )


def test_a_quote_refuses_a_headcount_and_a_model_count_that_are_not_its_roles(two_roles):
    with pytest.raises(ValueError) as caught:
        dataclasses.replace(two_roles, headcount=3, models_used=((Model.IN_HOUSE, 2),))
    assert str(caught.value) == (
        f"quote {two_roles.number}: headcount 3 is not the sum over the roles, 2; "
        "models_used ((<Model.IN_HOUSE: 'in_house'>, 2),) does not count the roles' models, "
        "((<Model.IN_HOUSE: 'in_house'>, 1), (<Model.STAFF_LEASING: 'staff_leasing'>, 1))"
    )


def test_a_quote_refuses_a_validity_that_is_not_its_days(two_roles):
    with pytest.raises(ValueError) as caught:
        dataclasses.replace(two_roles, valid_days=31)
    assert str(caught.value) == f"quote {two_roles.number}: valid_until 2026-12-28 is not 31 days from 2026-11-28"


def test_year_one_of_the_cost_of_ownership_is_the_comparison_plus_the_set_up(two_roles):
    tco = two_roles.tco
    assert (tco.years[0].in_house, tco.years[0].proposed) == (two_roles.totals.in_house_annual, two_roles.totals.proposed_annual + D("750.00"))
    with pytest.raises(ValueError) as caught:
        dataclasses.replace(two_roles, tco=dataclasses.replace(tco, one_time=D("0.00")))
    assert str(caught.value).startswith(f"quote {two_roles.number}: year 1 of the cost of ownership ({tco.years[0].in_house} against {tco.years[0].proposed}) is not the totals")


def test_closed_sets_are_refused_outside_their_values():
    with pytest.raises(ValueError, match="'days' is not a valid Unit"):
        CostLine("x", Phrase("X"), D("1.00"), D("1.00"), unit="days")
    assert CostLine("x", Phrase("X"), D("1.00"), D("1.00"), unit="hours").unit is Unit.HOURS
    with pytest.raises(ValueError, match="'leasing' is not a valid Model"):
        Breakdown.of("leasing", [])
    assert Breakdown.of("in_house", []).model is Model.IN_HOUSE
    source = Source("S", None, 2026, False)
    with pytest.raises(ValueError, match="'per_week' is not a valid RefKind"):
        Reference("x", "X", "per_week", source)
    assert Reference("x", "X", "per_year", source).kind is RefKind.PER_YEAR
