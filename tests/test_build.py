"""Batch builds: sharding, incremental skips and rebuilds, keep-going, atomic outputs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotegen.output.build import discover, parse_shard, shard
from quotegen.cli import main

from .conftest import CLIENTS, FIXTURES, client_yaml


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """Three small clients (one in a sub-folder) and one bad file, in an empty workspace."""
    clients = tmp_path / "clients"
    (clients / "east").mkdir(parents=True)
    for name, salary in (("alpha", 50000), ("beta", 60000)):
        (clients / f"{name}.yaml").write_text(client_yaml(f"  - {{title: Clerk, family: admin, salary: {salary}}}\n"))
    (clients / "east" / "gamma.yml").write_text(client_yaml("  - {title: Desk, family: admin, salary: 40000, on_site: true}\n"))
    shutil.copy(FIXTURES / "invalid" / "salary-zero.yaml", clients / "broken.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_discovery_is_recursive_and_names_mirror_folders(workspace):
    names = [item.name for item in discover([Path("clients")])]
    assert names == ["alpha", "beta", "broken", "east/gamma"]


def test_shards_are_disjoint_and_complete():
    items = discover([CLIENTS]) + discover([FIXTURES / "invalid"])
    parts = [shard(items, k, 3) for k in (1, 2, 3)]
    names = [item.name for part in parts for item in part]
    assert sorted(names) == sorted(item.name for item in items)
    assert len(names) == len(set(names))
    assert all(parts), "every shard gets work with this many files"


def test_shard_argument_is_checked():
    assert parse_shard("2/5") == (2, 5)
    for bad in ("0/3", "4/3", "x/3", "3"):
        with pytest.raises(ValueError):
            parse_shard(bad)
    result = run("build", "--shard", "4/3")
    assert result.exit_code == 2


def test_a_bad_file_fails_alone_with_a_summary(workspace):
    result = run("build", "-j", "1", "-f", "json")
    assert result.exit_code == 1
    assert "clients/broken.yaml:6:13: roles[0].salary: must be greater than 0" in result.stderr
    assert result.stdout.startswith("3 built, 0 unchanged, 1 failed")
    assert sorted(str(p.relative_to(workspace / "output")) for p in (workspace / "output").rglob("[!.]*.json")) == [
        "alpha.json", "beta.json", "east/gamma.json", "summary.json",
    ]
    rows = json.loads((workspace / "output" / "summary.json").read_text())
    assert [(r["client"], r["roles"], r["file"], r["input"]) for r in rows] == [
        ("Test Co", 1, "alpha.json", "clients/alpha.yaml"),
        ("Test Co", 1, "beta.json", "clients/beta.yaml"),
        ("Test Co", 1, "east/gamma.json", "clients/east/gamma.yml"),
    ]
    csv_lines = (workspace / "output" / "summary.csv").read_text().splitlines()
    assert csv_lines[0] == "client,roles,currency,in_house,proposed,savings,savings_pct,models,quote_number,file,input"
    assert len(csv_lines) == 4


def test_unchanged_inputs_are_skipped_and_changed_ones_rebuilt(workspace):
    (workspace / "clients" / "broken.yaml").unlink()
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("3 built, 0 unchanged, 0 failed")
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("0 built, 3 unchanged, 0 failed")
    path = workspace / "clients" / "beta.yaml"
    path.write_text(path.read_text().replace("60000", "61000"))
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("1 built, 2 unchanged, 0 failed")
    (workspace / "output" / "alpha.json").unlink()  # a missing output is rebuilt too
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("1 built, 2 unchanged, 0 failed")
    assert run("build", "-f", "json", "-j", "1", "--force").stdout.startswith("3 built, 0 unchanged, 0 failed")


def test_a_theme_or_configuration_change_rebuilds_everything(workspace):
    (workspace / "clients" / "broken.yaml").unlink()
    run("build", "-f", "json", "-j", "1")
    (workspace / "templates").mkdir()
    (workspace / "templates" / "brand.css").write_text("h2 { color: black; }\n")
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("3 built, 0 unchanged")
    (workspace / "quotegen.yaml").write_text("quote:\n  prefix: ACME\n")
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("3 built, 0 unchanged")
    assert json.loads((workspace / "output" / "alpha.json").read_text())["quote_number"].startswith("ACME-")


def test_a_rate_data_change_rebuilds_everything(workspace, monkeypatch):
    import quotegen.output.build as build_module

    (workspace / "clients" / "broken.yaml").unlink()
    run("build", "-f", "json", "-j", "1")
    original = build_module.environment_fingerprint
    monkeypatch.setattr(build_module, "_hash_files", _with_extra_data(build_module._hash_files))
    assert build_module.environment_fingerprint is original
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("3 built, 0 unchanged")


def _with_extra_data(hash_files):
    """Pretend one rate file changed: the data's bytes are part of the fingerprint."""

    def changed(digest, files):
        files = list(files)
        if any(label.startswith("data/") for label, _ in files):
            digest.update(b"a different us_states.yaml")
        hash_files(digest, files)

    return changed


@pytest.mark.slow
def test_parallel_build_matches_the_serial_one(workspace):
    (workspace / "clients" / "broken.yaml").unlink()
    assert run("build", "-o", "serial", "-f", "json", "-j", "1").exit_code == 0
    assert run("build", "-o", "parallel", "-f", "json", "-j", "2").exit_code == 0
    for name in ("alpha.json", "beta.json", "east/gamma.json", "summary.csv"):
        assert (workspace / "serial" / name).read_bytes() == (workspace / "parallel" / name).read_bytes()


@pytest.mark.slow
def test_a_killed_build_leaves_only_complete_files(tmp_path):
    clients = tmp_path / "clients"
    clients.mkdir()
    for i in range(12):
        (clients / f"c{i:02d}.yaml").write_text(client_yaml(f"  - {{title: Clerk, family: admin, salary: {40000 + i}}}\n"))
    process = subprocess.Popen([sys.executable, "-m", "quotegen.cli", "build", "-j", "2", "-f", "pdf"], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    out = tmp_path / "output"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    from pypdf import PdfReader

    pdfs = list(out.glob("*.pdf"))
    assert 2 <= len(pdfs) < 12
    for pdf in pdfs:
        assert len(PdfReader(pdf).pages) > 3  # every file under its final name is whole
    # The next build cleans up temporary files and finishes the job.
    finished = subprocess.run([sys.executable, "-m", "quotegen.cli", "build", "-j", "2", "-f", "pdf"], cwd=tmp_path, capture_output=True, text=True)
    assert finished.returncode == 0
    built, unchanged = (int(word) for word in finished.stdout.split()[0:4:2])
    assert built + unchanged == 12 and built >= 12 - len(pdfs)
    assert not list(out.rglob(".*.part"))
    assert len(list(out.glob("*.pdf"))) == 12


@pytest.mark.slow
def test_a_document_that_hangs_is_stopped_and_reported(workspace, monkeypatch):
    from quotegen.output.build import build
    from quotegen.render.renderer import Renderer

    (workspace / "clients" / "broken.yaml").unlink()
    monkeypatch.setattr(Renderer, "html", lambda self, quote, medium="screen", brief=False: time.sleep(30))
    report = build(discover([Path("clients/alpha.yaml")]), workspace / "out", workspace=workspace, formats=("html",), timeout=1, timeout_per_role=0)
    (outcome,) = report.outcomes
    assert (outcome.status, outcome.error) == ("failed", "clients/alpha.yaml: took longer than 1 s and was stopped")
    assert report.seconds < 10


def test_switching_to_the_brief_form_rebuilds(workspace):
    (workspace / "clients" / "broken.yaml").unlink()
    assert run("build", "-f", "html", "-j", "1").stdout.startswith("3 built")
    assert run("build", "-f", "html", "-j", "1", "--brief").stdout.startswith("3 built")
    assert "Cost breakdown per role" not in (workspace / "output" / "alpha.html").read_text()


def test_a_workspace_link_to_a_device_is_never_read_whole(workspace):
    """The build's fingerprint hashes the theme; a link to /dev/zero must not exhaust memory."""
    (workspace / "templates").mkdir()
    (workspace / "templates" / "zero.css").symlink_to("/dev/zero")
    result = run("build", "clients/alpha.yaml", "-f", "json", "-j", "1")
    assert result.exit_code == 0
    assert (workspace / "output" / "alpha.json").is_file()
