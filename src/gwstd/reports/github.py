"""GitHub Actions workflow commands: each diagnostic becomes an annotation on its line."""

from __future__ import annotations

from typing import TextIO

from gwstd.diagnostics import Severity
from gwstd.diagnostics.codes import CODES
from gwstd.reports.base import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, stream: TextIO) -> None:
    for d in report.diagnostics:
        props = []
        if d.file:
            props.append(f"file={_prop(d.file)}")
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
        entry = CODES.get(d.code)
        props.append(f"title={_prop(d.code + ' ' + (entry.title if entry else ''))}")
        message = d.message + (f"\n提示:{d.hint}" if d.hint else "")
        stream.write(f"::{_LEVEL[d.severity]} {','.join(props)}::{_data(message)}\n")
    s = report.summary
    stream.write(f"gwstd {report.command}:检查了 {s.files} 个文件,{s.errors} 个错误,{s.warnings} 个警告\n")
