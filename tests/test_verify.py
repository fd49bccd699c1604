"""`quotegen verify`: a proposal carries its inputs and figures, and can be re-checked,
both the quote attached to it and the figures a reader sees on its pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from click.testing import CliRunner

from quotegen.api import build_quote, load_client
from quotegen.cli import main
from quotegen.input.provider import load_config
from quotegen.render.json_export import quote_to_json
from quotegen.render.formatting import Formatter
from quotegen.output.visible import FigureFinder

from .conftest import CLIENTS, ROOT

pytestmark = pytest.mark.slow  # renders and tampers with whole PDFs: `make test-fast` leaves it out

MERIDIAN = ROOT / "examples" / "meridian"


@pytest.fixture
def made(tmp_path, monkeypatch, config, renderer):
    """A fresh proposal PDF of the case study in an empty workspace, and a way to make
    variants of it with a doctored embedded quote."""
    monkeypatch.chdir(tmp_path)
    loaded = load_client(CLIENTS / "bright-smile-family-practice.yaml", config)
    quote = build_quote(loaded.client_file, config)

    def pdf(name="p.pdf", doctor=None):
        data = json.loads(quote_to_json(quote))
        if doctor:
            doctor(data)
        path = tmp_path / name
        path.write_bytes(renderer.pdf(quote, client_source=loaded.source_text, quote_json=json.dumps(data, indent=2)))
        return path

    return pdf


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_fresh_proposal_verifies(made):
    made()
    result = run("verify", "p.pdf")
    assert (result.exit_code, result.stdout) == (0, "p.pdf: all 447 values match, and all 93 figures on its 6 pages\n")


def test_a_changed_figure_is_named(made):
    def doctor(data):
        data["totals"]["savings_annual"] = "140000.00"
        data["roles"][1]["in_house"]["annual"] = "30000.00"

    made("changed.pdf", doctor)
    result = run("verify", "changed.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "changed.pdf: 2 of 447 values differ from what today's engine and data give:",
        '  roles[1].in_house.annual: "30000.00" in the document, "29000.00" now',
        '  totals.savings_annual: "140000.00" in the document, "132000.00" now',
    ]


def test_a_rate_card_change_since_the_proposal_is_reported(made, tmp_path):
    made()
    # The same client priced with a dearer provider: third-party quotes stay, leasing moves.
    (tmp_path / "quotegen.yaml").write_text(
        "pricing:\n  source: New card\n  year: 2027\n  currency: USD\n  escalation_pct: '5'\n"
    )
    result = run("verify", "p.pdf")
    assert result.exit_code == 1
    assert "  tco.price_escalation: \"0.03\" in the document, \"0.05\" now" in result.stderr


def test_a_pdf_without_attachments_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(tmp_path / "plain.pdf")
    result = run("verify", "plain.pdf")
    assert (result.exit_code, result.stderr) == (1, "plain.pdf: has no embedded client.yaml or quote.json; was it made by quotegen?\n")


def test_not_a_pdf(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.pdf").write_text("hello")
    result = run("verify", "x.pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith("x.pdf: is not a readable PDF")


# -- the figures on the pages --------------------------------------------------------------

_FONT_OR_TEXT = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ")
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_TRIPLE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _to_unicode(font) -> dict[str, str]:
    """A subset font's glyph codes (4 hex digits) and the text each stands for."""
    data = font["/ToUnicode"].get_object().get_data()
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in _PAIR.findall(block):
            table[code.decode().lower()] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in _TRIPLE.findall(block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[f"{code:04x}"] = chr(int(start, 16) + offset)
    return table


def tamper(source, target, figure: str, replacement: str, page: int | None = None) -> int:
    """Copy a PDF, redrawing the first `figure` drawn within one text run (of `page`, if
    given) as `replacement` (as long, only digits changed) by swapping glyph codes in the
    page's content stream; returns the page number.

    WeasyPrint writes subset glyph ids as hex strings, so digits are read and written through
    each font's ToUnicode map; the attachments are left as they were.
    """
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject

    writer = PdfWriter(clone_from=str(source))
    for number, drawn in enumerate(writer.pages, 1):
        if page is not None and number != page:
            continue
        fonts = {name[1:]: _to_unicode(font.get_object()) for name, font in drawn["/Resources"]["/Font"].items()}
        data = drawn.get_contents().get_data()
        font: dict[str, str] = {}
        for op in _FONT_OR_TEXT.finditer(data):
            if op.group(1):
                font = fonts.get(op.group(1).decode(), {})
                continue
            strings = [(op.start(2) + m.start(1), m.group(1).decode().lower()) for m in re.finditer(rb"<([0-9A-Fa-f]*)>", op.group(2))]
            glyphs = [(at + i, code[i:i + 4]) for at, code in strings for i in range(0, len(code), 4)]
            # Which glyph draws each character of the run (a ligature draws several).
            drawn_by = [glyph for glyph in glyphs for _ in font.get(glyph[1], "\ufffd")]
            text = "".join(font.get(code, "\ufffd") for _, code in glyphs)
            start = text.find(figure)
            if start < 0:
                continue
            for offset, (old, new) in enumerate(zip(figure, replacement)):
                if old != new:  # the glyph for the new digit nearest in id: the same digit style
                    at, code = drawn_by[start + offset]
                    swap = min((c for c, t in font.items() if t == new), key=lambda c: abs(int(c, 16) - int(code, 16)))
                    data = data[:at] + swap.encode() + data[at + 4:]
            stream = DecodedStreamObject()
            stream.set_data(data)
            drawn.replace_contents(stream)
            writer.write(str(target))
            return number
    raise LookupError(f"{figure!r} is drawn by no single text run of {source}" + (f", page {page}" if page else ""))


@pytest.fixture(scope="module")
def samples(tmp_path_factory, config, renderer):
    """Proposals of five samples in one directory: English and French in full, Canadian
    English, the second brand (its own theme and fonts) and the one with roles priced on
    request in the short form."""
    from quotegen.render.renderer import Renderer

    folder = tmp_path_factory.mktemp("samples")
    meridian = load_config(MERIDIAN)
    made = [
        ("harborline.pdf", CLIENTS / "harborline-logistics.yaml", False, config, renderer),
        ("laurentides.pdf", CLIENTS / "distribution-laurentides.yaml", False, config, renderer),
        ("maple-brief.pdf", CLIENTS / "maple-ridge-dental.yaml", True, config, renderer),
        ("sunbelt-brief.pdf", MERIDIAN / "clients" / "sunbelt-property-management.yaml", True, meridian, Renderer(meridian)),
        ("cascadia-brief.pdf", CLIENTS / "cascadia-outdoor-supply.yaml", True, config, renderer),
    ]
    for name, client, brief, cfg, rend in made:
        loaded = load_client(client, cfg)
        quote = build_quote(loaded.client_file, cfg)
        (folder / name).write_bytes(rend.pdf(quote, client_source=loaded.source_text, quote_json=quote_to_json(quote), brief=brief))
    return folder


@pytest.mark.parametrize(
    "name, args, said",
    [
        ("harborline.pdf", (), "all 1639 values match, and all 361 figures on its 9 pages"),
        ("laurentides.pdf", (), "all 1357 values match, and all 221 figures on its 8 pages"),
        ("maple-brief.pdf", (), "all 1340 values match, and all 51 figures on its 4 pages"),
        ("sunbelt-brief.pdf", ("--config", str(MERIDIAN / "quotegen.yaml")), "all 1159 values match, and all 48 figures on its 4 pages"),
        # roles priced on request, seasonal and one-off work, several providers
        ("cascadia-brief.pdf", (), "all 2647 values match, and all 99 figures on its 6 pages"),
    ],
)
def test_untouched_samples_verify_in_full_and_short_form_english_and_french(samples, monkeypatch, name, args, said):
    monkeypatch.chdir(samples)
    result = run("verify", name, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{name}: {said}\n", "")


def printed(pdf, path: str, kind: str = "money") -> str:
    """A figure of the quote embedded in a proposal, as its document prints it; `path` as
    verify names it: roles[1].in_house.annual."""
    from pypdf import PdfReader

    quote = json.loads(PdfReader(pdf).attachments["quote.json"][0])
    value = quote
    for key in re.findall(r"[^.\[\]]+", path):
        value = value[int(key)] if key.isdigit() else value[key]
    fmt = Formatter(quote["locale"], quote["currency"])
    return fmt.money(Decimal(value)) if kind == "money" else fmt.rate(Decimal(value))


def one_digit_off(figure: str) -> str:
    """The figure with its last digit changed: as long, one digit apart."""
    at = max(index for index, char in enumerate(figure) if char.isdigit())
    return figure[:at] + str((int(figure[at]) + 1) % 10) + figure[at + 1:]


@pytest.mark.parametrize(
    "name, path, kind, page, what",
    [
        ("harborline.pdf", "roles[1].in_house.annual", "money", 2, "Bookkeeping clerk, in-house annual"),
        # French: formatted as the document prints it, with no-break spaces as separators
        ("laurentides.pdf", "roles[1].in_house.annual", "money", 2, "Commis à la comptabilité, in-house annual"),
        (  # the short form: the recommendations, which give the figure too, start on its page
            "maple-brief.pdf", "roles[2].in_house.annual", "money", 2, "Bookkeeper, in-house annual",
        ),
        # the cost over time, in the full form only
        ("harborline.pdf", "tco.salary_growth", "rate", 4, "salary growth a year"),
    ],
)
def test_one_changed_digit_on_a_page_is_named_with_its_page(samples, monkeypatch, name, path, kind, page, what):
    monkeypatch.chdir(samples)
    figure = printed(name, path, kind)
    replacement = one_digit_off(figure)
    target = f"tampered-{path}-{name}"
    assert tamper(name, target, figure, replacement) == page
    result = run("verify", target)
    # The attachments were not touched: the pages alone give the change away.
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"{target}: page {page} shows {replacement} where the quote gives {figure} ({what})\n"
    )


def test_a_figure_tampered_with_is_one_digit_off_in_its_own_shape():
    """What the test above prints instead: the last digit (a cent) changed, the rest kept."""
    assert [one_digit_off(figure) for figure in ("$70,744.12", "66\u00a0945,84\u00a0$", "3.6%", "$29,999.99")] == [
        "$70,744.13", "66\u00a0945,85\u00a0$", "3.7%", "$29,999.90",
    ]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is installed by `make test`")
def test_the_tampered_copy_is_a_sound_pdf(samples, tmp_path):
    """The change is in the content stream only: the file stays structurally clean."""
    figure = printed(samples / "harborline.pdf", "roles[1].in_house.annual")
    tamper(samples / "harborline.pdf", tmp_path / "t.pdf", figure, one_digit_off(figure))
    result = subprocess.run(["qpdf", "--check", str(tmp_path / "t.pdf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_headline_changed_on_the_cover_is_named(made):
    made()
    assert tamper("p.pdf", "cover.pdf", "$132,000", "$133,000") == 1
    result = run("verify", "cover.pdf")
    assert (result.exit_code, result.stderr) == (1, "cover.pdf: page 1 shows $133,000 where the quote gives $132,000 (estimated annual saving)\n")


def test_a_figure_changed_into_another_figure_of_the_quote_is_caught(made):
    """$29,000.00 is a figure of the quote (the janitor's), so only counting the figures on
    each page tells that the receptionist's $33,000.00 was replaced, and on which page: the
    sections from the summary to the breakdown run on into each other over pages 2 to 6."""
    made()
    assert tamper("p.pdf", "swapped.pdf", "$33,000.00", "$29,000.00") == 2
    result = run("verify", "swapped.pdf")
    assert (result.exit_code, result.stderr) == (
        1,
        "swapped.pdf: page 2 shows $29,000.00 where the quote gives $33,000.00"
        " (Receptionist, in-house annual or proposed annual; Accountant, annual saving)\n",
    )


def test_two_figures_swapped_between_pages_of_sections_that_run_on_are_both_caught(made):
    """The total annual saving in the comparison (page 2) and the year-2 saving of the cost
    over three years (page 4) swapped: the sections run on into each other over pages 2 to 4,
    and over those pages together every figure is there as often as before, so each figure
    must be matched with a section on its own page."""
    made()
    assert tamper("p.pdf", "half.pdf", "$132,000.00", "$137,010.00", page=2) == 2
    assert tamper("half.pdf", "swapped.pdf", "$137,010.00", "$132,000.00", page=4) == 4
    result = run("verify", "swapped.pdf")
    assert (result.exit_code, result.stderr.splitlines()) == (1, [
        "swapped.pdf: page 2 shows $137,010.00 where the quote gives $132,000.00 (total annual saving)",
        "swapped.pdf: page 4 shows $132,000.00 where the quote gives $137,010.00 (year 2 saving)",
    ])


def test_pages_without_the_figures_are_reported_and_the_list_is_cut_short(made, tmp_path):
    """A blank page carrying a real proposal's attachments: every figure is missing."""
    from pypdf import PdfReader, PdfWriter

    made()
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    for name, contents in PdfReader("p.pdf").attachments.items():
        writer.add_attachment(name, contents[0])
    writer.write(tmp_path / "blank.pdf")
    result = run("verify", "blank.pdf")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert lines[:2] == [
        "blank.pdf: page 1: expected $132,000 (estimated annual saving) 2 times, found 0",
        "blank.pdf: page 1: expected 55.7% (saving as a share of today's in-house cost) 2 times, found 0",
    ]
    assert lines[-1] == "blank.pdf: and 14 more differences on the pages"
    assert len(lines) == 21


def test_a_copy_without_named_destinations_is_checked_as_one_part(made):
    """Tools that rewrite a PDF may drop the destinations that place each section; the pages
    are then compared as a whole, still exactly."""
    from pypdf import PdfWriter

    made()
    writer = PdfWriter(clone_from="p.pdf")
    del writer._root_object["/Names"]["/Dests"]
    writer.write("plain-copy.pdf")
    assert run("verify", "plain-copy.pdf").stdout == "plain-copy.pdf: all 447 values match, and all 93 figures on its 6 pages\n"
    assert tamper("plain-copy.pdf", "plain-changed.pdf", "$54,000.00", "$54,000.01") == 2
    result = run("verify", "plain-changed.pdf")
    assert (result.exit_code, result.stderr) == (
        1, "plain-changed.pdf: page 2 shows $54,000.01 where the quote gives $54,000.00 (Marketer, annual saving)\n"
    )


@pytest.mark.parametrize(
    "text, found",
    [
        # Babel and text extraction use any of three no-break spaces: all read as one.
        ("1\u202f234,56\u00a0$ et 2\u2009000\u00a0$", ["1\u00a0234,56\u00a0$", "2\u00a0000\u00a0$"]),
        # A head count before a figure is a separate number, not a digit group.
        ("3 185\u00a0567,94\u00a0$ Location", ["185\u00a0567,94\u00a0$"]),
        # A chart label alone on its line, with plain spaces.
        ("Année 1\n168 440 $\n", ["168\u00a0440\u00a0$"]),
        ("15,9\u00a0% · 4\u00a0801\u00a0$ par mois", ["15,9\u00a0%", "4\u00a0801\u00a0$"]),
    ],
)
def test_figures_are_found_in_the_documents_french_shapes(text, found):
    assert FigureFinder(Formatter("fr_CA", "CAD")).find(text) == found


def test_figures_are_found_in_the_documents_english_shapes():
    finder = FigureFinder(Formatter("en_US", "USD"))
    assert finder.find("Total 5 $237,000.00 -$1,200.50 55.7% · $11,000 a month; 7.65% of $44,000.00.") == [
        "$237,000.00", "-$1,200.50", "55.7%", "$11,000", "7.65%", "$44,000.00",
    ]
    # Text extraction may give two table cells with nothing between them (Cascadia's "on
    # request" row once came out so): a figure that opens with its symbol still starts there.
    assert finder.find("Staff augmentation on request $28,362.21$0.00") == ["$28,362.21", "$0.00"]
    assert finder.find("$1,000-$1,200.50") == ["$1,000", "-$1,200.50"]
    # A letter before the symbol makes it another currency's, and a digit before a
    # percentage is part of a larger number: neither is read.
    assert finder.find("US$5 A$7 1,0005.5%") == []
    assert Formatter("en_US", "USD").money(Decimal("-1200.5")) == "-$1,200.50"  # the shape assumed above
