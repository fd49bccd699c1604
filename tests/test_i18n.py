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

from .conftest import ROOT, client_yaml

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


@pytest.mark.parametrize(
    ("locale", "country", "language", "shona"),
    [("en_CA", "Poland", "French", "Shona"), ("en_US", "Poland", "French", "Shona"), ("fr_CA", "Pologne", "français", "shona")],
)
def test_countries_and_languages_are_named_in_the_documents_language(locale, country, language, shona):
    fmt = Formatter(locale, "CAD")
    assert (fmt.country("PL"), fmt.language("fr"), fmt.language("sn")) == (country, language, shona)


@pytest.mark.parametrize(
    ("locale", "currency", "whole"),
    [
        ("en_US", "USD", "$1,234,568"),
        ("en_US", "CAD", "CA$1,234,568"),
        ("en_CA", "CAD", "$1,234,568"),
        ("fr_CA", "CAD", f"1{NBSP}234{NBSP}568{NBSP}$"),
        # The locale's own pattern, not a guess from its language: the symbol first in Dutch,
        # Indian grouping in Indian English.
        ("nl_NL", "EUR", f"€{NBSP}1.234.568"),
        ("en_IN", "INR", "₹12,34,568"),
    ],
)
def test_whole_money_uses_the_locales_own_currency_pattern(locale, currency, whole):
    assert Formatter(locale, currency).money_whole(Decimal("1234568")) == whole


EOR = "  - {title: Dev, family: software, salary: 90000, named_worker_country: PL, named_worker_salary: 40000}\n"


def test_the_worker_abroad_is_placed_by_country_name_in_french_and_english(quote_of, renderer):
    from quotegen.render.json_export import quote_to_dict

    french = quote_of(client_yaml(EOR, country="CA", region="QC", extra_client="  locale: fr_CA\n"))
    html = renderer.html(french)
    assert "Salaire local (Pologne)" in html and "(PL)" not in html
    labels = [line["label"] for role in quote_to_dict(french)["roles"] for line in role["proposed"]["lines"]]
    assert labels[0] == "Local salary in Poland"
    english = renderer.html(quote_of(client_yaml(EOR, country="CA", region="ON", extra_client="  locale: en_CA\n")))
    assert "Local salary in Poland" in english


def _run(*args):
    from click.testing import CliRunner

    from quotegen.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


FRENCH_SAMPLE = str(ROOT / "clients" / "distribution-laurentides.yaml")
EN_CA_MONEY = r"\$\d{1,3}(,\d{3})*\.\d\d"


def test_price_speaks_english_throughout_for_a_french_client(tmp_path, monkeypatch):
    """One locale per output: the seller's table is English in words and in figures."""
    monkeypatch.chdir(tmp_path)
    result = _run("price", FRENCH_SAMPLE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Distribution Laurentides inc. · Q-2026-DISTRIBUTION-R1 · Nov 28, 2026 · Quebec, tax year 2026"
    assert lines[5].split() == ["Base", "salary", "$44,000.00", "$132,000.00"]
    assert [line.split()[:4] for line in lines if "Staff leasing fee" in line][0] == ["Staff", "leasing", "fee,", "San"]
    saving = next(line for line in lines if line.strip().startswith("Saving ("))
    assert re.fullmatch(rf"  Saving \(\d+\.\d%\) +{EN_CA_MONEY}", saving), saving
    assert not re.search(r"\d,\d\d\b|\u00a0|\u202f|novembre", result.stdout)


def test_explain_speaks_english_throughout_for_a_french_client(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run("explain", FRENCH_SAMPLE)
    assert result.exit_code == 0, result.output
    assert "  needs: 4 h overlap with 9:00-17:00 Quebec time; languages French, English\n" in result.stdout
    costs = [line for line in result.stdout.splitlines() if line.startswith("  in-house cost: ")]
    assert len(costs) == 4 and all(re.fullmatch(rf"  in-house cost: {EN_CA_MONEY} a year", line) for line in costs), costs
    assert "    + Delivered from our San José campus (nearshore) on the day shift, sharing 8 hours with your business day.\n" in result.stdout
    assert not re.search(r"\d,\d\d\b|\u00a0|\u202f|Réalisé", result.stdout)


@pytest.mark.parametrize(
    ("locale", "rate", "pct"),
    [
        ("en_US", "6.2%", "15.9%"),
        ("en_CA", "6.2%", "15.9%"),
        # French puts a no-break space before the sign: Babel's fr_CA pattern, decimals ours.
        ("fr_CA", f"6,2{NBSP}%", f"15,9{NBSP}%"),
    ],
)
def test_percentages_follow_the_locales_own_pattern(locale, rate, pct):
    fmt = Formatter(locale, "CAD")
    assert (fmt.rate(Decimal("0.062")), fmt.pct(Decimal("15.9"))) == (rate, pct)
    assert fmt.rate(Decimal("0.00098")) == rate.replace("6,2", "0,098").replace("6.2", "0.098")


@pytest.mark.parametrize(
    ("locale", "currency", "labelled", "name"),
    [
        ("en_CA", "CAD", "US$750.00", "Canadian dollars"),
        ("en_US", "USD", "$750.00", "US dollars"),
        ("fr_CA", "CAD", f"750,00{NBSP}${NBSP}US", "dollars canadiens"),
    ],
)
def test_another_currency_is_labelled_and_prose_names_currencies_in_words(locale, currency, labelled, name):
    fmt = Formatter(locale, currency)
    assert fmt.money_in(Decimal(750), "USD") == labelled
    assert fmt.currency_name(currency) == name


def test_the_french_catalogue_has_each_english_text_once():
    """A key given twice is a translation silently overridden by the later one."""
    import collections

    node = yaml.compose((ROOT / "templates" / "i18n" / "fr.yaml").read_text(encoding="utf-8"))
    counts = collections.Counter(key.value for key, _ in node.value)
    assert [key for key, count in counts.items() if count > 1] == []
