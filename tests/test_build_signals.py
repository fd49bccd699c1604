"""A batch build's life through the CLI: stopping on signals, a killed parent, the lock, shards, time limits."""

from __future__ import annotations

import csv
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotegen.cli import main

from .conftest import client_yaml
from .helpers import session_processes

pytestmark = pytest.mark.slow  # real subprocesses and signals: `make test-fast` leaves it out

INTERRUPTED = re.compile(
    r"build interrupted \((SIGTERM|SIGINT)\): (\d+) built, 0 unchanged, 0 failed, (\d+) not finished; the manifest records what finished"
)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write_clients(folder: Path, count: int, roles: int = 1) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        lines = "".join(f"  - {{title: Clerk {r}, family: admin, salary: {40000 + 100 * i + r}}}\n" for r in range(roles))
        (folder / f"c{i:02d}.yaml").write_text(client_yaml(lines))


def start_build(cwd: Path, *args: str) -> subprocess.Popen:
    """`quotegen build` in its own session, so that everything it starts can be found by session id."""
    return subprocess.Popen(
        [sys.executable, "-m", "quotegen.cli", "build", *args], cwd=cwd, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for(condition, seconds: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(out)): (p.stat().st_size, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def documents(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and not p.name.startswith(".") and not p.name.startswith("summary"))


def manifest_outputs(out: Path, name: str = ".quotegen-build.json") -> list[str]:
    entries = json.loads((out / name).read_text())["entries"]
    return sorted(output for entry in entries.values() for output in entry["outputs"])


def interrupt_after_first_document(tmp_path: Path, signum: int, jobs: str, *, group: bool = False):
    """Start a PDF build of 8 clients, send `signum` once the first document is in place."""
    write_clients(tmp_path / "clients", 8)
    process = start_build(tmp_path, "-j", jobs, "-f", "pdf")
    out = tmp_path / "output"
    assert wait_for(lambda: list(out.glob("*.pdf")) or process.poll() is not None, 120)
    assert process.poll() is None, process.communicate()
    assert len(session_processes(process.pid)) >= (4 if jobs != "1" else 1)  # build, fork server, 2 workers
    (os.killpg if group else os.kill)(process.pid, signum)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    return process, stderr, out


@pytest.mark.parametrize(
    ("signum", "jobs", "group", "code"),
    [
        (signal.SIGTERM, "2", False, 143),  # CI cancelling the job
        (signal.SIGINT, "2", True, 130),  # Ctrl-C in a terminal reaches every process of the job
        (signal.SIGTERM, "1", False, 143),  # one job: the document is made in the build process itself
    ],
    ids=["sigterm-pool", "ctrl-c-pool", "sigterm-in-process"],
)
def test_a_signal_stops_the_build_cleanly(tmp_path, signum, jobs, group, code):
    process, stderr, out = interrupt_after_first_document(tmp_path, signum, jobs, group=group)
    assert process.returncode == code, stderr
    last = stderr.strip().splitlines()[-1]
    match = INTERRUPTED.fullmatch(last)
    assert match, last
    name, built, unfinished = match.group(1), int(match.group(2)), int(match.group(3))
    assert name == signal.Signals(signum).name
    assert built >= 1 and unfinished >= 1 and built + unfinished == 8
    # Every process the build started is gone: the fork server and the workers too.
    assert wait_for(lambda: not session_processes(process.pid), 5), session_processes(process.pid)
    # Nothing is written after the build has said it stopped ...
    before = snapshot(out)
    time.sleep(3)
    assert snapshot(out) == before
    # ... and the manifest lists exactly the documents that are there, whole.
    assert manifest_outputs(out) == documents(out)
    assert len(documents(out)) == built
    assert not list(out.rglob("*.part"))
    assert not (out / "summary.csv").exists()  # a roll-up of part of the build would mislead
    # The next build does the rest and keeps what was finished.
    finished = subprocess.run([sys.executable, "-m", "quotegen.cli", "build", "-j", jobs, "-f", "pdf"], cwd=tmp_path, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith(f"{unfinished} built, {built} unchanged, 0 failed in ")
    assert len(documents(out)) == 8


def test_workers_exit_when_the_build_is_killed(tmp_path):
    process, _, out = interrupt_after_first_document(tmp_path, signal.SIGKILL, "2")
    assert process.returncode == -signal.SIGKILL
    # No signal reached the workers: they notice that the build process is gone, and stop.
    assert wait_for(lambda: not session_processes(process.pid), 10), session_processes(process.pid)
    before = snapshot(out)
    time.sleep(3)
    assert snapshot(out) == before
    assert 1 <= len(documents(out)) < 8
    # The workers removed their half-made files; only the build itself, killed mid-write of
    # the manifest, can leave one (the next build removes it).
    assert [p.name for p in out.rglob("*.part") if not p.name.startswith("..quotegen-build.json.")] == []
    # A killed build cannot record a document that a worker finished just before: the
    # manifest may list fewer, never more, and the next build makes it whole again.
    listed = manifest_outputs(out) if (out / ".quotegen-build.json").exists() else []
    assert set(listed) <= set(documents(out))
    finished = subprocess.run([sys.executable, "-m", "quotegen.cli", "build", "-j", "2", "-f", "pdf"], cwd=tmp_path, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith(f"{8 - len(listed)} built, {len(listed)} unchanged, 0 failed in ")
    assert manifest_outputs(out) == documents(out) == [f"c{i:02d}.pdf" for i in range(8)]
    assert not list(out.rglob("*.part"))


def test_a_second_build_on_the_same_directory_is_refused(tmp_path, monkeypatch):
    write_clients(tmp_path / "clients", 2)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "output"
    out.mkdir()
    part = out / ".c00.json.abc.part"
    part.write_text("another build's file in the making")
    with open(out / ".quotegen-build.lock", "w") as holder:  # as another build holds it
        fcntl.flock(holder, fcntl.LOCK_EX)
        holder.write("4242\n")
        holder.flush()
        started = time.monotonic()
        result = run("build", "-j", "1", "-f", "json", "--lock-timeout", "0.5")
        assert result.exit_code == 1
        assert result.stderr == (
            "output/: another quotegen build is running on this directory (pid 4242); wait for it or use another -o (waited 0.5 s)\n"
        )
        assert 0.5 <= time.monotonic() - started < 5
        assert part.exists()  # the other build's temporary files are left alone
        assert documents(out) == []
        # With time to wait, a build starts once the other one ends.
        threading.Timer(0.5, holder.close).start()
        result = run("build", "-j", "1", "-f", "json", "--lock-timeout", "30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2 built, 0 unchanged, 0 failed in ")
    assert not part.exists()  # stale parts are cleaned up by the build that holds the lock
    assert (out / ".quotegen-build.lock").read_text() == f"{os.getpid()}\n"


def test_a_running_build_holds_the_lock(tmp_path):
    write_clients(tmp_path / "clients", 4)
    process = start_build(tmp_path, "-j", "1", "-f", "pdf")
    lock = tmp_path / "output" / ".quotegen-build.lock"
    try:
        assert wait_for(lambda: lock.exists() and lock.read_text() == f"{process.pid}\n", 60)
        second = subprocess.run(
            [sys.executable, "-m", "quotegen.cli", "build", "-f", "json", "--lock-timeout", "0"], cwd=tmp_path, capture_output=True, text=True
        )
        assert second.returncode == 1
        assert second.stderr == (
            f"output/: another quotegen build is running on this directory (pid {process.pid}); wait for it or use another -o (waited 0 s)\n"
        )
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert process.returncode in (0, 143)


def rows(path: Path) -> list[tuple[str, str]]:
    with path.open(newline="") as stream:
        return [(row["file"], row["input"]) for row in csv.DictReader(stream)]


def test_shards_write_their_own_rollup_and_a_full_build_rolls_up(tmp_path, monkeypatch):
    write_clients(tmp_path / "clients", 6)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "output"
    everything = [(f"c{i:02d}.json", f"clients/c{i:02d}.yaml") for i in range(6)]
    seen = []
    for k in (1, 2):
        result = run("build", "-j", "1", "-f", "json", "--shard", f"{k}/2")
        assert result.exit_code == 0, result.stderr
        part = rows(out / f"summary-{k}-of-2.csv")
        assert result.stdout.startswith(f"{len(part)} built, 0 unchanged, 0 failed in ")
        assert result.stdout.rstrip().endswith(f"; roll-up in output/summary-{k}-of-2.csv")
        assert [(r["file"], r["input"]) for r in json.loads((out / f"summary-{k}-of-2.json").read_text())] == part
        assert manifest_outputs(out, f".quotegen-build-{k}-of-2.json") == sorted(file for file, _ in part)
        seen += part
        assert not (out / "summary.csv").exists()  # a shard never replaces the whole roll-up
    assert sorted(seen) == everything and all(len(rows(out / f"summary-{k}-of-2.csv")) for k in (1, 2))
    # A build without --shard finds every document built, and rolls everything up.
    result = run("build", "-j", "1", "-f", "json")
    assert result.stdout.startswith("0 built, 6 unchanged, 0 failed in ")
    assert rows(out / "summary.csv") == everything
    assert manifest_outputs(out) == [file for file, _ in everything]


def test_shards_built_on_separate_machines_roll_up_after_copying_together(tmp_path, monkeypatch):
    write_clients(tmp_path / "clients", 6)
    monkeypatch.chdir(tmp_path)
    for k in (1, 2):  # each machine has its own output directory, as in docs/ci.md
        assert run("build", "-j", "1", "-f", "json", "--shard", f"{k}/2", "-o", f"machine{k}").exit_code == 0
    for k in (1, 2):
        shutil.copytree(tmp_path / f"machine{k}", tmp_path / "output", dirs_exist_ok=True)
    result = run("build", "-j", "1", "-f", "json")
    assert result.stdout.startswith("0 built, 6 unchanged, 0 failed in ")
    assert [file for file, _ in rows(tmp_path / "output" / "summary.csv")] == [f"c{i:02d}.json" for i in range(6)]


def test_an_entry_is_trusted_only_while_its_outputs_are_the_ones_it_built(tmp_path, monkeypatch):
    write_clients(tmp_path / "clients", 2)
    monkeypatch.chdir(tmp_path)
    assert run("build", "-j", "1", "-f", "json").stdout.startswith("2 built, 0 unchanged")
    client = tmp_path / "clients" / "c00.yaml"
    original = client.read_text()
    client.write_text(original.replace("salary: 40000", "salary: 41000"))
    built = [run("build", "-j", "1", "-f", "json", "--shard", f"{k}/2").stdout.split()[0] for k in (1, 2)]
    assert sorted(built) == ["0", "1"]  # the shard that holds c00 rebuilt it
    client.write_text(original)
    # The whole build's own entry for c00 matches the client file again, but not the document
    # on disk (the shard's): it must be rebuilt, not trusted.
    result = run("build", "-j", "1", "-f", "json")
    assert result.stdout.startswith("1 built, 1 unchanged, 0 failed in ")
    assert json.loads((tmp_path / "output" / "c00.json").read_text())["roles"][0]["salary"] == "40000.00"


def test_the_time_limit_grows_with_the_roles(tmp_path, monkeypatch):
    from quotegen.render.renderer import Renderer

    write_clients(tmp_path / "clients", 1, roles=4)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(Renderer, "html", lambda self, quote, medium="screen", brief=False: time.sleep(2.2) or "<p>slow</p>")
    result = run("build", "-j", "1", "-f", "html", "--timeout", "1", "--timeout-per-role", "0")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "clients/c00.yaml: took longer than 1 s and was stopped"
    result = run("build", "-j", "1", "-f", "html", "--timeout", "1", "--timeout-per-role", "0.5")  # 1 + 4 x 0.5 = 3 s
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1 built, 0 unchanged, 0 failed in ")
    help_text = " ".join(run("build", "--help").stdout.split())  # unwrapped
    assert "--timeout-per-role FLOAT RANGE Seconds added to --timeout for each role (200 roles: 120 + 200 = 320 s)." in help_text
