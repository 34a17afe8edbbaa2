"""Diagnostics: takes a code and its message fields, gives the one Diagnostic type every command reports.

The code catalogue (codes.py) gives each code its title, severity, message and hint; errors.py the coded
errors that stop a command (an output, an edition, a template).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Iterable


class Severity(enum.IntEnum):
    # Ordered so that max() gives the worst severity.
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]

    @property
    def key(self) -> str:
        return self.name.lower()


_SEVERITY_LABELS = {Severity.INFO: "提示", Severity.WARNING: "警告", Severity.ERROR: "错误"}

JsonPath = tuple  # tuple[str | int, ...]: keys and list indexes inside one document


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in a file: where it is, what it is, and how to fix it.

    ``line`` and ``column`` are 1-based; 0 means "unknown" (a problem with a whole file).
    """

    code: str
    severity: Severity
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    path: JsonPath = ()
    hint: str = ""
    source_line: str = field(default="", compare=False)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)

    def with_severity(self, severity: Severity) -> "Diagnostic":
        return replace(self, severity=severity)

    @property
    def path_text(self) -> str:
        return format_path(self.path)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity.key,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path_text,
            "hint": self.hint,
        }


def format_path(path: Iterable) -> str:
    """JSON-path-like text: ``categories[0].items[2].name``."""
    out = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(("." if out else "") + str(part))
    return "".join(out)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=Diagnostic.sort_key)


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    errors: int
    warnings: int
    infos: int

    @classmethod
    def of(cls, diagnostics: list[Diagnostic], files: int) -> "Summary":
        counts = {s: 0 for s in Severity}
        for d in diagnostics:
            counts[d.severity] += 1
        return cls(files, counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO])

    def failed(self, *, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)
