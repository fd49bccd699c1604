"""The library API: the pipeline load -> validate -> price -> recommend -> render -> write, for any caller.

Nothing here reads the working directory: callers pass the workspace (the folder whose
quotegen.yaml, templates and logo apply) and every path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from quotegen.engine.assemble import recommend
from quotegen.engine.pricing import price
from quotegen.engine.quote import Quote
from quotegen.errors import InputError, QuotegenError, RenderError
from quotegen.input.client import ClientFile, validate_document
from quotegen.input.document import Document, load_document
from quotegen.input.provider import ProviderConfig, load_config
from quotegen.render.formats import FORMATS, render_all
from quotegen.render.formats import NAMES as FORMAT_NAMES
from quotegen.render.glyphs import covered_code_points, document_font_files, glyph_errors

__all__ = [
    "FORMAT_NAMES", "LoadedClient", "Rendered", "build_quote", "client_from_document", "failure_message", "load_client",
    "load_config", "open_renderer", "output_name_clashes", "quote_document", "quote_file", "render_file", "render_formats",
    "write_rendered",
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


def build_quote(client_file: ClientFile, config: ProviderConfig) -> Quote:
    """Price every role and recommend a model for it: the complete, frozen quote."""
    return recommend(price(client_file, config))


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


def render_formats(quote: Quote, renderer, formats: Iterable[str], *, client_source: str | None = None, brief: bool = False) -> dict[str, bytes]:
    """Render a quote in each requested format (see quotegen.render.formats), all in memory first."""
    return render_all(quote, renderer, tuple(formats), client_source=client_source, brief=brief)


def render_file(
    path: str | Path, config: ProviderConfig, renderer, formats: Iterable[str] = FORMAT_NAMES, *, brief: bool = False,
    on_quote: Callable[[Quote], None] | None = None,
) -> Rendered:
    """One client file loaded, priced, recommended and rendered in each format, in memory.

    `on_quote` sees the quote before the (slow) rendering starts: a batch build sets the
    document's time limit from its number of roles there. Raises QuotegenError for bad
    input, RenderError for a theme that fails on this quote, OSError for an unreadable file.
    """
    loaded = load_client(path, config)
    quote = build_quote(loaded.client_file, config)
    if on_quote is not None:
        on_quote(quote)
    outputs = render_formats(quote, renderer, formats, client_source=loaded.source_text, brief=brief)
    return Rendered(Path(path), quote, outputs)


def write_rendered(rendered: Rendered, out_dir: Path, stem: str | None = None, *, before_commit: Callable[[], None] | None = None) -> list[Path]:
    """Write every format of one rendered file into `out_dir`: all of them, or none.

    `stem` is the output name (default: the client file's name made safe); `before_commit`
    runs once every file is complete, before any is renamed into place (see quotegen.output.write).
    Raises OutputError naming the path and the reason.
    """
    from quotegen.output.write import output_stem, write_outputs

    by_extension = {FORMATS[name].extension: data for name, data in rendered.outputs.items()}
    return write_outputs(out_dir, stem if stem is not None else output_stem(rendered.path), by_extension, before_commit=before_commit)


def output_name_clashes(paths: Iterable[Path]) -> list[InputError]:
    """Every client file whose outputs another of `paths` would overwrite (one file given twice is no clash)."""
    from quotegen.output.write import name_collisions, output_stem

    paths = list(paths)
    distinct = {path.resolve(): path for path in reversed(paths)}
    named = ((str(path), output_stem(path)) for path in paths if distinct[path.resolve()] is path)
    return [InputError(label, message) for label, message in name_collisions(named)]


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
