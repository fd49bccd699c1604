"""Make the small WOFF subsets of the theme fonts that HTML proposals embed.

Run after adding or changing a font in templates/fonts: `python tools/make_web_fonts.py`.
The PDF embeds the full fonts (WeasyPrint subsets them per document); a standalone HTML
page carries these Latin subsets inline so it looks the same without the font files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
# Basic Latin, Latin-1 and Latin Extended-A (French, Spanish names), plus the typographic
# punctuation, spaces and symbols the templates and Babel's number formats use.
UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x180)] + [
    0x2009, 0x200A, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026,
    0x202F, 0x20AC, 0x2122, 0x2192, 0x2212, 0x2713, 0x2715,
]


def main() -> int:
    """Subset every theme's fonts: the built-in one and each example workspace's."""
    for fonts in [ROOT / "templates" / "fonts", *sorted(ROOT.glob("examples/*/templates/fonts"))]:
        subset_dir(fonts)
    return 0


def subset_dir(fonts: Path) -> None:
    out_dir = fonts / "web"
    out_dir.mkdir(exist_ok=True)
    for source in sorted(fonts.glob("*.[ot]tf")):
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["kern", "liga", "calt", "tnum", "case"]
        options.name_IDs = ["*"]
        font = TTFont(source)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        target = out_dir / (source.stem + ".woff")
        font.flavor = "woff"
        font.save(target)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    sys.exit(main())
