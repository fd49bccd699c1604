"""The rate data: complete, sourced, dated; and the appendix lists what a quote used."""

from __future__ import annotations

import pytest

from quotegen.data.tables import data_file, regions_of

REQUIRED = ("year", "source", "url", "estimate")


def records():
    """Every record of every rate table, with where it lives."""
    for name in ("us_federal.yaml", "us_states.yaml", "canada.yaml", "us_workers_comp.yaml"):
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
