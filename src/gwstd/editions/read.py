"""Catalogues as models: the files on disk (validated first), and editions for `gwstd diff` and `gwstd build
--since`, a folder or a git revision read straight from the repository (no checkout)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from gwstd.catalogue.assemble import model_from_data
from gwstd.catalogue.model import Catalogue
from gwstd.diagnostics import Diagnostic, codes
from gwstd.load.discover import CATALOG_FILE, YAML_SUFFIXES, CatalogueFiles
from gwstd.load.document import LoadError
from gwstd.load.loader import load_text
from gwstd.load.read import MAX_FILE_BYTES, decode
from gwstd.seams.git import EditionError, git
from gwstd.seams.streams import printable_path
from gwstd.validate.pipeline import ValidateOptions, ValidationResult, validate_paths


def catalogue_model(group: CatalogueFiles, result: ValidationResult) -> Catalogue:
    """The model of one catalogue of a validation run (kept data), its domains named by their file stems."""
    meta = result.data.get(group.meta, {}) if group.meta else {}
    # A file name that is not UTF-8 (GBK bytes from a zip made on Windows) names its domain as printed.
    return model_from_data(meta, [(printable_path(f.stem), result.data[f]) for f in group.domains if f in result.data],
                           folder=str(group.meta.parent) if group.meta else "")


def load_models(paths: Sequence[str | os.PathLike[str]], options: ValidateOptions
                ) -> tuple[ValidationResult, list[tuple[CatalogueFiles, Catalogue]]]:
    """Validate ``paths``, then build the model of every catalogue found (one with a catalog.yaml)."""
    result = validate_paths(paths, replace(options, keep_data=True))
    models = [(group, catalogue_model(group, result)) for group, _ in result.catalogues if group.meta is not None]
    return result, models


def from_folder(folder: str | Path, *, encoding: str | None = None) -> tuple[Catalogue, list[Diagnostic]]:
    """The catalogue in ``folder``; its files are named from ``folder`` as spelled (``./old/`` stays so)."""
    result, models = load_models([folder], ValidateOptions(encoding=encoding))
    unreadable = [d for d in result.diagnostics if d.code.startswith("GW0") and d.severity.key == "error"]
    if not models:
        raise EditionError(f"{folder} 中没有找到目录(需要 catalog.yaml)")
    return models[0][1], unreadable


def repository_of(revision: str) -> Path:
    """The top of the git repository around the current folder, where ``revision`` names a commit; else
    EditionError, saying which of the two it is not (a province checks this once, before its counties)."""
    here = Path.cwd()
    try:
        top = Path(git(["rev-parse", "--show-toplevel"], here).decode().strip())
    except EditionError:
        raise EditionError(f"「{revision}」不是目录文件夹,当前位置也不是 git 仓库") from None
    try:
        git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except EditionError:
        raise EditionError(f"「{revision}」既不是目录文件夹,也不是 git 仓库中的版本(提交、标签或分支)") from None
    return top


def from_git(revision: str, folder: Path, *, encoding: str | None = None) -> tuple[Catalogue, list[Diagnostic]]:
    """The catalogue folder ``folder`` (of a git repository) as it was at ``revision``."""
    top = repository_of(revision)
    try:
        relative = folder.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise EditionError(f"目录文件夹 {folder} 不在 git 仓库 {top} 中") from None
    sizes = _blob_sizes(git(["ls-tree", "-r", "-l", "-z", revision, "--", relative], top))
    names = [n for n in sizes if n.endswith(YAML_SUFFIXES) and "/." not in n]
    if not any(Path(n).name == CATALOG_FILE for n in names):
        raise EditionError(f"版本 {revision} 中的 {relative}/ 没有 catalog.yaml")
    meta = None
    domains = []
    problems: list[Diagnostic] = []
    for name in names:
        display = f"{revision}:{name}"
        if sizes[name] > MAX_FILE_BYTES:  # read no more of an edition than of the files on disk
            problems.append(codes.make("GW013", file=display, size=f" {sizes[name] / 1024 / 1024:.1f} MB ",
                                       limit=f"{MAX_FILE_BYTES / 1024 / 1024:.1f} MB"))
            continue
        try:
            text = decode(git(["show", f"{revision}:{name}"], top), file=display, encoding=encoding)
        except LoadError as exc:
            problems.append(exc.diagnostic)
            continue
        doc, found = load_text(text, display)
        problems += [d for d in found if d.severity.key == "error"]
        if doc is None:
            continue
        if Path(name).name == CATALOG_FILE:
            meta = doc.data
        else:
            domains.append((Path(name).stem, doc.data))
    return model_from_data(meta or {}, domains), problems


def _blob_sizes(listing: bytes) -> dict[str, int]:
    """Path → size of each file in ``git ls-tree -r -l -z`` output ("<mode> blob <sha> <size>\t<path>\0")."""
    sizes = {}
    for entry in listing.split(b"\0"):
        head, _, path = entry.partition(b"\t")
        fields = head.split()
        if len(fields) == 4 and fields[1] == b"blob" and fields[3].isdigit():
            sizes[path.decode("utf-8", "surrogateescape")] = int(fields[3])
    return sizes


def catalogue_folders(spec: str, folder: Path) -> list[str]:
    """The catalogue folders inside ``folder`` as the edition ``spec`` had them ("/" form, relative to
    ``folder``; "." for ``folder`` itself): an earlier province folder, else a git revision of ``folder``."""
    from gwstd.load.discover import discover

    if Path(spec).is_dir():
        groups, _ = discover([spec])
        return sorted(Path(os.path.relpath(g.root, spec)).as_posix() for g in groups if g.root is not None
                      and g.meta is not None)
    top = repository_of(spec)
    try:
        relative = folder.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise EditionError(f"目录文件夹 {folder} 不在 git 仓库 {top} 中") from None
    names = _blob_sizes(git(["ls-tree", "-r", "-l", "-z", spec, "--", relative], top))
    inside = [n[len(relative) + 1:] if relative not in ("", ".") else n for n in names]
    return sorted({os.path.dirname(n) or "." for n in inside if os.path.basename(n) == CATALOG_FILE
                   and "/." not in "/" + n})


def load_edition(spec: str, *, folder: Path, encoding: str | None = None) -> tuple[Catalogue, list[Diagnostic]]:
    """The edition ``spec`` names: a catalogue folder, else a git revision of the catalogue folder ``folder``."""
    if Path(spec).is_dir():
        return from_folder(spec, encoding=encoding)
    return from_git(spec, folder, encoding=encoding)
