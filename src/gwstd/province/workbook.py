"""全省汇总.xlsx: the province's counties side by side, for the provincial office that checks them.

Sheets: 汇总 (a row per county: its totals), 领域事项数 and 领域覆盖 (counties × domains), 未覆盖要点 (each
scope point a county does not cover: the lines of a 督查 letter), 问题统计 (counties × diagnostic codes),
问题清单 (each county's problems as kept in its summary), 调整情况 (with --since) and 说明 (what the figures
mean).

Pure apart from ``write_workbook``: ``workbook_bytes`` makes the book from the summaries in memory. Printed
like the county books: A4 landscape at 100%, 9 pt text on paper. A sheet's columns are measured to fit the
page's width; a sheet wider than that (many domains or codes) is cut between its domain (or code) blocks, the
county's columns repeated on every page, since shrinking it would print the text below 9 pt.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from gwstd.books.cells import sheet_text, soft_wrap, text_em
from gwstd.books.excel import DEFAULT_FONT, PAGE_WIDTH, column_units, row_points
from gwstd.catalogue.province import (
    BUILT,
    REFUSED,
    STATUS_LABELS,
    UNREADABLE,
    CountySummary,
    ProvinceSummary,
    status_label,
    totals,
)
from gwstd.diagnostics.codes import CODES
from gwstd.seams.files import atomic_write_bytes

WORKBOOK_NAME = "全省汇总.xlsx"


NONE = "—"  # a figure that does not exist: nothing due, a domain the county has no file for, a county unreadable
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

# ------------------------------------------------------------------------------------------------------
# The page: A4 landscape, sizes in points as printed (at 100%: every sheet is laid out to fit unshrunk)

MARGIN_LEFT = MARGIN_RIGHT = 0.3  # inches
MARGIN_TOP, MARGIN_BOTTOM = 0.5, 0.45  # the page header (the title) and footer (page numbers) sit inside
HEADER_MARGIN, FOOTER_MARGIN = 0.2, 0.2
PRINT_WIDTH = PAGE_WIDTH - 72 * (MARGIN_LEFT + MARGIN_RIGHT)
WIDTH_SLACK = 0.97  # a column prints a little narrower in Excel than in LibreOffice: text keeps this margin
CELL_PAD = 4.0  # points of a column's width that hold no text
PAGE_FILL = 0.95  # of the print width, what a page's columns may take: LibreOffice prints them ~2% wider than Excel

BODY_SIZE = 9
TITLE_SIZE = 14
PERCENT = "0.0%"
BOLD_WIDER = 1.08  # bold digits print this much wider
FILL_START = 12.0  # em: a column that takes what the page leaves starts this wide


def _points(em: float, size: float = BODY_SIZE) -> float:
    return (em * size + CELL_PAD) / WIDTH_SLACK


# ------------------------------------------------------------------------------------------------------
# Cells


@dataclass(frozen=True, slots=True)
class Kind:
    font: str = "仿宋"
    size: float = BODY_SIZE
    bold: bool = False
    align: str = "left"
    border: bool = True
    fill: bool = False
    number: str = ""  # a number format


TITLE = Kind("宋体", TITLE_SIZE, True, "center", border=False)
SUBTITLE = Kind("仿宋", BODY_SIZE, align="center", border=False)
HEADER = Kind("宋体", BODY_SIZE, True, "center", fill=True)
TEXT = Kind()
CENTER = Kind(align="center")
COUNT = Kind(align="center")
RATIO = Kind(align="center", number=PERCENT)
TOTAL_TEXT = Kind(bold=True, align="center", fill=True)
TOTAL_COUNT = Kind(bold=True, align="center", fill=True)
TOTAL_RATIO = Kind(bold=True, align="center", fill=True, number=PERCENT)
NOTE = Kind(border=False)
LABEL = Kind("宋体", BODY_SIZE, True, "left", fill=True)


class _Writer:
    """One worksheet: cells written by kind, text always as text."""

    def __init__(self, wb: Any, formats: dict, name: str):
        self.wb, self.formats = wb, formats
        self.ws = wb.add_worksheet(name)
        self.name = name

    def _format(self, kind: Kind, quote: bool) -> Any:
        key = (kind, quote)
        if key not in self.formats:
            spec: dict[str, Any] = {"font_name": kind.font, "font_size": kind.size, "bold": kind.bold,
                                    "align": kind.align, "valign": "vcenter", "text_wrap": True,
                                    "font_charset": 134}  # GB2312: Excel picks the Chinese font
            if kind.border:
                spec["border"] = 1
            if kind.fill:
                spec["bg_color"] = "#EDEDED"
            if kind.number:
                spec["num_format"] = kind.number
            if quote:
                spec["quote_prefix"] = True
            self.formats[key] = self.wb.add_format(spec)
        return self.formats[key]

    def write(self, row: int, col: int, value: Any, kind: Kind = TEXT) -> None:
        if value is None or value == "":
            self.ws.write_blank(row, col, None, self._format(kind, False))
        elif isinstance(value, str):  # (as the county book: text stays text, control characters go)
            value, quote = sheet_text(value)
            self.ws.write_string(row, col, value, self._format(kind, quote))
        else:
            self.ws.write_number(row, col, value, self._format(kind, False))

    def merge(self, row: int, first: int, last_row: int, last: int, value: Any, kind: Kind = TEXT) -> None:
        if (row, first) == (last_row, last):
            self.write(row, first, value, kind)
            return
        text, quote = sheet_text(value) if isinstance(value, str) else (value, False)
        self.ws.merge_range(row, first, last_row, last, "", self._format(kind, quote))
        self.write(row, first, text, kind)


def clean(text: str) -> str:
    return sheet_text(text)[0]


def _lines(value: Any) -> int:
    return value.count("\n") + 1 if isinstance(value, str) else 1


def _escape_header(text: str) -> str:
    """Text for a page header: & doubled (Excel reads &x as a code), and short enough for Excel's 255."""
    return clean(text).replace("&", "&&")[:100]


# ------------------------------------------------------------------------------------------------------
# A table: columns, two header rows, a body, a total row; laid out for A4 landscape


@dataclass(frozen=True, slots=True)
class Column:
    header: str  # "\n" where the header breaks
    group: str = ""  # the first header row, merged over a block of columns ("" : the header spans both rows)
    kind: Kind = TEXT
    most: float = 0.0  # text columns: at most this many em on a line (0: as long as the longest value)
    fill: bool = False  # this column takes the page's width the others leave


def _em(value: Any, kind: Kind) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, str):
        return max(text_em(line) for line in value.split("\n"))
    if kind.number == PERCENT:
        return text_em(f"{value * 100:.1f}%")
    return text_em(str(value))


def _header_em(header: str) -> float:
    return max(text_em(line) for line in header.split("\n"))


def _block_bounds(columns: Sequence[Column], ids: int) -> list[tuple[int, int]]:
    """The blocks of columns after the ``ids`` county columns: runs of one group (a column alone if none)."""
    blocks: list[tuple[int, int]] = []
    for index in range(ids, len(columns)):
        group = columns[index].group
        if blocks and group and columns[blocks[-1][0]].group == group:
            blocks[-1] = (blocks[-1][0], index)
        else:
            blocks.append((index, index))
    return blocks


def _pages(widths: Sequence[float], room: float) -> list[list[int]]:
    """The blocks (their ``widths``) cut into as few pages ``room`` wide as can be, the widest page as narrow
    as can be (so that two pages carry four domains each rather than seven and one)."""
    def cut(cap: float) -> list[list[int]] | None:
        pages: list[list[int]] = [[]]
        used = 0.0
        for index, width in enumerate(widths):
            if width > cap + 1e-6:
                return None
            if pages[-1] and used + width > cap + 1e-6:
                pages.append([])
                used = 0.0
            pages[-1].append(index)
            used += width
        return pages

    fewest = cut(max(room, max(widths, default=0)))
    assert fewest is not None
    caps = sorted({sum(widths[i:j]) for i in range(len(widths)) for j in range(i + 1, len(widths) + 1)})
    low, high = 0, len(caps) - 1  # the narrowest cap that needs no more pages (more pages as the cap shrinks)
    while low < high:
        middle = (low + high) // 2
        trial = cut(caps[middle])
        if trial is not None and len(trial) <= len(fewest):
            high = middle
        else:
            low = middle + 1
    best = cut(caps[low]) if caps else None
    return best if best is not None and len(best) <= len(fewest) else fewest


@dataclass(slots=True)
class Table:
    name: str  # the sheet's name
    title: str
    subtitle: str
    columns: list[Column]
    rows: list[list[Any]]
    total: list[Any] | None = None  # the 全省合计 row: its first cell's text spans the county columns
    ids: int = 0  # the county columns, repeated on every page when the sheet is cut into page-wide pieces
    filter: bool = False  # an autofilter on the header (the lists)
    notes: Sequence[str] = ()  # lines under the table


def write_table(wb: Any, formats: dict, table: Table, page_header: str) -> _Writer:
    sheet = _Writer(wb, formats, table.name)
    ws = sheet.ws
    columns = table.columns
    n = len(columns)
    body = table.rows + ([table.total] if table.total is not None else [])

    # The widths: each column as wide as its header's longest line and its values (text up to ``most`` em,
    # wrapped), the ``fill`` column what the page leaves.
    ems = []
    for index, column in enumerate(columns):
        values = [_em(r[index], column.kind) for r in table.rows]
        if table.total is not None and index >= table.ids:  # bold: a little wider
            values.append(_em(table.total[index], column.kind) * BOLD_WIDER)
        natural = max([_header_em(column.header)] + values)
        floor = text_em(column.header.split("\n")[0])  # a header wraps at its line breaks, or past its first line
        most = min(column.most, FILL_START) if column.fill else column.most  # a fill column grows below
        em = max(floor, min(natural, most)) if most else natural
        ems.append(max(em, 1.0))
    points = [_points(em, c.kind.size) for em, c in zip(ems, columns)]
    room = PRINT_WIDTH * PAGE_FILL
    fills = [i for i, c in enumerate(columns) if c.fill]
    if fills and sum(points) < room:
        extra = (room - sum(points)) / len(fills)
        for index in fills:
            most = max((_em(r[index], columns[index].kind) for r in table.rows), default=0)
            grown = min(points[index] + extra, max(points[index], _points(min(most, columns[index].most or most))))
            points[index] = grown
            ems[index] = (grown * WIDTH_SLACK - CELL_PAD) / columns[index].kind.size
    # The groups' headers wrap to their blocks' width; a block as wide as its group's name needs at least
    grouped = _block_bounds(columns, 0)
    for first, last in grouped:
        group = columns[first].group
        if group:
            need = _points(min(text_em(group), 6.0))
            have = sum(points[first:last + 1])
            if have < need:
                for index in range(first, last + 1):
                    points[index] += (need - have) / (last - first + 1)
                    ems[index] = (points[index] * WIDTH_SLACK - CELL_PAD) / columns[index].kind.size
    for index, width in enumerate(points):
        ws.set_column(index, index, column_units(width))

    # Pages across: the whole table when it fits, else the county columns and as many blocks as fit, repeated.
    blocks = _block_bounds(columns, table.ids)
    ids_width = sum(points[:table.ids])
    block_widths = [sum(points[a:b + 1]) for a, b in blocks]
    across = [list(range(len(blocks)))]
    if ids_width + sum(block_widths) > room and blocks:
        across = _pages(block_widths, room - ids_width)
    first_page_last = blocks[across[0][-1]][1] if blocks and across[0] else n - 1

    # The title rows: on a sheet cut across pages only in the page header (LibreOffice draws a piece of a
    # title merged over the first page's columns on the top of the next page across).
    row = 0
    if len(across) == 1:
        ws.set_row(row, row_points(1, TITLE_SIZE) + 6)
        sheet.merge(row, 0, row, first_page_last, table.title, TITLE)
        row += 1
    if table.subtitle and len(across) == 1:
        room_em = (sum(points[:first_page_last + 1]) * WIDTH_SLACK - CELL_PAD) / BODY_SIZE
        text = soft_wrap(clean(table.subtitle), room_em)
        ws.set_row(row, row_points(_lines(text), BODY_SIZE) + 3)
        sheet.merge(row, 0, row, first_page_last, text, SUBTITLE)
        row += 1

    # The header: one row, or two when a column has a group.
    two = any(c.group for c in columns)
    top = row
    headers = [soft_wrap(c.header, ems[i] + 0.01) for i, c in enumerate(columns)]
    group_texts = {}
    for first, last in grouped:
        if columns[first].group:
            width = (sum(points[first:last + 1]) * WIDTH_SLACK - CELL_PAD) / BODY_SIZE
            group_texts[first] = soft_wrap(clean(columns[first].group), width)
    if two:
        upper = max([_lines(t) for t in group_texts.values()] + [1])
        lower = max(_lines(headers[i]) for i, c in enumerate(columns) if c.group)
        spanning = max([_lines(headers[i]) for i, c in enumerate(columns) if not c.group] + [1])
        if spanning > upper + lower:
            lower = spanning - upper
        ws.set_row(top, row_points(upper, BODY_SIZE))
        ws.set_row(top + 1, row_points(lower, BODY_SIZE))
        for first, last in grouped:
            if columns[first].group:
                sheet.merge(top, first, top, last, group_texts[first], HEADER)
                for index in range(first, last + 1):
                    sheet.write(top + 1, index, headers[index], HEADER)
            else:
                sheet.merge(top, first, top + 1, first, headers[first], HEADER)
        header_last = top + 1
    else:
        ws.set_row(top, row_points(max(_lines(h) for h in headers), BODY_SIZE))
        for index, text in enumerate(headers):
            sheet.write(top, index, text, HEADER)
        header_last = top
    row = header_last + 1

    # The body, then the total row.
    for number, values in enumerate(body):
        is_total = table.total is not None and number == len(body) - 1
        cells = []
        for index, (value, column) in enumerate(zip(values, columns)):
            if isinstance(value, str):
                value = soft_wrap(clean(value), ems[index] + 0.01)
            cells.append(value)
        if is_total:  # its label across the county columns; a figure missing is —, a text column blank
            label_last = max(table.ids - 1, 0)
            label = soft_wrap(clean(values[0]), (sum(points[:label_last + 1]) * WIDTH_SLACK - CELL_PAD) / BODY_SIZE)
            ws.set_row(row, row_points(max(_lines(v) for v in cells[label_last + 1:] + [label]), BODY_SIZE))
            sheet.merge(row, 0, row, label_last, label, TOTAL_TEXT)
            for index in range(label_last + 1, n):
                kind, value = columns[index].kind, cells[index]
                if value is None and (kind is COUNT or kind is RATIO):
                    value = NONE
                sheet.write(row, index, value, TOTAL_RATIO if kind.number and not isinstance(value, str)
                            else TOTAL_TEXT if isinstance(value, str) or value is None else TOTAL_COUNT)
        else:
            ws.set_row(row, row_points(max(_lines(v) for v in cells), BODY_SIZE))
            for index, (value, column) in enumerate(zip(cells, columns)):
                if value is None and (column.kind is COUNT or column.kind is RATIO):
                    sheet.write(row, index, NONE, CENTER)
                else:
                    sheet.write(row, index, value, column.kind)
        row += 1
    last_row = row - 1
    if not body:
        sheet.merge(row, 0, row, n - 1, "(无)", CENTER)
        ws.set_row(row, row_points(1, BODY_SIZE))
        last_row = row
        row += 1
    for note in table.notes if len(across) == 1 else ():  # (as the title: 说明 has them too)
        text = soft_wrap(clean(note), (sum(points[:first_page_last + 1]) * WIDTH_SLACK - CELL_PAD) / BODY_SIZE)
        ws.set_row(row, row_points(_lines(text), BODY_SIZE))
        sheet.merge(row, 0, row, first_page_last, text, NOTE)
        last_row = row
        row += 1

    # Print: A4 landscape, the header rows (and the county columns when cut) on every page.
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=MARGIN_LEFT, right=MARGIN_RIGHT, top=MARGIN_TOP, bottom=MARGIN_BOTTOM)
    ws.center_horizontally()
    ws.repeat_rows(top, header_last)
    ws.set_header(f"&C&\"宋体\"&{BODY_SIZE}{_escape_header(page_header)}", {"margin": HEADER_MARGIN})
    ws.set_footer(f"&C&\"宋体\"&{BODY_SIZE}第 &P 页，共 &N 页", {"margin": FOOTER_MARGIN})
    ws.print_area(0, 0, last_row, n - 1)
    # At 100%, not fit to the page's width: the columns are measured to fit it (with 5% to spare), and
    # LibreOffice shrinks a long sheet fit to one page wide by 2% even so (8.8 pt text; measured on 未覆盖要点).
    ws.set_print_scale(100)
    if len(across) > 1:
        ws.repeat_columns(0, table.ids - 1)
        ws.set_v_pagebreaks([blocks[page[0]][0] for page in across[1:]])
    ws.freeze_panes(header_last + 1, table.ids)
    if table.filter and table.rows:
        ws.autofilter(header_last, 0, header_last + len(table.rows), n - 1)
    sheet.pages_across = len(across)  # type: ignore[attr-defined]
    return sheet


# ------------------------------------------------------------------------------------------------------
# The sheets


def _ordered(province: ProvinceSummary) -> list[CountySummary]:
    """The counties by 市(州) (in the order the cities first appear, counties without one last), then in their
    own order."""
    first: dict[str, int] = {}
    for county in sorted(province.counties, key=lambda c: c.number):
        first.setdefault(county.city, len(first))
    return sorted(province.counties, key=lambda c: (c.city == "", first[c.city], c.number))


def _id_values(number: int, county: CountySummary) -> list[Any]:
    return [number, county.city or NONE, county.region or county.folder]


ID_COLUMNS = [Column("序号", kind=COUNT), Column("市(州)", most=7), Column("县(市、区)", most=8)]


def _readable(county: CountySummary) -> bool:
    return county.status != UNREADABLE


def summary_table(province: ProvinceSummary, counties: list[CountySummary], title: str, subtitle: str) -> Table:
    columns = ID_COLUMNS + [
        Column("编制单位", most=16, fill=True), Column("版本", most=6), Column("发布日期", kind=CENTER, most=6),
        Column("状态", kind=CENTER, most=4),
        Column("事项\n合计", kind=COUNT), Column("要素\n完整率", kind=RATIO),
        Column("已覆盖", "范围要点", COUNT), Column("应覆盖", "范围要点", COUNT), Column("覆盖率", "范围要点", RATIO),
        Column("错误", kind=COUNT), Column("警告", kind=COUNT)]
    rows = []
    for number, c in enumerate(counties, 1):
        readable = _readable(c)
        counted = readable and any(d.due for d in c.domains)
        rows.append(_id_values(number, c) + [
            c.office, c.edition, c.date, status_label(c),
            c.items if readable else None, c.completeness if readable else None,
            c.covered if counted else None, c.due if counted else None, c.coverage if counted else None,
            c.errors, c.warnings])
    t = totals(province)
    total = [f"全省合计({len(counties)} 个县(市、区))", None, None, None, None, None, None,
             t.items, t.completeness, t.covered if t.due else None, t.due if t.due else None, t.coverage,
             province.errors, province.warnings]
    return Table("汇总", title, subtitle, columns, rows, total, ids=3)


def domain_items_table(province: ProvinceSummary, counties: list[CountySummary], title: str, subtitle: str
                       ) -> Table:
    names = province.domain_names
    columns = list(ID_COLUMNS)
    for name in names:
        columns += [Column("事项数", name, COUNT), Column("要素\n完整率", name, RATIO)]
    rows, total = [], ["全省合计", None, None]
    for number, c in enumerate(counties, 1):
        values = _id_values(number, c)
        for name in names:
            d = c.domain(name)
            values += [d.items, d.completeness] if d is not None else [None, None]
        rows.append(values)
    for name, d in zip(names, totals(province).domains):
        present = any(c.domain(name) is not None for c in counties)
        total += [d.items if present else None, d.completeness]
    return Table("领域事项数", title, subtitle, columns, rows, total, ids=3,
                 notes=[f"{NONE}:该县(市、区)没有这一领域的目录,或目录无法读取。"])


def domain_coverage_table(province: ProvinceSummary, counties: list[CountySummary], title: str, subtitle: str
                          ) -> Table:
    names = province.domain_names
    columns = list(ID_COLUMNS)
    for name in names:
        columns += [Column("已覆盖", name, COUNT), Column("应覆盖", name, COUNT), Column("覆盖率", name, RATIO)]
    rows, total = [], ["全省合计", None, None]
    for number, c in enumerate(counties, 1):
        values = _id_values(number, c)
        for name in names:
            d = c.domain(name)
            values += [d.covered, d.due, d.coverage] if d is not None and d.due else [None, None, None]
        rows.append(values)
    for d in totals(province).domains:
        total += [d.covered, d.due, d.coverage] if d.due else [None, None, None]
    return Table("领域覆盖", title, subtitle, columns, rows, total, ids=3,
                 notes=[(f"覆盖率 = 已覆盖的范围要点 / 应覆盖的范围要点。{NONE}:该领域没有应覆盖的要点"
                        "(该县(市、区)没有这一领域的目录),或目录无法读取。")])


def missing_table(province: ProvinceSummary, counties: list[CountySummary], title: str, subtitle: str) -> Table:
    order = {name: i for i, name in enumerate(province.domain_names)}
    columns = [Column("序号", kind=COUNT), Column("市(州)", most=7), Column("县(市、区)", most=8),
               Column("领域", most=6), Column("要点\n编号", kind=CENTER, most=6), Column("要点", most=14),
               Column("范围指引原文", most=60, fill=True)]
    rows = []
    for c in counties:
        points = sorted(c.missing, key=lambda m: order.get(m.domain, len(order)))
        for m in points:
            rows.append([len(rows) + 1, c.city or NONE, c.region or c.folder, m.domain, m.point, m.title, m.text])
    return Table("未覆盖要点", title, subtitle, columns, rows, ids=3, filter=True)


def _code_title(code: str) -> str:
    entry = CODES.get(code)
    return entry.title if entry is not None else ""


def problem_counts_table(province: ProvinceSummary, counties: list[CountySummary], title: str, subtitle: str
                         ) -> Table:
    found = sorted({code for c in counties for code in c.by_code})
    columns = list(ID_COLUMNS)
    columns += [Column(f"{code}\n{_code_title(code)}", kind=COUNT, most=4) for code in found]
    columns += [Column("错误", "合计", COUNT), Column("警告", "合计", COUNT), Column("全部", "合计", COUNT)]
    rows = []
    for number, c in enumerate(counties, 1):
        rows.append(_id_values(number, c) + [c.by_code.get(code) or None for code in found]
                    + [c.errors, c.warnings, sum(c.by_code.values())])
    total = ["全省合计", None, None] + [sum(c.by_code.get(code, 0) for c in counties) for code in found] + [
        province.errors, province.warnings, sum(sum(c.by_code.values()) for c in counties)]
    return Table("问题统计", title, subtitle, columns, rows, total, ids=3,
                 notes=[("各列为该县(市、区)目录检查中出现该问题代码的次数(含错误、警告和提示);"
                        f"{NONE}:没有出现。问题代码的说明见“gwstd rules 代码”。")])


def _where(county: CountySummary, file: str, line: int) -> str:
    folder = county.folder.replace("\\", "/").rstrip("/")
    path = file.replace("\\", "/")
    if folder and path.startswith(folder + "/"):
        path = path[len(folder) + 1:]
    return f"{path}:{line}" if path and line else path


def problem_list_table(province: ProvinceSummary, counties: list[CountySummary], title: str, subtitle: str
                       ) -> Table:
    columns = [Column("序号", kind=COUNT), Column("市(州)", most=7), Column("县(市、区)", most=8),
               Column("级别", kind=CENTER), Column("代码", kind=CENTER), Column("位置(文件:行)", most=14),
               Column("问题", most=60, fill=True)]
    rows = []
    notes = []
    for c in counties:
        for p in c.problems:
            rows.append([len(rows) + 1, c.city or NONE, c.region or c.folder,
                         SEVERITY_LABELS.get(p.severity, p.severity), p.code, _where(c, p.file, p.line), p.message])
        left = sum(c.by_code.values()) - len(c.problems)
        if left > 0:
            notes.append(f"{c.region or c.folder}:另有 {left} 个问题未列出,见该县(市、区)的检查报告"
                         f"(gwstd validate {c.folder})。")
    return Table("问题清单", title, subtitle, columns, rows, ids=3, filter=True,
                 notes=notes or ["每县(市、区)最多列出前 200 个问题,错误在前。"])


def changes_table(province: ProvinceSummary, counties: list[CountySummary], title: str, subtitle: str) -> Table:
    columns = ID_COLUMNS + [Column("对比版本", most=12), Column("新增", kind=COUNT), Column("删除", kind=COUNT),
                            Column("修改", kind=COUNT), Column("部门\n变更", kind=COUNT), Column("合计", kind=COUNT)]
    rows = []
    for number, c in enumerate(counties, 1):
        ch = c.changes
        rows.append(_id_values(number, c) + (
            [ch.since, ch.added, ch.removed, ch.changed, ch.departments, ch.total] if ch is not None
            else [NONE, None, None, None, None, None]))
    changed = [c.changes for c in counties if c.changes is not None]
    total = ["全省合计", None, None, None] + ([sum(getattr(ch, f) for ch in changed)
                                            for f in ("added", "removed", "changed", "departments", "total")]
                                           if changed else [None] * 5)
    return Table("调整情况", title, subtitle, columns, rows, total, ids=3,
                 notes=[(f"与 {province.since} 版相比。修改含事项内容的修改和事项的移动;{NONE}:"
                        "该县(市、区)在对比版本中没有目录,或目录无法读取。")])


def notes_table(province: ProvinceSummary, counties: list[CountySummary], title: str, today: _dt.date,
                sheets: list[str]) -> Table:
    statuses = [sum(c.status == s for c in counties) for s in STATUS_LABELS]
    facts = [
        ("汇总名称", title),
        ("范围指引", f"《{province.baseline}》" if province.baseline else "(未对照范围指引)"),
        ("生成日期", today.isoformat()),
        ("县(市、区)", f"共 {len(counties)} 个:" + "、".join(
            f"{label} {n} 个" for label, n in zip(STATUS_LABELS.values(), statuses) if n)),
        ("市(州)", "、".join(province.cities) or NONE),
    ]
    if province.since:
        facts.append(("对比版本", province.since))
    facts += [
        ("覆盖率", ("覆盖率 = 已覆盖的范围要点 / 应覆盖的范围要点。应覆盖的要点是范围指引中该县(市、区)已编制领域的要点;"
                "一个要点有事项引用即为已覆盖。")),
        ("要素完整率", ("要素完整率 = 要素齐全的事项 / 事项。要素齐全指事项名称、公开依据、公开内容、公开主体"
                  "(在部门名册中)、责任人、公开时限、信息更新周期、公开渠道、公开方式、咨询电话和监督举报电话都已填写。")),
        ("“—”", "该项数字不存在:没有应覆盖的要点、该县(市、区)没有这一领域的目录,或目录无法读取。"),
        ("状态", (f"{STATUS_LABELS[BUILT]}:目录已读取和统计;{STATUS_LABELS[REFUSED]}:目录检查有错误"
               f"(见“问题清单”),未生成该县(市、区)的目录文件;{STATUS_LABELS[UNREADABLE]}:目录文件无法读取,"
               "没有统计数字。")),
    ]
    purposes = {"汇总": "每个县(市、区)一行:事项合计、要素完整率、范围要点覆盖情况和检查出的错误、警告。",
                "领域事项数": "各县(市、区)各领域的事项数和要素完整率。",
                "领域覆盖": "各县(市、区)各领域已覆盖和应覆盖的范围要点及覆盖率。",
                "未覆盖要点": "各县(市、区)尚未覆盖的范围要点及范围指引原文,可作督查清单。",
                "问题统计": "各县(市、区)目录检查出的问题按代码计数。",
                "问题清单": "各县(市、区)目录检查出的问题逐条列出(每县最多 200 条,错误在前)。",
                "调整情况": "各县(市、区)与对比版本相比新增、删除、修改的事项数和部门变更数。"}
    facts += [(f"工作表“{name}”", purposes[name]) for name in sheets if name in purposes]
    columns = [Column("项目", kind=LABEL, most=11), Column("说明", most=70, fill=True)]
    return Table("说明", title, "", columns, [[a, b] for a, b in facts])


def workbook_bytes(province: ProvinceSummary, *, today: _dt.date | None = None) -> bytes:
    """The province's comparison workbook."""
    today = today or _dt.date.today()
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False})
    default = wb.formats[0]  # the default font sets what a unit of column width is (see books/excel.py)
    default.set_font_name(DEFAULT_FONT[0])
    default.set_font_size(DEFAULT_FONT[1])
    title = f"{clean(province.title)}政务公开标准目录汇总"
    wb.set_properties({"title": title, "subject": "政务公开事项标准目录全省汇总", "author": "gwstd",
                       "company": "", "comments": f"范围指引:{province.baseline}" if province.baseline else "",
                       "created": _dt.datetime.combine(today, _dt.time())})
    counties = _ordered(province)
    guide = f"对照《{province.baseline}》" if province.baseline else "未对照范围指引"
    subtitle = f"{guide} · {len(counties)} 个县(市、区) · 生成日期 {today.isoformat()}"
    makers = [summary_table, domain_items_table, domain_coverage_table, missing_table, problem_counts_table,
              problem_list_table]
    if province.since:
        makers.append(changes_table)
    tables = [make(province, counties, title, subtitle) for make in makers]
    tables.append(notes_table(province, counties, title, today, [t.name for t in tables]))
    formats: dict = {}
    for table in tables:
        write_table(wb, formats, table, f"{title} · {table.name}")
    wb.close()
    return buffer.getvalue()


def write_workbook(out_dir: Path, province: ProvinceSummary) -> Path:
    """全省汇总.xlsx in ``out_dir``, written atomically; gives its path."""
    path = Path(out_dir) / WORKBOOK_NAME
    atomic_write_bytes(path, workbook_bytes(province))
    return path
