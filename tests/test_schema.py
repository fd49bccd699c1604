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
