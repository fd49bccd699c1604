"""Cost of ownership over the years, break-even, and the sensitivity range."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from .conftest import client_yaml

CLERK = "  - {title: Clerk, family: admin, salary: 50000}\n"


def test_three_year_cost_of_ownership(quote_of):
    tco = quote_of(client_yaml(CLERK)).tco
    rows = [(r.year, r.in_house, r.proposed, r.savings, r.cumulative_savings) for r in tco.years]
    assert rows == [
        # year 1: the fully loaded cost; 12 x 2,415 (afternoon shift) plus the 750 set-up fee
        (1, D("71612.00"), D("29730.00"), D("41882.00"), D("41882.00")),
        # year 2: salary 51,800 (3.6% growth) re-priced line by line; fees up 3%
        (2, D("73620.22"), D("29849.40"), D("43770.82"), D("85652.82")),
        (3, D("75700.75"), D("30744.88"), D("44955.87"), D("130608.69")),
    ]
    assert (tco.salary_growth, tco.escalation, tco.one_time, tco.break_even_month) == (D("0.036"), D("0.03"), D("750.00"), 1)


def test_break_even_month_when_the_set_up_fee_takes_months_to_recover(quote_of):
    tco = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 30000}\n", basis="salary_only")).tco
    assert tco.break_even_month == 9  # 85 a month saved (30,000 - 28,980) against a 750 set-up fee


def test_a_lease_whose_set_up_fee_is_never_recovered_is_not_recommended(quote_of):
    text = client_yaml("  - {title: Clerk, family: admin, salary: 29000}\n", basis="salary_only")
    quote = quote_of(text.replace("prepared_by: Tester", "prepared_by: Tester\n  salary_growth_pct: 0"))
    # leasing saves 20 in year 1 against a 750 set-up fee, then the 3% fee escalation outruns flat
    # salaries: 29,730.00 + 29,849.40 + 30,744.88 = 90,324.28 against 3 x 29,000 = 87,000 in-house.
    # Over the horizon hiring costs less, so it is kept: nothing to pay back, no break-even month.
    assert quote.roles[0].recommendation.model == "in_house"
    assert [row.savings for row in quote.tco.years] == [D("0.00")] * 3
    assert quote.tco.break_even_month is None


def test_nothing_to_pay_back_means_no_break_even_month(quote_of):
    tco = quote_of(client_yaml("  - {title: Desk, family: admin, salary: 40000, on_site: true}\n")).tco
    assert {row.savings for row in tco.years} == {D("0.00")}
    assert tco.break_even_month is None


def test_the_horizon_and_salary_growth_can_be_set(quote_of):
    text = client_yaml(CLERK).replace("  prepared_by: Tester\n", "  prepared_by: Tester\n  years: 5\n  salary_growth_pct: 0\n")
    tco = quote_of(text).tco
    assert len(tco.years) == 5
    assert {row.in_house for row in tco.years} == {D("71612.00")}


def test_sensitivity_range_uses_the_low_and_high_cases_of_the_assumptions(quote_of):
    sensitivity = quote_of(client_yaml(CLERK)).sensitivity
    # low: single cover at 84% of the HDHP/SO premium 7,240.80, 3.1% retirement, Detroit rent, cheaper kit
    assert (sensitivity.low_in_house, sensitivity.low_savings) == (D("68578.80"), D("39598.80"))
    # high: the whole single premium 9,325, 5.4% retirement, 193 sq ft; software stays at 1,000 (no sourced case)
    assert (sensitivity.high_in_house, sensitivity.high_savings) == (D("75868.00"), D("46888.00"))
    assert sensitivity.low_savings <= sensitivity.savings == D("42632.00") <= sensitivity.high_savings


def test_salary_only_has_no_range(quote_of):
    sensitivity = quote_of(client_yaml(CLERK, basis="salary_only")).sensitivity
    assert not sensitivity.varies


def test_client_wide_overrides_apply_unless_a_role_sets_its_own(quote_of):
    text = client_yaml(
        "  - {title: Clerk, family: admin, salary: 50000}\n"
        "  - {title: Analyst, family: admin, salary: 50000, assumptions: {software: 2500}}\n"
    ) + "assumptions:\n  software: 0\n  office_space: 9000\n"
    quote = quote_of(text)
    first, second = ({line.key: line.per_head for line in role.in_house.lines} for role in quote.roles)
    assert (first["software"], first["office_space"]) == (D("0.00"), D("9000.00"))
    assert (second["software"], second["office_space"]) == (D("2500.00"), D("9000.00"))


def test_overrides_are_held_in_every_sensitivity_case(quote_of):
    text = client_yaml(CLERK) + "assumptions:\n  health_insurance: 0\n  retirement: 0\n  office_space: 0\n  equipment: 0\n  software: 0\n  recruitment: 0\n"
    sensitivity = quote_of(text).sensitivity
    assert sensitivity.low_in_house == sensitivity.high_in_house == D("54219.00")


def _priced(config, tmp_path, text):
    from quotegen.api import load_client
    from quotegen.engine.pricing import price

    path = tmp_path / "client.yaml"
    path.write_text(text, encoding="utf-8")
    return price(load_client(path, config).client_file, config)


FLAT_CLERK = client_yaml("  - {title: Clerk, family: admin, salary: 30000}\n", basis="salary_only").replace(
    "prepared_by: Tester", "prepared_by: Tester\n  salary_growth_pct: 0"
)


def test_cost_of_ownership_takes_each_role_with_the_model_chosen_for_it(config, tmp_path):
    from quotegen.data.models import Model
    from quotegen.engine.tco import Plan, project

    priced = _priced(config, tmp_path, FLAT_CLERK)
    role = priced.roles[0]
    leased = project(priced, (Plan(role, Model.STAFF_LEASING, role.leasing),), 2)
    # 12 x 2,415 = 28,980 a year plus the 750 set-up fee; fees up 3% in year two
    assert [(r.in_house, r.proposed, r.savings, r.cumulative_savings) for r in leased.years] == [
        (D("30000.00"), D("29730.00"), D("270.00"), D("270.00")),
        (D("30000.00"), D("29849.40"), D("150.60"), D("420.60")),
    ]
    assert [r.cumulative_savings_whole for r in leased.years] == [D("270"), D("421")]  # rounded in the engine, for the chart
    kept = project(priced, (Plan(role, Model.IN_HOUSE, role.in_house),), 2)
    assert (kept.one_time, [r.savings for r in kept.years]) == (D("0.00"), [D("0.00"), D("0.00")])
    on_request = project(priced, (Plan(role, Model.STAFF_LEASING, None),), 2)
    # leased but priced on request: today's cost on both sides, and the set-up fee still due
    assert [r.savings for r in on_request.years] == [D("-750.00"), D("0.00")]


def test_the_sensitivity_range_takes_the_same_plans(config, tmp_path):
    from quotegen.data.models import Model
    from quotegen.engine.tco import Plan, sensitivity

    priced = _priced(config, tmp_path, FLAT_CLERK)
    role = priced.roles[0]
    result = sensitivity(priced, (Plan(role, Model.STAFF_LEASING, role.leasing),))
    assert (result.low_savings, result.high_savings, result.low_savings_whole) == (D("1020.00"), D("1020.00"), D("1020"))
    assert sensitivity(priced, (Plan(role, Model.IN_HOUSE, role.in_house),)).low_savings == D("0.00")


# -- the cost of ownership switches rates in the right year --------------------------------------


def flat(text: str) -> str:
    """No salary growth: a year's in-house cost changes only where the rates do."""
    return text.replace("  prepared_by: Tester\n", "  prepared_by: Tester\n  salary_growth_pct: 0\n")


def marks(tco):
    return [(row.year, row.starts, row.rates_year, row.projected) for row in tco.years]


def test_a_later_row_prices_the_year_it_starts_in_and_years_past_the_data_are_projected(quote_of):
    quote = quote_of(flat(client_yaml(CLERK, region="MN", date="2025-03-01", extra_client="  employees: 100\n")))
    tco = quote.tco
    assert "mn_paid_leave_employer" not in {line.key for line in quote.roles[0].in_house.lines}  # not yet in March 2025
    assert marks(tco) == [
        (1, dt.date(2025, 3, 1), 2025, False),
        (2, dt.date(2026, 3, 1), 2026, False),
        (3, dt.date(2027, 3, 1), 2026, True),  # the data ends with 2026: its rates carried forward
    ]
    # Year 2 takes the 2026 rows: Paid Leave 0.44% x 50,000 = 220.00 (100 employees: no small-
    # employer rate); SUTA 1.4% instead of 1.1% of 43,000: +129.00; the additional assessment,
    # 5% of that tax: +6.45. Year 3 carries 2026 forward: nothing changes.
    assert [row.in_house for row in tco.years] == [D("71908.65"), D("72264.10"), D("72264.10")]
    assert tco.years[1].in_house - tco.years[0].in_house == D("220.00") + D("129.00") + D("6.45")


def test_a_change_already_enacted_applies_in_a_projected_year(quote_of):
    tco = quote_of(flat(client_yaml(CLERK, region="DE", date="2026-03-01"))).tco
    assert marks(tco) == [(1, dt.date(2026, 3, 1), 2026, False), (2, dt.date(2027, 3, 1), 2026, True), (3, dt.date(2028, 3, 1), 2026, True)]
    # Delaware's base goes from 14,500 to 16,500 in 2027: 1% of the 2,000 more
    assert [row.in_house - tco.years[0].in_house for row in tco.years] == [D("0.00"), D("20.00"), D("20.00")]


def test_a_repealed_assessment_stops_in_the_year_after_its_repeal(quote_of):
    tco = quote_of(flat(client_yaml(CLERK, region="GA", date="2026-06-01"))).tco
    # Georgia's 0.06% of the 9,500 base (5.70) stops from 2027
    assert [row.in_house - tco.years[0].in_house for row in tco.years] == [D("0.00"), D("-5.70"), D("-5.70")]


def test_a_projected_year_must_have_earlier_rates_and_come_last():
    from quotegen.engine.tco import Tco, TcoYear

    with pytest.raises(ValueError, match=r"^year 2: projected, so it needs rates of a year before the one it starts in \(2027, 2027-03-01\)$"):
        TcoYear(2, D("10.00"), D("9.00"), D("1.00"), D("1.00"), dt.date(2027, 3, 1), 2027, True)
    years = (
        TcoYear(1, D("10.00"), D("9.00"), D("1.00"), D("1.00"), dt.date(2027, 3, 1), 2026, True),
        TcoYear(2, D("10.00"), D("9.00"), D("1.00"), D("2.00"), dt.date(2028, 3, 1), 2028, False),
    )
    with pytest.raises(ValueError, match=r"^year 2 is not projected but year 1 is: projected years come last$"):
        Tco(years, D("0"), D("0"), D("0.00"), 1)
