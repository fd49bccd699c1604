"""Wording a buyer reads without tripping: counts in words, plain growth note, firms named,
terms above the signatures, whole amounts in sentences, the short form pointing to the full one."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from decimal import Decimal
from pathlib import Path

from quotegen.data.tables import builtin_theme_dir
from quotegen.engine.phrases import Money, Phrase, Plain
from quotegen.input.scaffold import new_client, schema_reference
from quotegen.render.formatting import Formatter

from .conftest import client_yaml
from .test_document_content import page_html

EN = Formatter("en_US", "USD")
TWO_CLERKS = "  - {title: Clerk, family: admin, salary: 50000}\n  - {title: Books, family: bookkeeping, salary: 49210}\n"
QUOTED = (
    "  - {title: Books, family: bookkeeping, salary: 50000, work: process,\n"
    "     third_party_quote: {annual: 9000, model: bpo, provider: Local Books LLC}}\n"
    "  - {title: Legal, family: paralegal, salary: 60000, licensed: true,\n"
    "     third_party_quote: {annual: 15000, model: professional, provider: a law firm}}\n"
)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def test_the_summary_is_one_sentence_with_counts_in_words(quote_of, renderer):
    text = text_of(page_html(renderer, quote_of(client_yaml(TWO_CLERKS)), medium="print"))
    assert "We looked at two roles at Test Co and recommend two roles leased as dedicated staff." in text
    # every role of one model: the shared reasons are the roles', with nothing dangling after a colon
    assert "Common to both roles:" in text and "Common to the two roles" not in text
    assert "The hours fill a full-time position." not in text


def test_the_growth_note_is_plain_and_the_terms_are_above_the_signatures(quote_of, renderer):
    text = text_of(page_html(renderer, quote_of(client_yaml(TWO_CLERKS)), medium="print"))
    assert (
        "Salaries grow 3.6% a year; our fees rise 3% a year. Benefits and overhead charged per employee, such as health cover "
        "and office space, stay at today's cost. Tax rates and wage bases stay at their 2026 levels, the latest published, so "
        "contributions that stop at a wage base grow more slowly than salaries."
    ) in text
    # What the client signs for names only what the document has: our fees, no third party (review 2, #20).
    assert "Our fees rise 3% a year." in text and "third-party" not in text
    assert "re-priced" not in text and "carried forward" not in text and "already exceed one of them" not in text
    assert "on the terms printed above the signatures." in text


def test_nothing_of_ours_names_the_firms_and_claims_no_payback(quote_of, renderer):
    text = text_of(page_html(renderer, quote_of(client_yaml(QUOTED, basis="salary_only")), medium="print"))
    assert "Confirm the scope and price with Local Books LLC (Books) and a law firm (Legal), and contract with each directly." in text
    assert "pays for itself" not in text and "re-priced" not in text and "Tax rates" not in text
    assert "Salaries grow 3.6% a year; third-party prices rise 3% a year." in text
    assert "In-house cost against other ways of staffing each role" in text


def test_the_short_form_points_to_the_full_one(quote_of, renderer):
    text = text_of(page_html(renderer, quote_of(client_yaml(TWO_CLERKS)), medium="print", brief=True))
    assert "from the sources listed in the full proposal; they are not tax advice." in text
    assert "the full form adds the cost year by year over the 3-year horizon," in text


def test_a_part_time_seat_premium_is_kept_in_mind_not_a_reason(quote_of, renderer):
    html = page_html(renderer, quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000, hours_per_week: 20}\n")), medium="print")
    assert "Keep in mind:</span> A part-time seat costs 15% more than the prorated full-time fee." in html
    assert "<li>A part-time seat costs" not in html


def test_sentences_give_whole_amounts_and_programs_get_cents():
    phrase = Phrase.of("Costs {amount} more.", amount=Money(Decimal("437.13")))
    assert EN.phrase(phrase) == "Costs $437 more."
    assert phrase.render(Plain("USD")) == "Costs 437.13 USD more."


def test_sources_read_in_us_typography(quote_of, renderer):
    text = text_of(page_html(renderer, quote_of(client_yaml(TWO_CLERKS, region="WA")), medium="print"))
    assert re.search(r"Workers' compensation, average premium: \$\d+\.\d\d per \$100 of payroll", text)
    assert " est. :" not in text and "Health insurance, single coverage (KFF 2025 employer share): est. $" in text


def test_roles_subtitle_names_the_languages_and_a_chosen_workers_comparator_is_labelled(quote_of, renderer):
    html = page_html(renderer, quote_of(client_yaml(
        "  - {title: Tenant support, family: customer_service, salary: 41000, languages: [en, es]}\n"
        "  - {title: Developer, family: software, salary: 130000, named_worker_country: PL, named_worker_salary: 52000}\n"
    )), medium="print")
    assert "Customer service · mid · English, Spanish" in text_of(html)
    assert "local hire's salary $130,000.00" in text_of(html)


def test_a_role_priced_on_request_is_carried_at_todays_cost(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: Event staff, family: admin, salary: 36000, headcount: 3, on_site: true, duration_months: 2}\n"))
    assert quote.roles[0].priced_on_request
    row = page_html(renderer, quote, medium="print").split("<th scope=\"row\"><strong>Event staff")[1].split("</tr>")[0]
    assert re.search(r"on request</span><br>\$[\d,.]+<br><span class=\"soft\">at today's cost</span>", row)


def test_the_draft_stamp_is_drawn_above_the_content():
    # The cover's saving box has a background: a stamp beneath it showed only "AFT".
    stamp = (builtin_theme_dir() / "draft.html.j2").read_text(encoding="utf-8")
    assert "z-index: 1000" in stamp and "z-index: -1" not in stamp


def test_a_new_client_file_points_to_a_schema_that_exists(tmp_path, monkeypatch):
    """Beside the file or its folder, else the current folder's, else the checkout's docs/, else
    one written next to the file: never a path to nothing."""
    import quotegen.input.scaffold as scaffold

    monkeypatch.chdir(tmp_path)
    deep = tmp_path / "elsewhere" / "deep"
    deep.mkdir(parents=True)
    checkout = Path(os.path.relpath(scaffold.CHECKOUT_SCHEMA, deep)).as_posix()
    assert scaffold.CHECKOUT_SCHEMA.is_file()  # the tests run in the checkout
    assert schema_reference(deep) == checkout
    assert (deep / checkout).resolve() == scaffold.CHECKOUT_SCHEMA
    (tmp_path / "client.schema.json").write_text("{}")  # where `quotegen schema >` writes it
    assert schema_reference(deep) == "../../client.schema.json"
    (tmp_path / "elsewhere" / "client.schema.json").write_text("{}")
    path = new_client("Acme", deep, today=dt.date(2026, 11, 28))
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=../client.schema.json"


def test_a_new_client_file_with_no_schema_in_reach_gets_one_beside_it(tmp_path, monkeypatch):
    import quotegen.input.scaffold as scaffold

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(scaffold, "CHECKOUT_SCHEMA", tmp_path / "no-checkout" / "client.schema.json")  # as installed from a wheel
    path = new_client("Acme", tmp_path / "far", today=dt.date(2026, 11, 28))
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=client.schema.json"
    written = json.loads((tmp_path / "far" / "client.schema.json").read_text())
    assert written["$schema"].startswith("https://json-schema.org/") and "roles" in written["properties"]
