"""What `gwstd import` read: each sheet's column map, then the diagnostics, for people or as JSON."""

from __future__ import annotations

import json
from typing import TextIO

from gwstd.reports import github, human, json_report, junit
from gwstd.reports.base import ImportedSheet, ImportReport


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index``: 0 → A, 25 → Z, 26 → AA (openpyxl's own, which
    the import has loaded already)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def sheet_to_dict(sheet: ImportedSheet) -> dict:
    return {
        "file": sheet.file,
        "sheet": sheet.sheet,
        "domain": sheet.domain,
        "header_rows": list(sheet.header_rows),
        "first_data_row": sheet.header_rows[1] + 1,
        "items": sheet.items,
        "columns": [{"letter": column_letter(c.column), "header": c.header, "label": c.label, "field": c.target}
                    for c in sheet.columns if c.header],
        "skipped": [{"row": s.row, "reason": s.reason, "text": s.text} for s in sheet.skipped],
        # every decision a person might question (a split phone, a word taken as a tick, a formula without a
        # value …), with its cell: the diagnostics of this sheet, also listed with all the others
        "decisions": [{"code": d.code, "severity": d.severity.key, "cell": d.path[1] if len(d.path) > 1 else "",
                       "message": d.message} for d in sheet.diagnostics],
    }


def _skipped_text(sheet: ImportedSheet) -> str:
    """The skipped rows, those of one reason together: 第 5、30 行(重复的表头行)."""
    by_reason: dict[str, list[int]] = {}
    for row in sheet.skipped:
        by_reason.setdefault(row.reason, []).append(row.row)
    return ";".join(f"第 {'、'.join(str(n) for n in numbers)} 行({reason})" for reason, numbers in by_reason.items())


def render_human(result: ImportReport, stream: TextIO) -> None:
    for sheet in result.sheets:
        stream.write(f"工作表「{sheet.sheet}」→ 领域「{sheet.domain}」:表头在第 {sheet.header_rows[0]} 行,"
                     f"数据从第 {sheet.header_rows[1] + 1} 行开始,{sheet.items} 个事项。列的对应:\n")
        for column in sheet.columns:
            if column.header:
                stream.write(f"    {column_letter(column.column)} 列「{column.header}」→ {column.label}\n")
        if sheet.skipped:
            stream.write(f"    未导入的行:{_skipped_text(sheet)}\n")
        decisions = [d for d in sheet.diagnostics if d.code not in ("GW403", "GW405", "GW409")]
        if decisions:  # the columns and skipped rows are said above; the rest, each with its cell, below
            stream.write(f"    需要核对的处理:{len(decisions)} 处(见下面的提示和警告)\n")
    if result.report.diagnostics:  # a clean import says nothing more: the files written are listed after
        human.render(result.report, stream)


def render_json(result: ImportReport, stream: TextIO) -> None:
    payload = json_report.payload(result.report)
    payload["sheets"] = [sheet_to_dict(s) for s in result.sheets]
    payload["written"] = list(result.written)
    stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def render_github(result: ImportReport, stream: TextIO) -> None:
    github.render(result.report, stream)


def render_junit(result: ImportReport, stream: TextIO) -> None:
    junit.render(result.report, stream)
