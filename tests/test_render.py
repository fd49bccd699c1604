"""Rendering: the PDF and HTML carry the figures, escape client text, and are reproducible."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from quotegen.api import build_quote, load_client, render_formats
from quotegen.errors import RenderError
from quotegen.render.formatting import Formatter
from quotegen.render.json_export import quote_to_json

from .conftest import CLIENTS, client_yaml

CASE_STUDY = CLIENTS / "bright-smile-family-practice.yaml"


@pytest.fixture(scope="module")
def case_study_pdf(config, renderer):
    loaded = load_client(CASE_STUDY, config)
    quote = build_quote(loaded.client_file, config)
    return renderer.pdf(quote, client_source=loaded.source_text, quote_json=quote_to_json(quote))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_holds_the_client_and_the_headline_saving(case_study_pdf):
    text = pdf_text(case_study_pdf)
    assert "Bright Smile Family Practice" in text
    assert "$132,000" in text
    assert "Q-2026-BRIGHTSMILE-R1" in text
    assert "$237,000.00" in text  # the comparison table's in-house total


def test_pdf_pages_are_numbered(case_study_pdf):
    reader = PdfReader(io.BytesIO(case_study_pdf))
    pages = len(reader.pages)
    assert pages >= 6
    assert f"Page 2 of {pages}" in reader.pages[1].extract_text()


def test_pdf_carries_the_client_file_and_the_quote_as_attachments(case_study_pdf):
    attachments = PdfReader(io.BytesIO(case_study_pdf)).attachments
    assert sorted(attachments) == ["client.yaml", "quote.json"]
    assert attachments["client.yaml"][0].decode() == CASE_STUDY.read_text()
    assert b'"savings_annual": "132000.00"' in attachments["quote.json"][0]


def test_pdf_metadata(case_study_pdf):
    info = PdfReader(io.BytesIO(case_study_pdf)).metadata
    assert info.title == "Kestrel Talent Partners proposal for Bright Smile Family Practice (Q-2026-BRIGHTSMILE-R1)"
    assert info.author == "Kestrel Talent Partners Ltd."
    assert info["/CreationDate"].startswith("D:20261128")


@pytest.mark.slow
def test_same_input_gives_identical_bytes(config, renderer, case_study_pdf):
    loaded = load_client(CASE_STUDY, config)
    quote = build_quote(loaded.client_file, config)
    again = renderer.pdf(quote, client_source=loaded.source_text, quote_json=quote_to_json(quote))
    assert again == case_study_pdf


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is installed by `make test`")
def test_qpdf_finds_no_structural_errors(case_study_pdf, tmp_path):
    target = tmp_path / "p.pdf"
    target.write_bytes(case_study_pdf)
    result = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is installed by `make test`")
def test_every_font_is_embedded(case_study_pdf, tmp_path):
    target = tmp_path / "p.pdf"
    target.write_bytes(case_study_pdf)
    rows = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        assert "Inter" in row
        assert row.split()[-5] == "yes", row  # the emb column


HOSTILE = '<img src="file:///etc/passwd"> & <script>alert(1)</script>'


def test_client_text_is_escaped_in_html(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: 'Clerk <b>x</b>', family: admin, salary: 50000}\n").replace("name: Test Co", f"name: '{HOSTILE}'"))
    html = renderer.html(quote)
    assert "<script>" not in html
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Clerk &lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.slow
def test_hostile_client_text_renders_as_text_in_the_pdf(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n").replace("name: Test Co", f"name: '{HOSTILE}'"))
    text = pdf_text(renderer.pdf(quote))
    assert "<script>alert(1)</script>" in text


def test_html_is_standalone(quote_of, renderer):
    html = renderer.html(quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")))
    assert "file://" not in html
    loaded = re.findall(r'src="([^"]*)"|url\("?([^")]+)', html)  # what a browser would fetch
    assert loaded and all((a or b).startswith("data:") for a, b in loaded)
    assert "<link" not in html
    assert html.count("data:font/woff;base64,") == 4
    assert "data:image/svg+xml;base64," in html


@pytest.mark.slow
def test_render_formats_builds_everything_in_memory(quote_of, renderer):
    outputs = render_formats(quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")), renderer, ("json", "html", "pdf"))
    assert outputs["pdf"].startswith(b"%PDF-1.7")
    assert outputs["html"].startswith(b"<!DOCTYPE html>")
    assert outputs["json"].startswith(b"{")


@pytest.mark.slow
def test_a_theme_css_error_fails_the_render(config, tmp_path, quote_of):
    from quotegen.render.renderer import Renderer

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "screen.css").write_text("body { colr: red; }")
    (tmp_path / "templates" / "print.css").write_text("body { colr: red; }")
    broken = Renderer(config, workspace=tmp_path)
    with pytest.raises(RenderError, match="Ignored `colr: red`"):
        broken.pdf(quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")))


@pytest.mark.slow
def test_the_brief_form_keeps_the_summary_and_drops_the_detail(config, renderer):
    loaded = load_client(CLIENTS / "harborline-logistics.yaml", config)
    quote = build_quote(loaded.client_file, config)
    full = PdfReader(io.BytesIO(renderer.pdf(quote)))
    brief = PdfReader(io.BytesIO(renderer.pdf(quote, brief=True)))
    brief_text = pdf_text(renderer.pdf(quote, brief=True))
    assert len(brief.pages) <= len(full.pages) // 2  # at most half the full form
    total = Formatter("en_US", "USD").money(quote.totals.savings_annual)  # the comparison's total saving
    for kept in ("Executive summary", "Cost comparison by role", "Recommended model per role", "Terms and acceptance", total):
        assert kept in brief_text
    for dropped in ("Cost breakdown per role", "Assumptions and sources", "The outsourcing models explained", "Contents"):
        assert dropped not in brief_text
