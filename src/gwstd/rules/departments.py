"""Department references resolve (GW203); registered departments are used (GW213).

PASS::

    # catalog.yaml
    departments:
      jiaoyu: {name: 示例县教育局, person: 王建国, consult: 0838-2222222, supervise: "12345"}
    # yiwu-jiaoyu.yaml
    subject:
      department: jiaoyu

FAIL::

    - subject:
        department: jiaoyuju    # GW203:部门名册中没有这个编号
    - subject:
        department: jiaoyu

FAIL::

    # catalog.yaml
    departments:
      jiaoyu: {name: 示例县教育局, person: 王建国, consult: 0838-2222222, supervise: "12345"}
      caizheng: {name: 示例县财政局, person: 李明, consult: 0838-2222223, supervise: "12345"}  # GW213:没有事项引用这个部门
"""

from __future__ import annotations

import difflib
from typing import Iterator

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load.index import CatalogueIndex
from gwstd.rules.base import Context, Rule


def check_references(index: CatalogueIndex, context: Context) -> Iterator[Diagnostic]:
    if index.registry is None:  # no catalog.yaml: reported once as GW015 instead
        return
    known = sorted(index.registry)
    for item in index.items:
        if item.department is None or item.department in index.registry or item.department_pos is None:
            continue
        close = difflib.get_close_matches(item.department, known, n=1, cutoff=0.6)
        hint = f"是不是想写「{close[0]}」({index.registry[close[0]].name})?" if close else ""
        hint += "名册中的部门:" + "、".join(f"{k}({index.registry[k].name})" for k in known[:30])
        pos = item.department_pos
        yield codes.make("GW203", file=pos.file, line=pos.line, column=pos.column,
                         path=(*item.path, "subject", "department"), ref=item.department, hint=hint)


def check_unused(index: CatalogueIndex, context: Context) -> Iterator[Diagnostic]:
    # A department is unused only when every file has been read: one that did not load may cite it.
    if index.registry is None or not index.items or index.unloaded:
        return
    used = {item.department for item in index.items}
    for dept in index.registry.values():
        if dept.id not in used:
            yield codes.make("GW213", file=dept.pos.file, line=dept.pos.line, column=dept.pos.column,
                             path=("departments", dept.id), ref=dept.id, name=dept.name)


RULES = [
    Rule("department-refs", ("GW203",), "catalogue", check_references, __doc__ or "", title="事项引用的部门在部门名册中"),
    Rule("unused-departments", ("GW213",), "catalogue", check_unused, __doc__ or "", title="部门名册中的部门都有事项引用"),
]
