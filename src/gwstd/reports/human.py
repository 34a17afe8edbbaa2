"""The report people read: each problem with its line of YAML and a caret under the spot."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from gwstd.diagnostics import Diagnostic, Severity
from gwstd.reports.base import Report
from gwstd.seams.streams import visible

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


# A line longer than this (in terminal cells) is cut to a window around the column: a minified or one-line
# file of 20 KB would otherwise fill the screen for each problem on it.
FRAME_WIDTH = 100
FRAME_LEAD = 40  # cells shown before the column
CUT = "…"


def frame_line(line: str, column: int) -> tuple[str, int]:
    """The source line as shown under a problem, and the cell offset of the caret in it."""
    from rich.cells import cell_len

    index = min(max(column - 1, 0), len(line))
    index = len(line[:index].expandtabs(4))  # where the column lands once tabs are expanded
    line = line.expandtabs(4)
    if cell_len(line) <= FRAME_WIDTH:
        return line, cell_len(line[:index])
    start = index
    while start > 0 and cell_len(line[start - 1:index]) <= FRAME_LEAD:
        start -= 1
    end = start
    while end < len(line) and cell_len(line[start:end + 1]) <= FRAME_WIDTH:
        end += 1
    prefix = CUT if start > 0 else ""
    suffix = CUT if end < len(line) else ""
    return prefix + line[start:end] + suffix, cell_len(prefix + line[start:index])


def print_diagnostics(console: "Console", diagnostics: list[Diagnostic]) -> None:
    """Each diagnostic with its line of YAML and a caret under the spot."""
    from rich.text import Text

    for d in diagnostics:
        # Text from files (names, quoted values, the source line) never reaches the terminal raw.
        where = visible(d.file) + (f":{d.line}:{d.column}" if d.line else "")
        head = Text()
        head.append(where, style="bold")
        head.append("  ")
        head.append(d.severity.label, style=_STYLE[d.severity])
        head.append(f" {d.code} ", style="dim")
        head.append(visible(d.message))
        console.print(head)
        if d.source_line and d.line:
            gutter = f"{d.line:>5} │ "
            shown, caret = frame_line(visible(d.source_line), d.column)
            console.print(Text(gutter, style="dim") + Text(shown))
            console.print(Text(" " * (len(gutter) - 2) + "│ ", style="dim")
                          + Text(" " * caret + "^", style=_STYLE[d.severity]))
        if d.hint:
            console.print(Text("      提示:", style="cyan") + Text(visible(d.hint)))
        console.print()
