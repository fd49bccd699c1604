"""What the document says of a role and its figures, from a second buyer review (review 2: #1
languages, #4 the growth note, #15 a rate's precision, #16 Georgia's assessment, #19 remote,
#20 whose prices rise, #22 one unemployment-tax bullet, #24 a state's own workers' comp fund)."""

from __future__ import annotations

import re

import pytest

from quotegen.api import build_quote, load_client

from .conftest import CLIENTS, client_yaml
from .test_buyer_wording import visible_text


def sample(config, name: str):
    return build_quote(load_client(CLIENTS / name, config).client_file, config)


@pytest.fixture(scope="module")
def pages(config, renderer):
    """Each sample's quote and the words of its print HTML, built once for the module."""
    found = {}
    for name in ("cascadia-outdoor-supply", "distribution-laurentides", "maple-ridge-dental", "harborline-logistics", "bright-smile-family-practice"):
        quote = sample(config, f"{name}.yaml")
        found[name] = quote, visible_text(renderer.html(quote, medium="print"))
    return found


FRENCH = """client:
  name: Test Co
  country: CA
  region: QC
  locale: fr_CA
proposal:
  date: 2026-11-28
  prepared_by: Tester
  cost_basis: fully_loaded
roles:
  - {title: Commis, family: admin, salary: 50000}
  - {title: Clerk, family: admin, salary: 50000, languages: [en]}
"""


def test_a_role_without_languages_works_in_the_documents_language_and_none_is_printed(quote_of, renderer):
    quote = quote_of(FRENCH)
    commis, clerk = quote.roles
    # fr_CA: French, so only a centre that works in French serves it (San José), not Harare's English.
    assert (commis.languages, commis.languages_given, commis.recommendation.centre) == (("fr",), False, "SJO")
    assert (clerk.languages, clerk.languages_given, clerk.recommendation.centre) == (("en",), True, "HRE")
    page = visible_text(renderer.html(quote, medium="print"))
    assert "Commis Soutien administratif · intermédiaire 1" in page
    assert "Clerk Soutien administratif · intermédiaire · anglais 1" in page


def test_the_laurentides_assistant_is_not_shown_working_in_english(pages):
    _, page = pages["distribution-laurentides"]
    assert "Adjointe administrative Soutien administratif · intermédiaire 1" in page
    assert "anglais" not in page.split("Adjointe administrative", 1)[1][:60]


def test_a_remote_role_says_so_beside_its_subtitle_and_its_breakdown(pages):
    _, page = pages["maple-ridge-dental"]
    assert "Marketing coordinator Marketing and analytics · mid · remote 1 $71,410.71" in page
    assert "Marketing coordinator · 1 person · remote · salary $58,000.00" in page
    assert page.count(" · remote") == 2  # the other roles have desks


@pytest.mark.parametrize(
    ("name", "note"),
    [
        # ours and a third party's (the EOR is ours; the freelancer, the CPA firm are others')
        ("cascadia-outdoor-supply", "Salaries grow 3.6% a year; our fees and third-party prices rise 3% a year. Benefits and overhead charged per "
         "employee, such as health cover and office space, stay at today's cost. Tax rates"),
        ("harborline-logistics", "Salaries grow 3.6% a year; our fees rise 3% a year. Benefits and overhead charged per employee, such as health "
         "cover and office space, stay at today's cost. Tax rates"),
        ("distribution-laurentides", "Les salaires augmentent de 3 % par année ; nos frais, de 3 % par année. Les avantages sociaux et les frais "
         "généraux comptés par employé, comme l'assurance maladie et l'espace de bureau, restent à leur coût actuel. Les taux"),
        # salary only: no benefits to hold flat, and nothing of ours
        ("bright-smile-family-practice", "Salaries grow 3.6% a year; third-party prices rise 3% a year. Roles kept in-house"),
    ],
)
def test_the_growth_note_names_what_rises_and_what_stays(pages, name, note):
    assert note in pages[name][1]


@pytest.mark.parametrize("name", ["harborline-logistics", "maple-ridge-dental", "cascadia-outdoor-supply"])
def test_what_you_sign_for_names_our_fees_only(pages, name):
    page = pages[name][1]
    box = page.split("What you sign for", 1)[1].split("Valid until", 1)[0]
    assert "Our fees rise 3% a year." in box
    assert "third-party" not in box and "Staff-leasing fees" not in box


def test_the_sources_list_prints_a_rate_as_precise_as_its_basis(pages):
    cascadia = pages["cascadia-outdoor-supply"][1]
    assert "Washington Paid Family & Medical Leave (employer share) 0.322841% of $42,830.00" in cascadia  # the basis
    assert "Washington Paid Family & Medical Leave (employer share): 0.322841% of wages up to $184,500.00." in cascadia  # the source
    laurentides = pages["distribution-laurentides"][1]
    assert "Fonds des services de santé (FSS), coût marginal de ces postes estim. : 3,20954 % des salaires" in laurentides
    assert "3,21 %" not in laurentides


def test_georgias_assessment_is_labelled_for_new_employers_and_its_rate_has_a_titled_source(pages):
    quote, page = pages["harborline-logistics"]
    assert "Georgia administrative assessment (new employers) 0.06% of $9,500.00" in page
    assert "new-employer rate)" not in page
    suta = next(ref for ref in quote.references if ref.key == "suta")
    assert (suta.source.title, suta.source.year) == ("Official Code of Georgia, § 34-8-151: Rate of employer contributions", 2023)


def test_one_bullet_says_washingtons_unemployment_tax_is_a_new_employers_estimate(pages):
    page = pages["cascadia-outdoor-supply"][1]
    assert (
        "The unemployment tax in Washington is priced at an estimate of the new-employer rate (its basis is given in the sources), "
        "as your own rate is not known to us; the rate on your latest rate notice from the state would replace it."
    ) in page
    assert len(re.findall(r"unemployment[- ]tax (?:figure )?in Washington", page)) == 1


STATE_FUND_NOTE = (
    "Workers' compensation in Washington is insured only by the state's own fund, which prices by its own risk classes; "
    "we hold none of its rates, so the national median rate per $100 of payroll is used, a rough estimate."
)


def test_a_state_fund_states_workers_comp_says_the_national_median_stands_in(pages, quote_of):
    quote, page = pages["cascadia-outdoor-supply"]
    assert STATE_FUND_NOTE in page
    packers = next(role for role in quote.roles if role.title == "Holiday-season packers")
    line = next(line for line in packers.in_house.lines if line.key == "workers_comp")
    assert line.label_phrase.english() == "Workers' compensation (national median rate, for the state's own fund)"
    # Texas has no state fund; North Dakota has one but its own ranked rate, so neither says so.
    for region in ("TX", "ND"):
        notes = [note.english() for note in quote_of(client_yaml("  - {title: Packer, family: facilities, salary: 40000}\n", region=region)).notes]
        assert not any("state's own fund" in note for note in notes)
    # A client's own rate for every role replaces the median: nothing to say.
    own = quote_of(client_yaml("  - {title: Packer, family: facilities, salary: 40000, workers_comp_rate: 3.1}\n", region="WA"))
    assert not any("state's own fund" in note.english() for note in own.notes)
