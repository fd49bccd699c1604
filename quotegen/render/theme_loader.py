"""The template loader: regular files inside the theme directories, nothing else.

Jinja's FileSystemLoader follows symbolic links, so `ln -s /etc/passwd templates/x.txt`
plus `{% include 'x.txt' %}` copied a host file into the proposal. This loader resolves
every name (links, `..`) to a real path and serves it only if that path is a regular file
inside one of the theme directories; `{% include %}`, `{% import %}` and `{% extends %}`
all come through here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.exceptions import SecurityError

MAX_TEMPLATE_BYTES = 1_000_000


class TemplateRefused(SecurityError):
    """A template name or file the theme may not use; never mistaken for a missing file,
    so `{% include ... ignore missing %}` cannot skip over it."""


class ThemeLoader(BaseLoader):
    """Loads templates from `dirs` in order, refusing anything that leads out of them."""

    def __init__(self, dirs: tuple[Path, ...]):
        self.dirs = tuple(Path(os.path.realpath(d)) for d in dirs)

    def get_source(self, environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = _pieces(template)
        for base in self.dirs:
            candidate = base.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            real = Path(os.path.realpath(candidate))
            if not any(real.is_relative_to(d) for d in self.dirs):
                raise TemplateRefused(f"template {template!r} ({_display(candidate)}) leads outside the template directories")
            return _read(template, candidate, real)
        raise TemplateNotFound(template)


def _pieces(template: str) -> list[str]:
    if not isinstance(template, str) or not template or "\\" in template or "\0" in template:
        raise TemplateRefused(f"template name {template!r} is not a plain relative path")
    if template.startswith("/"):
        raise TemplateRefused(f"template name {template!r} must be relative to the template directories")
    pieces = [piece for piece in template.split("/") if piece not in ("", ".")]
    if ".." in pieces:
        raise TemplateRefused(f"template name {template!r} must stay inside the template directories (no '..')")
    if not pieces:
        raise TemplateRefused(f"template name {template!r} is not a plain relative path")
    return pieces


def _read(template: str, path: Path, real: Path) -> tuple[str, str, Callable[[], bool]]:
    shown = _display(path)
    try:
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the render, a device never end
            raise TemplateRefused(f"template {template!r} ({shown}) is not a regular file")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateRefused(f"template {template!r} ({shown}) is larger than {MAX_TEMPLATE_BYTES // 1_000_000} MB")
        # O_NOFOLLOW and O_NONBLOCK: if the file is swapped for a link or a FIFO after the
        # check, the open fails or returns at once instead of following or blocking.
        handle = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(handle, "rb") as stream:
            opened = os.fstat(stream.fileno())
            if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
                raise TemplateRefused(f"template {template!r} ({shown}) changed while it was read")
            data = stream.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise TemplateRefused(f"template {template!r} ({shown}) cannot be read: {exc.strerror}") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(f"template {template!r} ({shown}) is larger than {MAX_TEMPLATE_BYTES // 1_000_000} MB")
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateRefused(f"template {template!r} ({shown}) is not UTF-8 text (byte {exc.start})") from None
    mtime = info.st_mtime_ns

    def uptodate() -> bool:
        try:
            return os.stat(real).st_mtime_ns == mtime and os.path.realpath(path) == str(real)
        except OSError:
            return False

    return source, str(path), uptodate


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
