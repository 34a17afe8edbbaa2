"""No two items of the same name under one 一级事项 (GW202).

PASS::

    categories:
      - name: 法规政策
        items:
          - name: 招生政策
          - name: 招生方案
      - name: 招生入学
        items:
          - name: 招生政策

FAIL::

    categories:
      - name: 法规政策
        items:
          - name: 招生政策
          - name: 招生政策    # GW202:同一个一级事项下已有同名事项
"""

from __future__ import annotations

from typing import Iterator

from gwstd.diagnostics import Diagnostic
from gwstd.load.document import Document
from gwstd.load.walk import iter_items
from gwstd.rules.base import Context, Rule


def check(doc: Document, context: Context) -> Iterator[Diagnostic]:
    if context.kind != "domain":
        return
    first: dict[tuple[int, str], tuple] = {}
    for path, item, category in iter_items(doc.data):
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        key = (path[1], name.strip())  # path[1] is the 一级事项's index: equal names in two of them are fine
        if key in first:
            line, _ = doc.locate((*first[key], "name"))
            yield doc.diag("GW202", (*path, "name"), category=category, name=name.strip(), other=f"第 {line} 行")
        else:
            first[key] = path


RULES = [Rule("unique-names", ("GW202",), "file", check, __doc__ or "", title="同一一级事项下事项名称不重复")]
