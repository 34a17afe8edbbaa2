"""The validation pipeline: discover → load → schema → text and file rules → catalogue rules.

Each file is loaded and checked on its own (``check_file``: the schema, the one text pass of textpass.py and
the file rules), in parallel when there is enough work (parallel.py); only the small index records of a
catalogue's files meet for the catalogue-wide rules (``check_catalogue``). Nothing here prints or exits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from gwstd.diagnostics import Diagnostic, Summary, codes, sort_diagnostics
from gwstd.load.discover import CATALOG_FILE, CatalogueFiles, discover
from gwstd.load.document import Document, LoadError
from gwstd.load.index import (
    CatalogueIndex,
    DepartmentRef,
    DomainRef,
    ItemRef,
    domain_refs,
    region_of,
    registry_refs,
)
from gwstd.load.loader import load_file, load_text
from gwstd.load.read import read_file
from gwstd.rules.base import CATALOGUE_CONTEXT, Context
from gwstd.rules.registry import CATALOGUE_RULES, FILE_RULES, TEXT_RULES
from gwstd.validate import parallel, schema
from gwstd.validate.parallel import PARALLEL_MIN_BYTES
from gwstd.validate.textpass import check_texts

if TYPE_CHECKING:
    from gwstd.catalogue.scopeguide import Baseline

__all__ = ["PARALLEL_MIN_BYTES", "FileResult", "ValidateOptions", "ValidationResult", "check_catalogue",
           "check_document", "check_file", "check_texts", "kind_of", "validate_paths"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidateOptions:
    encoding: str | None = None
    jobs: int = 1  # worker processes; files are independent, so they are loaded and checked in parallel
    baseline_file: Path | None = None  # the scope guide item scope ids are checked against (None: bundled)
    require_scope: bool = False
    keep_data: bool = False  # keep each file's data, for commands that go on to build the model
    progress: Callable[[int, int], None] | None = None  # told (files done, files in all) as work completes
    # Text that stands in for a file (``gwstd validate -``: an editor's unsaved buffer, `git show REV:file`),
    # keyed by the path it is checked as; the file on disk, if there is one, is not read.
    sources: dict[Path, str] = field(default_factory=dict)
    # A file named stands for the whole catalogue it belongs to (`gwstd validate --whole-catalogue`, the
    # pre-commit hook): every file of it is checked and reported.
    whole_catalogues: bool = False


@dataclass(slots=True)
class FileResult:
    """What checking one file gives: its own problems and its records for the catalogue-wide rules."""

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    domain: DomainRef | None = None
    items: list[ItemRef] = field(default_factory=list)
    registry: dict[str, DepartmentRef] | None = None
    region: str = ""
    data: Any = None
    loaded: bool = True


@dataclass(slots=True)
class ValidationResult:
    diagnostics: list[Diagnostic]
    files: list[str]
    catalogues: list[tuple[CatalogueFiles, CatalogueIndex]] = field(default_factory=list)
    data: dict[Path, Any] = field(default_factory=dict)  # with ValidateOptions.keep_data
    baseline: Baseline | None = None  # the scope guide used, when one was needed

    @property
    def summary(self) -> Summary:
        return Summary.of(self.diagnostics, len(self.files))

    @property
    def io_failed(self) -> bool:
        return any(codes.is_io(d.code) for d in self.diagnostics)


STDIN = "-"


def kind_of(path: Path, data: Any = None) -> str:
    if path.name == CATALOG_FILE:
        return "catalog"
    if path.name == STDIN and isinstance(data, dict) and "domain" not in data and (
            "departments" in data or "region" in data):
        return "catalog"  # a nameless document from standard input is what it looks like
    return "domain"


def check_document(doc: Document, kind: str) -> list[Diagnostic]:
    """Schema, text and file rules on one loaded document."""
    found = schema.validate(doc, kind)
    found.extend(check_texts(doc, kind, TEXT_RULES))
    context = Context(kind=kind)
    for rule in FILE_RULES:
        found.extend(rule.check(doc, context))
    return found


def check_file(path: Path, options: ValidateOptions, *, context_only: bool = False, display: str | None = None
               ) -> FileResult:
    """Load and check one file, named in diagnostics as ``display`` (the user's spelling; default str(path)).
    A file loaded only as context for others (a sibling of a file named on the command line) is indexed for
    the catalogue-wide rules but not checked: its problems are not reported."""
    display = display or str(path)
    if path in options.sources:
        doc, problems = load_text(options.sources[path], display)
    else:
        doc, problems = load_file(path, display=display, encoding=options.encoding)
    kind = kind_of(path, doc.data if doc is not None else None)
    result = FileResult(display, problems)
    if doc is None:  # e.g. a syntax error: its line is still worth showing
        result.loaded = False
        result.diagnostics = _with_sources(problems, options, source=options.sources.get(path))
        return result
    if not context_only:
        result.diagnostics.extend(check_document(doc, kind))
    if kind == "catalog":
        result.registry = registry_refs(doc)
        result.region = region_of(doc)
    else:
        result.domain, result.items = domain_refs(doc)
    if options.keep_data:
        result.data = doc.data
    # Attach the offending line now, while the text is at hand, so reports need not reread files.
    result.diagnostics = _with_sources(result.diagnostics, options, doc)
    return result


def _with_sources(found: list[Diagnostic], options: ValidateOptions, doc: Document | None = None, *,
                  source: str | None = None) -> list[Diagnostic]:
    """Attach the offending line to each diagnostic, from ``doc``, the ``source`` text that failed to load,
    or by rereading the file it names."""
    lines: dict[str, list[str]] = {}
    out = []
    for d in found:
        if d.line and not d.source_line:
            if d.file not in lines:
                if doc is not None and d.file == doc.file:
                    lines[d.file] = doc.text.splitlines()
                elif source is not None:
                    lines[d.file] = source.splitlines()
                else:
                    try:
                        lines[d.file] = read_file(Path(d.file), display=d.file,
                                                  encoding=options.encoding).splitlines()
                    except LoadError:
                        lines[d.file] = []
            text = lines[d.file]
            if d.line <= len(text):
                d = replace(d, source_line=text[d.line - 1])
        out.append(d)
    return out


def check_catalogue(group: CatalogueFiles, options: ValidateOptions, results: list[FileResult],
                    baseline: Baseline | None) -> tuple[list[Diagnostic], list[str], CatalogueIndex]:
    """Catalogue-wide rules over the per-file results of one catalogue's files."""
    index = CatalogueIndex(require_scope=options.require_scope)
    if baseline is not None:
        index.scope_points = frozenset(baseline.points)
        index.baseline_name = baseline.name
    found: list[Diagnostic] = []
    for result in results:
        found.extend(result.diagnostics)
        if result.registry is not None:
            index.registry = result.registry
            index.region = result.region
        if result.domain is not None:
            index.domains.append(result.domain)
        index.items.extend(result.items)
        if not result.loaded:
            index.unloaded.append(result.file)
    if group.meta is None and group.domains and index.registry is None:  # (a catalog.yaml read from stdin has one)
        found.append(codes.make("GW015", file=group.name_of(group.domains[0])))
    if group.meta is not None and not group.domains:  # (only the pipeline sees the files: rules see records)
        found.append(codes.make("GW020", file=group.name_of(group.meta), target=group.root_name,
                                hint="在 catalog.yaml 旁边为每个领域添加一个 YAML 文件,如 yiwu-jiaoyu.yaml"))
    # When catalog.yaml failed to load, its registry stays None: its own diagnostics say why, and
    # reference checks are skipped rather than flagging every item.
    for rule in CATALOGUE_RULES:
        found.extend(_with_sources(list(rule.check(index, CATALOGUE_CONTEXT)), options))
    if group.report is not None:
        wanted = sorted(group.name_of(p) for p in group.report)
        return [d for d in found if d.file in wanted], wanted, index
    return found, [group.name_of(p) for p in group.files], index


def _check_files(files: list[Path], options: ValidateOptions, context: frozenset[Path],
                 names: dict[Path, str]) -> dict[Path, FileResult]:
    """check_file for every file, in forked workers too when there is enough work (see parallel.py)."""
    sizes = {}
    for f in files:
        try:
            sizes[f] = len(options.sources[f]) if f in options.sources else f.stat().st_size
        except OSError:
            sizes[f] = 0
    quiet = replace(options, progress=None)  # progress is told by check_all, in this process only

    def check(f: Path) -> FileResult:
        # check_file is looked up here at each call, so that a test can replace it in workers too
        return check_file(f, quiet, context_only=f in context, display=names.get(f))

    return parallel.check_all(files, check, jobs=options.jobs, sizes=sizes, progress=options.progress,
                              before_fork=schema.prepare)


def validate_paths(paths: Sequence[str | os.PathLike[str]], options: ValidateOptions | None = None,
                   baseline: Baseline | None = None) -> ValidationResult:
    """Check every catalogue under ``paths``. Scope ids are checked against ``baseline``; without one, the
    guide named by the options is loaded, but only when some item cites a scope point (or one is required).
    Files are named as reached from ``paths`` as given (relative stays relative, nothing is resolved)."""
    options = options or ValidateOptions()
    groups, problems = discover(paths, standing_in=options.sources,
                                whole_catalogues=options.whole_catalogues)
    context = frozenset(f for group in groups if group.report is not None for f in group.files
                        if f not in group.report)
    if options.keep_data:
        context = frozenset()  # the model needs every file, and building it needs them valid
    names = {f: group.name_of(f) for group in groups for f in group.files}
    results = _check_files([f for group in groups for f in group.files], options, context, names)
    diagnostics = list(problems)
    cites_scope = any(item.scope for r in results.values() for item in r.items)
    if baseline is None and (cites_scope or options.baseline_file is not None):
        from gwstd.validate.scopeguide import (
            load_baseline,  # only catalogues that cite the scope guide pay for it
        )

        baseline, baseline_problems = load_baseline(options.baseline_file, encoding=options.encoding)
        diagnostics.extend(baseline_problems)
    files: list[str] = []
    catalogues = []
    for group in groups:
        found, checked, index = check_catalogue(group, options, [results[f] for f in group.files], baseline)
        diagnostics.extend(found)
        files.extend(checked)
        catalogues.append((group, index))
    data = {f: r.data for f, r in results.items() if r.data is not None}
    return ValidationResult(sort_diagnostics(diagnostics), files, catalogues, data, baseline)
