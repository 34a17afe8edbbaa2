"""Walking catalogue data defensively: rules run on files the schema may have rejected."""

from __future__ import annotations

from typing import Any, Iterator

from gwstd.diagnostics import JsonPath


def iter_items(data: Any) -> Iterator[tuple[JsonPath, dict, str]]:
    """(path, item, 一级事项 name) for every item of a domain file, at either depth."""
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        return
    for ci, category in enumerate(data["categories"]):
        if not isinstance(category, dict):
            continue
        name = category.get("name") if isinstance(category.get("name"), str) else ""
        base: JsonPath = ("categories", ci)
        if isinstance(category.get("items"), list):
            for ii, item in enumerate(category["items"]):
                if isinstance(item, dict):
                    yield (*base, "items", ii), item, name
        if isinstance(category.get("subcategories"), list):
            for si, sub in enumerate(category["subcategories"]):
                if isinstance(sub, dict) and isinstance(sub.get("items"), list):
                    for ii, item in enumerate(sub["items"]):
                        if isinstance(item, dict):
                            yield (*base, "subcategories", si, "items", ii), item, name
