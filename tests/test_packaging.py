"""The wheel carries the whole theme and every data file, so an installed quotegen renders
from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel: `make test-fast` leaves it out

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("quotegen-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def test_every_theme_file_is_in_the_wheel(wheel_names):
    theme = ROOT / "templates"
    expected = {
        "quotegen/theme/" + str(p.relative_to(theme)) for p in theme.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected - wheel_names == set()


def test_every_data_file_is_in_the_wheel(wheel_names):
    data = ROOT / "quotegen" / "data"
    expected = {f"quotegen/data/{p.name}" for p in data.glob("*.yaml")}
    assert expected - wheel_names == set()
