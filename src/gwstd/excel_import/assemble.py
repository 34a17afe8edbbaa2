"""Assembling the catalogue from the rows of every sheet read: the catalogue's facts and registry (from a
目录说明 sheet gwstd wrote, else what the sheets' titles say), departments found by name (collected from the
items when there is no registry), items grouped under their 一级事项 and 二级事项, and ids made for items
that have none. Nothing is invented: what a sheet lacks stays missing, for ``gwstd validate`` to list.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gwstd.catalogue.model import Catalogue, Category, Department, Domain, Subcategory
from gwstd.catalogue.vocab import ID_PREFIXES, PILOT_DOMAINS
from gwstd.diagnostics import Diagnostic, codes
from gwstd.excel_import.read import Row, SheetReport, read_workbook, region_of


@dataclass(slots=True)
class ImportResult:
    catalogue: Catalogue | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sheets: list[SheetReport] = field(default_factory=list)



def import_workbooks(paths: list[Path]) -> ImportResult:
    """All the workbooks as one catalogue, or none at all: when any workbook (or any sheet of one) cannot be
    read, the catalogue is None (GW416 names the files), so that nothing is written from the others."""
    diagnostics: list[Diagnostic] = []
    result = ImportResult(None, diagnostics)
    meta: dict[str, str] = {}
    registry: list[Department] = []
    descriptions: dict[str, str] = {}
    domains: dict[str, Domain] = {}
    rows_by_domain: dict[str, list[Row]] = {}
    region = ""
    failed: list[str] = []  # the workbooks that could not be read
    for path in paths:
        book = read_workbook(path, diagnostics)
        if book is None or book.failed:
            failed.append(str(path))
            continue
        if book.summary is not None:
            m, d, desc, _ = book.summary
            meta.update(m)
            registry += [x for x in d if x.id not in {r.id for r in registry}]
            descriptions.update(desc)
        for report, rows, title in book.sheets:
            result.sheets.append(report)
            region = region or region_of(title, report.domain)
            rows_by_domain.setdefault(report.domain, []).extend(rows)
            domains.setdefault(report.domain, Domain(report.domain))
    if failed:
        if len(paths) > 1:
            names = "、".join(dict.fromkeys(failed))
            diagnostics.append(codes.make("GW416", file=names, failed=names))
        return result
    if not rows_by_domain:
        if not any(codes.is_io(d.code) for d in diagnostics):
            sources = ", ".join(str(p) for p in paths)
            diagnostics.append(codes.make("GW408", file=sources, source=sources))
        return result
    catalogue = Catalogue(region=meta.get("region", region), office=meta.get("office", ""),
                          edition=meta.get("edition", ""), date=meta.get("date", ""),
                          website=meta.get("website", ""), feedback=meta.get("feedback", ""),
                          description=meta.get("description", ""))
    _assign_departments(catalogue, registry, rows_by_domain)
    for name, rows in rows_by_domain.items():
        domain = domains[name]
        domain.description = descriptions.get(name, "")
        domain.slug = PILOT_DOMAINS.get(name, "")
        _group(domain, rows)
        _assign_ids(domain)
        catalogue.domains.append(domain)
    unnamed = [d for d in catalogue.domains if not d.slug]
    for n, domain in enumerate(unnamed, 1):
        domain.slug = f"domain-{n:02d}"
    result.catalogue = catalogue
    return result


def _assign_departments(catalogue: Catalogue, registry: list[Department], rows_by_domain: dict[str, list[Row]]) -> None:
    """Departments by name: the registry a gwstd book carries, else collected from the items."""
    by_name = {d.name: d for d in registry}
    catalogue.departments = {d.id: d for d in registry}
    seen: dict[str, list[Row]] = {}
    for rows in rows_by_domain.values():
        for row in rows:
            seen.setdefault(row.department_name, []).append(row)
    next_id = 1
    for name, rows in seen.items():
        if not name:
            continue
        dept = by_name.get(name)
        if dept is None:
            # The most common person and phones of a department's items become its registry entry, only where
            # every item has one: an item whose row shows none would otherwise print the registry's, a phone
            # (or person) the source never gave it. Rows that differ keep theirs as the item's own.
            def common(values: list[str]) -> str:
                if not values or not all(values):
                    return ""
                return Counter(values).most_common(1)[0][0]

            while f"dept-{next_id:02d}" in catalogue.departments:
                next_id += 1
            dept = Department(f"dept-{next_id:02d}", name, common([r.person for r in rows]),
                              common([r.consult for r in rows]), common([r.supervise for r in rows]))
            catalogue.departments[dept.id] = dept
            by_name[name] = dept
        for row in rows:
            row.item.department = dept.id
            row.item.person = row.person if row.person and row.person != dept.person else ""
            row.item.consult = row.consult if row.consult and row.consult != dept.consult else ""
            row.item.supervise = row.supervise if row.supervise and row.supervise != dept.supervise else ""


def _group(domain: Domain, rows: list[Row]) -> None:
    """Rows into 一级事项 and, for rows named at 三级, their 二级事项: runs of rows under one name are one
    block; an item named at 二级 sits between them in its order."""
    for row in rows:
        if not domain.categories or domain.categories[-1].name != row.category:
            domain.categories.append(Category(row.category))
        entries = domain.categories[-1].entries
        if row.subcategory:
            last = entries[-1] if entries else None
            if not isinstance(last, Subcategory) or last.name != row.subcategory:
                entries.append(Subcategory(row.subcategory))
            entries[-1].items.append(row.item)
        else:
            entries.append(row.item)


def _assign_ids(domain: Domain) -> None:
    """Items without a 事项编号 column get one, stable for the same workbook: prefix and row order."""
    prefix = ID_PREFIXES.get(domain.name, "sx")
    taken = {item.id for item in domain.items if item.id}
    n = 0
    for item in domain.items:
        if item.id:
            continue
        n += 1
        while f"{prefix}-{n:03d}" in taken:
            n += 1
        item.id = f"{prefix}-{n:03d}"
        taken.add(item.id)
