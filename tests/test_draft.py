"""Placeholder text from `quotegen new` (issue #13), through the CLI: `validate` warns,
`render` and `build` refuse it unless --draft, which stamps DRAFT on every page; `issue`
always refuses it."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from quotegen.cli import main

from .conftest import client_yaml

SCAFFOLD = "clients/acme-rockets.yaml"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def problems(command: str) -> list[str]:
    """What render, build or issue says of the untouched scaffold: one line per placeholder."""
    advice = "replace it before issuing" if command == "issue" else f"replace it, or {command} with --draft to stamp every page DRAFT"
    return [
        f"{SCAFFOLD}:10:19: client.contact.name: 'Jane Doe' is placeholder text from quotegen new; {advice}",
        f"{SCAFFOLD}:10:36: client.contact.email: 'jane@example.com' is a placeholder address (example.com is reserved for examples); {advice}",
        f"{SCAFFOLD}:16:16: proposal.prepared_by: 'Your Name' is placeholder text from quotegen new; {advice}",
    ]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A scaffolded client file left as `quotegen new` wrote it, beside a finished one."""
    monkeypatch.chdir(tmp_path)
    result = run("new", "Acme Rockets")
    assert (result.exit_code, result.stdout) == (0, f"wrote {SCAFFOLD}\n")
    (tmp_path / "clients" / "finished.yaml").write_text(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n"))
    return tmp_path


def build_lines(result) -> tuple[int, list[str], str]:
    """A build's exit code, its stderr without the timed `built ...` progress lines, and the counts."""
    return result.exit_code, [line for line in result.stderr.splitlines() if not line.startswith("built ")], result.stdout.split(" in ")[0]


def test_validate_warns_and_render_refuses(workspace):
    result = run("validate", SCAFFOLD)
    assert (result.exit_code, result.stdout) == (0, f"{SCAFFOLD}: ok\n")
    assert result.stderr.splitlines() == [line.replace(": client.", ": warning: client.").replace(": proposal.", ": warning: proposal.") for line in problems("render")]
    result = run("render", SCAFFOLD, "-f", "html", "-o", "out")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == problems("render") + ["1 of 1 file(s) failed; nothing was written for them."]
    assert not (workspace / "out").exists()


def test_build_fails_the_scaffold_alone_and_a_draft_build_makes_it(workspace):
    result = run("build", "-j", "1", "-f", "html")
    assert build_lines(result) == (1, ["failed clients/acme-rockets.yaml", *problems("build")], "1 built, 0 unchanged, 1 failed")
    assert sorted(p.name for p in (workspace / "output").glob("[!.]*")) == ["finished.html", "summary.csv", "summary.json"]
    assert "draft-stamp" not in (workspace / "output" / "finished.html").read_text()

    # A draft build does not take the normal build's output as up to date, and stamps every document.
    assert build_lines(run("build", "-j", "1", "-f", "html", "--draft")) == (0, [], "2 built, 0 unchanged, 0 failed")
    for name in ("acme-rockets.html", "finished.html"):
        assert '<div class="draft-stamp" aria-hidden="true">DRAFT</div>' in (workspace / "output" / name).read_text()
    assert build_lines(run("build", "-j", "1", "-f", "html", "--draft")) == (0, [], "0 built, 2 unchanged, 0 failed")

    # Nor does a normal build take the draft's: the finished file loses its stamp, the scaffold fails again.
    result = run("build", "-j", "1", "-f", "html")
    assert build_lines(result) == (1, ["failed clients/acme-rockets.yaml", *problems("build")], "1 built, 0 unchanged, 1 failed")
    assert "draft-stamp" not in (workspace / "output" / "finished.html").read_text()


def test_a_parallel_build_refuses_and_drafts_alike(workspace):
    result = run("build", "-j", "2", "-f", "json", "-o", "parallel")
    assert build_lines(result) == (1, ["failed clients/acme-rockets.yaml", *problems("build")], "1 built, 0 unchanged, 1 failed")
    assert not (workspace / "parallel" / "acme-rockets.json").exists()
    assert build_lines(run("build", "-j", "2", "-f", "json", "-o", "parallel", "--draft")) == (0, [], "2 built, 0 unchanged, 0 failed")
    assert (workspace / "parallel" / "acme-rockets.json").is_file()


def test_issue_refuses_the_scaffold_and_writes_nothing(workspace):
    result = run("issue", SCAFFOLD)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == problems("issue") + ["1 of 1 file(s) failed; nothing was written or issued for them."]
    assert not (workspace / "issued").exists() and not (workspace / "output").exists()
    # There is no draft of an issued quote.
    result = run("issue", SCAFFOLD, "--draft")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (2, "Error: No such option '--draft'.")


def listing(directory) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.mark.slow  # issues a whole PDF
def test_issue_leaves_the_ledger_and_archive_as_they_were(workspace):
    finished = "clients/finished.yaml"
    result = run("issue", finished, SCAFFOLD)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == problems("issue") + ["1 of 2 file(s) failed; nothing was written or issued for them."]
    assert result.stdout == (
        f"{finished} -> output/finished.pdf, output/finished.html, output/finished.json; "
        "issued Q-2026-TESTCO-R1 (issued/Q-2026-TESTCO-R1.pdf), valid until 2026-12-28\n"
    )
    ledger, output = listing(workspace / "issued"), listing(workspace / "output")
    assert list(ledger) == [".ledger.lock", "Q-2026-TESTCO-R1.pdf", "ledger.jsonl"]
    assert [json.loads(line)["quote_number"] for line in ledger["ledger.jsonl"].splitlines()] == ["Q-2026-TESTCO-R1"]
    assert list(output) == ["finished.html", "finished.json", "finished.pdf"]

    result = run("issue", SCAFFOLD)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == problems("issue") + ["1 of 1 file(s) failed; nothing was written or issued for them."]
    assert (listing(workspace / "issued"), listing(workspace / "output")) == (ledger, output)


def pdf_pages(path) -> list[str]:
    """Each page's text as pdftotext reads it (-raw: the stamp is set at an angle, which the
    other modes leave out)."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]  # a form feed ends every page


@pytest.mark.slow  # whole PDFs
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_draft_pdfs_carry_the_stamp_on_every_page(workspace):
    result = run("render", SCAFFOLD, "--draft", "-f", "pdf", "-o", "rendered")
    assert (result.exit_code, result.stdout) == (0, f"{SCAFFOLD} -> rendered/acme-rockets.pdf\n")
    pages = pdf_pages(workspace / "rendered" / "acme-rockets.pdf")
    assert len(pages) > 3 and all("DRAFT" in page for page in pages)

    assert build_lines(run("build", "-j", "1", "-f", "pdf", "--draft")) == (0, [], "2 built, 0 unchanged, 0 failed")
    for name in ("acme-rockets.pdf", "finished.pdf"):
        pages = pdf_pages(workspace / "output" / name)
        assert len(pages) > 3 and all("DRAFT" in page for page in pages), name
    assert build_lines(run("build", "-j", "1", "-f", "pdf"))[2] == "1 built, 0 unchanged, 1 failed"
    pages = pdf_pages(workspace / "output" / "finished.pdf")
    assert len(pages) > 3 and not any("DRAFT" in page for page in pages)
