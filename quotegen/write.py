"""Write: put rendered proposals on disk atomically, under safe names.

A file is written to a temporary name in the same directory and renamed into place, so an
output is either complete or absent, even if the process is killed mid-write.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

FORMATS = ("pdf", "html", "json")
_SAFE_STEM = re.compile(r"[^A-Za-z0-9._-]+")
_UMASK = os.umask(0)
os.umask(_UMASK)


def output_stem(input_path: Path) -> str:
    """The output name for an input file: its stem, limited to safe characters."""
    stem = _SAFE_STEM.sub("-", input_path.stem).strip(".-") or "proposal"
    return stem[:100]


def atomic_write(target: Path, data: bytes) -> None:
    """Write bytes to `target` so that readers see the old file, or the whole new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_outputs(out_dir: Path, stem: str, outputs: dict[str, bytes]) -> list[Path]:
    """Write every rendered format of one proposal; all are rendered before any is written."""
    out_dir = out_dir.resolve()
    written = []
    for fmt, data in outputs.items():
        target = (out_dir / f"{stem}.{fmt}").resolve()
        if target.parent != out_dir:  # belt and braces: stems are already sanitised
            raise ValueError(f"output name escapes the output directory: {stem}")
        atomic_write(target, data)
        written.append(target)
    return written
