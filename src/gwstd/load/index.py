"""What catalogue-wide rules need from each file, positions included.

Extracted per file, so files can be loaded and checked independently (in parallel, even) and only these
small records meet in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from gwstd.load.document import Document
from gwstd.load.walk import iter_items


# Records are NamedTuples: cheap to create by the thousand, and to pickle back from worker processes.
class Pos(NamedTuple):
    file: str
    line: int
    column: int

    def text(self) -> str:
        return f"{self.file}:{self.line}"


class ItemRef(NamedTuple):
    id: str
    id_pos: Pos
    name: str
    domain: str
    category: str
    department: str | None
    department_pos: Pos | None
    scope: tuple[tuple[str, Pos], ...]  # (scope point id, where it is written)
    path: tuple


class DepartmentRef(NamedTuple):
    id: str
    name: str
    pos: Pos


class DomainRef(NamedTuple):
    name: str
    pos: Pos


@dataclass(slots=True)
class CatalogueIndex:
    """One catalogue: its registry (None when it has no catalog.yaml) and what its domain files hold."""

    registry: dict[str, DepartmentRef] | None = None
    items: list[ItemRef] = field(default_factory=list)
    domains: list[DomainRef] = field(default_factory=list)
    region: str = ""
    # Files of the catalogue that did not load (a syntax error, not UTF-8 …): what they hold is not known.
    unloaded: list[str] = field(default_factory=list)
    # The scope guide's point ids (None: not checked), its name, and whether every item must cite one.
    scope_points: frozenset[str] | None = None
    baseline_name: str = ""
    require_scope: bool = False


def _pos(doc: Document, path: tuple, *, key: bool = False) -> Pos:
    line, column = doc.locate(path, key=key)
    return Pos(doc.file, line, column)


def domain_refs(doc: Document) -> tuple[DomainRef | None, list[ItemRef]]:
    data: Any = doc.data
    domain = None
    if isinstance(data.get("domain"), str):
        domain = DomainRef(data["domain"], _pos(doc, ("domain",)))
    items = []
    for path, item, category in iter_items(data):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        subject = item.get("subject")
        department = subject.get("department") if isinstance(subject, dict) else None
        scope = item.get("scope") if isinstance(item.get("scope"), list) else []
        here = doc.at(path)
        items.append(ItemRef(
            id=item_id,
            id_pos=_pos(here, ("id",)),
            name=item.get("name") if isinstance(item.get("name"), str) else "",
            domain=domain.name if domain else "",
            category=category,
            department=department if isinstance(department, str) else None,
            department_pos=_pos(here, ("subject", "department")) if isinstance(department, str) else None,
            scope=tuple((ref, _pos(here, ("scope", i))) for i, ref in enumerate(scope) if isinstance(ref, str)),
            path=path,
        ))
    return domain, items


def region_of(doc: Document) -> str:
    region = doc.data.get("region")
    return region if isinstance(region, str) else ""


def registry_refs(doc: Document) -> dict[str, DepartmentRef]:
    departments = doc.data.get("departments")
    if not isinstance(departments, dict):
        return {}
    out = {}
    for dept_id, dept in departments.items():
        name = dept.get("name") if isinstance(dept, dict) and isinstance(dept.get("name"), str) else dept_id
        out[dept_id] = DepartmentRef(dept_id, name, _pos(doc, ("departments", dept_id), key=True))
    return out
