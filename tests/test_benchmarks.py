"""The benchmark scripts run on a tiny input and print figures that are numbers in a plausible range."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
NUMBER = r"([0-9][0-9,]*(?:\.[0-9]+)?)"


def run(script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def figures(pattern: str, out: str) -> list[Decimal]:
    """The numbers a line of the output holds, where {} marks each number."""
    found = re.search(re.escape(pattern).replace(re.escape("{}"), NUMBER), out)
    assert found, f"no line like {pattern!r} in:\n{out}"
    return [Decimal(group.replace(",", "")) for group in found.groups()]


def test_price_roles_prints_a_plausible_rate_and_checksum():
    out = run("price_roles.py", "-n", "50")
    count, seconds, per_second = figures("priced {} roles (in-house, every alternative, every centre and shift) in {} s: {} roles per second", out)
    assert count == 50
    assert 0 < seconds < 60
    # the rate is the count over the time, printed to three decimals of a second
    assert count / (seconds + Decimal("0.0005")) <= per_second + 1
    assert seconds <= Decimal("0.0005") or per_second <= count / (seconds - Decimal("0.0005")) + 1
    (checksum,) = figures("(checksum of all annual costs: {})", out)
    assert checksum == checksum.quantize(Decimal("0.01"))
    # 50 roles, each counted in-house twice (its own cost and the in-house option) plus its
    # alternatives: between 10,000 and 2,000,000 a role is what the generated salaries allow
    assert 50 * 10_000 < checksum < 50 * 2_000_000


@pytest.mark.slow
def test_batch_build_prints_every_figure_as_a_plausible_number():
    out = run("batch_build.py", "-n", "1", "--loop-sample", "1", "--memory-docs", "1", "--repeat", "1")
    (clients,) = figures("{} synthetic clients", out)
    assert clients == 1
    pages, median, per_page = figures("in-process render, 1-role proposal ({} pages): median {} s ({} s a page)", out)
    assert 2 <= pages <= 40 and 0 < median < 60
    assert abs(per_page - median / pages) <= Decimal("0.001")
    brief_pages, brief = figures("short form of a 3-role proposal (--brief, {} pages): median {} s", out)
    assert 1 <= brief_pages < pages and 0 < brief < 60
    j1, j1_rate = figures("build -j1: {} s ({} proposals/s)", out)
    j2, j2_rate, ratio = figures("build -j2: {} s ({} proposals/s), {}x the throughput of -j1", out)
    for seconds, rate in ((j1, j1_rate), (j2, j2_rate)):
        assert 0 < seconds < 300
        assert abs(rate - clients / seconds) <= Decimal("0.1") * rate + Decimal("0.01")  # times printed to 0.1 s
    assert 0 < ratio < 10
    (noop,) = figures("no-op rebuild of 1: {} s", out)
    assert 0 < noop < 60
    per_file, total = figures("per-file loop of `quotegen render`: {} s a file, about {} s for 1", out)
    assert 0 < per_file < 120 and abs(total - per_file) <= 1
    (faster,) = figures("batch build -j2 is {}x faster than the loop", out)
    assert 0 < faster < 100
    (help_median,) = figures("quotegen --help: median {} s", out)
    assert 0 <= help_median < 30
    megabytes, after = figures("renderer memory (peak RSS): {} MB after {}", out)
    assert 20 <= megabytes <= 4000 and after == 1
