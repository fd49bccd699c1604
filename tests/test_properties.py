"""Properties of the cost engine over every region, year and salary (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from quotegen.money import round_money
from quotegen.input.provider import load_config
from quotegen.engine.pricing import Employer, in_house_cost
from quotegen.data.rates import rate_set
from quotegen.data.tables import regions_of
from quotegen.input.client import Role

PLACES = [("US", r) for r in regions_of("US")] + [("CA", r) for r in regions_of("CA")]
salaries = st.decimals(min_value=Decimal("1000"), max_value=Decimal("400000"), places=2)
places = st.sampled_from(PLACES)
years = st.sampled_from([2025, 2026])
payrolls = st.decimals(min_value=Decimal("10000"), max_value=Decimal("20000000"), places=0)


CONFIG = load_config(None)


def cost(country, region, year, salary, payroll=Decimal("500000"), heads=1, remote=False):
    role = Role(title="R", family="admin", salary=salary, headcount=heads, remote=remote)
    employer = Employer(cost_basis="fully_loaded", payroll=payroll, employees=100, overrides={})
    return in_house_cost(role, rate_set(country, region, year), employer, CONFIG)


@settings(max_examples=300, deadline=None)
@given(places, years, salaries, st.integers(1, 40), payrolls)
def test_totals_equal_the_sum_of_their_rounded_lines(place, year, salary, heads, payroll):
    breakdown = cost(*place, year, salary, payroll, heads)
    assert breakdown.annual == sum(line.annual for line in breakdown.lines)
    for line in breakdown.lines:
        assert line.per_head == round_money(line.per_head)
        assert line.annual == line.per_head * heads


@settings(max_examples=300, deadline=None)
@given(places, years, salaries, salaries, payrolls)
def test_cost_never_decreases_as_salary_rises(place, year, one, other, payroll):
    low, high = sorted((one, other))
    assert cost(*place, year, low, payroll).annual <= cost(*place, year, high, payroll).annual


@settings(max_examples=300, deadline=None)
@given(places, years, salaries)
def test_no_statutory_line_exceeds_its_annual_maximum(place, year, salary):
    rates = rate_set(*place, year)
    lines = {line.key: line.per_head for line in cost(*place, year, salary).lines}
    for contribution in rates.contributions:
        ceiling = contribution.annual_max()
        if ceiling is not None and contribution.key in lines:
            assert lines[contribution.key] <= round_money(ceiling)


def test_every_region_prices_in_both_years():
    for country, region in PLACES:
        for year in (2025, 2026):
            assert cost(country, region, year, Decimal("55000")).annual > Decimal("55000")
