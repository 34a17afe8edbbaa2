"""The one registry of output formats: for each kind of result, the formats gwstd writes it in.

Every command's ``--format`` (and build's ``--only``) takes its choices and their help from here. A report
format is a function ``render(result, stream)`` in a module of this package; a book is a function
``write(sources, out_dir) -> Path`` in gwstd.books.build. Each is imported only when chosen, so that the
cheap formats never pay for rich, nor a report for the books.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any, Callable, TextIO

from gwstd.seams.streams import JSON, XML, escaped_controls, visible_in


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    description: str  # shown in --help
    target: str  # "module:function", the module's full name
    # machine formats written whole in what a narrow console can carry (gwstd.seams.streams.fit's kind)
    stream_kind: str | None = None
    # a file written in this format starts with a UTF-8 BOM, so that Excel (a Chinese Windows' too) reads it as
    # UTF-8; standard output never gets one (a console's encoding is its own)
    bom: bool = False


def _formats(*formats: Format) -> dict[str, Format]:
    return {f.name: f for f in formats}


# result kind → format name → Format
FORMATS: dict[str, dict[str, Format]] = {
    # a Report: the diagnostics of validate, build and diff
    "diagnostics": _formats(
        Format("human", "供人阅读:带代码行和箭头的中文报告(默认)", "gwstd.reports.human:render"),
        Format("json", "JSON,供脚本和其他工具读取", "gwstd.reports.json_report:render", stream_kind=JSON),
        Format("github", "GitHub Actions 工作流注释", "gwstd.reports.github:render"),
        Format("junit", "JUnit XML,供 GitLab 等 CI 显示测试报告", "gwstd.reports.junit:render", stream_kind=XML),
    ),
    # a CoverageReport
    "coverage": _formats(
        Format("human", "表格(默认)", "gwstd.reports.coverage:render_human"),
        Format("json", "JSON,供脚本读取", "gwstd.reports.coverage:render_json", stream_kind=JSON),
        Format("markdown", "Markdown,用于报告", "gwstd.reports.coverage:render_markdown"),
    ),
    # catalogue.diff.Changes
    "changes": _formats(
        Format("human", "表格", "gwstd.reports.changes:render_human"),
        Format("markdown", "调整说明", "gwstd.reports.changes:render_markdown"),
        Format("json", "JSON", "gwstd.reports.changes:render_json", stream_kind=JSON),
    ),
    # a list of catalogue.stats.Stats
    "stats": _formats(
        Format("human", "表格", "gwstd.reports.stats:render_human"),
        Format("json", "JSON", "gwstd.reports.stats:render_json", stream_kind=JSON),
        Format("csv", "CSV,写入文件时带 BOM,可直接用 Excel 打开", "gwstd.reports.stats:render_csv", bom=True),
        Format("markdown", "Markdown", "gwstd.reports.stats:render_markdown"),
    ),
    # a catalogue.province.ProvinceSummary (stats --by county): one row per county, and the province's totals
    "county-stats": _formats(
        Format("human", "表格,每个县一行(默认)", "gwstd.reports.province:render_stats_human"),
        Format("json", "JSON,供脚本读取", "gwstd.reports.province:render_stats_json", stream_kind=JSON),
        Format("csv", "CSV,写入文件时带 BOM,可直接用 Excel 打开", "gwstd.reports.province:render_stats_csv",
               bom=True),
        Format("markdown", "Markdown,用于报告", "gwstd.reports.province:render_stats_markdown"),
    ),
    # a catalogue.province.ProvinceSummary (coverage --by county)
    "county-coverage": _formats(
        Format("human", "表格,每个县一行(默认)", "gwstd.reports.province:render_coverage_human"),
        Format("json", "JSON,含每个县未覆盖的要点,供脚本读取", "gwstd.reports.province:render_coverage_json",
               stream_kind=JSON),
        Format("csv", "CSV,写入文件时带 BOM,可直接用 Excel 打开", "gwstd.reports.province:render_coverage_csv",
               bom=True),
        Format("markdown", "Markdown,用于报告", "gwstd.reports.province:render_coverage_markdown"),
    ),
    # an ImportReport: the column map of each sheet read, and the diagnostics of the import
    "import": _formats(
        Format("human", "供人阅读:每个工作表列的对应,以及带说明的问题(默认)", "gwstd.reports.imports:render_human"),
        Format("json", "JSON,含问题和每个工作表列的对应,供脚本和其他工具读取", "gwstd.reports.imports:render_json",
               stream_kind=JSON),
        Format("github", "GitHub Actions 工作流注释", "gwstd.reports.imports:render_github"),
        Format("junit", "JUnit XML,供 GitLab 等 CI 显示测试报告", "gwstd.reports.imports:render_junit",
               stream_kind=XML),
    ),
    # a reports.merges.MergeReport (import --into): its human format is the changes' table, problems on stderr
    "merge": _formats(Format("json", "JSON,含修改和问题", "gwstd.reports.merges:render_json", stream_kind=JSON)),
    # a CodesReport: the code catalogue and the domain rules
    "codes": _formats(
        Format("human", "表格和每条规则的示例(默认)", "gwstd.reports.codes:render_human"),
        Format("json", "JSON,供脚本读取", "gwstd.reports.codes:render_json", stream_kind=JSON),
    ),
    # books.build.Sources, written as a file into the output folder, in this order
    "books": _formats(
        Format("excel", "Excel 目录(全国通用表式)", "gwstd.books.build:write_excel"),
        Format("html", "网页目录(可离线检索、打印)", "gwstd.books.build:write_html"),
        Format("pdf", "PDF 目录(A4 横向,用本机的 Edge、Chrome 或 Chromium 打印)", "gwstd.books.build:write_pdf"),
    ),
}


def names(kind: str) -> list[str]:
    """The format names of a result kind, the default first."""
    return list(FORMATS[kind])


def help_text(kind: str, lead: str = "输出格式:") -> str:
    return lead + ";".join(f"{f.name} {f.description}" for f in FORMATS[kind].values())


def get(kind: str, name: str) -> Format:
    return FORMATS[kind][name]


def _resolve(kind: str, name: str) -> Callable[..., Any]:
    module, function = FORMATS[kind][name].target.split(":")
    return getattr(importlib.import_module(module), function)


def renderer(kind: str, name: str) -> Callable[[Any, TextIO], None]:
    """The function that renders a result of ``kind`` in the format ``name`` on a stream.

    This is the one place where text from files is made safe for a terminal, whatever the format: no format
    writes a control character from a catalogue (ESC, BEL, NUL …), which would drive the terminal that shows
    it (a window title, colours, the cursor). Text formats (human, markdown, csv, github) get the result with
    every string in it made visible first (``\\x1b``: gwstd.seams.streams.visible_in), so that the
    renderers' own colours still reach the terminal; JSON and XML escape in their own syntax (JSON and
    ElementTree escape C0 already; DEL and C1 controls, which both may carry raw, are escaped here).
    """
    render = _resolve(kind, name)
    if kind == "books":
        return render
    stream_kind = FORMATS[kind][name].stream_kind
    if stream_kind is None:
        def render_visible(result: Any, stream: TextIO) -> None:
            render(visible_in(result), stream)

        return render_visible

    def render_escaped(result: Any, stream: TextIO) -> None:
        buffer = StringIO()
        render(result, buffer)
        stream.write(escaped_controls(buffer.getvalue(), stream_kind))

    return render_escaped


def writer(name: str) -> Callable[..., Path]:
    """The function that writes the book ``name`` (kind "books") into an output folder."""
    return _resolve("books", name)
