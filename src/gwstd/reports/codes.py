"""The code catalogue and the domain rules, for `gwstd rules`: a table and each rule's examples for people,
JSON for tools.

The JSON stays a list with one object per code (what tools read before the rules were listed); each code
carries the rules that emit it, with their scope, title (Chinese), summary (the docstring's first
line, English) and passing and failing examples.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from gwstd.reports.base import CodesReport

if TYPE_CHECKING:
    from gwstd.rules.base import Rule

SCOPE_LABELS = {"text": "逐个文本值", "file": "逐个文件", "catalogue": "整个目录"}
EXAMPLE_LABELS = {True: "通过", False: "不通过"}


def rule_to_dict(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "codes": list(rule.codes),
        "scope": rule.scope,
        "scope_label": SCOPE_LABELS[rule.scope],
        "title": rule.title,
        "summary": rule.summary,
        "fixable": rule.fix is not None,  # gwstd validate --fix corrects what it reports
        "examples": [{"passes": e.passes, "label": EXAMPLE_LABELS[e.passes], "text": e.text}
                     for e in rule.own_examples],
    }


def to_rows(result: CodesReport) -> list[dict]:
    emitted_by: dict[str, list[Rule]] = {}
    for rule in result.rules:
        for code in rule.codes:
            emitted_by.setdefault(code, []).append(rule)
    return [{"code": c.code, "title": c.title, "severity": c.severity.key, "description": c.description,
             "example": c.example, "rules": [rule_to_dict(r) for r in emitted_by.get(c.code, [])],
             "fixable": bool(c.fix) or any(r.fix is not None for r in emitted_by.get(c.code, [])),
             "fix": c.fix}
            for c in result.codes]


def render_json(result: CodesReport, stream: TextIO) -> None:
    stream.write(json.dumps(to_rows(result), ensure_ascii=False, indent=2) + "\n")


def render_human(result: CodesReport, stream: TextIO) -> None:
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, markup=False)
    table = Table(title="gwstd 问题代码", show_lines=True)
    for column in ("代码", "级别", "标题", "说明", "示例"):
        table.add_column(column, overflow="fold")
    fixable = {code for rule in result.rules if rule.fix is not None for code in rule.codes}
    for c in result.codes:
        fix = (f"\n可自动修正(--fix):{c.fix}" if c.fix
               else "\n部分可自动修正(--fix),见下面的领域规则" if c.code in fixable else "")
        table.add_row(c.code, c.severity.label, c.title, c.description + fix, c.example)
    console.print(table)
    if not result.rules:
        return
    console.print()
    console.print(Text("领域规则", style="bold"))
    for rule in result.rules:
        # Text throughout, never markup: summaries and YAML examples hold brackets rich would read as tags.
        console.print()
        fixable = " · 可自动修正(gwstd validate --fix)" if rule.fix is not None else ""
        console.print(Text.assemble((rule.id, "bold"),
                                    (f"  {'、'.join(rule.codes)} · {SCOPE_LABELS[rule.scope]}{fixable}", "dim")))
        console.print(Padding(Text(rule.title), (0, 0, 0, 2), expand=False))
        for example in rule.own_examples:
            console.print(Padding(Text(f"{EXAMPLE_LABELS[example.passes]}:", style="green" if example.passes else "red"),
                                  (0, 0, 0, 2), expand=False))
            # YAML as written: a wrapped line would read as another line of the file
            for line in example.text.rstrip("\n").splitlines():
                console.print(Text(" " * 6 + line), soft_wrap=True)
