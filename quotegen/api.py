"""The library API: the pipeline load -> validate -> price -> recommend -> render -> write, for any caller.

Nothing here reads the working directory: callers pass the workspace (the folder whose
quotegen.yaml, templates and logo apply) and every path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from quotegen.engine.assemble import recommend
from quotegen.engine.margin import MarginReport, apply_discounts, report
from quotegen.engine.pricing import price
from quotegen.engine.quote import Quote
from quotegen.engine.redline import Snapshot, changes
from quotegen.errors import InputError, QuotegenError, RenderError
from quotegen.input.client import ClientFile, client_copy, validate_document
from quotegen.input.document import Document, field_path, load_document
from quotegen.input.provider import ProviderConfig, load_config
from quotegen.input.scaffold import placeholders
from quotegen.output import ledger as ledger_rules
from quotegen.output.ledger import Ledger
from quotegen.render.formats import INTERNAL, known, render_all
from quotegen.render.formats import NAMES as FORMAT_NAMES
from quotegen.render.glyphs import covered_code_points, document_font_files, glyph_errors

__all__ = [
    "FORMAT_NAMES", "Issued", "LoadedClient", "Rendered", "accept_quote", "build_quote", "client_from_document", "decline_quote",
    "failure_message", "issue_file", "ledger_of", "load_client", "load_config", "open_renderer", "output_name_clashes", "priced_quote",
    "quote_document", "quote_file", "render_file", "render_formats", "write_rendered",
]


@dataclass(frozen=True)
class LoadedClient:
    """A validated client file with the text it was read from (embedded in the PDF)."""

    path: Path
    document: Document
    client_file: ClientFile
    source_text: str


@dataclass(frozen=True)
class Rendered:
    """One client file made into documents, in memory: nothing is on disk yet."""

    path: Path  # the client file
    quote: Quote
    outputs: dict[str, bytes]  # by format name, in the order asked for
    margins: MarginReport | None = None  # the internal view: never in the client's formats
    document: Document | None = None  # the client file as loaded: where each field stands

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.quote.warnings


# -- load and price ---------------------------------------------------------------------


def load_client(path: str | Path, config: ProviderConfig) -> LoadedClient:
    """Load and validate one client file; raises QuotegenError with every problem."""
    return client_from_document(load_document(Path(path)), config)


def client_from_document(document: Document, config: ProviderConfig) -> LoadedClient:
    """Validate a parsed client file (from disk, or attached to a PDF) against the configuration."""
    # Text the fonts cannot show fails here, with the field and line, not later as blank boxes.
    unshowable = glyph_errors(document, covered_code_points(document_font_files(config)))
    try:
        client_file = validate_document(document, families=config.families)
    except QuotegenError as exc:
        # One problem per field: a value refused anyway ("一万" as an amount) needs no font advice.
        refused = {error.field for error in exc.errors}
        unshowable = [error for error in unshowable if error.field not in refused]
        raise QuotegenError(_in_file_order(exc.errors + tuple(unshowable))) from None
    if unshowable:
        raise QuotegenError(unshowable)
    return LoadedClient(Path(document.path), document, client_file, document.text)


def _in_file_order(errors):
    return sorted(errors, key=lambda e: (e.line or 0, e.column or 0))


def build_quote(client_file: ClientFile, config: ProviderConfig, *, ledger_dir: Path | None = None) -> Quote:
    """Price every role and recommend a model for it: the complete, frozen quote."""
    return priced_quote(client_file, config, ledger_dir=ledger_dir)[0]


def priced_quote(client_file: ClientFile, config: ProviderConfig, *, ledger_dir: Path | None = None) -> tuple[Quote, MarginReport]:
    """The quote, with its discounts and what changed since revision N-1 if the ledger (default:
    the workspace's issued/) holds it; and its margins, for the internal copy and the policy."""
    priced = apply_discounts(price(client_file, config))
    quote = recommend(priced)
    ledger = ledger_of(config, ledger_dir)
    if ledger is not None and quote.revision > 1:
        previous = ledger_rules.previous(ledger.quotes(), quote.number, quote.client.name, quote.revision)
        if previous is not None:
            quote = replace(quote, changes=changes(Snapshot.from_dict(previous.issued["snapshot"]), Snapshot.of(quote)))
    return quote, report(priced, quote)


def ledger_of(config: ProviderConfig, ledger_dir: Path | None = None) -> Ledger | None:
    """The ledger in `ledger_dir`, else the workspace's issued/ (None without a workspace)."""
    if ledger_dir is not None:
        return Ledger(ledger_dir)
    return Ledger(config.workspace / ledger_rules.DEFAULT_DIRECTORY) if config.workspace is not None else None


def margin_errors(margins: MarginReport, document: Document) -> list[InputError]:
    """The policy's refusals (a margin below the floor, a discount above the cap) at their place in the file."""
    return _in_file_order(
        InputError(document.path, breach.message, *(document.locate(breach.loc) or (None, None)), field_path(breach.loc))
        for breach in margins.refused
    )


def quote_document(document: Document, config: ProviderConfig) -> Quote:
    """A parsed client file validated, priced and recommended (verify's path from a PDF)."""
    return build_quote(client_from_document(document, config).client_file, config)


def quote_file(path: str | Path, config: ProviderConfig | None = None, *, workspace: Path | None = None) -> Quote:
    """Shortcut for library users: one client file in, one quote out.

    Without `config`, the configuration is `workspace`'s quotegen.yaml, else the built-in sample.
    """
    config = config or load_config(workspace)
    return build_quote(load_client(path, config).client_file, config)


# -- render and write -------------------------------------------------------------------


def open_renderer(config: ProviderConfig):
    """The renderer for a configuration (its workspace's theme, fonts and logo); reuse it across files.

    Raises RenderError for a broken theme and OSError for one that cannot be read.
    """
    from quotegen.render.renderer import Renderer

    return Renderer(config)


def render_formats(
    quote: Quote, renderer, formats: Iterable[str], *, client_source: str | None = None, brief: bool = False, margins: MarginReport | None = None
) -> dict[str, bytes]:
    """Render a quote in each requested format (see quotegen.render.formats), all in memory first."""
    return render_all(quote, renderer, tuple(formats), client_source=client_source, brief=brief, margins=margins)


def render_file(
    path: str | Path, config: ProviderConfig, renderer, formats: Iterable[str] = FORMAT_NAMES, *, brief: bool = False,
    on_quote: Callable[[Quote], None] | None = None, internal: bool = False, ledger_dir: Path | None = None,
) -> Rendered:
    """One client file loaded, priced, recommended and rendered in each format, in memory.

    `on_quote` sees the quote before the (slow) rendering starts: a batch build sets the
    document's time limit from its number of roles there. `internal` adds the provider's
    internal copy (format `internal`). A margin below the policy's floor or a discount above
    its cap is refused unless the file records an approval. Raises QuotegenError for bad
    input, RenderError for a theme that fails on this quote, OSError for an unreadable file.
    """
    loaded = load_client(path, config)
    quote, margins = priced_quote(loaded.client_file, config, ledger_dir=ledger_dir)
    refused = margin_errors(margins, loaded.document)
    if refused:
        raise QuotegenError(refused)
    if on_quote is not None:
        on_quote(quote)
    names = (*formats, INTERNAL.name) if internal else tuple(formats)
    # The client's PDF carries the client file less its approval: that is the provider's business.
    outputs = render_formats(quote, renderer, names, client_source=client_copy(loaded.document), brief=brief, margins=margins)
    return Rendered(Path(path), quote, outputs, margins, loaded.document)


def write_rendered(rendered: Rendered, out_dir: Path, stem: str | None = None, *, before_commit: Callable[[], None] | None = None) -> list[Path]:
    """Write every format of one rendered file into `out_dir`: all of them, or none.

    `stem` is the output name (default: the client file's name made safe); `before_commit`
    runs once every file is complete, before any is renamed into place (see quotegen.output.write).
    Raises OutputError naming the path and the reason.
    """
    from quotegen.output.write import output_stem, write_outputs

    formats = known()
    by_extension = {formats[name].extension: data for name, data in rendered.outputs.items()}
    return write_outputs(out_dir, stem if stem is not None else output_stem(rendered.path), by_extension, before_commit=before_commit)


def output_name_clashes(paths: Iterable[Path]) -> list[InputError]:
    """Every client file whose outputs another of `paths` would overwrite (one file given twice is no clash)."""
    from quotegen.output.write import name_collisions, output_stem

    paths = list(paths)
    distinct = {path.resolve(): path for path in reversed(paths)}
    named = ((str(path), output_stem(path)) for path in paths if distinct[path.resolve()] is path)
    return [InputError(label, message) for label, message in name_collisions(named)]


# -- the ledger: issue, accept, decline ----------------------------------------------------


@dataclass(frozen=True)
class Issued:
    """One client file issued, or found already issued with the same content."""

    rendered: Rendered
    entry: dict[str, Any]  # its ledger line
    archived: Path  # issued/<QUOTE-NUMBER>.pdf
    written: list[Path]  # the outputs written; none when it was already issued
    already: bool


def issue_file(
    path: str | Path, config: ProviderConfig, renderer, out_dir: Path, ledger_dir: Path, today: dt.date, *, internal: bool = False
) -> Issued:
    """Render one client file like `render`, then record it as issued on `today`.

    Under the ledger's lock: the same quote number with the same PDF is a no-op; with other
    content, or after an accepted revision, it is refused (QuotegenError at proposal.revision)
    and nothing is written. Otherwise the PDF is archived, the outputs written, and the
    ledger line appended last, so a quote is issued only once all of it is on disk.
    A file still holding `quotegen new`'s placeholders is refused first: an issued quote is never a draft.
    """
    unfinished = placeholders(load_client(path, config).document, "issue")
    if unfinished:
        raise QuotegenError(unfinished)
    ledger = Ledger(ledger_dir)
    rendered = render_file(path, config, renderer, FORMAT_NAMES, internal=internal, ledger_dir=ledger_dir)
    quote, pdf = rendered.quote, rendered.outputs["pdf"]
    digest = hashlib.sha256(pdf).hexdigest()
    with ledger.writing() as quotes:
        try:
            same = ledger_rules.check_issue(quotes, quote.number, quote.client.name, quote.revision, digest)
        except ledger_rules.Refused as exc:
            where = rendered.document.locate(("proposal", "revision")) or (None, None)
            raise QuotegenError([InputError(rendered.document.path, str(exc), *where, "proposal.revision")]) from None
        if same is not None:
            return Issued(rendered, same.issued, ledger.archived(quote.number), [], already=True)
        previous = ledger_rules.previous(quotes, quote.number, quote.client.name, quote.revision)
        archived = ledger.archive(quote.number, pdf)
        written = write_rendered(rendered, out_dir)
        entry = ledger.append(_issued_line(rendered, Path(path), digest, today, previous))
    return Issued(rendered, entry, archived, written, already=False)


def _issued_line(rendered: Rendered, path: Path, digest: str, today: dt.date, previous) -> dict[str, Any]:
    quote, margins, totals = rendered.quote, rendered.margins, rendered.quote.totals
    approval = margins.approval if margins else None
    return {
        "event": "issued",
        "quote_number": quote.number,
        "client": quote.client.name,
        "revision": quote.revision,
        "state": "issued",
        "issued": today.isoformat(),
        "date": quote.date.isoformat(),
        "valid_until": quote.valid_until.isoformat(),
        "currency": quote.currency,
        "totals": {
            "in_house_annual": f"{totals.in_house_annual:.2f}",
            "proposed_annual": f"{totals.proposed_annual:.2f}",
            "savings_annual": f"{totals.savings_annual:.2f}",
            "savings_pct": f"{totals.savings_pct:.1f}",
        },
        "sha256": digest,
        "file": f"{quote.number}.pdf",
        "source": str(path),
        "supersedes": previous.number if previous else None,
        "approval": None if approval is None else {
            "by": approval.by,
            "date": approval.date.isoformat(),
            "reason": approval.reason,
            "exceptions": [breach.summary for breach in margins.breaches],
        },
        "snapshot": Snapshot.of(quote).to_dict(),
    }


def accept_quote(ledger_dir: Path, number: str, by: str, on: dt.date) -> tuple[bool, dict[str, Any]]:
    """Record that the client accepted `number` on `on`: (True, the line written), or (False,
    the acceptance already there). Refused (QuotegenError naming the quote): one not in the
    ledger, superseded, declined, or expired on that date."""
    return _answer(Ledger(ledger_dir), number, lambda quoted: ledger_rules.check_accept(quoted, by, on), {"by": by, "on": on.isoformat()}, "accepted")


def decline_quote(ledger_dir: Path, number: str, reason: str | None, today: dt.date) -> tuple[bool, dict[str, Any]]:
    """Record that the client declined `number` on `today`: as accept_quote, (recorded?, the line)."""
    return _answer(Ledger(ledger_dir), number, ledger_rules.check_decline, {"on": today.isoformat(), "reason": reason}, "declined")


def _answer(ledger: Ledger, number: str, check: Callable, fields: dict[str, Any], event: str) -> tuple[bool, dict[str, Any]]:
    if not ledger.exists():
        raise QuotegenError([InputError(number, f"is not in {ledger.shown}: no quote has been issued there")])
    with ledger.writing() as quotes:
        try:
            quoted = ledger_rules.find(quotes, number, ledger)
            if not check(quoted):
                return False, getattr(quoted, event)
        except ledger_rules.Refused as exc:
            raise QuotegenError([InputError(number, str(exc))]) from None
        return True, ledger.append({"event": event, "quote_number": number, "state": event, **fields})


# -- failures in words ------------------------------------------------------------------


def failure_message(exc: Exception, label: str, *, rendering: str | None = "render failed") -> str:
    """Why making one file (named `label`) failed, as the line(s) a person reads.

    Bad input gives each of its problems on a line; a theme that fails gives
    `LABEL: RENDERING: why`; the system refusing (a full disk) gives the path and the
    reason; anything else is a bug in quotegen, and says so.
    """
    from quotegen.output.write import os_error_message

    if isinstance(exc, QuotegenError):
        return "\n".join(str(error) for error in exc.errors)
    if isinstance(exc, RenderError):
        return f"{label}: {rendering}: {exc}" if rendering else f"{label}: {exc}"
    if isinstance(exc, OSError):
        return os_error_message(exc, label)
    return f"{label}: internal error ({type(exc).__name__}: {exc}); please report it"
