"""Charts: full labels (wrapped, never cut), no label over a bar or another label, legible
sizes in print and on a phone, an axis on the cost-over-years chart, alternative text."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from quotegen.render.charts import NARROW, PHONE, PRINT, WIDE, Measure, boxes, savings_chart, tco_chart
from quotegen.render.formatting import Formatter

from .conftest import CLIENTS, client_yaml

LONG_TITLE = "Customer support agent (English and Spanish) for the overnight weekend queue"
ROLES = (
    f"  - {{title: '{LONG_TITLE}', family: customer_service, salary: 52000, headcount: 4}}\n"
    "  - {title: Bookkeeper, family: bookkeeping, salary: 61000}\n"
    "  - {title: Supercalifragilisticexpialidocious-coordinator-of-everything, family: admin, salary: 45000}\n"
)


@pytest.fixture
def drawn(quote_of, renderer):
    quote = quote_of(client_yaml(ROLES))
    fmt = Formatter(quote.locale, quote.currency)
    measure = renderer._chart_measure()
    colours = renderer.config.provider.colors
    charts = {
        (kind, style.width): draw(quote, fmt, colours, "Inter", style=style, measure=measure)
        for kind, draw in (("savings", savings_chart), ("tco", tco_chart))
        for style in (PRINT, PHONE)
    }
    return quote, fmt, measure, charts


def _overlap(a, b, slack=0.5) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def test_no_label_overlaps_another_label_or_a_bar(drawn):
    _, _, measure, charts = drawn
    for key, svg in charts.items():
        found = boxes(svg, measure)
        texts = [(t, box) for kind, t, box in found if kind == "text"]
        rects = [box for kind, _, box in found if kind == "rect"]
        assert len(texts) > 5 and rects, key
        for i, (text, box) in enumerate(texts):
            for other, other_box in texts[i + 1:]:
                assert not _overlap(box, other_box), f"{key}: {text!r} overlaps {other!r}"
            for rect in rects:
                # the legend's swatches sit beside their names, bars beside their amounts
                assert not _overlap(box, rect), f"{key}: {text!r} lies on a bar or swatch at {rect}"


def test_every_label_is_whole_and_inside_the_drawing(drawn):
    quote, fmt, measure, charts = drawn
    for (kind, width), svg in charts.items():
        assert "…" not in svg and "..." not in svg, (kind, width)
        found = boxes(svg, measure)
        for _, text, (x0, _, x1, _) in found:
            assert x0 >= -0.5 and x1 <= width + 0.5, f"{kind} at {width}: {text!r} runs off the drawing ({x0:.1f}-{x1:.1f})"
        if kind == "savings":
            words = " ".join(text for k, text, _ in found if k == "text")
            for role in quote.roles:
                assert role.title.replace(" ", "") in words.replace(" ", ""), f"{role.title!r} is not drawn whole"
            # the amounts, rounded in the engine, each once per bar
            for role in quote.roles:
                assert fmt.money_whole(role.in_house_whole) in words and fmt.money_whole(role.proposed_whole) in words


def test_a_long_name_wraps_onto_several_lines_and_a_longer_word_is_broken_not_cut(drawn):
    _, _, measure, charts = drawn
    lines = [text for kind, text, _ in boxes(charts[("savings", WIDE)], measure) if kind == "text"]
    first = [line for line in lines if line in LONG_TITLE]
    assert len(first) >= 2 and " ".join(first) == LONG_TITLE
    word = "Supercalifragilisticexpialidocious-coordinator-of-everything"
    pieces = [line for line in lines if line in word]
    assert len(pieces) >= 2 and "".join(pieces) == word


def test_text_is_legible_in_print_and_on_a_phone(drawn):
    """Print: the 680-unit drawing fills the 510 pt text width, so 10 units print at 7.5 pt.
    Phone: the 360-unit drawing fills about 358 px, so text stays at 12 px or more."""
    _, _, _, charts = drawn
    for (kind, width), svg in charts.items():
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
        scale = 510 / WIDE if width == WIDE else 358 / NARROW
        smallest = min(sizes) * scale
        assert smallest >= (7.4 if width == WIDE else 11.9), f"{kind} at {width}: smallest text {smallest:.1f}"


def test_the_cost_over_years_chart_has_a_value_axis_from_zero(drawn):
    quote, fmt, measure, charts = drawn
    for width in (WIDE, NARROW):
        texts = [text for kind, text, _ in boxes(charts[("tco", width)], measure) if kind == "text"]
        assert fmt.money_whole(Decimal(0)) in texts  # the zero line is labelled
        ticks = [t for t in texts if t.startswith("$") and t not in {fmt.money_whole(y.cumulative_savings_whole) for y in quote.tco.years}]
        assert len(ticks) >= 3, ticks
        for row in quote.tco.years:
            assert f"Year {row.year}" in texts
            assert fmt.money_whole(row.cumulative_savings_whole) in texts


def test_charts_carry_their_alternative_text(drawn):
    _, _, _, charts = drawn
    for key, svg in charts.items():
        assert re.search(r'role="img" aria-label="[^"]{10,}"', svg), key
        assert re.search(r"<title>[^<]{10,}</title>", svg), key


def test_measure_wraps_at_spaces_and_keeps_every_character():
    measure = Measure({ord(c): 0.5 for c in "abcdefghijklmnopqrstuvwxyz "})
    assert measure.width("abcd", 10) == 20
    assert measure.wrap("abc def ghi", 10, 30) == ["abc", "def", "ghi"]
    assert measure.wrap("abc def", 10, 35) == ["abc def"]
    assert measure.wrap("abcdefghij", 10, 20) == ["abcd", "efgh", "ij"]
    assert measure.wrap("ab-cdefgh", 10, 20) == ["ab-", "cdef", "gh"]  # a long word breaks after its hyphen first
    assert measure.wrap("", 10, 20) == [""]


def test_the_sample_charts_keep_their_labels_apart(config, renderer):
    from quotegen.api import build_quote, load_client

    quote = build_quote(load_client(CLIENTS / "cascadia-outdoor-supply.yaml", config).client_file, config)
    fmt = Formatter(quote.locale, quote.currency)
    measure = renderer._chart_measure()
    for draw in (savings_chart, tco_chart):
        for style in (PRINT, PHONE):
            texts = [box for kind, _, box in boxes(draw(quote, fmt, renderer.config.provider.colors, "Inter", style=style, measure=measure), measure) if kind == "text"]
            assert not any(_overlap(a, b) for i, a in enumerate(texts) for b in texts[i + 1:]), (draw.__name__, style.width)


def test_a_role_priced_on_request_has_no_proposed_bar(config, renderer):
    """Cascadia's packers are priced on request: a bar of today's cost would read as our price."""
    from quotegen.api import build_quote, load_client

    quote = build_quote(load_client(CLIENTS / "cascadia-outdoor-supply.yaml", config).client_file, config)
    fmt, colours = Formatter(quote.locale, quote.currency), renderer.config.provider.colors
    on_request = [role.title for role in quote.roles if role.priced_on_request]
    assert on_request == ["Holiday-season packers"]
    svg = savings_chart(quote, fmt, colours, "Inter", style=PRINT, measure=renderer._chart_measure())
    assert svg.count(f'fill="{colours.accent}"') == len(quote.roles) - 1 + 1  # a bar per priced role, and the legend's swatch
    assert svg.count(">on request<") == 1
