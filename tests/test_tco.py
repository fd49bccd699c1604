"""Cost of ownership over the years, break-even, and the sensitivity range."""

from __future__ import annotations

from decimal import Decimal as D

from .conftest import client_yaml

CLERK = "  - {title: Clerk, family: admin, salary: 50000}\n"


def test_three_year_cost_of_ownership(quote_of):
    tco = quote_of(client_yaml(CLERK)).tco
    rows = [(r.year, r.in_house, r.proposed, r.savings, r.cumulative_savings) for r in tco.years]
    assert rows == [
        # year 1: the fully loaded cost; 12 x 2,300 plus the 750 set-up fee
        (1, D("69705.70"), D("28350.00"), D("41355.70"), D("41355.70")),
        # year 2: salary 51,800 (3.6% growth) re-priced line by line; fees up 3%
        (2, D("71713.92"), D("28428.00"), D("43285.92"), D("84641.62")),
        (3, D("73794.45"), D("29280.84"), D("44513.61"), D("129155.23")),
    ]
    assert (tco.salary_growth, tco.escalation, tco.one_time, tco.break_even_month) == (D("0.036"), D("0.03"), D("750.00"), 1)


def test_break_even_month_when_the_set_up_fee_takes_months_to_recover(quote_of):
    tco = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 30000}\n", basis="salary_only")).tco
    assert tco.break_even_month == 4  # 200 a month saved against a 750 set-up fee


def test_a_dearer_quote_breaks_even_once_salaries_outgrow_it(quote_of):
    roles = "  - {title: Clerk, family: admin, salary: 27000, third_party_quote: {annual: 27100, model: bpo}}\n"
    tco = quote_of(client_yaml(roles, basis="salary_only")).tco
    assert tco.one_time == D("0.00")  # no leased worker, no set-up fee
    # -100 in year 1, +59 in year 2 (salary +3.6%, price +3%), +228.60 in year 3: month 27
    assert [row.savings for row in tco.years] == [D("-100.00"), D("59.00"), D("228.60")]
    assert tco.break_even_month == 27


def test_no_break_even_when_the_proposal_never_pays_back(quote_of):
    roles = "  - {title: Clerk, family: admin, salary: 27000, third_party_quote: {annual: 40000, model: bpo}}\n"
    assert quote_of(client_yaml(roles, basis="salary_only")).tco.break_even_month is None


def test_the_horizon_and_salary_growth_can_be_set(quote_of):
    text = client_yaml(CLERK).replace("  prepared_by: Tester\n", "  prepared_by: Tester\n  years: 5\n  salary_growth_pct: 0\n")
    tco = quote_of(text).tco
    assert len(tco.years) == 5
    assert {row.in_house for row in tco.years} == {D("69705.70")}


def test_sensitivity_range_uses_the_low_and_high_cases_of_the_assumptions(quote_of):
    sensitivity = quote_of(client_yaml(CLERK)).sensitivity
    # low: ECEC small-firm insurance 2.31/h, 3.1% retirement, Detroit rent, cheaper kit
    assert (sensitivity.low_in_house, sensitivity.low_savings) == (D("65022.38"), D("37422.38"))
    # high: KFF family premium share, 5.4% retirement, 193 sq ft, 2,080 paid hours
    assert (sensitivity.high_in_house, sensitivity.high_savings) == (D("90507.40"), D("62907.40"))


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
