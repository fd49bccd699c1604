"""Input errors as small values: where (file, line, column, field) and what."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class InputError:
    """One problem in one input file, printable as `path:line:col: field: message`."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class QuotegenError(Exception):
    """Raised with every error of one input at once, so a user fixes them in one go."""

    def __init__(self, errors: list[InputError] | tuple[InputError, ...]):
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class RenderError(Exception):
    """The renderer failed on a valid quote (a theme or configuration problem)."""


# -- operating-system errors in words (read and write alike) ---------------------------

_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is a file, not a directory",
    errno.EISDIR: "is a directory",
    errno.EEXIST: "already exists",
    errno.ENOENT: "no such file or directory",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.EFBIG: "the file is too large for the file system",
    errno.EIO: "input/output error (a failing disk or a lost network share?)",
    errno.EMFILE: "too many open files",
    errno.ENFILE: "too many open files on the system",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENOMEM: "out of memory",
    errno.EMLINK: "too many links",
    errno.EBUSY: "the file or device is busy",
    errno.ETXTBSY: "the file is busy",
}


def describe_os_error(exc: OSError) -> str:
    """Why an operating-system call failed, in words (no traceback, no errno numbers)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def shown_path(path: str | os.PathLike, *, directory: bool = False) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        text = str(path.relative_to(Path.cwd())) if path.is_absolute() else str(path)
    except ValueError:
        text = str(path)
    return text.rstrip("/") + "/" if directory else text
