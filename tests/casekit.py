"""Helpers for the example-driven tests in tests/cases/.

Each case is a folder of YAML files and an ``expected.txt`` listing the diagnostics the case must produce,
one per line as ``CODE FILE:LINE`` (``#`` starts a comment). A line written ``CODE FILE:LINE:COLUMN  # MESSAGE``
is exact: the diagnostic's column must be that one and its message the comment; ``MESSAGE → HINT`` also
names the hint's text. A case is checked against ``_base/catalog.yaml``
unless it brings its own catalog.yaml, or holds a ``.no-catalog`` marker to be checked without one. An
optional ``args.txt`` holds extra ``gwstd validate`` arguments, with ``{dir}`` standing for the case folder;
``*.guide`` files (scope guides for ``--baseline``) are copied along.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CASES = Path(__file__).parent / "cases"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def assemble(name: str, into: Path) -> Path:
    """Copy a case into ``into`` (with the base catalogue where it has none) and return the folder."""
    source = CASES / name
    target = into / name
    target.mkdir(parents=True)
    for f in source.iterdir():
        if f.suffix in (".yaml", ".yml", ".guide"):
            shutil.copyfile(f, target / f.name)
    if not (source / "catalog.yaml").exists() and not (source / ".no-catalog").exists():
        shutil.copyfile(CASES / "_base" / "catalog.yaml", target / "catalog.yaml")
    return target


def args(name: str, root: Path) -> list[str]:
    path = CASES / name / "args.txt"
    if not path.exists():
        return []
    return [a.replace("{dir}", str(root)) for a in path.read_text(encoding="utf-8").split()]


def _entries(name: str) -> list[tuple[str, str]]:
    lines = (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        where, _, comment = line.partition("#")
        if where.strip():
            out.append((where.strip(), comment.strip()))
    return out


def expected(name: str) -> list[str]:
    """``CODE FILE:LINE`` of every expected diagnostic (the column, where written, is checked by exact())."""
    return sorted(" ".join([where.split()[0], ":".join(where.split()[1].split(":")[:2])])
                  for where, _ in _entries(name))


def exact(name: str) -> list[tuple[str, str, str]]:
    """(``CODE FILE:LINE:COLUMN``, message, hint or None) of the lines written with a column."""
    out = []
    for where, comment in _entries(name):
        if where.count(":") == 2:
            message, arrow, hint = comment.partition(" → ")
            out.append((where, message.strip(), hint.strip() if arrow else None))
    return out


def _where(d: dict, root: Path) -> str:
    file = Path(d["file"])
    rel = file.relative_to(root) if file.is_absolute() and root in file.parents else Path(file.name)
    return f"{d['code']} {rel.as_posix()}:{d['line']}"


def actual(diagnostics: list[dict], root: Path) -> list[str]:
    """``CODE FILE:LINE`` for each diagnostic of a JSON report, with files relative to the case folder."""
    return sorted(_where(d, root) for d in diagnostics)


def actual_exact(diagnostics: list[dict], root: Path) -> list[tuple[str, str, str | None]]:
    """(``CODE FILE:LINE:COLUMN``, message, hint) for each diagnostic of a JSON report."""
    return [(f"{_where(d, root)}:{d.get('column')}", d["message"], d.get("hint")) for d in diagnostics]
