"""Every statutory line of sixteen jurisdictions, below, at and above each wage base,
in 2025 and 2026, against the official parameters transcribed here by hand from the
agencies' publications (a second transcription, independent of quotegen/data). A rate the
agency defines as a share of a total premium is written as that product."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from .conftest import client_yaml

D = Decimal


def share(total: str, employer: str) -> str:
    """An employer rate the agency defines as its share of a total premium, to the last digit."""
    return str(D(total) * D(employer))


# (country, region, year): {line key: (rate, lower, upper)} as the agencies publish them.
OFFICIAL = {
    ("US", "TX", 2025): {"social_security": ("0.062", 0, 176100), "futa": ("0.006", 0, 7000), "suta": ("0.027", 0, 9000)},
    ("US", "TX", 2026): {"social_security": ("0.062", 0, 184500), "futa": ("0.006", 0, 7000), "suta": ("0.027", 0, 9000)},
    ("US", "CA", 2025): {"futa": ("0.018", 0, 7000), "suta": ("0.034", 0, 7000), "ca_ett": ("0.001", 0, 7000)},
    ("US", "CA", 2026): {"futa": ("0.021", 0, 7000), "suta": ("0.034", 0, 7000), "ca_ett": ("0.001", 0, 7000)},
    ("US", "NY", 2025): {"suta": ("0.041", 0, 12800)},
    ("US", "NY", 2026): {"suta": ("0.041", 0, 17600)},
    ("US", "FL", 2025): {"suta": ("0.027", 0, 7000)},
    ("US", "FL", 2026): {"suta": ("0.027", 0, 7000)},
    ("US", "WA", 2025): {"suta": ("0.01", 0, 72800), "wa_pfml_employer": (share("0.0092", "0.2848"), 0, 176100)},
    ("US", "WA", 2026): {"suta": ("0.01", 0, 72800), "wa_pfml_employer": (share("0.0113", "0.2857"), 0, 184500)},
    ("US", "MN", 2026): {"mn_paid_leave_employer": (share("0.0088", "0.5"), 0, 184500)},
    ("US", "CO", 2025): {"suta": ("0.0305", 0, 27200), "co_famli_employer": (share("0.009", "0.5"), 0, 176100)},
    ("US", "CO", 2026): {"suta": ("0.0305", 0, 30600), "co_famli_employer": (share("0.0088", "0.5"), 0, 184500)},
    ("US", "OR", 2026): {"or_paid_leave_employer": (share("0.01", "0.4"), 0, 184500)},
    ("US", "MA", 2025): {"suta": ("0.0213", 0, 15000), "ma_pfml_employer": ("0.0042", 0, 176100)},
    ("US", "MA", 2026): {"suta": ("0.0213", 0, 15000), "ma_pfml_employer": ("0.0042", 0, 184500)},
    ("US", "NJ", 2026): {"suta": ("0.031", 0, 44800), "nj_tdi_employer": ("0.005", 0, 44800)},
    ("US", "GA", 2025): {"suta": ("0.0264", 0, 9500), "ga_admin_assessment": ("0.0006", 0, 9500)},
    ("US", "GA", 2026): {"suta": ("0.0264", 0, 9500), "ga_admin_assessment": ("0.0006", 0, 9500)},
    ("US", "PA", 2025): {"suta": ("0.03822", 0, 10000)},
    ("US", "PA", 2026): {"suta": ("0.03822", 0, 10000)},
    ("CA", "ON", 2025): {"cpp": ("0.0595", 3500, 71300), "cpp2": ("0.04", 71300, 81200), "ei": ("0.02296", 0, 65700)},
    ("CA", "ON", 2026): {"cpp": ("0.0595", 3500, 74600), "cpp2": ("0.04", 74600, 85000), "ei": ("0.02282", 0, 68900)},
    ("CA", "BC", 2025): {"cpp": ("0.0595", 3500, 71300), "cpp2": ("0.04", 71300, 81200), "ei": ("0.02296", 0, 65700)},
    ("CA", "BC", 2026): {"cpp": ("0.0595", 3500, 74600), "cpp2": ("0.04", 74600, 85000), "ei": ("0.02282", 0, 68900)},
    ("CA", "AB", 2025): {"cpp": ("0.0595", 3500, 71300), "cpp2": ("0.04", 71300, 81200), "ei": ("0.02296", 0, 65700)},
    ("CA", "AB", 2026): {"cpp": ("0.0595", 3500, 74600), "cpp2": ("0.04", 74600, 85000), "ei": ("0.02282", 0, 68900)},
    ("CA", "QC", 2025): {
        "qpp": ("0.064", 3500, 71300), "qpp2": ("0.04", 71300, 81200), "ei": ("0.01834", 0, 65700), "qpip": ("0.00692", 0, 98000)
    },
    ("CA", "QC", 2026): {
        "qpp": ("0.063", 3500, 74600), "qpp2": ("0.04", 74600, 85000), "ei": ("0.0182", 0, 68900), "qpip": ("0.00602", 0, 103000)
    },
}


def expected(rate: str, lower: int, upper: int, salary: int) -> Decimal:
    wages = max(D(0), min(D(salary), D(upper)) - D(lower))
    return (D(rate) * wages).quantize(D("0.01"), rounding=ROUND_HALF_UP)


CASES = [
    (place, key, salary)
    for place, lines in OFFICIAL.items()
    for key, (_, _, upper) in lines.items()
    for salary in (upper - 1000, upper, upper + 1000)
]


@pytest.mark.parametrize(("place", "key", "salary"), CASES, ids=lambda v: "-".join(map(str, v)) if isinstance(v, tuple) else str(v))
def test_statutory_line_matches_the_official_parameters(quote_of, place, key, salary):
    country, region, year = place
    text = client_yaml(f"  - {{title: Role, family: admin, salary: {salary}}}\n", country=country, region=region, date=f"{year}-07-01")
    text = text.replace("  region: ", "  employees: 80\n  region: ")  # large enough for every state programme
    got = {line.key: line.per_head for line in quote_of(text).roles[0].in_house.lines}
    assert got[key] == expected(*OFFICIAL[place][key], salary)
