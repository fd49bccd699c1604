"""The benchmark scripts still run (their figures are read by people, not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def run(script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_price_roles_prints_roles_per_second():
    assert "roles per second" in run("price_roles.py", "-n", "50")


def test_batch_build_prints_every_figure():
    out = run("batch_build.py", "-n", "2", "--loop-sample", "1", "--memory-docs", "2")
    for figure in ("--brief", "build -j1", "build -j2", "no-op rebuild", "per-file loop", "--help", "peak RSS"):
        assert figure in out, figure
