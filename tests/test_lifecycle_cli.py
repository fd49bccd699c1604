"""The quote lifecycle through the command line (issue #14): issue, the redline of a new
revision, each state on fixed dates, status --check, accept and decline.

Issuing renders PDFs, so the two revisions are issued once per module into a template
workspace, which each test copies: its own ledger, outputs and client files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from quotegen.output.ledger import check_of

from . import test_cli
from .test_render import pdf_text

pytestmark = pytest.mark.slow  # every test here issues or reads issued PDFs

run = test_cli.run
FIRST = """client:
  name: Acme Clinics
  country: US
  region: TX
proposal:
  date: 2026-03-02
  prepared_by: Alex Rivera
roles:
  - {title: Bookkeeper, family: bookkeeping, salary: 52000}
  - {title: Receptionist, family: admin, salary: 36000, headcount: 2}
"""
# Revision 2: a new date, the bookkeeper's salary corrected, a payroll clerk added.
SECOND = (
    FIRST.replace("date: 2026-03-02", "date: 2026-03-10\n  revision: 2")
    .replace("salary: 52000", "salary: 54000")
    + "  - {title: Payroll clerk, family: bookkeeping, seniority: junior, salary: 45000}\n"
)
R1, R2 = "Q-2026-ACMECLINICS-R1", "Q-2026-ACMECLINICS-R2"


def at(monkeypatch, day: str) -> None:
    """Make the lifecycle commands see `day` as today."""
    monkeypatch.setattr("quotegen.cli._ledger.today", lambda: dt.date.fromisoformat(day))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A workspace where revision 1 was issued on 2026-03-02 and revision 2 on 2026-03-10."""
    root = tmp_path_factory.mktemp("lifecycle")
    said = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        (root / "acme.yaml").write_text(FIRST, encoding="utf-8")
        at(patch, "2026-03-02")
        said["first"] = run("issue", "acme.yaml")
        (root / "r1-output").mkdir()
        for name in ("acme.pdf", "acme.json"):
            shutil.copy(root / "output" / name, root / "r1-output" / name)
        (root / "acme.yaml").write_text(SECOND, encoding="utf-8")
        at(patch, "2026-03-10")
        said["second"] = run("issue", "acme.yaml")
    return root, said


@pytest.fixture
def workspace(template, tmp_path, monkeypatch):
    root, _ = template
    copy = tmp_path / "ws"
    shutil.copytree(root, copy)
    monkeypatch.chdir(copy)
    return copy


def ledger_lines(workspace: Path) -> list[dict]:
    return [json.loads(line) for line in (workspace / "issued" / "ledger.jsonl").read_text(encoding="utf-8").splitlines()]


def status(monkeypatch, day: str, *args) -> tuple[int, object, str]:
    at(monkeypatch, day)
    result = run("status", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout), result.stderr


# -- issue ------------------------------------------------------------------------------------


def test_issue_renders_archives_and_appends_one_json_line(template, workspace):
    _, said = template
    assert (said["first"].exit_code, said["first"].stderr) == (0, "")
    assert said["first"].stdout == (
        "acme.yaml -> output/acme.pdf, output/acme.html, output/acme.json; "
        f"issued {R1} (issued/{R1}.pdf), valid until 2026-04-01\n"
    )
    assert said["second"].stdout.endswith(f"issued {R2} (issued/{R2}.pdf), valid until 2026-04-09\n")
    first, second = ledger_lines(workspace)
    assert {key: first[key] for key in ("event", "quote_number", "client", "revision", "state", "issued", "valid_until", "supersedes")} == {
        "event": "issued", "quote_number": R1, "client": "Acme Clinics", "revision": 1, "state": "issued", "issued": "2026-03-02",
        "valid_until": "2026-04-01", "supersedes": None,
    }
    # Bookkeeping 2,800 and admin 2,300 a month from Harare's afternoon shift (+5%), 12 months.
    assert first["totals"]["proposed_annual"] == "93240.00"
    assert (second["revision"], second["issued"], second["supersedes"]) == (2, "2026-03-10", R1)
    assert first["sha256"] == hashlib.sha256((workspace / "issued" / f"{R1}.pdf").read_bytes()).hexdigest()
    assert first["check"] == check_of(first)
    # jq reads it: one object per line.
    if shutil.which("jq"):
        out = subprocess.run(["jq", "-r", ".quote_number", "issued/ledger.jsonl"], capture_output=True, text=True, check=True).stdout
        assert out == f"{R1}\n{R2}\n"


def test_the_same_content_again_is_a_no_op(workspace, monkeypatch):
    at(monkeypatch, "2026-03-20")
    before = (workspace / "issued" / "ledger.jsonl").read_bytes()
    result = run("issue", "acme.yaml", "-o", "again")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"acme.yaml: {R2} already issued on 2026-03-10 with the same content; nothing written\n"
    assert (workspace / "issued" / "ledger.jsonl").read_bytes() == before
    assert not (workspace / "again").exists()


def test_different_content_under_an_issued_number_is_refused(workspace, monkeypatch):
    at(monkeypatch, "2026-03-20")
    (workspace / "acme.yaml").write_text(SECOND.replace("salary: 36000", "salary: 37000"), encoding="utf-8")
    before = (workspace / "issued" / "ledger.jsonl").read_bytes()
    result = run("issue", "acme.yaml", "-o", "again")
    assert result.exit_code == 1
    assert result.stderr == (
        f"acme.yaml:7:13: proposal.revision: {R2} is already issued (2026-03-10) with different content; "
        "raise proposal.revision to 3 to issue a new revision\n"
        "1 of 1 file(s) failed; nothing was written or issued for them.\n"
    )
    assert (workspace / "issued" / "ledger.jsonl").read_bytes() == before
    assert not (workspace / "again").exists()


def test_an_older_revision_after_a_newer_one_is_refused(workspace, monkeypatch):
    at(monkeypatch, "2026-03-20")
    (workspace / "old.yaml").write_text(FIRST.replace("salary: 36000", "salary: 37000"), encoding="utf-8")
    result = run("issue", "old.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"old.yaml:6:3: proposal.revision: {R1} is already issued (2026-03-02) with different content; raise proposal.revision to 3 to issue a new revision"
    )


# -- the redline --------------------------------------------------------------------------------


def test_revision_two_shows_what_changed_since_revision_one(workspace):
    changes = json.loads((workspace / "output" / "acme.json").read_text(encoding="utf-8"))["changes"]
    assert changes == [
        {"field": "roles[Bookkeeper].salary", "label": "Bookkeeper: salary", "before": "52000.00", "after": "54000.00"},
        # Bookkeeping, junior, Harare afternoon: 2,250 x 1.05 x 12.
        {"field": "roles[Payroll clerk]", "label": "Role added: Payroll clerk", "before": None, "after": "28350.00"},
        {"field": "one_time_costs", "label": "One-time set-up fees", "before": "2250.00", "after": "3000.00"},
        {"field": "totals.in_house_annual", "label": "In-house cost a year", "before": changes[3]["before"], "after": changes[3]["after"]},
        {"field": "totals.proposed_annual", "label": "Our price a year", "before": "93240.00", "after": "121590.00"},
        {"field": "totals.savings_annual", "label": "Your saving a year", "before": changes[5]["before"], "after": changes[5]["after"]},
    ]
    first = json.loads((workspace / "r1-output" / "acme.json").read_text(encoding="utf-8"))
    assert "changes" not in first  # revision 1: nothing earlier in the ledger
    assert changes[3]["before"] == first["totals"]["in_house_annual"] and changes[5]["before"] == first["totals"]["savings_annual"]
    text = pdf_text((workspace / "output" / "acme.pdf").read_bytes())
    assert "Changes since revision 1" in text
    assert "$52,000.00" in text and "$54,000.00" in text and "Role added: Payroll clerk" in text
    assert "Changes since revision" not in pdf_text((workspace / "r1-output" / "acme.pdf").read_bytes())
    # verify re-prices it as render does, the ledger's revision 1 included: every figure and page agree.
    result = run("verify", "output/acme.pdf", f"issued/{R2}.pdf")
    assert (result.exit_code, result.stderr) == (0, ""), result.output


def test_render_finds_the_earlier_revision_in_the_workspace_ledger_also_brief(workspace):
    result = run("render", "acme.yaml", "-o", "brief", "-f", "html", "--brief")
    assert result.exit_code == 0, result.output
    html = (workspace / "brief" / "acme.html").read_text(encoding="utf-8")
    assert "<h2>Changes since revision 1</h2>" in html and "Role added: Payroll clerk" in html


def test_the_redline_in_french(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    french = FIRST.replace("  region: TX\n", "  region: QC\n  locale: fr_CA\n").replace("country: US", "country: CA")
    (tmp_path / "acme.yaml").write_text(french, encoding="utf-8")
    at(monkeypatch, "2026-03-02")
    assert run("issue", "acme.yaml", "-o", "r1").exit_code == 0
    (tmp_path / "acme.yaml").write_text(french.replace("date: 2026-03-02", "date: 2026-03-10\n  revision: 2").replace("salary: 52000", "salary: 54000"), encoding="utf-8")
    result = run("render", "acme.yaml", "-f", "html", "-f", "json")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "output" / "acme.html").read_text(encoding="utf-8")
    assert "<h2>Modifications depuis la révision 1</h2>" in html
    assert "52\u00a0000,00\u00a0$" in html and "54\u00a0000,00\u00a0$" in html
    assert "Bookkeeper : salaire" in html.replace("\u00a0", " ")  # French puts a no-break space before the colon
    listed = json.loads((tmp_path / "output" / "acme.json").read_text(encoding="utf-8"))["changes"]
    assert listed[0] == {"field": "roles[Bookkeeper].salary", "label": "Bookkeeper: salary", "before": "52000.00", "after": "54000.00"}


# -- states on fixed dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "state"),
    [
        ("2026-03-10", "issued"),
        ("2026-04-01", "issued"),  # eight days left
        ("2026-04-02", "expiring"),  # seven days left
        ("2026-04-09", "expiring"),  # its last day
        ("2026-04-10", "expired"),
    ],
)
def test_states_by_date(workspace, monkeypatch, day, state):
    code, rows, _ = status(monkeypatch, day)
    assert code == 0
    assert [(row["quote_number"], row["state"], row["valid_until"], row["rates_changed"]) for row in rows] == [
        (R1, "superseded", "2026-04-01", None),
        (R2, state, "2026-04-09", False),
    ]


def test_accepted_and_declined(workspace, monkeypatch):
    at(monkeypatch, "2026-03-20")
    result = run("accept", R2, "--by", "Dana Li", "--on", "2026-03-18")
    assert (result.exit_code, result.stdout) == (0, f"{R2} accepted by Dana Li on 2026-03-18\n")
    assert status(monkeypatch, "2026-05-01")[1][1]["state"] == "accepted"  # past its date: still accepted
    again = run("accept", R2, "--by", "Dana Li")
    assert (again.exit_code, again.stdout) == (0, f"{R2} is already accepted (by Dana Li on 2026-03-18); nothing written\n")
    refused = run("decline", R2)
    assert (refused.exit_code, refused.stderr) == (1, f"{R2}: was accepted by Dana Li on 2026-03-18; an accepted quote cannot be declined\n")
    # An accepted quote is neither superseded nor issued again with other content.
    (workspace / "acme.yaml").write_text(SECOND.replace("revision: 2", "revision: 3"), encoding="utf-8")
    result = run("issue", "acme.yaml", "-o", "r3")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"acme.yaml:7:13: proposal.revision: {R2} was accepted by Dana Li on 2026-03-18; an accepted quote cannot be superseded or re-issued"
    )


def test_declined(workspace, monkeypatch):
    at(monkeypatch, "2026-03-20")
    result = run("decline", R2, "--reason", "Went with an agency")
    assert (result.exit_code, result.stdout) == (0, f"{R2} declined on 2026-03-20: Went with an agency\n")
    assert status(monkeypatch, "2026-03-21")[1][1]["state"] == "declined"
    assert run("decline", R2).stdout == f"{R2} is already declined (on 2026-03-20); nothing written\n"
    refused = run("accept", R2, "--by", "Dana Li")
    assert (refused.exit_code, refused.stderr) == (1, f"{R2}: was declined on 2026-03-20; issue a new revision to reopen it\n")
    assert ledger_lines(workspace)[-1]["reason"] == "Went with an agency"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((R1, "--by", "Dana Li"), f"{R1}: is superseded by {R2}; the latest revision can be accepted"),
        ((R2, "--by", "Dana Li", "--on", "2026-04-10"), f"{R2}: expired after 2026-04-09 and cannot be accepted on 2026-04-10; issue a new revision"),
        ((R2, "--by", "Dana Li", "--on", "2026-03-01"), f"{R2}: cannot be accepted on 2026-03-01, before it was issued (2026-03-10)"),
        (("Q-2026-ACMECLINICS-R4", "--by", "Dana Li"), "Q-2026-ACMECLINICS-R4: is not in issued/ledger.jsonl; did you mean Q-2026-ACMECLINICS-R2?"),
    ],
)
def test_accept_refusals(workspace, monkeypatch, args, message):
    at(monkeypatch, "2026-03-20")
    before = (workspace / "issued" / "ledger.jsonl").read_bytes()
    result = run("accept", *args)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert (workspace / "issued" / "ledger.jsonl").read_bytes() == before


def test_accept_without_a_ledger(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("accept", R1, "--by", "Dana Li")
    assert (result.exit_code, result.stderr) == (1, f"{R1}: is not in issued/ledger.jsonl: no quote has been issued there\n")


# -- status ---------------------------------------------------------------------------------------


def test_status_table(workspace, monkeypatch):
    at(monkeypatch, "2026-04-03")
    result = run("status")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "QUOTE                  CLIENT        STATE       VALID UNTIL  RATES CHANGED\n"
        f"{R1}  Acme Clinics  superseded  2026-04-01   -\n"
        f"{R2}  Acme Clinics  expiring    2026-04-09   no\n"
    )


def test_status_without_a_ledger(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("status").stdout == "No quote has been issued: issued/ledger.jsonl has none.\n"
    assert json.loads(run("status", "--format", "json").stdout) == []
    assert run("status", "--check").exit_code == 0


def test_check_passes_while_live_quotes_are_current(workspace, monkeypatch):
    code, _, stderr = status(monkeypatch, "2026-04-05", "--check")
    assert (code, stderr) == (0, "")


def test_check_fails_on_an_expired_quote(workspace, monkeypatch):
    code, rows, stderr = status(monkeypatch, "2026-04-10", "--check")
    assert code == 1
    assert rows[1]["state"] == "expired"
    assert stderr == f"{R2}: expired (valid until 2026-04-09); issue a new revision\n1 live quote(s) need a new revision.\n"


def test_check_fails_when_todays_rates_change_a_live_quote(workspace, monkeypatch):
    # The provider raises its bookkeeping fees: the issued revision 2 no longer matches them.
    (workspace / "quotegen.yaml").write_text(
        "rate_card:\n"
        "  admin: {label: Administrative support, junior: '1850', mid: '2300', senior: '2900', lead: '3600'}\n"
        "  bookkeeping: {label: Bookkeeping, junior: '2250', mid: '2900', senior: '3450', lead: '4250'}\n",
        encoding="utf-8",
    )
    code, rows, stderr = status(monkeypatch, "2026-03-20", "--check")
    assert code == 1
    assert [(row["state"], row["rates_changed"]) for row in rows] == [("superseded", None), ("issued", True)]
    first, count = stderr.splitlines()
    # 2,900 x 1.05 x 12 = 36,540.00 for the bookkeeper, where 2,800 gave 35,280.00.
    assert first.startswith(f'{R2}: today\'s rates change its figures (roles[0].proposed.annual: "35280.00" in the document, "36540.00" now and ')
    assert first.endswith(" more); issue a new revision")
    assert count == "1 live quote(s) need a new revision."
