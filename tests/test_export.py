"""The JSON output: every figure, money as exact decimal strings, stable keys."""

from __future__ import annotations

import datetime as dt
import json

from quotegen.api import quote_file
from quotegen.render.json_export import quote_to_dict, quote_to_json

from .conftest import CLIENTS, client_yaml


def test_case_study_totals_are_exact_strings(config):
    data = quote_to_dict(quote_file(CLIENTS / "bright-smile-family-practice.yaml", config))
    assert data["currency"] == "USD"
    assert data["totals"] == {
        "in_house_annual": "237000.00",
        "proposed_annual": "105000.00",
        "savings_annual": "132000.00",
        "savings_monthly": "11000.00",
        "savings_pct": "55.7",
    }
    assert data["quote_number"] == "Q-2026-BRIGHTSMILE-R1"


def test_role_fields_of_the_contract(quote_of):
    data = quote_to_dict(quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000, headcount: 2}\n")))
    role = data["roles"][0]
    assert (role["title"], role["headcount"]) == ("Clerk", 2)
    assert role["in_house"]["annual"] == "143224.00"  # 2 x 71,612.00 (tests/test_pricing.py: the Texas 50k role)
    assert role["proposed"]["annual"] == "57960.00"  # 2,300 + 5% afternoon-shift premium, x 12 x 2
    assert role["recommendation"]["model"] == "staff_leasing"
    assert role["recommendation"]["reasons"]
    assert [line["key"] for line in role["in_house"]["lines"]][:5] == ["salary", "social_security", "medicare", "futa", "suta"]
    social = role["in_house"]["lines"][1]
    assert social == {
        "key": "social_security",
        "label": "Social Security (OASDI), employer share",
        "per_head": "3100.00",
        "annual": "6200.00",
        "rate": "0.062",
        "base": "50000",
        "unit": "wages",
        "source": "Social Security Administration: Contribution and Benefit Base",
        "url": "https://www.ssa.gov/oact/cola/cbb.html",
        "year": 2026,
        "estimate": False,
    }


def test_totals_equal_the_sum_of_the_role_lines(config):
    data = quote_to_dict(quote_file(CLIENTS / "harborline-logistics.yaml", config))
    from decimal import Decimal

    for role in data["roles"]:
        assert Decimal(role["in_house"]["annual"]) == sum(Decimal(line["annual"]) for line in role["in_house"]["lines"])
    assert Decimal(data["totals"]["in_house_annual"]) == sum(Decimal(r["in_house"]["annual"]) for r in data["roles"])
    assert Decimal(data["totals"]["proposed_annual"]) == sum(Decimal(r["proposed"]["annual"]) for r in data["roles"])


def test_json_text_round_trips_and_holds_no_floats(config):
    text = quote_to_json(quote_file(CLIENTS / "maple-ridge-dental.yaml", config))
    data = json.loads(text, parse_float=lambda s: (_ for _ in ()).throw(AssertionError(f"float {s} in JSON")))
    assert data["currency"] == "CAD"
    assert {line["key"] for line in data["roles"][0]["in_house"]["lines"]} >= {"cpp", "cpp2", "ei", "eht"}


def _sentences(data):
    """Every sentence of the JSON: line labels, reasons, cautions and notes."""
    found = list(data["notes"])
    for role in data["roles"]:
        for part in ("in_house", "staff_leasing", "proposed"):
            found += [line["label"] for line in (role[part] or {"lines": []})["lines"]]
        rec = role["recommendation"]
        found += rec["reasons"] + rec["cautions"] + [r for alt in rec["alternatives"] for r in alt["reasons"]]
    return found


def test_a_french_clients_json_is_plain_english_with_plain_figures(config, quote_of):
    source = (CLIENTS / "distribution-laurentides.yaml").read_text(encoding="utf-8")
    data = quote_to_dict(quote_file(CLIENTS / "distribution-laurentides.yaml", config))
    assert data["locale"] == "fr_CA"
    # The payroll note's wording belongs to the pricing; its figure is what is checked here.
    payroll = [note for note in data["notes"] if "2400000.00 CAD" in note]
    assert len(payroll) == 1 and "2 400 000" not in payroll[0] and "$" not in payroll[0]
    assert (
        "Fees set in USD are converted into CAD at 1.3802 (Bank of Canada average for December 2025)." in data["notes"]
    )
    assert data["roles"][0]["proposed"]["lines"][-1]["label"] == "Staff leasing fee, San José campus, day shift"
    assert "Delivered from our San José campus (nearshore) on the day shift, sharing 8 hours with your business day." in data["roles"][0]["recommendation"]["reasons"]
    # The same client in English gets the very same sentences: the locale reaches none of them,
    # once the role that names no language is given the French it was assumed to need in fr_CA.
    assert "locale: fr_CA" in source and "    on_site: true\n" in source
    english_text = source.replace("locale: fr_CA", "locale: en_CA").replace("    on_site: true\n", "    on_site: true\n    languages: [fr]\n", 1)
    english = quote_to_dict(quote_of(english_text))
    assert english["locale"] == "en_CA"
    assert _sentences(data) == _sentences(english)



def test_money_percentages_and_dates_in_json_sentences_are_plain():
    from decimal import Decimal

    from quotegen.engine.phrases import Country, Language, Money, Pct, Phrase
    from quotegen.render.formatting import plain

    phrase = Phrase.of("{a} {b} {c} {d} {e} {f} {g}", a=Money(Decimal("1234567.5")), b=Pct(Decimal("0.575")), c=Decimal("1.36980"),
                       d=dt.date(2024, 12, 31), e=Country("PL"), f=Language("sn"), g=Decimal("6.5"))
    assert phrase.render(plain("CAD")) == "1234567.50 CAD 58% 1.3698 2024-12-31 Poland Shona 6.5"
