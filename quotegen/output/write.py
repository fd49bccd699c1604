"""Write: put rendered proposals on disk under distinct, safe names, all formats or none.

Output names. A client file's output stem is its name without the extension, spelt in safe
characters (A-Z a-z 0-9 . _ -): accented Latin letters lose their accents (NFKD: `Café` ->
`Cafe`, plus ß ss, æ ae, ø o, ł l ...), spaces and punctuation become `-`, leading and trailing
dots and dashes go. A name with letters, digits or symbols that have no Latin spelling (`東京`,
an emoji), a name with nothing left, or one longer than 100 characters gets `u-` and eight hex
digits of a SHA-256 of the whole name (NFC) instead of, or after, what is readable: `東京` ->
`u-<hash>`, `Café 東京` -> `Cafe-u-<hash>`. The same name always gives the same stem.
Two inputs of one command whose stems are equal, or differ only in letter case (they would
overwrite each other on macOS and Windows disks), are an error naming both files, and that
command writes nothing (`name_collisions`).

All or nothing. Every format of one client is written to a temporary `.<name>.*.part` file in
the output directory and flushed to disk; only when all are complete are they renamed into
place. A failure while writing (a full disk) leaves every output as it was. If a rename fails
part-way (rare: the disk changed under us), the renamed files are put back from hard-link
copies of the old ones, so the client keeps its complete old set; where the file system cannot
make hard links, that client's outputs of this run are removed instead: never a mix of old and
new. Formats not asked for in this run are left as they were.

Failures of the operating system become `OutputError`s that say which path and why, in words
(`describe_os_error`), for `render` and `build` alike.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from quotegen.errors import describe_os_error, shown_path

MAX_STEM = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Latin letters that NFKD leaves whole; everything else with a Latin form decomposes.
_LATIN_LETTERS = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l", "Ł": "L", "ı": "i", "ħ": "h", "Ħ": "H", "ŋ": "ng", "Ŋ": "Ng",
})
_UMASK = os.umask(0)
os.umask(_UMASK)


# -- names ----------------------------------------------------------------------------------


def output_stem(input_path: Path) -> str:
    """The output name for an input file: its stem in safe characters (see the module doc)."""
    return safe_stem(input_path.stem)


def safe_stem(name: str) -> str:
    """One file or folder name in safe characters; distinct non-Latin names stay distinct."""
    name = unicodedata.normalize("NFC", name)
    latin = unicodedata.normalize("NFKD", name.translate(_LATIN_LETTERS))
    kept = []
    unspellable = False
    for char in latin:
        if unicodedata.combining(char):
            continue  # an accent, split off by NFKD
        if not char.isascii() and unicodedata.category(char)[0] not in "PZ":
            unspellable = True  # a letter, digit or symbol with no Latin spelling
        kept.append(char)
    readable = _UNSAFE.sub("-", "".join(kept)).strip(".-")
    if not (unspellable or not readable or len(readable) > MAX_STEM):
        return readable
    tag = "u-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    readable = readable[: MAX_STEM - len(tag) - 1].rstrip(".-")
    return f"{readable}-{tag}" if readable else tag


def name_collisions(named: Iterable[tuple[str, str]], reserved: Callable[[str], str | None] | None = None) -> list[tuple[str, str]]:
    """(label, message) for every input whose output name another input already takes.

    `named` is (label, output name) in the order given; the first of a group keeps its name
    and each later one is reported against it. `reserved(name)` says what the command itself
    writes under that name, if anything (a build's roll-up is `summary.*`).
    """
    first: dict[str, tuple[str, str]] = {}
    problems = []
    for label, name in named:
        key = name.casefold()
        taken_by = reserved(name) if reserved else None
        if taken_by:
            problems.append((label, f"its outputs {name}.* would overwrite {taken_by}; rename the file"))
        elif key in first:
            other_label, other_name = first[key]
            if other_name == name:
                problems.append((label, f"would write the same outputs ({name}.*) as {other_label}; rename one of them"))
            else:
                problems.append((
                    label,
                    f"would write the same outputs as {other_label} ({name}.* and {other_name}.* differ only in "
                    "letter case); rename one of them",
                ))
        else:
            first[key] = (label, name)
    return problems


# -- errors ---------------------------------------------------------------------------------

class OutputError(OSError):
    """An output could not be written: which path and why, printable as one line."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: cannot write: {reason}")
        self.path = path
        self.reason = reason


def as_output_error(exc: OSError, directory: Path) -> OutputError:
    """An OSError met while writing into `directory`, as an OutputError naming its file (else the directory)."""
    if isinstance(exc, OutputError):
        return exc
    where = Path(os.fsdecode(exc.filename)) if exc.filename else directory
    return OutputError(shown_path(where, directory=where == directory), describe_os_error(exc))


def os_error_message(exc: OSError, label: str) -> str:
    """One line for an OSError met while making a document: the file it names, else `label`."""
    if isinstance(exc, OutputError):
        return str(exc)
    where = shown_path(os.fsdecode(exc.filename)) if exc.filename else label
    return f"{where}: {describe_os_error(exc)}"


# -- writing --------------------------------------------------------------------------------


def atomic_write(target: Path, data: bytes) -> None:
    """Write bytes to `target` so that readers see the old file, or the whole new one."""
    write_files({Path(target): data})


def write_outputs(out_dir: Path, stem: str, outputs: dict[str, bytes], *, before_commit: Callable[[], None] | None = None) -> list[Path]:
    """Write every rendered format of one proposal: all of them, or none (see the module doc).

    `before_commit` runs after every file is complete and before any is renamed into place;
    if it raises, nothing becomes visible (a build uses it to stop writing once cancelled).
    """
    base = Path(os.path.abspath(out_dir))
    files = {}
    for fmt, data in outputs.items():
        # An extension starting with "-" is a suffix: "-internal.pdf" writes <stem>-internal.pdf.
        target = Path(os.path.normpath(base / (f"{stem}{fmt}" if fmt.startswith("-") else f"{stem}.{fmt}")))
        if not target.is_relative_to(base):  # stems are sanitised already: a bug if this happens
            raise ValueError(f"output name escapes the output directory: {stem}")
        # A symbolic link among the output's folders must not lead the write elsewhere.
        # (The output file itself may be a link: renaming over it replaces the link.)
        if not target.parent.resolve().is_relative_to(base.resolve()):
            raise OutputError(shown_path(target.parent, directory=True), "is a symbolic link that leads outside the output directory")
        files[target] = data
    return write_files(files, before_commit=before_commit)


def write_files(files: dict[Path, bytes], *, before_commit: Callable[[], None] | None = None) -> list[Path]:
    """Write several files as one change: stage each beside its target, then rename all."""
    staged: dict[Path, str] = {}
    backups: dict[Path, str | None] = {}  # see _keep_old
    renamed: list[Path] = []
    try:
        for target, data in files.items():
            _make_directory(target.parent)
            staged[target] = _stage(target, data)
        if before_commit is not None:
            before_commit()
        for target in staged:
            backups[target] = _keep_old(target)
        for target, temp in staged.items():
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise OutputError(shown_path(target), describe_os_error(exc)) from None
            renamed.append(target)
        _sync_directories(staged)
    except BaseException:
        _undo(renamed, backups)
        raise
    finally:
        for name in [*staged.values(), *filter(None, backups.values())]:
            _unlink_quietly(name)
    return list(staged)


def _make_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # the directory's name, or a parent's, is a file
        blocker = next((p for p in (directory, *directory.parents) if p.exists() and not p.is_dir()), directory)
        raise OutputError(shown_path(blocker), "is a file, not a directory") from None
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else directory
        raise OutputError(shown_path(where, directory=True), describe_os_error(exc)) from None


def _stage(target: Path, data: bytes) -> str:
    """The complete data in a temporary file beside `target`, flushed to disk; its name."""
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:  # the directory takes no new files (read-only, no permission, full)
        raise OutputError(shown_path(target.parent, directory=True), describe_os_error(exc)) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            os.fsync(handle)
        finally:
            os.close(handle)
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
    except BaseException as exc:
        _unlink_quietly(temp)
        if isinstance(exc, OSError):
            raise OutputError(shown_path(target), describe_os_error(exc)) from None
        raise
    return temp


_NO_OLD_FILE = ""  # `target` did not exist: undoing its rename means removing it


def _keep_old(target: Path) -> str | None:
    """A hard link to the current `target`, to put back if a later rename fails.

    The empty string when there is no old file, None when it cannot be kept (no hard links
    on this file system)."""
    backup = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.old.part")
    try:
        os.link(target, backup, follow_symlinks=False)
    except FileNotFoundError:
        return _NO_OLD_FILE
    except OSError:
        return None
    return backup


def _undo(renamed: list[Path], backups: dict[Path, str | None]) -> None:
    """Put back the old files of a half-done commit, or remove all of them: never a mix."""
    restorable = all(backups.get(target) is not None for target in renamed)
    for target in renamed:
        backup = backups.get(target)
        try:
            if restorable and backup:
                os.replace(backup, target)
                backups[target] = _NO_OLD_FILE
            else:
                os.unlink(target)
        except OSError:
            _unlink_quietly(target)
    if not restorable:  # an old file is lost, so the old set cannot come back whole: remove it
        for target in backups:
            if target not in renamed:
                _unlink_quietly(target)


def _sync_directories(files: Iterable[Path]) -> None:
    """Make the renames themselves durable (best effort: not every system can)."""
    for directory in {target.parent for target in files}:
        try:
            handle = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(handle)
        except OSError:
            pass
        finally:
            os.close(handle)


def _unlink_quietly(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
