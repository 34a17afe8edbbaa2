"""The validation pipeline: discover → load → schema → file rules → catalogue rules.

Each file is loaded and checked on its own (``check_file``); only the small index records of a catalogue's
files meet for the catalogue-wide rules. Nothing here prints or exits.
"""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, NamedTuple, Sequence

from gwstd.diagnostics import codes
from gwstd.validate import schema

if TYPE_CHECKING:
    from gwstd.catalogue.scopeguide import Baseline
from gwstd.diagnostics import Diagnostic, Summary, sort_diagnostics
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
from gwstd.rules.base import Rule
from gwstd.rules.registry import CATALOGUE_RULES, FILE_RULES, TEXT_RULES


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


# Below this much YAML, starting workers costs more than it saves.
PARALLEL_MIN_BYTES = 256 * 1024


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
    for rule in FILE_RULES:
        found.extend(rule.check(doc, kind))
    return found


def check_texts(doc: Document, kind: str, rules: tuple[Rule, ...]) -> list[Diagnostic]:
    """One pass over every string value, feeding each text rule the values it declares interest in.

    This runs on every value of every file, so it is written for speed: rules' triggers (necessary
    conditions) are tested before the rules are called, all of a field's triggers in one combined search,
    and a value's path is built only when a rule fires.
    """
    pass_ = _TextPass(doc, kind, rules)
    pass_.visit(doc.data, "")
    return pass_.found


class _TextPass:
    # A class rather than a recursive closure: a closure that refers to itself is a reference cycle, which
    # would keep every document (data and positions) alive while the cycle collector is off.
    __slots__ = ("doc", "kind", "rules", "plans", "path", "found")

    def __init__(self, doc: Document, kind: str, rules: tuple[Rule, ...]):
        self.doc, self.kind, self.rules = doc, kind, rules
        self.plans = _PLANS.setdefault(id(rules), (rules, {}))[1]  # built once per field, kept for every file
        self.path: list[Any] = []
        self.found: list[Diagnostic] = []

    def plan_for(self, name: str) -> _Plan:
        plan = self.plans.get(name)
        if plan is None:
            plan = self.plans[name] = _plan([r for r in self.rules if r.fields is None or name in r.fields])
        return plan

    def visit(self, container: Any, field_name: str) -> None:
        plans = self.plans
        pairs = container.items() if container.__class__ is dict else enumerate(container)
        for key, value in pairs:
            if value.__class__ is str:
                name = key if key.__class__ is str else field_name  # list elements belong to their list's field
                plan = plans.get(name) or self.plan_for(name)
                if plan.always:
                    self.run(plan.always, value, name, key)
                if plan.gate is not None and plan.gate(value) is not None:
                    self.run(plan.gated, value, name, key)
            elif value.__class__ is dict or value.__class__ is list:
                self.path.append(key)
                self.visit(value, key if key.__class__ is str else field_name)
                self.path.pop()

    def run(self, rules: tuple[Rule, ...], value: str, name: str, key: Any) -> None:
        for rule in rules:
            if rule.trigger is not None and rule.trigger.search(value) is None:
                continue
            for code, fields in rule.check(value, name):
                where = (*self.path, key)
                self.found.append(self.doc.diag(code, where, label=schema.label_for(self.kind, where), **fields))


# id(rules) → (rules, their plan per field name); the rules are kept so their id cannot be reused.
_PLANS: dict[int, tuple[tuple[Rule, ...], dict[str, _Plan]]] = {}


class _Plan(NamedTuple):
    """The text rules for one field: those run on every value, and those behind one combined trigger."""

    always: tuple[Rule, ...]
    gate: Callable[[str], Any] | None  # the search of all triggers at once: most values match none
    gated: tuple[Rule, ...]


_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))


def _plan(rules: list[Rule]) -> _Plan:
    gated = tuple(r for r in rules if r.trigger is not None)
    always = tuple(r for r in rules if r.trigger is None)
    return _Plan(always, _gate(gated) if gated else None, gated)


# ids of a set of gated rules → (the rules, kept so their ids cannot be reused; their combined search)
_GATES: dict[tuple[int, ...], tuple[tuple[Rule, ...], Callable[[str], Any]]] = {}


def _gate(gated: tuple[Rule, ...]) -> Callable[[str], Any]:
    """One search for all the triggers of ``gated`` (fields share a few sets of rules: each compiled once)."""
    key = tuple(id(r) for r in gated)
    if key not in _GATES:
        _GATES[key] = (gated, _combined(gated))
    return _GATES[key][1]


def _combined(gated: tuple[Rule, ...]) -> Callable[[str], Any]:
    parts = []
    for rule in gated:
        trigger = rule.trigger
        assert trigger is not None
        letters = "".join(letter for flag, letter in _FLAG_LETTERS if trigger.flags & flag)
        parts.append(f"(?{letters}:{trigger.pattern})")
    try:
        return re.compile("|".join(parts)).search
    except re.error:  # e.g. a trigger with global inline flags, which cannot be combined: test each one
        return bool


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
    # Attach the offending line now, while the text is at hand, so reporters need not reread files.
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
    if group.meta is None and group.domains and index.registry is None:  # (a catalog.yaml read from stdin has one)
        found.append(codes.make("GW015", file=group.name_of(group.domains[0])))
    # When catalog.yaml failed to load, its registry stays None: its own diagnostics say why, and
    # reference checks are skipped rather than flagging every item.
    for rule in CATALOGUE_RULES:
        found.extend(_with_sources(list(rule.check(index)), options))
    if group.report is not None:
        wanted = sorted(group.name_of(p) for p in group.report)
        return [d for d in found if d.file in wanted], wanted, index
    return found, [group.name_of(p) for p in group.files], index


def _check_all(files: list[Path], options: ValidateOptions, context: frozenset[Path] = frozenset(),
               names: dict[Path, str] | None = None) -> dict[Path, FileResult]:
    """check_file for every file, shared between this process and forked workers when there is enough work."""
    sizes = {}
    for f in files:
        try:
            sizes[f] = len(options.sources[f]) if f in options.sources else f.stat().st_size
        except OSError:
            sizes[f] = 0
    total = len(files)
    done = 0
    names = names or {}

    def advance(n: int = 1) -> None:
        nonlocal done
        done += n
        if options.progress is not None:
            options.progress(done, total)

    def check(f: Path) -> FileResult:
        result = check_file(f, options, context_only=f in context, display=names.get(f))
        advance()
        return result

    jobs = min(options.jobs, len(files))
    # Forked workers where the system can fork: asked of os itself (not os.name or sys.platform), so that
    # any system without fork, Windows above all, takes the one-process path, and tests can force it.
    if jobs <= 1 or sum(sizes.values()) < PARALLEL_MIN_BYTES or not hasattr(os, "fork"):
        return {f: check(f) for f in files}
    # Work is handed out a batch at a time from one pipe that every process reads: whoever is free takes
    # the next batch, so a heavy file or a core slowed by other work cannot leave the rest waiting.
    # Largest files first, so that the last batches are small.
    ordered = sorted(files, key=lambda f: sizes[f], reverse=True)
    batches = [ordered[i::MAX_BATCHES] for i in range(min(MAX_BATCHES, len(ordered)))]
    tasks, tasks_in = os.pipe()
    os.write(tasks_in, b"".join(i.to_bytes(4, "little") for i in range(len(batches))))  # fits: see MAX_BATCHES
    os.close(tasks_in)
    quiet = replace(options, progress=None)  # a worker's progress cannot reach this process's display
    schema.prepare()
    workers = [_fork_worker(tasks, batches, quiet, context, names) for _ in range(jobs - 1)]
    results = {}
    for index in _take(tasks):  # this process takes batches too
        for f in batches[index]:
            results[f] = check(f)
    os.close(tasks)
    for worker in workers:
        theirs = _collect(worker)
        results.update(theirs)
        advance(len(theirs))
    for f in files:  # a worker that died took its batches with it: check them here
        if f not in results:
            results[f] = check(f)
    return results


# Batch numbers are 4 bytes each and are all written into the pipe before anyone reads, so they must fit
# in the smallest pipe Linux gives (one 4 KiB page, when a user's pipes are over the soft limit).
MAX_BATCHES = 1024


def _take(tasks: int) -> Iterator[int]:
    """The batch numbers this process takes from the shared pipe, until it is empty. Pipe reads of a few
    bytes are atomic, so no two processes get the same batch."""
    while len(number := os.read(tasks, 4)) == 4:
        yield int.from_bytes(number, "little")


def _fork_worker(tasks: int, batches: list[list[Path]], options: ValidateOptions, context: frozenset[Path],
                 names: dict[Path, str]) -> tuple[int, int]:
    """Fork a process that checks the batches it takes from ``tasks`` and sends the pickled results back.

    A plain fork (rather than a process pool) inherits every imported module and costs a few milliseconds,
    which is what makes parallel checking pay off even for a single county.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        status = 1
        try:
            os.close(read_end)
            done = [(f, check_file(f, options, context_only=f in context, display=names.get(f)))
                    for i in _take(tasks) for f in batches[i]]
            payload = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(worker: tuple[int, int]) -> dict[Path, FileResult]:
    pid, read_end = worker
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status == 0 and payload:
        return dict(pickle.loads(payload))
    return {}  # the worker died: its files are checked again by the caller


def validate_paths(paths: Sequence[str | os.PathLike[str]], options: ValidateOptions | None = None,
                   baseline: Baseline | None = None) -> ValidationResult:
    """Check every catalogue under ``paths``. Scope ids are checked against ``baseline``; without one, the
    guide named by the options is loaded, but only when some item cites a scope point (or one is required).
    Files are named as reached from ``paths`` as given (relative stays relative, nothing is resolved)."""
    options = options or ValidateOptions()
    groups, problems = discover(paths, standing_in=options.sources)
    context = frozenset(f for group in groups if group.report is not None for f in group.files
                        if f not in group.report)
    if options.keep_data:
        context = frozenset()  # the model needs every file, and building it needs them valid
    names = {f: group.name_of(f) for group in groups for f in group.files}
    results = _check_all([f for group in groups for f in group.files], options, context, names)
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
