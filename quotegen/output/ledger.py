"""The ledger of issued quotes: `issued/ledger.jsonl`, one JSON object per line, append-only.

Each line is one event: a quote issued (its headline figures, the sha256 of its PDF, which
is archived beside the ledger as `<QUOTE-NUMBER>.pdf`, the figures a later redline compares
and the approval it went out under), accepted, or declined. A quote's state is worked out
from the events and a date (`Quoted.state`), never edited in place: issued, expiring (valid
for at most EXPIRING_DAYS more days), expired, superseded (a later revision was issued),
accepted, declined.

Every line carries `check`, a hash of the rest of the line, so a line edited by hand or
cut short is reported with its number, never skipped. The hash covers the line alone, not
a chain, so two branches' appends still merge in git. Writers hold an exclusive
`fcntl.flock` on `.ledger.lock` while they check and append; readers a shared one, so a
reader never sees half a line. The kernel drops the lock when its holder dies.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotegen.engine.redline import Snapshot
from quotegen.errors import InputError, QuotegenError, shown_path
from quotegen.output.write import atomic_write

LEDGER_NAME = "ledger.jsonl"
LOCK_NAME = ".ledger.lock"
DEFAULT_DIRECTORY = "issued"  # in the workspace
EXPIRING_DAYS = 7
LOCK_WAIT = 30.0  # seconds a command waits for another one holding the ledger
STATES = ("issued", "expiring", "expired", "superseded", "accepted", "declined")
LIVE = ("issued", "expiring", "expired")  # still open: neither answered nor replaced
_REVISION = re.compile(r"-R\d+$")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Refused(Exception):
    """What the ledger will not record, and why (the command names the file or quote)."""


@dataclass
class Quoted:
    """One issued quote and what happened to it since."""

    line: int
    issued: dict[str, Any]
    accepted: dict[str, Any] | None = None
    declined: dict[str, Any] | None = None
    superseded_by: dict[str, Any] | None = field(default=None)

    @property
    def number(self) -> str:
        return self.issued["quote_number"]

    @property
    def revision(self) -> int:
        return self.issued["revision"]

    @property
    def valid_until(self) -> dt.date:
        return dt.date.fromisoformat(self.issued["valid_until"])

    def state(self, today: dt.date) -> str:
        """The state on `today`: an answer or a newer revision first, then the dates."""
        if self.accepted:
            return "accepted"
        if self.declined:
            return "declined"
        if self.superseded_by:
            return "superseded"
        if today > self.valid_until:
            return "expired"
        if (self.valid_until - today).days <= EXPIRING_DAYS:
            return "expiring"
        return "issued"


def series(number: str) -> str:
    """Q-2026-ACME-R2 -> Q-2026-ACME: the quote number of every revision, less the revision."""
    return _REVISION.sub("", number)


def same_series(entry: dict[str, Any], number: str, client: str) -> bool:
    """Revisions of one proposal: the same number but for the revision, or the same client
    (a revision dated in a new year has a new number)."""
    return series(entry["quote_number"]) == series(number) or entry["client"].casefold() == client.casefold()


def check_of(data: dict[str, Any]) -> str:
    """The hash a line carries: of its content without `check`, in a canonical form."""
    content = {key: value for key, value in data.items() if key != "check"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class Ledger:
    """The ledger in one directory: its events, its lock, its archived PDFs."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.path = self.directory / LEDGER_NAME

    @property
    def shown(self) -> str:
        return shown_path(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def archived(self, number: str) -> Path:
        return self.directory / f"{number}.pdf"

    # -- reading ------------------------------------------------------------------------

    def quotes(self) -> list[Quoted]:
        """Every issued quote, in the order issued, with its answer and any newer revision."""
        with self._lock(fcntl.LOCK_SH):
            return self._quotes()

    def _quotes(self) -> list[Quoted]:
        quotes: dict[str, Quoted] = {}
        errors: list[InputError] = []
        for line, data, problem in self._lines():
            if problem is None:
                problem = self._record(quotes, line, data)
            if problem is not None:
                errors.append(InputError(self.shown, problem, line))
        if errors:
            raise QuotegenError(errors)
        ordered = list(quotes.values())
        for quoted in ordered:
            later = [
                other for other in ordered
                if other.revision > quoted.revision and same_series(other.issued, quoted.number, quoted.issued["client"])
            ]
            quoted.superseded_by = max(later, key=lambda q: (q.revision, q.line)).issued if later else None
        return ordered

    def _lines(self) -> Iterator[tuple[int, Any, str | None]]:
        """(line number, data, problem) for every line; a line that cannot be read is a problem."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise QuotegenError([InputError(self.shown, f"cannot be read ({os.strerror(exc.errno or errno.EIO).lower()})")]) from None
        lines = raw.split(b"\n")
        complete = lines[:-1]
        for number, text in enumerate(complete, start=1):
            yield (number, *_parse(text))
        if lines[-1]:  # no newline after the last line: a write that was cut short
            yield len(lines), None, "does not end with a newline (a write was cut short?); the ledger is append-only: restore the line from version control or a backup"

    def _record(self, quotes: dict[str, Quoted], line: int, data: dict[str, Any]) -> str | None:
        """Add one valid-looking event; the problem with it, if any."""
        event = data.get("event")
        problem = _missing(data, REQUIRED.get(event, {})) if event in REQUIRED else f"has an unknown event {event!r} (known: {', '.join(REQUIRED)})"
        if problem:
            return problem
        number = data["quote_number"]
        if event == "issued":
            if number in quotes:
                return f"issues {number} again (first issued on line {quotes[number].line})"
            try:
                Snapshot.from_dict(data["snapshot"])
            except ValueError as exc:
                return str(exc)
            quotes[number] = Quoted(line, data)
            return None
        quoted = quotes.get(number)
        if quoted is None:
            return f"is about {number}, which no line before it issues"
        if quoted.accepted or quoted.declined:
            answer = quoted.accepted or quoted.declined
            return f"answers {number} again (already {answer['event']} on line {answer['_line']})"
        data["_line"] = line
        if event == "accepted":
            quoted.accepted = data
        else:
            quoted.declined = data
        return None

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def writing(self, wait: float = LOCK_WAIT) -> Iterator[list[Quoted]]:
        """Hold the ledger for a check and an append; yields the quotes as they stand."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock(fcntl.LOCK_EX, wait):
            yield self._quotes()

    def append(self, data: dict[str, Any]) -> dict[str, Any]:
        """Append one event (call inside `writing`): one line, written whole, then synced."""
        line = {**data, "check": check_of(data)}
        text = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = 0
            while written < len(text):
                written += os.write(fd, text[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
        return line

    def archive(self, number: str, pdf: bytes) -> Path:
        """The issued PDF, kept beside the ledger as <QUOTE-NUMBER>.pdf (call inside `writing`)."""
        target = self.archived(number)
        atomic_write(target, pdf)
        return target

    @contextmanager
    def _lock(self, kind: int, wait: float = LOCK_WAIT) -> Iterator[None]:
        lock_path = self.directory / LOCK_NAME
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:
            yield  # no ledger directory yet: nothing to read, nobody writing
            return
        except PermissionError:
            if kind == fcntl.LOCK_EX:
                raise
            yield  # a read-only ledger (a checkout): nobody can be writing to it
            return
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, kind | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise QuotegenError(
                            [InputError(shown_path(self.directory, directory=True), f"another quotegen command has held the ledger for {wait:g} s; try again")]
                        ) from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # closing releases the lock


# What each event must carry, and the type of each field ("date": ISO text).
REQUIRED: dict[str, dict[str, str]] = {
    "issued": {
        "quote_number": "text", "client": "text", "revision": "count", "issued": "date", "valid_until": "date",
        "sha256": "sha256", "totals": "mapping", "snapshot": "mapping", "state": "text",
    },
    "accepted": {"quote_number": "text", "by": "text", "on": "date"},
    "declined": {"quote_number": "text", "on": "date"},
}


def _parse(text: bytes) -> tuple[Any, str | None]:
    """One line's data, or why it cannot be an event."""
    restore = "the ledger is append-only: restore the line from version control or a backup"
    if not text.strip():
        return None, f"is empty; {restore}"
    try:
        data = json.loads(text.decode("utf-8"))
    except UnicodeDecodeError:
        return None, f"is not UTF-8 text (corrupted); {restore}"
    except ValueError as exc:
        return None, f"is not valid JSON ({exc.msg} at column {exc.colno}); {restore}"
    if not isinstance(data, dict):
        return None, f"is not a JSON object; {restore}"
    if data.get("check") != check_of(data):
        return None, f"does not match its check: it was edited by hand or corrupted; {restore}"
    return data, None


def _missing(data: dict[str, Any], fields: dict[str, str]) -> str | None:
    for name, kind in fields.items():
        if name not in data:
            return f"has no {name}"
        value = data[name]
        if not _is(kind, value):
            return f"{name}: {json.dumps(value, ensure_ascii=False)} is not {_KINDS[kind]}"
    return None


_KINDS = {"text": "text", "count": "a whole number", "date": "a date written as YYYY-MM-DD", "sha256": "a sha256 in hex", "mapping": "a JSON object"}


def _is(kind: str, value: Any) -> bool:
    if kind == "text":
        return isinstance(value, str) and bool(value)
    if kind == "count":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 1
    if kind == "date":
        try:
            return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
        except ValueError:
            return False
    if kind == "sha256":
        return isinstance(value, str) and bool(_SHA256.fullmatch(value))
    return isinstance(value, dict)


# -- the rules of issuing and answering -------------------------------------------------------


def previous(quotes: list[Quoted], number: str, client: str, revision: int) -> Quoted | None:
    """Revision N-1 of the same proposal, as issued (the latest such line)."""
    found = [q for q in quotes if q.revision == revision - 1 and same_series(q.issued, number, client)]
    return found[-1] if found else None


def check_issue(quotes: list[Quoted], number: str, client: str, revision: int, sha256: str) -> Quoted | None:
    """May this quote be recorded? The quote already issued with the same content (a no-op),
    None for a new one; raises Refused otherwise."""
    mine = [q for q in quotes if same_series(q.issued, number, client)]
    same = next((q for q in mine if q.number == number), None)
    accepted = next((q for q in mine if q.accepted), None)
    if same is not None and same.issued["sha256"] == sha256:
        return same
    if accepted is not None:
        answer = accepted.accepted
        raise Refused(f"{accepted.number} was accepted by {answer['by']} on {answer['on']}; an accepted quote cannot be superseded or re-issued")
    latest = max((q.revision for q in mine), default=0)
    if same is not None:
        raise Refused(
            f"{number} is already issued ({same.issued['issued']}) with different content; "
            f"raise proposal.revision to {latest + 1} to issue a new revision"
        )
    if latest > revision:
        newer = max((q for q in mine), key=lambda q: q.revision)
        raise Refused(f"{newer.number}, a later revision, is already issued; raise proposal.revision to {latest + 1} to issue a new revision")
    return None


def find(quotes: list[Quoted], number: str, ledger: Ledger) -> Quoted:
    found = next((q for q in quotes if q.number == number), None)
    if found is None:
        import difflib

        close = difflib.get_close_matches(number, [q.number for q in quotes], n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise Refused(f"is not in {ledger.shown}{hint}")
    return found


def check_accept(quoted: Quoted, by: str, on: dt.date) -> bool:
    """May `quoted` be accepted on `on`? False: it already is (a no-op); raises Refused otherwise."""
    if quoted.accepted:
        return False
    _refuse_answered(quoted, "accepted")
    issued = dt.date.fromisoformat(quoted.issued["issued"])
    if on < issued:
        raise Refused(f"cannot be accepted on {on.isoformat()}, before it was issued ({issued.isoformat()})")
    if on > quoted.valid_until:
        raise Refused(f"expired after {quoted.valid_until.isoformat()} and cannot be accepted on {on.isoformat()}; issue a new revision")
    return True


def check_decline(quoted: Quoted) -> bool:
    """May `quoted` be declined? False: it already is (a no-op); raises Refused otherwise."""
    if quoted.declined:
        return False
    _refuse_answered(quoted, "declined")
    return True


def _refuse_answered(quoted: Quoted, wanted: str) -> None:
    if quoted.accepted:
        raise Refused(f"was accepted by {quoted.accepted['by']} on {quoted.accepted['on']}; an accepted quote cannot be {wanted}")
    if quoted.declined:
        raise Refused(f"was declined on {quoted.declined['on']}; issue a new revision to reopen it")
    if quoted.superseded_by:
        raise Refused(f"is superseded by {quoted.superseded_by['quote_number']}; the latest revision can be {wanted}")
