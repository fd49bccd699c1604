"""Writing outputs: distinct names for every input, all formats of a client or none, and
failures of the disk as plain messages (render and build, through the CLI)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotegen.cli import main
from quotegen.errors import describe_os_error
from quotegen.output.write import safe_stem

from .conftest import client_yaml

CLERK = client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")
TOKYO, OSAKA = "u-130016b2", "u-6df97746"  # stems of 東京 and 大阪: SHA-256 of the NFC name


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    (tmp_path / "clients").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def clients(workspace, *names):
    for name in names:
        (workspace / "clients" / f"{name}.yaml").write_text(CLERK, encoding="utf-8")
    return [f"clients/{name}.yaml" for name in names]


def files_in(directory: Path) -> list[str]:
    """Every file under `directory`, hidden ones included (but a build's lock), relative to it."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file() and p.suffix != ".lock")


# -- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Café Déjà Vu", "Cafe-Deja-Vu"),
        ("Straße Ørsted Łódź Æther", "Strasse-Orsted-Lodz-AEther"),
        ("acme&inc", "acme-inc"),
        ("o’brien (2026)", "o-brien-2026"),
        ("東京", TOKYO),
        ("大阪", OSAKA),
        ("Café 東京", "Cafe-u-98918795"),
        ("acme 🚀", "acme-u-b063dc9f"),
        ("Αθήνα", "u-c52df369"),
        ("..", "u-5ec1f7e7"),
        ("", "u-e3b0c442"),
    ],
)
def test_names_are_transliterated_or_hashed_never_a_shared_default(name, stem):
    assert safe_stem(name) == stem


def test_the_same_name_in_either_unicode_form_has_one_stem():
    for name in ("Café", "Αθήνα", "東京"):
        assert safe_stem(unicodedata.normalize("NFD", name)) == safe_stem(unicodedata.normalize("NFC", name))


def test_long_names_stay_distinct_and_short():
    long_a, long_b = safe_stem("a" * 150), safe_stem("a" * 149 + "b")
    assert long_a != long_b
    assert len(long_a) == len(long_b) == 100
    assert long_a == "a" * 89 + "-u-7595af82"


# -- collisions: render ------------------------------------------------------------------


def test_render_refuses_inputs_that_share_an_output_name_and_writes_nothing(workspace):
    given = clients(workspace, "acme inc", "acme&inc", "acme-inc")
    (workspace / "output").mkdir()
    (workspace / "output" / "acme-inc.json").write_text("the old proposal")
    result = run("render", *given, "-f", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "clients/acme&inc.yaml: would write the same outputs (acme-inc.*) as clients/acme inc.yaml; rename one of them\n"
        "clients/acme-inc.yaml: would write the same outputs (acme-inc.*) as clients/acme inc.yaml; rename one of them\n"
        "2 of 3 file(s) would overwrite another's outputs; nothing was written.\n"
    )
    assert files_in(workspace / "output") == ["acme-inc.json"]
    assert (workspace / "output" / "acme-inc.json").read_text() == "the old proposal"


def test_render_treats_names_differing_only_in_case_as_the_same(workspace):
    given = clients(workspace, "Acme", "acme")
    result = run("render", *given, "-f", "json")
    assert result.exit_code == 1
    assert result.stderr == (
        "clients/acme.yaml: would write the same outputs as clients/Acme.yaml (acme.* and Acme.* differ only in letter case); "
        "rename one of them\n"
        "1 of 2 file(s) would overwrite another's outputs; nothing was written.\n"
    )
    assert not (workspace / "output").exists()


def test_render_gives_non_latin_names_their_own_outputs(workspace):
    result = run("render", *clients(workspace, "東京", "大阪"), "-f", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"clients/東京.yaml -> output/{TOKYO}.json\nclients/大阪.yaml -> output/{OSAKA}.json\n"
    assert files_in(workspace / "output") == sorted([f"{TOKYO}.json", f"{OSAKA}.json"])


def test_one_file_given_twice_is_not_a_collision(workspace):
    (given,) = clients(workspace, "acme")
    result = run("render", given, f"./{given}", "-f", "json")
    assert result.exit_code == 0, result.output
    assert files_in(workspace / "output") == ["acme.json"]


# -- collisions: build -------------------------------------------------------------------


def test_build_refuses_inputs_that_share_an_output_name_and_builds_nothing(workspace):
    clients(workspace, "acme inc", "acme&inc", "acme-inc", "beta")
    result = run("build", "-f", "json", "-j", "1")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "clients/acme&inc.yaml: would write the same outputs (acme-inc.*) as clients/acme inc.yaml; rename one of them\n"
        "clients/acme-inc.yaml: would write the same outputs (acme-inc.*) as clients/acme inc.yaml; rename one of them\n"
    )
    assert not (workspace / "output").exists()
    # Renamed apart, each input has its own outputs, its own row and its own manifest entry.
    os.rename("clients/acme&inc.yaml", "clients/acme and inc.yaml")
    os.rename("clients/acme-inc.yaml", "clients/acme-inc-2.yaml")
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("4 built, 0 unchanged, 0 failed")
    rows = json.loads((workspace / "output" / "summary.json").read_text())
    assert [(row["file"], row["input"]) for row in rows] == [
        ("acme-and-inc.json", "clients/acme and inc.yaml"),
        ("acme-inc.json", "clients/acme inc.yaml"),
        ("acme-inc-2.json", "clients/acme-inc-2.yaml"),
        ("beta.json", "clients/beta.yaml"),
    ]
    assert len((workspace / "output" / "summary.csv").read_text().splitlines()) == 1 + 4
    manifest = json.loads((workspace / "output" / ".quotegen-build.json").read_text())
    assert sorted(manifest["entries"]) == ["acme-and-inc", "acme-inc", "acme-inc-2", "beta"]
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("0 built, 4 unchanged, 0 failed")


def test_build_gives_non_latin_names_their_own_outputs_and_rows(workspace):
    clients(workspace, "東京", "大阪")
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("2 built, 0 unchanged, 0 failed")
    assert files_in(workspace / "output") == sorted([".quotegen-build.json", "summary.csv", "summary.json", f"{TOKYO}.json", f"{OSAKA}.json"])
    rows = json.loads((workspace / "output" / "summary.json").read_text())
    assert sorted((row["file"], row["input"]) for row in rows) == sorted([(f"{TOKYO}.json", "clients/東京.yaml"), (f"{OSAKA}.json", "clients/大阪.yaml")])
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("0 built, 2 unchanged, 0 failed")


def test_build_collisions_are_found_across_folders_and_named_files(workspace):
    (workspace / "clients" / "east side").mkdir()
    (workspace / "clients" / "east-side").mkdir()
    clients(workspace, "east side/acme", "east-side/acme", "v1.2", "v1.3")
    result = run("build", "-f", "json", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "clients/east-side/acme.yaml: would write the same outputs (east-side/acme.*) as clients/east side/acme.yaml; "
        "rename one of them\n"
    )
    result = run("build", "-f", "json", "-j", "1", "clients/east side/acme.yaml", "clients/east-side/acme.yaml")
    assert result.stderr.startswith("clients/east-side/acme.yaml: would write the same outputs (acme.*) as clients/east side/acme.yaml;")


def test_build_refuses_a_client_named_like_its_roll_up(workspace):
    clients(workspace, "Summary", "beta")
    result = run("build", "-f", "json", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "clients/Summary.yaml: its outputs Summary.* would overwrite the build's roll-up (summary.csv, summary.json); rename the file\n"
    )


def test_build_skips_hidden_files_and_folders(workspace):
    clients(workspace, "acme", ".acme", ".#acme")
    (workspace / "clients" / ".git").mkdir()
    (workspace / "clients" / ".git" / "acme.yaml").write_text(CLERK)
    assert run("build", "-f", "json", "-j", "1").stdout.startswith("1 built, 0 unchanged, 0 failed")


# -- all or nothing ----------------------------------------------------------------------


def _disk_fills_on(monkeypatch, nth: int):
    """os.write raises ENOSPC for the nth staged output file (space frees up after it)."""
    real_write = os.write
    seen: list[str] = []  # by name: a closed file's descriptor number is used again

    def write(fd, data):
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            name = ""
        if name.endswith(".part"):
            if name not in seen:
                seen.append(name)
            if seen.index(name) == nth - 1:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    return lambda: monkeypatch.setattr(os, "write", real_write)


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell output files apart")


@pytest.mark.slow
@needs_proc
def test_a_full_disk_in_render_leaves_no_file_of_that_client(workspace, monkeypatch):
    (given,) = clients(workspace, "acme")
    _disk_fills_on(monkeypatch, 2)
    result = run("render", given, "-o", "out", "-f", "json", "-f", "html", "-f", "pdf")
    assert result.exit_code == 1
    assert result.stderr == "out/acme.html: cannot write: no space left on device\n1 of 1 file(s) failed; nothing was written for them.\n"
    assert files_in(workspace / "out") == []


@needs_proc
def test_a_full_disk_keeps_the_complete_old_set(workspace, monkeypatch):
    (given,) = clients(workspace, "acme")
    assert run("render", given, "-o", "out", "-f", "json", "-f", "html").exit_code == 0
    before = {name: (workspace / "out" / name).read_bytes() for name in files_in(workspace / "out")}
    (workspace / "clients" / "acme.yaml").write_text(CLERK.replace("50000", "51000"))
    _disk_fills_on(monkeypatch, 2)
    assert run("render", given, "-o", "out", "-f", "json", "-f", "html").exit_code == 1
    assert {name: (workspace / "out" / name).read_bytes() for name in files_in(workspace / "out")} == before


@needs_proc
def test_a_full_disk_in_build_fails_that_client_alone(workspace, monkeypatch):
    clients(workspace, "acme")
    space_frees_up = _disk_fills_on(monkeypatch, 2)
    result = run("build", "-f", "json", "-f", "html", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr == "failed clients/acme.yaml\noutput/acme.html: cannot write: no space left on device\n"
    assert files_in(workspace / "output") == [".quotegen-build.json", "summary.csv", "summary.json"]
    assert json.loads((workspace / "output" / ".quotegen-build.json").read_text())["entries"] == {}
    space_frees_up()
    assert run("build", "-f", "json", "-f", "html", "-j", "1").stdout.startswith("1 built, 0 unchanged, 0 failed")


@pytest.mark.slow
def test_a_rename_failing_part_way_puts_the_old_set_back(workspace, monkeypatch):
    (given,) = clients(workspace, "acme")
    assert run("render", given, "-o", "out").exit_code == 0
    before = {name: (workspace / "out" / name).read_bytes() for name in files_in(workspace / "out")}
    (workspace / "clients" / "acme.yaml").write_text(CLERK.replace("50000", "51000"))
    _fail_second_rename(monkeypatch)
    result = run("render", given, "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("out/acme.html: cannot write: input/output error (a failing disk or a lost network share?)\n")
    assert {name: (workspace / "out" / name).read_bytes() for name in files_in(workspace / "out")} == before


@pytest.mark.slow
def test_without_hard_links_a_failed_rename_leaves_none_of_the_set(workspace, monkeypatch):
    (given,) = clients(workspace, "acme")
    assert run("render", given, "-o", "out").exit_code == 0
    _fail_second_rename(monkeypatch)

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    assert run("render", given, "-o", "out").exit_code == 1
    assert files_in(workspace / "out") == []


def _fail_second_rename(monkeypatch):
    real_replace = os.replace
    calls = []

    def replace(source, target, **kwargs):
        if str(source).endswith(".part") and not str(source).endswith(".old.part"):
            calls.append(target)
            if len(calls) == 2:
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        return real_replace(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.fixture
def small_disk(workspace):
    """A tmpfs mounted at ./disk (root only), unmounted afterwards; skips where not allowed."""
    disk = workspace / "disk"
    disk.mkdir()
    mounted = []

    def mount(size: int, *options: str) -> Path:
        flags = ",".join((f"size={size}", *options))
        command = ["mount", "-t", "tmpfs", "-o", flags, "tmpfs", str(disk)]
        if mounted:
            command = ["mount", "-o", f"remount,{flags}", str(disk)]
        if os.geteuid() != 0 or subprocess.run(command, capture_output=True).returncode != 0:
            pytest.skip("mounting a tmpfs needs root and permission to mount")
        mounted.append(disk)
        return disk

    yield mount
    if mounted:
        subprocess.run(["umount", str(disk)], check=True)


@pytest.mark.slow
def test_a_really_full_disk_leaves_no_file_of_that_client(workspace, small_disk):
    (given,) = clients(workspace, "acme")
    assert run("render", given, "-o", "sizes", "-f", "pdf").exit_code == 0
    pdf_pages = -(-(workspace / "sizes" / "acme.pdf").stat().st_size // 4096)
    disk = small_disk((pdf_pages + 1) * 4096)  # room for the PDF and a page: the HTML does not fit
    result = run("render", given, "-o", "disk", "-f", "pdf", "-f", "html", "-f", "json")
    assert result.exit_code == 1
    assert result.stderr == "disk/acme.html: cannot write: no space left on device\n1 of 1 file(s) failed; nothing was written for them.\n"
    assert files_in(disk) == []


def test_a_read_only_file_system_is_named_in_render_and_build(workspace, small_disk):
    clients(workspace, "acme", "beta")
    small_disk(1 << 20, "ro")
    result = run("render", "clients/acme.yaml", "-o", "disk/out", "-f", "json")
    assert (result.exit_code, result.stderr) == (1, "disk/out/: cannot write: read-only file system\n1 of 1 file(s) failed; nothing was written for them.\n")
    result = run("build", "-o", "disk", "-f", "json", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.endswith("disk/: cannot write: read-only file system\n")
    assert "internal error" not in result.output and "Traceback" not in result.output


# -- plain messages ----------------------------------------------------------------------


def test_a_read_only_output_directory_is_named(workspace, monkeypatch):
    (given,) = clients(workspace, "acme")
    (workspace / "out").mkdir()
    _refuse_new_files(monkeypatch, errno.EROFS)
    result = run("render", given, "-o", "out", "-f", "json")
    assert (result.exit_code, result.stderr) == (1, "out/: cannot write: read-only file system\n1 of 1 file(s) failed; nothing was written for them.\n")


def test_a_read_only_output_directory_fails_build_with_a_message(workspace, monkeypatch):
    clients(workspace, "acme")
    (workspace / "output").mkdir()
    _refuse_new_files(monkeypatch, errno.EROFS)
    result = run("build", "-f", "json", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr == "failed clients/acme.yaml\noutput/: cannot write: read-only file system\n"


def test_permission_denied_is_named(workspace, monkeypatch):
    (given,) = clients(workspace, "acme")
    (workspace / "out").mkdir()
    _refuse_new_files(monkeypatch, errno.EACCES)
    result = run("render", given, "-o", "out", "-f", "json")
    assert (result.exit_code, result.stderr) == (1, "out/: cannot write: permission denied\n1 of 1 file(s) failed; nothing was written for them.\n")


def _refuse_new_files(monkeypatch, code: int):
    import tempfile

    def mkstemp(*args, dir=None, **kwargs):
        raise OSError(code, os.strerror(code), dir)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def test_an_output_path_that_is_a_file_is_named(workspace):
    (given,) = clients(workspace, "acme")
    (workspace / "out").write_text("not a directory")
    result = run("render", given, "-o", "out", "-f", "json")
    assert (result.exit_code, result.stderr) == (1, "out: cannot write: is a file, not a directory\n1 of 1 file(s) failed; nothing was written for them.\n")
    result = run("render", given, "-o", "out/deeper", "-f", "json")
    assert (result.exit_code, result.stderr) == (1, "out: cannot write: is a file, not a directory\n1 of 1 file(s) failed; nothing was written for them.\n")


def test_an_output_file_that_is_a_directory_is_named(workspace):
    (given,) = clients(workspace, "acme")
    (workspace / "out" / "acme.html").mkdir(parents=True)
    result = run("render", given, "-o", "out", "-f", "json", "-f", "html")
    assert (result.exit_code, result.stderr) == (1, "out/acme.html: cannot write: is a directory\n1 of 1 file(s) failed; nothing was written for them.\n")
    assert files_in(workspace / "out") == []


def test_an_output_folder_that_links_outside_is_refused(workspace, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (workspace / "clients" / "east").mkdir()
    clients(workspace, "east/acme")
    (workspace / "output").mkdir()
    (workspace / "output" / "east").symlink_to(elsewhere)
    result = run("build", "-f", "json", "-j", "1")
    assert result.exit_code == 1
    assert "output/east/: cannot write: is a symbolic link that leads outside the output directory\n" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_unknown_system_errors_are_still_words():
    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == "no space left on device"
    assert describe_os_error(OSError(errno.ESTALE, "Stale file handle")) == "stale file handle"
