"""Documents in the client's language and locale: en_US, en_CA and fr_CA."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import yaml

from quotegen.render.formatting import Formatter
from quotegen.data.tables import regions_of
from quotegen.data.tables import builtin_theme_dir

from .conftest import client_yaml

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("locale", "currency", "money", "date"),
    [
        ("en_US", "USD", "$1,234.56", "November 28, 2026"),
        ("en_CA", "CAD", "$1,234.56", "November 28, 2026"),
        ("fr_CA", "CAD", f"1{NBSP}234,56{NBSP}$", "28 novembre 2026"),
    ],
)
def test_money_and_dates_follow_the_locale(locale, currency, money, date):
    fmt = Formatter(locale, currency)
    assert fmt.money(Decimal("1234.56")) == money
    assert fmt.date(dt.date(2026, 11, 28)) == date


def test_every_translation_keeps_the_placeholders_of_its_key():
    messages = yaml.safe_load((builtin_theme_dir() / "i18n" / "fr.yaml").read_text(encoding="utf-8"))
    for english, french in messages.items():
        assert set(re.findall(r"\{(\w+)\}", english)) == set(re.findall(r"\{(\w+)\}", french)), english


def test_a_french_proposal_is_french_throughout(quote_of, renderer):
    text = client_yaml("  - {title: Commis, family: admin, salary: 50000}\n  - {title: Réception, family: admin, salary: 45000, on_site: true}\n",
                       country="CA", region="QC", extra_client="  locale: fr_CA\n")
    html = renderer.html(quote_of(text))
    for phrase in ("Proposition de dotation", "Sommaire", "Économie annuelle estimée", "Régime de rentes du Québec (RRQ), part de l'employeur",
                   "Le travail doit être fait dans vos locaux.", "28 novembre 2026"):
        assert phrase.replace("'", "&#39;") in html, phrase
    assert "Executive summary" not in html
    assert f"{NBSP}$" in html


@pytest.mark.parametrize("region", sorted(regions_of("CA")))
def test_every_canadian_region_renders_in_french_without_untranslated_text(quote_of, renderer, region):
    catalogue = renderer.catalogue("fr_CA")
    catalogue.missing.clear()
    text = client_yaml(
        "  - {title: Commis, family: admin, salary: 50000}\n"
        "  - {title: Réception, family: admin, salary: 45000, on_site: true}\n"
        "  - {title: Paie, family: bookkeeping, salary: 20000, hours_per_week: 10, work: process}\n",
        country="CA", region=region, extra_client="  locale: fr_CA\n  annual_payroll: 6000000\n",
    )
    renderer.html(quote_of(text))
    assert catalogue.missing == set()


def test_english_documents_need_no_catalogue(renderer):
    assert renderer.catalogue("en_US").messages == {}
