"""Helpers for the example-driven tests in tests/cases/.

Each case is a folder of YAML files and an ``expected.txt`` listing the diagnostics the case must produce,
one per line as ``CODE FILE:LINE`` (``#`` starts a comment). A case is checked against ``_base/catalog.yaml``
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


def expected(name: str) -> list[str]:
    lines = (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line.split("#")[0].strip() for line in lines if line.split("#")[0].strip())


def actual(diagnostics: list[dict], root: Path) -> list[str]:
    """``CODE FILE:LINE`` for each diagnostic of a JSON report, with files relative to the case folder."""
    out = []
    for d in diagnostics:
        file = Path(d["file"])
        rel = file.relative_to(root) if file.is_absolute() and root in file.parents else Path(file.name)
        out.append(f"{d['code']} {rel.as_posix()}:{d['line']}")
    return sorted(out)
