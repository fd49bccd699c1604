"""The README's module map, made from the package itself (first docstring line of each module).

`python tools/module_map.py --write` refreshes README.md between its module-map markers;
tests/test_readme.py fails when the README and the tree disagree.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "quotegen"
README = ROOT / "README.md"
START, END = "<!-- module-map:start -->", "<!-- module-map:end -->"
# The stage packages in the order a quote flows through them, then the shared modules.
ORDER = ("input", "data", "engine", "render", "output", "cli", "")


def first_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return " ".join(doc.split("\n\n")[0].split())


def module_map() -> str:
    rows = ["| package | module | what it is for |", "|---|---|---|"]
    for stage in ORDER:
        folder = PACKAGE / stage if stage else PACKAGE
        for path in sorted(folder.glob("*.py")):
            if path.name == "__main__.py":
                continue
            name = f"`{stage}/`" if stage else "top level"
            rows.append(f"| {name} | `{path.name}` | {first_line(path).replace('|', '/')} |")
    return "\n".join(rows)


def readme_with_map(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{module_map()}\n{END}{tail}"


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    wanted = readme_with_map(current)
    if "--write" in sys.argv:
        README.write_text(wanted, encoding="utf-8")
    else:
        print(module_map())
