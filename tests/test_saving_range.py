"""The saving range: it brackets the saving it varies, on the whole quote and on the ongoing work
the headline shows, and its low and high cases are like for like with the figure (review 2, #2, #3)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from quotegen.api import build_quote, load_client
from quotegen.data.rates import rate_set
from quotegen.engine.quote import Totals
from quotegen.input.provider import load_config
from quotegen.render.json_export import quote_to_json

from .conftest import CLIENTS, ROOT
from .test_buyer_wording import visible_text

MERIDIAN = ROOT / "examples" / "meridian"
SAMPLES = [(None, path) for path in sorted(CLIENTS.glob("*.yaml"))] + [(MERIDIAN, MERIDIAN / "clients" / "sunbelt-property-management.yaml")]


def sample_quote(workspace: Path | None, path: Path):
    config = load_config(workspace)
    return build_quote(load_client(path, config).client_file, config)


def _bound(role) -> bool:
    return role.work == "task" or role.duration_months is not None


@pytest.mark.parametrize(("workspace", "path"), SAMPLES, ids=[path.stem for _, path in SAMPLES])
def test_the_range_brackets_the_saving_of_the_whole_quote_and_of_its_ongoing_work(workspace, path):
    quote = sample_quote(workspace, path)
    whole, totals = quote.sensitivity, quote.totals
    assert whole.savings == totals.savings_annual
    assert whole.low_savings <= totals.savings_annual <= whole.high_savings
    assert whole.low_in_house <= totals.in_house_annual <= whole.high_in_house
    ongoing_roles = tuple(role for role in quote.roles if not _bound(role))
    if len(ongoing_roles) in (0, len(quote.roles)):
        assert whole.ongoing is None  # all the work is ongoing (the whole range is its), or none is
        return
    ongoing, split = whole.ongoing, Totals.of(ongoing_roles)
    assert ongoing.savings == split.savings_annual
    assert ongoing.low_savings <= split.savings_annual <= ongoing.high_savings
    assert ongoing.low_in_house <= split.in_house_annual <= ongoing.high_in_house


def test_cascadias_low_case_is_below_its_base_on_the_cover_and_in_the_json():
    quote = sample_quote(None, CLIENTS / "cascadia-outdoor-supply.yaml")
    # The headline is the ongoing work's $367,803; the whole quote's range took one-off and
    # time-bound work in, so its low (then 368,065.77) read as above the headline.
    ranges = json.loads(quote_to_json(quote))["sensitivity"]
    assert {key: ranges[key] for key in ("savings", "low", "high")} == {"savings": "410982.67", "low": "384617.84", "high": "449087.61"}
    assert ranges["ongoing"] == {
        "savings": "367802.77",
        "low": "342969.09",
        "high": "403460.33",
        "low_in_house_annual": "724974.89",
        "high_in_house_annual": "789030.33",
    }


def test_the_cover_and_the_summary_give_the_range_of_the_figure_they_show(renderer):
    quote = sample_quote(None, CLIENTS / "cascadia-outdoor-supply.yaml")
    page = visible_text(renderer.html(quote, medium="print"))
    assert "$367,803 49.0% of today's in-house cost · about $30,650 a month Range $342,969 to $403,460 with low and high benefit and overhead assumptions" in page
    assert "49.0% · $30,650 a month range $342,969 – $403,460" in page
    # The assumptions say which figures the range moves, for the ongoing work it is of.
    assert (
        "The saving range takes the benefit and overhead figures at their low and high cases (Health insurance, single coverage "
        "(KFF 2025 employer share): $7,241 to $9,325 a year; Retirement plan (employer contribution): 3.1% to 5.4% of salary; "
        "Office space (desk for a non-remote employee): $3,260 to $6,448 a year; Computer equipment (amortised): $250 to $833 a year; "
        "Recruitment (cost per hire amortised over tenure): $1,059 to $1,343 a year); statutory rates stay as they are."
    ) in page


@pytest.mark.parametrize(
    ("sample", "cover"),
    [
        ("harborline-logistics.yaml", "Range $283,772 to $338,118 with low and high benefit and overhead assumptions"),
        ("maple-ridge-dental.yaml", "Range $107,482 to $163,658 with low and high benefit and overhead assumptions"),
        ("distribution-laurentides.yaml", "Fourchette de 41 665 $ à 80 969 $"),
    ],
)
def test_the_ranges_of_the_samples(renderer, sample, cover):
    quote = sample_quote(None, CLIENTS / sample)
    assert cover in visible_text(renderer.html(quote, medium="print"))


def _cases(country: str, region: str) -> dict:
    rates = rate_set(country, region, dt.date(2026, 11, 28))
    return {(a.key, a.tier): (a.value, a.low, a.high) for a in rates.assumptions}


def test_each_health_tiers_cases_are_of_that_tier():
    cases = _cases("US", "GA")
    # single: 84% of the HDHP/SO single premium 8,620 to the whole single premium (not the family share)
    assert cases[("health_insurance", "single")] == (D("7885"), D("7240.80"), D("9325"))
    # family: 74% of the HDHP/SO family premium 25,379 to the whole family premium (not single cover)
    assert cases[("health_insurance", "family")] == (D("20143"), D("18780.46"), D("26993"))


def test_figures_without_a_sourced_case_do_not_vary():
    # Software: Zylo's 4,830 is all SaaS spend per employee, not a seat; no per-seat survey gives a case.
    assert _cases("US", "GA")[("software", None)] == (D("1000"), D("1000"), D("1000"))
    assert _cases("CA", "ON")[("software", None)] == (D("1350"), D("1350"), D("1350"))
    # A group RRSP: the source's 3% to 6%; no plan at all is not a low case of a contribution.
    assert _cases("CA", "ON")[("retirement", None)] == (D("0.03"), D("0.03"), D("0.06"))
