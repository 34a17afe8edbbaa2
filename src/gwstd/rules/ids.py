"""Item ids are unique across the whole catalogue (GW201).

Diff and permalinks identify an item by its id, so two items may never share one.

PASS::

    - id: jy-zs-001
    - id: jy-zs-002

FAIL::

    - id: jy-zs-001
    - id: jy-zs-001     # GW201:编号已被另一个事项使用
"""

from __future__ import annotations

from typing import Iterator

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load.index import CatalogueIndex, ItemRef
from gwstd.rules.base import Context, Rule


def check(index: CatalogueIndex, context: Context) -> Iterator[Diagnostic]:
    first: dict[str, ItemRef] = {}
    for item in index.items:
        seen = first.setdefault(item.id, item)
        if seen is not item:
            pos = item.id_pos
            yield codes.make("GW201", file=pos.file, line=pos.line, column=pos.column, path=(*item.path, "id"),
                             id=item.id, other=f"{seen.id_pos.text()} 的事项「{seen.name}」")


RULES = [Rule("unique-ids", ("GW201",), "catalogue", check, __doc__ or "", title="事项编号在整个目录中唯一")]
