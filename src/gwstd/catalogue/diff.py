"""What changed between two editions of a catalogue (动态调整): items matched by id. Pure: two models in, a
list of changes out. Reading editions from folders or git revisions lives in ``gwstd.editions``."""

from __future__ import annotations

from dataclasses import dataclass, field

from gwstd.catalogue.model import Catalogue, Item

# (label, how to read the field from an item); "set" fields are compared as sets.
FIELDS: list[tuple[str, str, str]] = [
    ("name", "公开事项名称", "text"),
    ("required", "必须公开的要素(●)", "set"),
    ("optional", "可选公开的要素(〇)", "set"),
    ("basis", "公开依据", "list"),
    ("time_limit", "公开时限", "text"),
    ("update_cycle", "信息更新周期", "text"),
    ("department", "公开主体", "dept"),
    ("person", "责任人(本事项指定)", "text"),
    ("channels", "公开渠道和载体", "set"),
    ("other_channels", "其他渠道", "set"),
    ("audience", "公开对象", "set"),
    ("method", "公开方式", "set"),
    ("level", "公开层级", "set"),
    ("consult", "咨询电话(本事项指定)", "text"),
    ("supervise", "监督举报电话(本事项指定)", "text"),
    ("url", "公开网址", "text"),
    ("note", "备注", "text"),
    ("scope", "范围要点", "set"),
]
DEPARTMENT_FIELDS = [("name", "部门名称"), ("person", "责任人"), ("consult", "咨询电话"), ("supervise", "监督举报电话"),
                     ("address", "办公地址")]


@dataclass(frozen=True, slots=True)
class Place:
    domain: str
    category: str
    subcategory: str = ""  # the 二级事项 of an item named at 三级

    def text(self) -> str:
        return " / ".join(p for p in (self.domain, self.category, self.subcategory) if p)


@dataclass(frozen=True, slots=True)
class FieldChange:
    key: str
    label: str
    old: str = ""
    new: str = ""
    added: tuple[str, ...] = ()  # for fields compared as sets
    removed: tuple[str, ...] = ()

    def text(self) -> str:
        if self.added or self.removed:
            parts = []
            if self.added:
                parts.append("新增 " + "、".join(self.added))
            if self.removed:
                parts.append("删除 " + "、".join(self.removed))
            return ";".join(parts)
        return f"{self.old or '(无)'} → {self.new or '(无)'}"


@dataclass(frozen=True, slots=True)
class ItemChange:
    kind: str  # added, removed, changed, moved
    id: str
    name: str
    place: Place
    old_place: Place | None = None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class DepartmentChange:
    id: str
    name: str
    kind: str  # added, removed, changed
    fields: tuple[FieldChange, ...] = ()
    items: tuple[str, ...] = ()  # ids of the items (in the new edition) that cite it


@dataclass(slots=True)
class Changes:
    old_label: str
    new_label: str
    old_edition: str
    new_edition: str
    region: str
    items: list[ItemChange] = field(default_factory=list)
    departments: list[DepartmentChange] = field(default_factory=list)
    meta: list[FieldChange] = field(default_factory=list)

    def ordered(self) -> list[ItemChange]:
        """Item changes in reading order: added, removed, moved, then changed."""
        order = ("added", "removed", "moved", "changed")
        return sorted(self.items, key=lambda c: order.index(c.kind))

    def of(self, kind: str) -> list[ItemChange]:
        return [c for c in self.items if c.kind == kind]

    @property
    def empty(self) -> bool:
        return not (self.items or self.departments or self.meta)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.of(kind)) for kind in ("added", "removed", "changed", "moved")}


# The words for each kind of change, written once for the reports and both books.
KIND_LABELS = {"added": "新增", "removed": "删除", "changed": "修改", "moved": "移动"}  # an item's change
DEPARTMENT_KIND_LABELS = {"added": "新增", "removed": "删除", "changed": "变更"}  # a department's, beside its name
# A department's change standing alone, in the 变更 column of the book's 调整说明 among the items' changes.
DEPARTMENT_CHANGE_LABELS = {"added": "新增部门", "removed": "删除部门", "changed": "部门变更"}


def _places(catalogue: Catalogue) -> dict[str, tuple[Item, Place]]:
    out = {}
    for domain in catalogue.domains:
        for category, sub, item in domain.rows():
            out[item.id] = (item, Place(domain.name, category.name, sub.name if sub else ""))
    return out


def _compare_items(old: Item, new: Item, old_cat: Catalogue, new_cat: Catalogue) -> list[FieldChange]:
    found = []
    for key, label, how in FIELDS:
        a, b = getattr(old, key), getattr(new, key)
        if how == "set":
            added = tuple(x for x in b if x not in a)
            removed = tuple(x for x in a if x not in b)
            if added or removed:
                found.append(FieldChange(key, label, added=added, removed=removed))
        elif how == "list":
            a_text = [d.text() for d in a]
            b_text = [d.text() for d in b]
            if a_text != b_text:
                added = tuple(x for x in b_text if x not in a_text)
                removed = tuple(x for x in a_text if x not in b_text)
                if added or removed:
                    found.append(FieldChange(key, label, added=added, removed=removed))
                else:
                    found.append(FieldChange(key, label, "、".join(a_text), "、".join(b_text)))
        elif how == "dept":
            if a != b:
                found.append(FieldChange(key, label, old_cat.department_of_id(a).name, new_cat.department_of_id(b).name))
        elif a != b:
            found.append(FieldChange(key, label, a, b))
    return found


def compare(old: Catalogue, new: Catalogue, *, old_label: str = "旧版", new_label: str = "新版") -> Changes:
    changes = Changes(old_label, new_label, old.edition, new.edition, new.region or old.region)
    for key, label in (("region", "地区"), ("office", "编制单位"), ("edition", "版本"), ("date", "发布日期")):
        if getattr(old, key) != getattr(new, key):
            changes.meta.append(FieldChange(key, label, getattr(old, key), getattr(new, key)))
    before, after = _places(old), _places(new)
    for item_id, (item, place) in after.items():
        if item_id not in before:
            changes.items.append(ItemChange("added", item_id, item.name, place))
            continue
        old_item, old_place = before[item_id]
        if old_place != place:
            changes.items.append(ItemChange("moved", item_id, item.name, place, old_place))
        fields = _compare_items(old_item, item, old, new)
        if fields:
            changes.items.append(ItemChange("changed", item_id, item.name, place, old_place, tuple(fields)))
    for item_id, (item, place) in before.items():
        if item_id not in after:
            changes.items.append(ItemChange("removed", item_id, item.name, place))
    citing: dict[str, list[str]] = {}
    for item_id, (item, _) in after.items():
        citing.setdefault(item.department, []).append(item_id)
    for dept_id, dept in new.departments.items():
        if dept_id not in old.departments:
            changes.departments.append(DepartmentChange(dept_id, dept.name, "added", items=tuple(citing.get(dept_id, ()))))
            continue
        previous = old.departments[dept_id]
        fields = tuple(FieldChange(k, label, getattr(previous, k), getattr(dept, k))
                       for k, label in DEPARTMENT_FIELDS if getattr(previous, k) != getattr(dept, k))
        if fields:
            changes.departments.append(DepartmentChange(dept_id, dept.name, "changed", fields,
                                                        tuple(citing.get(dept_id, ()))))
    for dept_id, dept in old.departments.items():
        if dept_id not in new.departments:
            changes.departments.append(DepartmentChange(dept_id, dept.name, "removed"))
    return changes


# In words, for the reports and both books

def summary(changes: Changes) -> str:
    c = changes.counts()
    parts = [f"{KIND_LABELS[k]} {c[k]} 项" for k in ("added", "removed", "changed", "moved")]
    if changes.departments:
        parts.append(f"部门信息变更 {len(changes.departments)} 个")
    return "、".join(parts)


def fields_text(fields: tuple[FieldChange, ...] | list[FieldChange]) -> str:
    """Changed fields in words: 公开时限:旧 → 新;公开渠道和载体:新增 政务服务中心."""
    return ";".join(f"{f.label}:{f.text()}" for f in fields)


def detail(change: ItemChange) -> str:
    if change.kind == "moved" and change.old_place:
        return f"由「{change.old_place.text()}」移至「{change.place.text()}」"
    return fields_text(change.fields)
