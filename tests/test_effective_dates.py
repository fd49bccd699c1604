"""Effective dates: the row in force on the proposal date prices it, each year of the cost of
ownership takes the rates in force on its first day, and the documents say as of when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from quotegen.data.rates import rate_set, us_programmes
from quotegen.render.json_export import quote_to_dict

from .conftest import client_yaml

CLERK = "  - {title: Clerk, family: admin, salary: 50000}\n"


def line(quote, key):
    return next(line for line in quote.roles[0].in_house.lines if line.key == key)


# -- the row in force on the proposal date --------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "per_head", "base", "valid_from", "source"),
    [
        # New Jersey sets its rate by fiscal year (July-June) and its wage base by calendar year:
        # 3.1% of the 2025 base of 43,300 until 30 June 2025 (the July 2024-June 2025 rate) ...
        ("2025-06-30", "1342.30", "43300", dt.date(2025, 1, 1), "Bloomberg Tax: New Jersey Releases 2025"),
        # ... the July 2025-June 2026 row from 1 July (its rate not published: 3.1% carried forward) ...
        ("2025-07-01", "1342.30", "43300", dt.date(2025, 7, 1), "EANJ HR alert: NJDOL lowers employer UI"),
        # ... and the 2026 base of 44,800 from 1 January: 3.1% x 44,800 = 1,388.80
        ("2026-01-01", "1388.80", "44800", dt.date(2026, 1, 1), "NJDOL press release, 29 December 2025"),
    ],
)
def test_new_jerseys_rate_is_the_one_in_force_on_the_proposal_date(quote_of, date, per_head, base, valid_from, source):
    suta = line(quote_of(client_yaml(CLERK, region="NJ", date=date)), "suta")
    assert (suta.per_head, suta.rate, suta.base, suta.source.valid_from) == (D(per_head), D("0.031"), D(base), valid_from)
    assert suta.source.title.startswith(source)


@pytest.mark.parametrize(
    ("date", "rate", "per_head", "valid_from"),
    [
        # A quarterly payroll of 337,500 ((1,300,000 + 50,000) / 4) is in the 312,500-375,000 bracket:
        # 0.11% of wages until 30 June 2025, 0.055% from 1 July 2025 (the bracket halved).
        ("2025-06-30", "0.0011", "55.00", dt.date(2023, 7, 1)),
        ("2025-07-01", "0.00055", "27.50", dt.date(2025, 7, 1)),
    ],
)
def test_the_mctmt_bracket_rate_changes_on_1_july_2025(quote_of, date, rate, per_head, valid_from):
    extra = "  locality: Brooklyn\n  annual_payroll: 1300000\n  employees: 40\n"
    tax = line(quote_of(client_yaml(CLERK, region="NY", date=date, extra_client=extra)), "ny_mctmt_zone1")
    assert (tax.rate, tax.per_head, tax.source.valid_from) == (D(rate), D(per_head), valid_from)


def test_a_programme_starts_on_its_first_day_and_a_repealed_one_is_not_carried_forward():
    # Minnesota Paid Leave premiums start on 1 January 2026.
    assert "mn_paid_leave_employer" not in {c.key for c in us_programmes("MN", dt.date(2025, 12, 31))}
    assert "mn_paid_leave_employer" in {c.key for c in us_programmes("MN", dt.date(2026, 1, 1))}
    # Georgia's new-employer assessment is repealed from 1 January 2027 (O.C.G.A. 34-8-181).
    assert "ga_admin_assessment" in {c.key for c in rate_set("US", "GA", dt.date(2026, 12, 31)).contributions}
    assert "ga_admin_assessment" not in {c.key for c in rate_set("US", "GA", dt.date(2027, 1, 1)).contributions}


def test_past_the_data_the_last_rows_are_carried_forward_and_enacted_ones_used():
    rates = rate_set("US", "DE", dt.date(2030, 5, 1))
    assert (rates.year, rates.requested_year, rates.year_substituted) == (2026, 2030, True)
    by_key = {c.key: c for c in rates.contributions}
    assert (by_key["social_security"].upper, by_key["social_security"].source.valid_to) == (D("184500"), dt.date(2026, 12, 31))
    # Delaware's 2027 wage base of 16,500 is in the statute (HB 433): a later row, used.
    assert (by_key["suta"].upper, by_key["suta"].source.valid_from) == (D("16500"), dt.date(2027, 1, 1))


# -- rates as of ------------------------------------------------------------------------------------


def test_the_json_states_the_rates_date_and_the_projected_years(quote_of):
    data = quote_to_dict(quote_of(client_yaml(CLERK, region="WA", date="2026-03-02")))
    # WA's unemployment and health figures were read on 28 November 2026
    assert data["rates_as_of"] == {"date": "2026-03-02", "sources_read": "2026-11-28"}
    assert [(y["year"], y["starts"], y["rates_year"], y["projected"]) for y in data["tco"]["years"]] == [
        (1, "2026-03-02", 2026, False),
        (2, "2027-03-02", 2026, True),
        (3, "2028-03-02", 2026, True),
    ]


def test_without_a_read_date_the_json_says_none(quote_of):
    data = quote_to_dict(quote_of(client_yaml(CLERK, basis="salary_only")))  # salaries only: no statutory source
    assert data["rates_as_of"] == {"date": "2026-11-28", "sources_read": None}


def test_price_says_as_of_when_and_marks_projected_years(quote_of, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quotegen.cli import main

    (tmp_path / "client.yaml").write_text(client_yaml(CLERK, region="WA", date="2026-03-02"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["price", "client.yaml"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == "Rates as of Mar 2, 2026, the proposal date; sources read up to Nov 28, 2026"
    assert [line[:24].strip() for line in lines if line.startswith("  Year ")] == ["Year 1", "Year 2 (projected)", "Year 3 (projected)"]
    assert "  Projected (years 2-3): rates of 2026 carried forward, apart from changes already enacted" in lines


# -- the set-up fee in the sources ------------------------------------------------------------------


def test_the_set_up_fee_in_the_sources_is_in_the_proposals_currency_with_the_original(quote_of):
    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000, headcount: 3}\n", country="CA", region="ON"))
    rate_card = next(ref for ref in quote.references if ref.key == "rate_card")
    # 750 USD x 1.3802 = 1,035.15 CAD a worker, as charged: 3 x 1,035.15 = 3,105.45
    assert (rate_card.amount, quote.tco.one_time) == (D("1035.15"), D("3105.45"))
    # The provider's own rate card, named by its brand (never the engine's name); the rate it was
    # converted at is a source of its own.
    assert (rate_card.source.title, rate_card.source.title_fr) == (
        "Kestrel Talent Partners rate card (illustrative, not an offer)",
        "Grille tarifaire de Kestrel Talent Partners (à titre d'exemple, ce n'est pas une offre)",
    )
    fx = next(ref for ref in quote.references if ref.key == "fx")
    assert (fx.rate, fx.source.title, fx.source.year, fx.source.domain) == (
        D("1.3802"), "Bank of Canada: monthly average exchange rate, December 2025 (USD/CAD), Statistics Canada table 33-10-0163", 2025, "www150.statcan.gc.ca"
    )
