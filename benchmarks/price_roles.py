"""Benchmark: price 10,000 roles with the cost engine and print roles per second.

A figure to watch, not a test: run `make bench` (or `.venv/bin/python benchmarks/price_roles.py`).
Roles are spread over every US state, DC and Canadian province and territory, both tax
years, salaries from 20,000 to 250,000, part-time and multi-head roles.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal

from quotegen.config import load_config
from quotegen.pricing import Employer, in_house_cost, leasing_cost
from quotegen.rates import rate_set
from quotegen.reference import regions_of
from quotegen.schema import Role


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--roles", type=int, default=10_000)
    args = parser.parse_args()

    config = load_config(None)
    places = [("US", r) for r in regions_of("US")] + [("CA", r) for r in regions_of("CA")]
    families = [name for name, family in config.rate_card.items() if family.leasable]
    roles = []
    for i in range(args.roles):
        country, region = places[i % len(places)]
        role = Role(
            title=f"Role {i}",
            family=families[i % len(families)],
            seniority=("junior", "mid", "senior", "lead")[i % 4],
            headcount=1 + i % 3,
            salary=Decimal(20000 + (i * 7919) % 230000),
            hours_per_week=Decimal(40 if i % 5 else 20),
            remote=bool(i % 7 == 0),
        )
        roles.append((country, region, 2025 + i % 2, role))
    employer = Employer("fully_loaded", Decimal("1500000"), 40, {})
    fx = config.pricing.fx.get("CAD")

    # Warm the data caches once, as a long-running batch would.
    for country, region, year, _ in roles[: len(places) * 2]:
        rate_set(country, region, year)

    start = time.perf_counter()
    total = Decimal(0)
    for country, region, year, role in roles:
        total += in_house_cost(role, rate_set(country, region, year), employer, config).annual
        leased = leasing_cost(role, config, config.pricing.default_centre, fx if country == "CA" else None)
        total += leased.annual if leased else 0
    elapsed = time.perf_counter() - start
    print(f"priced {len(roles):,} roles in {elapsed:.3f} s: {len(roles) / elapsed:,.0f} roles per second")
    print(f"(checksum of all annual costs: {total})")


if __name__ == "__main__":
    main()
