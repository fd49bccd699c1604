"""The library API: the pipeline load -> validate -> price -> recommend, for any caller."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quotegen.input.provider import ProviderConfig, load_config
from quotegen.errors import QuotegenError
from quotegen.render.glyphs import covered_code_points, document_font_files, glyph_errors
from quotegen.input.document import Document, load_document
from quotegen.engine.pricing import price
from quotegen.engine.quote import Quote
from quotegen.engine.assemble import recommend
from quotegen.input.client import ClientFile, validate_document


@dataclass(frozen=True)
class LoadedClient:
    """A validated client file with the text it was read from (embedded in the PDF)."""

    path: Path
    document: Document
    client_file: ClientFile
    source_text: str


def load_client(path: str | Path, config: ProviderConfig) -> LoadedClient:
    """Load and validate one client file; raises QuotegenError with every problem."""
    path = Path(path)
    document = load_document(path)
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
    return LoadedClient(path, document, client_file, document.text)


def _in_file_order(errors):
    return sorted(errors, key=lambda e: (e.line or 0, e.column or 0))


def build_quote(client_file: ClientFile, config: ProviderConfig) -> Quote:
    """Price every role and recommend a model for it: the complete, frozen quote."""
    return recommend(price(client_file, config))


def quote_file(path: str | Path, config: ProviderConfig | None = None) -> Quote:
    """Shortcut for library users: one client file in, one quote out."""
    config = config or load_config(Path.cwd())
    return build_quote(load_client(path, config).client_file, config)


def render_formats(quote: Quote, renderer, formats, *, client_source: str | None = None, brief: bool = False) -> dict[str, bytes]:
    """Render a quote in each requested format (pdf, html, json), all in memory first."""
    from quotegen.render.json_export import quote_to_json

    quote_json = quote_to_json(quote)
    outputs: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "json":
            outputs["json"] = quote_json.encode("utf-8")
        elif fmt == "html":
            outputs["html"] = renderer.html(quote, medium="screen", brief=brief).encode("utf-8")
        elif fmt == "pdf":
            outputs["pdf"] = renderer.pdf(quote, client_source=client_source, quote_json=quote_json, brief=brief)
        else:
            raise ValueError(f"unknown format: {fmt}")
    return outputs
