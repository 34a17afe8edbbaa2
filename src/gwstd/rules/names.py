"""No two entries of the same name at one level (GW202): the items and 二级事项 directly under a 一级事项, and
the 三级事项 under a 二级事项. Equal names under two different parents are fine.

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
from gwstd.load.walk import iter_entries
from gwstd.rules.base import Context, Rule


def check(doc: Document, context: Context) -> Iterator[Diagnostic]:
    if context.kind != "domain":
        return
    first: dict[tuple[tuple, str], tuple] = {}
    parents: dict[tuple, str] = {}  # a 二级事项's path → how a message names it
    for path, entry, category, level in iter_entries(doc.data):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        parent = path[:2] if level == "二级" else path[:-2]  # the 一级事项, or the 二级事项 holding a 三级事项
        if level == "二级":
            parents[path] = f"二级事项「{name.strip()}」"
        key = (parent, name.strip())
        if key in first:
            line, _ = doc.locate((*first[key], "name"))
            where = f"一级事项「{category}」" if level == "二级" else parents.get(parent, "二级事项")
            yield doc.diag("GW202", (*path, "name"), where=where, name=name.strip(), other=f"第 {line} 行")
        else:
            first[key] = path


RULES = [Rule("unique-names", ("GW202",), "file", check, __doc__ or "", title="同一级下事项名称不重复")]
