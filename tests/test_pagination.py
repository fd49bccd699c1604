"""Pagination discipline, read back from the PDFs: every word inside the page's text box, no
page left mostly blank, headings with their content, each chart with what it shows, the box of
shared reasons and the next steps never split, the cover's facts apart, tables split with their
header and at least three rows each side, units whole, and the page budgets of the full and short forms
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
    translate: object  # the document's fixed text in its language
    html: dict  # the HTML each form was printed from, by form


def _render(path: Path, config, workspace: Path | None) -> Rendered:
    from quotegen.render.renderer import Renderer

    quote = build_quote(load_client(path, config).client_file, config)
    renderer = Renderer(config, workspace=workspace)
    html_of = {form: renderer.html(quote, medium="print", brief=form == "brief") for form in ("full", "brief")}
    return Rendered(path.stem, quote, renderer.pdf(quote), renderer.pdf(quote, brief=True),
                    renderer.catalogue(quote.locale).translate, html_of)


# Titles as long as a buyer writes them: they wrap in the comparison, the chart and the cards;
# with them a client whose long name makes the longest quote number and long contact details.
LONG = "Senior bilingual customer experience coordinator for"
LONG_CLIENT = """  contact: {name: Maximiliana Castellanos-Villanueva, title: Vice President of Shared Services Operations,
            email: maximiliana.castellanos-villanueva@northwesternpacificwholesale.example, phone: +1 (512) 555-0199}
"""


def _generated(count: int, tmp_path: Path, config, long: bool = False) -> Path:
    title = LONG if long else "Generated role"
    roles = "".join(
        f"  - {{title: {title} {i + 1} {FAMILIES[i].replace('_', ' ')}, family: {FAMILIES[i]}, salary: {48000 + 6500 * i}{', headcount: 2' if i == 1 else ''}}}\n"
        for i in range(count)
    )
    path = tmp_path / f"generated-{count}{'-long' if long else ''}.yaml"
    text = client_yaml(roles, extra_client=LONG_CLIENT if long else "")
    if long:
        text = text.replace("name: Test Co", "name: Northwesternpacific Wholesale Distribution Cooperative", 1)
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Rendered]:
    """Every sample (the second brand with its own configuration and theme) and generated
    1-role and 5-role clients (the 5 roles once more with long titles), each in the full and
    the short form."""
    config = load_config(None)
    meridian = load_config(MERIDIAN)  # the workspace: its quotegen.yaml (a path to the file itself was read as a folder)
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


# The chapters' headings, in English: each document's are its translations.
SECTIONS = ("Executive summary", "Cost comparison by role", "Recommended model per role", "Cost over {years} years",
            "Next steps", "Terms and acceptance", "About this proposal", "Cost breakdown per role",
            "The outsourcing models explained", "Assumptions and sources", "Sources")


def _body_lines(text: str) -> list[str]:
    """A page's lines as poppler lays them out, without the page header and footer."""
    return [line.strip() for line in text.splitlines() if line.strip()][1:-1]


def _flat(text: str) -> str:
    """Text as one line, spaces of every width alike, for finding a sentence however it wrapped."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")).strip()


def test_a_heading_never_ends_a_page(documents, tmp_path):
    """A chapter's heading never stands in a page's last three lines (at most its opening
    sentence under it: the 3-year chapter's chart went over, the terms' first point alone), and a
    role's title is never a page's last line."""
    for label, _, doc, pdf in _each(documents):
        years = len(doc.quote.tco.years)
        headings = {doc.translate(h).format(years=years).casefold() for h in SECTIONS}  # the second brand's are upper case
        titles = [role.title for role in doc.quote.roles]
        texts = layout_text(pdf, tmp_path)
        for number, text in enumerate(texts, start=1):
            body = _body_lines(text)
            # on the last page whatever follows a heading is all there is of its section
            foot = [line for line in body[-3:] if line.casefold() in headings] if number < len(texts) else []
            assert not foot, f"{label} page {number} ends with the heading {foot[0]!r} and {body[-3:][body[-3:].index(foot[0]) + 1:]}"
            last = body[-1] if body else ""
            if last.endswith("."):
                continue  # a sentence (a role kept in-house is one), not a heading
            assert not any(last == h or last.startswith(h + " ") for h in titles), f"{label} page {number} ends with the heading {last!r}"


def _heading_pages(texts: list[str], heading: str) -> list[int]:
    """The indexes of the pages where `heading` stands on a line of its own (any case)."""
    return [i for i, text in enumerate(texts) if re.search(rf"^\s*{re.escape(heading)}\s*$", text, re.M | re.I)]


def test_each_chart_shares_a_page_with_what_it_shows(documents, tmp_path):
    """Up to five roles whose titles fit a line (40 characters) the per-role chart follows the
    comparison table on page 2, under the table's note (six roles, or five long titles that
    wrap in the table and the chart, leave it no room there: it opens page 3); the 3-year
    chart opens its chapter under the heading."""
    for label, form, doc, pdf in _each(documents):
        if form == "brief":
            continue  # the short form has no charts
        quote = doc.quote
        fmt = Formatter(quote.locale, quote.currency, doc.translate)
        texts = layout_text(pdf, tmp_path)
        pages = [_flat(text) for text in texts]
        note = _flat(doc.translate("Amounts in {currency}. Each total is the sum of the amounts shown above it.").format(currency=fmt.currency_name(quote.currency)))
        at = [i for i, text in enumerate(pages) if note in text]
        assert len(at) == 1, f"{label}: the comparison's note on pages {[i + 1 for i in at]}"
        first = _flat(fmt.money_whole(quote.roles[0].in_house_whole))  # the chart's first amount
        if len(quote.roles) <= 5 and all(len(role.title) <= 40 for role in quote.roles):
            assert at[0] == 1 and first in pages[1].split(note, 1)[1], f"{label}: the per-role chart is not under its table on page 2"
        at = _heading_pages(texts, doc.translate("Cost over {years} years").format(years=len(quote.tco.years)))
        caption = _flat(doc.translate("Yearly cost of each option, and the saving accumulated by the end of each year."))
        assert len(at) == 1 and caption in pages[at[0]], f"{label}: the 3-year chart is not on page {at[0] + 1} with its heading"
        # its table and the note under it on the same page (Maple Ridge's table went over without the chart)
        last = _flat(doc.translate("Year {n}").format(n=len(quote.tco.years)) + " " + fmt.money(quote.tco.years[-1].in_house))
        closing = _flat(fmt.date(quote.rates_as_of))  # the note's last sentence: rates as of the proposal date
        tail = pages[at[0]].split(caption, 1)[1]
        assert last in tail and closing in tail.split(last, 1)[1], f"{label}: the 3-year table or its note is not on page {at[0] + 1} with the chart"


def _shared_boxes(html_text: str) -> list[tuple[str, str]]:
    """Each box of reasons common to several roles as (its heading, its last reason), in plain text."""
    boxes = []
    for box in re.findall(r'<div class="shared-reasons">(.*?)</div>', html_text, re.S):
        plain = [_flat(html.unescape(re.sub(r"<[^>]+>", " ", part))).replace("\u2060", "").replace(" ,", ",").replace(" .", ".")
                 for part in re.findall(r"<(?:strong|li)>(.*?)</(?:strong|li)>", box, re.S)]
        boxes.append((plain[0], plain[-1]))
    return boxes


def test_the_reasons_common_to_several_roles_stay_in_one_box(documents, tmp_path):
    """The tinted box of shared reasons is never split across pages (the buyer reads a bullet at
    a page top as the next role's)."""
    seen = 0
    for label, form, doc, pdf in _each(documents):
        pages = [_flat(text).replace("\u2060", "") for text in layout_text(pdf, tmp_path)]
        for heading, last in _shared_boxes(doc.html[form]):
            seen += 1
            at = [i for i, text in enumerate(pages) if heading in text]
            assert at, f"{label}: {heading!r} not found"
            tail = " ".join(last.split()[-4:])
            assert tail in pages[at[0]].split(heading, 1)[1], f"{label}: the box {heading!r} on page {at[0] + 1} ends on the next page ({tail!r})"
    assert seen >= 10  # the check ran on most documents


def test_the_next_steps_stay_together(documents, tmp_path):
    """The next steps, their onboarding timeline and the account contact read on one page."""
    for label, _, doc, pdf in _each(documents):
        texts = layout_text(pdf, tmp_path)
        pages = [_flat(text) for text in texts]
        at = _heading_pages(texts, doc.translate("Next steps"))
        if not at:
            continue
        for part in (doc.translate("Onboarding timeline"), doc.translate("Your contact:")):
            part = _flat(part)
            if any(part in text for text in pages):
                assert part in pages[at[0]], f"{label}: {part!r} is not on page {at[0] + 1} with the next steps"


def test_the_cover_facts_keep_a_gutter(documents, tmp_path):
    """Each fact on the cover stays in its column with room before the next: a long quote number
    or contact wraps instead of running into the next column."""
    gutter = 6.0
    for label, _, doc, pdf in _each(documents):
        quote = doc.quote
        words = read_pages(pdf, tmp_path)[0].words
        by = [w for w in words if w.text == quote.prepared_by.split()[0]][-1]  # the facts' first row
        row = [w for w in words if abs(w.y0 - by.y0) < 1]
        day = Formatter(quote.locale, quote.currency, doc.translate).date(quote.date).split()[0]
        starts = [min(w.x0 for w in row), by.x0, min(w.x0 for w in row if w.text == day and w.x0 > by.x0)]
        flag = doc.translate("Sample pricing: staff-leasing fees in this document illustrate the method and are not an offer.").split()[0]
        bottom = min([w.y0 for w in words if w.text == flag and w.y0 > by.y0] or [float("inf")])
        for w in words:
            if not by.y0 - 1 <= w.y0 < bottom:
                continue
            column = max(i for i, x in enumerate(starts) if x <= w.x0 + SLACK)
            if column < 2:
                assert w.x1 <= starts[column + 1] - gutter, f"{label}: cover fact {w.text!r} ends at {w.x1:.1f} pt, the next column starts at {starts[column + 1]:.1f}"


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
        if not any(role.supplied_by_us for role in doc.quote.roles):
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


def test_the_providers_address_never_opens_a_page(documents, tmp_path):
    """The address line closes the terms (or the signatures): a form without signatures left it alone
    atop a page (Bright Smile page 5)."""
    for label, _, doc, pdf in _each(documents):
        brand = doc.html["full"].split('<meta name="author" content="', 1)[1].split('"', 1)[0]  # the provider's legal name
        for number, page in enumerate(read_pages(pdf, tmp_path)[1:], start=2):
            opening = " ".join(w.text for w in page.body[: len(brand.split()) + 1])
            assert opening != brand + " ·", f"{label} page {number} opens with the provider's address"


def test_the_key_to_est_only_where_a_figure_is_marked_est(documents, tmp_path):
    """Bright Smile compares salaries alone: nothing is an estimate, so no key to a mark it never uses."""
    keyed = 0
    for doc in documents:
        text = _flat(" ".join(layout_text(doc.full, tmp_path)))
        estimated = any(ref.source.estimate for ref in doc.quote.references)
        words = _flat(doc.translate("marks an estimate: no primary source states the figure itself; how we derived it is given with its source."))
        assert (words in text) == estimated, f"{doc.name}: key {'missing' if estimated else 'printed with nothing marked'}"
        keyed += estimated
    names = {doc.name: doc for doc in documents}
    assert not any(ref.source.estimate for ref in names["bright-smile-family-practice"].quote.references)
    assert keyed >= 4  # the key still shows on the full-cost samples


def test_the_recommendations_may_open_mid_page(documents, tmp_path):
    """The chapter starts under the comparison when its heading and first box fit there (it always
    opened a page, leaving page 2 of the short forms a quarter blank)."""
    for name in ("bright-smile-family-practice", "maple-ridge-dental", "sunbelt-property-management"):
        doc = next(d for d in documents if d.name == name)
        texts = layout_text(doc.brief, tmp_path)
        at = _heading_pages(texts, doc.translate("Recommended model per role"))
        assert at == [1], f"{name} (brief): the recommendations open page {at[0] + 1 if at else None}, not under the comparison on page 2"
