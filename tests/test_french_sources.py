"""The sources list and the French document: no English sentence of ours in French, English-only
titles marked "(en anglais)", a compact list that names each site, and the data's bases of
figures given in both languages (checked when a data file is read)."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader

from quotegen.api import build_quote, load_client
from quotegen.data.rates import french_spacing, row_source
from quotegen.data.tables import check_bases, data_file, regions_of
from quotegen.errors import InputError
from quotegen.input.provider import load_config

from .conftest import CLIENTS, ROOT, client_yaml

NBSP = "\u00a0"
FRENCH_SAMPLE = CLIENTS / "distribution-laurentides.yaml"
DATA = ROOT / "quotegen" / "data"
# Words of English prose that French never uses as whole words (so "a", "on", "est", "plan" and
# "table", French words too, are not among them).
ENGLISH_WORDS = (
    "the", "and", "of", "for", "with", "from", "about", "by", "to", "is", "are", "was", "not", "this", "that", "which",
    "per", "estimate", "converted", "rate", "fee", "fees", "year", "years", "month", "hours", "week", "shift", "worker",
    "employer", "employee", "payroll", "carried", "forward", "reported", "average", "sample", "illustrative", "offer",
)


def flat(text: str) -> str:
    """Text with every run of spaces (no-break ones too) and line ends as one space; a line
    broken after a slash (USD/CAD) joined again."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ").replace("\u202f", " ")).replace("/ ", "/").strip()


def printed_fr(title: str) -> str:
    """A source title as a French document prints it: a (no-break) space before each colon."""
    return flat(re.sub(r"\s*:", " :", title))


@pytest.fixture(scope="module")
def french_pdf(config, renderer):
    """The French sample's quote and its PDF's text, flattened."""
    quote = build_quote(load_client(FRENCH_SAMPLE, config).client_file, config)
    reader = PdfReader(io.BytesIO(renderer.pdf(quote)))
    return quote, flat(" ".join(page.extract_text() for page in reader.pages))


def sources_html(renderer, quote) -> str:
    html = renderer.html(quote, medium="print").replace("&#39;", "'").replace("&amp;", "&")
    return html.split('<ol class="sources">', 1)[1].split("</ol>", 1)[0]


# -- the French sample, as printed -------------------------------------------------------------


@pytest.mark.slow  # a whole PDF
def test_the_french_sample_has_no_english_sentence_outside_marked_titles(french_pdf, config):
    quote, text = french_pdf
    english_titles = [ref.source.title for ref in quote.references if ref.source.title_fr is None]
    for title in sorted(set(english_titles), key=len, reverse=True):
        text = text.replace(f"{printed_fr(title)} (en anglais)", " ")
    # Names, addresses and sites stay as they are: the brand, the client, the contact lines.
    provider = config.provider
    for name in (provider.legal_name, provider.name, provider.contact.address, provider.contact.email, provider.contact.website):
        text = text.replace(name, " ")
    text = re.sub(r"\S+@\S+|\b[\w.-]+\.(?:ca|com|ai|example|org)\b", " ", text)
    found = sorted({word for word in ENGLISH_WORDS if re.search(rf"\b{word}\b", text, flags=re.IGNORECASE)})
    assert found == [], f"English words in the French sample: {found}"


@pytest.mark.slow  # a whole PDF
def test_every_english_only_title_in_the_french_sample_is_marked(french_pdf):
    quote, text = french_pdf
    english = [ref.source for ref in quote.references if ref.source.title_fr is None]
    french = [ref.source for ref in quote.references if ref.source.title_fr is not None]
    # French titles: Employment and Social Development Canada, Revenu Québec, the CNESST rate (a Québec.ca
    # page), our rate card and the Bank of Canada's rate (Statistics Canada); the rest publish in English only.
    assert len(english) >= 10 and len(french) == 5
    for source in english:
        assert f"{printed_fr(source.title)} (en anglais), {source.year}" in text, source.title
    for source in french:
        assert f"{printed_fr(source.title_fr)}, {source.year}" in text and printed_fr(source.title) not in text
    assert "Grille tarifaire de Kestrel Talent Partners (à titre d'exemple, ce n'est pas une offre), 2026" in text
    assert text.count("(en anglais)") == len(english)  # the exchange-rate note names the rate, its source is listed
    assert "Emploi et Développement social Canada : Avis important sur le maximum de la rémunération assurable pour 2026, 2026 · canada.ca" in text
    assert "Revenu Québec : Seuil de la masse salariale totale et taux de cotisation au FSS (2025), 2026 · revenuquebec.ca" in text
    assert "Banque du Canada : taux de change moyen mensuel, décembre 2025 (USD/CAD), Statistique Canada, tableau 33-10-0163, 2025" in text
    assert not re.search(r"Bank of Canada|Statistics Canada|Employment and Social|Revenue Agency", text)
    # Our bases of the figures are printed in French, with French spacing.
    assert "Un coût par embauche d'environ 5 000 $ réparti sur environ 4 ans d'emploi." in text
    assert "Le même équipement qu'aux États-Unis (environ 1 500 $ US, soit quelque 2 000 $) réparti sur 4 ans." in text


@pytest.mark.slow  # a whole PDF
def test_no_printed_source_is_cut_or_names_the_engine(french_pdf):
    _, text = french_pdf
    sources = text.split(" Sources ", 1)[1]
    assert "…" not in sources and "quotegen" not in sources.lower()
    # Each site is named by its domain only: the link holds the whole address.
    assert "· canada.ca " in sources and "· quebec.ca " in sources and "canada.ca/" not in sources


@pytest.mark.parametrize("client", sorted(path.name for path in CLIENTS.glob("*.yaml")))
def test_every_sample_lists_its_sources_compactly(client, config, renderer):
    quote = build_quote(load_client(CLIENTS / client, config).client_file, config)
    entries = re.findall(r"<li>(.*?)</li>", sources_html(renderer, quote), flags=re.DOTALL)
    assert len(entries) == len(quote.references) >= 1
    for entry, ref in zip(entries, quote.references, strict=True):
        assert "…" not in entry and "quotegen" not in entry.lower(), entry
        if ref.source.url:
            # A French document links to the French page where there is one.
            french = quote.locale.startswith("fr") and ref.source.url_fr
            expected = (ref.source.url_fr, ref.source.domain_fr) if french else (ref.source.url, ref.source.domain)
            link = re.search(r'<a class="url" href="([^"]+)">([^<]+)</a>', entry)
            assert link is not None and link.groups() == expected, entry
            assert "/" not in expected[1] and not ref.source.domain.startswith("www.")
    rate_card = next((ref for ref in quote.references if ref.key == "rate_card"), None)
    if rate_card is not None:
        assert rate_card.source.title == "Kestrel Talent Partners rate card (illustrative, not an offer)"


def test_the_rate_card_is_named_after_the_brand_that_sends_it():
    meridian = load_config(ROOT / "examples" / "meridian")
    client = sorted((ROOT / "examples" / "meridian" / "clients").glob("*.yaml"))[0]
    quote = build_quote(load_client(client, meridian).client_file, meridian)
    rate_card = next(ref for ref in quote.references if ref.key == "rate_card")
    assert rate_card.source.title == "Meridian Offshore Staffing rate card (illustrative, not an offer)"
    assert rate_card.source.title_fr == "Grille tarifaire de Meridian Offshore Staffing (à titre d'exemple, ce n'est pas une offre)"


# -- French text: where, and its spacing --------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "region", "where"),
    [("CA", "QC", "au Québec"), ("CA", "ON", "en Ontario"), ("CA", "BC", "en Colombie-Britannique"), ("CA", "PE", "à l'Île-du-Prince-Édouard"),
     ("US", "TX", "au Texas"), ("US", "WA", "dans l'État de Washington"), ("US", "CA", "en Californie")],
)
def test_a_french_document_says_where_with_the_places_own_preposition(quote_of, renderer, country, region, where):
    text = client_yaml("  - {title: Commis, family: admin, salary: 50000}\n", country=country, region=region, extra_client="  locale: fr_CA\n")
    html = renderer.html(quote_of(text), medium="print").replace("&#39;", "'")
    html = html.replace("\u2060", "")  # a hyphenated name kept on one line (a WORD JOINER after each hyphen)
    assert f"les charges sociales de l'employeur {where} en 2026" in html
    assert f"Taux de l'année d'imposition 2026 en vigueur {where} (" in html
    assert " pour Québec" not in html and " pour Ontario" not in html


def test_every_province_and_state_has_its_french_preposition():
    messages = yaml.safe_load((ROOT / "templates" / "i18n" / "fr.yaml").read_text(encoding="utf-8"))
    names = [record["name"] for country in ("CA", "US") for record in regions_of(country).values()]
    assert [name for name in names if f"in {name}" not in messages] == []
    assert re.fullmatch(r"(au|aux|en|à|dans) .+", messages["in New York"]) and messages["in Manitoba"] == "au Manitoba"


def test_french_translations_put_a_no_break_space_before_two_part_punctuation():
    messages = yaml.safe_load((ROOT / "templates" / "i18n" / "fr.yaml").read_text(encoding="utf-8"))
    plain = [french for french in messages.values() if re.search(r" [:;?!%»]|« ", str(french))]
    assert plain == []


@pytest.mark.parametrize("path", ["quotegen/data/provider.yaml", "examples/meridian/quotegen.yaml"])
def test_the_providers_french_texts_put_a_no_break_space_before_two_part_punctuation(path):
    def french(node, inside=False):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from french(value, inside or key == "fr")
        elif isinstance(node, list):
            for item in node:
                yield from french(item, inside)
        elif inside and isinstance(node, str):
            yield node

    texts = list(french(yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))))
    assert len(texts) > 10
    assert [text for text in texts if re.search(r" [:;?!%»]|« |\w[?!]", text)] == []


def test_french_spacing_binds_signs_and_amounts():
    assert french_spacing("environ 1 500 $ US ; 5,30 % : « oui »") == f"environ 1{NBSP}500{NBSP}${NBSP}US{NBSP}; 5,30{NBSP}%{NBSP}: «{NBSP}oui{NBSP}»"
    assert french_spacing("en 2025 les 12 mois") == "en 2025 les 12 mois"  # a year and a count stay apart


# -- the bases of figures in the data ----------------------------------------------------------


def test_a_basis_without_its_french_text_stops_the_data_file():
    text = 'rows:\n  - key: x\n    source: "A title"\n    source_basis:\n      en: "How we derived it."\n'
    assert check_bases(text, "quotegen/data/canada.yaml") == [
        InputError(
            "quotegen/data/canada.yaml",
            "missing: the French text of this basis (a French document prints it; nothing falls back to English)",
            5,
            7,
            "source_basis.fr",
        )
    ]
    assert str(check_bases(text, "quotegen/data/canada.yaml")[0]) == (
        "quotegen/data/canada.yaml:5:7: source_basis.fr: missing: the French text of this basis "
        "(a French document prints it; nothing falls back to English)"
    )


def test_a_basis_must_be_a_mapping_of_english_and_french_only():
    blank = 'rows:\n  - source_basis: {en: "Derived.", fr: " "}\n'
    assert [(e.line, e.field) for e in check_bases(blank, "f.yaml")] == [(2, "source_basis.fr")]
    text = 'rows:\n  - source_basis: "Derived."\n  - source_basis: {en: "Derived.", fr: "Établi.", de: "Abgeleitet."}\n'
    errors = check_bases(text, "f.yaml")
    assert [(e.line, e.field, e.message) for e in errors] == [
        (2, "source_basis", "must be a mapping of the basis in each language: {en: ..., fr: ...}"),
        (3, "source_basis.de", "unknown language 'de': give en and fr"),
    ]
    assert check_bases('rows:\n  - source_basis: {en: "Derived.", fr: "Établi."}\n', "f.yaml") == []


@pytest.mark.parametrize("name", sorted(path.name for path in DATA.glob("*.yaml")))
def test_every_data_file_gives_each_basis_in_both_languages(name):
    assert check_bases((DATA / name).read_text(encoding="utf-8"), f"quotegen/data/{name}") == []


def test_a_rows_source_keeps_the_title_apart_from_our_basis():
    record = next(r for r in data_file("assumptions.yaml")["CA"] if r["key"] == "equipment")
    source = row_source(record)
    assert source.title == "Tech Monitor: What's the optimal time to refresh your PC estate?" and source.title_fr is None
    assert source.basis.en == "The same equipment as in the United States (about US$1,500, some $2,000) spread over 4 years."
    assert source.basis.fr == f"Le même équipement qu'aux États-Unis (environ 1{NBSP}500{NBSP}${NBSP}US, soit quelque 2{NBSP}000{NBSP}$) réparti sur 4 ans."
    assert source.domain == "techmonitor.ai"
    qc = next(r for r in data_file("canada.yaml")["workers_comp"] if r["region"] == "QC" and r["year"] == 2026)
    assert row_source(qc).title_fr.startswith("Québec.ca, actualités du 15 mai 2025 : Financement du régime québécois")
    # No title of a printed source mixes in our words ("Estimate:", "as reported", "carried forward").
    files = ("canada.yaml", "assumptions.yaml", "us_federal.yaml", "us_states.yaml", "us_local.yaml", "us_workers_comp.yaml")
    titles = [str(r["source"]) for name in files for r in _records(data_file(name))]
    assert len(titles) > 250
    assert [t for t in titles if re.search(r"^Estimate|as reported|carried forward|Carried forward|; max|\(via |; [A-Z]", t)] == []


def _records(node):
    if isinstance(node, dict):
        if "source" in node:
            yield node
        for value in node.values():
            yield from _records(value)
    elif isinstance(node, list):
        for item in node:
            yield from _records(item)


def test_a_client_provided_unemployment_rate_is_titled_in_french_too(quote_of):
    text = client_yaml("  - {title: Commis, family: admin, salary: 50000}\n", extra_client="  suta_rate: 0.031\n  locale: fr_CA\n")
    suta = next(ref for ref in quote_of(text).references if ref.key == "suta")
    # The wage base's document keeps its English title (marked when printed); our words come in French.
    assert (suta.source.title, suta.source.title_fr) == ("Texas Workforce Commission", None)
    assert suta.source.basis.fr == (
        f"Le taux est le propre taux d'impôt sur le chômage du client, tel qu'il l'a fourni{NBSP}; "
        "l'assiette salariale imposable est celle de l'État."
    )


def test_a_french_page_without_its_french_title_stops_the_data_file():
    text = 'rows:\n  - source: "A title"\n    url: "https://a.ca/en"\n    url_fr: "https://a.ca/fr"\n'
    assert [str(e) for e in check_bases(text, "quotegen/data/canada.yaml")] == [
        "quotegen/data/canada.yaml:4:5: url_fr: a French page needs its French title: give source_fr too"
    ]
    assert check_bases(text + '    source_fr: "Un titre"\n', "f.yaml") == []


# -- the French sample as a buyer in Québec reads it (review of 28 November 2026) --------------


def test_no_basis_reads_stale_on_a_later_date():
    """A basis says what the figure is (carried forward, reported when), never that a table
    "was not yet available" or "no announcement was found": untrue once it is published."""
    stale = re.compile(r"not yet|pas encore|for 2026 was found|pour 2026 n'a été trouvée?|still gives|donne encore", re.IGNORECASE)
    bases = [
        text
        for name in sorted(path.name for path in DATA.glob("*.yaml"))
        for record in _records(data_file(name))
        if record.get("source_basis")
        for text in (record["source_basis"]["en"], record["source_basis"]["fr"])
    ]
    assert len(bases) > 100
    assert [text for text in bases if stale.search(text)] == []


def test_quebec_workers_comp_maximum_is_the_cnesst_s_not_revenu_quebec_s():
    qc = next(r for r in data_file("canada.yaml")["workers_comp"] if r["region"] == "QC" and r["year"] == 2026)
    basis = row_source(qc).basis
    assert "Revenu Québec" not in basis.en + basis.fr
    assert basis.fr.startswith("Taux moyen de la CNESST pour 2026. Le maximum annuel de la rémunération assurable, fixé par la CNESST,")


@pytest.mark.slow  # a whole PDF
def test_the_french_sample_reads_as_written_in_quebec(french_pdf):
    _, text = french_pdf
    for wrong in ("· senior", "courte liste", "le local (onshore)", "(à proximité)", ", Gestionnaire de", "personne · conservé",
                  "l'impôt sur une masse", "31 décembre 2025", "n'était pas encore publiée"):
        assert wrong not in text, wrong
    assert "Marketing et analyse · sénior" in text
    assert "vous rencontrez ceux que nous avons présélectionnés pour chaque poste" in text
    assert "la délocalisation de proximité (nearshore) partage presque votre fuseau horaire" in text
    assert "l'impartition locale (onshore) reste dans votre pays" in text
    assert "Depuis notre campus de San José, quart de jour (délocalisation de proximité)" in text
    assert "Dana Whitfield, gestionnaire de la réussite client" in text
    assert "Analyste des prix · 1 personne · poste conservé à l'interne au coût actuel de 45 009,82 $ par année" in text
    assert "le coût marginal est retenu, soit le montant dû sur une masse salariale de" in text
    # The exchange rate is the December 2025 monthly average, not a rate of 31 December.
    assert "750,00 $ US (1 035,15 $ au taux de 1,3802, moyenne de décembre 2025 de la Banque du Canada)" in text
    assert "convertis en dollars canadiens au taux de 1,3802 (moyenne de décembre 2025 de la Banque du Canada)." in text
    assert "Table des taux de 2025 de Revenu Québec, reconduite pour 2026." in text
    # The provider's own fees are its price, not an estimate.
    assert "Frais de location de personnel : tarif mensuel" in text and "Frais de location de personnel ESTIM." not in text


def test_place_names_never_break_and_fees_are_no_estimate(config, renderer):
    """"San José" keeps a no-break space wherever it is printed, in English and French; the rate
    card carries no est. mark; the exchange rate reads as the month's average in English too."""
    for client in ("distribution-laurentides.yaml", "cascadia-outdoor-supply.yaml"):
        quote = build_quote(load_client(CLIENTS / client, config).client_file, config)
        html = renderer.html(quote, medium="print")
        body = html.split("<body", 1)[1]
        assert f"San{NBSP}José" in body and "San José" not in body, client
        rate_card = next(ref for ref in quote.references if ref.key == "rate_card")
        assert rate_card.source.estimate is False
    assert "Staff-leasing fees:</strong> monthly fee" in sources_html(renderer, quote).replace("\u2060", "")  # no est. mark
    canadian = build_quote(load_client(CLIENTS / "maple-ridge-dental.yaml", config).client_file, config)
    english = sources_html(renderer, canadian).replace(NBSP, " ").replace("\u2060", "")
    assert "US$750.00 ($1,035.15 at 1.3802, Bank of Canada average for December 2025) per worker" in english
