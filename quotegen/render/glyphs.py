"""Glyphs: client text that the document's fonts cannot show is an input error, not a blank box."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from quotegen.errors import InputError
from quotegen.input.document import Document, Location, field_path
from quotegen.data.tables import theme_dirs
from quotegen.render.fonts import FALLBACK_FONT_FILES, file_code_points

# Characters listed in one message at most; a whole name in Chinese would fill a screen.
MAX_LISTED = 8
# A few letters of each script a client name might be written in: the hint names the scripts
# whose letters the fonts have, so it stays true for any brand and fallback font.
SCRIPT_SAMPLES = (
    ("Latin", "AZaz"),
    ("Greek", "ΑΩαω"),
    ("Cyrillic", "АЯая"),
    ("Arabic", "ابتي"),
    ("Hebrew", "אבגת"),
    ("Devanagari", "अकम"),
    ("Thai", "กขค"),
    ("Chinese", "東京中"),
    ("Japanese", "あアン"),
    ("Korean", "한국어"),
)
# Whitespace, controls and invisible format marks (bidi marks, joiners, soft hyphens) are not
# drawn from a font's glyphs; controls are refused by the YAML reader anyway.
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
# Marks that only pick a glyph variant (the emoji or text style of ❤) and are never drawn:
# variation selectors and the combining grapheme joiner.
_SELECTORS = frozenset([*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0), 0x034F])


def brand_font_files(family: str, workspace: Path | None) -> tuple[Path, ...]:
    """The brand's regular face, found where the renderer finds it (theme dirs, then workspace)."""
    stem = family.replace(" ", "")  # "Open Sans" lives in fonts/OpenSans-Regular.ttf
    return _find((f"fonts/{stem}-Regular.otf", f"fonts/{stem}-Regular.ttf"), workspace)


def fallback_font_files(workspace: Path | None) -> tuple[Path, ...]:
    """The theme's fallback font files, drawn by the renderer where the brand font has no glyph."""
    return tuple(path for relative in FALLBACK_FONT_FILES for path in _find((relative,), workspace))


def document_font_files(config: Any) -> tuple[Path, ...]:
    """Every font a document of this configuration may draw client text with."""
    return brand_font_files(config.provider.font, config.workspace) + fallback_font_files(config.workspace)


def _find(candidates: tuple[str, ...], workspace: Path | None) -> tuple[Path, ...]:
    """The first candidate that exists, searched like render.Theme.find; empty when none does."""
    bases = theme_dirs(workspace) + ((workspace.resolve(),) if workspace else ())
    for relative in candidates:
        for base in bases:
            path = (base / relative).resolve()
            if path.is_file() and path.is_relative_to(base):
                return (path,)
    return ()


def covered_code_points(paths: tuple[Path, ...]) -> frozenset[int]:
    """The union of the fonts' character maps, read once per set of font files (and versions)."""
    versions = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        versions.append((str(path), stat.st_mtime_ns, stat.st_size))
    return _coverage(tuple(versions))


@lru_cache(maxsize=16)
def _coverage(versions: tuple[tuple[str, int, int], ...]) -> frozenset[int]:
    points: set[int] = set()
    for version in versions:
        try:
            points.update(file_code_points(*version))  # the renderer's per-file cache
        except Exception:  # noqa: BLE001 - a broken theme font is the renderer's to report, not the client's
            continue
    return frozenset(points)


def glyph_errors(document: Document, covered: frozenset[int]) -> list[InputError]:
    """One error per string value holding characters outside `covered`, each character listed once.

    No fonts at all (an unreadable theme) means no check here: the renderer reports the theme.
    """
    if not covered or not isinstance(document.data, dict):
        return []
    errors = []
    for loc, text in _strings(document.data):
        missing = missing_characters(text, covered)
        if missing:
            line, column = document.locate(loc) or (None, None)
            errors.append(InputError(document.path, _message(missing, covered), line, column, field_path(loc) or None))
    return errors


def missing_characters(text: str, covered: frozenset[int]) -> list[str]:
    """The distinct characters of `text` no font covers, in order of first appearance."""
    # Composed form: "e" + combining acute is drawn with the font's "é" when it has one.
    text = unicodedata.normalize("NFC", text)
    return [
        c for c in dict.fromkeys(text)
        if ord(c) not in covered and ord(c) not in _SELECTORS and unicodedata.category(c) not in _NOT_DRAWN
    ]


def _message(missing: list[str], covered: frozenset[int]) -> str:
    listed = ", ".join(map(describe, missing[:MAX_LISTED]))
    if len(missing) > MAX_LISTED:
        listed += f" and {len(missing) - MAX_LISTED} more"
    return f"the brand font cannot show {listed}; use {_scripts(covered)} script, or a brand font that has them"


def describe(char: str) -> str:
    """東 (U+6771 CJK UNIFIED IDEOGRAPH-6771): the character, its code point and its name."""
    name = unicodedata.name(char, "")
    return f"{char} (U+{ord(char):04X}{' ' + name if name else ''})"


@lru_cache(maxsize=16)
def _scripts(covered: frozenset[int]) -> str:
    names = [name for name, sample in SCRIPT_SAMPLES if all(ord(c) in covered for c in sample)] or ["Latin"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _strings(data: Any) -> Iterator[tuple[Location, str]]:
    """Every string value with its location, depth first in file order (no recursion limit)."""
    stack: list[tuple[Location, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            yield loc, value
        elif isinstance(value, dict):
            stack.extend(reversed([((*loc, key), item) for key, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*loc, index), item) for index, item in enumerate(value)]))
