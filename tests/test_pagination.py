"""Pagination discipline, read back from the PDFs: every word inside the page's text box, no
page left mostly blank, headings with their content, tables split with their header and at
least three rows each side, units whole, and the page budgets of the full and short forms
for every sample (both brands, both languages) and for generated 1- and 5-role clients (one of
them with long role titles)."""

from __future__ import annotations

import html
import re
from decimal import Decimal
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from quotegen.api import build_quote, load_client
from quotegen.input.provider import load_config
from quotegen.render.content import supplied_by_us
from quotegen.render.formatting import Formatter

from .conftest import CLIENTS, ROOT, client_yaml

pytestmark = [
    pytest.mark.slow,  # a dozen whole-PDF renders
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by `make test`"),
]

MERIDIAN = ROOT / "examples" / "meridian"
SAMPLES = sorted(CLIENTS.glob("*.yaml")) + sorted((MERIDIAN / "clients").glob("*.yaml"))
MM = 72 / 25.4
PAGE_MARGINS = (22 * MM, 18 * MM, 20 * MM, 18 * MM)  # print.css @page: top, right, bottom, left
COVER_PADDING = 22 * MM  # the cover has no page margin; its own padding left and right
SLACK = 0.5  # points: rounding of the coordinates poppler reports
FAMILIES = ["admin", "customer_service", "data_entry", "bookkeeping", "marketing"]


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def body(self) -> list[Word]:
        """The words inside the top and bottom margins: the page's content, not its header and footer."""
        top, _, bottom, _ = PAGE_MARGINS
        return [w for w in self.words if w.y0 >= top - SLACK and w.y1 <= self.height - bottom + SLACK]

    @property
    def fill(self) -> float:
        """How far down the text box the content reaches, from 0 to 1."""
        top, _, bottom, _ = PAGE_MARGINS
        body = self.body
        return 0.0 if not body else (max(w.y1 for w in body) - top) / (self.height - top - bottom)

    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def read_pages(pdf: bytes, tmp_path: Path) -> list[Page]:
    """Every word of every page with its box, from poppler's `pdftotext -bbox`."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for match in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = tuple(
            Word(html.unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5)))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', match.group(3))
        )
        pages.append(Page(float(match.group(1)), float(match.group(2)), words))
    return pages


def layout_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text as lines, as poppler lays it out."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


@dataclass(frozen=True)
class Rendered:
    name: str
    quote: object
    full: bytes
    brief: bytes


def _render(path: Path, config, workspace: Path | None) -> Rendered:
    from quotegen.render.renderer import Renderer

    quote = build_quote(load_client(path, config).client_file, config)
    renderer = Renderer(config, workspace=workspace)
    return Rendered(path.stem, quote, renderer.pdf(quote), renderer.pdf(quote, brief=True))


# Titles as long as a buyer writes them: they wrap in the comparison, the chart and the cards.
LONG = "Senior bilingual customer experience coordinator for"


def _generated(count: int, tmp_path: Path, config, long: bool = False) -> Path:
    title = LONG if long else "Generated role"
    roles = "".join(
        f"  - {{title: {title} {i + 1} {FAMILIES[i].replace('_', ' ')}, family: {FAMILIES[i]}, salary: {48000 + 6500 * i}{', headcount: 2' if i == 1 else ''}}}\n"
        for i in range(count)
    )
    path = tmp_path / f"generated-{count}{'-long' if long else ''}.yaml"
    path.write_text(client_yaml(roles))
    return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Rendered]:
    """Every sample (the second brand with its own configuration and theme) and generated
    1-role and 5-role clients (the 5 roles once more with long titles), each in the full and
    the short form."""
    config = load_config(None)
    meridian = load_config(MERIDIAN / "quotegen.yaml")
    made = []
    for path in SAMPLES:
        inside = path.is_relative_to(MERIDIAN)
        made.append(_render(path, meridian if inside else config, MERIDIAN if inside else None))
    folder = tmp_path_factory.mktemp("generated")
    for count, long in ((1, False), (5, False), (5, True)):
        made.append(_render(_generated(count, folder, config, long), config, None))
    return made


def _each(documents):
    for doc in documents:
        for form, pdf in (("full", doc.full), ("brief", doc.brief)):
            yield f"{doc.name} ({form})", form, doc, pdf


def test_the_samples_and_both_generated_clients_are_all_there(documents):
    names = [doc.name for doc in documents]
    assert names == [p.stem for p in SAMPLES] + ["generated-1", "generated-5", "generated-5-long"]
    assert "sunbelt-property-management" in names  # the second brand
    assert any(doc.quote.locale.startswith("fr") for doc in documents)  # the French sample


def test_every_word_lies_inside_the_text_box(documents, tmp_path):
    for label, _, _, pdf in _each(documents):
        for number, page in enumerate(read_pages(pdf, tmp_path), start=1):
            left = COVER_PADDING if number == 1 else PAGE_MARGINS[3]
            right = page.width - (COVER_PADDING if number == 1 else PAGE_MARGINS[1])
            outside = [w for w in page.words if w.x0 < left - SLACK or w.x1 > right + SLACK]
            assert not outside, f"{label} page {number}: {[(w.text, round(w.x0, 1), round(w.x1, 1)) for w in outside][:5]} outside {left:.1f}-{right:.1f} pt"


def _appendix_starts(page: Page) -> bool:
    return any(w.text == "APPENDIX" or w.text == "ANNEXE" for w in page.body[:3])


def test_no_page_is_left_mostly_blank(documents, tmp_path):
    """Under 40% full only for the last page and a page the appendix's deliberate start ends."""
    for label, _, _, pdf in _each(documents):
        pages = read_pages(pdf, tmp_path)
        for number, page in enumerate(pages[1:-1], start=2):
            if _appendix_starts(pages[number]):
                continue
            assert page.fill >= 0.4, f"{label} page {number} is {page.fill:.0%} full"


def test_a_heading_never_ends_a_page(documents, tmp_path):
    headings = ("Executive summary", "Cost comparison by role", "Recommended model per role", "Terms and acceptance",
                "Cost breakdown per role", "The outsourcing models explained", "Assumptions and sources", "Sources")
    for label, _, doc, pdf in _each(documents):
        titles = [role.title for role in doc.quote.roles]
        for number, lines in enumerate(layout_text(pdf, tmp_path), start=1):
            body = [line.strip() for line in lines.splitlines() if line.strip()]
            last = body[-2] if len(body) >= 2 else ""  # the line before the footer
            if last.endswith("."):
                continue  # a sentence (a role kept in-house is one), not a heading
            assert not any(last == h or last.startswith(h + " ") for h in headings + tuple(titles)), f"{label} page {number} ends with the heading {last!r}"


def test_the_appendix_opens_with_the_first_role_on_its_page(documents, tmp_path):
    """The appendix's eyebrow, heading and note are never left at a page foot without a role under them."""
    for label, form, doc, pdf in _each(documents):
        if form == "brief":
            continue  # the short form has no appendix
        pages = [re.sub(r"\s+", " ", text) for text in layout_text(pdf, tmp_path)]
        heading = re.compile(r"Cost breakdown per role|Détail des coûts par poste", re.I)  # the second brand's headings are upper case
        starts = [text for text in pages if heading.search(text)]
        assert len(starts) == 1, f"{label}: the appendix heading is on {len(starts)} pages"
        after = heading.split(starts[0])[1]
        first = " ".join(doc.quote.roles[0].title.split()[:2])
        assert first in after, f"{label}: the appendix heading ends its page without {doc.quote.roles[0].title}"


def test_units_and_hyphenated_words_stay_whole(documents, tmp_path):
    for label, _, _, pdf in _each(documents):
        for number, text in enumerate(layout_text(pdf, tmp_path), start=1):
            for line in text.splitlines():
                assert not re.match(r"\s*h/week", line), f"{label} page {number}: an hours figure parted from its unit: {line.strip()!r}"
                assert not re.search(r"\d\s*h/\s*$", line), f"{label} page {number}: 'h/week' broken: {line.strip()!r}"
                assert not re.search(r"(?<![\w/.:-])[A-Za-zÀ-ÿ]+-$", line.rstrip()), f"{label} page {number}: a word broken at its hyphen: {line.strip()!r}"


def test_page_budgets(documents, tmp_path):
    """Full form: 6 pages for one role, 8 for up to 5, 9 for six and a page more for each role beyond;
    short form: 4 pages for up to 5 roles, a page more for every two beyond."""
    for doc in documents:
        roles = len(doc.quote.roles)
        full, brief = len(read_pages(doc.full, tmp_path)), len(read_pages(doc.brief, tmp_path))
        budget = 6 if roles == 1 else 8 if roles <= 5 else 9 + roles - 5
        assert full <= budget, f"{doc.name}: {roles} roles in {full} pages, over {budget}"
        assert brief <= (4 if roles <= 5 else 4 + (roles - 4) // 2), f"{doc.name}: short form of {roles} roles in {brief} pages"


def test_the_first_two_pages_carry_the_decision(documents, tmp_path):
    for label, _, doc, pdf in _each(documents):
        quote = doc.quote
        pages = read_pages(pdf, tmp_path)
        if len(quote.roles) > 6:
            continue  # ten roles' table runs onto page 3 by design
        first_two = re.sub(r"\s+", " ", pages[0].text() + " " + pages[1].text())
        fmt = Formatter(quote.locale, quote.currency)
        assert fmt.money_whole(quote.totals.savings_whole).replace("\u00a0", " ") in first_two.replace("\u00a0", " "), label
        for role in quote.roles:
            assert " ".join(role.title.split()[:2]) in first_two, f"{label}: {role.title} is not on the first two pages"
            assert fmt.money(role.savings_annual).replace("\u00a0", " ") in first_two.replace("\u00a0", " "), f"{label}: {role.title}'s saving"


def test_the_signatures_share_a_page_with_the_terms(documents, tmp_path):
    """The signature block is on the page where the terms end, below some of their text; a
    proposal of nothing the provider supplies has nothing to accept, so no block at all."""
    supplying = 0
    for label, _, doc, pdf in _each(documents):
        pages = read_pages(pdf, tmp_path)
        first_word = doc.quote.client.name.split()[0]
        texts = layout_text(pdf, tmp_path)
        heading = [i for i, text in enumerate(texts)
                   if re.search(r"^\s*(Terms and acceptance|Conditions et acceptation)\s*$", text, re.M | re.I)]
        signs = [(i, w) for i, p in enumerate(pages) for w, after in zip(p.words, p.words[1:])
                 if w.text in ("For", "Pour") and after.text == first_word and i >= (heading or [0])[0]]
        if not any(supplied_by_us(role) for role in doc.quote.roles):
            assert not heading and not signs, f"{label}: nothing is supplied, yet it asks for signatures"
            assert any(re.search(r"^\s*(About this proposal|À propos de cette proposition)\s*$", t, re.M) for t in texts), label
            assert not any(re.search(r"Signature|the terms printed (above|beside) the signatures", t) for t in texts), label
            continue
        supplying += 1
        assert heading and signs, f"{label}: no terms heading or no signature block"
        index, sign = signs[-1]
        assert heading[-1] <= index <= heading[-1] + 1, f"{label}: terms on page {heading[-1] + 1}, signatures on page {index + 1}"
        above = [w for w in pages[index].body if w.y1 < sign.y0 - 1]
        assert len(above) >= 12, f"{label}: the signatures stand on page {index + 1} without the terms"
    assert supplying >= 10  # every sample but one supplies something: the check above ran on them


def test_the_short_form_shows_every_one_time_fee_and_the_price_rise(documents, tmp_path):
    for doc in documents:
        fmt = Formatter(doc.quote.locale, doc.quote.currency)
        text = re.sub(r"\s+", " ", " ".join(p.text() for p in read_pages(doc.brief, tmp_path))).replace("\u00a0", " ")
        if doc.quote.tco.one_time:
            shown = (fmt.money(doc.quote.tco.one_time), fmt.money_whole(doc.quote.tco.one_time.quantize(Decimal(1))))
            assert any(s.replace("\u00a0", " ") in text for s in shown), doc.name
        assert fmt.rate(doc.quote.tco.escalation).replace("\u00a0", " ") in text, doc.name


def test_the_account_contact_never_opens_a_page(documents, tmp_path):
    """The contact line closes the next steps: it goes over with at least their last step."""
    for label, _, _, pdf in _each(documents):
        for number, page in enumerate(read_pages(pdf, tmp_path)[1:], start=2):
            opening = " ".join(w.text for w in page.body[:2])
            assert not opening.startswith(("Your contact", "Votre personne-ressource")), f"{label} page {number} opens with the contact line"
