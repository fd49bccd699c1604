"""The cost engine: every employer cost line, hand-computed from the official parameters."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from .conftest import client_yaml


def lines(quote, index=0):
    """Per-head amounts of one role's in-house lines, by stable key."""
    return {line.key: line.per_head for line in quote.roles[index].in_house.lines}


def one_role(salary, family="admin", more=""):
    return f"  - {{title: Role, family: {family}, salary: {salary}{more}}}\n"


# -- a full-time office role in Texas: about 43% on top of salary, health cover per enrolled worker --


def test_texas_50k_office_role_fully_loaded_breakdown(quote_of):
    quote = quote_of(client_yaml(one_role(50000)))
    assert lines(quote) == {
        "salary": D("50000.00"),
        "social_security": D("3100.00"),  # 6.2% of 50,000
        "medicare": D("725.00"),  # 1.45%
        "futa": D("42.00"),  # 0.6% of the first 7,000
        "suta": D("243.00"),  # Texas new employer: 2.7% of the first 9,000
        "workers_comp": D("109.00"),  # 1.09 per $100 national median x 0.2 clerical factor
        "health_insurance": D("7885.00"),  # KFF 2025 single coverage: 9,325 premium - 1,440 worker share
        "retirement": D("1850.00"),  # 3.7% of salary
        "office_space": D("5078.00"),
        "equipment": D("375.00"),
        "software": D("1000.00"),
        "recruitment": D("1205.00"),
    }
    total = quote.roles[0].in_house.annual
    assert total == D("71612.00")  # 50,000 + 3,100 + 725 + 42 + 243 + 109 + 7,885 + 1,850 + 5,078 + 375 + 1,000 + 1,205
    assert D("62500") <= total <= D("72500")


def test_remote_employee_carries_no_office_cost(quote_of):
    quote = quote_of(client_yaml(one_role(50000, more=", remote: true")))
    assert "office_space" not in lines(quote)
    assert quote.roles[0].in_house.annual == D("66534.00")  # 71,612.00 - 5,078.00


@pytest.mark.parametrize(
    ("flags", "office"),
    [
        ("", D("5078.00")),  # neither: an in-house employee at the client's office takes a desk
        (", on_site: true", D("5078.00")),  # the work must be on site: a desk too
        (", remote: true", None),  # works from home: no desk
    ],
)
def test_office_space_for_every_in_house_employee_who_is_not_remote(quote_of, flags, office):
    quote = quote_of(client_yaml(one_role(50000, more=flags)))
    assert lines(quote).get("office_space") == office  # 33.41 a sq ft x 152 sq ft = 5,078
    assert "Benefits and overhead are averages from the sources listed; office space is charged for every in-house office employee who is not remote." in [
        note.english() for note in quote.notes
    ]


def test_salary_only_basis_compares_salaries_alone(quote_of):
    quote = quote_of(client_yaml(one_role(50000), basis="salary_only"))
    assert lines(quote) == {"salary": D("50000.00")}


# -- wage bases and caps ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "salary", "expected"),
    [
        (2026, 100000, "6200.00"),  # below the base
        (2026, 184500, "11439.00"),  # exactly the 2026 base: the maximum
        (2026, 250000, "11439.00"),  # above: capped
        (2025, 176100, "10918.20"),  # the 2025 base
        (2025, 250000, "10918.20"),
    ],
)
def test_social_security_stops_at_the_wage_base(quote_of, year, salary, expected):
    quote = quote_of(client_yaml(one_role(salary), date=f"{year}-06-30"))
    assert lines(quote)["social_security"] == D(expected)


def test_medicare_has_no_cap(quote_of):
    assert lines(quote_of(client_yaml(one_role(250000))))["medicare"] == D("3625.00")


@pytest.mark.parametrize(
    ("year", "futa", "suta", "ett"),
    [
        (2025, "126.00", "238.00", "7.00"),  # 0.6% + 1.2% credit reduction on 7,000; SUTA 3.4%; ETT 0.1%
        (2026, "147.00", "238.00", "7.00"),  # 2026 reduction 1.5% (an estimate until the DOL notice)
    ],
)
def test_california_pays_the_futa_credit_reduction(quote_of, year, futa, suta, ett):
    quote = quote_of(client_yaml(one_role(60000), region="CA", date=f"{year}-03-01"))
    assert (lines(quote)["futa"], lines(quote)["suta"], lines(quote)["ca_ett"]) == (D(futa), D(suta), D(ett))


@pytest.mark.parametrize(
    ("region", "year", "salary", "suta"),
    [
        ("NY", 2025, 12000, "492.00"),  # 4.1% below the 12,800 base
        ("NY", 2025, 60000, "524.80"),  # 4.1% of 12,800
        ("NY", 2026, 60000, "721.60"),  # 4.1% of 17,600
        ("FL", 2026, 60000, "189.00"),  # 2.7% of 7,000
        ("GA", 2026, 60000, "250.80"),  # 2.64% of 9,500
        ("PA", 2025, 60000, "382.20"),  # 3.822% of 10,000
        ("WA", 2026, 60000, "600.00"),  # 1.0% below the 72,800 base
        ("WA", 2026, 90000, "728.00"),  # 1.0% of 72,800
    ],
)
def test_state_unemployment_tax_uses_the_state_rate_and_base(quote_of, region, year, salary, suta):
    quote = quote_of(client_yaml(one_role(salary), region=region, date=f"{year}-05-01"))
    assert lines(quote)["suta"] == D(suta)


def test_washington_paid_leave_applies_from_fifty_employees(quote_of):
    small = quote_of(client_yaml(one_role(60000), region="WA"))
    large = quote_of(client_yaml(one_role(60000), region="WA", extra_client="  employees: 60\n"))
    assert "wa_pfml_employer" not in lines(small)
    assert lines(large)["wa_pfml_employer"] == D("193.70")  # 1.13% x 28.57% = 0.322841% of 60,000 = 193.7046


# -- Canada ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "salary", "cpp", "cpp2", "ei"),
    [
        (2026, 90000, "4230.45", "416.00", "1572.30"),  # above every ceiling: the maximums
        (2026, 50000, "2766.75", "0.00", "1141.00"),  # 5.95% of (50,000 - 3,500); EI 2.282%
        (2026, 80000, "4230.45", "216.00", "1572.30"),  # CPP2 on 80,000 - 74,600
        (2025, 90000, "4034.10", "396.00", "1508.47"),
        (2025, 3000, "0.00", "0.00", "68.88"),  # below the basic exemption
    ],
)
def test_ontario_cpp_cpp2_and_ei(quote_of, year, salary, cpp, cpp2, ei):
    quote = quote_of(client_yaml(one_role(salary), country="CA", region="ON", date=f"{year}-09-01"))
    got = lines(quote)
    assert (got["cpp"], got["cpp2"], got["ei"]) == (D(cpp), D(cpp2), D(ei))


def test_ontario_health_tax_is_nil_under_the_exemption(quote_of):
    quote = quote_of(client_yaml(one_role(90000), country="CA", region="ON"))
    assert lines(quote)["eht"] == D("0.00")


def test_ontario_health_tax_is_the_marginal_cost_on_the_stated_payroll(quote_of):
    quote = quote_of(client_yaml(one_role(90000), country="CA", region="ON", extra_client="  annual_payroll: 2000000\n"))
    # 1.95% x (2,090,000 - 1M) - 1.95% x (2,000,000 - 1M) = 21,255 - 19,500 (not the 0.975% average: 877.50)
    assert lines(quote)["eht"] == D("1755.00")


def test_british_columbia_health_tax_in_the_notch_bracket(quote_of):
    quote = quote_of(client_yaml(one_role(60000), country="CA", region="BC", extra_client="  annual_payroll: 1200000\n"))
    assert lines(quote)["eht"] == D("3510.00")  # 5.85% x 260,000 - 5.85% x 200,000 = 15,210 - 11,700


def test_quebec_uses_qpp_qpip_and_its_lower_ei_rate(quote_of):
    quote = quote_of(client_yaml(one_role(90000), country="CA", region="QC"))
    got = lines(quote)
    assert "cpp" not in got
    assert (got["qpp"], got["qpp2"], got["ei"], got["qpip"]) == (D("4479.30"), D("416.00"), D("1253.98"), D("541.80"))


def test_alberta_has_no_health_tax_and_caps_workers_comp(quote_of):
    quote = quote_of(client_yaml(one_role(150000), country="CA", region="AB"))
    got = lines(quote)
    assert "eht" not in got
    assert got["workers_comp"] == D("1619.14")  # 1.46 per $100 of the 110,900 maximum


# -- hours, heads, other options ----------------------------------------------------------------


def test_part_time_prorates_hourly_and_yearly_costs_and_the_fee(quote_of):
    quote = quote_of(client_yaml(one_role(25000, more=", hours_per_week: 20")))
    got = lines(quote)
    assert got["health_insurance"] == D("3942.50")  # 7,885 single coverage x 20/40 hours
    assert got["software"] == D("500.00")
    # a part-time seat: 2,300 x 1.05 shift premium x 0.5 = 1,207.50, plus 15% = 1,388.625 -> 1,388.63 a month, x 12
    assert quote.roles[0].leasing.per_head == D("16663.56")


def test_headcount_multiplies_rounded_per_head_lines(quote_of):
    quote = quote_of(client_yaml(one_role(50000, more=", headcount: 3")))
    role = quote.roles[0]
    assert role.in_house.annual == D("71612.00") * 3
    assert all(line.annual == line.per_head * 3 for line in role.in_house.lines)
    assert role.leasing.annual == D("86940.00")  # 2,415 (afternoon shift) x 12 x 3


def test_leasing_fee_follows_family_and_seniority(quote_of):
    quote = quote_of(client_yaml(one_role(90000, family="accounting", more=", seniority: senior")))
    assert quote.roles[0].leasing.annual == D("57960.00")  # 4,600 x 1.05 afternoon shift x 12


def test_canadian_clients_pay_fees_converted_at_the_stated_rate(quote_of):
    quote = quote_of(client_yaml(one_role(50000), country="CA", region="ON"))
    line = quote.roles[0].leasing.lines[0]
    assert line.rate == D("3333.18")  # 2,300 USD x 1.3802 CAD per USD = 3,174.46, x 1.05 afternoon shift
    assert quote.roles[0].leasing.annual == D("39998.16")


def test_a_third_party_quote_is_the_proposed_cost_for_the_whole_role(quote_of):
    roles = "  - {title: Legal, family: legal, salary: 60000, headcount: 2, third_party_quote: {annual: 15000, model: professional}}\n"
    quote = quote_of(client_yaml(roles, basis="salary_only"))
    role = quote.roles[0]
    assert (role.proposed.annual, role.recommendation.model, role.in_house.annual) == (D("15000.00"), "professional", D("120000.00"))


def test_rates_from_the_nearest_year_when_the_date_is_outside_the_data(quote_of):
    quote = quote_of(client_yaml(one_role(250000), date="2031-01-15"))
    assert quote.tax_year == 2026
    assert lines(quote)["social_security"] == D("11439.00")
    assert quote.warnings == (
        "Rates for tax year 2026 are used: the data holds no figures for 2031, the year of the proposal date.",
    )
