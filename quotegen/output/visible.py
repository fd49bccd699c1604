"""What a reader sees: the money and percentage figures printed on a proposal's pages,
compared with the same quote laid out afresh, section by section."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from quotegen.render.formatting import Formatter
from quotegen.money import round_whole
from quotegen.engine.phrases import Listing, Money, Pct, Phrase
from quotegen.engine.quote import Quote
from quotegen.engine.assemble import MODEL_LABELS

# Babel writes no-break, narrow no-break or thin spaces depending on the locale data, and
# text extraction may give any of them back: they all read as one no-break space.
SPACES = str.maketrans({"\u202f": "\u00a0", "\u2009": "\u00a0", "\u2212": "-"})
COVER = "cover"  # the pages before the first section with an id: cover and contents
SECTION = re.compile(r'<section\b[^>]*\bid="([^"]+)"')
RUNNING = re.compile(r'<div class="running-[a-z]+">.*?</div>', re.S)
TAG = re.compile(r"<[^>]*>")
MAX_PROBLEMS = 20  # a blank or foreign page would otherwise list every figure


class FigureFinder:
    """Finds the figures a Formatter writes (money and percentages) in a text.

    The shapes come from the Formatter itself, so they are the document's own: $1,234.56,
    1 234,56 $, 12.5% or 12,5 %.
    """

    def __init__(self, fmt: Formatter):
        group, decimal = _separators(fmt.pct(Decimal("1234.5")))
        samples = [
            fmt.money(Decimal("-1234567.89")), fmt.money(Decimal("1234567.89")),
            fmt.money_whole(Decimal("-1234568")), fmt.money_whole(Decimal("1234568")),
            fmt.pct(Decimal("-1234.5")), fmt.pct(Decimal("1234.5")), fmt.rate(Decimal("0.0765")),
        ]
        self.strict = _pattern(samples, group, decimal)
        # Chart labels (SVG text) may come back with plain spaces inside the figure; they
        # stand alone on their line, so a whole line in that shape is read as one figure.
        loose = [s.translate(SPACES).replace("\u00a0", " ") for s in samples]
        self.loose = _pattern(loose, group.replace("\u00a0", " "), decimal) if loose != samples else None

    def find(self, text: str) -> list[str]:
        found: list[str] = []
        for line in text.translate(SPACES).split("\n"):
            hits = [m.group(0) for m in self.strict.finditer(line)]
            if not hits and self.loose is not None and self.loose.fullmatch(line.strip()):
                hits = [line.strip().replace(" ", "\u00a0")]
            found.extend(hits)
        return found


def _separators(sample: str) -> tuple[str, str]:
    """The group and decimal symbols of a formatted 1,234.5."""
    number = re.search(r"\d.*\d", sample.translate(SPACES)).group(0)
    return number[1], number[-2]


def _pattern(samples: list[str], group: str, decimal: str) -> re.Pattern:
    number = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})*(?:{re.escape(decimal)}\d+)?"
    guard = re.escape(group + decimal)
    shapes = []
    for sample in samples:
        sample = sample.translate(SPACES)
        first, last = re.search(r"\d", sample).start(), max(m.end() for m in re.finditer(r"\d", sample))
        prefix = sample[:first]
        # A digit before a figure that opens with digits is part of a larger number; one
        # before a figure that opens with a symbol ends the figure before it, as text
        # extraction may give two cells with nothing between them: "$28,362.21$0.00".
        before = r"(?<![^\W\d])" if prefix.lstrip("-") else rf"(?<![\w{guard}])"
        shape = before + re.escape(prefix) + number + re.escape(sample[last:])
        if shape not in shapes:
            shapes.append(shape)
    return re.compile(rf"(?:{'|'.join(shapes)})(?!\d)")


# -- what the document should show ---------------------------------------------------------


def layout_sections(html_text: str, finder: FigureFinder) -> tuple[list[tuple[str, list[str]]], set[str]]:
    """The figures of each section of a rendered proposal, in order, and those of the running
    header and footer (printed on many pages, so allowed on any)."""
    body = html_text[html_text.find("<body"):]
    running = {figure for block in RUNNING.findall(body) for figure in finder.find(_text(block))}
    body = RUNNING.sub("", body)
    marks = list(SECTION.finditer(body))
    cuts = [(COVER, 0)] + [(m.group(1), m.start()) for m in marks]
    sections = []
    for index, (name, start) in enumerate(cuts):
        end = cuts[index + 1][1] if index + 1 < len(cuts) else len(body)
        sections.append((name, finder.find(_text(body[start:end]))))
    return sections, running


def _text(fragment: str) -> str:
    # Each tag becomes a line break: figures never span tags, and neighbouring cells stay apart.
    return html.unescape(TAG.sub("\n", fragment))


@dataclass
class Labels:
    """What each figure is, per section, in English for the person running verify."""

    fmt: Formatter
    by_section: dict[str, dict[str, list[tuple[str | None, str]]]] = field(default_factory=dict)

    def add(self, section: str, shown: str, subject: str | None, what: str) -> None:
        entries = self.by_section.setdefault(section, {}).setdefault(shown.translate(SPACES), [])
        if (subject, what) not in entries:
            entries.append((subject, what))

    def phrases(self, section: str, phrases, subject: str | None, what: str) -> None:
        for phrase in phrases:
            if isinstance(phrase, Phrase):
                for _, value in phrase.values:
                    if isinstance(value, Phrase):
                        self.phrases(section, (value,), subject, what)  # a clause with figures of its own
                    elif isinstance(value, Listing):
                        self.phrases(section, value.items, subject, what)
                    elif isinstance(value, Money):
                        self.add(section, self.fmt.money(value.amount), subject, what)
                    elif isinstance(value, Pct):
                        self.add(section, self.fmt.rate(value.fraction, max_digits=0), subject, what)

    def of(self, sections: list[str], shown: str) -> str:
        entries = [entry for name in sections for entry in self.by_section.get(name, {}).get(shown, [])]
        subjects: dict[str | None, list[str]] = {}
        for subject, what in entries:
            if what not in subjects.setdefault(subject, []):
                subjects[subject].append(what)
        parts = [(f"{subject}, " if subject else "") + " or ".join(whats) for subject, whats in subjects.items()]
        return f" ({'; '.join(parts)})" if parts else ""


def quote_labels(quote: Quote, fmt: Formatter) -> Labels:
    """Name the figures the templates show, section by section, from the quote itself."""
    labels = Labels(fmt)
    add, money, whole, totals = labels.add, fmt.money, fmt.money_whole, quote.totals
    headline = [
        (whole(totals.savings_whole), "estimated annual saving"),
        (fmt.pct(totals.savings_pct), "saving as a share of today's in-house cost"),
        (whole(totals.savings_monthly_whole), "saving a month"),
    ]
    if quote.sensitivity.varies:
        headline += [(whole(quote.sensitivity.low_savings_whole), "low end of the saving range"),
                     (whole(quote.sensitivity.high_savings_whole), "high end of the saving range")]
    ongoing = quote.sensitivity.ongoing  # the headline's range beside one-off and time-bound work
    if ongoing is not None and ongoing.varies:
        headline += [(whole(ongoing.low_savings_whole), "low end of the ongoing work's saving range"),
                     (whole(ongoing.high_savings_whole), "high end of the ongoing work's saving range")]
    for shown, what in headline:
        add(COVER, shown, None, what)
        add("summary", shown, None, what)
    add("summary", whole(totals.in_house_whole), None, "in-house cost a year")
    add("summary", whole(totals.proposed_whole), None, "proposed cost a year")
    add("comparison", money(totals.in_house_annual), None, "total in-house annual")
    add("comparison", money(totals.proposed_annual), None, "total proposed annual")
    add("comparison", money(totals.savings_annual), None, "total annual saving")
    for role in quote.roles:
        title, rec = role.title, role.recommendation
        add("summary", whole(round_whole(role.in_house.annual)), title, "in-house annual in the chart")
        add("summary", whole(round_whole(role.proposed.annual)), title, "proposed annual in the chart")
        for section in ("comparison", "breakdown"):
            add(section, money(role.in_house.annual), title, "in-house annual")
            add(section, money(role.savings_annual), title, "annual saving")
        add("comparison", money(role.proposed.annual), title, "proposed annual")
        labels.phrases("recommendations", rec.reasons + rec.cautions, title, "reasons")
        for alt in rec.alternatives:
            if alt.annual is not None:
                add("recommendations", money(alt.annual), title, f"{MODEL_LABELS[alt.model]} considered, a year")
            labels.phrases("recommendations", (alt.summary,), title, f"{MODEL_LABELS[alt.model]} considered")
        add("breakdown", money(role.salary), title, "salary")
        add("breakdown", money(role.in_house.per_head), title, "in-house total per head")
        parts = [("in-house", role.in_house)]
        if rec.model != "in_house" and not role.priced_on_request:
            add("breakdown", money(role.proposed.per_head), title, "proposed total per head")
            add("breakdown", money(role.proposed.annual), title, "proposed annual")
            parts.append(("proposed", role.proposed))
        for _, breakdown in parts:
            for line in breakdown.lines:
                add("breakdown", money(line.per_head), title, f"{line.label}, per head")
                add("breakdown", money(line.annual), title, f"{line.label}, all heads")
                if line.unit == "wages" and line.rate is not None:
                    add("breakdown", fmt.rate(line.rate), title, f"{line.label}, rate")
                    add("breakdown", money(line.base), title, f"{line.label}, wages it applies to")
                elif line.unit in ("hours", "fte", "months"):
                    add("breakdown", money(line.rate), title, f"{line.label}, rate")
                if line.label_phrase is not None:
                    labels.phrases("breakdown", (line.label_phrase,), title, line.label)
    tco = quote.tco
    add("ownership", money(tco.years[-1].cumulative_savings), None, f"saving over {len(tco.years)} years")
    if tco.one_time:
        add("ownership", money(tco.one_time), None, "one-time set-up fees")
    for row in tco.years:
        add("ownership", money(row.in_house), None, f"year {row.year} in-house")
        add("ownership", money(row.proposed), None, f"year {row.year} proposed")
        add("ownership", money(row.savings), None, f"year {row.year} saving")
        add("ownership", money(row.cumulative_savings), None, f"year {row.year} cumulative saving")
        add("ownership", whole(round_whole(row.cumulative_savings)), None, f"year {row.year} cumulative saving in the chart")
    add("ownership", fmt.rate(tco.salary_growth), None, "salary growth a year")
    add("ownership", fmt.rate(tco.escalation), None, "price escalation a year")
    labels.phrases("assumptions", quote.notes, None, "assumption notes")
    for ref in quote.references:
        if ref.rate is not None and ref.kind not in ("workers_comp", "fx"):
            add("assumptions", fmt.rate(ref.rate), ref.label, "rate")
        for name in ("lower", "upper", "amount"):
            value = getattr(ref, name)
            if value is not None and ref.kind not in ("hours",):
                add("assumptions", money(value), ref.label, {"lower": "from", "upper": "up to", "amount": "amount"}[name])
    return labels


# -- what the document shows ---------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    name: str
    figures: tuple[str, ...]
    first: int  # pages, from 1
    last: int


@dataclass
class Result:
    pages: int
    figures: int  # how many figures the quote puts on the pages
    problems: list[str]  # in page order


def check_pages(reader, quote: Quote, renderer) -> Result:
    """Compare the figures printed on a proposal's pages with the quote laid out afresh by
    the same theme, in the form (full or short) the file has."""
    fmt = Formatter(quote.locale, quote.currency, renderer.catalogue(quote.locale).translate)
    finder = FigureFinder(fmt)
    seen = [finder.find(page.extract_text()) for page in reader.pages]
    layouts = []
    for brief in (False, True):  # the short form's sections are a subset: try the full one first
        sections, running = layout_sections(renderer.html(quote, medium="print", brief=brief), finder)
        placed = place_sections(reader, sections, len(seen))
        if placed is not None:
            return compare(seen, placed, running, quote_labels(quote, fmt))
        layouts.append((sections, running))
    # No destinations to place the sections by: the whole file is one part, laid out in
    # whichever form is closer to what it shows.
    sections, running = min(layouts, key=lambda layout: _gap(layout[0], seen))
    placed = [Section(name, tuple(figures), 1, max(1, len(seen))) for name, figures in sections]
    return compare(seen, placed, running, quote_labels(quote, fmt))


def _gap(sections: list[tuple[str, list[str]]], seen: list[list[str]]) -> int:
    """How many figures differ between a layout and the pages."""
    wanted = Counter(figure for _, figures in sections for figure in figures)
    shown = Counter(figure for page in seen for figure in page)
    return sum(((wanted - shown) + (shown - wanted)).values())


def place_sections(reader, sections: list[tuple[str, list[str]]], pages: int) -> list[Section] | None:
    """Each section's pages, from the PDF's named destinations (one per section id).

    A section that starts at the top of a page owns the pages up to the next such start; one
    that starts lower down shares its first page with the section before it. None when the
    file lacks a section's destination.
    """
    try:
        found = {name: (reader.get_destination_page_number(dest) + 1, float(dest.top or 0))
                 for name, dest in reader.named_destinations.items()}
    except Exception:  # a damaged name tree only costs the page-by-page placing
        return None
    names = [name for name, _ in sections if name != COVER]
    if not names or any(name not in found for name in names):
        return None
    highest = max(found[name][1] for name in names)
    starts = [(1, True)] + [(found[name][0], abs(found[name][1] - highest) < 1) for name in names]
    if any(later[0] < earlier[0] for earlier, later in zip(starts, starts[1:])):
        return None
    placed = []
    for index, (name, figures) in enumerate(sections):
        first = starts[index][0]
        if index + 1 < len(starts):
            following, at_top = starts[index + 1]
            last = max(first, following - 1 if at_top else following)
        else:
            last = max(first, pages)
        placed.append(Section(name, tuple(figures), first, last))
    return placed


def compare(seen: list[list[str]], placed: list[Section], running: set[str], labels: Labels) -> Result:
    """Every figure the sections should show against the figures on their pages.

    Each figure printed must stand for a place where a section gives it, on that section's
    pages, so a figure moved to another page is caught even where sections share pages. A
    figure left over on a page is paired, where it can be, with the figure missing from
    that page that it most resembles (a changed digit reads as one change, not two).
    """
    problems: list[tuple[int, str]] = []
    for part in _parts(placed):
        first, last = part[0].first, max(s.last for s in part)
        figures = _Figures(part)
        for page in range(first, last + 1):
            for figure in seen[page - 1]:
                if figure not in running:
                    figures.pages.setdefault(figure, []).append(page)
        over = [g for g in figures.pages if figures.surplus(g)]
        short = [m for m in figures.places if figures.missing(m)]
        candidates = sorted(
            (_distance(g, m), page, g, m)
            for g in over for page in sorted(set(figures.pages[g])) if figures.could_spare(g, page)
            for m in short if _kind(m) == _kind(g) and figures.could_take(m, page)
        )
        for _, page, g, m in candidates:  # each pairing changes what the others may pair
            if figures.could_spare(g, page) and figures.could_take(m, page):
                figures.pages[g].remove(page)
                figures.pages.setdefault(m, []).append(page)
                where = [s.name for s in part if m in s.figures and s.first <= page <= s.last]
                problems.append((page, f"page {page} shows {g} where the quote gives {m}{labels.of(where, m)}"))
        for g in over:
            for page in figures.left_over(g):
                known = any(g in s.figures for s in placed)
                why = "more often than the quote gives it there" if known else "which is no figure of the quote"
                problems.append((page, f"page {page} shows {g}, {why}"))
        for m in short:
            count = figures.missing(m)
            if not count:
                continue
            owners = figures.could_lack(m)
            low, high = min(s.first for s in owners), max(s.last for s in owners)
            expected = sum(s.figures.count(m) for s in owners)
            label = labels.of([s.name for s in owners], m)
            where = f"page {low}" if low == high else f"pages {low}-{high}"
            if expected == 1:
                absent = "is not on the page" if low == high else "is not on these pages"
            else:
                absent = f"{expected} times, found {expected - count}"
            problems.append((low, f"{where}: expected {m}{label} {absent}"))
    problems.sort(key=lambda item: item[0])
    return Result(len(seen), sum(len(s.figures) for s in placed), [message for _, message in problems])


def _parts(placed: list[Section]) -> list[list[Section]]:
    """Runs of sections that share pages."""
    parts: list[list[Section]] = []
    for section in placed:
        if parts and section.first <= max(s.last for s in parts[-1]):
            parts[-1].append(section)
        else:
            parts.append([section])
    return parts


class _Figures:
    """Within a run of sections that share pages: where each figure is printed (a page per
    time) and where the quote gives it (a section per time).

    Counting a figure over the whole run would miss two figures swapped between two of its
    pages; instead each printed figure must take a place that a section gives on its page,
    and the differences are what the best such matching leaves over on either side.
    """

    def __init__(self, part: list[Section]):
        self.part = part
        self.pages: dict[str, list[int]] = {}
        self.places: dict[str, list[Section]] = {}
        for section in part:
            for figure in section.figures:
                self.places.setdefault(figure, []).append(section)

    def surplus(self, figure: str) -> int:
        return len(self.pages.get(figure, [])) - _matched(self.pages.get(figure, []), self.places.get(figure, []))

    def missing(self, figure: str) -> int:
        return len(self.places.get(figure, [])) - _matched(self.pages.get(figure, []), self.places.get(figure, []))

    def could_spare(self, figure: str, page: int) -> bool:
        """Whether one printing of the figure on this page can be the one too many."""
        pages = self.pages.get(figure, [])
        if page not in pages:
            return False
        fewer = list(pages)
        fewer.remove(page)
        places = self.places.get(figure, [])
        return _matched(fewer, places) == _matched(pages, places)

    def could_take(self, figure: str, page: int) -> bool:
        """Whether one more printing of the figure on this page would fill a place left empty."""
        pages, places = self.pages.get(figure, []), self.places.get(figure, [])
        return _matched([*pages, page], places) > _matched(pages, places)

    def could_lack(self, figure: str) -> list[Section]:
        """The sections that may be the ones whose figure is not printed."""
        pages, places = self.pages.get(figure, []), self.places.get(figure, [])
        best = _matched(pages, places)
        owners = []
        for section in self.part:
            if section in places and section not in owners:
                fewer = list(places)
                fewer.remove(section)
                if _matched(pages, fewer) == best:
                    owners.append(section)
        return owners

    def left_over(self, figure: str) -> list[int]:
        """The pages of the printings that no place takes, the later ones where it is a choice."""
        return _matching(self.pages.get(figure, []), self.places.get(figure, []))[1]


def _matching(pages: list[int], places: list[Section]) -> tuple[int, list[int]]:
    """Pair printings (by page) with places (sections) whose pages hold them: how many pair
    and which pages are left over. Page by page, each printing takes the open place that
    ends soonest, which pairs as many as any matching can."""
    open_places = list(places)
    paired, over = 0, []
    for page in sorted(pages):
        fitting = [s for s in open_places if s.first <= page <= s.last]
        if fitting:
            open_places.remove(min(fitting, key=lambda s: s.last))
            paired += 1
        else:
            over.append(page)
    return paired, over


def _matched(pages: list[int], places: list[Section]) -> int:
    return _matching(pages, places)[0]


def _kind(figure: str) -> str:
    return "percent" if "%" in figure else "money"


def _distance(a: str, b: str) -> int:
    """Edit distance: how many characters separate two figures."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
