from __future__ import annotations

import json
from typing import TextIO

from gwstd import __version__
from gwstd.reports.base import Report


def payload(report: Report) -> dict:
    """The report as the JSON object tools read; other results that carry diagnostics extend it."""
    s = report.summary
    return {
        "tool": "gwstd",
        "version": __version__,
        "command": report.command,
        "summary": {"files": s.files, "errors": s.errors, "warnings": s.warnings, "infos": s.infos,
                    "ok": not s.failed(strict=report.strict)},
        "diagnostics": [d.to_dict() for d in report.diagnostics],
    }


def render(report: Report, stream: TextIO) -> None:
    stream.write(json.dumps(payload(report), ensure_ascii=False, indent=2) + "\n")
