"""What a buyer or a finance reviewer reads: no field name of the client file in the document
(the advice to set one goes to the sales rep: validate, explain, the internal copy), sources of
our own making in both languages, and the wording of a few sentences they would catch."""

from __future__ import annotations

import html as html_lib
import re
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from quotegen.api import load_client, priced_quote
from quotegen.cli import main
from quotegen.data.rates import Source, SourceBasis
from quotegen.data.tables import data_file
from quotegen.engine.pricing import clerical_source

from .conftest import CLIENTS, client_yaml

NBSP = "\u00a0"
ROLE = "  - {title: Clerk, family: admin, salary: 60000, headcount: 3}\n"

# Each client file leaves the quote to assume something a field would settle; the advice names the field.
ASSUMING = {
    # A health levy without the company's payroll: the roles are taken as the whole payroll.
    "levy": (
        client_yaml("  - {title: Crew, family: admin, salary: 2600000}\n", country="CA", region="MB"),
        "Manitoba Health and Post Secondary Education Tax Levy is charged as if these roles were the whole payroll "
        "($2,600,000): the rest of the company's payroll is not known, and with it the tax on these roles may differ.",
        "client.annual_payroll is not set: Manitoba Health and Post Secondary Education Tax Levy is charged as if these roles "
        "were the whole payroll; set it (the company's payroll without these roles) to charge the tax's marginal cost",
    ),
    # Minnesota's small-employer rule and wage test, without the company's size or payroll.
    "size": (
        client_yaml(ROLE, region="MN"),
        "The company's size is not given, so the small-employer rules of state programmes are judged on a headcount of 3, "
        "the people in this proposal.",
        "client.employees is not set: state programmes' small-employer rules are judged on the 3 people of this proposal; "
        "set it to the whole company's headcount",
    ),
    "average wage": (
        client_yaml(ROLE, region="MN"),
        "The average wage of $60,000 is that of the roles in this proposal, not of the whole company.",
        "client.annual_payroll and client.employees are not both set: the small-employer wage test uses the roles' "
        "average wage; set both to test the whole company's",
    ),
    # Massachusetts' EMAC applies to an established employer: without its own rate, a new one is priced.
    "established": (
        client_yaml(ROLE, region="MA", extra_client="  employees: 30\n"),
        "Massachusetts Employer Medical Assistance Contribution (EMAC), established employer is not charged: the quote "
        "prices a new employer, and it applies from the fourth year after first becoming subject to unemployment insurance "
        "(0.12%; 0.24% in the fifth year; 0.34% from the sixth).",
        "client.suta_rate is not set: the quote prices a new employer, so Massachusetts Employer Medical Assistance "
        "Contribution (EMAC), established employer is not charged; set it to the client's own unemployment tax rate to "
        "price an established employer",
    ),
    # New York's local taxes, without the place of work.
    "locality": (
        client_yaml(ROLE, region="NY"),
        "New York has local payroll taxes that depend on where the work is done (the Metropolitan Commuter Transportation "
        "Mobility Tax (MCTMT) in New York City and seven nearby counties); none is included, as the county or city of work "
        "is not given.",
        "client.locality is not set: New York's local payroll taxes are left out; set it to the county or city where the work is done",
    ),
    # A local tax's payroll bracket, without the company's payroll.
    "bracket": (
        client_yaml("  - {title: Clerk, family: admin, salary: 75000}\n", region="NY", extra_client="  locality: Brooklyn\n"),
        "New York MCTMT (Metropolitan Commuter Transportation Mobility Tax), Zone 1 is not due: a quarterly payroll of "
        "$18,750 (a quarter of $75,000, the wages of these roles alone) is in the exempt bracket.",
        "client.annual_payroll is not set: a local tax's payroll bracket is judged on these roles' wages only; set it to "
        "the company's payroll without these roles",
    ),
}


def visible_text(page: str) -> str:
    """The words a reader sees in the HTML: no style, no tags, no attributes."""
    page = re.sub(r"<style.*?</style>|<head.*?</head>", " ", page, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u2060", "").replace("\u00ad", "")
    return " ".join(text.split())  # no-break spaces read as spaces


def fields_named(text: str) -> list[str]:
    """Words that read like a field of the client file (annual_payroll) or name the file itself."""
    return re.findall(r"\b\w+_\w+\b", text) + re.findall(r"client file|fichier client", text, re.I)


@pytest.fixture
def rendered(config, renderer, tmp_path):
    def build(text: str, locale: str | None = None):
        if locale:
            text = text.replace("proposal:\n", f"  locale: {locale}\nproposal:\n", 1)
        path = tmp_path / "client.yaml"
        path.write_text(text, encoding="utf-8")
        quote, margins = priced_quote(load_client(path, config).client_file, config)
        return quote, visible_text(renderer.html(quote, medium="print")), visible_text(
            renderer.html(quote, medium="print", template="internal.html.j2", extra={"margins": margins})
        ), path

    return build


@pytest.mark.parametrize("case", sorted(ASSUMING))
def test_the_document_says_what_was_assumed_and_the_rep_is_told_which_field_to_set(rendered, case):
    text, note, advice = ASSUMING[case]
    quote, document, internal, path = rendered(text)
    assert note in document
    assert fields_named(document) == []
    assert advice in quote.warnings
    assert advice in internal and "To check before sending" in internal
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout == f"{path}: ok\n"
    assert f"{path}: warning: {advice}\n" in result.stderr


@pytest.mark.parametrize("case", ["levy", "size", "locality"])
def test_the_french_document_names_no_field_either(rendered, case):
    _, document, _, _ = rendered(ASSUMING[case][0], locale="fr_CA")
    assert fields_named(document) == []
    assert not re.search(r"\bindiquez (annual|employees|locality|suta)", document, re.I)


def test_a_client_provided_workers_comp_rate_is_sourced_in_both_languages_without_field_names(rendered):
    quote, document, _, _ = rendered(client_yaml("  - {title: Clerk, family: admin, salary: 60000, workers_comp_rate: 2.5}\n"))
    line = next(line for line in quote.roles[0].in_house.lines if line.key == "workers_comp")
    assert (line.source.title, line.source.title_fr, line.source.year) == (
        "Rate provided by the client for this role", "Taux fourni par le client pour ce poste", 2026,
    )
    assert fields_named(document) == [] and fields_named(line.source.title) == []


def test_the_clerical_rate_names_both_documents_and_says_how_they_combine_in_both_languages():
    average = Source("Oregon DCBS: 2024 ranking", None, 2024, False)
    clerical = Source("NCCI Insights: Precision Matters", "https://ncci.com/x", 2025, True, basis=SourceBasis("Class 8810 costs less.", "La catégorie 8810 coûte moins."))
    combined = clerical_source(average, clerical, D("0.2"))
    assert combined.title == "Oregon DCBS: 2024 ranking; NCCI Insights: Precision Matters" and combined.title_fr is None
    assert combined.basis == SourceBasis(
        "The all-industry average rate times 0.2 for clerical office work. Class 8810 costs less.",
        "Taux moyen de toutes les branches multiplié par 0,2 pour le travail de bureau. La catégorie 8810 coûte moins.",
    )
    french = clerical_source(Source("A", None, 2024, False, title_fr="Un"), clerical, D("0.2"))
    assert french.title_fr == f"Un{NBSP}; NCCI Insights: Precision Matters (en anglais)"


# -- market rates: the same source structure as the data ------------------------------------------


def test_market_rates_keep_the_title_apart_from_our_basis_in_both_languages():
    records = [r for section in data_file("market_rates.yaml").values() for r in section]
    assert len(records) == 12
    assert all(set(r["source_basis"]) == {"en", "fr"} for r in records)
    titles = [r["source"] for r in records]
    assert [t for t in titles if re.search(r"^Derived|^Scaled|^Judgment|as reported|\(via |\(secondary", t)] == []


def test_a_market_rate_the_proposal_uses_is_listed_with_its_source_in_french(config, renderer, tmp_path):
    text = (CLIENTS / "cascadia-outdoor-supply.yaml").read_text(encoding="utf-8")
    quote_en = priced_quote(_client(text, config, tmp_path / "en.yaml"), config)[0]
    design = next(ref for ref in quote_en.references if ref.label == "Freelance graphic designer, typical hourly rate")
    assert (design.kind, design.amount, design.source.title) == ("per_hour", D("30.00"), "Waco3: Pricing guide for freelance graphic design")
    french = text.replace("proposal:\n", "  locale: fr_CA\nproposal:\n", 1)
    quote_fr = priced_quote(_client(french, config, tmp_path / "fr.yaml"), config)[0]
    page = visible_text(renderer.html(quote_fr, medium="print"))
    assert (
        "Estimation retenue dans des fourchettes publiées : le guide 2026 de Waco3, les tarifs d'agences par pays de "
        "Visual Edge et la moyenne du Graphic Artists Guild (par une source secondaire). Waco3 : Pricing guide for freelance "  # French colon spacing
        "graphic design (en anglais), 2026"
    ) in page


def _client(text: str, config, path):
    path.write_text(text, encoding="utf-8")
    return load_client(path, config).client_file


# -- the samples' sentences ------------------------------------------------------------------------


def test_bright_smile_says_how_the_paralegals_law_firm_is_compared_and_keeps_its_saving(quote_of):
    quote = quote_of((CLIENTS / "bright-smile-family-practice.yaml").read_text(encoding="utf-8"))
    paralegal = next(role for role in quote.roles if role.title == "Paralegal")
    reasons = [phrase.english() for phrase in paralegal.recommendation.reasons]
    assert "Compared with a full-time hire, as 5 hours a week of this work cannot be hired by the hour." in reasons
    assert (quote.totals.in_house_annual, quote.totals.proposed_annual, quote.totals.savings_annual) == (D("237000.00"), D("43000.00") + D("62000.00"), D("132000.00"))


def test_an_in_house_hire_for_one_off_work_says_it_costs_recruitment_and_notice(quote_of):
    quote = quote_of((CLIENTS / "cascadia-outdoor-supply.yaml").read_text(encoding="utf-8"))
    summaries = {
        role.title: alt.summary.english()
        for role in quote.roles for alt in role.recommendation.alternatives if alt.model == "in_house"
    }
    assert summaries["Catalogue photo retouching"] == (
        "Costs 437.13 more in all, and hiring someone for a one-off task costs recruitment and notice for little work."
    )
    assert summaries["Storefront replatforming"] == (
        "Costs 42742.77 more in all, and hiring for a few months costs recruitment and notice for little time."
    )


def test_the_summary_saving_says_what_it_includes_like_the_cover(renderer, quote_of):
    quote = quote_of((CLIENTS / "bright-smile-family-practice.yaml").read_text(encoding="utf-8"))
    page = renderer.html(quote, medium="print")
    summary = page[page.index('<section id="summary"'):page.index("</section>", page.index('<section id="summary"'))]
    sentence = "Includes $45,000 a year from Paralegal, where the in-house figure is a hire you might not make; each role says which."
    assert sentence in visible_text(summary)
    assert visible_text(page).count(sentence) == 2  # the cover's and the summary's


def test_french_summary_and_notes_read_as_french(renderer, quote_of):
    laurentides = quote_of((CLIENTS / "distribution-laurentides.yaml").read_text(encoding="utf-8"))
    page = visible_text(renderer.html(laurentides, medium="print"))
    # No sentence starts with a figure: the count of roles per model follows a colon.
    assert "Nous avons examiné quatre postes chez Distribution Laurentides inc. et vous recommandons : deux postes conservés à l'interne" in page
    assert not re.search(r"[.!?] \d", page.split("Nous avons examiné", 1)[1].split("Ce que vous signez", 1)[0])
    assert "Les frais fixés en dollars américains sont convertis en dollars canadiens" in page
    assert "dollars des États-Unis" not in page
    washington = client_yaml(ROLE, region="WA", extra_client="  locale: fr_CA\n")
    page = visible_text(renderer.html(quote_of(washington), medium="print"))
    # One bullet says both that the rate is a new employer's and that it is an estimate (review 2, #22).
    assert (
        "L'impôt sur le chômage dans l'État de Washington est calculé à une estimation du taux des nouveaux employeurs (sa base "
        "figure dans les sources), votre propre taux ne nous étant pas connu ; le taux de votre dernier avis de cotisation de "
        "l'État le remplacerait."
    ) in page
    assert "Le taux d'impôt sur le chômage dans l'État de Washington est une estimation" not in page
    assert "(WA)" not in page
    english = visible_text(renderer.html(quote_of(client_yaml(ROLE, region="WA")), medium="print"))
    assert (
        "The unemployment tax in Washington is priced at an estimate of the new-employer rate (its basis is given in the sources), "
        "as your own rate is not known to us; the rate on your latest rate notice from the state would replace it."
    ) in english
    assert "The unemployment-tax figure in Washington is an estimate" not in english
    assert english.count("unemployment tax in Washington") == 1


def test_the_internal_copy_counts_people_not_heads(config, renderer, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text((CLIENTS / "cascadia-outdoor-supply.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    quote, margins = priced_quote(load_client(path, config).client_file, config)
    internal = visible_text(renderer.html(quote, medium="print", template="internal.html.j2", extra={"margins": margins}))
    assert "4 people · San José campus, late" in internal and "cost $1,601.60 a month per person" in internal
    assert "A year, for all of a role's people, in USD." in internal
    assert not re.search(r"\bheads?\b", internal)
