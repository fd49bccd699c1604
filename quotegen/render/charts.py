"""Charts drawn by our own code as inline SVG: no plotting library, no network, no fonts
beyond the document's own. They lay out and format the quote's figures; every amount they
label was rounded in the engine (the whole-unit fields of RoleQuote and TcoYear)."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from quotegen.render.formatting import Formatter
from quotegen.engine.quote import Quote

WIDTH = 680
LABEL_WIDTH = 170
ROW_HEIGHT = 40
BAR_HEIGHT = 13
VALUE_ROOM = 110
ATTR = {'"': "&quot;"}  # extra escaping for text placed in an attribute  # space right of the longest bar for its amount


def _truncate(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def savings_chart(quote: Quote, fmt: Formatter, colours, font: str) -> str:
    """Paired horizontal bars per role: in-house cost against the proposed cost."""
    t = fmt.translate
    roles = quote.roles
    # Rows shrink for long proposals so the chart always fits on one page.
    row_height = max(16, min(ROW_HEIGHT, 720 // max(1, len(roles))))
    bar_height = min(BAR_HEIGHT, (row_height - 6) // 2)
    largest = max((max(r.in_house.annual, r.proposed.annual) for r in roles), default=Decimal(1)) or Decimal(1)
    scale = Decimal(WIDTH - LABEL_WIDTH - VALUE_ROOM) / largest
    legend_height = 26
    height = legend_height + row_height * len(roles) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{escape(font)}" role="img" aria-label="{escape(t("Annual cost per role: in-house against what we propose."), ATTR)}">',
        f'<rect x="{LABEL_WIDTH}" y="4" width="12" height="12" rx="2" fill="{colours.muted}"/>',
        f'<text x="{LABEL_WIDTH + 18}" y="14" font-size="9" fill="#4a5866">{escape(t("In-house"))}</text>',
        f'<rect x="{LABEL_WIDTH + 100}" y="4" width="12" height="12" rx="2" fill="{colours.accent}"/>',
        f'<text x="{LABEL_WIDTH + 118}" y="14" font-size="9" fill="#4a5866">{escape(t("Proposed"))}</text>',
    ]
    for index, role in enumerate(roles):
        top = legend_height + index * row_height
        parts.append(
            f'<text x="{LABEL_WIDTH - 10}" y="{top + bar_height + 4}" text-anchor="end" font-size="10" fill="#1d2733">'
            f"{escape(_truncate(role.title))}</text>"
        )
        for offset, amount, whole, colour in (
            (0, role.in_house.annual, role.in_house_whole, colours.muted),
            (bar_height + 2, role.proposed.annual, role.proposed_whole, colours.accent),
        ):
            width = max(Decimal(1), amount * scale).quantize(Decimal("0.1"))
            y = top + offset
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{bar_height}" rx="2" fill="{colour}"/>')
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 6}" y="{y + bar_height - 3}" font-size="9" fill="#4a5866">{escape(fmt.money_whole(whole))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def tco_chart(quote: Quote, fmt: Formatter, colours, font: str) -> str:
    """Columns of yearly cost (in-house against proposed) and the cumulative saving as a line."""
    t = fmt.translate
    years = quote.tco.years
    width, height = 680, 230
    left, right, top, bottom = 70, 20, 30, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([max(y.in_house, y.proposed, y.cumulative_savings) for y in years] + [Decimal(1)])
    floor = min([y.cumulative_savings for y in years] + [Decimal(0)])
    span = peak - floor or Decimal(1)

    def y_of(value: Decimal) -> Decimal:
        return (top + plot_h - (value - floor) * plot_h / span).quantize(Decimal("0.1"))

    slot = Decimal(plot_w) / len(years)
    bar = min(Decimal(46), slot / 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" font-family="{escape(font)}" '
        f'role="img" aria-label="{escape(t("Cost over {years} years").format(years=len(years)), ATTR)}">',
        f'<line x1="{left}" y1="{y_of(Decimal(0))}" x2="{width - right}" y2="{y_of(Decimal(0))}" stroke="#c9d2dc" stroke-width="1"/>',
        f'<rect x="{left}" y="6" width="12" height="12" rx="2" fill="{colours.muted}"/>',
        f'<text x="{left + 18}" y="16" font-size="9" fill="#4a5866">{escape(t("In-house"))}</text>',
        f'<rect x="{left + 90}" y="6" width="12" height="12" rx="2" fill="{colours.accent}"/>',
        f'<text x="{left + 108}" y="16" font-size="9" fill="#4a5866">{escape(t("Proposed"))}</text>',
        f'<line x1="{left + 180}" y1="12" x2="{left + 200}" y2="12" stroke="{colours.primary}" stroke-width="2.5"/>',
        f'<text x="{left + 206}" y="16" font-size="9" fill="#4a5866">{escape(t("Cumulative saving"))}</text>',
    ]
    points = []
    for index, row in enumerate(years):
        centre = left + slot * index + slot / 2
        for offset, value, colour in ((-bar - 2, row.in_house, colours.muted), (Decimal(2), row.proposed, colours.accent)):
            y = y_of(value)
            h = (y_of(Decimal(0)) - y).quantize(Decimal("0.1"))
            parts.append(f'<rect x="{(centre + offset).quantize(Decimal("0.1"))}" y="{y}" width="{bar.quantize(Decimal("0.1"))}" height="{max(h, Decimal(0))}" rx="2" fill="{colour}"/>')
        parts.append(f'<text x="{centre.quantize(Decimal("0.1"))}" y="{height - 14}" text-anchor="middle" font-size="10" fill="#1d2733">{escape(t("Year {n}").format(n=row.year))}</text>')
        points.append((centre + bar + 14, y_of(row.cumulative_savings), row.cumulative_savings_whole))
    path = " ".join(f"{x.quantize(Decimal('0.1'))},{y}" for x, y, _ in points)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{colours.primary}" stroke-width="2.5"/>')
    for x, y, value in points:
        parts.append(f'<circle cx="{x.quantize(Decimal("0.1"))}" cy="{y}" r="3.5" fill="{colours.primary}"/>')
        parts.append(
            f'<text x="{x.quantize(Decimal("0.1"))}" y="{y - 8}" text-anchor="middle" font-size="9" fill="{colours.primary}">'
            f"{escape(fmt.money_whole(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
