"""The command line, run in-process: exit codes, messages, and what lands on disk."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from quotegen import __version__
from quotegen.cli import main

from .conftest import CLIENTS, FIXTURES, ROOT


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """An empty working directory holding copies of the case study and one bad file."""
    shutil.copy(CLIENTS / "bright-smile-family-practice.yaml", tmp_path / "good.yaml")
    shutil.copy(FIXTURES / "invalid" / "salary-misspelt.yaml", tmp_path / "bad.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.slow
def test_render_writes_pdf_html_and_json(workspace):
    result = run("render", "good.yaml")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workspace / "output").iterdir()) == ["good.html", "good.json", "good.pdf"]
    assert json.loads((workspace / "output" / "good.json").read_text())["totals"]["savings_annual"] == "132000.00"
    assert result.stdout == "good.yaml -> output/good.pdf, output/good.html, output/good.json\n"


def test_render_one_format_to_another_directory(workspace):
    result = run("render", "good.yaml", "-o", "out", "--format", "json")
    assert result.exit_code == 0
    assert [p.name for p in (workspace / "out").iterdir()] == ["good.json"]


def test_a_bad_file_fails_alone_and_nothing_is_written_for_it(workspace):
    result = run("render", "bad.yaml", "good.yaml", "-f", "json")
    assert result.exit_code == 1
    assert result.stderr == (
        "bad.yaml:4:5: roles[0].salary: is required\n"
        "bad.yaml:6:5: roles[0].salery: unknown field; did you mean 'salary'?\n"
        "1 of 2 file(s) failed; nothing was written for them.\n"
    )
    assert sorted(p.name for p in (workspace / "output").iterdir()) == ["good.json"]
    assert "Traceback" not in result.output


def test_validate_prints_every_problem_and_renders_nothing(workspace):
    result = run("validate", "good.yaml", "bad.yaml")
    assert result.exit_code == 1
    assert result.stdout == "good.yaml: ok\n"
    assert result.stderr.count("bad.yaml:") == 2
    assert not (workspace / "output").exists()


def test_missing_file_is_an_input_error(workspace):
    result = run("validate", "nope.yaml")
    assert (result.exit_code, result.stderr) == (1, "nope.yaml: file not found\n")


def test_usage_errors_exit_2(workspace):
    assert run("render").exit_code == 2
    assert run("render", "good.yaml", "--format", "docx").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_version_and_help():
    assert run("--version").stdout == f"quotegen, version {__version__}\n"
    for command in ([], ["render"], ["validate"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_a_workspace_config_rebrands_the_proposal(workspace):
    (workspace / "quotegen.yaml").write_text(
        "provider:\n  name: Acme Staffing\n  legal_name: Acme Staffing Inc.\n  colors: {primary: '#003366', accent: '#FF6600'}\n"
    )
    result = run("render", "good.yaml", "-f", "html")
    assert result.exit_code == 0, result.output
    html = (workspace / "output" / "good.html").read_text()
    assert "Acme Staffing" in html and "Kestrel" not in html.split("<body", 1)[1].split("Sources")[0]


def test_a_broken_workspace_config_is_reported_with_its_place(workspace):
    (workspace / "quotegen.yaml").write_text("provider:\n  name: Acme\n  legal_name: Acme Inc.\n  colors: {primary: blue, accent: '#FF6600'}\n")
    result = run("render", "good.yaml")
    assert result.exit_code == 1
    assert result.stderr == "quotegen.yaml:4:21: provider.colors.primary: must be a colour written as #RRGGBB, like #12355B, not 'blue'\n"


def test_price_prints_the_breakdown_table(workspace):
    result = run("price", "good.yaml")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Bright Smile Family Practice · Q-2026-BRIGHTSMILE-R1 · Nov 28, 2026 · Texas, tax year 2026"
    assert any(line.split() == ["Saving", "(55.7%)", "$132,000.00"] for line in lines)
    assert "Break-even: month 1" in result.stdout
    assert not (workspace / "output").exists()


def test_price_reports_bad_input(workspace):
    result = run("price", "bad.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("bad.yaml:4:5: roles[0].salary: is required\n")


def test_explain_prints_the_trace_of_every_role(workspace):
    result = run("explain", "good.yaml")
    assert result.exit_code == 0, result.output
    for title in ("Marketer", "Janitor", "Receptionist", "Paralegal", "Accountant"):
        assert f"\n{title}\n" in result.stdout
    assert "    staff_leasing: removed by needs_licence" in result.stdout
    assert "    professional (third_party): 1. 46363.50 USD over 3 years, set-up included (15000.00 USD a year)" in result.stdout
    assert "  why: professional (third_party), the cheapest of 3 feasible options" in result.stdout
    assert "  recommended: Process outsourcing (BPO), onshore, $11,000.00 a year" in result.stdout


def test_explain_one_role_or_say_which_exist(workspace):
    one = run("explain", "good.yaml", "--role", "janitor")
    assert one.exit_code == 0
    assert "Janitor" in one.stdout and "Marketer" not in one.stdout
    missing = run("explain", "good.yaml", "--role", "Chef")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("good.yaml: no role titled 'Chef' (roles: 'Marketer', 'Janitor'")


@pytest.mark.slow
def test_config_elsewhere_brings_its_own_workspace(workspace):
    """--config from another directory uses that directory's templates and logo."""
    meridian = ROOT / "examples" / "meridian"
    result = run("render", str(meridian / "clients" / "sunbelt-property-management.yaml"), "--config", str(meridian / "quotegen.yaml"), "-f", "pdf")
    assert result.exit_code == 0, result.output
    result = run("verify", "--config", str(meridian / "quotegen.yaml"), "output/sunbelt-property-management.pdf")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("output/sunbelt-property-management.pdf: all ")
