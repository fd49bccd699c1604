"""`quotegen verify`: a proposal carries its inputs and figures, and can be re-checked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quotegen.api import build_quote, load_client
from quotegen.cli import main
from quotegen.export import quote_to_json

from .conftest import CLIENTS


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
    assert (result.exit_code, result.stdout) == (0, "p.pdf: all 429 values match\n")


def test_a_changed_figure_is_named(made):
    def doctor(data):
        data["totals"]["savings_annual"] = "140000.00"
        data["roles"][1]["in_house"]["annual"] = "30000.00"

    made("changed.pdf", doctor)
    result = run("verify", "changed.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "changed.pdf: 2 of 429 values differ from what today's engine and data give:",
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
