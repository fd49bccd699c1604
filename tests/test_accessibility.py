"""Accessibility: the PDF is tagged (PDF/A-3a: structure, language, headings, table header
cells, alternative text for the charts and the logo), and the HTML passes axe-core in Debian's
chromium and reads without horizontal scrolling at 390 and 1280 px, with legible chart text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from quotegen.api import build_quote, load_client
from quotegen.input.provider import load_config

from .conftest import CLIENTS, ROOT
from .helpers import CHROMIUM, NO_CHROMIUM, chromium

MERIDIAN = ROOT / "examples" / "meridian"


def _axe_script() -> Path:
    import axe_playwright_python  # ships axe-core's axe.min.js; nothing is fetched

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture(scope="module")
def samples():
    """The French sample (kestrel) and the second brand's sample, as print quotes with their renderers."""
    from quotegen.render.renderer import Renderer

    kestrel, meridian = load_config(None), load_config(MERIDIAN / "quotegen.yaml")
    made = []
    for path, config, workspace in (
        (CLIENTS / "distribution-laurentides.yaml", kestrel, None),
        (MERIDIAN / "clients" / "sunbelt-property-management.yaml", meridian, MERIDIAN),
    ):
        quote = build_quote(load_client(path, config).client_file, config)
        made.append((path.stem, quote, Renderer(config, workspace=workspace)))
    return made


# -- the PDF ---------------------------------------------------------------------------------


def _structure(reader: PdfReader) -> list:
    """Every structure element of the document's tag tree, depth first."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict) or hasattr(node, "get"):
            if node.get("/S") is not None:
                found.append(node)
            kids = node.get("/K")
            if kids is None:
                return
            for kid in kids if isinstance(kids, list) else [kids]:
                if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                    walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.slow
def test_the_pdf_is_tagged_with_language_headings_table_headers_and_alternative_text(samples):
    for name, quote, renderer in samples:
        reader = PdfReader(io.BytesIO(renderer.pdf(quote)))
        root = reader.trailer["/Root"]
        assert str(root["/MarkInfo"]["/Marked"]).lower() == "true", name
        assert str(root["/Lang"]) == quote.locale.split("_")[0], name
        xmp = reader.xmp_metadata.stream.get_data().decode()
        assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)A', xmp), name
        kinds = [str(element["/S"]) for element in _structure(reader)]
        for tag in ("/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure", "/L", "/LI"):
            assert tag in kinds, f"{name}: no {tag} in the tag tree"
        figures = [element for element in _structure(reader) if str(element["/S"]) == "/Figure"]
        assert len(figures) >= 3, name  # the logo and the two charts
        for figure in figures:
            assert len(str(figure.get("/Alt", ""))) > 5, f"{name}: a figure without alternative text"


@pytest.mark.slow
def test_the_pdf_keeps_its_attachments_when_tagged(samples):
    name, quote, renderer = samples[0]
    reader = PdfReader(io.BytesIO(renderer.pdf(quote, client_source="client: {}\n", quote_json="{}")))
    assert sorted(reader.attachments) == ["client.yaml", "quote.json"], name


# -- the HTML in a browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    with chromium() as launched:
        yield launched


def _open(browser, html: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_content(html, wait_until="load")
    return page


@pytest.mark.slow
def test_the_html_passes_axe_core_at_phone_and_desktop_width(browser, samples):
    script = _axe_script()
    for name, quote, renderer in samples:
        html = renderer.html(quote)
        for width in (390, 1280):
            page = _open(browser, html, width)
            page.add_script_tag(path=str(script))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            page.close()
            problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in result["violations"]]
            assert not problems, f"{name} at {width} px:\n" + "\n".join(problems)


@pytest.mark.slow
def test_no_horizontal_scrolling_and_legible_chart_text_at_390_and_1280_px(browser, samples):
    for name, quote, renderer in samples:
        html = renderer.html(quote)
        for width in (390, 1280):
            page = _open(browser, html, width)
            scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            wide = page.evaluate(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
                " && getComputedStyle(e).display !== 'none').map(e => e.tagName + '.' + e.className).slice(0, 5)"
            )
            # The rendered height of the chart text that is shown: its font size as the reader sees it.
            sizes = page.evaluate(
                "() => [...document.querySelectorAll('svg.chart text')].filter(t => t.getBoundingClientRect().width > 0)"
                ".map(t => { const svg = t.ownerSVGElement; const k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
                " return parseFloat(t.getAttribute('font-size')) * k; })"
            )
            page.close()
            assert scroll_width <= width, f"{name} at {width} px scrolls sideways ({scroll_width} px): {wide}"
            assert sizes, f"{name} at {width} px shows no chart text"
            assert min(sizes) >= 11, f"{name} at {width} px: chart text as small as {min(sizes):.1f} px"


def test_the_logo_and_charts_have_text_alternatives_in_the_html(samples):
    name, quote, renderer = samples[1]
    html = renderer.html(quote)
    assert re.search(r'<img class="logo" src="data:[^"]+" alt="[^"]+ logo"', html), name
    assert len(re.findall(r'<svg [^>]*role="img" aria-label="[^"]+"', html)) == 4  # each chart in its wide and narrow layout
    assert re.search(r'<html lang="en">', html)


@pytest.mark.slow
def test_the_phone_layout_keeps_facts_captions_signatures_and_totals_in_place(browser, samples):
    """At 390 px the cover's facts take the full width, one under another, and the contact's address
    breaks only after "@" or a dot; the onboarding caption keeps to one line; the two signature
    blocks stand apart; a total's amount is right-aligned like the amounts above it."""
    for name, quote, renderer in samples:
        page = _open(browser, renderer.html(quote), 390)
        found = page.evaluate(
            """() => {
              const facts = document.querySelector('.cover-facts');
              const widths = [...facts.children].map(d => d.getBoundingClientRect().width);
              const mail = document.querySelector('.contact-line');
              // the text of each line the address is set on
              const lines = {}; const walk = document.createTreeWalker(mail, NodeFilter.SHOW_TEXT);
              for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                for (let i = 0; i < n.length; i++) {
                  const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                  const top = Math.round(r.getBoundingClientRect().top); lines[top] = (lines[top] || '') + n.data[i];
                }
              }
              const caption = document.querySelector('table.onboarding caption');
              const signs = [...document.querySelectorAll('.sign')].map(s => s.getBoundingClientRect());
              const totals = [...document.querySelectorAll('table.lines tr.subtotal td.num, table.lines tfoot td.num')]
                .map(td => { const r = document.createRange(); r.selectNodeContents(td);
                             return td.getBoundingClientRect().right - r.getBoundingClientRect().right; });
              return {list: facts.getBoundingClientRect().width, widths, lines: Object.values(lines),
                      caption: caption ? caption.getClientRects().length && caption.getBoundingClientRect().height / parseFloat(getComputedStyle(caption).lineHeight || 20) : null,
                      gap: signs.length === 2 ? signs[1].top - signs[0].bottom : null, totals};
            }"""
        )
        page.close()
        assert all(w >= found["list"] - 1 for w in found["widths"]), f"{name}: cover facts {found['widths']} in a list {found['list']} wide"
        assert all(line.rstrip().endswith(("@", ".")) for line in found["lines"][:-1]), f"{name}: the address breaks mid-word: {found['lines']}"
        if found["caption"] is not None:
            assert found["caption"] < 1.6, f"{name}: the onboarding caption wraps"
        assert found["gap"] is None or found["gap"] >= 16, f"{name}: the signature blocks {found['gap']} px apart"
        assert found["totals"] and max(found["totals"]) <= 1, f"{name}: a total's amount is not right-aligned ({found['totals']})"
