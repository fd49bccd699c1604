"""Benchmark: how long a saved edit takes to show in `quotegen serve`'s preview.

Starts `quotegen serve` on a free port over a workspace holding one 3-role client, then
saves N edits (a new client name each time, written as editors do: a new file renamed
over the old) and measures, for each, the time from the save until:
- the server's event stream announces the re-render and the page it serves holds the new
  name (HTTP, what any browser would fetch on reload);
- with --browser (and Debian's chromium at /usr/bin/chromium plus Playwright), an open page
  in chromium shows the new name by itself.
Prints the median and the worst; the contract (issue #15) is 1.5 s on a 2-core machine.
Run: `.venv/bin/python benchmarks/serve_latency.py [-n 10] [--browser]`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CLIENT = """client:
  name: {name}
  country: US
  region: TX
proposal:
  date: 2026-11-28
  prepared_by: Benchmark
roles:
  - {{title: Office clerk, family: admin, salary: 50000}}
  - {{title: Support agent, family: customer_service, salary: 42000}}
  - {{title: Bookkeeper, family: bookkeeping, salary: 51000}}
"""


def save(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode("utf-8")
    finally:
        connection.close()


class EventStream:
    """The server's /events, read line by line (http.client: no extra dependency)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()
        self.next_event()  # hello

    def next_event(self) -> tuple[str, dict]:
        name = None
        while True:
            line = self.response.readline().decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                name = line[len("event: "):]
            elif line.startswith("data: "):
                return name, json.loads(line[len("data: "):])

    def close(self) -> None:
        self.connection.close()


def http_latencies(port: int, path: Path, count: int) -> list[float]:
    stream = EventStream(port)
    figures = []
    try:
        for i in range(count):
            name = f"Latency Probe {i} Co"
            started = time.perf_counter()
            save(path, CLIENT.format(name=name))
            while stream.next_event()[1].get("client") != "three-roles":
                pass
            if name not in get(port, "/three-roles.html"):
                raise SystemExit(f"the preview does not show {name!r} after its event")
            figures.append(time.perf_counter() - started)
            time.sleep(0.2)  # let the watcher settle between edits
    finally:
        stream.close()
    return figures


def browser_latencies(port: int, path: Path, count: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    figures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/three-roles.html")
            for i in range(count):
                name = f"Browser Probe {i} Co"
                page.wait_for_load_state("load")
                time.sleep(0.3)  # the page's event stream is open again after its last reload
                started = time.perf_counter()
                save(path, CLIENT.format(name=name))
                page.wait_for_function("name => document.body && document.body.innerText.includes(name)", arg=name, timeout=15000)
                figures.append(time.perf_counter() - started)
        finally:
            browser.close()
    return figures


def summary(label: str, figures: list[float]) -> str:
    return f"{label}: median {statistics.median(figures):.2f} s, worst {max(figures):.2f} s over {len(figures)} edits"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--edits", type=int, default=10)
    parser.add_argument("--browser", action="store_true", help="also time an open page in Debian's chromium")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "clients").mkdir()
        client = work / "clients" / "three-roles.yaml"
        client.write_text(CLIENT.format(name="Latency Start Co"), encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, "-m", "quotegen.cli", "serve", "--port", "0"], cwd=work,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        try:
            banner = server.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
            if match is None:
                raise SystemExit(f"quotegen serve did not start: {banner!r}")
            port = int(match.group(1))
            get(port, "/three-roles.html")  # the first render, before any timing
            print(f"quotegen serve, one 3-role client, {os.cpu_count()} CPUs; target 1.5 s\n")
            print(summary("edit to new preview", http_latencies(port, client, args.edits)))
            if args.browser:
                if not CHROMIUM.exists():
                    print("edit to open page redrawn in chromium: skipped (no /usr/bin/chromium)")
                else:
                    print(summary("edit to open page redrawn in chromium", browser_latencies(port, client, args.edits)))
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(15)


if __name__ == "__main__":
    main()
