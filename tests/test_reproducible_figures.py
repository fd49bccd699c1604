"""Figures a finance reviewer can reproduce: each basis multiplies out to its amount, each
headline is its exact total rounded once, the range holds the base, and a gap between two
options says what it covers (the whole of one-off work, set-up fees)."""

from __future__ import annotations

import html as html_lib
import re
from decimal import Decimal as D
from functools import cache

import pytest

from quotegen.api import load_client, load_config
from quotegen.engine.pricing import price
from quotegen.engine.assemble import recommend
from quotegen.engine.quote import Totals
from quotegen.money import round_money, round_whole
from quotegen.render.charts import savings_chart
from quotegen.render.formatting import Formatter

from .conftest import CLIENTS, client_yaml

MERIDIAN = CLIENTS.parent / "examples" / "meridian"
SAMPLES = [(path, None) for path in sorted(CLIENTS.glob("*.yaml"))] + [(path, MERIDIAN) for path in sorted((MERIDIAN / "clients").glob("*.yaml"))]
IDS = [path.stem for path, _ in SAMPLES]
ROW = re.compile(r'<tr><td>(?P<label>.*?)</td><td class="basis"[^>]*>(?P<basis>.*?)</td>(?P<cells>.*?)</tr>', re.S)
NUMBER = re.compile(r"\d[\d\s\u00a0\u202f,.]*")


@cache
def _sample(index: int):
    path, workspace = SAMPLES[index]
    config = load_config(workspace, workspace / "quotegen.yaml" if workspace else None)
    return config, workspace, recommend(price(load_client(path, config).client_file, config))


def _number(text: str, french: bool) -> D:
    text = re.sub(r"[\s\u00a0\u202f]", "", text).rstrip(".,")
    return D(text.replace(",", ".") if french else text.replace(",", ""))


def _multiply_out(basis: str, french: bool) -> D | None:
    """What a reader with a calculator makes of a basis: a rate of an amount, or an amount
    times its factors ("5 of 12 months" is 5/12); None for an amount as paid or quoted."""
    of = " de " if french else " of "
    if "%" in basis:
        rate, _, amount = basis.replace("sur", "de" if french else "of").rpartition("%")
        numbers = NUMBER.findall(rate)
        return _number(numbers[-1], french) / 100 * _number(NUMBER.findall(amount)[-1], french)
    factors = basis.split("×")
    if len(factors) < 2:
        return None
    total = _number(NUMBER.findall(factors[0])[0], french)
    for factor in factors[1:]:
        numbers = [_number(n, french) for n in NUMBER.findall(factor)]
        split = " sur " if french else of
        total *= numbers[0] / numbers[1] if split in factor and len(numbers) == 2 else numbers[0]
    return total


@pytest.mark.parametrize("index", range(len(SAMPLES)), ids=IDS)
def test_every_basis_multiplies_out_to_its_amount_to_the_cent(index):
    from quotegen.render.renderer import Renderer

    config, workspace, quote = _sample(index)
    page = Renderer(config, workspace=workspace).html(quote, medium="print")
    french = quote.locale.startswith("fr")
    checked = 0
    for row in ROW.finditer(page):
        basis = html_lib.unescape(re.sub(r"<.*?>", "", row["basis"])).strip()
        amount_cell = re.findall(r"<td[^>]*>(.*?)</td>", row["cells"], re.S)[0]
        amount = _number(NUMBER.findall(html_lib.unescape(re.sub(r"<.*?>", "", amount_cell)))[0], french)
        product = _multiply_out(basis, french)
        if product is None:
            continue
        checked += 1
        assert round_money(product) == amount, f"{row['label']}: {basis} gives {round_money(product)}, not {amount}"
    assert checked or quote.cost_basis == "salary_only"


def test_bases_print_the_factors_they_were_priced_with():
    from quotegen.render.renderer import Renderer

    config, workspace, quote = _sample(IDS.index("cascadia-outdoor-supply"))
    page = html_lib.unescape(Renderer(config, workspace=workspace).html(quote, medium="print"))
    for shown in ("$30.45 × 866.67 hours", "$7,885.00 a year × 5 of 12 months", "$7,885.00 a year × 2 of 12 months",
                  "$7,885.00 a year × 40 of 2,080 hours", "$7,885.00 a year × 20 of 40 hours a week", "0.322841% of $133,080.00"):
        assert shown in page
    config, workspace, quote = _sample(IDS.index("distribution-laurentides"))
    page = html_lib.unescape(Renderer(config, workspace=workspace).html(quote, medium="print"))
    assert "taux marginal moyen de 3,20954\u00a0% sur 48\u00a0000,00\u00a0$" in page


@pytest.mark.parametrize("index", range(len(SAMPLES)), ids=IDS)
def test_each_headline_is_the_exact_total_rounded_once(index):
    quote = _sample(index)[2]
    ongoing = tuple(r for r in quote.roles if r.work != "task" and r.duration_months is None)
    for roles in (quote.roles, ongoing):
        totals = Totals.of(roles)
        assert totals.savings_whole == round_whole(totals.savings_annual)
        assert totals.in_house_whole == round_whole(totals.in_house_annual)
        assert totals.proposed_whole == round_whole(totals.proposed_annual)


@pytest.mark.parametrize(("stem", "table", "headline"), [
    ("distribution-laurentides", "57\u00a0045,42\u00a0$", "57\u00a0045\u00a0$"),
    ("sunbelt-property-management", "$94,588.34", "$94,588"),
])
def test_the_cover_shows_the_table_total_rounded(stem, table, headline):
    from quotegen.render.renderer import Renderer

    config, workspace, quote = _sample(IDS.index(stem))
    page = html_lib.unescape(Renderer(config, workspace=workspace).html(quote, medium="print"))
    cover = page[: page.index(table)]  # the cover and the summary come before the table
    assert headline in cover
    assert headline.replace("045", "046").replace("588", "589") not in page


@pytest.mark.parametrize("index", range(len(SAMPLES)), ids=IDS)
def test_the_saving_range_holds_the_saving(index):
    quote = _sample(index)[2]
    low, high = quote.sensitivity.low_savings, quote.sensitivity.high_savings
    assert low <= quote.totals.savings_annual <= high


def test_a_gap_that_holds_set_up_fees_says_so():
    quote = _sample(IDS.index("bright-smile-family-practice"))[2]
    summaries = {(r.title, a.model): a.summary.english() for r in quote.roles for a in r.recommendation.alternatives}
    assert summaries[("Marketer", "staff_leasing")] == "Costs 89427.92 more over the 3-year horizon, including 750.00 in set-up fees."
    cascadia = _sample(IDS.index("cascadia-outdoor-supply"))[2]
    order_desk = next(r for r in cascadia.roles if r.title == "Order-desk coordinator")
    # Our own set-up fee is in the set-up fees and the cost over the years: not repeated here.
    assert order_desk.recommendation.alternatives[0].summary.english() == "Costs 108456.06 more over the 3-year horizon."
    storefront = next(r for r in cascadia.roles if r.title == "Storefront replatforming")
    assert [a.summary.english() for a in storefront.recommendation.alternatives][0] == "Costs 14784.90 more in all, including 750.00 in set-up fees."


def test_office_overhead_is_charged_to_office_work_only(quote_of):
    quote = quote_of(client_yaml("  - {title: Packer, family: facilities, salary: 36000}\n  - {title: Clerk, family: admin, salary: 36000}\n"))
    packer, clerk = ({line.key for line in role.in_house.lines} for role in quote.roles)
    assert {"office_space", "equipment", "software"} & packer == set()
    assert {"office_space", "equipment", "software"} <= clerk
    assert "Facilities and operations roles are charged no office space, computer equipment or software: their work is not done at an office desk." in [
        note.english() for note in quote.notes
    ]


def test_one_off_bars_say_they_are_the_whole_work():
    config, _, quote = _sample(IDS.index("cascadia-outdoor-supply"))
    svg = savings_chart(quote, Formatter("en_US", "USD"), config.theme.colours if hasattr(config, "theme") else _Colours(), "sans-serif")
    assert "(one-off, in all)" in svg
    assert "(for 5 months, in all)" in svg
    assert "Cost per role, a year or in all for one-off and time-bound work" in svg


class _Colours:
    muted, accent = "#999999", "#003366"


ROUNDED_APART = "Rounded to the dollar."


@pytest.mark.parametrize(("stem", "apart"), [("distribution-laurentides", True), ("sunbelt-property-management", True), ("cascadia-outdoor-supply", False)])
def test_summary_boxes_that_do_not_add_up_to_the_dollar_say_why(stem, apart):
    """364 598 $ - 307 552 $ is 57 046 $, a dollar more than the saving of 57 045,42 $ rounded."""
    from quotegen.render.renderer import Renderer

    config, workspace, quote = _sample(IDS.index(stem))
    renderer = Renderer(config, workspace=workspace)
    shown = Totals.of(tuple(r for r in quote.roles if r.work != "task" and r.duration_months is None))
    assert shown.rounded_apart == apart == (shown.in_house_whole - shown.proposed_whole != shown.savings_whole)
    summary = html_lib.unescape(renderer.html(quote, medium="print")).split('id="summary"')[1].split('id="comparison"')[0]
    note = renderer.catalogue(quote.locale).translate(ROUNDED_APART)
    assert (note in summary) == apart
