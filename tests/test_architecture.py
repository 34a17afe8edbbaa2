"""The package's shape: stages import one way (cli → province → books/reports/import → editions → validate → rules →
catalogue → load → seams → diagnostics), no module imports itself round a cycle, and only the CLI touches
typer and click. Every import counts, including those inside functions."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gwstd"

# Lowest first. A module may import its own package and any package of a lower layer, nothing else.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("diagnostics",),
    ("seams",),
    ("load",),
    ("catalogue",),
    ("rules",),
    ("validate",),
    ("editions",),
    ("books", "reports", "excel_import", "scaffold"),
    ("province", "serve"),  # many counties at once (each built as books builds one); one county served live
    ("cli",),
)
LAYER = {package: depth for depth, packages in enumerate(LAYERS) for package in packages}
TOP = {"gwstd": -1, "gwstd.__main__": len(LAYERS)}  # the root package imports nothing; __main__ runs the CLI
CLI_ONLY = ("typer", "click", "shellingham")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """The gwstd modules ``path`` imports, anywhere in it (``from gwstd.x import y`` counts as gwstd.x.y
    when that is a module)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in found if m == "gwstd" or m.startswith("gwstd.")} | {m for m in found if m.split(".")[0] in CLI_ONLY}


@functools.cache
def graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: imports_of(path, name, known) for name, path in modules().items()}


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYER else None


def depth(module: str) -> int:
    if module in TOP:
        return TOP[module]
    package = stage(module)
    assert package is not None, f"{module} is in no stage: add its package to LAYERS in {__file__}"
    return LAYER[package]


def test_every_module_belongs_to_a_stage():
    loose = [m for m in modules() if m not in TOP and stage(m) is None and not m.startswith("gwstd.data")]
    assert loose == []


def test_imports_point_down_the_layers():
    upward = []
    for module, targets in graph().items():
        if module.startswith("gwstd.data"):
            continue
        for target in targets:
            if not target.startswith("gwstd") or target == "gwstd" or target.startswith("gwstd.data"):
                continue
            same_package = stage(module) is not None and stage(module) == stage(target)
            if not same_package and depth(target) >= depth(module):
                upward.append(f"{module} → {target}")
    assert sorted(upward) == []


def find_cycles(edges: dict[str, set[str]]) -> list[str]:
    """Every cycle a depth-first walk meets, as "a → b → a"."""
    cycles = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return cycles


def test_no_import_cycles():
    known = modules()
    assert find_cycles({m: {t for t in ts if t in known} for m, ts in graph().items()}) == []


def test_the_checker_sees_a_cycle():
    """The four cycles of the flat layout (loader ↔ fullload, build ↔ editions, reporters ↔
    reporters.coverage, rules ↔ rules.*) were of this shape, lazy imports included."""
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a → b → c → a"]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_only_the_cli_touches_the_command_line_libraries():
    touching = sorted(f"{m} → {t}" for m, ts in graph().items() for t in ts
                      if t.split(".")[0] in CLI_ONLY and stage(m) != "cli")
    assert touching == []


@pytest.mark.parametrize("package", sorted(LAYER))
def test_each_stage_says_what_it_takes_and_gives(package):
    init = PACKAGE / package / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    first = doc.split("\n\n")[0]
    assert "\n" not in first and "takes" in first and "gives" in first, \
        f"{init}: a first line of its own saying what the stage takes and gives"


def test_the_checker_sees_an_upward_import(tmp_path):
    """The graph is read from the source: a planted upward import is one edge of it."""
    known = {"gwstd.load.loader", "gwstd.books.html"}
    planted = tmp_path / "loader.py"
    planted.write_text("def f():\n    from gwstd.books.html import render_book\n", encoding="utf-8")
    assert imports_of(planted, "gwstd.load.loader", known) == {"gwstd.books.html"}
    assert depth("gwstd.books.html") > depth("gwstd.load.loader")
