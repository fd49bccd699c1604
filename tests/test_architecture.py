"""The package layout is the pipeline: stage packages, no import cycles, a short top level."""

from __future__ import annotations

import ast
from pathlib import Path

import quotegen

PACKAGE = Path(quotegen.__file__).parent
STAGES = ("input", "data", "engine", "render", "output", "cli")
# Which stage may import which: the data flows input -> engine -> render -> output, and the
# CLI sits on top. The shared modules (api, errors, money) are reachable from every stage.
MAY_IMPORT = {
    "data": set(),
    "input": {"data"},
    "engine": {"input", "data"},
    "render": {"engine", "input", "data"},
    "output": {"render", "engine", "input", "data"},
    "cli": {"output", "render", "engine", "input", "data"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every quotegen module a file imports, at any depth (TYPE_CHECKING and function bodies too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {m for m in found if m in MODULES and m != name}


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def test_no_import_cycles():
    """A cycle hides the data flow; TYPE_CHECKING imports count too."""
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if target.startswith(node + ".") or node.startswith(target + "."):
                continue  # a package and its own modules
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if node not in state:
            visit(node)
    assert cycles == []


def test_at_most_six_modules_at_the_top():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= 6, loose


def test_each_stage_is_a_package_that_says_what_enters_and_leaves():
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "In:" in doc and "Out:" in doc, stage


def test_stages_import_only_earlier_stages():
    wrong = []
    for name, targets in GRAPH.items():
        stage = name.split(".")[1] if name.count(".") else None
        if stage not in MAY_IMPORT:
            continue
        for target in targets:
            other = target.split(".")[1] if target.count(".") else None
            if other in STAGES and other != stage and other not in MAY_IMPORT[stage]:
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_every_module_says_what_it_is_for():
    missing = [name for name, path in MODULES.items() if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert missing == []
