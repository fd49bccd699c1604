"""The README tells the truth about the tree: its module map is the package's own."""

from __future__ import annotations

import sys

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import module_map  # noqa: E402


def test_the_module_map_matches_the_tree():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module_map.START in text and module_map.END in text
    assert text == module_map.readme_with_map(text), "run: python tools/module_map.py --write"


def test_the_flow_names_the_stage_packages_in_order():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    flow = text[text.index("### How a quote flows"):text.index(module_map.START)]
    positions = [flow.index(f"`quotegen/{stage}/`") for stage in ("input", "data", "engine", "render", "output", "cli")]
    assert positions == sorted(positions)
