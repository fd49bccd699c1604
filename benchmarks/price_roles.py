"""Benchmark: price 10,000 roles with the cost engine and print roles per second.

A figure to watch, not a test: run `make bench` (or `.venv/bin/python benchmarks/price_roles.py`).
Roles are spread over every US state, DC and Canadian province and territory, both tax
years, salaries from 20,000 to 250,000, part-time and multi-head roles, through the real
`quotegen.engine.pricing.price` (in-house lines, delivery centres and every alternative).
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal

from quotegen.input.provider import load_config
from quotegen.engine.pricing import price
from quotegen.data.tables import regions_of
from quotegen.input.client import ClientFile

ROLES_PER_CLIENT = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--roles", type=int, default=10_000)
    args = parser.parse_args()

    config = load_config(None)
    places = [("US", r) for r in regions_of("US")] + [("CA", r) for r in regions_of("CA")]
    families = [name for name, family in config.rate_card.items() if family.leasable]
    clients = []
    for c in range(max(1, args.roles // ROLES_PER_CLIENT)):
        country, region = places[c % len(places)]
        roles = [
            {
                "title": f"Role {i}",
                "family": families[(c + i) % len(families)],
                "seniority": ("junior", "mid", "senior", "lead")[i % 4],
                "headcount": 1 + i % 3,
                "salary": str(20000 + (c * 7919 + i * 104729) % 230000),
                "hours_per_week": "40" if i % 5 else "20",
                "remote": i % 7 == 0,
                "work": ("role", "role", "process", "knowledge")[i % 4],
            }
            for i in range(ROLES_PER_CLIENT)
        ]
        document = {
            "client": {"name": f"Client {c}", "country": country, "region": region},
            "proposal": {"date": f"{2025 + c % 2}-06-30", "prepared_by": "Benchmark"},
            "roles": roles,
        }
        clients.append(ClientFile.model_validate(document, context={"families": config.families}))

    price(clients[0], config)  # warm the data caches once, as a long-running batch would
    start = time.perf_counter()
    total = Decimal(0)
    for client_file in clients:
        for role in price(client_file, config).roles:
            total += role.in_house.annual + sum(o.annual or 0 for o in role.options)
    elapsed = time.perf_counter() - start
    count = len(clients) * ROLES_PER_CLIENT
    print(f"priced {count:,} roles (in-house, every alternative, every centre and shift) in {elapsed:.3f} s: "
          f"{count / elapsed:,.0f} roles per second")
    print(f"(checksum of all annual costs: {total})")


if __name__ == "__main__":
    main()
