"""What a proposal says (issue #13): provider texts per brand and language, terms that fit
what is proposed, one currency story, finished French, and placeholders kept out of sent copies."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from quotegen.api import build_quote, load_client
from quotegen.cli import main
from quotegen.data.tables import builtin_theme_dir
from quotegen.errors import QuotegenError
from quotegen.input.provider import load_config
from quotegen.render.content import reading
from quotegen.render.json_export import quote_to_json
from quotegen.render.renderer import Renderer

from .conftest import CLIENTS, ROOT, client_yaml

NBSP = "\u00a0"
FRENCH_SAMPLE = CLIENTS / "distribution-laurentides.yaml"
MERIDIAN = ROOT / "examples" / "meridian"


def pages_of(pdf: bytes) -> list[str]:
    """Each page's text with every run of spaces (no-break ones too) as one space."""
    return [re.sub(r"\s+", " ", page.extract_text().replace(NBSP, " ").replace("\u202f", " ")) for page in PdfReader(io.BytesIO(pdf)).pages]


def page_html(renderer, quote, **kwargs) -> str:
    """The document's HTML as a reader's words: hyphenated words unwrapped, apostrophes plain."""
    html = renderer.html(quote, **kwargs).replace("&#39;", "'")
    return re.sub(r'<span class="nb">([^<]*)</span>', r"\1", html).replace("\u2060", "")  # print joins hyphens with a WORD JOINER


def clauses_in(html: str) -> list[str]:
    return re.findall(r'class="clause clause-([a-z_]+)"', html)


def chunks(text: str) -> list[str]:
    """The literal runs of four words or more in a text with {names}: what a reader would see."""
    found = []
    for part in re.split(r"\{\w+\}", text):
        part = re.sub(r"\s+", " ", part.replace(NBSP, " ")).strip(" .,;:()·–")
        if len(part.split()) >= 4:
            found.append(part)
    return found


# -- finished French ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def french_and_english(config, renderer):
    """The French sample's PDF pages, and the same client's in Canadian English."""
    source = FRENCH_SAMPLE.read_text(encoding="utf-8")
    french = build_quote(load_client(FRENCH_SAMPLE, config).client_file, config)
    english_path = FRENCH_SAMPLE.parent / "distribution-laurentides.yaml"
    english = build_quote(_client_from_text(source.replace("locale: fr_CA", "locale: en_CA"), english_path, config), config)
    return pages_of(renderer.pdf(french)), pages_of(renderer.pdf(english))


def _client_from_text(text: str, path: Path, config):
    from quotegen.api import client_from_document
    from quotegen.input.document import parse_document

    return client_from_document(parse_document(text, str(path)), config).client_file


def _english_sentences(config) -> list[str]:
    """Every English sentence of the catalogue's keys and of the provider's texts that its
    French text does not share (names such as "Kestrel Talent Partners Ltd." are in both)."""
    catalogue = yaml.safe_load((builtin_theme_dir() / "i18n" / "fr.yaml").read_text(encoding="utf-8"))
    pairs = list(catalogue.items())
    brand, english, french = config.provider, config.texts["en"], config.texts["fr"]
    pairs += [(brand.tagline["en"], brand.tagline["fr"]), (brand.footer["en"], brand.footer["fr"])]
    pairs += [(brand.account_contact.title["en"], brand.account_contact.title["fr"]), (english.introduction, french.introduction)]
    pairs += list(zip(english.next_steps, french.next_steps)) + [(a.what, b.what) for a, b in zip(english.onboarding, french.onboarding)]
    pairs += [(c.text["en"], c.text["fr"]) for c in config.terms.values()] + [(c.title["en"], c.title["fr"]) for c in config.terms.values()]
    sentences = set()
    for text, translation in pairs:
        for sentence in re.split(r"(?<=[.;])\s+", text):
            sentences.update(chunk for chunk in chunks(sentence) if chunk not in translation)
    return sorted(sentences)


@pytest.mark.slow  # two whole PDFs
def test_a_french_document_has_no_english_sentence(config, french_and_english):
    french, english = french_and_english
    sentences = _english_sentences(config)
    whole_french, whole_english = " ".join(french), " ".join(english)
    assert [s for s in sentences if s in whole_french] == []
    # The same search finds the English document's sentences: the extraction can see them.
    found = [s for s in sentences if s in whole_english]
    for expected in ("Dedicated offshore teams, priced in the open", "Each placement runs for at least six months",
                     "Invoices are payable within 30 days of their date, by bank transfer, in the currency of this proposal"):
        assert expected in found
    assert len(found) >= 40


@pytest.mark.slow
def test_french_pages_say_page_x_sur_y(french_and_english):
    french, english = french_and_english
    total = len(french)
    for number, page in enumerate(french[1:], start=2):  # the cover carries no number
        assert f"Page {number} sur {total}" in page
        assert f"Page {number} de" not in page
    assert f"Page 2 of {len(english)}" in english[1]


def test_french_percentages_and_sources_in_english_are_marked(config, renderer):
    quote = build_quote(load_client(FRENCH_SAMPLE, config).client_file, config)
    html = page_html(renderer, quote, medium="print")
    body, sources = html.split("</style>")[-1].split('<ol class="sources">')
    sources, after = sources.split("</ol>", 1)
    # Every percentage of the document has its no-break space; the English titles of sources keep theirs.
    assert f"{NBSP}% du coût interne actuel" in body and re.search(r"\d%", body + after) is None
    # English titles are marked; five are French: the 2026 CNESST rate's (a Québec.ca page), ESDC's, Revenu Québec's,
    # the Bank of Canada rate's (Statistics Canada) and our rate card's.
    assert sources.count("(en anglais)") == sources.count("<li>") - 5 > 5
    english = page_html(renderer, build_quote(load_client(CLIENTS / "maple-ridge-dental.yaml", config).client_file, config), medium="print")
    assert "(in English)" not in english and "(en anglais)" not in english


def test_the_estimate_badge_reads_estim_in_french(config, renderer):
    french = page_html(renderer, build_quote(load_client(FRENCH_SAMPLE, config).client_file, config), medium="print")
    assert '<span class="est">estim.</span>' in french and '<span class="est">est.</span>' not in french


# -- provider texts per brand and language --------------------------------------------------


def test_a_french_document_needs_every_provider_text_in_french(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "quotegen.yaml").write_text(
        "provider:\n  name: Acme Staffing\n  legal_name: Acme Staffing Inc.\n  tagline: Teams you can count on\n"
        "  colors: {primary: '#112233', accent: '#445566'}\n"
        "texts:\n  en:\n    introduction: We staff teams.\nterms:\n  payment:\n    applies_when: always\n"
        "    title: Payment\n    text: Invoices are due in 30 days.\n",
        encoding="utf-8",
    )
    (tmp_path / "client.yaml").write_text(client_yaml("  - {title: Commis, family: admin, salary: 50000}\n", country="CA", region="QC",
                                                      extra_client="  locale: fr_CA\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "client.yaml"])
    reason = "client.yaml (locale fr_CA) is a French document"
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"quotegen.yaml:4:12: provider.tagline.fr: missing: {reason}; give the French text of provider.tagline (nothing falls back to English)",
        f"quotegen.yaml:12:12: terms.payment.title.fr: missing: {reason}; give the French text of terms.payment.title (nothing falls back to English)",
        f"quotegen.yaml:13:11: terms.payment.text.fr: missing: {reason}; give the French text of terms.payment.text (nothing falls back to English)",
        f"quotegen.yaml:7:3: texts.fr.introduction: missing: {reason}; give the French text of texts.en.introduction (nothing falls back to English)",
    ]
    # An English document of the same workspace needs nothing more.
    (tmp_path / "client.yaml").write_text(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "client.yaml"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "client.yaml: ok\n", "")


def test_a_language_given_for_one_text_is_given_for_all(tmp_path):
    (tmp_path / "quotegen.yaml").write_text(
        "provider:\n  name: Acme Staffing\n  legal_name: Acme Staffing Inc.\n"
        "  tagline: {en: Teams you can count on, fr: Des équipes fiables}\n  footer: Acme · Montreal\n"
        "  colors: {primary: '#112233', accent: '#445566'}\n",
        encoding="utf-8",
    )
    with pytest.raises(QuotegenError) as raised:
        load_config(tmp_path)
    assert [str(e) for e in raised.value.errors] == [
        f"{tmp_path / 'quotegen.yaml'}:5:11: provider.footer.fr: missing: this file gives other texts in French, so it must give them all; "
        "give the French text of provider.footer (nothing falls back to English)"
    ]


def test_a_provider_text_fills_in_only_the_names_it_may(tmp_path):
    (tmp_path / "quotegen.yaml").write_text(
        "terms:\n  payment:\n    applies_when: always\n    title: Payment\n    text: Pay {provider} by {due_date}.\n", encoding="utf-8"
    )
    with pytest.raises(QuotegenError) as raised:
        load_config(tmp_path)
    assert [str(e) for e in raised.value.errors] == [
        f"{tmp_path / 'quotegen.yaml'}:5:11: terms.payment.text.en: uses {{due_date}}; only {{brand}}, {{provider}}, {{client}}, {{setup_fee}}, "
        "{escalation} may be filled in"
    ]


@pytest.fixture(scope="module")
def meridian():
    config = load_config(MERIDIAN)
    return config, Renderer(config)


def test_meridian_never_names_the_sample_brand(meridian):
    config, renderer = meridian
    for path in (MERIDIAN / "clients").glob("*.yaml"):
        quote = build_quote(load_client(path, config).client_file, config)
        for text in (page_html(renderer, quote, medium="print"), page_html(renderer, quote, brief=True), quote_to_json(quote)):
            assert "Kestrel" not in text
        html = page_html(renderer, quote, medium="print")
        assert "Meridian builds small remote teams" in html and "Sofía Brenes" in html


def test_a_workspace_that_restyles_the_brand_reads_the_sample_texts_as_its_own(tmp_path, quote_of):
    (tmp_path / "quotegen.yaml").write_text(
        "provider:\n  name: Acme Staffing\n  legal_name: Acme Staffing Inc.\n  colors: {primary: '#112233', accent: '#445566'}\n", encoding="utf-8"
    )
    config = load_config(tmp_path)
    quote = build_quote(_client_from_text(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n"), tmp_path / "c.yaml", config), config)
    html = page_html(Renderer(config), quote, medium="print")
    assert "Kestrel" not in html
    assert "Acme Staffing employs remote staff who work for one client each" in html
    assert "Each worker is employed by Acme Staffing Inc." in html


# -- terms that fit what is proposed --------------------------------------------------------


def test_terms_hold_the_clauses_that_apply_to_what_is_proposed(quote_of, renderer):
    leased = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n"))
    assert clauses_in(page_html(renderer, leased, medium="print")) == [
        "leasing_fees", "minimum_term", "replacement", "payment", "data_protection", "liability",
    ]
    # Nothing leased (the work is on the premises): no leasing clause, nothing billed by us.
    in_house = quote_of(client_yaml("  - {title: Receptionist, family: admin, salary: 45000, on_site: true}\n"))
    assert clauses_in(page_html(renderer, in_house, medium="print")) == []
    # A firm's quote in hand: its clause, and still no leasing wording.
    quoted = quote_of(client_yaml(
        "  - {title: Books, family: bookkeeping, salary: 50000, work: process,\n"
        "     third_party_quote: {annual: 9000, model: bpo, provider: Local Books LLC}}\n"
    ))
    html = page_html(renderer, quoted, medium="print").replace("&#39;", "'")
    assert clauses_in(html) == ["third_party"]
    assert "Where a role is done by another firm, the price shown is that firm's quote or a market rate." in html
    assert "billed monthly in advance" not in html and "Staff-leasing fees are billed" not in html


def test_a_usd_fee_in_a_cad_document_is_labelled_with_the_rate_and_what_it_is(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", country="CA", region="ON"))
    html = page_html(renderer, quote, medium="print")
    labelled = "US$750.00 ($1,035.15 at 1.3802, Bank of Canada average for December 2025)"  # a month's average, not a day's rate
    assert f"A one-time set-up fee of {labelled} per worker" in html  # the terms
    assert f"set-up {labelled} per worker" in html  # the rate card among the sources
    french = page_html(renderer, quote_of(client_yaml("  - {title: Commis, family: admin, salary: 50000}\n", country="CA", region="QC",
                                                extra_client="  locale: fr_CA\n")), medium="print")
    assert f"750,00{NBSP}${NBSP}US (1{NBSP}035,15{NBSP}$ au taux de 1,3802, moyenne de décembre 2025 de la Banque du Canada)" in french
    # A USD document from USD prices needs no label.
    us = page_html(renderer, quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")), medium="print")
    assert "A one-time set-up fee of $750.00 per worker" in us and "US$" not in us


def test_currencies_are_named_in_words_in_prose(quote_of, renderer):
    html = page_html(renderer, quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", country="CA", region="ON")), medium="print")
    assert "Amounts in Canadian dollars. Each total is the sum of the amounts shown above it." in html
    assert "amounts in Canadian dollars, rounded to the cent once per line." in html
    assert "Amounts in CAD" not in html and "amounts in CAD" not in html
    notes = html.split('<ul class="notes">')[-1].split("</ul>")[0]
    assert "Fees set in US dollars are converted into Canadian dollars at 1.3802 (Bank of Canada average for December 2025)." in notes
    assert re.search(r"\b(USD|CAD)\b", re.sub(r"\([^()]*\([^()]*\)[^()]*\)", "", notes)) is None  # codes only in the source's own title


# -- content that fits ----------------------------------------------------------------------


SEASONAL = (
    "  - {title: Clerk, family: admin, salary: 50000}\n"
    "  - {title: Clerk two, family: admin, salary: 52000}\n"
    "  - {title: Replatforming, family: software, seniority: senior, salary: 133080, work: project, duration_months: 5}\n"
)


def test_time_bound_work_is_labelled_and_kept_out_of_the_annual_figures(quote_of, renderer):
    quote = quote_of(client_yaml(SEASONAL))
    aids = reading(quote, renderer.catalogue("en_US").gettext, renderer.catalogue("en_US").ngettext)
    ongoing, bound = aids.split.ongoing, aids.split.bound
    clerks, project = quote.roles[:2], quote.roles[2]
    assert ongoing.in_house == clerks[0].in_house.annual + clerks[1].in_house.annual
    assert ongoing.proposed == clerks[0].proposed.annual + clerks[1].proposed.annual
    assert (bound.in_house, bound.proposed, bound.titles) == (project.in_house.annual, project.proposed.annual, ("Replatforming",))
    assert ongoing.in_house + bound.in_house == quote.totals.in_house_annual
    html = page_html(renderer, quote, medium="print")
    from quotegen.render.formatting import Formatter

    fmt = Formatter("en_US", "USD")
    headline = re.search(r'<div class="headline-figure">([^<]+)</div>', html).group(1)
    assert headline == fmt.money_whole(ongoing.savings_whole) != fmt.money_whole(quote.totals.savings_whole)
    assert f"for{NBSP}5{NBSP}months" in html
    first = quote.tco.years[0].cumulative_savings_whole
    assert (f"First year: {fmt.money_whole(first)}, with the one-off and time-bound work and after one-time set-up fees of "
            f"{fmt.money_whole(quote.tco.one_time.quantize(1))}.") in html
    assert "Both sides cost less from year 2 because the one-off and time-bound work (Replatforming) is done in the first year." in html


def test_reasons_every_leased_role_shares_are_said_once(quote_of, renderer):
    quote = quote_of(client_yaml(SEASONAL))
    first, second = (role.recommendation for role in quote.roles[:2])
    assert first.model == second.model == "staff_leasing"
    shared = [reason.english() for reason in first.reasons if reason in second.reasons]
    own = [reason.english() for reason in first.reasons + second.reasons if reason.english() not in shared]
    assert "A dedicated worker follows your schedule and processes, like your own employee." in shared
    html = page_html(renderer, quote, medium="print").replace("&#39;", "'")
    html = re.sub(r'<span class="nb">([^<]*)</span>', r"\1", html).replace("\u2060", "")  # hyphenated words kept whole
    recommendations = html.split('id="recommendations"')[1].split("</section>")[0]
    block, *articles = recommendations.split('<article class="rec">')
    assert "Common to the two roles leased as dedicated staff:" in block
    assert all(f"<li>{reason}</li>" in block for reason in shared)
    assert not any(reason in article for reason in shared for article in articles[:2])
    assert all(reason in "".join(articles[:2]) for reason in own)


def test_zero_lines_are_left_out_and_the_totals_still_add_up(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: Commis, family: admin, salary: 50000}\n", country="CA", region="QC"))
    qpp2 = [line for line in quote.roles[0].in_house.lines if line.key.endswith("2") and line.annual == 0]
    assert qpp2, "the engine still gives the zero line; the document leaves it out"
    html = page_html(renderer, quote, medium="print")
    breakdown = html.split('id="breakdown"')[1].split("</section>")[0]
    assert "Second additional QPP (QPP2)" not in breakdown
    # One person: the amount column alone (per person would repeat it).
    assert 'data-label="Per person"' not in breakdown
    shown = re.findall(r'data-label="Amount">\$([\d,]+\.\d\d)</td></tr>', breakdown.split('class="subtotal"')[0])
    assert len(shown) == len(quote.roles[0].in_house.lines) - len(qpp2)
    assert sum(Decimal(a.replace(",", "")) for a in shown) == quote.roles[0].in_house.annual


# -- placeholders and drafts ----------------------------------------------------------------


@pytest.fixture
def scaffold(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "Acme Rockets"])
    assert result.exit_code == 0, result.output
    return "clients/acme-rockets.yaml"


PLACEHOLDER_PROBLEMS = [
    "clients/acme-rockets.yaml:10:19: client.contact.name: 'Jane Doe' is placeholder text from quotegen new; "
    "replace it, or render with --draft to stamp every page DRAFT",
    "clients/acme-rockets.yaml:10:36: client.contact.email: 'jane@example.com' is a placeholder address (example.com is reserved for examples); "
    "replace it, or render with --draft to stamp every page DRAFT",
    "clients/acme-rockets.yaml:16:16: proposal.prepared_by: 'Your Name' is placeholder text from quotegen new; "
    "replace it, or render with --draft to stamp every page DRAFT",
]


def test_validate_warns_of_placeholder_text(scaffold):
    result = CliRunner().invoke(main, ["validate", scaffold])
    assert (result.exit_code, result.stdout) == (0, f"{scaffold}: ok\n")
    warnings = [line for line in result.stderr.splitlines() if "placeholder" in line]
    assert warnings == [line.replace(": client.", ": warning: client.").replace(": proposal.", ": warning: proposal.") for line in PLACEHOLDER_PROBLEMS]


def test_render_refuses_placeholder_text(scaffold, tmp_path):
    result = CliRunner().invoke(main, ["render", scaffold, "-f", "html", "-o", "out"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == PLACEHOLDER_PROBLEMS + ["1 of 1 file(s) failed; nothing was written for them."]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # a whole PDF
def test_a_draft_is_stamped_on_every_page(scaffold, tmp_path):
    result = CliRunner().invoke(main, ["render", scaffold, "--draft", "-f", "pdf", "-o", "out"])
    assert result.exit_code == 0, result.output
    pages = pages_of((tmp_path / "out" / "acme-rockets.pdf").read_bytes())
    assert len(pages) > 3 and all("DRAFT" in page for page in pages)
    result = CliRunner().invoke(main, ["render", str(CLIENTS / "maple-ridge-dental.yaml"), "-f", "pdf", "-o", "sent"])
    assert result.exit_code == 0, result.output
    assert not any("DRAFT" in page for page in pages_of((tmp_path / "sent" / "maple-ridge-dental.pdf").read_bytes()))


def test_a_sentence_starts_with_a_capital_when_its_first_word_is_the_clients(quote_of, renderer):
    quote = quote_of(client_yaml(
        "  - {title: Books, family: bookkeeping, salary: 50000, work: process,\n"
        "     third_party_quote: {annual: 9000, model: bpo, provider: an accounting firm}}\n"
    ))
    assert "an accounting firm has already quoted for this work." in [r.english() for r in quote.roles[0].recommendation.reasons]
    html = page_html(renderer, quote, medium="print")
    assert "<li>An accounting firm has already quoted for this work.</li>" in html
    assert '<span class="where">An accounting firm (onshore)</span>' in html


def test_next_steps_are_about_work_we_do(quote_of, renderer):
    leased = page_html(renderer, quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")), medium="print")
    assert '<ol class="steps">' in leased and "Onboarding timeline" in leased
    assert f"Your contact: <strong>Dana Whitfield</strong>, Client success{NBSP}manager · dana.whitfield@kestrel-talent.example" in leased
    # In-house and another firm's work only: nothing of ours to start or sign; the client's own
    # next steps, the contact, and no signature block.
    quoted = page_html(renderer, quote_of(client_yaml(
        "  - {title: Books, family: bookkeeping, salary: 50000, work: process,\n"
        "     third_party_quote: {annual: 9000, model: bpo, provider: Local Books LLC}}\n"
    )), medium="print")
    assert "Onboarding timeline" not in quoted and "Tell us which roles to start with" not in quoted
    steps = quoted.split('<ol class="steps">')[1].split("</ol>")[0]
    assert re.findall(r"<li>(.*?)</li>", steps) == [
        "Confirm the scope and price with Local Books LLC (Books), and contract with it directly.",
        "If the work changes, for example a role grows to full time, ask us to price it again.",
    ]
    assert "Your contact: <strong>Dana Whitfield</strong>" in quoted
    assert '<div class="signatures">' not in quoted and "Terms and acceptance" not in quoted
    assert "<h2>About this proposal</h2>" in quoted and "<h3>What this proposal covers</h3>" in quoted
    assert "beside the signatures" not in quoted


def test_a_role_of_several_people_shows_per_person_and_in_all(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 40000, headcount: 3}\n"))
    breakdown = page_html(renderer, quote, medium="print").split('id="breakdown"')[1].split("</section>")[0]
    base = re.search(r'<tr><td>Base salary</td>.*?</tr>', breakdown).group(0)
    assert re.findall(r'data-label="([^"]+)">\$([\d,.]+)<', base) == [("Per person", "40,000.00"), ("In all", "120,000.00")]
    assert 'data-label="Amount"' not in breakdown


def test_hyphenated_words_stay_whole_by_a_word_joiner_in_print_and_a_span_on_screen(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: Front-desk clerk, family: admin, salary: 40000}\n"))
    printed, screen = renderer.html(quote, medium="print"), renderer.html(quote, medium="screen")
    body = printed.split("<body", 1)[1]
    assert "Front-\u2060desk clerk" in body
    # Letter-spaced headings would space the joiner like a letter ("IN- HOUSE"): they keep the span,
    # and only they: each span in print opens a table or cover-fact heading or a small label.
    assert '<th scope="col"><span class="nb">In-house</span> cost</th>' in body
    openers = re.findall(r'(<[^>]*>)[^<]*<span class="nb">', body)
    assert openers and all(re.match(r'<(th|dt)\b|<[^>]*class="[^"]*(eyebrow|headline-label|kpi-label|sign-label)', tag) for tag in openers), openers
    assert '<span class="nb">Front-desk</span> clerk' in screen and "\u2060" not in screen
    text = "".join(pages_of(renderer.pdf(quote)))
    assert "Front-desk clerk" in text and "\u2060" not in text  # the joiner has no glyph and no text
