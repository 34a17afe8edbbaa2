"""The report people read: each problem with its line of YAML and a caret under the spot."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from gwstd.diagnostics import Diagnostic, Severity
from gwstd.reporters import Report

if TYPE_CHECKING:
    from rich.console import Console

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}


def render(report: Report, stream: TextIO) -> None:
    if not report.diagnostics:
        # The common case, on every commit's hook: one line, without paying for rich's import.
        ok = f"✓ 检查了 {report.summary.files} 个文件,没有发现问题。"
        stream.write(f"\x1b[1;32m{ok}\x1b[0m\n" if _colour(stream) else ok + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    print_diagnostics(console, report.diagnostics)
    s = report.summary
    failed = s.failed(strict=report.strict)
    parts = [f"{s.errors} 个错误", f"{s.warnings} 个警告"] + ([f"{s.infos} 个提示"] if s.infos else [])
    line = Text(f"{'✗' if failed else '✓'} 检查了 {s.files} 个文件:" + "、".join(parts),
                style="bold red" if failed else "bold yellow")
    if report.strict and s.warnings and not s.errors:
        line.append("(--strict:警告也视为失败)")
    console.print(line)


def _colour(stream: TextIO) -> bool:
    """Colour as rich would decide it: a terminal, unless NO_COLOR is set (or FORCE_COLOR forces it)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def print_diagnostics(console: "Console", diagnostics: list[Diagnostic]) -> None:
    """Each diagnostic with its line of YAML and a caret under the spot."""
    from rich.cells import cell_len
    from rich.text import Text

    for d in diagnostics:
        where = d.file + (f":{d.line}:{d.column}" if d.line else "")
        head = Text()
        head.append(where, style="bold")
        head.append("  ")
        head.append(d.severity.label, style=_STYLE[d.severity])
        head.append(f" {d.code} ", style="dim")
        head.append(d.message)
        console.print(head)
        if d.source_line and d.line:
            gutter = f"{d.line:>5} │ "
            console.print(Text(gutter, style="dim") + Text(d.source_line.expandtabs(4)))
            prefix = d.source_line[: max(d.column - 1, 0)].expandtabs(4)
            console.print(Text(" " * (len(gutter) - 2) + "│ ", style="dim")
                          + Text(" " * cell_len(prefix) + "^", style=_STYLE[d.severity]))
        if d.hint:
            console.print(Text("      提示:", style="cyan") + Text(d.hint))
        console.print()
