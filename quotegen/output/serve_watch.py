"""The watcher behind `quotegen serve`: saved files, sorted into clients and what every client uses."""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path

from quotegen.errors import shown_path
from quotegen.output.serve_previews import CLIENT_SUFFIXES, Previews

DEBOUNCE_MS = 300  # longest wait to group one save's several file events (editors write, rename, chmod)
STEP_MS = 50  # quiet time that ends a group: a single save is seen about this long after it lands


def _forms(path: str | Path) -> set[str]:
    """A path as written (its folders' links resolved) and where it finally leads."""
    path = os.path.abspath(path)
    return {os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path)), os.path.realpath(path)}


def _inside(forms: set[str], roots: tuple[str, ...]) -> bool:
    return any(form == root or form.startswith(root + os.sep) for form in forms for root in roots)


class Watcher:
    """Watches the clients, the configuration, the theme and the data in background threads."""

    def __init__(self, previews: Previews):
        from quotegen.data.tables import theme_dirs

        self.previews = previews
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        workspace = previews.workspace
        self.client_dirs = tuple(os.path.realpath(p) for p in previews.paths if p.is_dir())
        self.client_files = set().union(*(_forms(p) for p in previews.paths if not p.is_dir()))
        self.config_files = _forms(previews.config_path or workspace / "quotegen.yaml")
        self.theme_dirs = tuple(os.path.realpath(d) for d in theme_dirs(workspace))
        self.data_dir = (os.path.realpath(str(resources.files("quotegen").joinpath("data"))),)
        self.logo: set[str] = set()
        renderer = previews.renderer
        if renderer is not None and previews.config.provider.logo:
            found = renderer.theme.find(previews.config.provider.logo)
            if found is not None:
                self.logo = _forms(found)
        deep = [*self.client_dirs, *self.theme_dirs, *self.data_dir]
        flat = {os.path.dirname(form) for form in (*self.client_files, *self.config_files, *self.logo)}
        self.deep = tuple(d for d in dict.fromkeys(deep) if os.path.isdir(d))
        self.flat = tuple(d for d in sorted(flat) if os.path.isdir(d) and not _inside({d}, self.deep))

    def classify(self, changes) -> tuple[set[str], set[str], list[str]]:
        """(changed client files, what else changed: configuration/theme/data, the files as shown)."""
        clients: set[str] = set()
        environment: set[str] = set()
        because: list[str] = []
        for _, raw in sorted(changes, key=lambda change: change[1]):
            forms = _forms(raw)
            if not forms.isdisjoint(self.config_files):
                environment.add("configuration")
            elif _inside(forms, self.theme_dirs) or not forms.isdisjoint(self.logo):
                environment.add("theme")
            elif _inside(forms, self.data_dir):
                if not raw.endswith(CLIENT_SUFFIXES):
                    continue  # the data are the YAML tables; the code beside them is not reloaded anyway
                environment.add("data")
            elif raw.endswith(CLIENT_SUFFIXES) and (_inside(forms, self.client_dirs) or not forms.isdisjoint(self.client_files)):
                if os.path.basename(raw).startswith("."):
                    continue
                clients |= forms
            else:
                continue
            because.append(shown_path(raw))
        return clients, environment, because

    def start(self) -> None:
        """Arm the watches now (edits saved from here on are seen), then wait in threads."""
        # RustNotify is watchfiles' documented backend; used directly because its watches are
        # armed when it is made, so nothing saved after `start` returns can be missed.
        from watchfiles._rust_notify import RustNotify

        for roots, recursive in ((self.deep, True), (self.flat, False)):
            if roots:
                try:
                    notify = RustNotify(list(roots), False, False, 300, recursive, True)
                except Exception as exc:  # a folder gone meanwhile, or the system's limit on watches
                    self.previews.log(f"quotegen serve: cannot watch {', '.join(map(shown_path, roots))}: {exc}; edits there are not seen")
                    continue
                thread = threading.Thread(target=self._run, args=(notify, roots), name="quotegen-serve-watch", daemon=True)
                thread.start()
                self._threads.append(thread)

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)

    def _run(self, notify, roots: tuple[str, ...]) -> None:
        from watchfiles import Change, DefaultFilter

        relevant = DefaultFilter()  # editors' swap and backup files, .git, __pycache__
        try:
            with notify:
                while not self._stop.is_set():
                    raw = notify.watch(DEBOUNCE_MS, STEP_MS, 1000, self._stop)
                    if isinstance(raw, str):  # 'timeout', 'stop' or 'signal' (signals go to the main thread)
                        continue
                    clients, environment, because = self.classify({(c, path) for c, path in raw if relevant(Change(c), path)})
                    if not (clients or environment):
                        continue
                    try:
                        self.previews.changed(clients, environment, because)
                    except Exception as exc:  # a bug: say so, keep watching
                        self.previews.log(f"quotegen serve: internal error while re-rendering ({type(exc).__name__}: {exc}); please report it")
        except Exception as exc:  # the system took the watch away (a removed folder, too many watches)
            if not self._stop.is_set():
                self.previews.log(f"quotegen serve: stopped watching {', '.join(map(shown_path, roots))}: {exc}; restart to see edits again")
