"""Wording from a second buyer review (R2 #6, #10, #17, #18, #21, #23): plain French, French
colon spacing in the sources, the chart's axis in the money format, one way of saying what the
client signs, and no sample-pricing boilerplate in a document that prices nothing of ours."""

from __future__ import annotations

import html as html_lib
import re
from decimal import Decimal as D
from functools import cache

import pytest

from quotegen.api import load_client, load_config
from quotegen.engine.assemble import recommend
from quotegen.engine.pricing import price
from quotegen.render.charts import tco_chart
from quotegen.render.formatting import Formatter

from .conftest import CLIENTS

NBSP = "\u00a0"
MERIDIAN = CLIENTS.parent / "examples" / "meridian"
SAMPLES = {path.stem: (path, None) for path in CLIENTS.glob("*.yaml")} | {path.stem: (path, MERIDIAN) for path in (MERIDIAN / "clients").glob("*.yaml")}


@cache
def _sample(stem: str):
    path, workspace = SAMPLES[stem]
    config = load_config(workspace, workspace / "quotegen.yaml" if workspace else None)
    return config, workspace, recommend(price(load_client(path, config).client_file, config))


@cache
def _text(stem: str) -> str:
    """The printed document's text, tags dropped, entities read."""
    from quotegen.render.renderer import Renderer

    config, workspace, quote = _sample(stem)
    page = Renderer(config, workspace=workspace).html(quote, medium="print")
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u2060", "")  # print joins hyphenated words
    return re.sub(r"[ \t\n]+", " ", text)  # one space for a run of layout whitespace; no-break spaces kept


def _sources(stem: str) -> str:
    return _text(stem).split("Sources", 2)[-1]


def test_the_french_sample_reads_as_french_not_as_a_calque():
    text = _text("distribution-laurentides")
    for said in (
        "Le travail se fait depuis notre campus de San José (délocalisation de proximité) sur le quart de jour, qui partage 8 heures",
        "Embauche interne Votre personnel",
        "Un employé dédié suit votre horaire et vos processus, comme un membre de votre équipe.",
        f"taux marginal moyen de 3,20954{NBSP}% sur 48{NBSP}000,00{NBSP}$",
        "parmi les options chiffrées qui conviennent à ce travail.",
        "emploie à distance des personnes qui travaillent chacune pour un seul client",
    ):
        assert said in (text if NBSP in said else text.replace(NBSP, " ")), said  # places are kept whole with no-break spaces
    assert re.search(f"Pour les deux[ {NBSP}]postes confiés à du personnel dédié en location{NBSP}:", text)
    for gone in ("Communs aux", "Réalisé depuis", "Votre propre employé", "comme votre propre employé", "taux combiné", "options tarifées"):
        assert gone not in text, gone


def test_french_sources_space_every_colon_of_a_title_english_ones_do_not():
    french = _sources("distribution-laurentides")
    for said in (f"Lemieux Nolet{NBSP}: 2026 QPP rates", f"SAI{NBSP}: Quebec Pension Plan", f"Compensation & Benefits Solutions{NBSP}: 2026",
                 f"Revenu Québec{NBSP}: Seuil de la masse salariale", f"Zylo{NBSP}: The SaaS lifecycle"):
        assert said in french, said
    assert not re.findall(r"\S: ", french) and " :" not in french  # neither the English colon nor a space that can break
    english = _sources("cascadia-outdoor-supply")
    assert re.search(r"\w: \w", english) and f"{NBSP}:" not in english


def test_the_french_value_axis_is_in_the_money_format_zero_included():
    config, _, quote = _sample("distribution-laurentides")
    fmt = Formatter(quote.locale, quote.currency)
    svg = tco_chart(quote, fmt, config.provider.colors, "sans-serif")
    ticks = re.findall(r'text-anchor="end">([^<]*)</text>', svg)
    assert ticks == [fmt.money_whole(D(n)) for n in (0, 100_000, 200_000, 300_000, 400_000)]
    assert ticks[:2] == [f"0{NBSP}$", f"100{NBSP}000{NBSP}$"]


@pytest.mark.parametrize(("stem", "lang"), [("cascadia-outdoor-supply", "en"), ("distribution-laurentides", "fr"), ("sunbelt-property-management", "en")])
def test_the_next_steps_and_the_summary_name_the_same_document_to_sign(stem, lang):
    """Review #21: the client signs this proposal, on the terms printed above the signatures; no
    order form or service agreement appears from nowhere in the next steps."""
    text = _text(stem).replace(NBSP, " ")  # a paragraph binds its last word to the one before
    terms = "les conditions imprimées au-dessus des signatures" if lang == "fr" else "the terms printed above the signatures"
    summary, _, rest = text.partition("Prochaines étapes" if lang == "fr" else "Next steps")
    assert terms.split(" ", 1)[1] in summary and terms in rest.split("Calendrier d'intégration" if lang == "fr" else "Onboarding timeline")[0]
    assert ("signez cette proposition" if lang == "fr" else "ign this proposal") in rest
    assert not re.search(r"order form|service agreement|bon de commande|convention de services", text)


def test_meridian_says_the_same_in_french():
    config = load_config(MERIDIAN, MERIDIAN / "quotegen.yaml")
    steps = " ".join(config.texts["fr"].next_steps)
    assert "Signez cette proposition à la fin pour accepter les tarifs et les conditions imprimées au-dessus des signatures" in steps


def test_a_document_that_prices_nothing_of_ours_carries_no_sample_pricing_boilerplate():
    """Review #23: Bright Smile compares base salaries and other firms' work: no fee of ours, no tax rate."""
    _, _, quote = _sample("bright-smile-family-practice")
    text = _text("bright-smile-family-practice")
    assert not quote.sample_pricing
    for gone in ("Sample pricing:", "sample rate card", "Tax year 2026 rates"):
        assert gone not in text, gone
    # a document with leased roles keeps all three
    _, _, quote = _sample("cascadia-outdoor-supply")
    text = _text("cascadia-outdoor-supply")
    assert quote.sample_pricing
    assert "Sample pricing: staff-leasing fees in this document illustrate the method and are not an offer." in text
    assert "Staff-leasing fees come from a sample rate card and illustrate the method; they are not an offer." in text
    assert "Tax year 2026 rates in Washington, United States;" in text


def test_the_packers_card_says_each_point_once():
    """Review #7: one reason, 'Priced on request' once, and the hire on its 'Also considered' line."""
    text = _text("cascadia-outdoor-supply")
    card = text.split("Holiday-season packers Staff augmentation")[1].split("Q-2026")[0]
    assert card.count("recruitment and notice") == 1 and card.count("Priced on request") == 1
    assert "Onshore A temporary on-site need is met fastest by augmented staff. Keep in mind: Priced on request. Also considered:" in card
    assert "$25,136 in all · Not recommended: hiring for a few months costs recruitment and notice for little time." in card
