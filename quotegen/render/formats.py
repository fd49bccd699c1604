"""Output formats: one table of what quotegen can write (name, file extension, renderer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quotegen.engine.quote import Quote
    from quotegen.render.renderer import Renderer


@dataclass
class Job:
    """One quote being rendered in several formats: what they share is made once."""

    quote: Quote
    renderer: Renderer
    client_source: str | None = None  # the client file's text, attached to the PDF
    brief: bool = False
    margins: Any = None  # engine.margin.MarginReport: for the internal copy only

    @cached_property
    def quote_json(self) -> str:
        """The JSON document, which the PDF also carries as an attachment."""
        from quotegen.render.json_export import quote_to_json

        return quote_to_json(self.quote)


@dataclass(frozen=True)
class Format:
    """One output format: its name on the command line, its file extension, its renderer."""

    name: str
    extension: str
    render: Callable[[Job], bytes] = field(repr=False)
    description: str


def _pdf(job: Job) -> bytes:
    return job.renderer.pdf(job.quote, client_source=job.client_source, quote_json=job.quote_json, brief=job.brief)


def _html(job: Job) -> bytes:
    return job.renderer.html(job.quote, medium="screen", brief=job.brief).encode("utf-8")


def _json(job: Job) -> bytes:
    # Language policy: the JSON is for programs, so it is plain English with plain numbers
    # whatever the client's locale; the theme and its translations play no part, and --brief
    # leaves it whole.
    return job.quote_json.encode("utf-8")


FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format("pdf", "pdf", _pdf, "PDF/A-3a (tagged) with the client file and the quote JSON attached"),
        Format("html", "html", _html, "a standalone web page"),
        Format("json", "json", _json, "every figure, for programs (plain English, plain numbers)"),
    )
}
NAMES: tuple[str, ...] = tuple(FORMATS)  # the default: all of them, in this order

INTERNAL_TEMPLATE = "internal.html.j2"


def _internal(job: Job) -> bytes:
    # For the provider's staff: cost, margin, discount, approvals and the selection trace.
    # Nothing is attached, so the file carries no more than its pages show.
    return job.renderer.pdf(job.quote, template=INTERNAL_TEMPLATE, extra={"margins": job.margins})


# Not a client format (so not offered by -f): --internal adds it, written as <stem>-internal.pdf.
INTERNAL = Format("internal", "-internal.pdf", _internal, "the provider's internal copy")
# Every format render_all can make, the internal copy included.
def known() -> dict[str, Format]:
    """Every format a render may name: the registry as it stands now (tests and plug-ins may
    add rows), and the internal copy."""
    return {**FORMATS, INTERNAL.name: INTERNAL}


def render_all(
    quote: Quote, renderer: Renderer, names, *, client_source: str | None = None, brief: bool = False, margins: Any = None
) -> dict[str, bytes]:
    """Render a quote in each named format, in the order given, all in memory first.

    `internal` (with `margins`) is the provider's internal copy, never a client's format."""
    formats = known()
    unknown = [name for name in names if name not in formats]
    if unknown:
        raise ValueError(f"unknown format: {unknown[0]} (known: {', '.join(NAMES)})")
    job = Job(quote, renderer, client_source, brief, margins)
    return {name: formats[name].render(job) for name in names}
