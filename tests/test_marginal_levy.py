"""Taxes on the whole payroll at their marginal cost: the tax with the roles less the tax without.

`client.annual_payroll` is the company's payroll without the roles quoted; their first-year
wages are added on top, and the difference is shared among the roles by wages. Every expected
figure is the data tables' arithmetic (quotegen/data/canada.yaml), written out by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from .conftest import client_yaml


def levy_lines(quote):
    """Each role's health-tax line per head, by title."""
    return {role.title: next(line.per_head for line in role.in_house.lines if line.key == "eht") for role in quote.roles}


def canadian(roles: str, region: str, payroll: str | None, year: int = 2026) -> str:
    extra = f"  annual_payroll: {payroll}\n" if payroll else ""
    return client_yaml(roles, country="CA", region=region, date=f"{year}-06-30", extra_client=extra)


def hire(salary, title="Hire", more=""):
    return f"  - {{title: {title}, family: admin, salary: {salary}{more}}}\n"


def test_manitoba_hire_costs_the_levy_it_adds_not_the_average_rate(quote_of):
    quote = quote_of(canadian(hire(70000), "MB", "3000000"))
    # 2026: 4.3% of the payroll above $2.5M up to $5M.
    # 0.043 x (3,070,000 - 2,500,000) - 0.043 x (3,000,000 - 2,500,000) = 24,510 - 21,500
    assert levy_lines(quote) == {"Hire": D("3010.00")}  # the average rate would give 21,500 / 3M x 70,000 = 501.67
    line = next(line for line in quote.roles[0].in_house.lines if line.key == "eht")
    assert (line.rate, line.base) == (D("0.043"), D("70000"))


def test_the_quote_says_which_method_and_which_payroll_figures_were_used(quote_of):
    quote = quote_of(canadian(hire(70000), "MB", "3000000"))
    assert (
        "Manitoba Health and Post Secondary Education Tax Levy is charged at its marginal cost: the tax on a payroll of "
        "3070000.00 less the tax on 3000000.00, the client's stated payroll without these roles, shared among the roles "
        "in proportion to their wages."
    ) in [note.english() for note in quote.notes]
    ref = next(ref for ref in quote.references if ref.kind == "payroll_tax")
    assert (ref.label, ref.rate, ref.amount) == (
        "Manitoba Health and Post Secondary Education Tax Levy, marginal cost of these roles",
        D("0.043"),  # 3,010 / 70,000
        D("3000000"),
    )


def test_without_a_stated_payroll_the_roles_are_the_whole_payroll(quote_of):
    quote = quote_of(canadian(hire(2600000, title="Crew", more=", headcount: 1"), "MB", None))
    # 0.043 x (2,600,000 - 2,500,000) - 0 = 4,300
    assert levy_lines(quote) == {"Crew": D("4300.00")}
    assert (
        "Manitoba Health and Post Secondary Education Tax Levy is charged as if these roles were the whole payroll "
        "(2600000.00): the rest of the company's payroll is not known, and with it the tax on these roles may differ."
    ) in [note.english() for note in quote.notes]
    assert quote.warnings == (
        "client.annual_payroll is not set: Manitoba Health and Post Secondary Education Tax Levy is charged as if these roles "
        "were the whole payroll; set it (the company's payroll without these roles) to charge the tax's marginal cost",
    )
    ref = next(ref for ref in quote.references if ref.kind == "payroll_tax")
    assert (ref.label, ref.rate, ref.amount) == ("Manitoba Health and Post Secondary Education Tax Levy", D("4300") / D("2600000"), D("2600000"))


@pytest.mark.parametrize(
    ("payroll", "salary", "levy"),
    [
        # Eligible employers deduct $1M; above $5M payroll the exemption is lost: 1.95% of it all.
        ("4000000", 100000, "1950.00"),  # 0.0195 x 3,100,000 - 0.0195 x 3,000,000
        ("4900000", 100000, "1950.00"),  # 0.0195 x 4,000,000 - 0.0195 x 3,900,000: at the cliff, not over it
        ("4950000", 100000, "21450.00"),  # 0.0195 x 5,050,000 - 0.0195 x 3,950,000 = 98,475 - 77,025: the cliff
        ("6000000", 100000, "1950.00"),  # 0.0195 x 6,100,000 - 0.0195 x 6,000,000
        ("950000", 100000, "975.00"),  # 0.0195 x (1,050,000 - 1,000,000) - 0
    ],
)
def test_ontario_across_the_five_million_exemption_cliff(quote_of, payroll, salary, levy):
    assert levy_lines(quote_of(canadian(hire(salary), "ON", payroll))) == {"Hire": D(levy)}


@pytest.mark.parametrize(
    ("payroll", "levy"),
    [
        ("900000", "0.00"),  # 1,000,000: still exempt
        ("950000", "2925.00"),  # 0.0585 x (1,050,000 - 1,000,000) - 0
        ("1200000", "5850.00"),  # 0.0585 x 300,000 - 0.0585 x 200,000: inside the notch
        ("1450000", "3900.00"),  # 0.0195 x 1,550,000 - 0.0585 x 450,000 = 30,225 - 26,325
        ("2000000", "1950.00"),  # 0.0195 x 2,100,000 - 0.0195 x 2,000,000
    ],
)
def test_british_columbia_across_its_exemption_and_notch(quote_of, payroll, levy):
    assert levy_lines(quote_of(canadian(hire(100000), "BC", payroll))) == {"Hire": D(levy)}


@pytest.mark.parametrize(
    ("year", "payroll", "levy"),
    [
        (2026, "1930000", "0.00"),  # 2,000,000: exactly the threshold, nothing owed
        (2026, "1950000", "400.00"),  # 0.02 x (2,020,000 - 2,000,000)
        (2026, "2000000", "1400.00"),  # 0.02 x 70,000: the threshold is passed by the hire's first dollar
        (2025, "2000000", "1400.00"),  # the $2M threshold since 2023
    ],
)
def test_newfoundland_hapset_at_its_threshold(quote_of, year, payroll, levy):
    assert levy_lines(quote_of(canadian(hire(70000), "NL", payroll, year))) == {"Hire": D(levy)}


def test_manitoba_2025_thresholds(quote_of):
    # 2025: 4.3% above $2.25M. 0.043 x (2,300,000 - 2,250,000) - 0 = 2,150
    assert levy_lines(quote_of(canadian(hire(70000), "MB", "2230000", 2025))) == {"Hire": D("2150.00")}


def test_quebec_hire_raises_both_the_base_and_the_rate(quote_of):
    quote = quote_of(canadian(hire(70000), "QC", "3000000", 2025))
    # rate 1.2662% + 0.3838% x TP/1M, to two decimals: 2.4176 -> 2.42% on 3,000,000 = 72,600;
    # 2.444466 -> 2.44% on 3,070,000 = 74,908
    assert levy_lines(quote) == {"Hire": D("2308.00")}


def test_the_roles_lines_add_up_to_the_marginal_levy_exactly(quote_of):
    quote = quote_of(canadian(hire(50001, title="Analyst") + hire(40011, title="Clerk"), "MB", "3000000"))
    # 0.043 x 90,012 = 3,870.516 -> 3,870.52 in all. By wages: 0.043 x 50,001 = 2,150.043 and
    # 0.043 x 40,011 = 1,720.473, which round to 2,150.04 + 1,720.47 = 3,870.51: a cent short.
    # The cent left goes to the larger remainder; on a tie, to the first title in alphabetical order.
    assert levy_lines(quote) == {"Analyst": D("2150.05"), "Clerk": D("1720.47")}
    assert sum(levy_lines(quote).values()) == D("3870.52")


def test_the_odd_cent_follows_the_title_not_the_order_of_the_roles(quote_of):
    def levy(order):
        roles = "".join(hire(40011, title=title) for title in order)
        return levy_lines(quote_of(canadian(roles, "MB", "3000000"), name=f"{''.join(order)}.yaml"))

    # 0.043 x 80,022 = 3,440.946 -> 3,440.95; each 0.043 x 40,011 = 1,720.473 (a tie): 1,720.47 + 1,720.48
    assert levy(["Bea", "Al"]) == levy(["Al", "Bea"]) == {"Al": D("1720.48"), "Bea": D("1720.47")}


def test_several_heads_share_the_levy_per_head(quote_of):
    quote = quote_of(canadian(hire(60000, title="Agents", more=", headcount: 3") + hire(45000, title="Lead"), "MB", "4000000"))
    # 0.043 x (4,225,000 - 2,500,000) - 0.043 x (4,000,000 - 2,500,000) = 0.043 x 225,000 = 9,675
    # Agents: 0.043 x 60,000 = 2,580 a head, x 3 = 7,740; Lead: 0.043 x 45,000 = 1,935
    assert levy_lines(quote) == {"Agents": D("2580.00"), "Lead": D("1935.00")}
    annual = [line.annual for role in quote.roles for line in role.in_house.lines if line.key == "eht"]
    assert annual == [D("7740.00"), D("1935.00")]
    assert sum(annual) == D("9675.00")


def test_a_part_year_role_adds_only_the_wages_it_is_paid(quote_of):
    quote = quote_of(canadian(hire(70000, more=", work: project, duration_months: 6"), "MB", "3000000"))
    # half a year: 35,000 of wages. 0.043 x 535,000 - 0.043 x 500,000 = 1,505
    assert levy_lines(quote) == {"Hire": D("1505.00")}
    assert any("the tax on a payroll of 3035000.00 less the tax on 3000000.00" in note.english() for note in quote.notes)
