"""Live previews: each client's latest page (or its problems), kept fresh by one warm renderer.

One renderer (templates, fonts and WeasyPrint loaded once) serves every client; renders
run one at a time under a lock, from the watcher, the warm-up and page requests alike.
A page's `version` changes only when what it shows changes, and every re-render is
announced to the open event streams, which is how a browser knows to reload.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from quotegen.errors import QuotegenError, shown_path
from quotegen.output.write import name_collisions, output_stem

CLIENT_SUFFIXES = (".yaml", ".yml")


@dataclass
class Preview:
    """One client file's latest render: the page, or what the command line would print."""

    stem: str
    path: Path
    status: str = "pending"  # pending | ok | invalid | failed | removed
    html: str | None = None
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    version: int = 0
    pdf: bytes | tuple[str, ...] | None = None  # the PDF, its problems, or not made yet
    seconds: float = 0.0

    @property
    def label(self) -> str:
        return str(self.path)


def discover_clients(paths: Iterable[Path]) -> tuple[dict[str, Path], list[str]]:
    """Client files by output stem (as `render` names them), and notes on files left out.

    Inside a directory, hidden names are skipped and so is any file whose real path leads
    outside that directory (a symbolic link to elsewhere is never served). Of two files
    with one output name, the first in order keeps it.
    """
    found: dict[str, Path] = {}
    notes: list[str] = []
    for given in paths:
        if given.is_dir():
            root = given.resolve()
            for directory, subdirectories, names in os.walk(given):  # never follows links to folders
                subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith(".") or not name.endswith(CLIENT_SUFFIXES):
                        continue
                    path = Path(directory) / name
                    if not path.resolve().is_relative_to(root):
                        notes.append(f"{path}: left out: a symbolic link that leads outside {shown_path(given, directory=True)}")
                        continue
                    found.setdefault(str(path.resolve()), path)
        elif os.path.lexists(given):
            found.setdefault(str(given.resolve()), given)
    files = list(found.values())
    collisions = name_collisions((str(p), output_stem(p)) for p in files)
    taken = {label for label, _ in collisions}
    notes += [f"{label}: left out: {message}" for label, message in collisions]
    return {output_stem(p): p for p in files if str(p) not in taken}, notes


def forget_cached_data() -> None:
    """Drop every table quotegen has cached, so edited data files are read again."""
    for name, module in list(sys.modules.items()):
        if name == "quotegen" or name.startswith("quotegen."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "").startswith("quotegen"):
                    value.cache_clear()


class Previews:
    """Every client's preview for one workspace, and the listeners told of new renders."""

    def __init__(self, paths: Iterable[Path], workspace: Path, config_path: Path | None, log: Callable[[str], None] | None = None):
        self.paths = tuple(paths)
        self.workspace = workspace
        self.config_path = config_path
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self._lock = threading.RLock()
        self._counter = itertools.count(1)
        self._listeners: dict[asyncio.Queue, asyncio.AbstractEventLoop] = {}
        self._listeners_lock = threading.Lock()
        self._logged_notes: set[str] = set()
        self.config = None
        self.renderer = None
        self.setup_status = "ok"
        self.setup_problems: tuple[str, ...] = ()
        self.previews: dict[str, Preview] = {}
        self.left_out: tuple[str, ...] = ()
        self.load_environment()
        self.rediscover()

    # -- the configuration and the clients --------------------------------------------

    def load_environment(self) -> None:
        """Load the configuration and a fresh renderer; their problems go on every page."""
        from quotegen import api

        with self._lock:
            try:
                config = api.load_config(self.workspace, self.config_path)
            except Exception as exc:
                self._set_up_failed("invalid", api.failure_message(exc, "quotegen: configuration"))
                return
            try:
                renderer = api.open_renderer(config)
            except Exception as exc:
                self._set_up_failed("failed", api.failure_message(exc, "quotegen: theme", rendering=None))
                return
            self.config, self.renderer = config, renderer
            self.setup_status, self.setup_problems = "ok", ()

    def _set_up_failed(self, status: str, message: str) -> None:
        self.setup_status, self.setup_problems = status, tuple(message.splitlines())
        for line in self.setup_problems:
            self.log(line)

    def rediscover(self) -> tuple[list[str], list[str]]:
        """Look for client files again: the stems that appeared and those that went."""
        found, notes = discover_clients(self.paths)
        with self._lock:
            added = [stem for stem in found if stem not in self.previews or self.previews[stem].status == "removed"]
            gone = [stem for stem, p in self.previews.items() if p.status != "removed" and stem not in found]
            for stem in added:
                self.previews[stem] = Preview(stem, found[stem], version=self.previews[stem].version if stem in self.previews else 0)
            for stem, path in found.items():
                self.previews[stem].path = path
            self.left_out = tuple(notes)
        for note in notes:
            if note not in self._logged_notes:
                self._logged_notes.add(note)
                self.log(note)
        return added, gone

    def clients(self) -> list[Preview]:
        with self._lock:
            return [p for _, p in sorted(self.previews.items()) if p.status != "removed"]

    def versions(self) -> dict[str, int]:
        """Each page's version, without the render lock (the event loop must never wait on a render)."""
        items = list(self.previews.items())  # one C call: safe against a concurrent insert
        return {stem: preview.version for stem, preview in sorted(items)}

    def get(self, stem: str) -> Preview | None:
        with self._lock:
            return self.previews.get(stem)

    # -- rendering ----------------------------------------------------------------------

    def page(self, stem: str) -> Preview | None:
        """The preview of `stem`, rendered first if it never was; None if there is none."""
        with self._lock:
            preview = self.previews.get(stem)
            if preview is not None and preview.status == "pending":
                self.render(preview)
            return preview

    def render(self, preview: Preview, *, quiet: bool = True) -> bool:
        """Render one preview's page again; True if what it shows changed."""
        from quotegen import api

        with self._lock:
            started = time.perf_counter()
            html, warnings = None, ()
            if self.setup_problems:
                status, problems = self.setup_status, self.setup_problems
            else:
                status, problems = "ok", ()
                try:
                    rendered = api.render_file(preview.path, self.config, self.renderer, ("html",))
                    html = rendered.outputs["html"].decode("utf-8")
                    warnings = tuple(f"{preview.label}: warning: {warning}" for warning in rendered.warnings)
                except Exception as exc:  # bad input, a theme that fails, or a bug: the server carries on
                    status = "invalid" if isinstance(exc, QuotegenError) else "failed"
                    problems = tuple(api.failure_message(exc, preview.label).splitlines())
            changed = (status, html, problems) != (preview.status, preview.html, preview.problems)
            if changed or preview.version == 0:
                preview.version = next(self._counter)
            if not quiet or (problems and changed and not self.setup_problems):
                for line in problems or (f"{preview.label}: ok ({time.perf_counter() - started:.2f} s)",):
                    self.log(line)
            if warnings != preview.warnings:
                for line in warnings:
                    self.log(line)
            preview.status, preview.html, preview.problems, preview.warnings = status, html, problems, warnings
            preview.pdf = None  # made again from the current files when next asked for
            preview.seconds = time.perf_counter() - started
            return changed

    def pdf(self, stem: str) -> Preview | None:
        """The preview with its PDF made from the current files (kept until they change)."""
        from quotegen import api

        with self._lock:
            preview = self.page(stem)
            if preview is None or preview.status == "removed" or preview.pdf is not None:
                return preview
            if self.setup_problems:
                preview.pdf = self.setup_problems
                return preview
            try:
                preview.pdf = api.render_file(preview.path, self.config, self.renderer, ("pdf",)).outputs["pdf"]
            except Exception as exc:  # bad input, a theme that fails, or a bug: the server carries on
                preview.pdf = tuple(api.failure_message(exc, preview.label).splitlines())
            return preview

    def warm_up(self, stop: threading.Event) -> None:
        """Render every page not rendered yet, and load WeasyPrint for the first PDF."""
        for preview in self.clients():
            if stop.is_set():
                return
            with self._lock:
                if preview.status == "pending":
                    self.render(preview)
        import weasyprint  # noqa: F401  (paid for once, before the first PDF is asked for)

    def changed(self, client_files: set[str], environment: set[str], because: list[str]) -> list[str]:
        """Re-render what changed files affect and tell the listeners; the stems re-rendered.

        `client_files` are absolute paths of changed client files; `environment` names what
        else changed (configuration, theme, data), which concerns every client.
        """
        with self._lock:
            if "data" in environment:
                forget_cached_data()
            if environment:
                self.load_environment()
            added, gone = self.rediscover()
            if environment:
                targets = [p.stem for p in self.clients()]
            else:
                targets = [p.stem for p in self.clients() if p.stem in added or _same_file(p.path, client_files)]
            for stem in gone:
                preview = self.previews[stem]
                preview.status, preview.html, preview.problems, preview.pdf = "removed", None, (), None
                preview.version = next(self._counter)
                self.log(f"{preview.label}: removed")
                self.publish(preview, because)
        for stem in targets:
            with self._lock:
                preview = self.previews.get(stem)
                if preview is None or preview.status == "removed":
                    continue
                self.render(preview, quiet=False)
                self.publish(preview, because)
        return targets

    # -- listeners ----------------------------------------------------------------------

    def listen(self) -> asyncio.Queue:
        """A queue of events (dicts; None when the server stops) for one event stream."""
        queue: asyncio.Queue = asyncio.Queue()
        with self._listeners_lock:
            self._listeners[queue] = asyncio.get_running_loop()
        return queue

    def forget(self, queue: asyncio.Queue) -> None:
        with self._listeners_lock:
            self._listeners.pop(queue, None)

    def publish(self, preview: Preview, because: list[str]) -> None:
        event = {"client": preview.stem, "file": preview.label, "status": preview.status, "version": preview.version, "because": because}
        self._send(event)

    def close_streams(self) -> None:
        """End every event stream, so that stopping the server waits for none of them."""
        self._send(None)

    def _send(self, event: dict | None) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners.items())
        for queue, loop in listeners:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, event)
            except RuntimeError:  # that stream's loop has closed
                self.forget(queue)


def _same_file(path: Path, changed: set[str]) -> bool:
    """Whether a client file is among the changed paths (as written, or where it leads)."""
    candidates = {os.path.join(os.path.realpath(path.parent), path.name), os.path.realpath(path)}
    return not candidates.isdisjoint(changed)
