"""What reports take: the result of a command, in one type per result kind, and text helpers they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, Sequence

from gwstd.diagnostics import Diagnostic, Summary

if TYPE_CHECKING:
    from gwstd.catalogue.coverage import CatalogueCoverage
    from gwstd.diagnostics.codes import Code
    from gwstd.rules.base import Rule


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
    # the human table lists every scope point of every domain (--verbose); machine formats always do
    verbose: bool = False


@dataclass(frozen=True, slots=True)
class CodesReport:
    """The code catalogue and the domain rules that emit its codes, for `gwstd rules`."""

    codes: Sequence[Code]
    rules: Sequence[Rule]


class ImportedColumn(Protocol):
    """One column of an imported sheet (excel_import.read.ColumnMap): 0-based index, header, what it became."""

    column: int
    header: str
    target: str  # the field it fills; "" when not understood

    @property
    def label(self) -> str: ...


class SkippedSheetRow(Protocol):
    """A row of an imported sheet that is not an item (excel_import.read.SkippedRow)."""

    row: int  # 1-based, as Excel numbers it
    reason: str  # why, in Chinese: 重复的表头行, 没有事项名称 …
    text: str  # its first text, shortened


class ImportedSheet(Protocol):
    """One imported sheet (excel_import.read.SheetReport), described here because reports sit beside import."""

    sheet: str
    domain: str
    header_rows: tuple[int, int]  # first and last header row, 1-based
    columns: Sequence[ImportedColumn]
    items: int
    skipped: Sequence[SkippedSheetRow]
    diagnostics: Sequence[Diagnostic]  # made while reading the sheet: each decision with its cell
    file: str  # the workbook, as given


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """What `gwstd import` read and wrote: each sheet's column map, the diagnostics, the files written."""

    report: Report
    sheets: Sequence[ImportedSheet]
    written: Sequence[str] = ()


def markdown_cell(text: object) -> str:
    """Text safe inside a Markdown table cell or list item: no column breaks, no line breaks."""
    return str(text).replace("|", "\\|").replace("\n", " ")
