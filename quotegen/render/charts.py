"""Charts drawn by our own code as inline SVG: no plotting library, no network, no fonts
beyond the document's own. They lay out and format the quote's figures; every amount they
label was rounded in the engine (the whole-unit fields of RoleQuote and TcoYear).

Labels are placed, not hoped for: each text's width is measured with the brand font's own
advance widths (Measure), long role names wrap onto as many lines as they need (never cut),
amounts sit beside their bar in space the scale leaves for them, and the cost-over-years
chart has a value axis with its cumulative saving written under each year, away from the
bars. `boxes()` gives every label's box so tests can check that none overlap.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from quotegen.engine.quote import Quote
from quotegen.render.formatting import Formatter

WIDE = 680  # drawing units across: the printed text width, or a desktop page
NARROW = 360  # a phone held upright: the same units end up about as many CSS pixels
ATTR = {'"': "&quot;"}  # extra escaping for text placed in an attribute
INK, SOFT, GRID = "#1d2733", "#3f4c59", "#c9d2dc"
DEFAULT_ADVANCE = 0.62  # em; wider than most letters, for characters the font table lacks


class Measure:
    """Text widths from a font's advance widths (in em, by code point)."""

    def __init__(self, advances: dict[int, float] | None = None):
        self.advances = advances or {}

    def width(self, text: str, size: float) -> float:
        return size * sum(self.advances.get(ord(c), DEFAULT_ADVANCE) for c in text)

    def wrap(self, text: str, size: float, limit: float) -> list[str]:
        """`text` in lines no wider than `limit`: at spaces, and inside a word only when the
        word alone is wider than the line. Every character is kept."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, size) <= limit:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            while self.width(word, size) > limit:  # a word longer than the line: break it,
                fits = [i for i in range(1, len(word) + 1) if self.width(word[:i], size) <= limit] or [1]
                hyphens = [i for i in fits if word[i - 1] == "-"]  # after a hyphen where one fits
                cut = hyphens[-1] if hyphens else fits[-1]
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        if current:
            lines.append(current)
        return lines or [""]


@dataclass(frozen=True)
class Style:
    """Sizes of one chart layout, in drawing units."""

    width: int
    text: float  # labels and amounts
    legend: float
    bar: float  # thickness of a bar


PRINT = Style(WIDE, 10.5, 10, 9.5)  # a bar as thick as its amount is tall: five roles fit under the comparison
PHONE = Style(NARROW, 12.5, 12, 15)


def _n(value: float) -> str:
    """A coordinate as written: one decimal, no minus zero."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _text(x: float, y: float, size: float, body: str, *, fill: str = INK, anchor: str = "start", weight: int | None = None) -> str:
    extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
    extra += f' font-weight="{weight}"' if weight else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size:g}" fill="{fill}"{extra}>{escape(body)}</text>'


def _open(width: float, height: float, font: str, title: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'font-family="{escape(font, ATTR)}" role="img" aria-label="{escape(title, ATTR)}">',
        f"<title>{escape(title)}</title>",
    ]


def _legend(entries, x: float, y: float, style: Style, measure: Measure, limit: float) -> tuple[list[str], float]:
    """Swatches and their names left to right, wrapping to a new row when the width runs out."""
    parts, left, top = [], x, y
    for kind, colour, name in entries:
        room = 18 + measure.width(name, style.legend) + 16
        if left > x and left + room > limit:
            left, top = x, top + style.legend + 8
        if kind == "box":
            parts.append(f'<rect x="{_n(left)}" y="{_n(top)}" width="12" height="12" rx="2" fill="{colour}"/>')
        else:
            parts.append(f'<line x1="{_n(left)}" y1="{_n(top + 6)}" x2="{_n(left + 12)}" y2="{_n(top + 6)}" stroke="{colour}" stroke-width="3"/>')
        parts.append(_text(left + 18, top + 10, style.legend, name, fill=SOFT))
        left += room
    return parts, top + 12


def savings_chart(quote: Quote, fmt: Formatter, colours, font: str, *, style: Style = PRINT, measure: Measure | None = None) -> str:
    """Paired horizontal bars per role: in-house cost against the proposed cost.

    Wide: the role's name, wrapped, left of its bars. Narrow: the name above its bars, across
    the whole width. Each amount sits right of its bar; the scale leaves room for the widest.
    """
    measure = measure or Measure()
    t = fmt.translate
    roles = quote.roles
    wide = style.width >= 500
    label_room = style.width * 0.3 if wide else 0
    plot_left = label_room + (10 if wide else 0)
    line_height = style.text * 1.25
    amounts = [(fmt.money_whole(r.in_house_whole), fmt.money_whole(r.proposed_whole)) for r in roles]
    widest = max((measure.width(a, style.text) for pair in amounts for a in pair), default=0)
    plot_right = style.width - widest - 10
    largest = max((max(r.in_house.annual, r.proposed.annual) for r in roles), default=Decimal(1)) or Decimal(1)
    scale = (plot_right - plot_left) / float(largest)
    parts, top = _legend(((("box", colours.muted, t("In-house")), ("box", colours.accent, t("Proposed")))), plot_left, 4, style, measure, style.width)
    body = []
    y = top + 10
    for role, (in_house_text, proposed_text) in zip(roles, amounts):
        lines = measure.wrap(role.title, style.text, label_room - 4 if wide else style.width * 0.9)  # the narrow names are semibold
        # One-off and time-bound work is drawn for its whole length, not a year: its label says so.
        lines += measure.wrap(_whole_work_label(role, t), style.text, label_room - 4 if wide else style.width * 0.9) if _whole_work(role) else []
        if wide:
            bars_top = y
            label_top = y + max(0.0, (2 * style.bar + 1 - len(lines) * line_height) / 2)
            for i, line in enumerate(lines):
                body.append(_text(label_room, label_top + (i + 0.8) * line_height, style.text, line, anchor="end"))
            row_height = max(2 * style.bar + 1, len(lines) * line_height)
        else:
            for i, line in enumerate(lines):
                body.append(_text(0, y + (i + 0.8) * line_height, style.text, line, weight=600))
            bars_top = y + len(lines) * line_height + 3
            row_height = bars_top - y + 2 * style.bar + 1
        for offset, amount, text, colour in ((0, role.in_house.annual, in_house_text, colours.muted), (style.bar + 1, role.proposed.annual, proposed_text, colours.accent)):
            bar_y = bars_top + offset
            if offset and role.priced_on_request:
                # No price yet: a bar of today's cost would read as our price.
                body.append(_text(plot_left + 6, bar_y + style.bar / 2 + style.text * 0.36, style.text, t("on request"), fill=SOFT))
                continue
            length = max(1.0, float(amount) * scale)
            body.append(f'<rect x="{_n(plot_left)}" y="{_n(bar_y)}" width="{_n(length)}" height="{_n(style.bar)}" rx="2" fill="{colour}"/>')
            body.append(_text(plot_left + length + 6, bar_y + style.bar / 2 + style.text * 0.36, style.text, text, fill=SOFT))
        y += row_height + (8 if wide else 12)
    axis = f'<line x1="{_n(plot_left)}" y1="{_n(top + 6)}" x2="{_n(plot_left)}" y2="{_n(y - 8)}" stroke="{GRID}" stroke-width="1"/>'
    title = t("Cost per role, a year or in all for one-off and time-bound work: in-house against what we propose."
              if any(_whole_work(r) for r in roles) else "Annual cost per role: in-house against what we propose.")
    return "".join(_open(style.width, y, font, title, "chart-wide" if wide else "chart-narrow") + parts + [axis] + body + ["</svg>"])


def _whole_work(role) -> bool:
    """Work whose bars are its whole cost, not a year's (content.time_bound's rule)."""
    return role.work == "task" or role.duration_months is not None


def _whole_work_label(role, t) -> str:
    """The line under a one-off or time-bound role's name in the chart: what its bars count."""
    if role.work == "task":
        return t("(one-off, in all)")
    if role.duration_months == 1:
        return t("(for 1 month, in all)")
    return t("(for {months} months, in all)").format(months=role.duration_months)


def _nice_step(span: float, count: int) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `count` intervals."""
    raw = span / max(1, count)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)


def tco_chart(quote: Quote, fmt: Formatter, colours, font: str, *, style: Style = PRINT, measure: Measure | None = None) -> str:
    """Columns of yearly cost (in-house against proposed) and the saving so far, per year,
    on a value axis; each year's cumulative saving is written under its year."""
    measure = measure or Measure()
    t = fmt.translate
    years = quote.tco.years
    values = [v for y in years for v in (y.in_house, y.proposed, y.cumulative_savings)]
    peak, floor = max(values + [Decimal(1)]), min(values + [Decimal(0)])
    step = _nice_step(float(peak - floor), 4 if style.width >= 500 else 3)
    low = math.floor(float(floor) / step) * step
    high = math.ceil(float(peak) / step) * step
    ticks = []
    tick = low
    while tick <= high + step / 2:
        ticks.append(tick)
        tick += step
    tick_texts = [fmt.money_whole(Decimal(round(v))) for v in ticks]
    left = max(measure.width(text, style.legend) for text in tick_texts) + 10
    right = 8
    parts, legend_bottom = _legend(
        (("box", colours.muted, t("In-house")), ("box", colours.accent, t("Proposed")), ("box", colours.primary, t("Cumulative saving"))),
        left, 4, style, measure, style.width,
    )
    top = legend_bottom + 14
    plot_h = 100 if style.width >= 500 else 130  # in print the chapter, its chart and its table share a page with what precedes
    bottom_axis = top + plot_h

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) * plot_h / (high - low)

    for value, text in zip(ticks, tick_texts):
        y = y_of(value)
        stroke = SOFT if value == 0 else GRID
        parts.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(style.width - right)}" y2="{_n(y)}" stroke="{stroke}" stroke-width="{1 if value == 0 else 0.6}"/>')
        parts.append(_text(left - 6, y + style.legend * 0.35, style.legend, text, fill=SOFT, anchor="end"))
    slot = (style.width - left - right) / len(years)
    bar = min(40.0, slot / 4.5)
    # The labels under the axis: the year, then the saving so far, staggered onto a second
    # pair of lines when neighbouring amounts would touch.
    sums = [fmt.money_whole(row.cumulative_savings_whole) for row in years]
    stagger = any(measure.width(text, style.text) + 8 > slot for text in sums)
    line_height = style.text * 1.3
    labels_top = bottom_axis + 6
    lowest = labels_top
    for index, row in enumerate(years):
        centre = left + slot * index + slot / 2
        for offset, value, colour in ((-1.5 * bar - 2, row.in_house, colours.muted), (-0.5 * bar, row.proposed, colours.accent), (0.5 * bar + 2, row.cumulative_savings, colours.primary)):
            y0, y1 = y_of(0.0), y_of(float(value))
            parts.append(f'<rect x="{_n(centre + offset)}" y="{_n(min(y0, y1))}" width="{_n(bar)}" height="{_n(max(abs(y0 - y1), 0.5))}" rx="1.5" fill="{colour}"/>')
        shift = 2 * line_height if stagger and index % 2 else 0
        parts.append(_text(centre, labels_top + shift + 0.8 * line_height, style.text, t("Year {n}").format(n=row.year), anchor="middle", weight=600))
        parts.append(_text(centre, labels_top + shift + 1.8 * line_height, style.text, sums[index], fill=colours.primary, anchor="middle"))
        lowest = max(lowest, labels_top + shift + 2 * line_height)
    parts.append(f'<line x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(bottom_axis)}" stroke="{SOFT}" stroke-width="1"/>')
    title = t("Cost over {years} years").format(years=len(years))
    head = _open(style.width, lowest + 4, font, title, "chart-wide" if style.width >= 500 else "chart-narrow")
    return "".join(head + parts + ["</svg>"])


# -- reading a chart back, for tests -------------------------------------------------------

_ELEMENT = re.compile(r"<(text|rect)\b([^>]*)>(?:([^<]*)</text>)?")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def boxes(svg: str, measure: Measure | None = None) -> list[tuple[str, str, tuple[float, float, float, float]]]:
    """Every text and bar of a chart as (kind, content, (x0, y0, x1, y1)), texts measured
    as the chart measured them (the glyphs' advance, from the baseline up one font size)."""
    import html

    measure = measure or Measure()
    found = []
    for kind, attributes, body in _ELEMENT.findall(svg):
        a = dict(_ATTRIBUTE.findall(attributes))
        if kind == "rect":
            x, y, w, h = (float(a[k]) for k in ("x", "y", "width", "height"))
            found.append(("rect", "", (x, y, x + w, y + h)))
            continue
        text = html.unescape(body)
        size = float(a["font-size"])
        width = measure.width(text, size)
        x = float(a["x"]) - {"start": 0, "middle": width / 2, "end": width}[a.get("text-anchor", "start")]
        y = float(a["y"])
        found.append(("text", text, (x, y - size * 0.8, x + width, y + size * 0.22)))
    return found
