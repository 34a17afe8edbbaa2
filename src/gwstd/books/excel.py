"""The Excel catalogue book in the national table layout.

Written with XlsxWriter, which writes a styled book two to three times faster than openpyxl (see bench/), while
every cell still gets its font, border and alignment. Pure apart from returning the workbook's bytes: the caller
writes them (atomically).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from typing import Any, Sequence

import xlsxwriter

from gwstd.books.cells import (
    OPTIONAL_MARK,
    REQUIRED_MARK,
    TICK,
    channel_flow,
    channel_flow_em,
    channel_grid,
    channel_grid_em,
    levels_of,
    longest_atom_em,
    sheet_text,
    soft_wrap,
    text_em,
)
from gwstd.catalogue.coverage import CatalogueCoverage
from gwstd.catalogue.diff import (
    DEPARTMENT_CHANGE_LABELS,
    KIND_LABELS,
    Changes,
    detail,
    fields_text,
    summary,
)
from gwstd.catalogue.model import Catalogue, Domain
from gwstd.catalogue.vocab import AUDIENCES, METHODS
from gwstd.editions.labels import compared_with
from gwstd.seams.files import safe_file_name


def book_name(catalogue: Catalogue) -> str:
    return safe_file_name(f"{catalogue.region}政务公开标准目录", "政务公开标准目录") + ".xlsx"


def sheet_title(domain: Domain, region: str) -> str:
    return f"{region}{domain.name}领域基层政务公开标准目录"


# ------------------------------------------------------------------------------------------------------
# The page: A4 landscape at 100%, every size in points as printed


PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28
MARGIN_LEFT = MARGIN_RIGHT = 0.25  # inches, as XlsxWriter takes them
MARGIN_TOP, MARGIN_BOTTOM = 0.25, 0.4  # the footer (page numbers) sits inside the bottom margin
HEADER_MARGIN, FOOTER_MARGIN = 0.1, 0.18
PRINT_SCALE = 100  # percent: the sizes below are what the paper shows
PRINT_WIDTH = PAGE_WIDTH - 72 * (MARGIN_LEFT + MARGIN_RIGHT)
PRINT_HEIGHT = PAGE_HEIGHT - 72 * (MARGIN_TOP + MARGIN_BOTTOM)

BODY_SIZE = 9  # the item rows: 9 pt on paper
SMALL_SIZE = 8  # the checklist and the form-like columns (√, phone numbers, 序号, 更新周期): 8 pt
SMALL_KEYS = frozenset({"channels", "audience", "method", "level", "consult", "supervise", "number",
                        "update_cycle"})
CHECKLIST_SIZE = SMALL_SIZE
TITLE_SIZE = 14
# A line of text takes 1.45 × its font size: LibreOffice prints Noto Sans CJK, fontconfig's fallback for 宋体 and
# 仿宋 (and for SimSun, 微软雅黑 or 等线 alike) on Linux, at a pitch of 13.0 pt for 9 pt text. Excel and WPS with
# the real 宋体 and 仿宋 need less. A row is its lines at that pitch, in whole pixels (0.75 pt).
LINE = 1.45
ROW_PAD = 0.0  # points above and below the lines of a row: none, the pitch holds the glyphs (11.7 pt of 13.0)
CELL_PAD = 4.0  # points of a column's width that hold no text (the cell's inner margins)
WIDTH_SLACK = 0.98  # a column prints up to 2% narrower in Excel than in LibreOffice: text keeps this margin
# Of the page's height, what rows may fill: LibreOffice keeps 4.5 pt of it for itself (725 rows of 0.75 pt fill a
# page 548.5 pt high between its margins).
PAGE_SLACK = 0.99
# One unit of column width prints as the width of a digit in the workbook's default font, Arial 11: in
# LibreOffice (Liberation Sans) 0.556 em = 6.12 pt, in Excel at 96 dpi 8 px = 6.0 pt. XlsxWriter adds its
# own 5 px of padding, counted in 7 px digits, to the width it is given.
DEFAULT_FONT = ("Arial", 11)
UNIT_PT = 0.556 * 11


def column_units(points: float) -> float:
    """The width to give XlsxWriter's set_column for a column ``points`` wide on paper."""
    return max(0.5, (points / UNIT_PT * 7 - 5) / 7)


def column_points(units: float) -> float:
    """How wide a column given ``units`` by set_column prints (the inverse of ``column_units``)."""
    return (int(units * 7 + 0.5) + 5) / 7 * UNIT_PT


def text_room(points: float, size: float) -> float:
    """How many em of ``size``-point text a line of a column ``points`` wide holds."""
    return max(1.0, (points * WIDTH_SLACK - CELL_PAD) / size)


def room_points(em: float, size: float) -> float:
    """The width (points) of a column whose lines hold ``em`` of ``size``-point text."""
    return (em * size + CELL_PAD) / WIDTH_SLACK


def row_points(lines: int, size: float) -> float:
    """The height of a row showing ``lines`` lines of ``size``-point text, in whole pixels (0.75 pt) as the
    workbook stores it."""
    return math.ceil((lines * size * LINE + 2 * ROW_PAD) / 0.75 - 1e-9) * 0.75


# ------------------------------------------------------------------------------------------------------
# Columns and styles


@dataclass(frozen=True, slots=True)
class Column:
    group: str  # the first header row ("" when the column's own header spans both rows)
    header: str
    width: float  # a starting width (characters); a domain sheet measures its own
    key: str = ""
    printed: bool = True


def domain_columns(domain: Domain) -> list[Column]:
    """The columns of a domain sheet in order: the printed ones (the national layout, the Sichuan columns,
    and 备注 when an item has one), then those kept for machines and round trips, outside the print area."""
    cols = [Column("", "序号", 5, "number"), Column("公开事项", "一级事项", 10, "category"),
            Column("公开事项", "二级事项", 14, "sub" if domain.three_levels else "name")]
    if domain.three_levels:
        cols.append(Column("公开事项", "三级事项", 14, "name"))
    cols += [Column("", "公开内容(要素)", 22, "content"), Column("", "公开依据", 30, "basis"),
             Column("", "公开时限", 14, "time_limit"), Column("", "公开主体", 14, "subject"),
             Column("", "公开渠道和载体", 30, "channels")]
    cols += [Column("公开对象", a, 5, "audience") for a in AUDIENCES]
    cols += [Column("公开方式", m, 5, "method") for m in METHODS]
    cols += [Column("公开层级", level, 5, "level") for level in levels_of(domain)]
    cols += [Column("", "信息更新周期", 8, "update_cycle"), Column("", "咨询电话", 14, "consult"),
             Column("", "监督举报电话", 14, "supervise")]
    noted = any(item.note for item in domain.items)
    if noted:
        cols.append(Column("", "备注", 10, "note"))
    cols.append(Column("", "公开网址", 16, "url", printed=False))
    if not noted:
        cols.append(Column("", "备注", 10, "note", printed=False))
    cols += [Column("", "范围要点", 8, "scope", printed=False), Column("", "事项编号", 11, "id", printed=False)]
    return cols


# Cell kinds: (font, size, bold, horizontal alignment, border, grey fill)
TITLE = ("宋体", TITLE_SIZE, True, "center", False, False)
HEADER = ("宋体", BODY_SIZE, True, "center", True, True)
HEADER_STACKED = ("宋体", BODY_SIZE, True, "center", True, True, 270)  # a character a line
HEADER_ROTATED = ("宋体", BODY_SIZE, True, "center", True, True, 90)  # a quarter turn, read from the bottom up
HEADING = ("宋体", 10, True, "left", False, False)
BODY = ("仿宋", BODY_SIZE, False, "left", True, False)
BODY_CENTER = ("仿宋", BODY_SIZE, False, "center", True, False)
class _Sheet:
    """One worksheet and the few kinds of cell the book uses; formats are made once per kind."""

    def __init__(self, wb: Any, ws: Any):
        self.wb, self.ws = wb, ws

    def _format(self, kind: tuple, quote: bool) -> Any:
        formats = self.wb.gwstd_formats
        key = (kind, quote)
        if key not in formats:
            font, size, bold, align, border, fill = kind[:6]
            spec = {"font_name": font, "font_size": size, "bold": bold, "align": align, "valign": "vcenter",
                    "text_wrap": True, "font_charset": 134}  # 134: GB2312, so Excel picks the Chinese font
            if border:
                spec["border"] = 1
            if fill:
                spec["bg_color"] = "#EDEDED"
            if quote:
                spec["quote_prefix"] = True
            if len(kind) > 6:
                spec["rotation"] = kind[6]
            formats[key] = self.wb.add_format(spec)
        return formats[key]

    def write(self, row: int, col: int, value: Any, kind: tuple = BODY) -> None:
        """Write one cell (0-based row and column). Text stays text, whatever it starts with."""
        if value is None or value == "":
            self.ws.write_blank(row, col, None, self._format(kind, False))
        elif isinstance(value, str):
            value, quote = sheet_text(value)
            self.ws.write_string(row, col, value, self._format(kind, quote))
        else:
            self.ws.write_number(row, col, value, self._format(kind, False))

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int, value: Any,
              kind: tuple = BODY) -> None:
        if (first_row, first_col) == (last_row, last_col):
            self.write(first_row, first_col, value, kind)
            return
        text, quote = sheet_text(value) if isinstance(value, str) else (value, False)
        self.ws.merge_range(first_row, first_col, last_row, last_col, "", self._format(kind, quote))
        if isinstance(text, str):
            self.ws.write_string(first_row, first_col, text, self._format(kind, quote))
        elif text is not None:
            self.ws.write_number(first_row, first_col, text, self._format(kind, quote))

    def set_widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths):
            self.ws.set_column(index, index, width)

    def print_setup(self, header_rows: tuple[int, int] | None) -> None:
        """A4 landscape at 100%, page numbers in the footer, ``header_rows`` repeated on every page. The
        sheets' widths and page breaks are measured for this page, so nothing needs shrinking to fit."""
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_print_scale(PRINT_SCALE)
        ws.center_horizontally()
        ws.set_margins(left=MARGIN_LEFT, right=MARGIN_RIGHT, top=MARGIN_TOP, bottom=MARGIN_BOTTOM)
        if header_rows is not None:
            ws.repeat_rows(*header_rows)
        ws.set_header("", {"margin": HEADER_MARGIN})
        ws.set_footer(f"&C&\"宋体\"&{BODY_SIZE}第 &P 页 共 &N 页", {"margin": FOOTER_MARGIN})


# ------------------------------------------------------------------------------------------------------
# A domain sheet's layout: each cell's text for a width, the widths from the content, the page breaks


CONTINUED = "（续）"
BASIS_SEPARATOR = "；"  # between two documents of 公开依据 (gwstd import splits at each 《》)
TICK_EM = 1.0  # a 公开对象/方式/层级 column holds a √; its header (全社会, 特定群体) is stacked, a character a line
# or turned a quarter (a line of text wide), or two characters a line (全社/会, 特定/群体) in a column that
# wide: a lower header row for a wider column, whichever leaves the pages fuller
TICK_CHOICES = (TICK_EM, BODY_SIZE * LINE / SMALL_SIZE, 2 * BODY_SIZE / SMALL_SIZE)
TICKS = ("audience", "method", "level")
CHECKLIST_PER_LINE = 4
CHECKLIST_CHOICES = (3, 4)
CHECKLIST_FLOW_LINES = (3, 4, 5)  # the run-on checklist tried in as few lines as these
# The columns that share out the page's width (em of text on a line: at least, at most); the others are as
# wide as their longest token (a phone number, a date) or their header needs.
FREE_EM = {"category": (2, 8), "sub": (3, 10), "name": (3, 14), "content": (4, 20), "basis": (6, 30),
           "time_limit": (3, 14), "subject": (4, 12), "update_cycle": (2, 4), "note": (3, 14)}
FIXED_MAX_EM = 16  # a token longer than this (a long URL) is cut, at its / or .
UNPRINTED_EM = {"url": (8, 40), "note": (4, 30), "scope": (4, 12), "id": (5, 14)}
SAMPLE_ROWS = 120  # rows of a large domain the widths are measured on (evenly spread)
MERGED = ("category", "sub")  # merged down over their block of rows
NO_TEXT = float("inf")


@dataclass(slots=True)
class _Row:
    number: int
    category: Any
    sub: Any
    item: Any
    department: str
    person: str
    consult: str
    supervise: str
    per_line: int = 4  # entries to a line of the channel checklist, in aligned columns
    flow: float = 0.0  # or, when not 0, the checklist run on like words in lines this many em wide


def _content_lines(item: Any, width: float) -> str:
    """The ●/〇 elements, as many to a line as fit, each whole unless it is longer than a line."""
    elements = [REQUIRED_MARK + e for e in item.required] + [OPTIONAL_MARK + e for e in item.optional]
    lines: list[str] = []
    for element in elements:
        em = text_em(element)
        if lines and "\n" not in lines[-1] and text_em(lines[-1]) + text_em(" ") + em <= width:
            lines[-1] += " " + element
        else:
            lines.append(soft_wrap(element, width))
    return "\n".join(lines)


def _cell(column: Column, row: _Row, width: float) -> Any:
    """The value of one cell, text broken into lines ``width`` em wide with gwstd's own line breaks."""
    key, item = column.key, row.item
    if key == "number":
        return row.number
    if key == "category":
        return soft_wrap(row.category.name, width)
    if key == "sub":
        return soft_wrap(row.sub.name, width) if row.sub is not None else ""
    if key == "content":
        return _content_lines(item, width)
    if key == "basis":  # the documents run on, separated by ；, to save the lines a short one would leave
        return soft_wrap(BASIS_SEPARATOR.join(doc.text() for doc in item.basis), width)
    if key == "subject":  # the department and its responsible person on one line when they fit
        return soft_wrap(row.department + (f" 责任人:{row.person}" if row.person else ""), width)
    if key == "channels":
        return channel_flow(item, row.flow) if row.flow else channel_grid(item, row.per_line, width)
    if key in ("audience", "method", "level"):
        return TICK if column.header in getattr(item, key) else ""
    if key == "scope":
        return "\n".join(item.scope)
    if key == "id":
        return item.id
    text = {"name": item.name, "time_limit": item.time_limit, "update_cycle": item.update_cycle,
            "consult": row.consult, "supervise": row.supervise, "note": item.note, "url": item.url}[key]
    return soft_wrap(text or "", width)


def _lines(value: Any) -> int:
    return value.count("\n") + 1 if isinstance(value, str) else 1


def _size(column: Column) -> float:
    return SMALL_SIZE if column.key in SMALL_KEYS else BODY_SIZE


def _header_em(header: str) -> float:
    """A header's narrowest decent width: its lines of two characters (公开/时限), or 4 for 公开渠道和载体."""
    return 2.0 if len(header) <= 6 else 4.0


def _kind(column: Column) -> tuple:
    centred = column.key in ("number", "category", "sub", "update_cycle", "scope", "id") or column.key in TICKS
    base = BODY_CENTER if centred else BODY
    return (base[0], _size(column)) + base[2:]


def measure_columns(columns: list[Column], rows: list[_Row], longest_cache: dict | None = None,
                    tick_em: float = TICK_EM) -> tuple[list[float], float]:
    """The em of text each column's lines hold. The printed columns fill the page's width: each is at least as
    wide as its longest token and its header needs; the width left over goes, a step at a time, where it saves
    the most height over the rows, and then moves between columns while that saves more (on a sample of the
    rows in a large domain). Returns the widths and the rows' height."""
    longest_cache = {} if longest_cache is None else longest_cache  # the rows' longest tokens, per column
    step_rows = max(1, math.ceil(len(rows) / SAMPLE_ROWS))
    sample = rows[::step_rows]
    ems: list[float] = []
    for column in columns:
        key = column.key
        if key in TICKS:
            ems.append(tick_em)
            continue
        if key == "channels":
            ems.append(rows[0].flow or channel_grid_em(rows[0].per_line) if rows
                       else channel_grid_em(CHECKLIST_PER_LINE))
            continue
        if (id(rows), key) not in longest_cache:
            longest_cache[(id(rows), key)] = max(
                (longest_atom_em(str(_cell(column, r, NO_TEXT))) for r in rows), default=0.0)
        longest = longest_cache[(id(rows), key)]
        if key in MERGED:  # a block cut by a page break is labelled X（续）: （续） must fit on a line
            longest = max(longest, text_em(CONTINUED))
        low, high = FREE_EM.get(key) or (0, FIXED_MAX_EM)
        if not column.printed:
            low, high = UNPRINTED_EM.get(key, (4, 20))
        ems.append(min(max(low, _header_em(column.header), math.ceil(longest * 4) / 4), high))
    printed = [i for i, c in enumerate(columns) if c.printed]
    free = [i for i in printed if columns[i].key in FREE_EM]
    sizes = [_size(c) for c in columns]
    points = [room_points(em, size) for em, size in zip(ems, sizes)]
    floor = points.copy()
    ceiling = {i: room_points(FREE_EM[columns[i].key][1], sizes[i]) for i in free}
    spare = PRINT_WIDTH - sum(points[i] for i in printed)
    step = BODY_SIZE / WIDTH_SLACK  # one em of body text
    if spare < 0:  # the minimums are wider than the page: narrow the free columns alike, to 2 em at least
        for i in free:
            floor[i] = min(floor[i], room_points(2, sizes[i]))
        for _ in range(400):
            narrow = [i for i in free if points[i] - step / 4 >= floor[i]]
            if spare >= 0 or not narrow:
                break
            for i in narrow:
                points[i] -= step / 4
                spare += step / 4
    counted = [i for i in printed if columns[i].key not in MERGED and columns[i].key not in TICKS
               and columns[i].key != "number"]
    # The heights of the sample's cells at a width, kept in longest_cache too: the layouts a sheet tries differ
    # only in the checklist's, and in the tick columns, which are not counted.
    layout = (rows[0].per_line, rows[0].flow) if rows else ()
    cache = longest_cache

    def heights_at(i: int, width: float) -> list[float]:
        em = math.floor(text_room(width, sizes[i]) * 4) / 4
        key = (id(rows), i, em) + (layout if columns[i].key == "channels" else ())
        if key not in cache:
            cache[key] = [row_points(_lines(_cell(columns[i], r, em)), sizes[i]) for r in sample]
        return cache[key]

    def total(widths: list[float]) -> float:
        columns_heights = [heights_at(i, widths[i]) for i in counted]
        return sum(max(hs) for hs in zip(*columns_heights)) if columns_heights else 0.0

    def improve(points: list[float], spare: float) -> tuple[list[float], float, float]:
        points = points.copy()
        current = total(points)
        while spare >= step:  # the spare width, a step at a time, where it saves the most height
            best, best_height = None, current
            for i in free:
                if points[i] + step > ceiling[i]:
                    continue
                trial = points.copy()
                trial[i] += step
                after = total(trial)
                if after < best_height - 0.01:
                    best, best_height = i, after
            if best is None:
                break
            points[best] += step
            spare -= step
            current = best_height
        for _ in range(200):  # then a step from one column to another, while that saves height
            best_move, best_height = None, current
            for a in free:
                if points[a] - step < floor[a]:
                    continue
                for b in free:
                    if b == a or points[b] + step > ceiling[b]:
                        continue
                    trial = points.copy()
                    trial[a] -= step
                    trial[b] += step
                    after = total(trial)
                    if after < best_height - 0.01:
                        best_move, best_height = (a, b), after
            if best_move is None:
                break
            points[best_move[0]] -= step
            points[best_move[1]] += step
            current = best_height
        return points, spare, current

    def level_start() -> tuple[list[float], float] | None:
        """Widths that bring every free column down to the same number of lines, as few as fit the page."""
        for lines in range(1, 40):
            trial = points.copy()
            for i in free:
                width = floor[i]
                while width + step <= ceiling[i] and max(heights_at(i, width), default=0) > row_points(
                        lines, sizes[i]):
                    width += step
                trial[i] = width
            left = PRINT_WIDTH - sum(trial[i] for i in printed)
            if left >= 0:
                return trial, left
        return None

    starts = [(points, spare)]
    if spare > 0:
        start = level_start()
        if start is not None:
            starts.append(start)
    points, spare, current = min((improve(p, left) for p, left in starts), key=lambda found: found[2])
    # What width is left widens the free columns alike, so that the table fills the page.
    if free and spare > 0:
        for i in free:
            points[i] += spare / len(free)
    return [text_room(p, size) if columns[i].key in FREE_EM or not columns[i].printed else ems[i]
            for i, (p, size) in enumerate(zip(points, sizes))], current


def _balanced(text: str, width: float) -> str:
    """``text`` in as few lines as ``width`` allows, the lines as even as they can be (征地/报批/（续）, not
    征地报/批/（续）): a merged label reads better so."""
    lines = _lines(soft_wrap(text, width))
    narrower = width
    while narrower - 0.5 >= 1 and _lines(soft_wrap(text, narrower - 0.5)) == lines:
        narrower -= 0.5
    return soft_wrap(text, narrower)


def _tick_header(column: Column, em: float) -> str:
    """How a 公开对象/方式/层级 column's header is laid out in a column ``em`` (of its own text) wide: "stacked" a
    character a line, "rotated" a quarter turn (one line across the column), "lines" two characters a line (or
    "" for any other column)."""
    if column.key not in TICKS:
        return ""
    points = em * _size(column)
    if points >= 2 * BODY_SIZE - 0.01:
        return "lines"
    return "rotated" if points >= BODY_SIZE * LINE - 0.01 else "stacked"


def _header_heights(columns: list[Column], ems: list[float]) -> tuple[dict[str, str], list[str], float, float]:
    """The header texts broken for their widths (the groups' over their columns), and the heights of header
    rows 2 and 3."""
    layouts = [_tick_header(c, em) for c, em in zip(columns, ems)]
    headers = [column.header if layout in ("stacked", "rotated") else
               _balanced(column.header, max(em * _size(column) / BODY_SIZE, 2.0))
               for column, em, layout in zip(columns, ems, layouts)]
    groups: dict[str, str] = {}
    for group in dict.fromkeys(c.group for c in columns if c.group):
        width = sum(room_points(em, _size(c)) for c, em in zip(columns, ems) if c.group == group)
        groups[group] = _balanced(group, text_room(width, BODY_SIZE))  # 公开/层级, not 公开层/级
    group_height = row_points(max((_lines(text) for text in groups.values()), default=1), BODY_SIZE)
    sub = [row_points(len(h), BODY_SIZE) if layout == "stacked" else
           math.ceil((room_points(text_em(h), BODY_SIZE) + 2 * ROW_PAD) / 0.75) * 0.75 if layout == "rotated" else
           row_points(_lines(h), BODY_SIZE)
           for h, c, layout in zip(headers, columns, layouts) if c.group]
    lone = max((row_points(_lines(h), BODY_SIZE) for h, c in zip(headers, columns) if not c.group), default=0)
    return groups, headers, group_height, max(max(sub, default=0), lone - group_height, row_points(1, BODY_SIZE))


def _blocks(rows: list[_Row], attribute: str) -> list[tuple[int, int]]:
    """(first, last) indexes of the runs of rows under the same 一级事项 (or 二级事项; items named at 二级 are in
    no 二级事项 block)."""
    blocks: list[tuple[int, int]] = []
    for index, row in enumerate(rows):
        if blocks and getattr(rows[blocks[-1][0]], attribute) is getattr(row, attribute) and (
                attribute == "category" or rows[blocks[-1][0]].category is row.category):
            blocks[-1] = (blocks[-1][0], index)
        else:
            blocks.append((index, index))
    return [b for b in blocks if getattr(rows[b[0]], attribute) is not None]  # an item named at 二级 has no 二级事项


def page_breaks(heights: Sequence[float], first_page: float, other_pages: float) -> list[int]:
    """Indexes of the rows that start a new page: as many rows on each page as its height holds (the first
    page holds less, under the title), and never an empty page."""
    breaks, used, room = [], 0.0, first_page
    for index, height in enumerate(heights):
        if used > 0 and used + height > room:
            breaks.append(index)
            used, room = 0.0, other_pages
        used += height
    return breaks


def _fit_page_width(columns: list[Column], ems: list[float]) -> list[float]:
    """``ems`` with the widest free column narrowed a pixel at a time while the printed columns, in the whole
    pixels the workbook stores their widths in, are wider than the page (each rounds up to half a pixel)."""
    ems = list(ems)
    free = [i for i, c in enumerate(columns) if c.printed and c.key in FREE_EM]

    def width() -> float:
        return sum(column_points(column_units(room_points(em, _size(c)))) for c, em in zip(columns, ems) if c.printed)

    for _ in range(10 * len(columns)):
        if not free or width() <= PRINT_WIDTH:
            break
        widest = max(free, key=lambda i: ems[i] * _size(columns[i]))
        ems[widest] -= UNIT_PT / 7 * WIDTH_SLACK / _size(columns[widest])
    return ems


def _pieces(block: tuple[int, int], breaks: list[int]) -> list[tuple[int, int]]:
    """A block of rows cut at the page breaks inside it."""
    first, last = block
    cuts = [b for b in breaks if first < b <= last]
    starts = [first] + cuts
    ends = [c - 1 for c in cuts] + [last]
    return list(zip(starts, ends))


def write_domain_sheet(wb: Any, catalogue: Catalogue, domain: Domain, name: str) -> None:
    sheet = _Sheet(wb, wb.add_worksheet(name))
    columns = domain_columns(domain)
    rows = [_Row(number, category, sub, item, catalogue.department_of(item).name, catalogue.person_of(item),
                 catalogue.consult_of(item), catalogue.supervise_of(item))
            for number, (category, sub, item) in enumerate(domain.rows(), 1)]
    # The checklist in aligned columns 3 or 4 entries to a line, or run on like words in as few lines as a
    # width allows: whichever leaves the rows lower.
    best = None
    longest: dict = {}
    layouts = [(per_line, 0.0) for per_line in CHECKLIST_CHOICES]
    layouts += [(CHECKLIST_PER_LINE, em) for em in dict.fromkeys(
        channel_flow_em([r.item for r in rows], lines) for lines in CHECKLIST_FLOW_LINES) if em]
    # Each with the tick columns' headers stacked or two characters a line: the rows' height over the height
    # a page leaves them under the header, as few pages as can be.
    # The checklist's layout is chosen with the narrowest tick columns, the tick columns then with that layout.
    trials = [(layout, TICK_CHOICES[0]) for layout in layouts]
    for n, ((per_line, flow), tick_em) in enumerate(trials):
        for row in rows:
            row.per_line, row.flow = per_line, flow
        ems, height = measure_columns(columns, rows, longest, tick_em)
        _, _, group_height, sub_height = _header_heights(columns, ems)
        pages = height / (PRINT_HEIGHT * PAGE_SLACK - group_height - sub_height)
        if best is None or pages < best[2] - 1e-4:
            best = ((per_line, flow), ems, pages)
        if n == len(layouts) - 1:
            trials += [(best[0], tick) for tick in TICK_CHOICES[1:]]
    (per_line, flow), ems, _ = best
    ems = _fit_page_width(columns, ems)
    for row in rows:
        row.per_line, row.flow = per_line, flow
    sheet.set_widths([column_units(room_points(em, _size(c))) for em, c in zip(ems, columns)])
    n = len(columns)
    printed = sum(1 for c in columns if c.printed)
    merged_keys = [k for k in MERGED if any(c.key == k for c in columns)]
    at = {c.key: i for i, c in enumerate(columns) if c.key in MERGED}

    # Row 1: the title, over the printed columns; rows 2-3: the two header rows, repeated on every page.
    title_height = row_points(1, TITLE_SIZE) + 4
    sheet.ws.set_row(0, title_height)
    sheet.merge(0, 0, 0, printed - 1, sheet_title(domain, catalogue.region), TITLE)
    groups, headers, *header_heights = _header_heights(columns, ems)
    sheet.ws.set_row(1, header_heights[0])
    sheet.ws.set_row(2, header_heights[1])
    start = 0
    while start < n:
        col = columns[start]
        if not col.group:
            sheet.merge(1, start, 2, start, headers[start], HEADER)
            start += 1
            continue
        end = start
        while end + 1 < n and columns[end + 1].group == col.group:
            end += 1
        sheet.merge(1, start, 1, end, groups[col.group], HEADER)
        for index in range(start, end + 1):
            layout = _tick_header(columns[index], ems[index])
            sheet.write(2, index, headers[index], HEADER_STACKED if layout == "stacked" else
                        HEADER_ROTATED if layout == "rotated" else HEADER)
        start = end + 1
    sheet.ws.freeze_panes(3, 0)

    # The cells and the height of every row, from the lines of its printed cells.
    values = [[_cell(c, r, em) if c.key not in MERGED else None for c, em in zip(columns, ems)] for r in rows]
    # In a sheet with 三级 columns, an item named at 二级 has its name across the 二级 and 三级 columns.
    name_at = next(i for i, c in enumerate(columns) if c.key == "name")
    spanned = {i for i, r in enumerate(rows) if "sub" in at and r.sub is None}
    for index in spanned:
        values[index][name_at] = _cell(columns[name_at], rows[index], ems[at["sub"]] + ems[name_at])
    heights = [max((row_points(_lines(v), _size(c)) for v, c in zip(vals, columns[:printed])), default=0)
               for vals in values]
    blocks = {k: _blocks(rows, "category" if k == "category" else "sub") for k in merged_keys}

    def label(key: str, index: int, continued: bool) -> str:
        row = rows[index]
        base = row.category.name if key == "category" else (row.sub.name if row.sub is not None else "")
        text = base + (CONTINUED if continued and base else "")
        return _balanced(text, ems[at[key]])

    # Page breaks from the heights; a merged block cut by a break is two blocks, the second labelled （续）.
    # A block must be tall enough for its label: where it is not, its last row grows, and the breaks are
    # placed again.
    first_page = PRINT_HEIGHT * PAGE_SLACK - title_height - sum(header_heights)
    other_pages = PRINT_HEIGHT * PAGE_SLACK - sum(header_heights)
    for _ in range(10):
        breaks = page_breaks(heights, first_page, other_pages)
        grown = False
        for key in merged_keys:
            for block in blocks[key]:
                for piece_number, (first, last) in enumerate(_pieces(block, breaks)):
                    need = row_points(_lines(label(key, first, piece_number > 0)), BODY_SIZE)
                    have = sum(heights[first:last + 1])
                    if have + 0.01 < need:
                        heights[last] += need - have
                        grown = True
        if not grown:
            break
    for index, (vals, height) in enumerate(zip(values, heights)):
        sheet.ws.set_row(3 + index, round(height, 2))
        for col, (value, column) in enumerate(zip(vals, columns)):
            if col == name_at and index in spanned:
                sheet.merge(3 + index, at["sub"], 3 + index, col, value, _kind(column))
            elif column.key not in MERGED:
                sheet.write(3 + index, col, value, _kind(column))
    for key in merged_keys:
        for block in blocks[key]:
            for piece_number, (first, last) in enumerate(_pieces(block, breaks)):
                sheet.merge(3 + first, at[key], 3 + last, at[key], label(key, first, piece_number > 0),
                            BODY_CENTER)
    sheet.print_setup((1, 2))
    sheet.ws.set_h_pagebreaks([3 + b for b in breaks])
    sheet.ws.print_area(0, 0, 2 + max(1, len(rows)), printed - 1)


def _safe_sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel takes for the domain ``name``, none of ``taken`` (which it joins): at most 31
    characters, none of []:*?/\\ or a control character (no XML can carry those), not starting or ending with an
    apostrophe, and unique with case ignored, as Excel compares them (xlsxwriter refuses anything else)."""
    base = _trimmed(re.sub(r"[\[\]:*?/\\]", "_", _SHEET_ILLEGAL.sub("", name))) or "领域"
    used = {t.lower() for t in taken}
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate = (_trimmed(base[: 31 - len(suffix)]) or "领域") + suffix
        n += 1
    taken.add(candidate)
    return candidate


_SHEET_ILLEGAL = re.compile(r"[\x00-\x1f\x7f]")


def _trimmed(name: str) -> str:
    """``name`` cut to 31 characters and without apostrophes at either end (cutting may leave one at the end)."""
    return name[:31].strip("'")


SUMMARY_WIDTHS = (0.22, 0.11, 0.11, 0.15, 0.15, 0.26)  # of the page's width: A-F, the printed columns
SUMMARY_ID_COLUMN = 7  # H: the departments' ids, for gwstd import, outside the print area


def write_summary_sheet(wb: Any, catalogue: Catalogue, coverage: CatalogueCoverage | None) -> None:
    """目录说明: the catalogue's facts, the items per domain and per department, the department registry and
    the coverage of the scope guide, printed on A4 like the domain sheets. What a reader needs only: the
    departments' ids (for gwstd import) sit outside the print area, and a column nobody fills is left out."""
    sheet = _Sheet(wb, wb.add_worksheet("目录说明"))
    points = [PRINT_WIDTH * share for share in SUMMARY_WIDTHS]
    sheet.set_widths([column_units(p) for p in points] + [column_units(20), column_units(60)])
    sheet.print_setup(None)
    row = 0
    heights: dict[int, float] = {}  # row → height, for the page breaks
    sections: list[int] = []  # the first row of each heading and its table

    def room(first: int, last: int) -> float:
        return text_room(sum(points[first:last + 1]), BODY_SIZE)

    def put(cells: list[tuple[int, int, Any, tuple]]) -> None:
        """One row of (first column, last column, value, kind), as tall as its longest cell."""
        nonlocal row
        lines = 1
        for first, last, value, kind in cells:
            if isinstance(value, str) and last < len(points):
                value = soft_wrap(value, room(first, last))
                lines = max(lines, _lines(value))
            sheet.merge(row, first, row, last, value, kind)
        heights[row] = row_points(lines, BODY_SIZE)
        sheet.ws.set_row(row, heights[row])
        row += 1

    def heading(text: str) -> None:
        nonlocal row
        sections.append(row)
        row += 1
        sheet.merge(row, 0, row, 5, text, HEADING)
        heights[row] = row_points(1, 10)
        sheet.ws.set_row(row, heights[row])
        row += 1

    def spans(n: int) -> list[tuple[int, int]]:
        """n columns over A-F: one each, the last taking what is left."""
        return [(i, i) for i in range(n - 1)] + [(n - 1, 5)]

    def table(header: list[str], body: list[list[Any]], extra: list[Any] | None = None) -> None:
        """A table over A-F, its columns left out where no row has a value (the first always stays)."""
        keep = [0] + [c for c in range(1, len(header)) if any(r[c] not in (None, "") for r in body)]
        layout = spans(len(keep))
        put([(a, b, header[c], HEADER) for (a, b), c in zip(layout, keep)]
            + ([(SUMMARY_ID_COLUMN, SUMMARY_ID_COLUMN, extra[0], HEADER)] if extra else []))
        for n, values in enumerate(body):
            cells = [(a, b, values[c], BODY_CENTER if isinstance(values[c], (int, float)) else BODY)
                     for (a, b), c in zip(layout, keep)]
            if extra:
                cells.append((SUMMARY_ID_COLUMN, SUMMARY_ID_COLUMN, extra[n + 1], BODY))
            put(cells)

    sheet.ws.set_row(0, row_points(1, TITLE_SIZE) + 4)
    sheet.merge(0, 0, 0, 5, f"{catalogue.region}政务公开事项标准目录", TITLE)
    row = 1
    facts = [("地区", catalogue.region), ("编制单位", catalogue.office), ("版本", catalogue.edition),
             ("发布日期", catalogue.date), ("政府网站", catalogue.website), ("意见建议", catalogue.feedback),
             ("说明", catalogue.description)]
    for label, value in facts:
        if value or label in ("地区", "编制单位", "版本", "发布日期"):
            put([(0, 0, label, HEADER), (1, 5, value, BODY)])

    heading("各领域事项数")
    per_domain = [[d.name, len(d.items), len(d.categories), d.description or None] for d in catalogue.domains]
    per_domain.append(["合计", sum(r[1] for r in per_domain), sum(r[2] for r in per_domain), None])
    table(["领域", "事项数", "一级事项数", "领域说明"], per_domain)

    heading("部门名册及事项数")
    counts: dict[str, int] = {}
    for item in catalogue.items:
        counts[item.department] = counts.get(item.department, 0) + 1
    departments = list(catalogue.departments.values())
    departments += [catalogue.department_of_id(d) for d in counts if d not in catalogue.departments]
    table(["部门名称", "事项数", "责任人", "咨询电话", "监督举报电话", "办公地址"],
          [[d.name, counts.get(d.id, 0), d.person, d.consult, d.supervise, d.address or None] for d in departments],
          extra=["部门编号"] + [d.id for d in departments])

    if coverage is not None:
        heading(f"对照《{coverage.baseline}》的覆盖情况")
        body = [[d.domain, d.covered if d.present else "—", d.total, f"{d.ratio * 100:.0f}%" if d.present else "—"]
                for d in coverage.domains]
        body.append(["合计", coverage.covered, coverage.total, f"{coverage.ratio * 100:.0f}%"])
        table(["领域", "已覆盖要点", "要点数", "覆盖率"], body)
    sheet.ws.print_area(0, 0, max(row - 1, 0), 5)
    # A table that would run over the foot of a page starts on the next one, with its heading and header,
    # when it fits on a page.
    heights[0] = row_points(1, TITLE_SIZE) + 4
    page_room, used, breaks = PRINT_HEIGHT * PAGE_SLACK, 0.0, []
    bounds = sections + [row]
    starts = dict(zip(bounds, bounds[1:]))
    for r in range(row):
        height = heights.get(r, 15.0)
        if r in starts:
            block = sum(heights.get(x, 15.0) for x in range(r, starts[r]))
            if used > 0 and used + block > page_room and block <= page_room:
                breaks.append(r)
                used = 0.0
        if used > 0 and used + height > page_room:
            breaks.append(r)
            used = 0.0
        used += height
    sheet.ws.set_h_pagebreaks(breaks)


def write_changes_sheet(wb: Any, changes: Changes) -> None:
    """调整说明: what changed since the earlier edition, one row a change, on A4 like the other sheets."""
    sheet = _Sheet(wb, wb.add_worksheet("调整说明"))
    entries = [[KIND_LABELS[c.kind], c.id, c.name, c.place.text(), detail(c)] for c in changes.ordered()]
    entries += [[DEPARTMENT_CHANGE_LABELS[d.kind], d.id, d.name, f"涉及 {len(d.items)} 个事项" if d.items else "",
                 fields_text(d.fields)] for d in changes.departments]
    fixed = [room_points(4, BODY_SIZE),
             room_points(max([4.0] + [text_em(str(e[1])) for e in entries]), BODY_SIZE)]
    rest = max(PRINT_WIDTH - sum(fixed), room_points(30, BODY_SIZE))
    points = fixed + [rest * share for share in (24 / 106, 22 / 106, 60 / 106)]
    sheet.set_widths([column_units(p) for p in points])
    sheet.print_setup((2, 2))  # the header row on every page
    sheet.ws.set_row(0, row_points(1, TITLE_SIZE) + 4)
    sheet.merge(0, 0, 0, 4, f"{changes.region}政务公开事项标准目录调整说明", TITLE)
    text = soft_wrap(f"{compared_with(changes)}:{summary(changes)}。",
                     text_room(sum(points), BODY_SIZE))
    sheet.merge(1, 0, 1, 4, text, BODY)
    sheet.ws.set_row(1, row_points(_lines(text), BODY_SIZE))
    for col, header in enumerate(("变更", "事项编号", "事项名称", "领域 / 一级事项", "内容")):
        sheet.write(2, col, header, HEADER)
    sheet.ws.set_row(2, row_points(1, BODY_SIZE))
    for row, values in enumerate(entries, 3):
        cells = [v if col < 2 else soft_wrap(v, text_room(points[col], BODY_SIZE)) for col, v in enumerate(values)]
        for col, value in enumerate(cells):
            sheet.write(row, col, value, BODY_CENTER if col < 2 else BODY)
        sheet.ws.set_row(row, row_points(max(_lines(v) for v in cells), BODY_SIZE))
    sheet.ws.print_area(0, 0, max(2, 2 + len(entries)), 4)


def workbook_bytes(catalogue: Catalogue, coverage: CatalogueCoverage | None = None,
                   changes: Changes | None = None) -> bytes:
    """The whole book: 目录说明, the 调整说明 when there is an earlier edition, then one sheet per domain."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    wb.gwstd_formats = {}
    default = wb.formats[0]  # the workbook's default font sets what a unit of column width is: see UNIT_PT
    default.set_font_name(DEFAULT_FONT[0])
    default.set_font_size(DEFAULT_FONT[1])
    write_summary_sheet(wb, catalogue, coverage)
    taken = {"目录说明"}
    if changes is not None:
        write_changes_sheet(wb, changes)
        taken.add("调整说明")
    for domain in catalogue.domains:
        write_domain_sheet(wb, catalogue, domain, _safe_sheet_name(domain.name, taken))
    wb.close()
    return buffer.getvalue()
