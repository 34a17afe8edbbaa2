"""Output formats, from one registry: each turns a report into text on a stream.

Reporters are imported only when chosen, so that the cheap ones never pay for rich.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, TextIO

from gwstd.diagnostics import Diagnostic, Summary


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    command: str  # e.g. "validate"
    diagnostics: list[Diagnostic]
    summary: Summary
    files: list[str]
    strict: bool = False


class Reporter(Protocol):
    def __call__(self, report: Report, stream: TextIO) -> None: ...


# name → (module, description shown in --help)
REPORTERS: dict[str, tuple[str, str]] = {
    "human": ("gwstd.reporters.human", "供人阅读:带代码行和箭头的中文报告(默认)"),
    "json": ("gwstd.reporters.json_report", "JSON,供脚本和其他工具读取"),
    "github": ("gwstd.reporters.github", "GitHub Actions 工作流注释"),
    "junit": ("gwstd.reporters.junit", "JUnit XML,供 GitLab 等 CI 显示测试报告"),
}


def markdown_cell(text: object) -> str:
    """Text safe inside a Markdown table cell or list item: no column breaks, no line breaks."""
    return str(text).replace("|", "\\|").replace("\n", " ")


# Coverage reports: name → (function in gwstd.reporters.coverage, description shown in --help)
COVERAGE_RENDERERS: dict[str, tuple[str, str]] = {
    "human": ("render_human", "表格(默认)"),
    "json": ("render_json", "JSON,供脚本读取"),
    "markdown": ("render_markdown", "Markdown,用于报告"),
}


def get_coverage_renderer(name: str):  # noqa: ANN201 - see gwstd.reporters.coverage
    from gwstd.reporters import coverage

    return getattr(coverage, COVERAGE_RENDERERS[name][0])


def get_reporter(name: str) -> Reporter:
    module, _ = REPORTERS[name]
    return importlib.import_module(module).render
