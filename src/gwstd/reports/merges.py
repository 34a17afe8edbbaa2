"""What `gwstd import BOOK --into DIR` found, for tools: the changes (as gwstd diff gives them) and the
diagnostics (as gwstd validate lists them) in one JSON document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from gwstd.reports import changes as changes_report
from gwstd.reports import json_report
from gwstd.reports.base import Report

if TYPE_CHECKING:
    from gwstd.catalogue.diff import Changes


@dataclass(frozen=True, slots=True, kw_only=True)
class MergeReport:
    """The merge's diagnostics and, when it got that far (no conflict), the changes it makes or would make."""

    report: Report
    changes: Changes | None
    written: tuple[str, ...] = ()
    dry_run: bool = False


def render_json(result: MergeReport, stream: TextIO) -> None:
    payload = json_report.payload(result.report)
    payload["dry_run"] = result.dry_run
    payload["changes"] = changes_report.to_dict(result.changes) if result.changes is not None else None
    payload["written"] = list(result.written)
    stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
