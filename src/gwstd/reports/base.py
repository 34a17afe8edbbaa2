"""What reports take: the result of a command, in one type per result kind, and text helpers they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gwstd.diagnostics import Diagnostic, Summary

if TYPE_CHECKING:
    from gwstd.catalogue.coverage import CatalogueCoverage


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Diagnostics of a command (validate, build, import, diff), for the diagnostics formats."""

    command: str  # e.g. "validate"
    diagnostics: list[Diagnostic]
    summary: Summary
    files: list[str]
    strict: bool = False


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Coverage of each catalogue, with the diagnostics about scope points (unknown ids, unreadable files)."""

    catalogues: list[CatalogueCoverage]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def markdown_cell(text: object) -> str:
    """Text safe inside a Markdown table cell or list item: no column breaks, no line breaks."""
    return str(text).replace("|", "\\|").replace("\n", " ")
