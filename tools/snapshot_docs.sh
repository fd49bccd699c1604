#!/usr/bin/env bash
# Refresh the page images in docs/ from the sample proposals (run `make demo` first).
# Needs poppler-utils (pdftoppm) and the project's .venv (Pillow comes with WeasyPrint).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
for pdf in output/*.pdf output/meridian/*.pdf; do
  stem=$(basename "$pdf" .pdf)
  pdftoppm -png -r 45 -f 1 -l 4 "$pdf" "$tmp/$stem"
  .venv/bin/python - "$tmp" "$stem" "docs/$stem-pages.png" <<'PY'
import glob, sys
from PIL import Image
tmp, stem, out = sys.argv[1:]
pages = [Image.open(p).convert("RGB") for p in sorted(glob.glob(f"{tmp}/{stem}-*.png"))]
w, h = pages[0].size
sheet = Image.new("RGB", (len(pages) * (w + 12) + 12, h + 24), "#d9dee4")
for i, page in enumerate(pages):
    sheet.paste(page, (12 + i * (w + 12), 12))
sheet.save(out, optimize=True)
print(out)
PY
done
rm -rf "$tmp"
