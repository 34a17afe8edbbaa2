"""Merging an edited book back into the catalogue it was built from (``gwstd import BOOK.xlsx --into DIR``).

The workbook's rows are matched to the catalogue's items by 事项编号. Each field the workbook shows is
compared with the item (the book prints resolved departments, persons and phones: a person or phone equal to
the department's is no override); what differs becomes an edit of that value's text in its YAML file
(``catalogue/yaml_patch.py``), so a file nothing changed in is not rewritten and an edited one changes only
where it was edited. Rows without an id are new items, inserted at their row's place with the next id in
their 一级事项's pattern; items whose 一级事项 (二级事项) cell changed move within their file; items whose
rows are gone are reported, and removed only with ``delete``. A department edited in the 目录说明 sheet's
registry is edited in catalog.yaml; one added there with a new 部门编号 is added to catalog.yaml's registry,
one added without a valid 部门编号 is a warning with its row (GW431). A 公开主体 whose name is found only with
、, white space and U+200B taken out (a line break kept inside it in Excel) names that department. A ticked
channel (对象, 方式, 层级) joins a list written in the vocabulary's order at its place there, else at the end.

Conflicts (an id twice, an id of another domain, a row moved to another domain's sheet, a department that
does not exist, a sheet without ids) are errors with sheet and row; with any of them nothing is written.

``merge`` is pure (the catalogue's texts, data and model and the workbook's rows in, new texts and a report
out); ``merge_book`` reads the folder and the workbook around it, ``write_merged`` writes all files or none.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gwstd.catalogue.assemble import model_from_data
from gwstd.catalogue.diff import Changes, compare
from gwstd.catalogue.model import (
    Catalogue,
    Department,
    Domain,
    Item,
    is_group,
    item_to_data,
)
from gwstd.catalogue.vocab import AUDIENCES, CHANNELS, ID_PREFIXES, LEVELS, METHODS
from gwstd.catalogue.yaml_patch import FIRST, Edit, PatchError, apply, edits_between
from gwstd.diagnostics import Diagnostic, codes
from gwstd.excel_import.read import Row, read_workbook
from gwstd.seams.files import os_reason
from gwstd.validate.schema import load_schema

# an item's 事项编号 and a department's 部门编号 as the schemas define them
ID_PATTERN = re.compile(load_schema("domain")["$defs"]["item"]["properties"]["id"]["pattern"])
DEPARTMENT_ID = re.compile(load_schema("catalog")["properties"]["departments"]["propertyNames"]["pattern"])
SUMMARY_SHEET = "目录说明"
# the closed vocabularies: a list written in their order is kept in their order when a value is added
VOCAB_ORDER = {"channels": CHANNELS, "audience": AUDIENCES, "method": METHODS, "level": LEVELS}
ITEM_ORDER = ("id", "name", "content", "basis", "time_limit", "update_cycle", "subject", "channels",
              "other_channels", "audience", "method", "level", "hotlines", "url", "note", "scope")
SUB_ORDER = {"content": ("required", "optional"), "subject": ("department", "person"),
             "hotlines": ("consult", "supervise")}
DEPARTMENT_ORDER = ("name", "person", "consult", "supervise", "address")
META_ORDER = ("region", "office", "edition", "date", "website", "feedback", "emblem", "description")


@dataclass(slots=True)
class Summary:
    """What a 目录说明 sheet gwstd wrote says: the catalogue's facts and its department registry."""

    meta: dict[str, str] = field(default_factory=dict)
    departments: list[Department] = field(default_factory=list)
    # the registry's rows as the sheet numbers them: (Excel row, 部门编号, 部门名称), also those without an id
    rows: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    """One YAML file of the catalogue: where it is, how it is shown, its text and its data."""

    path: Path
    display: str
    text: str
    data: Any


@dataclass(slots=True)
class Target:
    """The catalogue merged into: its model, catalog.yaml, and each domain file by the domain's name."""

    catalogue: Catalogue
    meta: Source
    domains: dict[str, Source]


@dataclass(slots=True)
class SheetRows:
    sheet: str
    domain: str
    rows: list[Row]
    has_ids: bool = True


@dataclass(slots=True)
class MergeResult:
    files: dict[Path, str] = field(default_factory=dict)  # the files that change → their new text
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changes: Changes | None = None
    displays: dict[Path, str] = field(default_factory=dict)

    @property
    def conflicts(self) -> bool:
        return any(d.severity.key == "error" for d in self.diagnostics)


# ------------------------------------------------------------------------------------------------------
# Reading the folder and the workbook


def load_target(folder: Path) -> tuple[Target | None, list[Diagnostic]]:
    """The catalogue in ``folder`` through the validated loading, with every file's text; or GW429."""
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    target = str(folder)

    def failed(reason: str) -> tuple[None, list[Diagnostic]]:
        return None, [codes.make("GW429", file=target, target=target, reason=reason)]

    if not folder.exists():
        return failed("文件夹不存在")
    if not folder.is_dir():
        return failed("这不是文件夹")
    if not (folder / "catalog.yaml").is_file():
        return failed("文件夹中没有 catalog.yaml")
    result, models = load_models([folder], ValidateOptions())
    unreadable = [d for d in result.diagnostics if d.code.startswith("GW0") and d.severity.key == "error"]
    if unreadable:
        return None, unreadable + [codes.make("GW429", file=target, target=target,
                                              reason="其中有无法读取的文件,请先修正(gwstd validate)")]
    group, catalogue = next(((g, c) for g, c in models if g.meta is not None and g.meta.parent == folder),
                            models[0] if models else (None, None))
    if group is None or catalogue is None or group.meta is None:
        return failed("文件夹中没有 catalog.yaml")
    from gwstd.load.read import MAX_FILE_BYTES
    from gwstd.seams.files import InputTooLarge, NotRegularFile, read_capped

    sources = {}
    for path in group.files:
        try:
            text = read_capped(path, MAX_FILE_BYTES).decode("utf-8")
        except UnicodeDecodeError:
            return failed(f"{group.name_of(path)} 不是 UTF-8 编码,请先另存为 UTF-8")
        except NotRegularFile as exc:
            return failed(f"{group.name_of(path)} 不是普通文件(是{exc.kind}),没有读取")
        except InputTooLarge:
            return failed(f"{group.name_of(path)} 超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 的上限,没有读取")
        except OSError as exc:
            return failed(f"{group.name_of(path)} 无法读取({os_reason(exc)})")
        sources[path] = Source(path, group.name_of(path), text, result.data.get(path))
    names = {d.slug: d.name for d in catalogue.domains}
    domains = {names[p.stem]: sources[p] for p in group.domains if p.stem in names}
    return Target(catalogue, sources[group.meta], domains), []


def read_book(path: Path) -> tuple[list[SheetRows], Summary | None, list[Diagnostic]]:
    """The domain sheets' rows and what the 目录说明 sheet says (None without one)."""
    diagnostics: list[Diagnostic] = []
    book = read_workbook(path, diagnostics)
    if book is None:
        return [], None, diagnostics
    sheets = [SheetRows(report.sheet, report.domain, rows, any(c.target == "id" for c in report.columns))
              for report, rows, _ in book.sheets]
    registry = Summary(book.summary[0], book.summary[1], book.summary[3]) if book.summary is not None else None
    return sheets, registry, diagnostics


def merge_book(book: Path, folder: Path, *, delete: bool = False) -> MergeResult:
    target, problems = load_target(folder)
    if target is None:
        return MergeResult(diagnostics=problems)
    sheets, registry, read_problems = read_book(book)
    if any(codes.is_io(d.code) for d in read_problems):
        return MergeResult(diagnostics=read_problems)
    result = merge(target, sheets, registry, delete=delete, book=str(book))
    result.diagnostics[:0] = read_problems
    return result


def write_merged(result: MergeResult) -> list[Path]:
    """Write every changed file, or none: each goes to a temporary file beside it first, then all are
    renamed into place together (seams.files.write_files). OutputError when one cannot be written."""
    from gwstd.seams.files import write_files

    write_files({path: text.encode("utf-8") for path, text in result.files.items()})
    return list(result.files)


# ------------------------------------------------------------------------------------------------------
# The merge


def merge(target: Target, sheets: list[SheetRows], summary: Summary | None, *, delete: bool = False,
          book: str = "") -> MergeResult:
    result = MergeResult()
    diagnostics = result.diagnostics
    catalogue = target.catalogue
    by_name = {d.name: d for d in catalogue.domains}

    # catalog.yaml's facts and registry, with what the 目录说明 sheet edits
    departments = {k: copy.copy(d) for k, d in catalogue.departments.items()}
    meta_edits: list[Edit] = []
    if summary is not None:
        meta_edits += _meta_edits(target.meta.data, catalogue, summary.meta)
        known = {d.name for d in catalogue.departments.values()}
        for n, dept_id, name in summary.rows:  # a new department the registry cannot take: said with its row
            if name and dept_id not in departments and not DEPARTMENT_ID.match(dept_id) and name not in known:
                reason = f"的部门编号「{dept_id}」无效" if dept_id else "没有填写部门编号"
                diagnostics.append(_at(book, SUMMARY_SHEET, n, "GW431", name=name, reason=reason,
                                       target=target.meta.display))
        for dept in summary.departments:
            if dept.id in departments or DEPARTMENT_ID.match(dept.id):
                meta_edits += _department_edits(target.meta.data, departments, dept)
    dept_by_name = {d.name: d for d in departments.values()}
    for d in catalogue.departments.values():  # the old names still name their departments
        dept_by_name.setdefault(d.name, departments[d.id])
    loose = {}  # the names with 、, white space and U+200B taken out: a line break kept inside a name in Excel
    for name, d in dept_by_name.items():
        loose.setdefault(_loose(name), d)

    # where every id is, and the sheets of each domain
    home = {item.id: domain for domain in catalogue.domains for item in domain.items}
    domain_prefixes = {domain.name: {_prefix(i.id) for i in domain.items} for domain in catalogue.domains}
    seen: dict[str, Row] = {}
    rows_of: dict[str, list[Row]] = {}
    for sheet in sheets:
        domain = by_name.get(sheet.domain) or by_name.get(sheet.sheet)
        if not sheet.rows:
            continue
        if domain is None:
            diagnostics.append(_at(book, sheet.sheet, 0, "GW424", domain=sheet.domain, target=target.meta.display))
            continue
        if not sheet.has_ids:
            diagnostics.append(_at(book, sheet.sheet, 0, "GW427"))
            continue
        rows_of.setdefault(domain.name, [])
        for row in sheet.rows:
            item_id = row.item.id
            if item_id:
                if not ID_PATTERN.match(item_id):
                    diagnostics.append(_row(book, row, "GW426", id=item_id))
                    continue
                if item_id in seen:
                    other = seen[item_id]
                    diagnostics.append(_row(book, row, "GW420", id=item_id, other=other.sheet,
                                            other_row=other.excel_row))
                    continue
                seen[item_id] = row
                if item_id in home and home[item_id] is not domain:
                    diagnostics.append(_row(book, row, "GW422", id=item_id, other=home[item_id].name,
                                            where=target.domains[home[item_id].name].display))
                    continue
                if item_id not in home:
                    others = [n for n, p in domain_prefixes.items() if n != domain.name and _prefix(item_id) in p]
                    if others and _prefix(item_id) not in domain_prefixes[domain.name]:
                        diagnostics.append(_row(book, row, "GW421", id=item_id, other=others[0]))
                        continue
            if row.department_name and row.department_name not in dept_by_name:
                if _loose(row.department_name) not in loose:
                    diagnostics.append(_row(book, row, "GW423", name=row.department_name))
                    continue
                dept_by_name[row.department_name] = loose[_loose(row.department_name)]
            rows_of[domain.name].append(row)
    if any(d.severity.key == "error" for d in diagnostics):
        return result

    taken = set(home)
    for domain in catalogue.domains:
        source = target.domains[domain.name]
        if domain.name not in rows_of:
            diagnostics.append(codes.make("GW428", file=book, domain=domain.name, target=source.display))
            continue
        try:
            edits = _DomainMerge(domain, source.data, catalogue, departments, dept_by_name, rows_of[domain.name],
                                 taken, delete, book, diagnostics).edits()
        except PatchError as exc:
            diagnostics.append(codes.make("GW429", file=source.display, target=source.display, reason=str(exc)))
            continue
        _patched(result, source, edits)
    _patched(result, target.meta, meta_edits)
    if result.conflicts:
        result.files.clear()
        return result
    # the new model, from the new texts, for the report of what changed (as gwstd diff shows it)
    from gwstd.load.loader import load_text

    def data_of(source: Source) -> Any:
        if source.path not in result.files:
            return source.data
        doc, _ = load_text(result.files[source.path].lstrip("\ufeff"), source.display)
        return doc.data if doc is not None else source.data

    new = model_from_data(data_of(target.meta), [(s.path.stem, data_of(s)) for s in target.domains.values()])
    result.changes = compare(catalogue, new, old_label=target.meta.display.rsplit("/", 1)[0] or "目录",
                             new_label=book or "工作簿")
    return result


def _patched(result: MergeResult, source: Source, edits: list[Edit]) -> None:
    if not edits:
        return
    try:
        text = apply(source.text, edits)
    except PatchError as exc:
        result.diagnostics.append(codes.make("GW429", file=source.display, target=source.display, reason=str(exc)))
        return
    if text != source.text:
        result.files[source.path] = text
        result.displays[source.path] = source.display


def _at(book: str, sheet: str, row: int, code: str, **fields: Any) -> Diagnostic:
    return codes.make(code, file=book, line=row, path=(sheet,), sheet=sheet, row=row, **fields)


def _row(book: str, row: Row, code: str, **fields: Any) -> Diagnostic:
    return _at(book, row.sheet, row.excel_row, code, **fields)


def _loose(name: str) -> str:
    """A department's name without 、, white space and U+200B: "示例县自\n然资源局" read as "示例县自、然资源局"
    is still 示例县自然资源局."""
    return re.sub(r"[、\s\u200b]", "", name)


def _prefix(item_id: str) -> str:
    return item_id.split("-", 1)[0] if "-" in item_id else ""


def _meta_edits(meta: Any, catalogue: Catalogue, shown: dict[str, str]) -> list[Edit]:
    """The edits of catalog.yaml's facts the 目录说明 sheet shows changed (a fact left empty stays)."""
    meta = meta if isinstance(meta, dict) else {}
    edits = []
    for n, key in enumerate(META_ORDER):
        value = shown.get(key, "")
        if value and value != getattr(catalogue, key):
            after = next((k for k in reversed(META_ORDER[:n]) if k in meta), FIRST)
            edits.append(Edit("replace", (key,), value, after=after))
    return edits


def _department_edits(meta: Any, departments: dict[str, Department], edited: Department) -> list[Edit]:
    """The edits of catalog.yaml for one department of the 目录说明 sheet (by id), applied to ``departments``."""
    raw = (meta or {}).get("departments") or {}
    fields = {k: getattr(edited, k) for k in DEPARTMENT_ORDER}
    if edited.id not in departments:
        if not edited.name:
            return []
        departments[edited.id] = Department(edited.id, *(fields[k] for k in DEPARTMENT_ORDER))
        return [Edit("replace", ("departments", edited.id), {k: v for k, v in fields.items() if v})]
    old = raw.get(edited.id) if isinstance(raw.get(edited.id), dict) else {}
    new = dict(old)
    dept = departments[edited.id]
    for key in DEPARTMENT_ORDER:
        if fields[key] == getattr(dept, key) or (key != "name" and not fields[key] and key not in old):
            continue
        if not fields[key] and key == "name":
            continue
        setattr(dept, key, fields[key])
        new = _put(new, key, fields[key], DEPARTMENT_ORDER) if fields[key] else {k: v for k, v in new.items() if k != key}
    return edits_between(old, new, ("departments", edited.id))


def _put(data: dict, key: str, value: Any, order: tuple[str, ...]) -> dict:
    """``data`` with ``key`` set: in its place when present, else before the first key that comes after it
    in ``order`` (keys not in ``order`` stay where they are)."""
    if key in data:
        return {**data, key: value}
    rank = order.index(key)
    pairs = list(data.items())
    at = next((i for i, (k, _) in enumerate(pairs) if k in order and order.index(k) > rank), len(pairs))
    pairs.insert(at, (key, value))
    return dict(pairs)


def _without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


# ------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Place:
    """Where an item is in its file: the path of the list holding it and its index there, its 一级事项
    (index and name) and its 二级事项's name ("" for an item named at 二级)."""

    list_path: tuple
    index: int
    category: int
    sub: str


class _DomainMerge:
    def __init__(self, domain: Domain, data: dict, catalogue: Catalogue, departments: dict[str, Department],
                 dept_by_name: dict[str, Department], rows: list[Row], taken: set[str], delete: bool, book: str,
                 diagnostics: list[Diagnostic]):
        self.domain, self.data, self.catalogue = domain, data, catalogue
        self.departments, self.dept_by_name = departments, dept_by_name
        self.rows, self.taken, self.delete, self.book = rows, taken, delete, book
        self.diagnostics = diagnostics
        self.items = {item.id: item for item in domain.items}
        self.places: dict[str, _Place] = {}
        self.raw: dict[str, dict] = {}
        self.categories: list[dict] = [c for c in data.get("categories") or [] if isinstance(c, dict)]
        for ci, category in enumerate(data.get("categories") or []):
            if not isinstance(category, dict):
                continue
            for key in ("items", "subcategories"):
                for ei, entry in enumerate(category.get(key) or []):
                    base = ("categories", ci, key)
                    if key == "subcategories" or is_group(entry):
                        for ii, item in enumerate(entry.get("items") or []):
                            self._place(item, base + (ei, "items"), ii, ci, str(entry.get("name", "")))
                    elif isinstance(entry, dict):
                        self._place(entry, base, ei, ci, "")

    def _place(self, raw: Any, list_path: tuple, index: int, category: int, sub: str) -> None:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            self.places[raw["id"]] = _Place(list_path, index, category, sub)
            self.raw[raw["id"]] = raw

    def category_name(self, ci: int) -> str:
        return str((self.data["categories"][ci] or {}).get("name", ""))

    # --- everything ---

    def edits(self) -> list[Edit]:
        edits: list[Edit] = []
        present = {r.item.id for r in self.rows if r.item.id in self.items}
        # renamed 一级事项 and 二级事项: all the rows of one now carry one new name no other row has
        cat_names = [self.category_name(ci) for ci in range(len(self.data.get("categories") or []))]
        rows_at: dict[int, list[Row]] = {}
        for r in self.rows:
            if r.item.id in present:
                rows_at.setdefault(self.places[r.item.id].category, []).append(r)
        used = {r.category for r in self.rows}
        renamed_cat: dict[int, str] = {}
        for ci, old_name in enumerate(cat_names):
            names = {r.category for r in rows_at.get(ci, [])}
            if len(names) == 1:
                (new_name,) = names
                if new_name != old_name and new_name not in cat_names and old_name not in used \
                        and new_name not in renamed_cat.values():
                    renamed_cat[ci] = new_name
                    edits.append(Edit("replace", ("categories", ci, "name"), new_name))
        cat_index = {name: ci for ci, name in enumerate(cat_names)}
        cat_index.update({name: ci for ci, name in renamed_cat.items()})
        groups = self._groups()
        group_rows: dict[tuple[int, str], list[Row]] = {}
        for r in self.rows:
            if r.item.id in present:
                p = self.places[r.item.id]
                group_rows.setdefault((p.category, p.sub), []).append(r)
        used_groups = {(cat_index.get(r.category), r.subcategory) for r in self.rows}
        renamed_sub: dict[tuple[int, str], str] = {}
        for (ci, sub), group_path in groups.items():
            members = group_rows.get((ci, sub), [])
            names = {r.subcategory for r in members}
            if len(names) == 1 and all(cat_index.get(r.category) == ci for r in members):
                (new_name,) = names
                if new_name and new_name != sub and (ci, new_name) not in groups and (ci, sub) not in used_groups \
                        and (ci, new_name) not in {(c, n) for (c, _), n in renamed_sub.items()}:
                    renamed_sub[(ci, sub)] = new_name
                    edits.append(Edit("replace", group_path + ("name",), new_name))

        def current(item_id: str) -> tuple[int, str]:
            p = self.places[item_id]
            return p.category, renamed_sub.get((p.category, p.sub), p.sub) if p.sub else ""

        # each row: its item's field edits (in place), or a move, or a new item
        removed: set[str] = set()
        placed: list[tuple[Row, dict, bool]] = []  # (row, its item's data, whether it stays where it is)
        for row in self.rows:
            item_id = row.item.id
            if item_id in self.items:
                old_raw = self.raw[item_id]
                new_raw = self._updated(old_raw, self.items[item_id], row)
                stays = (cat_index.get(row.category), row.subcategory) == current(item_id)
                if stays:
                    p = self.places[item_id]
                    edits += edits_between(old_raw, new_raw, p.list_path + (p.index,))
                else:
                    removed.add(item_id)
                placed.append((row, new_raw, stays))
            else:
                placed.append((row, self._new_item(row), False))
        gone = [i for i in self.items if i not in present]
        for item_id in gone:
            item = self.items[item_id]
            action = "(--delete:从 YAML 文件中删除)" if self.delete else ";加 --delete 才会从 YAML 文件中删除"
            self.diagnostics.append(codes.make("GW425", file=self.book, id=item_id, name=item.name,
                                               domain=self.domain.name, action=action,
                                               severity=codes.I if self.delete else None))
            if self.delete:
                removed.add(item_id)
        now = {(ci, renamed_sub.get((ci, sub), sub)): path for (ci, sub), path in groups.items()}
        return edits + self._structure(placed, removed, cat_index, now)

    def _groups(self) -> dict[tuple[int, str], tuple]:
        """(一级事项 index, 二级事项 name) → the path of that 二级事项's mapping."""
        out = {}
        for ci, category in enumerate(self.data.get("categories") or []):
            for key in ("items", "subcategories"):
                for ei, entry in enumerate((category or {}).get(key) or []):
                    if key == "subcategories" or is_group(entry):
                        out[(ci, str(entry.get("name", "")))] = ("categories", ci, key, ei)
        return out

    # --- the places of items: moves, new items, deletions ---

    def _structure(self, placed: list[tuple[Row, dict, bool]], removed: set[str], cat_index: dict[str, int],
                   groups: dict[tuple[int, str], tuple]) -> list[Edit]:
        """The edits that delete the removed items (or the 二级事项, list or 一级事项 they leave empty) and
        insert the moved and new ones at their rows' places. ``groups``: (一级事项 index, 二级事项 name as
        the workbook now has it) → the path of its mapping."""
        categories = self.data.get("categories") or []
        inserts: dict[tuple, list[tuple[int, dict]]] = {}  # list path → (index, value), in row order
        new_groups: dict[tuple[int, str], dict] = {}
        new_cats: dict[str, list[tuple[str, dict]]] = {}
        new_cats_after: dict[str, int | None] = {}
        last_cat: int | None = None
        for n, (row, raw, stays) in enumerate(placed):
            ci = cat_index.get(row.category)
            if stays:
                last_cat = ci
                continue
            if ci is None:  # a new 一级事项, after the one of the row above
                if row.category not in new_cats:
                    new_cats[row.category], new_cats_after[row.category] = [], last_cat
                new_cats[row.category].append((row.subcategory, raw))
                continue
            last_cat = ci
            key = (ci, row.subcategory)
            if row.subcategory and key in new_groups:
                new_groups[key]["items"].append(raw)
                continue
            if row.subcategory and key not in groups:  # a new 二级事项
                new_groups[key] = {"name": row.subcategory, "items": [raw]}
                list_key = "subcategories" if "subcategories" in categories[ci] else "items"
                list_path = ("categories", ci, list_key)
                raw = new_groups[key]
            else:
                list_path = groups[key] + ("items",) if row.subcategory else ("categories", ci, "items")
            inserts.setdefault(list_path, []).append((self._index_for(placed, n, list_path), raw))

        edits: list[Edit] = []

        def alive_items(entries: list) -> list[int]:
            return [i for i, e in enumerate(entries) if not (isinstance(e, dict) and e.get("id") in removed)]

        for ci, category in enumerate(categories):
            lists = []  # (key, path, entries, the entries left, inserts)
            for key in ("items", "subcategories"):
                if key not in category:
                    continue
                path = ("categories", ci, key)
                entries = category.get(key) or []
                left = []
                group_edits: list[Edit] = []
                for ei, entry in enumerate(entries):
                    if key == "subcategories" or is_group(entry):
                        inner_path = path + (ei, "items")
                        inner = entry.get("items") or []
                        kept = alive_items(inner)
                        coming = inserts.get(inner_path, [])
                        if kept or coming:
                            left.append(ei)
                            group_edits += self._list_edits(inner_path, inner, kept, coming)
                    elif entry.get("id") not in removed:
                        left.append(ei)
                lists.append((key, path, entries, left, inserts.get(path, []), group_edits))
            if not any(left or coming for _, _, _, left, coming, _ in lists) and not any(
                    p[:2] == ("categories", ci) for p in inserts):
                edits.append(Edit("delete", ("categories", ci)))
                continue
            for key, path, entries, left, coming, group_edits in lists:
                if not left and not coming:
                    edits.append(Edit("delete", path))
                    continue
                edits += group_edits + self._list_edits(path, entries, left, coming)
            for key in ("items", "subcategories"):  # a list the category lacks, made for what comes into it
                path = ("categories", ci, key)
                if key not in category and path in inserts:
                    edits.append(Edit("replace", path, [v for _, v in inserts[path]],
                                      after="name" if key == "items" else None))
        dead = [e for e in edits if e.op == "delete" and len(e.path) == 2]
        if categories and len(dead) == len(categories) and not new_cats:
            raise PatchError("删除后这个领域中没有任何事项;要删除整个领域,请直接删除它的 YAML 文件")
        for name, entries in new_cats.items():
            after = new_cats_after[name]
            edits.append(Edit("insert", ("categories",), _category_data(name, entries),
                              index=len(categories) if after is None else after + 1))
        return edits

    def _list_edits(self, path: tuple, entries: list, kept: list[int], coming: list[tuple[int, dict]]) -> list[Edit]:
        """A list's deletions and insertions; a list all of whose elements go is replaced whole."""
        if not kept:
            return [Edit("replace", path, [v for _, v in coming])]
        edits = [Edit("delete", path + (i,)) for i in range(len(entries)) if i not in kept]
        return edits + [Edit("insert", path, value, index=index) for index, value in coming]

    def _index_for(self, placed: list[tuple[Row, dict, bool]], n: int, list_path: tuple) -> int:
        """Where the item of row ``n`` goes in the list at ``list_path``: after the nearest row above it that
        stays in that list, else before the nearest one below, else at the end."""
        def in_list(i: int) -> int | None:
            row, _, stays = placed[i]
            if not stays:
                return None
            p = self.places[row.item.id]
            if p.list_path == list_path:
                return p.index
            # an item of a 二级事项 that is itself an entry of this list: the row is where that entry is
            inner = p.list_path[len(list_path):]
            if p.list_path[:len(list_path)] == list_path and len(inner) == 2 and inner[1] == "items":
                return inner[0]
            return None

        for i in range(n - 1, -1, -1):
            index = in_list(i)
            if index is not None:
                return index + 1
        for i in range(n + 1, len(placed)):
            index = in_list(i)
            if index is not None:
                return index
        return len(_at_path(self.data, list_path) or [])

    # --- an item's fields ---

    def _department(self, row: Row, old: Item | None) -> Department | None:
        if not row.department_name:
            return self.departments.get(old.department) if old else None
        return self.dept_by_name.get(row.department_name)

    def _updated(self, raw: dict, old: Item, row: Row) -> dict:
        new = dict(raw)  # every nested value changed below is a new dict or list
        item = row.item
        if item.name != old.name and item.name:
            new["name"] = item.name
        content = dict(new.get("content") or {})
        for key in ("required", "optional"):
            if getattr(item, key) != getattr(old, key):
                content = _put(content, key, list(getattr(item, key)), SUB_ORDER["content"]) if getattr(item, key) \
                    else _without(content, key)
        if content != (new.get("content") or {}):
            new = _put(new, "content", content, ITEM_ORDER) if content else _without(new, "content")
        if [b.text() for b in item.basis] != [b.text() for b in old.basis]:
            olds = list(raw.get("basis") or [])
            basis = [olds[i] if i < len(olds) and i < len(old.basis) and old.basis[i].text() == b.text() else _basis(b)
                     for i, b in enumerate(item.basis)]
            new = _put(new, "basis", basis, ITEM_ORDER) if basis else _without(new, "basis")
        for key in ("time_limit", "update_cycle", "url", "note"):
            if getattr(item, key) != getattr(old, key):
                new = _put(new, key, getattr(item, key), ITEM_ORDER) if getattr(item, key) else _without(new, key)
        for key in ("channels", "other_channels", "audience", "method", "level", "scope"):
            a, b = getattr(old, key), getattr(item, key)
            if set(a) != set(b):
                merged = [x for x in a if x in b] + [x for x in b if x not in a]
                vocab = VOCAB_ORDER.get(key)
                if vocab is not None and _in_order(a, vocab):
                    merged.sort(key=lambda x: vocab.index(x) if x in vocab else len(vocab))
                new = _put(new, key, merged, ITEM_ORDER) if merged else _without(new, key)
        dept = self._department(row, old)
        old_dept = self.catalogue.department_of(old)
        subject = dict(new.get("subject") or {})
        if dept is not None and dept.id != old.department:
            subject = _put(subject, "department", dept.id, SUB_ORDER["subject"])
        dept = dept or old_dept
        person = _override(row.person, old.person, old.person or old_dept.person, dept.person)
        if person != old.person:
            subject = _put(subject, "person", person, SUB_ORDER["subject"]) if person else _without(subject, "person")
        if subject != (new.get("subject") or {}):
            new = _put(new, "subject", subject, ITEM_ORDER)
        hotlines = dict(new.get("hotlines") or {})
        for key in ("consult", "supervise"):
            value = _override(getattr(row, key), getattr(old, key), getattr(old, key) or getattr(old_dept, key),
                              getattr(dept, key))
            if value != getattr(old, key):
                hotlines = _put(hotlines, key, value, SUB_ORDER["hotlines"]) if value else _without(hotlines, key)
        if hotlines != (new.get("hotlines") or {}):
            new = _put(new, "hotlines", hotlines, ITEM_ORDER) if hotlines else _without(new, "hotlines")
        return new

    def _new_item(self, row: Row) -> dict:
        item = copy.copy(row.item)
        dept = self._department(row, None)
        item.department = dept.id if dept else ""
        item.person = row.person if dept is None or row.person != dept.person else ""
        item.consult = row.consult if dept is None or row.consult != dept.consult else ""
        item.supervise = row.supervise if dept is None or row.supervise != dept.supervise else ""
        if not item.id:
            item.id = self._next_id(row)
        self.taken.add(item.id)
        return item_to_data(item)

    def _next_id(self, row: Row) -> str:
        """The next id in the pattern of the row's 二级事项 or 一级事项 (jy-zs-004 after jy-zs-003), else of
        the domain."""
        pattern = re.compile(r"^(.*?)(\d+)$")
        same = [r.item.id for r in self.rows if r.category == row.category and r.item.id in self.items]
        group = [r.item.id for r in self.rows if r.category == row.category and r.subcategory == row.subcategory
                 and r.item.id in self.items]
        stems = Counter(m.group(1) for m in map(pattern.match, group or same) if m)
        if stems:
            stem = stems.most_common(1)[0][0]
        else:
            first = Counter(_prefix(i) for i in self.items if _prefix(i))
            stem = (first.most_common(1)[0][0] if first else ID_PREFIXES.get(self.domain.name, "sx")) + "-"
        numbers = [(int(m.group(2)), len(m.group(2))) for m in map(pattern.match, self.taken)
                   if m and m.group(1) == stem]
        width = max((w for _, w in numbers), default=3)
        n = max((v for v, _ in numbers), default=0) + 1
        while f"{stem}{n:0{width}d}" in self.taken:
            n += 1
        return f"{stem}{n:0{width}d}"


def _in_order(values: Any, vocab: tuple[str, ...]) -> bool:
    """Whether every value is of ``vocab`` and they come in its order."""
    ranks = [vocab.index(v) if v in vocab else -1 for v in values]
    return -1 not in ranks and ranks == sorted(ranks)


def _override(shown: str, old_override: str, old_shown: str, dept_value: str) -> str:
    """The item's own person (phone) after the edit: unchanged when the cell still shows what it showed (also
    when the item moved to another department: a cell nobody touched follows the new department, it does not
    pin the old one's number on the item); none when it shows the department's (or nothing)."""
    if shown == old_shown:
        return old_override
    return shown if shown and shown != dept_value else ""


def _basis(doc: Any) -> dict:
    out = {"title": doc.title}
    if doc.number:
        out["number"] = doc.number
    if doc.article:
        out["article"] = doc.article
    return out


def _category_data(name: str, entries: list[tuple[str, dict]]) -> dict:
    items: list[dict] = []
    for sub, raw in entries:
        if sub:
            if items and is_group(items[-1]) and items[-1]["name"] == sub:
                items[-1]["items"].append(raw)
            else:
                items.append({"name": sub, "items": [raw]})
        else:
            items.append(raw)
    if items and all(is_group(e) for e in items):
        return {"name": name, "subcategories": items}
    return {"name": name, "items": items}


def _at_path(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data
