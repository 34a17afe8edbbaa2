"""Which files make up which catalogue.

A catalogue is a directory holding ``catalog.yaml`` (metadata and the department registry) and its domain
files (every other ``*.yaml``/``*.yml`` below it, down to the next catalogue). A directory may hold many
catalogues: a province's folder of county catalogues is checked in one run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gwstd import codes
from gwstd.diagnostics import Diagnostic

CATALOG_FILE = "catalog.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
_SKIP_DIRS = {"node_modules", "dist", "__pycache__", "venv", "site-packages"}


@dataclass(slots=True)
class CatalogueFiles:
    root: Path | None  # None: domain files with no catalog.yaml
    meta: Path | None
    domains: list[Path] = field(default_factory=list)
    # Files whose problems are reported; None for all. Naming single files still loads their siblings,
    # because ids must be unique across the whole catalogue.
    report: set[Path] | None = None

    @property
    def files(self) -> list[Path]:
        return ([self.meta] if self.meta else []) + self.domains


def _yaml_files(directory: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(filenames):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found


def _group(files: list[Path]) -> dict[Path | None, CatalogueFiles]:
    groups: dict[Path | None, CatalogueFiles] = {}
    for f in files:
        if f.name == CATALOG_FILE:
            groups[f.parent] = CatalogueFiles(root=f.parent, meta=f)
    for f in files:
        if f.name == CATALOG_FILE:
            continue
        # The nearest directory above the file that holds a catalog.yaml owns it.
        owner = next((d for d in f.parents if d in groups), None)
        if owner is None:
            groups.setdefault(None, CatalogueFiles(root=None, meta=None)).domains.append(f)
        else:
            groups[owner].domains.append(f)
    return groups


def discover(paths: list[Path]) -> tuple[list[CatalogueFiles], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    groups: dict[Path | None, CatalogueFiles] = {}
    for given in paths:
        if not given.exists():
            problems.append(codes.make("GW002", file=str(given), target=str(given)))
            continue
        if given.is_dir():
            files = _yaml_files(given)
            found = _group(files)
            if None in found and len(found) > 1:
                found.pop(None)  # other YAML (CI configs, docs) beside real catalogues is not ours to check
            if not found:
                problems.append(codes.make("GW014", file=str(given), target=str(given)))
            for root, group in found.items():
                _merge(groups, root, group, report=None)
        else:
            root = given.parent if (given.parent / CATALOG_FILE).is_file() else None
            if root is None:
                group = CatalogueFiles(root=None, meta=None, domains=[given])
            else:
                group = _group(_yaml_files(root)).get(root) or CatalogueFiles(root=root, meta=root / CATALOG_FILE)
                if given.name != CATALOG_FILE and given not in group.domains:
                    group.domains.append(given)
            _merge(groups, root, group, report={given})
    return list(groups.values()), problems


def _merge(groups: dict, root: Path | None, group: CatalogueFiles, *, report: set[Path] | None) -> None:
    existing = groups.get(root)
    if existing is None:
        group.report = None if report is None else set(report)
        groups[root] = group
        return
    for f in group.domains:
        if f not in existing.domains:
            existing.domains.append(f)
    if existing.report is not None:
        existing.report = None if report is None else existing.report | report
