"""Glyphs: client text the theme's fonts cannot draw is refused by validate, render and build."""

from __future__ import annotations

import shutil
import time

import pytest
from click.testing import CliRunner

from quotegen.cli import main
from quotegen.input.provider import load_config
from quotegen.render.glyphs import covered_code_points, document_font_files, glyph_errors, missing_characters
from quotegen.input.document import parse_document
from quotegen.data.tables import builtin_theme_dir

from .conftest import ROOT, client_yaml

HINT = "use Latin, Greek, Cyrillic, Arabic or Hebrew script, or a brand font that has them"
INTER = builtin_theme_dir() / "fonts" / "Inter-Regular.otf"
DEJAVU = (builtin_theme_dir() / "fonts" / "fallback" / "DejaVuSans.ttf", builtin_theme_dir() / "fonts" / "fallback" / "DejaVuSans-Bold.ttf")
OPEN_SANS = ROOT / "examples" / "meridian" / "templates" / "fonts" / "OpenSans-Regular.ttf"


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(here, text, name="c.yaml"):
    (here / name).write_text(text, encoding="utf-8")
    return name


@pytest.mark.parametrize("name", [
    "Οδοντιατρείο Αθηνών",  # Greek
    "Стоматология Москва",  # Cyrillic
    "Clínica Dental Zoë Ørsted Łódź",  # accented Latin
    "Zoe\u0308 Cafe\u0301",  # decomposed accents: drawn with the composed letters
    "Bright\u00a0Smile\u202fCo\u200b\u200d",  # no-break spaces, zero-width space and joiner
    "Smile \u2764\ufe0f Co",  # a heart the font has, with the emoji-style selector
    "عيادة الأسنان",  # Arabic: from the fallback font
    "\u200fמרפאת שיניים\u200e",  # Hebrew, with right-to-left and left-to-right marks
])
def test_scripts_the_fonts_have_pass_validate(here, name):
    text = client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n").replace("name: Test Co", f'name: "{name}"')
    result = run("validate", write(here, text))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "c.yaml: ok\n", "")


def test_arabic_comes_from_the_fallback_font_alone():
    """Without the theme's fallback font, Inter alone would refuse an Arabic name."""
    document = parse_document("client: {name: عيادة}\n".encode(), "c.yaml")
    assert [str(e) for e in glyph_errors(document, covered_code_points((INTER,)))] == [
        "c.yaml:1:16: client.name: the brand font cannot show ع (U+0639 ARABIC LETTER AIN), ي (U+064A ARABIC LETTER YEH), "
        "ا (U+0627 ARABIC LETTER ALEF), د (U+062F ARABIC LETTER DAL), ة (U+0629 ARABIC LETTER TEH MARBUTA); "
        "use Latin, Greek or Cyrillic script, or a brand font that has them"
    ]
    assert glyph_errors(document, covered_code_points((INTER, *DEJAVU))) == []


def test_render_refuses_an_emoji_title_and_writes_nothing(here):
    name = write(here, client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n  - {title: \"Ops 🚀\", family: admin, salary: 40000}\n"))
    result = run("render", name, "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"c.yaml:11:13: roles[1].title: the brand font cannot show 🚀 (U+1F680 ROCKET); {HINT}\n"
        "1 of 1 file(s) failed; nothing was written for them.\n"
    )
    assert not (here / "out").exists()
    assert ".notdef" not in result.output


def test_build_refuses_a_chinese_name(here):
    (here / "clients").mkdir()
    write(here, client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n").replace("name: Test Co", "name: 北京"), "clients/bj.yaml")
    result = run("build", "-j", "1", "-f", "json")
    assert result.exit_code == 1
    assert (
        "clients/bj.yaml:2:9: client.name: the brand font cannot show 北 (U+5317 CJK UNIFIED IDEOGRAPH-5317), "
        f"京 (U+4EAC CJK UNIFIED IDEOGRAPH-4EAC); {HINT}\n"
    ) in result.stderr
    assert not list((here / "output").glob("bj.*"))


def test_every_string_value_is_checked_and_each_character_listed_once(here):
    text = """client:
  name: Test Co
  country: US
  region: TX
  contact: {name: 東東京, email: a@example.com, phone: "+1 555 📞"}
proposal: {date: 2026-11-28, prepared_by: "Jo 🙂🙂"}
roles:
  - {title: Clerk, family: admin, salary: 50000, third_party_quote: {annual: 1000, model: bpo, provider: "Firm 💼"}}
"""
    result = run("validate", write(here, text))
    assert result.stderr == (
        f"c.yaml:5:19: client.contact.name: the brand font cannot show 東 (U+6771 CJK UNIFIED IDEOGRAPH-6771), 京 (U+4EAC CJK UNIFIED IDEOGRAPH-4EAC); {HINT}\n"
        f"c.yaml:5:53: client.contact.phone: the brand font cannot show 📞 (U+1F4DE TELEPHONE RECEIVER); {HINT}\n"
        f"c.yaml:6:43: proposal.prepared_by: the brand font cannot show 🙂 (U+1F642 SLIGHTLY SMILING FACE); {HINT}\n"
        f"c.yaml:8:106: roles[0].third_party_quote.provider: the brand font cannot show 💼 (U+1F4BC BRIEFCASE); {HINT}\n"
    )


def test_a_character_without_a_name_is_shown_by_its_code_point():
    covered = covered_code_points((INTER,))
    assert missing_characters("Acme \u0378\U000e0001x", covered) == ["\u0378"]  # U+E0001 is a tag (format), not drawn
    document = parse_document(b'client: {name: "Acme \\u0378"}\n', "c.yaml")
    assert [str(e) for e in glyph_errors(document, covered)] == [
        "c.yaml:1:16: client.name: the brand font cannot show \u0378 (U+0378); use Latin, Greek or Cyrillic script, or a brand font that has them"
    ]


def test_the_hint_names_only_the_scripts_the_fonts_have():
    ascii_only = frozenset(range(0x20, 0x7F))
    document = parse_document("client: {name: Ωμέγα}\n".encode(), "c.yaml")
    assert [e.message for e in glyph_errors(document, ascii_only)] == [
        "the brand font cannot show Ω (U+03A9 GREEK CAPITAL LETTER OMEGA), μ (U+03BC GREEK SMALL LETTER MU), "
        "έ (U+03AD GREEK SMALL LETTER EPSILON WITH TONOS), γ (U+03B3 GREEK SMALL LETTER GAMMA), α (U+03B1 GREEK SMALL LETTER ALPHA); "
        "use Latin script, or a brand font that has them"
    ]


def test_a_workspace_brand_font_is_the_one_checked(tmp_path):
    workspace = shutil.copytree(ROOT / "examples" / "meridian", tmp_path / "meridian")
    config = load_config(workspace)
    fallback = tuple(path.resolve() for path in DEJAVU)
    assert document_font_files(config) == ((workspace / "templates" / "fonts" / "OpenSans-Regular.ttf").resolve(), *fallback)
    assert document_font_files(load_config(None)) == (INTER.resolve(), *fallback)


def test_coverage_is_read_once_and_again_when_the_font_changes(tmp_path):
    font = tmp_path / "templates" / "fonts" / "Brand-Regular.otf"
    font.parent.mkdir(parents=True)
    shutil.copy(INTER, font)
    first = covered_code_points((font,))
    assert covered_code_points((font,)) is first  # cached: the same set, not read again
    shutil.copy(OPEN_SANS, font)  # another font under the same name: a new size and time
    assert covered_code_points((font,)) != first
    assert covered_code_points((tmp_path / "missing.otf",)) == frozenset()


def test_no_readable_font_means_no_check_here():
    """A theme without its font is the renderer's to report ("font file missing from the theme")."""
    document = parse_document("client: {name: 東京}\n".encode(), "c.yaml")
    assert glyph_errors(document, frozenset()) == []


def test_the_check_is_fast_on_the_largest_file():
    roles = "".join(f"  - {{title: Clerk número {i} Ωμέγα, family: admin, salary: 50000, languages: [en, es]}}\n" for i in range(200))
    document = parse_document(client_yaml(roles).encode(), "c.yaml")
    covered = covered_code_points(document_font_files(load_config(None)))
    started = time.perf_counter()
    assert glyph_errors(document, covered) == []
    assert time.perf_counter() - started < 0.25  # about 1 ms measured; the font is read once per process
