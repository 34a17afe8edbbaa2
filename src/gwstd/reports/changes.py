"""The changes between two editions: a rich table, the 调整说明 in Markdown, or JSON."""

from __future__ import annotations

import json
from typing import TextIO

from gwstd.catalogue.diff import (
    DEPARTMENT_CHANGE_LABELS,
    DEPARTMENT_KIND_LABELS,
    KIND_LABELS,
    Changes,
    detail,
    fields_text,
    summary,
)
from gwstd.reports.base import markdown_cell as _md


def render_markdown(changes: Changes, stream: TextIO) -> None:
    out = [f"# {_md(changes.region)}政务公开事项标准目录调整说明", "",
           f"对比 {_md(changes.old_label)}({_md(changes.old_edition) or '—'})与 {_md(changes.new_label)}"
           f"({_md(changes.new_edition) or '—'}):{summary(changes)}。", ""]
    if changes.empty:
        out += ["两个版本没有差别。", ""]
    if changes.meta:
        out += ["## 目录信息", ""] + [f"- {f.label}:{_md(f.text())}" for f in changes.meta] + [""]
    for kind, title in (("added", "新增事项"), ("removed", "删除事项")):
        rows = changes.of(kind)
        if rows:
            out += [f"## {title}", "", "| 领域 | 一级事项 | 事项编号 | 事项名称 |", "|---|---|---|---|"]
            out += [f"| {_md(c.place.domain)} | {_md(' / '.join(filter(None, (c.place.category, c.place.subcategory))))} "
                    f"| {_md(c.id)} | {_md(c.name)} |" for c in rows]
            out.append("")
    if changes.of("changed"):
        out += ["## 修改的事项", ""]
        for c in changes.of("changed"):
            out += [f"### {c.id} {_md(c.name)}({_md(c.place.domain)})", ""]
            out += [f"- {f.label}:{_md(f.text())}" for f in c.fields]
            out.append("")
    if changes.of("moved"):
        out += ["## 移动的事项", "", "| 事项编号 | 事项名称 | 原位置 | 新位置 |", "|---|---|---|---|"]
        out += [f"| {_md(c.id)} | {_md(c.name)} | {_md(c.old_place.text() if c.old_place else '')} | {_md(c.place.text())} |"
                for c in changes.of("moved")]
        out.append("")
    if changes.departments:
        out += ["## 部门信息变更", ""]
        for d in changes.departments:
            # under the heading 部门信息变更, a change needs no second 部门
            what = DEPARTMENT_KIND_LABELS[d.kind] if d.kind == "changed" else DEPARTMENT_CHANGE_LABELS[d.kind]
            line = f"- {_md(d.name)}({d.id}):{what}"
            if d.fields:
                line += ";" + ";".join(f"{f.label}:{_md(f.text())}" for f in d.fields)
            if d.items:
                line += f";涉及 {len(d.items)} 个事项:" + "、".join(d.items)
            out.append(line)
        out.append("")
    stream.write("\n".join(out))


def to_dict(changes: Changes) -> dict:
    def field(f):
        return {"field": f.key, "label": f.label, "old": f.old, "new": f.new, "added": list(f.added),
                "removed": list(f.removed)}

    return {
        "old": {"label": changes.old_label, "edition": changes.old_edition},
        "new": {"label": changes.new_label, "edition": changes.new_edition},
        "counts": changes.counts(),
        "meta": [field(f) for f in changes.meta],
        "items": [{"kind": c.kind, "id": c.id, "name": c.name, "domain": c.place.domain, "category": c.place.category,
                   "subcategory": c.place.subcategory,
                   "old_domain": c.old_place.domain if c.old_place else None,
                   "old_category": c.old_place.category if c.old_place else None,
                   "old_subcategory": c.old_place.subcategory if c.old_place else None,
                   "fields": [field(f) for f in c.fields]} for c in changes.items],
        "departments": [{"id": d.id, "name": d.name, "kind": d.kind, "fields": [field(f) for f in d.fields],
                         "items": list(d.items)} for d in changes.departments],
    }


def render_json(changes: Changes, stream: TextIO) -> None:
    stream.write(json.dumps(to_dict(changes), ensure_ascii=False, indent=2) + "\n")


def render_human(changes: Changes, stream: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, markup=False)  # values are text, never tags
    console.print(f"{changes.region}:{changes.old_label}({changes.old_edition or '—'})→ {changes.new_label}"
                  f"({changes.new_edition or '—'}):{summary(changes)}")
    if changes.empty:
        console.print("两个版本没有差别。")
        return
    if changes.items:
        table = Table(show_lines=True)
        for column in ("变更", "事项编号", "事项名称", "领域 / 一级事项", "内容"):
            table.add_column(column, overflow="fold")
        for c in changes.ordered():
            table.add_row(KIND_LABELS[c.kind], c.id, c.name, c.place.text(), detail(c))
        console.print(table)
    for f in changes.meta:
        console.print(f"目录信息 {f.label}:{f.text()}")
    for d in changes.departments:
        fields = fields_text(d.fields)
        console.print(f"部门 {d.name}({d.id}){DEPARTMENT_KIND_LABELS[d.kind]}"
                      + (f":{fields}" if fields else "") + (f",涉及 {len(d.items)} 个事项" if d.items else ""))
