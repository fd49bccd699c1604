"""`quotegen rates` (every programme, its rate, base, rules, days in force and source) and
`quotegen price --format json|csv`, through the command line."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from click.testing import CliRunner

from quotegen.cli import main

from .conftest import ROOT, client_yaml


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rates_json(*args) -> dict:
    result = run("rates", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def programme(table: dict, key: str) -> list[dict]:
    return [row for row in table["programmes"] if row["key"] == key]


# -- quotegen rates -------------------------------------------------------------------------------


def test_texas_in_json_federal_then_state_with_exact_rows():
    data = rates_json("TX", "--year", "2026")
    assert [(t["country"], t["region"], t["name"]) for t in data["tables"]] == [("US", None, "United States, federal"), ("US", "TX", "Texas (TX)")]
    federal, texas = data["tables"]
    assert [row["key"] for row in federal["programmes"]] == ["social_security", "medicare", "futa"]
    assert federal["programmes"][0] | {"note": None} == {
        "key": "social_security",
        "label": "Social Security (OASDI), employer share",
        "level": "federal",
        "rate": "0.062",
        "lower": "0",
        "upper": "184500",
        "total_rate": None,
        "employer_share": None,
        "employer_status": "any",
        "size_bands": [],
        "rules": [],
        "basis": "wages",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "carried_forward": False,
        "source": "Social Security Administration: Contribution and Benefit Base",
        "url": "https://www.ssa.gov/oact/cola/cbb.html",
        "read": None,
        "estimate": False,
        "note": None,
    }
    assert [row["key"] for row in texas["programmes"]] == ["suta", "workers_comp"]
    suta, comp = texas["programmes"]
    assert (suta["rate"], suta["upper"], suta["valid_from"], suta["valid_to"], suta["source"]) == ("0.027", "9000", "2026-01-01", "2026-12-31", "Texas Workforce Commission")
    # Texas has no figure of its own: the 2024 national median index rate, carried forward
    assert (comp["rate"], comp["rate_per_100"], comp["clerical_factor"], comp["valid_from"], comp["carried_forward"]) == ("0.0109", "1.09", "0.2", "2024-01-01", True)
    assert (texas["rates_year"], texas["projected"], texas["replaces"]) == (2026, False, [])


def test_a_rate_the_agency_defines_as_a_share_and_a_size_band():
    (leave,) = programme(rates_json("MN", "--year", "2026")["tables"][1], "mn_paid_leave_employer")
    assert (leave["rate"], leave["total_rate"], leave["employer_share"], leave["upper"], leave["read"]) == ("0.0044", "0.0088", "0.5", "184500", "2026-11-28")
    assert [(b["employees_max"], b["average_wage_below"], b["rate"], b["estimate"]) for b in leave["size_bands"]] == [(30, "107016", "0.0022", True)]
    assert leave["rules"] == ["30 or fewer employees and an average wage under $107,016: 0.22% (est.)"]


def test_new_jerseys_two_rows_of_2025_each_with_its_days():
    rows = programme(rates_json("NJ", "--year", "2025")["tables"][1], "suta")
    assert [(r["rate"], r["upper"], r["valid_from"], r["valid_to"], r["estimate"]) for r in rows] == [
        ("0.031", "43300", "2025-01-01", "2025-06-30", True),
        ("0.031", "43300", "2025-07-01", "2025-12-31", True),
    ]


def test_the_mctmt_rows_of_2025_and_their_brackets():
    rows = programme(rates_json("NY", "--year", "2025")["tables"][1], "ny_mctmt_zone1")
    assert [(r["level"], r["valid_from"], r["valid_to"]) for r in rows] == [("local", "2023-07-01", "2025-06-30"), ("local", "2025-07-01", None)]
    assert rows[1]["quarterly_payroll_brackets"] == [
        {"up_to": "312500", "rate": "0"},
        {"up_to": "375000", "rate": "0.00055"},
        {"up_to": "437500", "rate": "0.00115"},
        {"up_to": "2500000", "rate": "0.006"},
        {"up_to": None, "rate": "0.00895"},
    ]
    assert rows[1]["places"] == ["Bronx", "Kings", "New York", "New York City", "Queens", "Richmond"]


def test_a_region_that_changes_a_federal_programme_says_so():
    quebec = rates_json("QC", "--year", "2026")["tables"][1]
    assert quebec["replaces"] == [
        "Canada Pension Plan (CPP), employer share",
        "Second additional CPP (CPP2), employer share",
        "Employment Insurance (EI), employer premium",
    ]
    california = rates_json("US-CA", "--year", "2026")["tables"][1]
    assert (california["name"], california["replaces"]) == ("California (CA)", ["Federal unemployment tax (FUTA)"])
    (futa,) = programme(california, "futa")
    assert futa["rate"] == "0.021"  # 0.6% plus California's 1.5% credit reduction for 2026


def test_us_or_ca_alone_is_the_federal_programmes_and_past_the_data_is_said_to_be_carried_forward():
    data = rates_json("CA", "--year", "2030")
    assert [(t["name"], t["rates_year"], t["projected"]) for t in data["tables"]] == [("Canada, federal", 2026, True)]
    assert {(row["valid_from"], row["carried_forward"]) for row in data["tables"][0]["programmes"]} == {("2026-01-01", True)}
    result = run("rates", "CA", "--year", "2030")
    assert result.stdout.splitlines()[:2] == [
        "Canada, federal, 2030 (amounts in CAD)",
        "  The data holds no rates after 2026: the rows of 2026 are carried forward, apart from changes already enacted.",
    ]


def test_before_the_data_its_first_rows_are_shown_and_said_to_be():
    result = run("rates", "US", "--year", "2024")
    assert result.stdout.splitlines()[:4] == [
        "United States, federal, 2024 (amounts in USD)",
        "  The data holds no rates before 2025: the rows of 2025 are shown.",
        "  Programme                                                 Rate  Base                        In force                                Est.",
        "  Social Security (OASDI), employer share                   6.2%  first $176,100              2025-01-01 to 2025-12-31",
    ]


def test_the_table_shows_share_rules_basis_and_source_under_each_row():
    lines = run("rates", "MN", "--year", "2026").stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("  Minnesota Paid Leave")))
    assert lines[start].split() == ["Minnesota", "Paid", "Leave", "(employer", "minimum", "share)", "0.44%", "first", "$184,500", "2026-01-01", "to", "2026-12-31"]
    assert lines[start + 1 : start + 5] == [
        "      employer share: 50% of 0.88%",
        "      30 or fewer employees and an average wage under $107,016: 0.22% (est.)",
        "      basis: wages",
        "      source: Minnesota DEED: Paid Leave premium rates and contributions (read 2026-11-28) https://info.paidleave.mn.gov/employers/premiums/index.jsp",
    ]


def test_an_unknown_region_is_refused_by_name():
    result = run("rates", "ZZ")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "quotegen rates: unknown region 'ZZ': give a state or province code (TX, ON, QC), US or CA for the federal "
        "programmes only, or US-CA for California\n"
    )


def test_the_committed_2026_rates_document_is_the_commands_output():
    result = run("rates", "--format", "md", "--year", "2026")
    assert result.exit_code == 0, result.output
    committed = (ROOT / "docs" / "rates-2026.md").read_text(encoding="utf-8")
    assert result.stdout == committed, "docs/rates-2026.md is stale: run `quotegen rates --format md --year 2026 > docs/rates-2026.md`"
    assert committed.startswith("# Employer rates in the United States, 2026\n\nGenerated by `quotegen rates --format md --year 2026`")
    assert "\n# Employer rates in Canada, 2026\n" in committed
    assert (
        "| Washington Paid Family & Medical Leave (employer share) | 0.322841% | first $184,500 | 28.57% of 1.13% | "
        "49 or fewer employees: 0% | wages | 2026-01-01 to 2026-12-31 |"
    ) in committed


# -- quotegen price --format ----------------------------------------------------------------------


def price(tmp_path, monkeypatch, *args):
    (tmp_path / "client.yaml").write_text(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("price", "client.yaml", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_price_as_csv_one_row_per_cost_line(tmp_path, monkeypatch):
    text = price(tmp_path, monkeypatch, "--format", "csv")
    lines = text.splitlines()
    assert lines[0] == "role,option,key,label,per_head,annual,rate,base,source"
    assert lines[2] == 'Clerk,in_house,social_security,"Social Security (OASDI), employer share",3100.00,3100.00,0.062,50000,Social Security Administration: Contribution and Benefit Base'
    assert lines[-1] == 'Clerk,proposed,leasing_fee,"Staff leasing fee, Harare campus, afternoon shift +5%",28980.00,28980.00,2415,12,'
    rows = list(csv.DictReader(io.StringIO(text)))
    # the in-house lines add up to the in-house total the table shows (71,612.00)
    assert sum(Decimal(r["annual"]) for r in rows if r["option"] == "in_house") == Decimal("71612.00")


def test_price_as_json_the_lines_as_exact_strings(tmp_path, monkeypatch):
    data = json.loads(price(tmp_path, monkeypatch, "--format", "json"))
    assert list(data) == ["quote_number", "date", "currency", "cost_basis", "tax_year", "rates_as_of", "roles", "totals"]
    (role,) = data["roles"]
    assert (role["title"], role["model"], role["in_house"]["annual"], role["proposed"]["annual"], role["savings_annual"]) == (
        "Clerk", "staff_leasing", "71612.00", "28980.00", "42632.00",
    )
    suta = next(line for line in role["in_house"]["lines"] if line["key"] == "suta")
    assert (suta["per_head"], suta["rate"], suta["base"]) == ("243.00", "0.027", "9000")  # 2.7% of the first 9,000


def test_price_refuses_an_unknown_format(tmp_path, monkeypatch):
    (tmp_path / "client.yaml").write_text(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("price", "client.yaml", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'xml' is not one of 'table', 'json', 'csv'." in result.stderr
