"""Canadian employer health taxes at every bracket edge: exactly at it, a dollar below and above.

One role whose salary is the whole payroll P, so its health-tax line is the employer's whole
tax: rate x max(0, P - over) of the first bracket with P <= up_to (quotegen/data/canada.yaml;
Quebec's middle bracket sets its rate on a line in P). Each expected figure is that arithmetic,
written out and rounded to the cent by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from .conftest import client_yaml

# (region, payroll, tax): the same rules in 2025 and 2026 unless the year is given.
EDGES = [
    # Ontario: nothing up to the $1M exemption, 1.95% above it; no exemption above $5M.
    ("ON", "400000", "0.00"),  # 0.01829 x max(0, 400,000 - 1,000,000): the small brackets yield nothing
    ("ON", "999999", "0.00"),
    ("ON", "1000000", "0.00"),
    ("ON", "1000001", "0.02"),  # 0.0195 x 1
    ("ON", "4999999", "77999.98"),  # 0.0195 x 3,999,999 = 77,999.9805
    ("ON", "5000000", "78000.00"),  # 0.0195 x 4,000,000
    ("ON", "5000001", "97500.02"),  # 0.0195 x 5,000,001 = 97,500.0195: the $19,500 cliff
    # British Columbia: exempt to $1M, 5.85% of the excess to $1.5M, then 1.95% of it all.
    ("BC", "999999", "0.00"),
    ("BC", "1000000", "0.00"),
    ("BC", "1000001", "0.06"),  # 0.0585 x 1
    ("BC", "1499999", "29249.94"),  # 0.0585 x 499,999 = 29,249.9415
    ("BC", "1499999.50", "29249.97"),  # 0.0585 x 499,999.50 = 29,249.97075 (1.95% would give 29,249.99)
    ("BC", "1500000", "29250.00"),  # 0.0585 x 500,000
    ("BC", "1500001", "29250.02"),  # 0.0195 x 1,500,001 = 29,250.0195
    # Manitoba: exempt to $2.25M (2026: $2.5M), 4.3% of the excess to twice that, then 2.15% of it all.
    ("MB", "2249999", "0.00", 2025),
    ("MB", "2250000", "0.00", 2025),
    ("MB", "2250001", "0.04", 2025),  # 0.043 x 1
    ("MB", "4499999", "96749.96", 2025),  # 0.043 x 2,249,999 = 96,749.957
    ("MB", "4499999.50", "96749.98", 2025),  # 0.043 x 2,249,999.50 = 96,749.9785 (2.15%: 96,749.99)
    ("MB", "4500000", "96750.00", 2025),  # 0.043 x 2,250,000
    ("MB", "4500001", "96750.02", 2025),  # 0.0215 x 4,500,001 = 96,750.0215
    ("MB", "2249999", "0.00", 2026),  # 2025's edge is inside 2026's exemption
    ("MB", "2250001", "0.00", 2026),
    ("MB", "2499999", "0.00", 2026),
    ("MB", "2500000", "0.00", 2026),
    ("MB", "2500001", "0.04", 2026),  # 0.043 x 1
    ("MB", "4999999", "107499.96", 2026),  # 0.043 x 2,499,999 = 107,499.957
    ("MB", "4999999.50", "107499.98", 2026),  # 0.043 x 2,499,999.50 = 107,499.9785 (2.15%: 107,499.99)
    ("MB", "5000000", "107500.00", 2026),  # 0.043 x 2,500,000
    ("MB", "5000001", "107500.02", 2026),  # 0.0215 x 5,000,001 = 107,500.0215
    # Newfoundland and Labrador: 2% of the payroll above $2M.
    ("NL", "1999999", "0.00"),
    ("NL", "2000000", "0.00"),
    ("NL", "2000001", "0.02"),  # 0.02 x 1
    # Quebec: one rate on the whole payroll: 1.65% up to $1M, 4.26% from $7.8M, and between them
    # 1.2662% + 0.3838% per $1M of payroll, rounded half up to two decimals of a percent.
    ("QC", "999999", "16499.98"),  # 0.0165 x 999,999 = 16,499.9835
    ("QC", "1000000", "16500.00"),  # 0.0165 x 1,000,000
    ("QC", "1000001", "16500.02"),  # 1.2662 + 0.3838 x 1.000001 = 1.6500004 -> 1.65%; x 1,000,001 = 16,500.0165
    ("QC", "2993225", "72136.72"),  # 1.2662 + 0.3838 x 2.993225 = 2.41499998 -> 2.41%; x 2,993,225 = 72,136.7225
    ("QC", "2993226", "72436.07"),  # 1.2662 + 0.3838 x 2.993226 = 2.41500014 -> 2.42%; x 2,993,226 = 72,436.0692
    ("QC", "3000000", "72600.00"),  # 1.2662 + 0.3838 x 3 = 2.4176 -> 2.42%; x 3,000,000
    ("QC", "3070000", "74908.00"),  # 1.2662 + 0.3838 x 3.07 = 2.4444 -> 2.44%; x 3,070,000
    ("QC", "7799999", "332279.96"),  # 1.2662 + 0.3838 x 7.799999 = 4.2598 -> 4.26%; x 7,799,999 = 332,279.9574
    ("QC", "7800000", "332280.00"),  # 0.0426 x 7,800,000
    ("QC", "7800001", "332280.04"),  # 0.0426 x 7,800,001 = 332,280.0426
]


CASES = [
    pytest.param(region, each, payroll, tax, id=f"{region}-{each}-{payroll}")
    for region, payroll, tax, *year in EDGES
    for each in year or (2025, 2026)
]


@pytest.mark.parametrize(("region", "year", "payroll", "tax"), CASES)
def test_health_tax_at_the_bracket_edges(quote_of, region, year, payroll, tax):
    quote = quote_of(client_yaml(f"  - {{title: Staff, family: admin, salary: {payroll}}}\n", country="CA", region=region, date=f"{year}-06-30"))
    line = next(line for line in quote.roles[0].in_house.lines if line.key == "eht")
    assert line.per_head == D(tax)


def test_a_role_pays_the_same_health_tax_wherever_it_is_listed(quote_of):
    def eht(order):
        roles = "".join(f"  - {{title: {title}, family: admin, salary: 12345.67}}\n" for title in order)
        quote = quote_of(client_yaml(roles, country="CA", region="QC"), name=f"{order}.yaml")
        return {role.title: next(line.per_head for line in role.in_house.lines if line.key == "eht") for role in quote.roles}

    # 1.65% of the 24,691.34 payroll = 407.40711 -> 407.41, shared by two equal wages:
    # 203.705555 each, 203.70 + 203.71; which role takes the odd cent must not follow the order
    assert sum(eht("AB").values()) == D("407.41")
    assert eht("AB") == eht("BA")
