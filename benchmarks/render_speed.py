"""Benchmark: the samples' full proposals built with `build -j1`, against another checkout.

Copies the sample client files (clients/ and the second brand's examples/meridian) to a
scratch folder and times `quotegen build -j1 --force -f pdf` over them, several times. With
`--against DIR` (a checkout of an earlier commit, e.g. made by `git worktree add /tmp/base
326199d`) it times that checkout on the same machine in the same run, alternating the two so
that the load of a shared machine falls on both alike, and prints the ratio. It checks out
nothing itself; the other checkout runs with this virtual environment's packages, its own
code and its own theme (a `quotegen/theme` link to its templates/ is made if missing).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
# The checkout the virtual environment's editable install runs.
INSTALLED = Path(importlib.util.find_spec("quotegen").origin).resolve().parent.parent


def prepare(checkout: Path, scratch: Path) -> Path:
    """A copy of the checkout's samples: clients/ and the meridian workspace."""
    work = scratch / checkout.name
    shutil.copytree(checkout / "clients", work / "clients")
    shutil.copytree(checkout / "examples" / "meridian", work / "meridian")
    return work


def environment(checkout: Path) -> dict[str, str]:
    """The environment that makes `checkout` run its own code and theme: the virtual
    environment's editable install points at one working tree, which may not be this one
    (when this script runs from a worktree)."""
    env = dict(os.environ)
    if checkout == INSTALLED:
        return env
    # The editable install maps quotegen.theme to its own templates/; a link inside the other
    # checkout's package makes Python find that checkout's theme first.
    link = checkout / "quotegen" / "theme"
    if not link.exists():
        link.symlink_to(Path("..") / "templates")
    env["PYTHONPATH"] = str(checkout)
    return env


def build_once(checkout: Path, work: Path) -> float:
    """Seconds for the two builds (both brands), each a fresh process with -j1."""
    command = [sys.executable, "-m", "quotegen.cli", "build", "-j", "1", "--force", "-f", "pdf"]
    env = environment(checkout)
    started = time.perf_counter()
    for cwd, out in ((work, work / "out"), (work / "meridian", work / "out-meridian")):
        result = subprocess.run([*command, "clients", "-o", str(out)], cwd=cwd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"build failed in {checkout}:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def pages(work: Path) -> tuple[int, int]:
    from pypdf import PdfReader

    pdfs = sorted((work / "out").glob("*.pdf")) + sorted((work / "out-meridian").glob("*.pdf"))
    return len(pdfs), sum(len(PdfReader(path).pages) for path in pdfs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout to time in the same run")
    parser.add_argument("--repeat", type=int, default=5, help="timed builds per checkout")
    args = parser.parse_args()
    checkouts = [HERE] + ([args.against.resolve()] if args.against else [])
    with tempfile.TemporaryDirectory() as tmp:
        works = {c: prepare(c, Path(tmp) / str(i)) for i, c in enumerate(checkouts)}
        for checkout, work in works.items():
            build_once(checkout, work)  # warm the disk cache and the byte-compiled modules
        runs: dict[Path, list[float]] = {c: [] for c in checkouts}
        for _ in range(args.repeat):
            for checkout, work in works.items():
                runs[checkout].append(build_once(checkout, work))
        medians = {}
        for checkout, work in works.items():
            count, total = pages(work)
            medians[checkout] = statistics.median(runs[checkout])
            label = "this checkout" if checkout == HERE else str(checkout)
            print(f"{label}: {count} sample proposals, {total} pages, build -j1 median {medians[checkout]:.2f} s "
                  f"({medians[checkout] / total:.3f} s a page; runs {', '.join(f'{r:.2f}' for r in runs[checkout])})")
        if args.against:
            print(f"this checkout renders the samples {medians[checkouts[1]] / medians[HERE]:.2f}x as fast as {checkouts[1]}")


if __name__ == "__main__":
    main()
