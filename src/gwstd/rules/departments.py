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
from gwstd.load.index import CatalogueIndex, DepartmentRef
from gwstd.rules.base import Context, Rule


def suggestions(ref: str, registry: dict[str, DepartmentRef], region: str = "", n: int = 3) -> list[str]:
    """Up to ``n`` registered ids ``ref`` may have meant: by the id's spelling, or by the department's
    Chinese name (``department: 教育局`` for jiaoyu, 测试县教育局), best first."""
    wanted = ref.strip()
    found: list[str] = []
    if wanted and not wanted.isascii():
        def short(name: str) -> str:
            return name[len(region):] if region and name.startswith(region) and name != region else name

        scored = []
        for dept in registry.values():
            names = {dept.name, short(dept.name)}
            if wanted in names:
                score = 2.0
            elif any(wanted in name or name in wanted for name in names if name):
                score = 1.5
            else:  # like-looking names, without the county's name every one of them starts with
                score = difflib.SequenceMatcher(None, short(wanted), short(dept.name)).ratio()
            if score >= 0.6:
                scored.append((-score, dept.id))
        if any(score <= -1.5 for score, _ in scored):  # the name, or a part of it: the rest are guesses
            scored = [(score, dept_id) for score, dept_id in scored if score <= -1.5]
        found = [dept_id for _, dept_id in sorted(scored)]
    by_lower = {dept_id.lower(): dept_id for dept_id in registry}
    for close in difflib.get_close_matches(wanted.lower(), sorted(by_lower), n=n, cutoff=0.6):
        if by_lower[close] not in found:
            found.append(by_lower[close])
    return found[:n]


def check_references(index: CatalogueIndex, context: Context) -> Iterator[Diagnostic]:
    if index.registry is None:  # no catalog.yaml: reported once as GW015 instead
        return
    for item in index.items:
        if item.department is None or item.department in index.registry or item.department_pos is None:
            continue
        close = suggestions(item.department, index.registry, index.region)
        named = [f"{k}({index.registry[k].name})" for k in close]
        if len(close) == 1:
            hint = f"是不是想写「{close[0]}」({index.registry[close[0]].name})?"
        elif close:
            hint = "可能是:" + "、".join(named)
        else:
            hint = "请填写 catalog.yaml 部门名册中的部门编号"
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
