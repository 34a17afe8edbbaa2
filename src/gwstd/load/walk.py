"""Walking catalogue data defensively: rules run on files the schema may have rejected."""

from __future__ import annotations

from typing import Any, Iterator

from gwstd.diagnostics import JsonPath


def is_group(raw: Any) -> bool:
    """Whether an entry of a 一级事项's ``items`` is a 二级事项 holding 三级事项 (it has items of its own)
    rather than an item (an item with a stray ``items`` has its id): the test the schema's branch makes, shared
    by the model and the walkers."""
    return isinstance(raw, dict) and "items" in raw and "id" not in raw


def iter_entries(data: Any) -> Iterator[tuple[JsonPath, dict, str, str]]:
    """(path, entry, 一级事项 name, level) for every named entry of a domain file, in the file's order: items and
    二级事项 under a 一级事项 are at level "二级", each 二级事项's items (at "三级") right after it."""
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        return
    for ci, category in enumerate(data["categories"]):
        if not isinstance(category, dict):
            continue
        name = category.get("name") if isinstance(category.get("name"), str) else ""
        for key in ("items", "subcategories"):
            entries = category.get(key)
            if not isinstance(entries, list):
                continue
            for ei, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    continue
                path: JsonPath = ("categories", ci, key, ei)
                yield path, entry, name, "二级"
                if (key == "subcategories" or is_group(entry)) and isinstance(entry.get("items"), list):
                    for ii, item in enumerate(entry["items"]):
                        if isinstance(item, dict):
                            yield (*path, "items", ii), item, name, "三级"


def iter_items(data: Any) -> Iterator[tuple[JsonPath, dict, str]]:
    """(path, item, 一级事项 name) for every item of a domain file, at either depth."""
    for path, entry, category, _ in iter_entries(data):
        if not is_group(entry) and not (len(path) == 4 and path[2] == "subcategories"):  # a 二级事项, not an item
            yield path, entry, category
