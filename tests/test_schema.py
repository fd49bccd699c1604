"""Validation: every mistake in a client file is reported with its place and plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotegen.api import load_client
from quotegen.errors import QuotegenError

from .conftest import FIXTURES

INVALID = FIXTURES / "invalid"
# What the built-in theme's fonts (Inter, then the DejaVu Sans fallback) can show, named in
# every unshowable-character message.
SCRIPTS_HINT = "use Latin, Greek, Cyrillic, Arabic or Hebrew script, or a brand font that has them"

# Each bad fixture and exactly what a user is told (line:column: field: message).
EXPECTED = {
    "bad-date.yaml": ["2:18: proposal.date: must be a date written as YYYY-MM-DD, not '28/11/2026'"],
    "bad-seniority.yaml": ["4:61: roles[0].seniority: must be one of 'junior', 'mid', 'senior' or 'lead'"],
    "duplicate-key.yaml": ["7:5: roles[0].salary: duplicate key (first given on line 6)"],
    "duplicate-titles.yaml": ["5:13: roles[1].title: roles[0] has the same title; give each role its own"],
    "many-errors.yaml": [
        "2:9: client.name: must not be empty",
        "5:3: client.fax: unknown field (known fields: name, country, region, currency, contact, locale, annual_payroll, employees, locality, suta_rate)",
        "9:15: proposal.cost_basis: must be one of 'fully_loaded' or 'salary_only'",
        "13:13: roles[0].salary: must be greater than 0",
        "14:16: roles[0].headcount: must be at least 1",
        "15:14: roles[0].on_site: must be true or false",
    ],
    "missing-salary.yaml": ["4:5: roles[0].salary: is required"],
    "no-roles.yaml": ["3:8: roles: must list at least 1"],
    "not-a-mapping.yaml": ["1:1: must be a mapping with client, proposal and roles"],
    "region-not-in-country.yaml": ["1:40: client.region: 'TX' is not a Canadian province or territory (use the two-letter postal code)"],
    "salary-exponent.yaml": ["6:13: roles[0].salary: must be a plain number like 33000 or 33000.50, not '5e4'"],
    "salary-misspelt.yaml": ["4:5: roles[0].salary: is required", "6:5: roles[0].salery: unknown field; did you mean 'salary'?"],
    "salary-with-comma.yaml": ["6:13: roles[0].salary: must be a plain number like 33000 or 33000.50, not '50,000'"],
    "salary-zero.yaml": ["6:13: roles[0].salary: must be greater than 0"],
    "tab-indent.yaml": ["2:1: invalid YAML: a tab character; indent with spaces"],
    "third-party-model.yaml": [
        "7:47: roles[0].third_party_quote.model: must be one of 'eor', 'bpo', 'professional', 'kpo', 'project', 'microsourcing' or 'staff_augmentation'"
    ],
    "unknown-country.yaml": ["1:28: client.country: must be one of 'US' or 'CA'"],
    "leading-zero-salary.yaml": ["4:43: roles[0].salary: has a leading zero ('050000'); write the number without it"],
    "country-no.yaml": ["1:28: client.country: must be one of 'US' or 'CA'"],
    "unknown-top-level.yaml": ["1:1: roles: is required", "3:1: role: unknown field; did you mean 'roles'?"],
    "hours-too-many.yaml": ["4:66: roles[0].hours_per_week: must be at most 60"],
    "bad-language.yaml": ["4:62: roles[0].languages[0]: must be a two-letter language code like en, fr or es, not 'english'"],
    "bad-worker-country.yaml": ["4:73: roles[0].named_worker_country: must be a two-letter country code like MX or PH, not 'POLAND'"],
    "bad-email.yaml": ["5:30: client.contact.email: must be an email address like name@example.com, not 'jo-at-example'"],
    "zero-valid-days.yaml": ["2:58: proposal.valid_days: must be at least 1"],
    "headcount-word.yaml": ["4:61: roles[0].headcount: must be a whole number"],
    "empty.yaml": [" the file is empty"],
    "title-is-a-list.yaml": ["4:12: roles[0].title: must be text"],
    "unknown-assumption.yaml": [
        "4:64: roles[0].assumptions.gym_membership: unknown field (known fields: health_tier, health_insurance, retirement, "
        "office_space, equipment, software, recruitment)"
    ],
    "euro-currency.yaml": ["1:54: client.currency: must be one of 'USD' or 'CAD'"],
    "german-locale.yaml": ["1:52: client.locale: must be one of 'en_US', 'en_CA' or 'fr_CA'"],
    "missing-region.yaml": ["1:9: client.region: is required"],
    "roles-not-a-list.yaml": ["4:3: roles: must be a list"],
    "bad-indentation.yaml": ["3:12: invalid YAML: unexpected ':' (check the indentation, or quote a value that holds ': ')"],
    "unclosed-quote.yaml": ["1:16: invalid YAML: a quoted value starts here and is never closed"],
    "on-site-and-remote.yaml": ["4:73: roles[0].remote: a role cannot be both on_site and remote"],
    "zero-duration.yaml": ["4:87: roles[0].duration_months: must be at least 1"],
    "negative-quote.yaml": ["4:84: roles[0].third_party_quote.annual: must be greater than 0"],
    "alias-bomb.yaml": [" too many values (over 100,000); aliases may be expanding without bound"],
    "latin1.yaml": ["2:12: is not UTF-8 text (byte 0xe9); save the file as UTF-8"],
    "not-yaml.yaml": ["1:1: is not UTF-8 text (byte 0x89); save the file as UTF-8"],
    # Far or impossible dates (valid_until is at most 365 days after the date, so it stays in range too).
    "date-far-future.yaml": ["2:18: proposal.date: must be between 2000-01-01 and 2100-12-31, not 9999-12-31"],
    "date-1900.yaml": ["2:18: proposal.date: must be between 2000-01-01 and 2100-12-31, not 1900-01-01"],
    "date-not-in-calendar.yaml": ["2:18: proposal.date: 2027-02-29 is not a real date: February 2027 has 28 days"],
    "valid-days-huge.yaml": ["2:58: proposal.valid_days: must be at most 365"],
    # Implausible figures: each ceiling just above its limit.
    "salary-too-large.yaml": ["4:43: roles[0].salary: must be at most 10,000,000 (a salary above that is almost certainly a typo)"],
    "headcount-too-large.yaml": ["4:58: roles[0].headcount: must be at most 500 (list a larger team as several roles)"],
    "quote-too-large.yaml": [
        "4:84: roles[0].third_party_quote.annual: must be at most 1,000,000,000 (a yearly price above that is almost certainly a typo)"
    ],
    "named-worker-salary-too-large.yaml": [
        "4:98: roles[0].named_worker_salary: must be at most 10,000,000 (a salary above that is almost certainly a typo)"
    ],
    "task-hours-too-many.yaml": ["4:78: roles[0].task_hours: must be at most 5,000 (for longer work use work: project with duration_months)"],
    "service-hours-too-many.yaml": [
        "4:75: roles[0].service_hours_per_week: must be at most 2,000 (the weekly hours of the whole piece of work, whatever its "
        "headcount; a figure above that is almost certainly a typo)"
    ],
    "workers-comp-too-high.yaml": [
        "4:69: roles[0].workers_comp_rate: must be at most 50 (it is per $100 of payroll; a rate above that is almost certainly a typo)"
    ],
    "retirement-as-percent.yaml": ["4:76: roles[0].assumptions.retirement: must be at most 0.5 (a fraction of the salary: write 0.05 for 5%)"],
    "overrides-too-high.yaml": [
        "4:82: roles[0].assumptions.health_insurance: must be at most 100,000 (per full-time employee a year; a figure above that is almost certainly a typo)",
        "5:29: assumptions.office_space: must be at most 100,000 (per full-time employee a year; a figure above that is almost certainly a typo)",
    ],
    "company-too-large.yaml": [
        "1:60: client.annual_payroll: must be at most 500,000,000,000 (a payroll above that is almost certainly a typo)",
        "1:85: client.employees: must be at most 5,000,000 (a company size above that is almost certainly a typo)",
    ],
    "proposal-payroll-too-large.yaml": [
        "4:3: roles: the salaries come to 1,050,000,000 a year (salary x headcount over all roles); at most 1,000,000,000 in one proposal "
        "(a figure above that is almost certainly a typo)"
    ],
    "quotes-too-large.yaml": [
        "4:3: roles: the third-party quotes come to 1,000,000,000.01 a year; at most 1,000,000,000 in one proposal "
        "(a figure above that is almost certainly a typo)"
    ],
    "too-many-heads.yaml": ["4:3: roles: 10,500 heads in all; at most 10,000 in one proposal (make several proposals for a larger workforce)"],
    # Characters the document's fonts cannot show: each listed once, at its field and line.
    "cjk-name.yaml": [
        "1:16: client.name: the brand font cannot show 東 (U+6771 CJK UNIFIED IDEOGRAPH-6771), 京 (U+4EAC CJK UNIFIED IDEOGRAPH-4EAC); "
        f"{SCRIPTS_HINT}"
    ],
    "emoji-title.yaml": [f"4:13: roles[0].title: the brand font cannot show 🎉 (U+1F389 PARTY POPPER); {SCRIPTS_HINT}"],
    "cjk-long-and-salary.yaml": [
        "2:9: client.name: the brand font cannot show 株 (U+682A CJK UNIFIED IDEOGRAPH-682A), 式 (U+5F0F CJK UNIFIED IDEOGRAPH-5F0F), "
        "会 (U+4F1A CJK UNIFIED IDEOGRAPH-4F1A), 社 (U+793E CJK UNIFIED IDEOGRAPH-793E), 東 (U+6771 CJK UNIFIED IDEOGRAPH-6771), "
        "京 (U+4EAC CJK UNIFIED IDEOGRAPH-4EAC), 海 (U+6D77 CJK UNIFIED IDEOGRAPH-6D77), 上 (U+4E0A CJK UNIFIED IDEOGRAPH-4E0A) "
        f"and 6 more; {SCRIPTS_HINT}",
        "7:43: roles[0].salary: must be greater than 0",
        f"8:13: roles[1].title: the brand font cannot show 📎 (U+1F4CE PAPERCLIP); {SCRIPTS_HINT}",
        # Refused as an amount already: no second message about its characters.
        "8:101: roles[1].assumptions.office_space: must be a plain number like 33000 or 33000.50, not '一万'",
    ],
    "unknown-family.yaml": [
        "4:28: roles[0].family: 'admni' is not a role family of the rate card; did you mean 'admin'? (known: accounting, admin, "
        "bookkeeping, clinical, customer_service, data_entry, design, facilities, hr, it_support, legal, marketing, paralegal, sales, software)"
    ],
}


def test_every_invalid_fixture_has_its_expected_message():
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exact_errors(name, config):
    path = INVALID / name
    with pytest.raises(QuotegenError) as caught:
        load_client(path, config)
    assert [str(e) for e in caught.value.errors] == [f"{path}:{line}" for line in EXPECTED[name]]


def test_the_corpus_of_bad_files_is_large():
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_fails_the_cli_with_its_message_and_writes_nothing(name, tmp_path, monkeypatch):
    import shutil

    from click.testing import CliRunner

    from quotegen.cli import main

    monkeypatch.chdir(tmp_path)
    shutil.copy(INVALID / name, tmp_path / name)
    result = CliRunner().invoke(main, ["render", name, "-o", "out"])
    assert result.exit_code == 1
    expected = "".join(f"{name}:{line}\n" for line in EXPECTED[name])
    assert result.stderr == expected + "1 of 1 file(s) failed; nothing was written for them.\n"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_fails_validate_with_its_message(name, tmp_path, monkeypatch):
    import shutil

    from click.testing import CliRunner

    from quotegen.cli import main

    monkeypatch.chdir(tmp_path)
    shutil.copy(INVALID / name, tmp_path / name)
    result = CliRunner().invoke(main, ["validate", name])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "".join(f"{name}:{line}\n" for line in EXPECTED[name])


def test_valid_fixture_loads_with_defaults(config):
    client_file = load_client(FIXTURES / "valid" / "minimal.yaml", config).client_file
    role = client_file.roles[0]
    assert (role.seniority, role.headcount, role.hours_per_week, role.on_site) == ("mid", 1, 40, False)
    assert client_file.client.billing_currency == "USD"
    assert client_file.proposal.cost_basis == "fully_loaded"
    assert client_file.proposal.valid_days == 30


def test_country_and_region_codes_are_case_insensitive(quote_of):
    from .conftest import client_yaml

    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", country="us", region="tx"))
    assert (quote.client.country, quote.client.region) == ("US", "TX")


def test_canadian_clients_default_to_cad_and_en_ca(quote_of):
    from .conftest import client_yaml

    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", country="CA", region="ON"))
    assert (quote.currency, quote.locale) == ("CAD", "en_CA")


def test_samples_are_valid(config):
    samples = sorted(Path(__file__).parent.parent.joinpath("clients").glob("*.yaml"))
    assert len(samples) >= 3
    for sample in samples:
        load_client(sample, config)


# Each ceiling and date bound: the limit itself validates and prices, the next step above it is
# refused. (role or client line with {v}, the limit, just above it, field, message above.)
TYPO = "a figure above that is almost certainly a typo"
BOUNDS = {
    "salary": ("  - {{title: Clerk, family: admin, salary: {v}}}", "10000000", "10000000.01", "roles[0].salary",
               "must be at most 10,000,000 (a salary above that is almost certainly a typo)"),
    "headcount": ("  - {{title: Agents, family: customer_service, headcount: {v}, salary: 30000}}", "500", "501", "roles[0].headcount",
                  "must be at most 500 (list a larger team as several roles)"),
    "quote": ("  - {{title: Books, family: bookkeeping, salary: 50000, third_party_quote: {{annual: {v}, model: bpo}}}}",
              "1000000000", "1000000000.01", "roles[0].third_party_quote.annual",
              "must be at most 1,000,000,000 (a yearly price above that is almost certainly a typo)"),
    "named_worker_salary": ("  - {{title: Dev, family: software, salary: 90000, named_worker_country: PL, named_worker_salary: {v}}}",
                            "10000000", "10000000.01", "roles[0].named_worker_salary",
                            "must be at most 10,000,000 (a salary above that is almost certainly a typo)"),
    "task_hours": ("  - {{title: Scan, family: data_entry, salary: 30000, work: task, task_hours: {v}}}", "5000", "5000.01",
                   "roles[0].task_hours", "must be at most 5,000 (for longer work use work: project with duration_months)"),
    "service_hours_per_week": ("  - {{title: Advice, family: legal, salary: 90000, service_hours_per_week: {v}}}", "2000", "2000.01",
                               "roles[0].service_hours_per_week",
                               "must be at most 2,000 (the weekly hours of the whole piece of work, whatever its headcount; "
                               "a figure above that is almost certainly a typo)"),
    "workers_comp_rate": ("  - {{title: Clerk, family: admin, salary: 50000, workers_comp_rate: {v}}}", "50", "50.01",
                          "roles[0].workers_comp_rate",
                          "must be at most 50 (it is per $100 of payroll; a rate above that is almost certainly a typo)"),
    "retirement": ("  - {{title: Clerk, family: admin, salary: 50000, assumptions: {{retirement: {v}}}}}", "0.5", "0.51",
                   "roles[0].assumptions.retirement", "must be at most 0.5 (a fraction of the salary: write 0.05 for 5%)"),
    "health_insurance_us": ("  - {{title: Clerk, family: admin, salary: 50000, assumptions: {{health_insurance: {v}}}}}", "100000", "100000.01",
                            "roles[0].assumptions.health_insurance", f"must be at most 100,000 (per full-time employee a year; {TYPO})"),
    "office_space": ("  - {{title: Clerk, family: admin, salary: 50000, assumptions: {{office_space: {v}}}}}", "100000", "100000.01",
                     "roles[0].assumptions.office_space", f"must be at most 100,000 (per full-time employee a year; {TYPO})"),
    "annual_payroll": ("  annual_payroll: {v}", "500000000000", "500000000000.01", "client.annual_payroll",
                       "must be at most 500,000,000,000 (a payroll above that is almost certainly a typo)"),
    "employees": ("  employees: {v}", "5000000", "5000001", "client.employees",
                  "must be at most 5,000,000 (a company size above that is almost certainly a typo)"),
}


def _bound_file(name: str, value: str) -> str:
    from .conftest import client_yaml

    line = BOUNDS[name][0].format(v=value)
    if line.startswith("  - "):
        return client_yaml(line + "\n")
    return client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", extra_client=line + "\n")


def _validate(text: str, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quotegen.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["validate", "c.yaml"])


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_a_ceiling_itself_validates_and_prices(name, tmp_path, monkeypatch):
    result = _validate(_bound_file(name, BOUNDS[name][1]), tmp_path, monkeypatch)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "c.yaml: ok\n", "")


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_just_above_a_ceiling_is_refused_at_its_field(name, tmp_path, monkeypatch):
    _, _, above, field, message = BOUNDS[name]
    text = _bound_file(name, above)
    offset = text.index(f": {above}") + 2  # where the value starts
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    result = _validate(text, tmp_path, monkeypatch)
    assert (result.exit_code, result.stderr) == (1, f"c.yaml:{line}:{column}: {field}: {message}\n")


def test_canadian_health_insurance_is_a_yearly_amount_with_its_own_ceiling(tmp_path, monkeypatch):
    from .conftest import client_yaml

    role = "  - {{title: Clerk, family: admin, salary: 50000, assumptions: {{health_insurance: {v}}}}}\n"
    at = _validate(client_yaml(role.format(v="100000"), country="CA", region="ON"), tmp_path, monkeypatch)
    assert (at.exit_code, at.stdout) == (0, "c.yaml: ok\n")
    above = _validate(client_yaml(role.format(v="100000.01"), country="CA", region="ON"), tmp_path, monkeypatch)
    assert above.stderr == f"c.yaml:10:82: roles[0].assumptions.health_insurance: must be at most 100,000 (per full-time employee a year; {TYPO})\n"


@pytest.mark.parametrize("date", ["2000-01-01", "2100-12-31", "2028-02-29"])
def test_dates_at_the_bounds_and_leap_days_validate(date, tmp_path, monkeypatch):
    from .conftest import client_yaml

    result = _validate(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", date=date), tmp_path, monkeypatch)
    assert (result.exit_code, result.stdout) == (0, "c.yaml: ok\n")


@pytest.mark.parametrize(("date", "message"), [
    ("1999-12-31", "must be between 2000-01-01 and 2100-12-31, not 1999-12-31"),
    ("2101-01-01", "must be between 2000-01-01 and 2100-12-31, not 2101-01-01"),
    ("0000-01-01", "must be between 2000-01-01 and 2100-12-31, not 0000-01-01"),
    ("2026-13-01", "2026-13-01 is not a real date: there is no month 13"),
    ("2026-00-10", "2026-00-10 is not a real date: there is no month 0"),
    ("2026-04-31", "2026-04-31 is not a real date: April 2026 has 30 days"),
    ("2026-04-00", "2026-04-00 is not a real date: April 2026 has 30 days"),
])
def test_far_and_impossible_dates_are_refused(date, message, tmp_path, monkeypatch):
    from .conftest import client_yaml

    result = _validate(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", date=date), tmp_path, monkeypatch)
    assert (result.exit_code, result.stderr) == (1, f"c.yaml:6:9: proposal.date: {message}\n")


def test_the_latest_date_with_the_longest_validity_renders_its_dates(tmp_path, monkeypatch):
    from .conftest import client_yaml

    text = client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", date="2100-12-31\n  valid_days: 365")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.yaml").write_text(text)
    from click.testing import CliRunner

    from quotegen.cli import main

    result = CliRunner().invoke(main, ["render", "c.yaml", "-f", "json"])
    assert result.exit_code == 0, result.output
    import json

    written = json.loads((tmp_path / "output" / "c.json").read_text())
    assert (written["date"], written["valid_until"]) == ("2100-12-31", "2101-12-31")


def test_a_whole_proposal_at_its_ceilings_validates(tmp_path, monkeypatch):
    """10,000 heads whose salaries add up to exactly 1,000,000,000, and quotes adding up to 1,000,000,000."""
    from .conftest import client_yaml

    roles = "".join(f"  - {{title: Team {i}, family: customer_service, headcount: 500, salary: 100000}}\n" for i in range(19))
    roles += "  - {title: Team 19, family: customer_service, headcount: 498, salary: 100000}\n"
    roles += "  - {title: Books, family: bookkeeping, salary: 100000, third_party_quote: {annual: 600000000, model: bpo}}\n"
    roles += "  - {title: Payroll, family: accounting, salary: 100000, third_party_quote: {annual: 400000000, model: bpo}}\n"
    result = _validate(client_yaml(roles), tmp_path, monkeypatch)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "c.yaml: ok\n", "")
    one_cent_more = _validate(client_yaml(roles.replace("annual: 400000000,", "annual: 400000000.01,")), tmp_path, monkeypatch)
    assert one_cent_more.stderr == (
        "c.yaml:10:3: roles: the third-party quotes come to 1,000,000,000.01 a year; at most 1,000,000,000 in one proposal "
        f"({TYPO})\n"
    )
    one_head_more = _validate(client_yaml(roles.replace("headcount: 498, salary: 100000", "headcount: 499, salary: 1")), tmp_path, monkeypatch)
    assert one_head_more.stderr == "c.yaml:10:3: roles: 10,001 heads in all; at most 10,000 in one proposal (make several proposals for a larger workforce)\n"
