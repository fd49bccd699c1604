"""Verify: re-price a proposal PDF from its own embedded client file and compare every
figure with the quote embedded beside it and with the figures printed on its pages, so
anyone can check a document later."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotegen.api import open_renderer, quote_document
from quotegen.input.provider import ProviderConfig
from quotegen.errors import InputError, QuotegenError
from quotegen.render.json_export import quote_to_dict
from quotegen.input.document import parse_document
from quotegen.output.visible import check_pages

CLIENT_ATTACHMENT = "client.yaml"
QUOTE_ATTACHMENT = "quote.json"
IGNORED = {"generator"}  # the version that wrote the file is not a figure


@dataclass(frozen=True, slots=True)
class Difference:
    path: str
    in_document: Any
    now: Any

    def __str__(self) -> str:
        return f"{self.path}: {_show(self.in_document)} in the document, {_show(self.now)} now"


def _show(value: Any) -> str:
    return "absent" if value is _ABSENT else json.dumps(value, ensure_ascii=False)


_ABSENT = object()


@dataclass(frozen=True)
class Verdict:
    """What verify found: the embedded quote's values against a fresh quote, and the
    figures printed on the pages against the same fresh quote."""

    values: int  # leaves of the embedded quote compared
    differences: list[Difference]
    pages: int
    figures: int  # figures the fresh quote puts on the pages
    problems: list[str]  # page by page, as messages

    @property
    def ok(self) -> bool:
        return not self.differences and not self.problems


def open_pdf(pdf_path: Path):
    """A pypdf reader and the files attached to the PDF, by name."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(pdf_path))
        return reader, {name: contents[0] for name, contents in reader.attachments.items()}
    except FileNotFoundError:
        raise QuotegenError([InputError(str(pdf_path), "file not found")]) from None
    except (PdfReadError, OSError, ValueError) as exc:
        raise QuotegenError([InputError(str(pdf_path), f"is not a readable PDF ({exc})")]) from None


def verify_pdf(pdf_path: Path, config: ProviderConfig, renderer=None) -> Verdict:
    """Compare the embedded quote and the printed pages with a fresh quote.

    `renderer` (render.Renderer for `config`) lays the fresh quote out as the document does;
    pass one to reuse it across files.
    """
    reader, files = open_pdf(pdf_path)
    missing = [name for name in (CLIENT_ATTACHMENT, QUOTE_ATTACHMENT) if name not in files]
    if missing:
        raise QuotegenError([InputError(str(pdf_path), f"has no embedded {' or '.join(missing)}; was it made by quotegen?")])
    shown = f"{pdf_path}#{CLIENT_ATTACHMENT}"
    # The same path as `quotegen render` takes from a client file (quotegen.api).
    quote = quote_document(parse_document(files[CLIENT_ATTACHMENT], shown), config)
    fresh = quote_to_dict(quote)
    try:
        embedded = json.loads(files[QUOTE_ATTACHMENT])
    except ValueError:
        raise QuotegenError([InputError(str(pdf_path), f"its embedded {QUOTE_ATTACHMENT} is not valid JSON")]) from None
    differences = compare_quotes(embedded, fresh)
    from pypdf.errors import PdfReadError

    if renderer is None:
        renderer = open_renderer(config)
    try:
        seen = check_pages(reader, quote, renderer)
    except (PdfReadError, ValueError) as exc:  # the attachments read, but a page's content does not
        raise QuotegenError([InputError(str(pdf_path), f"is not a readable PDF ({exc})")]) from None
    return Verdict(len(_flatten(embedded)), differences, seen.pages, seen.figures, seen.problems)


def compare_quotes(embedded: dict, fresh: dict) -> list[Difference]:
    """Every leaf of two quote JSON documents that differs (the generator aside), in path order."""
    old, new = _flatten(embedded), _flatten(fresh)
    return [
        Difference(path, old.get(path, _ABSENT), new.get(path, _ABSENT))
        for path in sorted(old.keys() | new.keys(), key=_natural)
        if old.get(path, _ABSENT) != new.get(path, _ABSENT)
    ]


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a JSON document by its path: roles[0].in_house.annual -> "69705.70"."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if not prefix and key in IGNORED:
                continue
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(data, list):
        out = {}
        for index, value in enumerate(data):
            out.update(_flatten(value, f"{prefix}[{index}]"))
        return out or {prefix: []}
    return {prefix: data}


def _natural(path: str) -> list:
    """Sort roles[2] before roles[10]."""
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path)]
