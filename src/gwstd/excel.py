"""The Excel catalogue book in the national table layout.

Written with openpyxl's write-only mode: rows stream to disk as they are made, so a province-sized catalogue
costs little more memory than a county's, while every cell still gets its font, border and alignment. Pure
apart from returning the workbook's bytes: the caller writes them (atomically).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from gwstd.coverage import CatalogueCoverage
from gwstd.model import AUDIENCES, LEVELS, METHODS, Catalogue, Domain, Item
from gwstd.vocab import CHANNELS

TICK = "√"
REQUIRED_MARK, OPTIONAL_MARK = "●", "〇"
USED, UNUSED = "■", "□"
# openpyxl refuses these control characters in cell text; they never belong in a printed catalogue.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@")


def book_name(catalogue: Catalogue) -> str:
    return f"{catalogue.region}政务公开标准目录.xlsx"


def sheet_title(domain: Domain, region: str) -> str:
    return f"{region}{domain.name}领域基层政务公开标准目录"


# ------------------------------------------------------------------------------------------------------
# Cell text


def channels_text(item: Item) -> str:
    """The ■/□ checklist over the 13 channels; 其他 names the other channels."""
    lines = []
    for channel in CHANNELS:
        used = channel in item.channels or (channel == "其他" and bool(item.other_channels))
        label = channel
        if channel == "其他" and item.other_channels:
            label = f"其他({'、'.join(item.other_channels)})"
        lines.append((USED if used else UNUSED) + label)
    return "\n".join(lines)


def content_text(item: Item) -> str:
    return "\n".join([REQUIRED_MARK + e for e in item.required] + [OPTIONAL_MARK + e for e in item.optional])


def basis_text(item: Item) -> str:
    return "\n".join(doc.text() for doc in item.basis)


def subject_text(catalogue: Catalogue, item: Item) -> str:
    person = catalogue.person_of(item)
    return catalogue.department_of(item).name + (f"\n责任人:{person}" if person else "")


def levels_of(domain: Domain) -> list[str]:
    """The 公开层级 columns: 县级 and 乡级 always, and any other level the domain's items use."""
    used = {level for item in domain.items for level in item.level} | {"县级", "乡级"}
    return [level for level in LEVELS if level in used]


# ------------------------------------------------------------------------------------------------------
# Columns and styles


@dataclass(frozen=True, slots=True)
class Column:
    group: str  # the first header row ("" when the column's own header spans both rows)
    header: str
    width: float


def domain_columns(domain: Domain) -> list[Column]:
    cols = [Column("", "序号", 5), Column("公开事项", "一级事项", 10), Column("公开事项", "二级事项", 14)]
    if domain.three_levels:
        cols.append(Column("公开事项", "三级事项", 14))
    cols += [Column("", "公开内容(要素)", 22), Column("", "公开依据", 30), Column("", "公开时限", 14),
             Column("", "公开主体", 14), Column("", "公开渠道和载体", 30)]
    cols += [Column("公开对象", a, 5) for a in AUDIENCES]
    cols += [Column("公开方式", m, 5) for m in METHODS]
    cols += [Column("公开层级", level, 5) for level in levels_of(domain)]
    cols += [Column("", "信息更新周期", 8), Column("", "咨询电话", 14), Column("", "监督举报电话", 14),
             Column("", "公开网址", 16), Column("", "备注", 10), Column("", "范围要点", 8), Column("", "事项编号", 11)]
    return cols


_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="仿宋", size=10)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
HEADER_FILL = PatternFill("solid", fgColor="EDEDED")
LINE_HEIGHT = 13.5  # points per line of 10-point text


def display_width(text: str) -> int:
    """Width in Excel column units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    capacity = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(line) / capacity)) for line in text.split("\n"))


class _Sheet:
    """A write-only sheet with the handful of cell kinds the book uses."""

    def __init__(self, ws: Any):
        self.ws = ws

    def cell(self, value: Any, *, font: Font = BODY_FONT, align: Alignment = LEFT, fill: PatternFill | None = None,
             border: bool = True) -> WriteOnlyCell:
        if isinstance(value, str):
            value = _ILLEGAL.sub("", value)
        c = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            c.data_type = "s"  # text, never a formula, whatever it starts with
            c.quotePrefix = True
        c.font = font
        c.alignment = align
        if border:
            c.border = BORDER
        if fill is not None:
            c.fill = fill
        return c

    def set_widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def print_setup(self, header_rows: str) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.print_title_rows = header_rows
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.oddFooter.center.font = "宋体"
        ws.oddFooter.center.size = 9

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        if (first_row, first_col) != (last_row, last_col):
            self.ws.merged_cells.add(
                f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}")


# ------------------------------------------------------------------------------------------------------
# Sheets


def _safe_sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "领域"
    base = base[:31]
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def write_domain_sheet(wb: Workbook, catalogue: Catalogue, domain: Domain, name: str) -> None:
    sheet = _Sheet(wb.create_sheet(name))
    columns = domain_columns(domain)
    widths = [c.width for c in columns]
    sheet.set_widths(widths)
    sheet.print_setup("2:3")
    sheet.ws.freeze_panes = "A4"
    n = len(columns)

    # Row 1: the title, merged across the table.
    sheet.ws.row_dimensions[1].height = 30
    sheet.ws.append([sheet.cell(sheet_title(domain, catalogue.region), font=TITLE_FONT, align=CENTER, border=False)])
    sheet.merge(1, 1, 1, n)

    # Rows 2-3: the two header rows. A group spans its columns in row 2; a lone header spans both rows.
    top, bottom = [], []
    for index, col in enumerate(columns, 1):
        continues_group = index > 1 and col.group and columns[index - 2].group == col.group
        top.append(sheet.cell(None if continues_group else (col.group or col.header), font=HEADER_FONT,
                              align=CENTER, fill=HEADER_FILL))
        bottom.append(sheet.cell(col.header if col.group else None, font=HEADER_FONT, align=CENTER,
                                 fill=HEADER_FILL))
        if not col.group:
            sheet.merge(2, index, 3, index)
    start = 0
    while start < n:
        end = start
        while end + 1 < n and columns[end + 1].group and columns[end + 1].group == columns[start].group:
            end += 1
        if columns[start].group:
            sheet.merge(2, start + 1, 2, end + 1)
        start = end + 1
    sheet.ws.row_dimensions[2].height = 20
    sheet.ws.row_dimensions[3].height = 30
    sheet.ws.append(top)
    sheet.ws.append(bottom)

    # Item rows: 一级事项 (and 二级事项 in three-level domains) merged down across their rows.
    level_columns = levels_of(domain)
    three = domain.three_levels
    row = category_start = sub_start = 4
    previous: tuple[Any, Any] | None = None  # (一级事项, 二级事项) of the row above
    for number, (category, sub, item) in enumerate(domain.rows(), 1):
        if previous is not None:
            if category is not previous[0]:
                sheet.merge(category_start, 2, row - 1, 2)
                category_start = row
            if three and (category is not previous[0] or sub is not previous[1]):
                sheet.merge(sub_start, 3, row - 1, 3)
                sub_start = row
        # Merged cells keep the value of their first cell only: later rows of a group leave it empty.
        first_of_category = previous is None or category is not previous[0]
        first_of_sub = first_of_category or (previous is not None and sub is not previous[1])
        previous = (category, sub)
        values: list[tuple[Any, Alignment]] = [(number, CENTER), (category.name if first_of_category else "", CENTER)]
        if three:
            values += [((sub.name if sub else "") if first_of_sub else "", CENTER), (item.name, LEFT)]
        else:
            values += [(item.name, LEFT)]
        values += [
            (content_text(item), LEFT), (basis_text(item), LEFT), (item.time_limit, LEFT),
            (subject_text(catalogue, item), LEFT), (channels_text(item), LEFT),
        ]
        values += [(TICK if a in item.audience else "", CENTER) for a in AUDIENCES]
        values += [(TICK if m in item.method else "", CENTER) for m in METHODS]
        values += [(TICK if lv in item.level else "", CENTER) for lv in level_columns]
        values += [(item.update_cycle, CENTER), (catalogue.consult_of(item), LEFT),
                   (catalogue.supervise_of(item), LEFT), (item.url, LEFT), (item.note, LEFT),
                   ("\n".join(item.scope), CENTER), (item.id, CENTER)]
        height = max(lines_needed(str(v), w) for (v, _), w in zip(values, widths) if isinstance(v, str) and v)
        sheet.ws.row_dimensions[row].height = max(2, height) * LINE_HEIGHT + 4
        sheet.ws.append([sheet.cell(v if v != "" else None, align=a) for v, a in values])
        row += 1
    if previous is not None:
        sheet.merge(category_start, 2, row - 1, 2)
        if three:
            sheet.merge(sub_start, 3, row - 1, 3)


def write_summary_sheet(wb: Workbook, catalogue: Catalogue, coverage: CatalogueCoverage | None) -> None:
    sheet = _Sheet(wb.create_sheet("目录说明"))
    widths = [18, 26, 14, 40, 16, 16]
    sheet.set_widths(widths)
    sheet.print_setup("1:1")
    rows: list[list[Any]] = []
    merges: list[tuple[int, int, int, int]] = []

    def title(text: str) -> None:
        rows.append([sheet.cell(text, font=TITLE_FONT, align=CENTER, border=False)])
        merges.append((len(rows), 1, len(rows), 6))

    def heading(text: str) -> None:
        rows.append([])
        rows.append([sheet.cell(text, font=HEADER_FONT, border=False)])

    def table(header: list[str], body: list[list[Any]]) -> None:
        rows.append([sheet.cell(h, font=HEADER_FONT, align=CENTER, fill=HEADER_FILL) for h in header])
        for values in body:
            rows.append([sheet.cell(v, align=CENTER if isinstance(v, (int, float)) else LEFT) for v in values])
            lines = max(lines_needed(v, w) for v, w in zip(values, widths) if isinstance(v, str)) if any(
                isinstance(v, str) for v in values) else 1
            if lines > 1:
                sheet.ws.row_dimensions[len(rows)].height = lines * LINE_HEIGHT + 4

    title(f"{catalogue.region}政务公开事项标准目录")
    facts = [("地区", catalogue.region), ("编制单位", catalogue.office), ("版本", catalogue.edition),
             ("发布日期", catalogue.date)]
    facts += [(label, value) for label, value in (("政府网站", catalogue.website), ("意见建议", catalogue.feedback))
              if value]
    for label, value in facts:
        rows.append([sheet.cell(label, font=HEADER_FONT, fill=HEADER_FILL), sheet.cell(value)])
        merges.append((len(rows), 2, len(rows), 6))
    if catalogue.description:
        rows.append([sheet.cell("说明", font=HEADER_FONT, fill=HEADER_FILL), sheet.cell(catalogue.description)])
        merges.append((len(rows), 2, len(rows), 6))
        sheet.ws.row_dimensions[len(rows)].height = lines_needed(catalogue.description, 70) * LINE_HEIGHT + 4

    heading("各领域事项数")
    per_domain = [[d.name, len(d.items), len(d.categories), d.description or None] for d in catalogue.domains]
    per_domain.append(["合计", sum(r[1] for r in per_domain), sum(r[2] for r in per_domain), None])
    table(["领域", "事项数", "一级事项数", "领域说明"], per_domain)

    heading("各部门事项数")
    counts: dict[str, int] = {}
    for item in catalogue.items:
        counts[item.department] = counts.get(item.department, 0) + 1
    table(["部门", "事项数"], [[catalogue.department_of_id(d).name, n] for d, n in counts.items()])

    heading("部门名册")
    table(["部门编号", "部门名称", "责任人", "咨询电话", "监督举报电话", "办公地址"],
          [[d.id, d.name, d.person, d.consult, d.supervise, d.address or None] for d in catalogue.departments.values()])

    if coverage is not None:
        heading(f"对照《{coverage.baseline}》的覆盖情况")
        body = [[d.domain, d.covered if d.present else "—", d.total, f"{d.ratio * 100:.0f}%" if d.present else "—"]
                for d in coverage.domains]
        body.append(["合计", coverage.covered, coverage.total, f"{coverage.ratio * 100:.0f}%"])
        table(["领域", "已覆盖要点", "要点数", "覆盖率"], body)

    for first_row, first_col, last_row, last_col in merges:
        sheet.merge(first_row, first_col, last_row, last_col)
    for values in rows:
        sheet.ws.append(values)


def workbook_bytes(catalogue: Catalogue, coverage: CatalogueCoverage | None = None) -> bytes:
    """The whole book: 目录说明, then one sheet per domain in the national layout."""
    wb = Workbook(write_only=True)
    write_summary_sheet(wb, catalogue, coverage)
    taken = {"目录说明"}
    for domain in catalogue.domains:
        write_domain_sheet(wb, catalogue, domain, _safe_sheet_name(domain.name, taken))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
