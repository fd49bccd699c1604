"""Charts drawn by our own code as inline SVG: no plotting library, no network, no fonts
beyond the document's own."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from .formatting import Formatter
from .money import round_whole
from .quote import Quote

WIDTH = 680
LABEL_WIDTH = 170
ROW_HEIGHT = 40
BAR_HEIGHT = 13
VALUE_ROOM = 110  # space right of the longest bar for its amount


def _truncate(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def savings_chart(quote: Quote, fmt: Formatter, colours, font: str) -> str:
    """Paired horizontal bars per role: in-house cost against the proposed cost."""
    roles = quote.roles
    largest = max((max(r.in_house.annual, r.proposed.annual) for r in roles), default=Decimal(1)) or Decimal(1)
    scale = Decimal(WIDTH - LABEL_WIDTH - VALUE_ROOM) / largest
    legend_height = 26
    height = legend_height + ROW_HEIGHT * len(roles) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{escape(font)}" role="img" aria-label="In-house against proposed annual cost per role">',
        f'<rect x="{LABEL_WIDTH}" y="4" width="12" height="12" rx="2" fill="{colours.muted}"/>',
        f'<text x="{LABEL_WIDTH + 18}" y="14" font-size="9" fill="#4a5866">In-house</text>',
        f'<rect x="{LABEL_WIDTH + 100}" y="4" width="12" height="12" rx="2" fill="{colours.accent}"/>',
        f'<text x="{LABEL_WIDTH + 118}" y="14" font-size="9" fill="#4a5866">Proposed</text>',
    ]
    for index, role in enumerate(roles):
        top = legend_height + index * ROW_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 10}" y="{top + BAR_HEIGHT + 4}" text-anchor="end" font-size="10" fill="#1d2733">'
            f"{escape(_truncate(role.title))}</text>"
        )
        for offset, amount, colour in (
            (0, role.in_house.annual, colours.muted),
            (BAR_HEIGHT + 2, role.proposed.annual, colours.accent),
        ):
            width = max(Decimal(1), amount * scale).quantize(Decimal("0.1"))
            y = top + offset
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" rx="2" fill="{colour}"/>')
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 6}" y="{y + BAR_HEIGHT - 3}" font-size="9" fill="#4a5866">{escape(fmt.money_whole(round_whole(amount)))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
