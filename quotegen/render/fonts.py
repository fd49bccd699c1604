"""Fonts a document may use: the brand's, then the theme's fallback, never the host's.

WeasyPrint's font configuration normally loads every font installed on the machine, so a
name in Arabic rendered only where DejaVu happened to be installed, and the bytes of a PDF
depended on the host. Here the configuration is created from the theme's own fontconfig
file, which lists nothing but the fallback directory; the document's @font-face fonts
are added to it as usual.
"""

from __future__ import annotations

import io
import os
import unicodedata
from functools import lru_cache
from pathlib import Path

# Characters no font draws: controls and invisible format marks (bidi marks, joiners).
_NOT_DRAWN = frozenset({"Cc", "Cf"})
# The theme's fallback font, drawn where the brand font has no glyph (Greek, Cyrillic and
# Arabic names with a Latin-only brand font). Paths are relative to a theme directory and
# found like every theme file; `validate` reads the same files to list the characters no
# font of the document can show. Kept here, not in the renderer, so that check does not
# import the template machinery.
FALLBACK_FONT_FILES = ("fonts/fallback/DejaVuSans.ttf", "fonts/fallback/DejaVuSans-Bold.ttf")


def isolated_font_config(fontconfig_file: Path):
    """A WeasyPrint FontConfiguration that sees the fonts `fontconfig_file` lists, and no others."""
    from weasyprint.text.fonts import FontConfiguration

    previous = os.environ.get("FONTCONFIG_FILE")
    # Fontconfig reads the variable when a configuration is loaded, so it is set only for
    # that moment and the process's other users of fontconfig are left alone.
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file)
    try:
        return FontConfiguration()
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


def code_points(path: Path) -> frozenset[int]:
    """The characters a font file has glyphs for (read once per file version)."""
    info = path.stat()
    return file_code_points(str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=32)
def file_code_points(path: str, mtime_ns: int, size: int) -> frozenset[int]:
    """The characters of the font at `path` in the version its mtime and size name (cached)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def uncovered(text: str, covered: frozenset[int]) -> str:
    """The distinct drawn characters of `text` outside `covered`, sorted, as one string."""
    return "".join(sorted(c for c in set(text) if ord(c) not in covered and unicodedata.category(c) not in _NOT_DRAWN))


def web_subset(path: Path, characters: str) -> bytes:
    """A WOFF of `path` holding just `characters` (with the glyphs their shaping needs)."""
    info = path.stat()
    return _web_subset(str(path), info.st_mtime_ns, info.st_size, characters)


@lru_cache(maxsize=32)
def _web_subset(path: str, mtime_ns: int, size: int, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]  # Arabic joining forms and ligatures come from GSUB
    options.name_IDs = ["*"]  # keep the copyright and licence names
    options.recalc_timestamp = False
    options.hinting = False
    # recalcTimestamp=False: the same characters give the same bytes on any day.
    with TTFont(path, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in characters])
        subsetter.subset(font)
        out = io.BytesIO()
        font.flavor = "woff"
        font.save(out, reorderTables=False)
    return out.getvalue()
