"""A batch build's life: one build per output directory, and a clean stop on a signal or a lost parent.

Stopping. SIGTERM and SIGINT set a stop flag in memory that the build process shares with its
workers, so it holds from the moment the signal arrives. A document not yet started is not
started; one being rendered is abandoned (its temporary files removed); one whose files are
complete checks the flag just before they are renamed into place (`before_commit`), and once
renaming has begun it is finished and reported, so the manifest records every document that
became visible. Workers also watch the build process through the pipe that multiprocessing
keeps to it: when the build is killed outright (SIGKILL, out of memory) the pipe closes, and
they stop the same way and exit; the fork server exits once they are gone.

The lock. `output_lock` holds `fcntl.flock` on `<output>/.quotegen-build.lock` for the whole
build; a second build on the same directory waits for it, then gives up with `OutputLocked`.
The kernel releases the lock when its holder dies, however it dies.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".quotegen-build.lock"
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
ORPHAN_GRACE = 5.0  # seconds an orphaned worker gives its document to unwind before it exits

# Per process: the shared flag (0, or the number of the signal that stopped the build), the
# build process as seen from a worker, and where the main thread is in a document.
_STATE: dict = {"flag": None, "parent": None, "orphaned": False, "busy": False, "interruptible": False}


class BuildStopped(BaseException):
    """The build was told to stop; not a failure of the document (so `except Exception` lets it by)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class OutputLocked(Exception):
    """Another build holds the output directory's lock."""

    def __init__(self, pid: int | None):
        super().__init__(pid)
        self.pid = pid


def new_flag():
    """A stop flag in shared memory, to hand to workers when they start."""
    from multiprocessing.sharedctypes import RawValue

    return RawValue("i", 0)


def signal_name(signum: int) -> str:
    return signal.Signals(signum).name


def stopping() -> int:
    """The signal that stopped the build, SIGKILL when the build process is gone, else 0."""
    flag = _STATE["flag"]
    if flag is not None and flag.value:
        return flag.value
    parent = _STATE["parent"]
    if _STATE["orphaned"] or (parent is not None and not parent.is_alive()):
        _STATE["orphaned"] = True
        return signal.SIGKILL
    return 0


def _on_signal(signum, frame):
    flag = _STATE["flag"]
    if flag is not None and not flag.value:
        flag.value = signum  # a plain store to shared memory: safe in a signal handler
    if _STATE["interruptible"]:
        _STATE["interruptible"] = False  # raise once per document
        raise BuildStopped(signum)


@contextmanager
def stop_on_signals(flag) -> Iterator[None]:
    """In the build process: SIGTERM and SIGINT stop the build instead of killing it."""
    _STATE["flag"] = flag
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread; a build run from a thread stops with it
        return
    previous = {signum: signal.signal(signum, _on_signal) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def document() -> Iterator[None]:
    """The making of one document: a stop signal abandons it, up to `before_commit`."""
    _STATE["busy"] = True
    try:
        if stopping():
            raise BuildStopped(stopping())
        _STATE["interruptible"] = True
        if stopping():  # a signal between the check and the line above did not raise
            raise BuildStopped(stopping())
        yield
    finally:
        _STATE["interruptible"] = False
        _STATE["busy"] = False


def before_commit() -> None:
    """Called when a document's files are complete, before the first is renamed into place."""
    signal.alarm(0)  # the document is made: its time limit must not cut the renames in half
    _STATE["interruptible"] = False  # from here on a signal waits for the document to finish
    signum = stopping()
    if signum:
        raise BuildStopped(signum)


def init_worker_process(flag) -> None:
    """In a pool worker: share the stop flag, leave Ctrl-C to the build, watch the build process."""
    import multiprocessing

    _STATE["flag"] = flag
    _STATE["parent"] = multiprocessing.parent_process()
    # A terminal sends Ctrl-C to every process of the job: the build process decides and tells us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_signal)
    if _STATE["parent"] is not None:
        threading.Thread(target=_watch, args=(_STATE["parent"], flag), name="quotegen-watch", daemon=True).start()


def _watch(parent, flag) -> None:
    """A worker's watchdog: stop the document in hand on the flag, and exit when the build is gone."""
    while parent.is_alive() and not flag.value:
        parent.join(0.05)  # returns at once when the build process dies
    _interrupt_main()
    parent.join()  # after a stop the build shuts the pool down; if instead it dies, leave
    _STATE["orphaned"] = True
    _interrupt_main()
    deadline = time.monotonic() + ORPHAN_GRACE
    while _STATE["busy"] and time.monotonic() < deadline:
        time.sleep(0.02)
    # Nobody is left to collect a result or to tell this worker to exit.
    os._exit(1)


def _interrupt_main() -> None:
    if _STATE["interruptible"]:
        os.kill(os.getpid(), signal.SIGTERM)  # the handler raises BuildStopped in the main thread


def _holder(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


@contextmanager
def output_lock(out_dir: Path, wait: float) -> Iterator[None]:
    """Hold the output directory for one build; wait up to `wait` seconds for another's to end."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock
        yield
        return
    path = out_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if stopping():
                    raise BuildStopped(stopping()) from None
                if time.monotonic() >= deadline:
                    raise OutputLocked(_holder(path)) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
