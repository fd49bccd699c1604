"""Status: each issued quote's state on a day, and whether today's data would change its figures.

A live quote (issued, expiring or expired) is re-priced from the client file inside its
archived PDF, with today's rate data and configuration, exactly as verify re-prices a PDF,
and compared figure by figure with the quote JSON inside the same PDF (verify's comparison).
Any difference means the quote is due for a new revision. The archived PDF must be the one
the ledger recorded: its sha256 is checked first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotegen.api import build_quote, client_from_document
from quotegen.errors import InputError, QuotegenError, shown_path
from quotegen.input.document import parse_document
from quotegen.input.provider import ProviderConfig
from quotegen.output.ledger import LIVE, Ledger, Quoted
from quotegen.output.verify import CLIENT_ATTACHMENT, QUOTE_ATTACHMENT, Difference, compare_quotes, open_pdf
from quotegen.render.json_export import quote_to_dict


@dataclass(frozen=True)
class Status:
    """One issued quote as `quotegen status` lists it."""

    quote_number: str
    client: str
    revision: int
    state: str
    issued: str
    valid_until: str
    differences: tuple[Difference, ...] | None  # None: not live, so not re-priced

    @property
    def rates_changed(self) -> bool | None:
        return None if self.differences is None else bool(self.differences)

    @property
    def due(self) -> bool:
        """A live quote that has expired or whose figures today's data would change."""
        return self.state in LIVE and (self.state == "expired" or bool(self.rates_changed))

    @property
    def why_due(self) -> str:
        reasons = []
        if self.state == "expired":
            reasons.append(f"expired (valid until {self.valid_until})")
        if self.differences:
            more = f" and {len(self.differences) - 1} more" if len(self.differences) > 1 else ""
            reasons.append(f"today's rates change its figures ({self.differences[0]}{more})")
        return "; ".join(reasons) + "; issue a new revision"

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote_number": self.quote_number,
            "client": self.client,
            "revision": self.revision,
            "state": self.state,
            "issued": self.issued,
            "valid_until": self.valid_until,
            "rates_changed": self.rates_changed,
        }


def statuses(config: ProviderConfig, directory: Path, today: dt.date) -> list[Status]:
    """Every quote in the ledger at `directory`, in the order issued, as of `today`."""
    ledger = Ledger(directory)
    rows = []
    for quoted in ledger.quotes():
        state = quoted.state(today)
        differences = tuple(repriced(ledger, quoted, config)) if state in LIVE else None
        issued = quoted.issued
        rows.append(Status(quoted.number, issued["client"], quoted.revision, state, issued["issued"], issued["valid_until"], differences))
    return rows


def repriced(ledger: Ledger, quoted: Quoted, config: ProviderConfig) -> list[Difference]:
    """The figures of an archived quote that today's data and configuration would change."""
    path = ledger.archived(quoted.number)
    where = f"{ledger.shown} line {quoted.line}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise QuotegenError([InputError(shown_path(path), f"is missing: {where} issued {quoted.number} with this PDF")]) from None
    if hashlib.sha256(data).hexdigest() != quoted.issued["sha256"]:
        raise QuotegenError([InputError(shown_path(path), f"is not the PDF issued on {where} (its sha256 differs): it changed after it was issued")])
    _, files = open_pdf(path)
    shown = f"{shown_path(path)}#{CLIENT_ATTACHMENT}"
    client = client_from_document(parse_document(files[CLIENT_ATTACHMENT], shown), config).client_file
    fresh = quote_to_dict(build_quote(client, config, ledger_dir=ledger.directory))
    # The redline restates figures compared anyway: leaving it out, the first difference named is a figure.
    issued = {key: value for key, value in json.loads(files[QUOTE_ATTACHMENT]).items() if key != "changes"}
    return compare_quotes(issued, {key: value for key, value in fresh.items() if key != "changes"})
