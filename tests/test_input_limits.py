"""Input limits hold before reading: devices, pipes, sockets and huge files are refused from
their stat, in render, validate and build, and a build stays small whatever it is given."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotegen.output.build import REFUSED_INPUT, file_hash
from quotegen.cli import main
from quotegen.errors import QuotegenError
from quotegen.input.document import MAX_FILE_BYTES, load_document

from .conftest import client_yaml

CLERK = client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")
DEVICE = "is not a regular file (a device); a client file is a text file"
PIPE = "is not a regular file (a named pipe); a client file is a text file"
SOCKET = "is not a regular file (a socket); a client file is a text file"
TOO_LARGE = "file is larger than 1000 kB; a client file is a few kB"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def quotegen(*args, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command in a child process: a pipe opened by mistake would hang it, not us."""
    return subprocess.run([sys.executable, "-m", "quotegen.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "acme.yaml").write_text(CLERK)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def sparse_2gb(tmp_path_factory):
    """A 2 GB file that takes no disk space (sparse), outside the workspace."""
    path = tmp_path_factory.mktemp("huge") / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)
    return path


needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")


@needs_dev_zero
def test_render_and_validate_refuse_a_device(workspace):
    result = run("render", "/dev/zero", "-f", "json")
    assert (result.exit_code, result.stderr) == (1, f"/dev/zero: {DEVICE}\n1 of 1 file(s) failed; nothing was written for them.\n")
    result = run("validate", "/dev/zero")
    assert (result.exit_code, result.stderr) == (1, f"/dev/zero: {DEVICE}\n")


@pytest.mark.slow
@needs_dev_zero
def test_build_refuses_a_device_named_or_linked(workspace):
    (workspace / "clients" / "zero.yaml").symlink_to("/dev/zero")
    result = quotegen("build", "-f", "json", "-j", "1", cwd=workspace)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == f"clients/zero.yaml: {DEVICE}"
    assert result.stdout.startswith("1 built, 0 unchanged, 1 failed")
    result = quotegen("build", "/dev/zero", "-f", "json", "-j", "1", cwd=workspace)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == f"/dev/zero: {DEVICE}"


@pytest.mark.slow
def test_a_named_pipe_is_refused_without_being_opened(workspace):
    os.mkfifo(workspace / "clients" / "pipe.yaml")  # opening it to read would wait for a writer forever
    result = quotegen("validate", "clients/pipe.yaml", cwd=workspace, timeout=60)
    assert (result.returncode, result.stderr) == (1, f"clients/pipe.yaml: {PIPE}\n")
    result = quotegen("render", "clients/pipe.yaml", "-f", "json", cwd=workspace, timeout=60)
    assert (result.returncode, result.stderr) == (1, f"clients/pipe.yaml: {PIPE}\n1 of 1 file(s) failed; nothing was written for them.\n")
    result = quotegen("build", "-f", "json", "-j", "1", cwd=workspace, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == f"clients/pipe.yaml: {PIPE}"
    assert result.stdout.startswith("1 built, 0 unchanged, 1 failed")


def test_a_socket_is_refused(workspace):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("clients/sock.yaml")
        result = run("validate", "clients/sock.yaml")
    finally:
        server.close()
    assert (result.exit_code, result.stderr) == (1, f"clients/sock.yaml: {SOCKET}\n")


def test_a_huge_file_is_refused_from_its_size(workspace, sparse_2gb):
    (workspace / "clients" / "huge.yaml").symlink_to(sparse_2gb)
    result = run("validate", "clients/huge.yaml")
    assert (result.exit_code, result.stderr) == (1, f"clients/huge.yaml: {TOO_LARGE}\n")
    result = run("render", str(sparse_2gb), "-f", "json")
    assert (result.exit_code, result.stderr) == (1, f"{sparse_2gb}: {TOO_LARGE}\n1 of 1 file(s) failed; nothing was written for them.\n")


@pytest.mark.slow
def test_build_of_a_2gb_file_behind_a_symlink_stays_small(workspace, sparse_2gb):
    (workspace / "clients" / "huge.yaml").symlink_to(sparse_2gb)
    # A fresh parent for the build, so that its peak is the only child peak measured.
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'quotegen.cli', 'build', '-f', 'json', '-j', '1'], capture_output=True, text=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(done.returncode)\n"
        "sys.stdout.write(done.stderr)\n"
    )
    measured = subprocess.run([sys.executable, "-c", probe], cwd=workspace, capture_output=True, text=True, timeout=300)
    peak_kb, returncode, *stderr = measured.stdout.splitlines()
    assert (returncode, stderr[-1]) == ("1", f"clients/huge.yaml: {TOO_LARGE}")
    assert int(peak_kb) < 150 * 1024, f"peak RSS {int(peak_kb) // 1024} MB"


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path):
    at_limit = tmp_path / "at.yaml"
    at_limit.write_bytes(b"a: b\n" + b"#" * (MAX_FILE_BYTES - 5))
    assert load_document(at_limit).data == {"a": "b"}
    over = tmp_path / "over.yaml"
    over.write_bytes(b"a: b\n" + b"#" * (MAX_FILE_BYTES - 4))
    with pytest.raises(QuotegenError) as caught:
        load_document(over)
    assert str(caught.value) == f"{over}: {TOO_LARGE}"


def test_the_build_hash_opens_no_file_the_loader_refuses(tmp_path, sparse_2gb, monkeypatch):
    small = tmp_path / "small.yaml"
    small.write_text(CLERK)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kwargs: opened.append(str(path)) or real_open(path, *args, **kwargs))
    assert file_hash(small) == hashlib.sha256(CLERK.encode()).hexdigest()
    assert opened == [str(small)]
    assert file_hash(sparse_2gb) == REFUSED_INPUT
    os.mkfifo(tmp_path / "pipe.yaml")
    assert file_hash(tmp_path / "pipe.yaml") == REFUSED_INPUT
    assert opened == [str(small)]  # refused from stat alone: neither was opened


def test_an_unreadable_or_missing_client_file_is_a_message(workspace):
    (workspace / "clients" / "loop.yaml").symlink_to("loop.yaml")
    result = run("validate", "clients/loop.yaml", "clients/missing.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "clients/loop.yaml: cannot be read: too many levels of symbolic links\n"
        "clients/missing.yaml: file not found\n"
    )
