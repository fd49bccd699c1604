"""The ledger itself through the command line (issue #14): append-only JSON lines that jq reads,
every damaged line reported with its number (never skipped), the archived PDF checked against
its sha256, and two `quotegen issue` processes at once leaving a valid ledger (the lock)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quotegen.output.ledger import check_of

from . import test_cli, test_lifecycle_cli
from .test_lifecycle_cli import FIRST, R1, R2, at, ledger_lines

template = test_lifecycle_cli.template  # the workspace with two revisions issued, copied for each test
workspace = test_lifecycle_cli.workspace

pytestmark = pytest.mark.slow  # the template workspace issues two PDFs

run = test_cli.run
RESTORE = "the ledger is append-only: restore the line from version control or a backup"


def damage(workspace, line: int, text: str | None = None, *, newline: bool = True) -> None:
    """Replace one line of the ledger (1-based) by `text`, or cut the file's last newline."""
    path = workspace / "issued" / "ledger.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    if text is not None:
        lines[line - 1] = text
    path.write_text("\n".join(lines) + ("\n" if newline else ""), encoding="utf-8")


def edited(workspace, line: int, **fields) -> str:
    data = ledger_lines(workspace)[line - 1]
    return json.dumps({**data, **fields}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # A figure changed by hand: the line no longer matches its check.
        ("edited", f"does not match its check: it was edited by hand or corrupted; {RESTORE}"),
        ('{"event": "issued", "quote_number": ', f"is not valid JSON (Expecting value at column 37); {RESTORE}"),
        ("", f"is empty; {RESTORE}"),
        ("[1, 2]", f"is not a JSON object; {RESTORE}"),
    ],
)
def test_a_damaged_line_is_reported_with_its_number(workspace, monkeypatch, text, problem):
    at(monkeypatch, "2026-03-20")
    damage(workspace, 2, edited(workspace, 2, totals={"proposed_annual": "1.00"}) if text == "edited" else text)
    for command in (("status",), ("status", "--check"), ("accept", R2, "--by", "Dana Li"), ("render", "acme.yaml", "-f", "json")):
        result = run(*command)
        assert result.exit_code == 1, command
        assert result.stderr.splitlines()[0] == f"issued/ledger.jsonl:2: {problem}", command


def test_a_line_cut_short_is_reported(workspace, monkeypatch):
    at(monkeypatch, "2026-03-20")
    text = (workspace / "issued" / "ledger.jsonl").read_text(encoding="utf-8")
    (workspace / "issued" / "ledger.jsonl").write_text(text + text.splitlines()[0][:40], encoding="utf-8")
    result = run("status")
    assert (result.exit_code, result.stderr) == (
        1, f"issued/ledger.jsonl:3: does not end with a newline (a write was cut short?); {RESTORE}\n"
    )


def test_a_line_that_checks_but_breaks_the_rules_is_reported(workspace, monkeypatch):
    at(monkeypatch, "2026-03-20")
    accepted = {"event": "accepted", "quote_number": "Q-2026-NOBODY-R1", "by": "Dana Li", "on": "2026-03-20", "state": "accepted"}
    unknown = {"event": "archived", "quote_number": R1}
    with (workspace / "issued" / "ledger.jsonl").open("a", encoding="utf-8") as ledger:
        for data in (accepted, unknown):
            ledger.write(json.dumps({**data, "check": check_of(data)}) + "\n")
    result = run("status")
    assert (result.exit_code, result.stderr) == (
        1,
        "issued/ledger.jsonl:3: is about Q-2026-NOBODY-R1, which no line before it issues\n"
        "issued/ledger.jsonl:4: has an unknown event 'archived' (known: issued, accepted, declined)\n",
    )


def test_an_archived_pdf_that_changed_is_reported(workspace, monkeypatch):
    at(monkeypatch, "2026-03-20")
    archived = workspace / "issued" / f"{R2}.pdf"
    archived.write_bytes(archived.read_bytes() + b"\n% appended\n")
    result = run("status")
    assert (result.exit_code, result.stderr) == (
        1, f"issued/{R2}.pdf: is not the PDF issued on issued/ledger.jsonl line 2 (its sha256 differs): it changed after it was issued\n"
    )
    archived.unlink()
    result = run("status")
    assert result.stderr == f"issued/{R2}.pdf: is missing: issued/ledger.jsonl line 2 issued {R2} with this PDF\n"


def test_two_issue_processes_at_once_leave_a_valid_ledger(tmp_path):
    """Two real processes issue different quotes into one ledger at the same moment: the lock
    serialises the check and the append, so both lines are whole and both quotes are there."""
    for name in ("north", "south"):
        (tmp_path / f"{name}.yaml").write_text(FIRST.replace("Acme Clinics", f"Acme {name.title()}"), encoding="utf-8")
    processes = [
        subprocess.Popen([sys.executable, "-m", "quotegen.cli", "issue", f"{name}.yaml", "-o", name], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("north", "south")
    ]
    outcomes = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outcomes
    lines = (tmp_path / "issued" / "ledger.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["quote_number"] for line in lines) == ["Q-2026-ACMENORTH-R1", "Q-2026-ACMESOUTH-R1"]
    status = subprocess.run([sys.executable, "-m", "quotegen.cli", "status", "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    assert status.returncode == 0, status.stderr
    assert [row["state"] for row in json.loads(status.stdout)] in (["issued", "issued"], ["expired", "expired"], ["expiring", "expiring"])
