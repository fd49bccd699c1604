"""The first recommendation rules: third-party quote, on site, not offered, cheaper."""

from __future__ import annotations

from decimal import Decimal as D

from quotegen.recommend import quote_number

from .conftest import CLIENTS, client_yaml


def test_case_study_reaches_its_own_conclusion(config):
    from quotegen.api import quote_file

    quote = quote_file(CLIENTS / "bright-smile-family-practice.yaml", config)
    models = {role.title: role.recommendation.model for role in quote.roles}
    assert models == {
        "Marketer": "bpo",
        "Janitor": "in_house",
        "Receptionist": "in_house",
        "Paralegal": "professional",
        "Accountant": "bpo",
    }
    assert quote.totals.in_house_annual == D("237000.00")
    assert quote.totals.proposed_annual == D("105000.00")
    assert quote.totals.savings_annual == D("132000.00")


def test_on_site_work_stays_in_house_with_its_reason(quote_of):
    role = quote_of(client_yaml("  - {title: Front desk, family: admin, salary: 40000, on_site: true}\n")).roles[0]
    assert role.recommendation.model == "in_house"
    assert role.recommendation.reasons == ("The work has to be done on site, so it stays with a local employee.",)
    assert role.proposed == role.in_house
    assert role.recommendation.alternatives[0].model == "staff_leasing"


def test_work_the_centres_do_not_offer_stays_in_house(quote_of):
    role = quote_of(client_yaml("  - {title: Cleaner, family: facilities, salary: 30000}\n")).roles[0]
    assert role.recommendation.model == "in_house"
    assert role.leasing is None
    assert "not offered from our delivery centres" in role.recommendation.reasons[0]


def test_leasing_is_recommended_where_it_costs_less(quote_of):
    role = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")).roles[0]
    rec = role.recommendation
    assert (rec.model, rec.location, rec.centre) == ("staff_leasing", "offshore", "HRE")
    assert role.proposed.annual == D("27600.00")
    assert rec.trace[:4] == ("third_party_quote: no", "must_be_on_site: no", "not_offered_remotely: no", "leasing_costs_less: yes")


def test_in_house_wins_when_it_is_cheaper(quote_of):
    role = quote_of(client_yaml("  - {title: Junior dev, family: software, salary: 30000}\n", basis="salary_only")).roles[0]
    assert role.recommendation.model == "in_house"
    assert role.recommendation.reasons == ("Hiring directly costs less than leasing for this role.",)


def test_quote_numbers_are_derived_from_the_client_and_revision():
    assert quote_number("Q", 2026, "Bright Smile Family Practice", 1) == "Q-2026-BRIGHTSMILE-R1"
    assert quote_number("Q", 2026, "Harborline Logistics LLC", 3) == "Q-2026-HARBORLINE-R3"
    assert quote_number("KTP", 2025, "Ça & Co. Ltée", 1) == "KTP-2025-CACOLTEE-R1"
    assert quote_number("Q", 2026, "!!!", 1) == "Q-2026-CLIENT-R1"


def test_headline_figures_without_cents_always_add_up(quote_of):
    roles = "  - {title: Tiny, family: legal, salary: 100.49, third_party_quote: {annual: 50.50, model: professional}}\n"
    totals = quote_of(client_yaml(roles, basis="salary_only")).totals
    assert totals.savings_annual == D("49.99")
    assert (totals.in_house_whole, totals.proposed_whole, totals.savings_whole) == (D("100"), D("51"), D("49"))
