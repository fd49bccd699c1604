"""Benchmark: batch builds against a per-file loop, in figures from one run.

Generates N synthetic clients (default 200) and measures, on this machine:
- the median in-process render of one small proposal (PDF), and of a short form (--brief);
- a full `quotegen build` with -j1 and with -j2 (PDF, HTML and JSON for each client);
- a no-op rebuild (nothing changed);
- a naive loop calling `quotegen render` once per file, timed on a sample and scaled to N;
- `quotegen --help`;
- a worker's memory over a long run of renders.
Prints the figures and ratios; it asserts nothing. Run: `make bench`.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAMILIES = ["admin", "customer_service", "data_entry", "bookkeeping", "marketing", "design", "hr", "it_support", "software", "sales"]
PLACES = [("US", "TX"), ("US", "NY"), ("US", "CA"), ("US", "FL"), ("US", "WA"), ("CA", "ON"), ("CA", "BC"), ("CA", "QC")]


def client_text(i: int) -> str:
    country, region = PLACES[i % len(PLACES)]
    roles = "".join(
        f"  - {{title: Role {r}, family: {FAMILIES[(i + r) % len(FAMILIES)]}, salary: {38000 + (i * 977 + r * 4111) % 60000}"
        f"{', on_site: true' if (i + r) % 5 == 0 else ''}}}\n"
        for r in range(1 + i % 3)
    )
    return (
        f"client: {{name: Client {i:04d} Ltd, country: {country}, region: {region}}}\n"
        f"proposal: {{date: 2026-11-28, prepared_by: Benchmark}}\nroles:\n{roles}"
    )


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--clients", type=int, default=200)
    parser.add_argument("--loop-sample", type=int, default=20, help="files timed in the per-file loop")
    parser.add_argument("--memory-docs", type=int, default=300, help="renders in the memory run (workers are recycled every 200)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs behind each median (1 for a quick smoke run)")
    args = parser.parse_args()
    quotegen = [sys.executable, "-m", "quotegen.cli"]

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "clients").mkdir()
        for i in range(args.clients):
            (work / "clients" / f"client-{i:04d}.yaml").write_text(client_text(i))
        print(f"{args.clients} synthetic clients (1-3 roles each), PDF + HTML + JSON each\n")

        # 1. One proposal in-process, warm.
        from pypdf import PdfReader

        from quotegen.api import build_quote, load_client
        from quotegen.input.provider import load_config
        from quotegen.render.renderer import Renderer

        config = load_config(None)
        renderer = Renderer(config)
        quote = build_quote(load_client(work / "clients" / "client-0000.yaml", config).client_file, config)
        pdf = renderer.pdf(quote)
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            pdf = renderer.pdf(quote)
            runs.append(time.perf_counter() - started)
        import io

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        median = statistics.median(runs)
        print(f"in-process render, 1-role proposal ({pages} pages): median {median:.3f} s ({median / pages:.3f} s a page)")
        three_roles = work / "clients" / f"client-{min(2, args.clients - 1):04d}.yaml"  # client 2 has 3 roles
        three = build_quote(load_client(three_roles, config).client_file, config)
        renderer.pdf(three, brief=True)
        brief_runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            brief = renderer.pdf(three, brief=True)
            brief_runs.append(time.perf_counter() - started)
        brief_pages = len(PdfReader(io.BytesIO(brief)).pages)
        print(f"in-process render, short form of a 3-role proposal (--brief, {brief_pages} pages): median {statistics.median(brief_runs):.3f} s")

        # 2-3. Full builds.
        j1 = timed([*quotegen, "build", "-j", "1", "-o", "out1"], work)
        j2 = timed([*quotegen, "build", "-j", "2", "-o", "out2"], work)
        print(f"build -j1: {j1:.1f} s ({args.clients / j1:.2f} proposals/s)")
        print(f"build -j2: {j2:.1f} s ({args.clients / j2:.2f} proposals/s), {j1 / j2:.2f}x the throughput of -j1")

        # 4. Nothing changed.
        noop = timed([*quotegen, "build", "-j", "2", "-o", "out2"], work)
        print(f"no-op rebuild of {args.clients}: {noop:.2f} s")

        # 5. The naive loop, on a sample.
        sample = sorted((work / "clients").glob("*.yaml"))[: args.loop_sample]
        started = time.perf_counter()
        for path in sample:
            subprocess.run([*quotegen, "render", str(path), "-o", str(work / "loop")], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        per_file = (time.perf_counter() - started) / len(sample)
        loop_total = per_file * args.clients
        print(f"per-file loop of `quotegen render`: {per_file:.2f} s a file, about {loop_total:.0f} s for {args.clients}")
        print(f"batch build -j2 is {loop_total / j2:.1f}x faster than the loop")

        # 6. Start-up.
        helps = [timed([*quotegen, "--help"], work) for _ in range(min(5, args.repeat))]
        print(f"quotegen --help: median {statistics.median(helps):.3f} s")

        # 7. Memory of one long-lived renderer (a worker is recycled every 200 documents).
        rss = []
        for i in range(args.memory_docs):
            renderer.pdf(quote)
            if i in (0, 49, args.memory_docs // 2, args.memory_docs - 1):
                rss.append((i + 1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        print("renderer memory (peak RSS): " + ", ".join(f"{mb:.0f} MB after {n}" for n, mb in rss))


if __name__ == "__main__":
    main()
