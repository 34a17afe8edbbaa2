"""The one domain model: catalogue, department, domain, category, item.

Built from validated YAML data (``from_data``), turned back into YAML data (``to_data``), fed to the Excel and
HTML writers, and produced by the Excel importer. The closed vocabularies its fields take (channels, levels,
audiences, methods, update cycles) are in ``vocab.py``. Pure: no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterator

from gwstd.load.walk import is_group


@dataclass(slots=True)
class Department:
    id: str
    name: str
    person: str
    consult: str
    supervise: str
    address: str = ""


@dataclass(slots=True)
class BasisDoc:
    title: str
    number: str = ""
    article: str = ""

    def text(self) -> str:
        """《title》（number）article, as printed in the books."""
        return f"《{self.title}》" + (f"（{self.number}）" if self.number else "") + self.article


@dataclass(slots=True)
class Item:
    id: str
    name: str
    required: list[str]
    optional: list[str]
    basis: list[BasisDoc]
    time_limit: str
    update_cycle: str
    department: str
    channels: list[str]
    audience: list[str]
    method: list[str]
    level: list[str]
    person: str = ""  # overrides the department's responsible person
    consult: str = ""  # overrides the department's phones
    supervise: str = ""
    other_channels: list[str] = field(default_factory=list)
    url: str = ""
    note: str = ""
    scope: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Subcategory:
    name: str
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Category:
    """一级事项: its entries in order, each an item (named at 二级) or a 二级事项 holding items (named at 三级).

    Real catalogues mix the two within one 一级事项, so both kinds sit side by side in one list."""

    name: str
    entries: list[Item | Subcategory] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        """The items named at 二级 (directly under this 一级事项)."""
        return [e for e in self.entries if isinstance(e, Item)]

    @property
    def subcategories(self) -> list[Subcategory]:
        return [e for e in self.entries if isinstance(e, Subcategory)]


@dataclass(slots=True)
class Domain:
    name: str
    categories: list[Category] = field(default_factory=list)
    description: str = ""
    slug: str = ""  # the file name without .yaml

    @property
    def three_levels(self) -> bool:
        """Whether any item is named at 三级 (the sheet and table then have both 二级 and 三级 columns)."""
        return any(isinstance(e, Subcategory) for c in self.categories for e in c.entries)

    def rows(self) -> Iterator[tuple[Category, Subcategory | None, Item]]:
        """Every item with its 一级事项 and its 二级事项 (None for an item named at 二级), in order."""
        for category in self.categories:
            for entry in category.entries:
                if isinstance(entry, Subcategory):
                    for item in entry.items:
                        yield category, entry, item
                else:
                    yield category, None, entry

    @property
    def items(self) -> list[Item]:
        return [item for _, _, item in self.rows()]


@dataclass(slots=True)
class Catalogue:
    region: str
    office: str
    edition: str
    date: str
    departments: dict[str, Department] = field(default_factory=dict)
    domains: list[Domain] = field(default_factory=list)
    website: str = ""
    feedback: str = ""
    description: str = ""
    emblem: str = ""  # the emblem image as written in catalog.yaml (relative to it)
    emblem_path: str = ""  # the same file found from catalog.yaml's folder ("" when the folder is not known)
    city: str = ""  # 所属市(州), for a province's roll-up

    def department_of_id(self, dept_id: str) -> Department:
        dept = self.departments.get(dept_id)
        return dept if dept is not None else Department(dept_id, dept_id, "", "", "")

    def department_of(self, item: Item) -> Department:
        return self.department_of_id(item.department)

    def person_of(self, item: Item) -> str:
        return item.person or self.department_of(item).person

    def consult_of(self, item: Item) -> str:
        return item.consult or self.department_of(item).consult

    def supervise_of(self, item: Item) -> str:
        return item.supervise or self.department_of(item).supervise

    @property
    def items(self) -> list[Item]:
        return [item for domain in self.domains for item in domain.items]


# ------------------------------------------------------------------------------------------------------
# From and to YAML data (the shapes the JSON Schema describes)


# Every conversion below is total: data of any shape (a wrong type validate reports as GW103, a key that is not
# text) gives a model of text and lists, so nothing that reads the model (books, stats, diff, coverage) meets a
# number, a mapping or None where it expects text. A value of the wrong type is absent, except a number where
# text belongs: YAML reads an unquoted 12345 (a phone number, 文号 711, edition 2024) as a number, validate
# reports it with the hint to quote it as "12345", and a book built with --force shows it as that text.


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):  # .inf, .nan: no digits to show
            return ""
        try:
            return f"{value}"  # as validate's hint spells it
        except ValueError:  # an int of more than sys.get_int_max_str_digits() digits
            return ""
    return ""


def _list(value: Any) -> list:
    """A list where the data has one; anything else (a wrong type validate reports) is no entries."""
    return value if isinstance(value, list) else []


def _texts(value: Any) -> list[str]:
    """The text entries of a list (numbers as text, as in :func:`_text`); other entries and non-lists: none."""
    if not isinstance(value, list):
        return []
    out = []
    for v in value:
        if isinstance(v, str):
            out.append(v)
        elif text := _text(v):
            out.append(text)
    return out


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def item_from_data(raw: dict) -> Item:
    content, subject, hotlines = _mapping(raw.get("content")), _mapping(raw.get("subject")), _mapping(raw.get("hotlines"))
    basis = [BasisDoc(_text(b.get("title")), _text(b.get("number")), _text(b.get("article")))
             for b in _list(raw.get("basis")) if isinstance(b, dict)]
    return Item(
        id=_text(raw.get("id")), name=_text(raw.get("name")),
        required=_texts(content.get("required")), optional=_texts(content.get("optional")), basis=basis,
        time_limit=_text(raw.get("time_limit")), update_cycle=_text(raw.get("update_cycle")),
        department=_text(subject.get("department")), person=_text(subject.get("person")),
        channels=_texts(raw.get("channels")), other_channels=_texts(raw.get("other_channels")),
        audience=_texts(raw.get("audience")), method=_texts(raw.get("method")), level=_texts(raw.get("level")),
        consult=_text(hotlines.get("consult")), supervise=_text(hotlines.get("supervise")),
        url=_text(raw.get("url")), note=_text(raw.get("note")), scope=_texts(raw.get("scope")),
    )


def _group_from_data(raw: dict) -> Subcategory:
    return Subcategory(_text(raw.get("name")), [item_from_data(i) for i in _list(raw.get("items"))
                                                 if isinstance(i, dict)])


def domain_from_data(raw: dict, slug: str = "") -> Domain:
    categories = []
    for c in _list(raw.get("categories")):
        if not isinstance(c, dict):
            continue
        category = Category(_text(c.get("name")))
        for entry in _list(c.get("items")):
            if is_group(entry):
                category.entries.append(_group_from_data(entry))
            elif isinstance(entry, dict):
                category.entries.append(item_from_data(entry))
        category.entries += [_group_from_data(s) for s in _list(c.get("subcategories")) if isinstance(s, dict)]
        categories.append(category)
    return Domain(_text(raw.get("domain")), categories, _text(raw.get("description")), slug)


def catalogue_from_data(meta: dict, domains: list[Domain], folder: str = "") -> Catalogue:
    """The catalogue; ``folder`` (catalog.yaml's, when known) is where a relative emblem path is found."""
    departments = {}
    emblem = _text(meta.get("emblem"))
    registry = meta.get("departments")
    for key, d in _mapping(registry).items():
        dept_id = key if isinstance(key, str) else _text(key)  # a key of 3 is the id "3"; of null, none
        if isinstance(d, dict) and (dept_id or isinstance(key, str)) and dept_id not in departments:
            departments[dept_id] = Department(dept_id, _text(d.get("name")), _text(d.get("person")),
                                              _text(d.get("consult")), _text(d.get("supervise")),
                                              _text(d.get("address")))
    return Catalogue(
        region=_text(meta.get("region")), office=_text(meta.get("office")), edition=_text(meta.get("edition")),
        date=_text(meta.get("date")), departments=departments, domains=domains, website=_text(meta.get("website")),
        feedback=_text(meta.get("feedback")), description=_text(meta.get("description")),
        emblem=emblem, emblem_path=_joined(folder, emblem), city=_text(meta.get("city")),
    )


def _joined(folder: str, relative: str) -> str:
    """``relative`` inside ``folder`` (path text only, nothing is read); "" when either is missing, or when
    either holds a NUL character, which no file's path can (the operating system refuses it with ValueError)."""
    if not folder or not relative or "\x00" in folder or "\x00" in relative:
        return ""
    import posixpath

    return posixpath.join(folder.replace("\\", "/"), relative.replace("\\", "/"))


def item_to_data(item: Item) -> dict:
    """YAML data for an item. Empty fields are left out rather than written empty: an imported item that
    lacks something stays visibly missing for validate to report."""
    out: dict[str, Any] = {"id": item.id, "name": item.name}
    if item.required or item.optional:
        out["content"] = {"required": list(item.required)} if item.required else {}
        if item.optional:
            out["content"]["optional"] = list(item.optional)
    basis = []
    for b in item.basis:
        doc: dict[str, str] = {"title": b.title}
        if b.number:
            doc["number"] = b.number
        if b.article:
            doc["article"] = b.article
        basis.append(doc)
    if basis:
        out["basis"] = basis
    for key in ("time_limit", "update_cycle"):
        if getattr(item, key):
            out[key] = getattr(item, key)
    if item.department:
        out["subject"] = {"department": item.department}
        if item.person:
            out["subject"]["person"] = item.person
    for key in ("channels", "other_channels", "audience", "method", "level"):
        if getattr(item, key):
            out[key] = list(getattr(item, key))
    hotlines = {k: v for k, v in (("consult", item.consult), ("supervise", item.supervise)) if v}
    if hotlines:
        out["hotlines"] = hotlines
    if item.url:
        out["url"] = item.url
    if item.note:
        out["note"] = item.note
    if item.scope:
        out["scope"] = list(item.scope)
    return out


def _group_to_data(group: Subcategory) -> dict:
    return {"name": group.name, "items": [item_to_data(i) for i in group.items]}


def domain_to_data(domain: Domain) -> dict:
    out: dict[str, Any] = {"domain": domain.name}
    if domain.description:
        out["description"] = domain.description
    out["categories"] = []
    for c in domain.categories:
        category: dict[str, Any] = {"name": c.name}
        groups = c.subcategories
        if groups and not c.items:  # three levels throughout: the familiar subcategories form
            category["subcategories"] = [_group_to_data(s) for s in groups]
        else:  # items, or items and 二级事项 side by side in their order
            category["items"] = [_group_to_data(e) if isinstance(e, Subcategory) else item_to_data(e)
                                 for e in c.entries]
        out["categories"].append(category)
    return out


def catalogue_to_data(catalogue: Catalogue) -> dict:
    out: dict[str, Any] = {}
    for key in ("region", "city", "office", "edition", "date", "website", "feedback", "emblem", "description"):
        if getattr(catalogue, key):
            out[key] = getattr(catalogue, key)
    out["departments"] = {}
    for dept in catalogue.departments.values():
        fields = (("name", dept.name), ("person", dept.person), ("consult", dept.consult),
                  ("supervise", dept.supervise), ("address", dept.address))
        out["departments"][dept.id] = {k: v for k, v in fields if v}
    return out
