"""The book as `gwstd serve` keeps it: one catalogue, checked file by file and rebuilt from what changed.

A ``Session`` remembers each file's check (its FileResult, data included) with the file's signature on disk.
``refresh`` looks at the files again, loads and checks only those whose signature changed (an editor's save),
runs the catalogue-wide rules over the kept records, assembles the model and renders the HTML book in memory.
What comes out is a ``Snapshot``: the page, the problems as the page shows them, and which items they are on.
A file that no longer loads, or a template that cannot be rendered, keeps the last good page, with the
problems over it. Nothing here serves or watches (server.py, watch.py); nothing is written into the catalogue.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gwstd.diagnostics import Diagnostic, Severity, sort_diagnostics
from gwstd.load.discover import CatalogueFiles, discover
from gwstd.validate.pipeline import (
    FileResult,
    ValidateOptions,
    check_catalogue,
    check_file,
)

# A file's signature: when any of these change, the file was written (an editor that saves by renaming a new
# file over the old one changes the inode too).
Signature = tuple[int, int, int, int]


def signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


class NotOneCatalogue(Exception):
    """The path given is not one catalogue's folder (nothing there, or a province of many): the message says."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem as the page lists it (plain values, for JSON)."""

    severity: str  # error / warning / info
    label: str  # 错误 / 警告 / 提示
    code: str
    file: str
    line: int
    column: int
    message: str
    hint: str
    item: str  # the id of the item it is on, "" when it is on none

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "label": self.label, "code": self.code, "file": self.file,
                "line": self.line, "column": self.column, "message": self.message, "hint": self.hint,
                "item": self.item}


LISTED = 100  # problems the page lists (every item with one is flagged); validate lists every one


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the server shows: the page (the last good one when the catalogue cannot be built now) and the
    problems found now. ``book`` counts the pages rendered, so a page knows when to reload itself."""

    version: int  # every refresh that changed something
    book: int  # every new page
    html: str  # the book without the live-reload script (server.py adds it)
    title: str
    problems: tuple[Problem, ...] = ()
    broken: str = ""  # why the page shown is not of the files as they are now ("" when it is)
    built_at: float = 0.0
    seconds: float = 0.0  # how long the refresh took
    changed: tuple[str, ...] = ()  # the files that changed, as shown
    workbook: str = ""  # the workbook written (--excel), as shown; "" for none
    workbook_only: bool = False  # this snapshot only adds the workbook to the one before (same page)
    items: int = 0

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for p in self.problems:
            out[p.severity] += 1
        return out

    def state(self, limit: int = LISTED) -> dict[str, Any]:
        """The snapshot as the live-reload channel sends it (no page): the errors and warnings, at most
        ``limit`` of them, and the counts of all."""
        listed = [p for p in self.problems if p.severity != "info"]
        flagged: dict[str, str] = {}  # every item with a problem, listed or not: its worst severity
        for p in listed:
            if p.item and flagged.get(p.item) != "error":
                flagged[p.item] = p.severity
        return {"version": self.version, "book": self.book, "broken": self.broken, "title": self.title,
                "counts": self.counts(), "problems": [p.to_dict() for p in listed[:limit]],
                "more": max(0, len(listed) - limit), "flagged": flagged,
                "changed": list(self.changed), "workbook": self.workbook,
                "built_at": time.strftime("%H:%M:%S", time.localtime(self.built_at)) if self.built_at else ""}


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    templates: Path | None = None  # searched before the shipped templates (--templates)
    validate: ValidateOptions = field(default_factory=ValidateOptions)
    excel: Path | None = None  # the folder the workbook is rewritten into on each save (--excel), None: none


@dataclass(slots=True)
class _Kept:
    signature: Signature | None
    result: FileResult


class Session:
    """One catalogue's files, checks, model and page, refreshed from what changed on disk."""

    def __init__(self, path: str, options: ServeOptions) -> None:
        self.path = path
        self.options = options
        self._check = replace(options.validate, keep_data=True, jobs=1, progress=None)
        self._kept: dict[Path, _Kept] = {}
        self._extra: dict[Path, Signature | None] = {}  # the templates, the emblem and the scope guide
        self._baseline: Any = None
        self._baseline_problems: list[Diagnostic] = []
        self._baseline_loaded = False
        self.snapshot: Snapshot | None = None
        self._emblem = ""  # the emblem the last model named (catalog.yaml's emblem:), watched like the files
        self._model: tuple[Any, Any] | None = None  # the model of the page rendered, until its workbook is written
        self._diagnostics: list[Diagnostic] = []
        self._domains: dict[Path, tuple[Any, Any]] = {}  # each domain file's data and model, until it changes
        self._sections: dict = {}  # each domain's rendered section, until its domain changes (books/html.py)
        self._items: list[Any] = []
        self._found_problems: list[Diagnostic] = []
        self._written: Path | None = None  # the workbook this preview last wrote
        self.group = self._find_group()

    # -- what is on disk ------------------------------------------------------------------------------

    def _find_group(self) -> CatalogueFiles:
        groups, problems = discover([self.path])
        catalogues = [g for g in groups if g.meta is not None]
        if len(catalogues) > 1:
            raise NotOneCatalogue(
                f"{self.path} 中有 {len(catalogues)} 个目录(省级汇总的文件夹):gwstd serve 一次预览一个县(市、区)的目录,"
                f"请指定其中一个,如 gwstd serve {catalogues[0].root_name}")
        if not catalogues:
            if os.path.isfile(self.path) and not self.path.endswith((".yaml", ".yml")):
                reason = f"{self.path} 不是目录文件夹,也不是目录中的 YAML 文件"
            elif problems:
                reason = problems[0].message
            else:
                reason = f"{self.path} 中没有 catalog.yaml"
            raise NotOneCatalogue(f"没有找到可预览的目录:{reason}")
        return replace(catalogues[0], report=None)  # (a file named stands for its whole catalogue)

    def _current_group(self) -> CatalogueFiles:
        """The catalogue's files now (a domain file may have been added, renamed or removed); what could not
        be listed is kept in _found_problems for the refresh to show."""
        groups, self._found_problems = discover([self.path])
        for group in groups:
            if group.root == self.group.root and group.meta is not None:
                return replace(group, report=None)
        # catalog.yaml itself is gone (or renamed): the catalogue is still its folder's files, and its check says
        # that catalog.yaml cannot be read
        domains = [f for g in groups if g.root is None or g.root == self.group.root for f in g.domains]
        return replace(self.group, domains=domains or self.group.domains)

    def _extra_files(self) -> list[Path]:
        files: list[Path] = []
        if self.options.templates is not None:
            for dirpath, dirnames, filenames in os.walk(self.options.templates):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                files.extend(Path(dirpath, name) for name in sorted(filenames) if not name.startswith("."))
        if self.options.validate.baseline_file is not None:
            files.append(self.options.validate.baseline_file)
        if self._emblem:
            files.append(Path(self._emblem))
        return files

    def pending(self) -> bool:
        """Whether anything the page is made from changed since the last refresh (the watcher asks this)."""
        group = self._current_group()
        if set(group.files) != set(self._kept):
            return True
        if any(signature(f) != kept.signature for f, kept in self._kept.items()):
            return True
        extra = self._extra_files()
        return set(extra) != set(self._extra) or any(signature(f) != self._extra[f] for f in extra)

    # -- refreshing -----------------------------------------------------------------------------------

    def refresh(self) -> Snapshot:
        """Check what changed, and make the snapshot of the catalogue as it is now."""
        started = time.perf_counter()
        group = self._current_group()
        changed: list[str] = []
        # (signatures taken before anything is read: a save during the render is seen by the next look)
        extra = {f: signature(f) for f in self._extra_files()}
        extra_changed = set(extra) != set(self._extra) or any(sig != self._extra.get(f) for f, sig in extra.items())
        if self.options.validate.baseline_file is not None and extra_changed:
            self._baseline_loaded = False  # (the scope guide may have been edited)
        for gone in set(self._kept) - set(group.files):
            del self._kept[gone]
            changed.append(self.group.name_of(gone))
        for f in group.files:
            now = signature(f)
            kept = self._kept.get(f)
            same = kept is not None and kept.signature == now
            if same and not (f == group.meta and extra_changed):  # (catalog.yaml's check reads the emblem: GW219)
                continue
            self._kept[f] = _Kept(now, check_file(f, self._check, display=group.name_of(f)))
            if self.snapshot is not None and not same:
                changed.append(group.name_of(f))
        if extra_changed and self.snapshot is not None:
            changed += [str(f) for f, sig in extra.items() if sig != self._extra.get(f)] or ["模板"]
        self.group = group
        results = [self._kept[f].result for f in group.files]
        baseline = self._baseline_for(results)
        found, _, index = check_catalogue(group, self._check, results, baseline)
        diagnostics = sort_diagnostics(found + self._found_problems
                                       + (self._baseline_problems if baseline is not None else []))
        # (a file whose data did not load: a problem of loading, GW0xx, in a file that still loads is listed only)
        failed = {self.group.name_of(f) for f in group.files if self._kept[f].result.data is None}
        unreadable = [d for d in diagnostics if d.severity == Severity.ERROR and d.code.startswith("GW0")
                      and (d.file in failed or not d.file)]
        # What keeps the book from being made comes first; the rest, as validate sorts it
        diagnostics = unreadable + [d for d in diagnostics if d not in unreadable]
        previous = self.snapshot
        title = f"{index.region or '目录'}政务公开事项标准目录"
        html, broken, items = (previous.html if previous else ""), "", (previous.items if previous else 0)
        if unreadable:
            first = unreadable[0]
            broken = (f"{first.file}" + (f" 第 {first.line} 行无法读取" if first.line else " 无法读取")
                      + ("" if len(unreadable) == 1 else f"(共 {len(unreadable)} 处)"))
        else:
            try:
                html, items = self._render(group, index, baseline)
            except _RenderFailed as exc:
                diagnostics = [exc.diagnostic, *diagnostics]
                broken = "模板无法使用" if exc.diagnostic.code == "GW503" else exc.diagnostic.message
        # (the render may name a new emblem: watched from now on, as it is now)
        self._extra = {f: extra[f] if f in extra else signature(f) for f in self._extra_files()}
        self._diagnostics, self._items = diagnostics, index.items  # (for the workbook's problem, if any)
        # A new book only when the page differs (a save of the same text reloads nothing)
        book = (previous.book if previous else 0) + (0 if broken or (previous and html == previous.html) else 1)
        self.snapshot = Snapshot(
            version=(previous.version if previous else 0) + 1, book=book, html=html, title=title,
            problems=tuple(_problems(diagnostics, index.items)), broken=broken, built_at=time.time(),
            seconds=time.perf_counter() - started, changed=tuple(changed),
            workbook=previous.workbook if previous else "", items=items)
        return self.snapshot

    def write_workbook(self) -> Snapshot | None:
        """With --excel, the workbook of the page just rendered, written after the page is out (it takes longer
        than the page): the snapshot with it, or with why it could not be written; None when there is nothing
        new to write."""
        if self.options.excel is None or self._model is None or self.snapshot is None:
            return None
        from gwstd.books.excel import book_name, workbook_bytes
        from gwstd.diagnostics.errors import GwstdError
        from gwstd.seams.files import atomic_write_bytes, ensure_dir

        catalogue, coverage = self._model
        self._model = None
        started = time.perf_counter()
        if any(d.severity == Severity.ERROR for d in self._diagnostics):
            # As gwstd build: no workbook of a catalogue with errors (the one written before stays on disk,
            # but is no longer offered as this page's)
            self.snapshot = replace(self.snapshot, version=self.snapshot.version + 1, workbook="",
                                    workbook_only=True, seconds=0.0)
            return self.snapshot
        target = self.options.excel / book_name(catalogue)
        try:
            ensure_dir(self.options.excel)
            atomic_write_bytes(target, workbook_bytes(catalogue, coverage, None))
        except GwstdError as exc:  # the page is still new; the problem is listed over it
            problems = sort_diagnostics([*self._diagnostics, replace(exc.diagnostic, file=str(target))])
            written = ""
        else:
            problems, written = self._diagnostics, str(target)
            if self._written is not None and self._written != target:  # (the region, so the name, changed)
                with contextlib.suppress(OSError):
                    self._written.unlink()
            self._written = target
        self.snapshot = replace(self.snapshot, version=self.snapshot.version + 1, workbook=written, workbook_only=True,
                                problems=tuple(_problems(problems, self._items)),
                                seconds=time.perf_counter() - started)
        return self.snapshot

    def _baseline_for(self, results: list[FileResult]) -> Any:
        cites = any(item.scope for r in results for item in r.items)
        if not (cites or self.options.validate.baseline_file is not None):
            return None
        if not self._baseline_loaded:
            from gwstd.validate.scopeguide import load_baseline

            self._baseline, self._baseline_problems = load_baseline(self.options.validate.baseline_file,
                                                                    encoding=self.options.validate.encoding)
            self._baseline_loaded = True
        return self._baseline

    def _render(self, group: CatalogueFiles, index: Any, baseline: Any) -> tuple[str, int]:
        """The page and its number of items; a template that cannot be rendered is _RenderFailed."""
        from gwstd.books.html import TemplateProblem, render_book
        from gwstd.catalogue.assemble import model_from_domains
        from gwstd.catalogue.coverage import compute
        from gwstd.catalogue.model import domain_from_data
        from gwstd.seams.streams import printable_path

        meta = self._kept[group.meta].result.data if group.meta else None
        domains = {}
        for f in group.domains:  # a file's data is the same object until the file changes: so is its model
            data = self._kept[f].result.data
            kept = self._domains.get(f)
            if kept is None or kept[0] is not data:
                kept = (data, domain_from_data(data, slug=printable_path(f.stem)) if isinstance(data, dict) else None)
            domains[f] = kept
        self._domains = domains
        catalogue = model_from_domains(meta, [model for _, model in domains.values() if model is not None],
                                       folder=str(group.meta.parent) if group.meta else "")
        self._emblem = catalogue.emblem_path
        coverage = compute(index, baseline, root=group.root_name) if baseline is not None else None
        try:
            html = render_book(catalogue, coverage, templates=self.options.templates, sections=None if self.options.templates else self._sections)
        except TemplateProblem as exc:
            raise _RenderFailed(exc.diagnostic) from None
        self._model = (catalogue, coverage)
        return html, len(catalogue.items)


class _RenderFailed(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _problems(diagnostics: list[Diagnostic], items: list[Any]) -> list[Problem]:
    """Each diagnostic as the page lists it, with the item it is on: the item whose place in its file
    (its path of keys) the diagnostic's path starts with."""
    by_file: dict[str, list[Any]] = {}
    for item in items:
        by_file.setdefault(item.id_pos.file, []).append(item)
    out = []
    for d in diagnostics:
        on = ""
        if d.path:
            for item in by_file.get(d.file, ()):
                if tuple(d.path[:len(item.path)]) == tuple(item.path):
                    on = item.id
                    break
        out.append(Problem(severity=d.severity.key, label=d.severity.label, code=d.code, file=d.file, line=d.line,
                           column=d.column, message=d.message, hint=d.hint, item=on))
    return out

