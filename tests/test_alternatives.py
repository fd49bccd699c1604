"""Prices of the alternatives to hiring, each figure computed by hand from the data tables.

The provider's figures (quotegen/data/provider.yaml): BPO 19, KPO 34, project 29 USD an hour,
employer-of-record fee 549 USD a month, set-up fee 750 USD a leased worker, 1.3802 CAD per
USD. Market rates (market_rates.yaml), USD an hour: attorney 349, paralegal 193, design 30,
marketing 35. A month is 52/12 weeks. Delivery: for a Texas or Ontario client the cheapest
centre with a hand-over's overlap is Harare's afternoon shift (price factor 1.00, +5%); a
one-off task needs no overlap and takes Harare's day shift (no premium).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from quotegen.api import load_client
from quotegen.engine.pricing import price

from .conftest import client_yaml

PLACES = {"US": {"country": "US", "region": "TX"}, "CA": {"country": "CA", "region": "ON"}}


@pytest.fixture
def priced_of(config, tmp_path):
    """Price a client file's roles: every option of every role, before a model is chosen."""

    def build(roles: str, place: str = "US"):
        path = tmp_path / "client.yaml"
        path.write_text(client_yaml(roles, **PLACES[place]), encoding="utf-8")
        return price(load_client(path, config).client_file, config)

    return build


def lines(option):
    """(key, per-head amount, rate, base) of each line of a priced option."""
    return [(line.key, line.per_head, line.rate, line.base) for line in option.breakdown.lines]


# -- managed services: hourly rate x hours in the months the work runs ---------------------------


@pytest.mark.parametrize(
    ("place", "rate", "annual"),
    [
        ("US", "19.95", "41496.00"),  # 19 x 1.05 = 19.95 an hour; x 2,080 hours
        ("CA", "27.53", "57262.40"),  # 19.95 x 1.3802 = 27.53499 -> 27.53 CAD; x 2,080
    ],
)
def test_a_process_is_priced_by_the_hour_for_52_weeks(priced_of, place, rate, annual):
    role = priced_of("  - {title: Books, family: bookkeeping, salary: 50000, work: process}\n", place).roles[0]
    # 40 hours x 52/12 weeks x 12 months = 2,080 hours (not 48 weeks' 1,920)
    assert lines(role.option("bpo")) == [("bpo_service", D(annual), D(rate), D("2080.00"))]


@pytest.mark.parametrize(
    ("place", "rate", "annual"),
    [
        ("US", "35.70", "18564.00"),  # 34 x 1.05 = 35.70; x 520 hours
        ("CA", "49.27", "25620.40"),  # 35.70 x 1.3802 = 49.27314 -> 49.27 CAD; x 520
    ],
)
def test_analysis_work_is_priced_for_the_service_hours_it_needs(priced_of, place, rate, annual):
    roles = "  - {title: Analyst, family: accounting, salary: 80000, work: knowledge, service_hours_per_week: 10}\n"
    role = priced_of(roles, place).roles[0]
    # 10 hours x 52/12 weeks x 12 months = 520 hours
    assert lines(role.option("kpo")) == [("kpo_service", D(annual), D(rate), D("520.00"))]


@pytest.mark.parametrize(
    ("place", "rate", "annual"),
    [
        ("US", "30.45", "26390.10"),  # 29 x 1.05 = 30.45; x 866.67 = 26,390.1015
        ("CA", "42.03", "36426.14"),  # 30.45 x 1.3802 = 42.02709 -> 42.03 CAD; x 866.67 = 36,426.1401
    ],
)
def test_a_five_month_project_is_priced_for_its_months(priced_of, place, rate, annual):
    role = priced_of("  - {title: Build, family: software, salary: 90000, work: project, duration_months: 5}\n", place).roles[0]
    # 40 hours x 52/12 weeks x 5 months = 866.666... -> 866.67 hours
    assert lines(role.option("project")) == [("project_service", D(annual), D(rate), D("866.67"))]
    # leasing the same work for five months: 6,000 (software, mid) x 1.05 = 6,300 a month, x 5
    fee = 6300 if place == "US" else D("8695.26")  # 6,300 x 1.3802 = 8,695.26 CAD
    assert lines(role.option("staff_leasing")) == [("leasing_fee", fee * 5, D(fee), D(5))]


# -- employer of record: the worker's own salary plus the monthly fee ---------------------------


@pytest.mark.parametrize(
    ("place", "fee", "annual"),
    [
        ("US", "549.00", "93176.00"),  # (40,000 + 549 x 12 = 6,588) x 2 heads
        ("CA", "757.73", "98185.52"),  # 549 x 1.3802 = 757.7298 -> 757.73 CAD; (40,000 + 9,092.76) x 2
    ],
)
def test_employer_of_record_converts_its_fee_but_not_the_local_salary(priced_of, place, fee, annual):
    roles = "  - {title: Dev, family: software, salary: 90000, headcount: 2, named_worker_country: PL, named_worker_salary: 40000}\n"
    option = priced_of(roles, place).roles[0].option("eor")
    # the named worker's salary is stated in the client's currency already
    assert lines(option) == [("eor_salary", D("40000.00"), None, D(40000)), ("eor_fee", D(fee) * 12, D(fee), D(12))]
    assert option.annual == D(annual)


def test_employer_of_record_for_five_months(priced_of):
    roles = "  - {title: Dev, family: software, salary: 90000, duration_months: 5, named_worker_country: PL, named_worker_salary: 40000}\n"
    got = lines(priced_of(roles).roles[0].option("eor"))
    # 40,000 x 5/12 = 16,666.666... -> 16,666.67; 549 x 5 = 2,745
    assert [(key, amount) for key, amount, _, _ in got] == [("eor_salary", D("16666.67")), ("eor_fee", D("2745.00"))]


# -- professionals and marketplaces: market rates in USD, converted for a Canadian client ---------


@pytest.mark.parametrize(
    ("place", "rate", "annual"),
    [
        ("US", "349.00", "90740.00"),  # attorney 349 x 260 hours
        ("CA", "481.69", "125239.40"),  # 349 x 1.3802 = 481.6898 -> 481.69 CAD; x 260
    ],
)
def test_legal_counsel_from_a_professional_at_the_market_rate(priced_of, place, rate, annual):
    roles = "  - {title: Counsel, family: legal, salary: 120000, licensed: true, service_hours_per_week: 5}\n"
    # 5 hours x 52/12 weeks x 12 months = 260 hours
    assert lines(priced_of(roles, place).roles[0].option("professional")) == [("professional_hours", D(annual), D(rate), D("260.00"))]


@pytest.mark.parametrize(
    ("place", "rate", "annual"),
    [
        ("US", "193.00", "46835.31"),  # paralegal 193 x 242.67 = 46,835.31
        ("CA", "266.38", "64642.43"),  # 193 x 1.3802 = 266.3786 -> 266.38 CAD; x 242.67 = 64,642.4346
    ],
)
def test_a_paralegal_for_seven_months(priced_of, place, rate, annual):
    roles = "  - {title: Para, family: paralegal, salary: 60000, licensed: true, service_hours_per_week: 8, duration_months: 7}\n"
    # 8 hours x 52/12 weeks x 7 months = 242.666... -> 242.67 hours
    assert lines(priced_of(roles, place).roles[0].option("professional")) == [("professional_hours", D(annual), D(rate), D("242.67"))]


@pytest.mark.parametrize(
    ("place", "rate", "annual"),
    [
        ("US", "30.00", "3600.00"),  # design 30 x 120 hours
        ("CA", "41.41", "4969.20"),  # 30 x 1.3802 = 41.406 -> 41.41 CAD; x 120
    ],
)
def test_a_task_of_stated_hours_on_a_marketplace(priced_of, place, rate, annual):
    role = priced_of("  - {title: Logo, family: design, salary: 60000, work: task, task_hours: 120}\n", place).roles[0]
    assert lines(role.option("microsourcing")) == [("marketplace_hours", D(annual), D(rate), D(120))]
    # in-house, the task is 120 of a year's 40 x 52 = 2,080 hours: 60,000 x 120 / 2,080 = 3,461.538...
    assert role.in_house.lines[0].per_head == D("3461.54")


@pytest.mark.parametrize(
    ("place", "rate", "annual"),
    [
        ("US", "35.00", "3033.45"),  # marketing 35 x 86.67
        ("CA", "48.31", "4187.03"),  # 35 x 1.3802 = 48.307 -> 48.31 CAD; x 86.67 = 4,187.0277
    ],
)
def test_a_two_month_task_without_stated_hours(priced_of, place, rate, annual):
    roles = "  - {title: Campaign, family: marketing, salary: 60000, work: task, duration_months: 2, hours_per_week: 10}\n"
    role = priced_of(roles, place).roles[0]
    # 10 hours x 52/12 weeks x 2 months = 86.666... -> 86.67 hours
    assert lines(role.option("microsourcing")) == [("marketplace_hours", D(annual), D(rate), D("86.67"))]
    # in-house: 86.666... of a year's 10 x 52 = 520 hours is a sixth: 60,000 / 6
    assert role.in_house.lines[0].per_head == D("10000.00")


# -- the set-up fee of leased workers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "one_time", "first_year"),
    [
        # 750 USD x 3 workers; leasing 2,415 (2,300 x 1.05) x 12 x 3 = 86,940
        ("US", "2250.00", "89190.00"),
        # 750 x 1.3802 = 1,035.15 CAD x 3; leasing 3,333.18 (2,415 x 1.3802) x 12 x 3 = 119,994.48
        ("CA", "3105.45", "123099.93"),
    ],
)
def test_the_set_up_fee_is_charged_in_the_client_currency(quote_of, place, one_time, first_year):
    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000, headcount: 3}\n", **PLACES[place]))
    assert quote.roles[0].recommendation.model == "staff_leasing"
    assert (quote.tco.one_time, quote.tco.years[0].proposed) == (D(one_time), D(first_year))


def test_the_set_up_fee_in_the_sources_is_the_one_charged(quote_of):
    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000, headcount: 3}\n", **PLACES["CA"]))
    rate_card = next(ref for ref in quote.references if ref.key == "rate_card")
    assert rate_card.amount * 3 == quote.tco.one_time  # 1,035.15 CAD x 3 = 3,105.45


# -- a workers' compensation rate given for the role ------------------------------------------------


@pytest.mark.parametrize(
    ("place", "salary", "premium", "base"),
    [
        # 2.5 per $100 of 60,000; the clerical factor (0.2) is for the regional average only
        ({"country": "US", "region": "TX"}, 60000, "1500.00", "60000"),
        # Alberta assesses earnings up to 110,900 (2026): 2.5 per $100 of 110,900
        ({"country": "CA", "region": "AB"}, 150000, "2772.50", "110900"),
        # Ontario: up to 121,700 (2026): 2.5 per $100 of 121,700
        ({"country": "CA", "region": "ON"}, 150000, "3042.50", "121700"),
    ],
)
def test_a_workers_comp_rate_given_for_the_role_applies_once(quote_of, place, salary, premium, base):
    quote = quote_of(client_yaml(f"  - {{title: Clerk, family: admin, salary: {salary}, workers_comp_rate: 2.5}}\n", **place))
    line = next(line for line in quote.roles[0].in_house.lines if line.key == "workers_comp")
    assert (line.per_head, line.rate, line.base) == (D(premium), D("0.025"), D(base))


def test_the_role_workers_comp_rate_holds_in_later_years(quote_of):
    text = client_yaml("  - {title: Clerk, family: admin, salary: 50000, workers_comp_rate: 2.5}\n")
    plain = client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")
    given, average = quote_of(text).tco.years[1].in_house, quote_of(plain, name="plain.yaml").tco.years[1].in_house
    # year 2 salary 51,800 (3.6% growth): 2.5 per $100 = 1,295.00 against the clerical
    # average 1.09 x 0.2 per $100 = 112.92 (0.00218 x 51,800 = 112.924)
    assert given - average == D("1295.00") - D("112.92")
