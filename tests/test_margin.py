"""Margin rules through the command line (issue #14): the discount line, the floor and the cap
refused by render, build and issue unless approved, the approval in the ledger, and the
internal copy against the client's (which never mentions the provider's cost or margin).

The figures: a bookkeeper (bookkeeping, mid) for a Texas client is leased from the Harare
campus on the afternoon shift (+5%): a fee of 2,800 x 1.05 = 2,940.00 a month, and the sample
provider's illustrative cost of 1,740 x 1.05 = 1,827.00 a month. With 5% off, the discount is
147.00 a month: the price is 12 x 2,793.00 = 33,516.00 against a cost of 21,924.00, a margin of
11,592.00 or 34.6%. With 12% off (352.80 a month): 31,046.40, a margin of 29.4%.
"""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest
from pypdf import PdfReader

from . import test_cli
from .test_lifecycle_cli import at, ledger_lines

run = test_cli.run
POLICY = 'policy: {min_margin_pct: "35", max_discount_pct: "10"}\n'
APPROVAL = """  approval:
    by: Morgan Ellis
    date: 2026-02-27
    reason: Strategic account, margin below floor accepted for year one
"""


def client(discount: str, *, approval: str = "", proposal_discount: str = "") -> str:
    return f"""client:
  name: Acme Clinics
  country: US
  region: TX
proposal:
  date: 2026-03-02
  prepared_by: Alex Rivera
{proposal_discount}{approval}roles:
  - title: Bookkeeper
    family: bookkeeping
    salary: 52000
{discount}  - {{title: Janitor, family: facilities, salary: 30000, on_site: true}}
"""


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "quotegen.yaml").write_text(POLICY, encoding="utf-8")
    return tmp_path


def write(workspace, text: str, name: str = "acme.yaml"):
    (workspace / name).write_text(text, encoding="utf-8")


FLOOR = (
    'acme.yaml:9:5: roles[0]: role "Bookkeeper": margin 34.6% is below the floor of 35% (policy.min_margin_pct); '
    "lower the discount or record an approval as proposal.approval: {by, date, reason}"
)


def test_the_discount_is_a_line_of_the_leasing_fee_and_the_totals_stay_exact(workspace):
    (workspace / "quotegen.yaml").unlink()  # no policy: any discount goes
    write(workspace, client("    discount_pct: 5\n"))
    result = run("render", "acme.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    quote = json.loads((workspace / "output" / "acme.json").read_text(encoding="utf-8"))
    proposed = quote["roles"][0]["proposed"]
    assert [(line["label"], line["rate"], line["base"], line["annual"]) for line in proposed["lines"]] == [
        ("Staff leasing fee, Harare campus, afternoon shift +5%", "2940", "12", "35280.00"),
        ("Discount of 5%", "-147", "12", "-1764.00"),
    ]
    assert proposed["annual"] == "33516.00"
    janitor = quote["roles"][1]["proposed"]["annual"]
    assert quote["totals"]["proposed_annual"] == f"{33516 + float(janitor):.2f}"


def test_a_discount_for_the_whole_proposal_applies_to_every_leased_role(workspace):
    (workspace / "quotegen.yaml").unlink()
    write(workspace, client("", proposal_discount="  discount_pct: 12\n"))
    assert run("render", "acme.yaml", "-f", "json").exit_code == 0
    quote = json.loads((workspace / "output" / "acme.json").read_text(encoding="utf-8"))
    assert [line["annual"] for line in quote["roles"][0]["proposed"]["lines"]] == ["35280.00", "-4233.60"]
    assert len(quote["roles"][1]["proposed"]["lines"]) > 2  # the janitor stays in-house: no fee, no discount


def test_a_margin_below_the_floor_is_refused_by_render(workspace):
    write(workspace, client("    discount_pct: 5\n"))
    result = run("render", "acme.yaml")
    assert (result.exit_code, result.stderr) == (1, FLOOR + "\n1 of 1 file(s) failed; nothing was written for them.\n")
    assert not (workspace / "output").exists()


def test_a_discount_above_the_cap_is_refused_where_it_is_given(workspace):
    write(workspace, client("    discount_pct: 12\n"))
    result = run("render", "acme.yaml", "-f", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'acme.yaml:9:5: roles[0]: role "Bookkeeper": margin 29.4% is below the floor of 35% (policy.min_margin_pct); '
        "lower the discount or record an approval as proposal.approval: {by, date, reason}",
        'acme.yaml:12:19: roles[0].discount_pct: role "Bookkeeper": discount 12% is above the cap of 10% (policy.max_discount_pct); '
        "lower it or record an approval as proposal.approval: {by, date, reason}",
        "1 of 1 file(s) failed; nothing was written for them.",
    ]
    write(workspace, client("", proposal_discount="  discount_pct: 11\n"))
    result = run("render", "acme.yaml", "-f", "json")
    assert result.stderr.splitlines()[0] == (
        "acme.yaml:8:17: proposal.discount_pct: discount 11% is above the cap of 10% (policy.max_discount_pct); "
        "lower it or record an approval as proposal.approval: {by, date, reason}"
    )


def test_build_and_issue_refuse_it_too(workspace, monkeypatch):
    (workspace / "clients").mkdir()
    write(workspace, client("    discount_pct: 5\n"), "clients/acme.yaml")
    result = run("build", "clients", "-f", "json")
    assert result.exit_code == 1
    assert FLOOR.replace("acme.yaml", "clients/acme.yaml") in result.stderr.splitlines()
    at(monkeypatch, "2026-03-02")
    result = run("issue", "clients/acme.yaml")
    assert result.exit_code == 1
    assert result.stderr == FLOOR.replace("acme.yaml", "clients/acme.yaml") + "\n1 of 1 file(s) failed; nothing was written or issued for them.\n"
    assert not (workspace / "issued" / "ledger.jsonl").exists()


@pytest.mark.slow  # issues a PDF and its internal copy
def test_an_approval_lets_it_go_out_and_is_recorded(workspace, monkeypatch):
    write(workspace, client("    discount_pct: 12\n", approval=APPROVAL))
    at(monkeypatch, "2026-03-02")
    result = run("issue", "acme.yaml", "--internal")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "acme.yaml -> output/acme.pdf, output/acme.html, output/acme.json, output/acme-internal.pdf; "
        "issued Q-2026-ACMECLINICS-R1 (issued/Q-2026-ACMECLINICS-R1.pdf), valid until 2026-04-01",
        'acme.yaml: approved by Morgan Ellis on 2026-02-27: role "Bookkeeper": discount 12%, above the cap of 10%; '
        'role "Bookkeeper": margin 29.4%, below the floor of 35%',
    ]
    (line,) = ledger_lines(workspace)
    assert line["approval"] == {
        "by": "Morgan Ellis",
        "date": "2026-02-27",
        "reason": "Strategic account, margin below floor accepted for year one",
        "exceptions": ['role "Bookkeeper": discount 12%, above the cap of 10%', 'role "Bookkeeper": margin 29.4%, below the floor of 35%'],
    }
    output = workspace / "output"
    # The provider's copy: cost, price, margin and discount per role, the approval, the selection trace.
    internal = text_of((output / "acme-internal.pdf").read_bytes())
    for shown in ("$21,924.00", "$31,046.40", "$9,122.40", "29.4%", "$4,233.60", "12.0%", "Morgan Ellis", "Strategic account", "centre HRE afternoon"):
        assert shown in internal, shown
    assert PdfReader(str(output / "acme-internal.pdf")).attachments == {}
    # The client's: nothing of the cost, the margin or the approval, in the pages, the attachments or the JSON.
    client_pdf = PdfReader(str(output / "acme.pdf"))
    attached = {name: data[0].decode("utf-8") for name, data in client_pdf.attachments.items()}
    assert sorted(attached) == ["client.yaml", "quote.json"]
    assert "approval" not in attached["client.yaml"] and "discount_pct: 12" in attached["client.yaml"]
    for copy in (text_of((output / "acme.pdf").read_bytes()), *attached.values(), (output / "acme.json").read_text(encoding="utf-8"),
                 visible((output / "acme.html").read_text(encoding="utf-8"))):
        assert not re.search(r"\bmargins?\b", copy, re.IGNORECASE)
        for secret in ("21,924", "21924", "1,827", "1827.00", "9,122", "9122", "Morgan Ellis", "Strategic account", "29.4"):
            assert secret not in copy, secret
    assert "Discount of 12%" in text_of((output / "acme.pdf").read_bytes())


def visible(html: str) -> str:
    """The text of a page, without its markup and stylesheet (where CSS says margin)."""
    return re.sub(r"<style\b.*?</style>|<[^>]+>", " ", html, flags=re.S)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_approval_written_inside_a_one_line_mapping_is_refused(workspace):
    write(workspace, client("    discount_pct: 12\n").replace(
        "proposal:\n  date: 2026-03-02\n  prepared_by: Alex Rivera\n",
        "proposal: {date: 2026-03-02, prepared_by: Alex Rivera, approval: {by: Morgan Ellis, date: 2026-02-27, reason: ok}}\n",
    ))
    result = run("render", "acme.yaml", "-f", "json")
    assert result.stderr.splitlines()[0] == (
        "acme.yaml:5:56: proposal.approval: write approval as a block of its own lines under proposal, so that the client's copy can leave it out"
    )


def test_a_floor_needs_the_cost_of_every_leased_role(workspace):
    (workspace / "quotegen.yaml").write_text(
        POLICY + 'costs:\n  source: Our delivery costs\n  year: 2026\n  monthly:\n    HRE:\n      admin: {mid: "1400"}\n', encoding="utf-8"
    )
    write(workspace, client("", approval=APPROVAL))
    result = run("render", "acme.yaml", "-f", "json")
    assert result.stderr.splitlines()[0] == (
        'acme.yaml:13:5: roles[0]: role "Bookkeeper": quotegen.yaml gives no cost for bookkeeping mid from HRE, so its margin cannot '
        "be checked against the floor of 35% (policy.min_margin_pct); add it under costs.monthly.HRE.bookkeeping"
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            'costs:\n  source: Our costs\n  year: 2026\n  monthly:\n    MNL: {admin: {mid: "1400"}}\n',
            "quotegen.yaml:2:3: costs: monthly.MNL: not a delivery centre (known: HRE, LUN, SJO)",
        ),
        (
            'costs:\n  source: Our costs\n  year: 2026\n  monthly:\n    HRE: {admim: {mid: "1400"}}\n',
            "quotegen.yaml:2:3: costs: monthly.HRE.admim: not a role family of the rate card",
        ),
        (
            # A workspace rate card leaves the built-in (illustrative) costs behind: a floor then needs its own.
            "rate_card:\n  admin: {label: Admin, mid: '2300'}\npolicy: {min_margin_pct: '20'}\n",
            "quotegen.yaml:3:9: policy: min_margin_pct needs costs: the provider's monthly cost of each role family and seniority from each delivery centre",
        ),
    ],
)
def test_costs_and_policy_are_checked_in_the_configuration(workspace, config, message):
    (workspace / "quotegen.yaml").write_text(config, encoding="utf-8")
    write(workspace, client(""))
    result = run("render", "acme.yaml", "-f", "json")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (1, message)


@pytest.mark.slow  # two internal PDFs
def test_the_internal_copy_comes_with_render_and_build(workspace):
    (workspace / "clients").mkdir()
    write(workspace, client("    discount_pct: 2\n"), "clients/acme.yaml")
    result = run("build", "clients", "-f", "json", "--internal", "-o", "built")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workspace / "built").iterdir() if not p.name.startswith(".")) == [
        "acme-internal.pdf", "acme.json", "summary.csv", "summary.json"
    ]
    shutil.rmtree(workspace / "built")
    result = run("render", "clients/acme.yaml", "-f", "json", "--internal")
    assert result.stdout == "clients/acme.yaml -> output/acme.json, output/acme-internal.pdf\n"
