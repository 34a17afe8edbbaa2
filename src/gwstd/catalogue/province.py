"""A province's view of its counties: one summary per county catalogue, for the provincial index, the
comparison workbook (全省汇总.xlsx) and ``stats``/``coverage --by county``.

Pure: a county's model, coverage, diagnostics and changes in, small figures out. A summary is what crosses
from a worker process that built one county back to the process that writes the province's books, so it
holds no model: only text and numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from gwstd.catalogue.coverage import CatalogueCoverage
from gwstd.catalogue.diff import Changes
from gwstd.catalogue.model import Catalogue
from gwstd.catalogue.stats import missing_elements
from gwstd.diagnostics import Diagnostic, Severity

# What a county's catalogue is, as a province sees it. Whether its books were written is its ``books``: a
# build writes none for a county with errors (unless --force) or one that does not load.
BUILT = "built"  # it loads and has no errors
REFUSED = "refused"  # it has errors (a build refuses it without --force)
UNREADABLE = "unreadable"  # it does not load (a file unreadable, catalog.yaml unusable, no domain file): no figures
STATUS_LABELS = {BUILT: "正常", REFUSED: "有错误", UNREADABLE: "无法读取"}

EMPTY_LABEL = "没有领域文件"  # a county with only catalog.yaml (GW020): nothing to read, said as what it is


def status_label(county: "CountySummary") -> str:
    """How every output names a county's status: 正常, 有错误, 无法读取, or 没有领域文件."""
    if county.status == UNREADABLE and "GW020" in county.by_code and not county.domains:
        return EMPTY_LABEL
    return STATUS_LABELS.get(county.status, county.status)


# How many problems of a county a summary keeps word for word (all are counted by code).
PROBLEMS_KEPT = 200


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem of a county, as the index and the workbook list it."""

    code: str
    severity: str  # "error", "warning" or "info"
    message: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class MissingPoint:
    """A scope point due that no item of the county covers: a line of a 督查 letter."""

    domain: str
    point: str  # the point's id (zd-05)
    title: str
    text: str  # the guide's wording


@dataclass(frozen=True, slots=True)
class DomainFigures:
    name: str
    items: int
    complete: int  # items with every required element
    covered: int | None = None  # scope points covered; None: no coverage counted for this domain
    due: int | None = None  # scope points due

    @property
    def completeness(self) -> float | None:
        return self.complete / self.items if self.items else None

    @property
    def coverage(self) -> float | None:
        return self.covered / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class EditionChanges:
    """How a county's catalogue changed since ``--since``."""

    since: str
    added: int
    removed: int
    changed: int  # changed or moved
    departments: int = 0  # departments added, removed or changed

    @property
    def total(self) -> int:
        return self.added + self.removed + self.changed + self.departments


@dataclass(frozen=True, slots=True)
class CountySummary:
    number: int  # 1-based, in the order the counties were found (their folders' order)
    folder: str  # the catalogue folder as the user spelled it
    region: str
    city: str = ""  # 所属市(州): catalog.yaml's city, else the folder the county's folder sits in ("" if none)
    office: str = ""
    edition: str = ""
    date: str = ""
    status: str = BUILT
    domains: tuple[DomainFigures, ...] = ()
    missing: tuple[MissingPoint, ...] = ()
    problems: tuple[Problem, ...] = ()  # the first PROBLEMS_KEPT, errors first
    by_code: dict[str, int] = field(default_factory=dict)  # every problem counted: code → number
    errors: int = 0
    warnings: int = 0
    changes: EditionChanges | None = None
    # the county's books: kind ("excel", "html", "pdf") → path relative to the province's output folder, in
    # "/" form; the 调整说明 is the html book's #changes, and the Excel book's sheet of that name
    books: dict[str, str] = field(default_factory=dict)
    baseline: str = ""  # the scope guide the coverage was counted against ("" when none was)
    books_folder: str = ""  # a build's folder for the county's books, in the output folder (built or not)

    @property
    def items(self) -> int:
        return sum(d.items for d in self.domains)

    @property
    def complete(self) -> int:
        return sum(d.complete for d in self.domains)

    @property
    def completeness(self) -> float | None:
        return self.complete / self.items if self.items else None

    @property
    def covered(self) -> int:
        return sum(d.covered or 0 for d in self.domains)

    @property
    def due(self) -> int:
        return sum(d.due or 0 for d in self.domains)

    @property
    def coverage(self) -> float | None:
        """Points covered of those due; None when none were due (not 100%: nothing was checked)."""
        return self.covered / self.due if self.due else None

    def domain(self, name: str) -> DomainFigures | None:
        return next((d for d in self.domains if d.name == name), None)


@dataclass(frozen=True, slots=True)
class ProvinceSummary:
    title: str  # what the province's books are called: the province folder's name, or --title
    counties: tuple[CountySummary, ...]
    baseline: str = ""  # the scope guide's name
    since: str | None = None
    withdrawn: tuple[str, ...] = ()  # with since: counties' folders the earlier edition had and this one has not

    @property
    def domain_names(self) -> list[str]:
        """Every domain of any county, in the order they first appear (the pilot domains' order, as counties
        list them)."""
        seen: dict[str, None] = {}
        for county in self.counties:
            for figures in county.domains:
                seen.setdefault(figures.name, None)
        return list(seen)

    @property
    def cities(self) -> list[str]:
        return sorted({c.city for c in self.counties if c.city})

    @property
    def errors(self) -> int:
        return sum(c.errors for c in self.counties)

    @property
    def warnings(self) -> int:
        return sum(c.warnings for c in self.counties)


def problems_of(diagnostics: Iterable[Diagnostic]) -> tuple[tuple[Problem, ...], dict[str, int], int, int]:
    """(the problems kept, errors first; the count by code; errors; warnings) of a county's diagnostics."""
    ordered = sorted(diagnostics, key=lambda d: d.severity != Severity.ERROR)
    by_code = Counter(d.code for d in ordered)
    errors = sum(d.severity == Severity.ERROR for d in ordered)
    warnings = sum(d.severity == Severity.WARNING for d in ordered)
    kept = tuple(Problem(d.code, d.severity.key, d.message, d.file or "", d.line or 0)
                 for d in ordered[:PROBLEMS_KEPT])
    return kept, dict(sorted(by_code.items())), errors, warnings


def edition_changes(changes: Changes, since: str) -> EditionChanges:
    counts = changes.counts()
    return EditionChanges(since, counts["added"], counts["removed"], counts["changed"] + counts["moved"],
                          len(changes.departments))


def summarise(number: int, folder: str, catalogue: Catalogue, *, coverage: CatalogueCoverage | None,
              diagnostics: Sequence[Diagnostic] = (), changes: EditionChanges | None = None,
              books: dict[str, str] | None = None, status: str = BUILT, city: str = "") -> CountySummary:
    """The summary of one county's catalogue."""
    counted = {d.domain: d for d in coverage.counted} if coverage is not None else {}
    domains = []
    for domain in catalogue.domains:
        items = domain.items
        complete = sum(not missing_elements(catalogue, item) for item in items)
        due = counted.get(domain.name)
        domains.append(DomainFigures(domain.name, len(items), complete,
                                     due.covered if due is not None else None, due.total if due is not None else None))
    present = {d.name for d in catalogue.domains}
    domains += [DomainFigures(d.domain, 0, 0, d.covered, d.total) for d in counted.values()
                if d.domain not in present]  # (--all-domains: a guide's domain the county has no file for)
    missing = tuple(MissingPoint(d.domain, p.point.id, p.point.title, p.point.text)
                    for d in (coverage.counted if coverage is not None else ()) for p in d.points if not p.covered)
    kept, by_code, errors, warnings = problems_of(diagnostics)
    return CountySummary(number, folder, catalogue.region, catalogue.city or city, catalogue.office,
                         catalogue.edition, catalogue.date, status, tuple(domains), missing, kept, by_code, errors,
                         warnings, changes, dict(books or {}), coverage.baseline if coverage is not None else "")


def unreadable(number: int, folder: str, diagnostics: Sequence[Diagnostic], *, region: str = "", city: str = ""
               ) -> CountySummary:
    """The summary of a county whose catalogue does not load: its name and its problems, no figures."""
    kept, by_code, errors, warnings = problems_of(diagnostics)
    name = folder.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]  # (a folder as spelled on Windows too)
    return CountySummary(number, folder, region or name or folder, city, status=UNREADABLE, problems=kept, by_code=by_code,
                         errors=errors, warnings=warnings)


@dataclass(frozen=True, slots=True)
class Totals:
    """The province's figures: every county that loads, summed (the 全省合计 of every output)."""

    domains: tuple[DomainFigures, ...]  # per domain of the province (domain_names' order)
    items: int
    complete: int
    covered: int
    due: int

    @property
    def completeness(self) -> float | None:
        return self.complete / self.items if self.items else None

    @property
    def coverage(self) -> float | None:
        return self.covered / self.due if self.due else None


def totals(province: ProvinceSummary) -> Totals:
    counties = [c for c in province.counties if c.status != UNREADABLE]
    domains = []
    for name in province.domain_names:
        figures = [f for f in (c.domain(name) for c in counties) if f is not None]
        counted = [f for f in figures if f.due is not None]
        domains.append(DomainFigures(name, sum(f.items for f in figures), sum(f.complete for f in figures),
                                     sum(f.covered or 0 for f in counted) if counted else None,
                                     sum(f.due or 0 for f in counted) if counted else None))
    return Totals(tuple(domains), sum(c.items for c in counties), sum(c.complete for c in counties),
                  sum(c.covered for c in counties), sum(c.due for c in counties))
