"""Which files make up which catalogue.

A catalogue is a directory holding ``catalog.yaml`` (metadata and the department registry) and its domain
files (every other ``*.yaml``/``*.yml`` below it, down to the next catalogue). A directory may hold many
catalogues: a province's folder of county catalogues is checked in one run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Sequence

from gwstd.diagnostics import Diagnostic, codes
from gwstd.seams.streams import has_undecodable_bytes, printable_path

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
    # How each file is shown: as the user spelled it (``./catalog/``, ``../x/catalog``, a link's name), the
    # folder they gave joined with the file's path inside it. Path() would drop a leading ./ and a trailing /.
    names: dict[Path, str] = field(default_factory=dict)
    root_name: str = ""

    @property
    def files(self) -> list[Path]:
        return ([self.meta] if self.meta else []) + self.domains

    def name_of(self, path: Path) -> str:
        return self.names.get(path) or printable_path(str(path))


def _yaml_files(directory: str) -> dict[Path, str]:
    """Every YAML file below ``directory``, each with its name as shown: ``directory`` as given, joined with
    the file's path inside it (no symlink followed, nothing made absolute)."""
    found: dict[Path, str] = {}
    top = directory or "."
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS)
        inside = dirpath[len(top):].lstrip("/" + os.sep)  # os.walk spells every dirpath as top + the rest
        for name in sorted(filenames):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                shown = os.path.join(directory, inside, name)
                found[Path(shown)] = printable_path(shown)
    return found


def _group(files: dict[Path, str]) -> dict[Path | None, CatalogueFiles]:
    groups: dict[Path | None, CatalogueFiles] = {}
    for f, shown in files.items():
        if f.name == CATALOG_FILE:
            groups[f.parent] = CatalogueFiles(root=f.parent, meta=f, root_name=os.path.dirname(shown) or ".")
    for f in files:
        if f.name == CATALOG_FILE:
            continue
        # The nearest directory above the file that holds a catalog.yaml owns it.
        owner = next((d for d in f.parents if d in groups), None)
        if owner is None:
            groups.setdefault(None, CatalogueFiles(root=None, meta=None)).domains.append(f)
        else:
            groups[owner].domains.append(f)
    for group in groups.values():
        group.names = {f: files[f] for f in group.files}
    return groups


def catalogue_folder(raw: str) -> str | None:
    """The folder of the catalogue the file ``raw`` belongs to, spelled as a prefix of ``raw``: the nearest
    folder above it holding a catalog.yaml (as a folder's walk groups files), or None. Only the folders
    written in ``raw`` are looked at (``catalog/x.yaml`` stops at the current folder)."""
    folder = os.path.dirname(raw)
    while True:
        if os.path.isfile(os.path.join(folder or ".", CATALOG_FILE)):
            return folder
        if not folder or folder == os.path.dirname(folder):
            return None
        folder = os.path.dirname(folder)


def _whole(raw: str, given: Path, shown: str, standing_in: Collection[Path]
           ) -> tuple[Path | None, CatalogueFiles] | None:
    """The whole catalogue ``given`` (a file) belongs to, every file of it reported; None when it belongs to
    none. Catalogues nested inside it are not part of it (a folder's walk would check them too)."""
    folder = catalogue_folder(raw)
    if folder is None or (shown == "-" and given in standing_in):
        return None
    root = Path(folder) if folder else Path(".")
    group = _group(_yaml_files(folder)).get(root)
    if group is None:  # the folder could not be listed
        meta = root / CATALOG_FILE
        group = CatalogueFiles(root=root, meta=meta, names={meta: printable_path(os.path.join(folder, CATALOG_FILE))},
                               root_name=printable_path(folder) or ".")
    if given.name != CATALOG_FILE and given not in group.domains and given != group.meta:
        group.domains.append(given)  # below a skipped folder, or standing in for a file not on disk
    group.names.setdefault(given, shown)
    return root, group


def discover(paths: Sequence[str | os.PathLike[str]], *, standing_in: Collection[Path] = (),
             whole_catalogues: bool = False) -> tuple[list[CatalogueFiles], list[Diagnostic]]:
    """The catalogues under ``paths`` (folders or files). Files keep the spelling of the path they were found
    through (see CatalogueFiles.names): pass the user's strings to keep a leading ./ or a trailing /.
    A path in ``standing_in`` is a file whose text comes from elsewhere (standard input): it need not exist,
    and it belongs to the catalogue of the folder it names, if that folder has one.
    With ``whole_catalogues``, a file stands for the whole catalogue it belongs to (see catalogue_folder):
    every file of it is checked and reported, as if its folder had been named (pre-commit hands over only
    the changed files, and a change in one file can break another)."""
    problems: list[Diagnostic] = []
    groups: dict[Path | None, CatalogueFiles] = {}
    for spelled in paths:
        raw = os.fspath(spelled)  # for the file system; ``shown`` for reports
        given = Path(raw)
        shown = printable_path(raw)
        if given in standing_in:
            pass  # checked as a file, below
        elif not given.exists():
            problems.append(_missing(raw, shown))
            continue
        if given.is_dir() and given not in standing_in:
            found = _group(_yaml_files(raw))
            if None in found and len(found) > 1:
                found.pop(None)  # other YAML (CI configs, docs) beside real catalogues is not ours to check
            if not found:
                problems.append(codes.make("GW014", file=shown, target=shown))
            for root, group in found.items():
                _merge(groups, root, group, report=None)
        elif whole_catalogues and (whole := _whole(raw, given, shown, standing_in)) is not None:
            _merge(groups, *whole, report=None)
        else:
            folder = os.path.dirname(raw)
            # A nameless document from standard input stands alone; named, it joins its folder's catalogue.
            alone = shown == "-" and given in standing_in
            root = given.parent if not alone and (given.parent / CATALOG_FILE).is_file() else None
            if root is None:
                group = CatalogueFiles(root=None, meta=None, domains=[given])
            else:
                siblings = _yaml_files(folder)
                group = _group(siblings).get(root) or CatalogueFiles(  # the folder could not be listed
                    root=root, meta=root / CATALOG_FILE, names={root / CATALOG_FILE: printable_path(os.path.join(folder, CATALOG_FILE))},
                    root_name=printable_path(folder) or ".")
                if given.name != CATALOG_FILE and given not in group.domains:
                    group.domains.append(given)
            group.names[given] = shown  # the file named is shown exactly as typed
            _merge(groups, root, group, report={given})
    for group in groups.values():
        problems.extend(codes.make("GW018", file=group.name_of(f)) for f in group.files
                        if has_undecodable_bytes(os.fspath(f))
                        and (group.report is None or f in group.report))
    return list(groups.values()), problems


def _missing(raw: str, shown: str) -> Diagnostic:
    """A path that cannot be followed: not there (GW002), or a link that is (GW001, saying which way it fails)."""
    if not os.path.islink(raw):
        return codes.make("GW002", file=shown, target=shown)
    from gwstd.seams.files import os_reason

    try:
        os.stat(raw)
        reason = "无法访问"
    except FileNotFoundError:
        reason = "符号链接指向的文件不存在"
    except OSError as exc:
        reason = os_reason(exc)  # ELOOP: a link that points (through others) back to itself
    return codes.make("GW001", file=shown, reason=reason)


def _merge(groups: dict, root: Path | None, group: CatalogueFiles, *, report: set[Path] | None) -> None:
    existing = groups.get(root)
    if existing is None:
        group.report = None if report is None else set(report)
        groups[root] = group
        return
    for f in group.domains:
        if f not in existing.domains:
            existing.domains.append(f)
    for f, shown in group.names.items():
        existing.names.setdefault(f, shown)  # the first spelling a file was reached by
    if existing.report is not None:
        existing.report = None if report is None else existing.report | report
