"""The one registry of output formats: for each kind of result, the formats that render it.

Every command's ``--format`` takes its choices and their help from here. A format is a function
``render(result, stream)`` in a module of this package, imported only when chosen, so that the cheap
formats never pay for rich.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, TextIO

from gwstd.seams.streams import JSON, XML


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    description: str  # shown in --help
    target: str  # "module:function" inside gwstd.reports
    # machine formats written whole in what a narrow console can carry (gwstd.seams.streams.fit's kind)
    stream_kind: str | None = None


def _formats(*formats: Format) -> dict[str, Format]:
    return {f.name: f for f in formats}


# result kind → format name → Format
FORMATS: dict[str, dict[str, Format]] = {
    # a Report: the diagnostics of validate, build and diff
    "diagnostics": _formats(
        Format("human", "供人阅读:带代码行和箭头的中文报告(默认)", "human:render"),
        Format("json", "JSON,供脚本和其他工具读取", "json_report:render", stream_kind=JSON),
        Format("github", "GitHub Actions 工作流注释", "github:render"),
        Format("junit", "JUnit XML,供 GitLab 等 CI 显示测试报告", "junit:render", stream_kind=XML),
    ),
    # a CoverageReport
    "coverage": _formats(
        Format("human", "表格(默认)", "coverage:render_human"),
        Format("json", "JSON,供脚本读取", "coverage:render_json", stream_kind=JSON),
        Format("markdown", "Markdown,用于报告", "coverage:render_markdown"),
    ),
    # catalogue.diff.Changes
    "changes": _formats(
        Format("human", "表格", "changes:render_human"),
        Format("markdown", "调整说明", "changes:render_markdown"),
        Format("json", "JSON", "changes:render_json", stream_kind=JSON),
    ),
    # a list of catalogue.stats.Stats
    "stats": _formats(
        Format("human", "表格", "stats:render_human"),
        Format("json", "JSON", "stats:render_json", stream_kind=JSON),
        Format("csv", "CSV", "stats:render_csv"),
        Format("markdown", "Markdown", "stats:render_markdown"),
    ),
    # an ImportReport: the column map of each sheet read, and the diagnostics of the import
    "import": _formats(
        Format("human", "供人阅读:每个工作表列的对应,以及带说明的问题(默认)", "imports:render_human"),
        Format("json", "JSON,含问题和每个工作表列的对应,供脚本和其他工具读取", "imports:render_json",
               stream_kind=JSON),
        Format("github", "GitHub Actions 工作流注释", "imports:render_github"),
        Format("junit", "JUnit XML,供 GitLab 等 CI 显示测试报告", "imports:render_junit", stream_kind=XML),
    ),
    # a CodesReport: the code catalogue and the domain rules
    "codes": _formats(
        Format("human", "表格和每条规则的示例(默认)", "codes:render_human"),
        Format("json", "JSON,供脚本读取", "codes:render_json", stream_kind=JSON),
    ),
}


def names(kind: str) -> list[str]:
    """The format names of a result kind, the default first."""
    return list(FORMATS[kind])


def help_text(kind: str) -> str:
    return "输出格式:" + ";".join(f"{f.name} {f.description}" for f in FORMATS[kind].values())


def get(kind: str, name: str) -> Format:
    return FORMATS[kind][name]


def renderer(kind: str, name: str) -> Callable[[Any, TextIO], None]:
    module, function = FORMATS[kind][name].target.split(":")
    return getattr(importlib.import_module(f"gwstd.reports.{module}"), function)
