"""Validation: every mistake in a client file is reported with its place and plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotegen.api import load_client
from quotegen.errors import QuotegenError

from .conftest import FIXTURES

INVALID = FIXTURES / "invalid"

# Each bad fixture and exactly what a user is told (line:column: field: message).
EXPECTED = {
    "bad-date.yaml": ["2:18: proposal.date: must be a date written as YYYY-MM-DD, not '28/11/2026'"],
    "bad-seniority.yaml": ["4:61: roles[0].seniority: must be one of 'junior', 'mid', 'senior' or 'lead'"],
    "duplicate-key.yaml": ["7:5: roles[0].salary: duplicate key (first given on line 6)"],
    "duplicate-titles.yaml": ["5:13: roles[1].title: roles[0] has the same title; give each role its own"],
    "many-errors.yaml": [
        "2:9: client.name: must not be empty",
        "5:3: client.fax: unknown field (known fields: name, country, region, currency, contact, locale, annual_payroll, employees)",
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
        "7:47: roles[0].third_party_quote.model: must be one of 'bpo', 'professional', 'kpo', 'project', 'microsourcing', 'staff_augmentation' or 'eor'"
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
        "4:64: roles[0].assumptions.gym_membership: is not a known key; use one of 'health_insurance', 'retirement', "
        "'office_space', 'equipment', 'software' or 'recruitment'"
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
