"""Coverage of the scope guide: which scope points a catalogue's items cover, per domain and overall.

Pure: takes a catalogue's index and the guide, returns a report. Rendering lives in gwstd/reports/coverage.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gwstd.catalogue.scopeguide import Baseline, Point
from gwstd.load.index import CatalogueIndex


@dataclass(frozen=True, slots=True)
class PointCoverage:
    point: Point
    items: tuple[str, ...]  # ids of the items that cite the point

    @property
    def covered(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True, slots=True)
class DomainCoverage:
    domain: str
    present: bool  # the catalogue has a file for this domain
    counted: bool  # counts towards the figure (present, or --all-domains)
    points: tuple[PointCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(p.covered for p in self.points)

    @property
    def total(self) -> int:
        return len(self.points)

    @property
    def ratio(self) -> float:
        return self.covered / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class CatalogueCoverage:
    region: str
    root: str
    baseline: str
    domains: tuple[DomainCoverage, ...]
    extra_domains: tuple[str, ...] = field(default=())  # in the catalogue, not in the guide
    # files of the catalogue that did not load: what they hold is not counted, so nothing is complete
    unreadable: tuple[str, ...] = field(default=())

    @property
    def counted(self) -> list[DomainCoverage]:
        return [d for d in self.domains if d.counted]

    @property
    def covered(self) -> int:
        return sum(d.covered for d in self.counted)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.counted)

    @property
    def ratio(self) -> float:
        return self.covered / self.total if self.total else 1.0

    @property
    def complete(self) -> bool:
        """Every point due is covered, and some were due: covering nothing of nothing is not complete."""
        return self.total > 0 and self.covered == self.total and not self.unreadable

    @property
    def uncovered(self) -> list[Point]:
        return [p.point for d in self.counted for p in d.points if not p.covered]


def compute(index: CatalogueIndex, baseline: Baseline, *, root: str = "", all_domains: bool = False
            ) -> CatalogueCoverage:
    citing: dict[str, list[str]] = {}
    for item in index.items:
        for ref, _ in item.scope:
            if item.id not in citing.setdefault(ref, []):
                citing[ref].append(item.id)
    present = {d.name.strip() for d in index.domains}
    domains = []
    for name in baseline.domains:
        points = tuple(PointCoverage(p, tuple(citing.get(p.id, ()))) for p in baseline.points_of(name))
        domains.append(DomainCoverage(name, name in present, all_domains or name in present, points))
    extra = tuple(sorted(present - set(baseline.domains)))
    return CatalogueCoverage(index.region, root, baseline.name, tuple(domains), extra, tuple(index.unloaded))
