"""Assembling the quote: the case study's conclusion, quote numbers, headline figures."""

from __future__ import annotations

from decimal import Decimal as D

from quotegen.engine.assemble import quote_number

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


def test_each_role_carries_its_costs_without_cents_for_the_chart(quote_of):
    roles = "  - {title: Tiny, family: legal, salary: 100.49, third_party_quote: {annual: 50.50, model: professional}}\n"
    role = quote_of(client_yaml(roles, basis="salary_only")).roles[0]
    assert (role.in_house_whole, role.proposed_whole) == (D("100"), D("51"))


def test_an_in_house_choice_does_not_repeat_the_reason_its_own_fit_gives(quote_of):
    from quotegen.render.formatting import Formatter

    english = Formatter("en_US", "USD")
    desk = quote_of(client_yaml("  - {title: Front desk, family: admin, salary: 38000, on_site: true}\n")).roles[0].recommendation
    # needs_premises (leasing) says what on_premises (in-house) already said, in other words
    assert [english.phrase(r) for r in desk.reasons] == ["The work has to be done on your premises.", "Steady, full-time work can always be hired directly."]
    cleaner = quote_of(client_yaml("  - {title: Cleaner, family: facilities, salary: 30000}\n")).roles[0].recommendation
    assert [english.phrase(r) for r in cleaner.reasons] == [
        "Steady, full-time work can always be hired directly.",
        "We do not staff this kind of work from our centres.",
    ]


CONTACT = "  contact: {name: Ana Lima, title: Owner, email: ana@example.com, phone: \"+1 512 555 0100\"}\n"


def test_the_cover_shows_the_contact_with_email_and_phone(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", extra_client=CONTACT))
    assert (quote.client.contact_email, quote.client.contact_phone) == ("ana@example.com", "+1 512 555 0100")
    assert (
        '<dd>Test Co<br><span class="soft">Ana Lima, Owner</span><br><span class="soft contact-line">ana@example.com · +1 512 555 0100</span></dd>'
        in renderer.html(quote)
    )


def test_a_phone_alone_is_shown_and_no_contact_shows_no_line(quote_of, renderer):
    phone_only = "  contact: {name: Ana Lima, phone: \"+1 512 555 0100\"}\n"
    html = renderer.html(quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", extra_client=phone_only)))
    assert '<dd>Test Co<br><span class="soft">Ana Lima</span><br><span class="soft contact-line">+1 512 555 0100</span></dd>' in html
    html = renderer.html(quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")))
    assert "<dd>Test Co</dd>" in html and "contact-line" not in html.split("</style>", 1)[1]
