"""The rate data: complete, sourced, dated; and the appendix lists what a quote used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from quotegen.data.tables import data_file, regions_of

REQUIRED = ("year", "source", "url", "estimate")


def records():
    """Every record of every rate table, with where it lives."""
    for name in ("us_federal.yaml", "us_states.yaml", "us_local.yaml", "canada.yaml", "us_workers_comp.yaml"):
        for section, rows in data_file(name).items():
            for index, row in enumerate(rows):
                yield f"{name}:{section}[{index}]", row
    for country, rows in data_file("assumptions.yaml").items():
        for index, row in enumerate(rows):
            yield f"assumptions.yaml:{country}[{index}]", row


@pytest.mark.parametrize(("where", "record"), list(records()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_record_carries_its_source_year_and_standing(where, record):
    for key in REQUIRED:
        assert key in record, f"{where} lacks {key}"
    assert str(record["source"]).strip(), f"{where} has an empty source"
    assert isinstance(record["estimate"], bool), f"{where}: estimate must be true or false"
    assert 2020 <= int(record["year"]) <= 2030


LAST_READ = dt.date(2026, 11, 28)  # the day the stored copies of the sources were read
# Figures re-sourced in the audit of issue #12: each states the page it came from and when it was read.
RESOURCED = [("MA", 2025), ("MA", 2026), ("WA", 2025), ("WA", 2026), ("MN", 2026), ("CO", 2025), ("CO", 2026), ("NJ", 2026)]


def _read_date(where, record):
    assert "read" in record, f"{where} lacks read: the date its page was read"
    read = dt.date.fromisoformat(str(record["read"]))
    assert dt.date(2024, 1, 1) <= read <= LAST_READ, f"{where}: read {read}"


@pytest.mark.parametrize(("where", "record"), list(records()), ids=lambda v: v if isinstance(v, str) else "")
def test_a_stated_read_date_is_a_real_day_up_to_the_last_reading(where, record):
    if "read" in record:
        _read_date(where, record)


@pytest.mark.parametrize(("region", "year"), RESOURCED)
def test_re_sourced_unemployment_figures_state_their_page_and_read_date(region, year):
    record = next(r for r in data_file("us_states.yaml")["suta"] if (r["region"], int(r["year"])) == (region, year))
    _read_date(f"suta {region} {year}", record)
    assert str(record["url"]).startswith("https://"), (region, year)


def test_massachusetts_no_longer_uses_the_pre_2021_schedule():
    ma = {int(r["year"]): r for r in data_file("us_states.yaml")["suta"] if r["region"] == "MA"}
    assert "contribution-rate.html" not in ma[2026]["url"] and Decimal(ma[2026]["rate"]) != Decimal("0.0283")


def _programmes():
    for index, row in enumerate(data_file("us_states.yaml")["programmes"]):
        yield f"programmes[{index}] {row['region']} {row['key']} {row['year']}", row


@pytest.mark.parametrize(("where", "row"), list(_programmes()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_programme_states_its_employer_rate_one_way(where, row):
    basis = row.get("basis", "wages")
    assert basis in ("wages", "hours", "premium", "suta_tax", "health"), where
    if basis == "premium":
        assert {"premium_rate", "employee_rate"} <= row.keys() and not {"rate", "total_rate"} & row.keys(), where
        assert 0 < Decimal(row.get("employee_premium_share", "1")) <= 1, where
        assert row["estimate"] is True, f"{where}: a carrier premium is an estimate"
    elif basis == "health":
        assert {"employee_contribution", "employee_cap_rate"} <= row.keys(), where
    else:
        # A rate, or the agency's total premium and the employer's share of it: never both.
        assert ("rate" in row) != ("total_rate" in row), where
        if "total_rate" in row:
            assert 0 < Decimal(row["employer_share"]) <= 1, where
    assert row.get("employer_status", "new") in ("new", "established"), where
    if row.get("employer_status") == "established":
        assert str(row.get("applies_from", "")).strip(), f"{where}: say when a new employer starts paying"
    if "total_rate" in row or "size_bands" in row or basis != "wages":
        _read_date(where, row)


@pytest.mark.parametrize(("where", "row"), [(w, r) for w, r in _programmes() if r.get("size_bands")], ids=lambda v: v if isinstance(v, str) else "")
def test_size_bands_run_up_in_size_and_never_charge_a_small_employer_more(where, row):
    standard = Decimal(row["rate"]) if "rate" in row else Decimal(row["total_rate"]) * Decimal(row["employer_share"])
    sizes = [int(band["employees_max"]) for band in row["size_bands"]]
    assert sizes == sorted(set(sizes)) and sizes[0] >= 1, where
    rates = [Decimal(band["employer_rate"]) for band in row["size_bands"]]
    assert all(0 <= rate < standard for rate in rates) and rates == sorted(rates), where
    assert all(str(band["rule"]).strip() for band in row["size_bands"]), where


def test_every_paid_leave_programme_with_a_size_rule_in_law_has_its_bands():
    # The small-employer rules found in the agencies' and EY's 2026 tables (see the notes of each row).
    expected = {"wa_pfml_employer": 49, "co_famli_employer": 9, "ma_pfml_employer": 24, "or_paid_leave_employer": 24,
                "me_pfml_employer": 14, "de_pfml_employer": 24, "mn_paid_leave_employer": 30, "ma_emac": 5}
    for row in data_file("us_states.yaml")["programmes"]:
        if row["key"] in expected:
            assert max(int(b["employees_max"]) for b in row["size_bands"]) == expected[row["key"]], (row["key"], row["year"])


def test_every_locality_names_known_taxes_and_every_tax_has_a_schedule_in_force():
    from quotegen.data.localities import normalise

    data = data_file("us_local.yaml")
    keys = {tax["key"] for tax in data["taxes"]}
    used = set()
    for state in data["places"]:
        _read_date(f"places {state['region']}", state)
        names = [normalise(str(n)) for entry in state["localities"] for n in (entry["name"], *entry.get("aliases", []))]
        assert len(names) == len(set(names)), state["region"]
        for entry in state["localities"]:
            assert set(entry.get("taxes") or []) <= keys, entry
            used |= set(entry.get("taxes") or [])
    assert used == keys
    for key in keys:
        schedules = sorted((t for t in data["taxes"] if t["key"] == key), key=lambda t: str(t["valid_from"]))
        assert [s["valid_to"] for s in schedules][-1] is None, key  # one schedule is in force now
        for earlier, later in zip(schedules, schedules[1:]):
            assert dt.date.fromisoformat(str(earlier["valid_to"])) + dt.timedelta(days=1) == dt.date.fromisoformat(str(later["valid_from"])), key
        for schedule in schedules:
            _read_date(f"taxes {key} {schedule['valid_from']}", schedule)
            brackets = schedule.get("quarterly_payroll_brackets")
            if brackets:
                limits = [Decimal(b["up_to"]) for b in brackets[:-1]]
                assert limits == sorted(limits) and brackets[-1]["up_to"] is None, key
            else:
                assert Decimal(schedule["rate"]) > 0, key


def test_every_state_and_dc_has_unemployment_figures_for_both_years():
    have = {(r["region"], int(r["year"])) for r in data_file("us_states.yaml")["suta"]}
    for region in regions_of("US"):
        assert {(region, 2025), (region, 2026)} <= have, region


def test_every_province_and_territory_has_health_tax_and_workers_comp_records():
    data = data_file("canada.yaml")
    for section in ("health_tax", "workers_comp"):
        have = {(r["region"], int(r["year"])) for r in data[section]}
        for region in regions_of("CA"):
            assert {(region, 2025), (region, 2026)} <= have, (section, region)


def test_contribution_maximums_agree_with_rate_and_bounds():
    from decimal import Decimal

    for name in ("us_federal.yaml", "canada.yaml"):
        for row in data_file(name)["contributions"]:
            if row.get("max") and row.get("upper"):
                computed = Decimal(row["rate"]) * (Decimal(row["upper"]) - Decimal(row.get("lower") or 0))
                assert computed.quantize(Decimal("0.01")) == Decimal(row["max"]), (name, row["key"], row["year"])


def test_the_appendix_lists_every_parameter_behind_the_lines(quote_of):
    from .conftest import client_yaml

    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n", region="CA"))
    listed = {ref.key for ref in quote.references}
    shown = {line.key for line in quote.roles[0].in_house.lines} - {"salary"}
    assert shown <= listed
    assert {"salary_growth", "rate_card", "workers_comp_clerical"} <= listed
    assert "hours_worked" not in listed  # no per-hour cost since health insurance is a yearly premium
    assert all(ref.source.title for ref in quote.references)


def test_numbers_with_a_point_load_as_decimals_from_their_text():
    from decimal import Decimal

    from quotegen.data.tables import parse_data

    data = parse_data("rate: 0.0145\nsmall: 1e-3\nbig: -1.5E+3\nheads: 12\nregion: ON\nquoted: '0.1'\n")
    assert data == {"rate": Decimal("0.0145"), "small": Decimal("0.001"), "big": Decimal("-1500"), "heads": 12, "region": "ON", "quoted": "0.1"}
    # Compared exactly: a float on the way would have made 0.0145 into 0.01449999999999999969...
    assert [type(data[key]) for key in ("rate", "small", "big")] == [Decimal, Decimal, Decimal]
    assert (str(data["rate"]), str(data["small"])) == ("0.0145", "0.001")


def test_a_number_tag_on_text_is_refused_with_its_place():
    import yaml

    from quotegen.data.tables import parse_data

    with pytest.raises(yaml.YAMLError) as caught:
        parse_data("rate: !!float abc\n")
    assert str(caught.value) == 'not a number: \'abc\'\n  in "<unicode string>", line 1, column 7'


def test_no_float_anywhere_in_the_package_data():
    from importlib import resources

    def floats(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from floats(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from floats(item, f"{where}[{index}]")
        elif isinstance(value, float):
            yield where

    names = sorted(p.name for p in resources.files("quotegen").joinpath("data").iterdir() if p.name.endswith(".yaml"))
    assert "us_states.yaml" in names
    assert [where for name in names for where in floats(data_file(name), name)] == []
