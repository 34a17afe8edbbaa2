"""Reading the sheets of a workbook: opening it, each sheet as a grid of values, its header found by its
labels (not by position), every column mapped to a field (and the report of how), and each data row read into
an item with its department's name, person and phones as the sheet gives them.

Merged cells are expanded (a merged 一级事项 applies to every row it spans; one left empty below its name takes
the name above); title rows, blank spacer rows, headings, trailing 注 rows and the title and header rows
printed again on each page are skipped, each listed in the sheet's report with its reason. In a sheet with
三级事项, a row whose 三级 cell is empty (or merged with, or the same as, its 二级 cell) is an item named at 二级;
in a sheet that marks those by merging 二级 across 三级 (gwstd's book), the same text in two cells is a 三级 item.
Formula cells give the value the workbook saved; one without a saved value, or an error value (#REF!), is
said with its cell. The cells themselves are parsed in ``cells.py``; the rows become a catalogue in
``assemble.py``. Every problem, and every decision a person might question, is a diagnostic with sheet, row
and column, and the sheet's report keeps those made while reading it.

Only a regular file is read, and only within the limits below (file size, members, declared uncompressed
sizes, sheets, styles; each sheet's rows, columns, cells and merged ranges as far as its real cells reach):
a hostile workbook (a cell at AAA200000, a zip bomb, /dev/zero) is refused with GW432 or GW019, never read
until memory runs out.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from gwstd.catalogue.model import Department, Item
from gwstd.catalogue.vocab import AUDIENCES, LEVELS, METHODS, PILOT_DOMAINS, SYNONYMS
from gwstd.diagnostics import Diagnostic, codes
from gwstd.excel_import.cells import (
    cell_text,
    channel_sentence,
    level_targets,
    norm,
    parse_basis,
    parse_channels,
    parse_content,
    parse_subject,
    parse_update_cycle,
    read_hotlines,
    split_list,
    tick_of,
)

# --- header labels ----------------------------------------------------------------------------------------
# field → the words a header cell may use for it (normalised: no spaces or brackets)
FIELDS: list[tuple[str, tuple[str, ...]]] = [
    ("number", ("序号", "编号")),
    ("category", ("一级事项",)),
    ("subcategory", ("二级事项",)),
    ("third", ("三级事项",)),
    ("content", ("公开内容", "公开要素", "内容要素")),
    ("basis", ("公开依据", "依据")),
    ("time_limit", ("公开时限", "时限")),
    ("subject", ("公开主体", "责任单位", "责任部门")),
    ("channels", ("公开渠道", "公开载体", "渠道")),
    ("update_cycle", ("信息更新周期", "更新周期")),
    ("hotlines", ("咨询及监督举报电话", "咨询和监督举报电话")),
    ("consult", ("咨询电话",)),
    ("supervise", ("监督举报电话", "监督电话", "举报电话", "投诉电话")),
    ("url", ("公开网址", "网址", "网站栏目")),
    ("note", ("备注",)),
    ("scope", ("范围要点",)),
    ("id", ("事项编号",)),
    ("subcategory", ("事项名称", "公开事项名称")),
]
GROUPS = {"公开对象": "audience", "公开方式": "method", "公开层级": "level", "公开事项": "item"}
LABELS = {"number": "序号", "category": "一级事项", "subcategory": "二级事项", "third": "三级事项",
          "content": "公开内容(要素)", "basis": "公开依据", "time_limit": "公开时限", "subject": "公开主体",
          "channels": "公开渠道和载体", "update_cycle": "信息更新周期",
          "hotlines": "咨询电话和监督举报电话(一格中两个号码,拆分导入)",
          "consult": "咨询电话", "supervise": "监督举报电话", "url": "公开网址", "note": "备注", "scope": "范围要点",
          "id": "事项编号", "name": "事项名称"}


@dataclass(slots=True)
class ColumnMap:
    column: int
    header: str
    target: str  # field name, or "audience:全社会" / "method:主动" / "level:县级"; "" when not understood

    @property
    def label(self) -> str:
        kind, _, value = self.target.partition(":")
        if value:
            return {"audience": "公开对象", "method": "公开方式", "level": "公开层级"}[kind] + "·" + value
        return LABELS.get(self.target, "(未识别,已忽略)")


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row of a sheet that is not an item: its row number in Excel, why (in Chinese), its first text."""

    row: int
    reason: str
    text: str


@dataclass(slots=True)
class SheetReport:
    sheet: str
    domain: str
    header_rows: tuple[int, int]
    columns: list[ColumnMap]
    items: int
    skipped: list[SkippedRow] = field(default_factory=list)
    # the diagnostics made while reading this sheet: every decision a person might question, with its cell
    diagnostics: list[Diagnostic] = field(default_factory=list)
    file: str = ""


class ImportFailure(Exception):
    """A workbook that cannot be read at all; the message (Chinese) says why. ``code`` is the diagnostic that
    says it (GW401; GW432 past a limit; GW019 not a regular file) and ``fields`` its fields besides the reason."""

    code = "GW401"

    def __init__(self, reason: str, code: str = "", **fields: str):
        super().__init__(reason)
        self.code = code or self.code
        self.fields = fields


# --- limits ----------------------------------------------------------------------------------------------
# Far above a real catalogue's workbook (a county's: a few hundred rows and < 40 columns, under 1 MB; a
# province's: up to 100,000 rows), and low enough that reading within them stays well under 1 GB of memory:
# beyond them a workbook is refused (GW432) before it is read, or as soon as reading reaches the limit.
MB = 1024 * 1024
MAX_FILE_BYTES = 64 * MB          # the .xlsx file itself (compressed)
MAX_MEMBERS = 10_000              # files inside the zip (a real book has 10-50)
MAX_SHEETS = 1_000                # sheets in the workbook
MAX_TOTAL_BYTES = 512 * MB        # all members together, uncompressed (as the zip declares them)
MAX_SHEET_BYTES = 128 * MB        # one worksheet's XML, uncompressed
MAX_STRINGS_BYTES = 64 * MB       # the shared strings' XML, uncompressed
MAX_PART_BYTES = 16 * MB          # any other XML part (styles, workbook, relationships), uncompressed
MAX_ROWS = 200_000                # rows of one sheet, to its last non-empty cell
MAX_COLUMNS = 1_000               # columns of one sheet, to its last non-empty cell (Excel's own: 16,384)
MAX_CELLS = 8_000_000             # rows × columns of one sheet's rectangle
MAX_MERGES = 200_000              # merged ranges of one sheet
MAX_STYLES = 200_000              # cell formats, fonts, fills, borders… (Excel's own: 64,000 cell formats)
EXCEL_ROWS = 1_048_576            # Excel's last row: empty rows are read (and skipped) no further
FORMULA_PASS_BYTES = 32 * MB      # worksheets' XML up to which formulas without values are read with their text


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def _limit(reason: str) -> ImportFailure:
    return ImportFailure(reason, "GW432")


def open_workbook(path: Path) -> SheetsRead:
    """The values of every sheet of the workbook at ``path`` (not formulas), or ImportFailure saying why not.

    Only a regular file is read (a FIFO could block for ever, /dev/zero never ends), at most MAX_FILE_BYTES
    of it; the zip's members are checked against the limits before openpyxl decompresses any of them."""
    import io
    import zipfile

    from gwstd.seams.files import InputTooLarge, NotRegularFile, os_reason, read_capped

    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except NotRegularFile as exc:
        raise ImportFailure(f"不是普通文件(是{exc.kind})", "GW019", target=str(path), kind=exc.kind) from None
    except InputTooLarge as exc:
        size = f"{_mb(exc.size)}," if exc.size is not None else ""
        raise _limit(f"文件太大({size}超过 {_mb(MAX_FILE_BYTES)} 的上限)") from None
    except FileNotFoundError:
        raise ImportFailure("文件不存在") from None
    except IsADirectoryError:
        raise ImportFailure("这是一个目录,不是文件") from None
    except PermissionError:
        raise ImportFailure("没有读取权限") from None
    except OSError as exc:
        raise ImportFailure(f"无法读取文件({os_reason(exc)})") from None
    stream = io.BytesIO(data)
    if not zipfile.is_zipfile(stream):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise ImportFailure("文件是加密的工作簿或旧版 .xls 格式:请在 Excel/WPS 中取消密码,另存为 .xlsx 后再导入")
        if data.startswith(b"PK"):  # a zip whose end is missing: a copy or download cut short
            raise ImportFailure(_INCOMPLETE)
        raise ImportFailure("不是 Excel 工作簿(.xlsx)")
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_members(archive)
        with warnings.catch_warnings():  # openpyxl warns in English on stderr of what it drops; import says
            warnings.simplefilter("ignore")  # what it could not read itself
            return _read_values(_load(stream), data)
    except ImportFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise ImportFailure(_damaged(exc)) from None


_INCOMPLETE = "文件不完整或已损坏(可能复制或下载时被截断),无法读取:请重新复制或下载后再导入"


def _load(stream: Any) -> Any:
    from openpyxl import load_workbook

    stream.seek(0)
    return load_workbook(stream, read_only=True, data_only=True)


def _damaged(exc: BaseException) -> str:
    """What went wrong reading a workbook, in Chinese, for the exceptions openpyxl and zipfile raise."""
    import zipfile
    import zlib

    if isinstance(exc, MemoryError):
        return "内存不足,无法读取这个工作簿"
    if isinstance(exc, (zipfile.BadZipFile, EOFError, zlib.error)):
        return "文件不完整或已损坏(压缩数据有误),无法读取:请重新复制或下载后再导入"
    if isinstance(exc, KeyError):
        return "文件已损坏或不是 Excel 保存的工作簿(缺少工作簿必需的组成部分),无法读取"
    cause = exc
    while cause.__cause__ is not None or cause.__context__ is not None:  # openpyxl wraps XML errors
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
        if _is_xml_error(cause):
            break
    if _is_xml_error(exc) or _is_xml_error(cause):
        return "文件已损坏(其中的 XML 内容不完整或有误),无法读取"
    if isinstance(exc, RecursionError):
        return "文件已损坏(XML 嵌套过深),无法读取"
    return "文件已损坏或不是 Excel 保存的工作簿(内容不符合 .xlsx 格式),无法读取"


def _sheet_damage(exc: BaseException) -> str:
    import zipfile
    import zlib

    if isinstance(exc, MemoryError):
        return "内存不足"
    if isinstance(exc, (zipfile.BadZipFile, EOFError, zlib.error)):
        return "压缩数据有误,文件可能不完整"
    if _is_xml_error(exc) or _is_xml_error(exc.__cause__ or exc.__context__ or exc):
        return "其中的 XML 内容不完整或有误"
    return "单元格的内容不符合 .xlsx 格式"


def _is_xml_error(exc: BaseException) -> bool:
    from xml.etree.ElementTree import ParseError

    if isinstance(exc, ParseError):
        return True
    try:
        from lxml.etree import LxmlSyntaxError
    except ImportError:  # pragma: no cover - lxml is optional for openpyxl
        return False
    return isinstance(exc, LxmlSyntaxError)


_SHEET_TAG = re.compile(rb"<(?:\w{1,32}:)?sheet\b")
_STYLE_TAG = re.compile(rb"<(?:\w{1,32}:)?(?:xf|font|fill|border|numFmt|dxf|cellStyle)\b")


def _check_members(archive: Any) -> None:
    """GW432 for a zip beyond the limits (declared sizes: zipfile never decompresses a member past the size
    its directory declares), GW401 for a compression Excel does not use (bzip2 and lzma decompress a whole
    chunk at once, unbounded)."""
    import zipfile

    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _limit(f"压缩包中有 {len(members)} 个文件,超过 {MAX_MEMBERS} 个的上限")
    total = 0
    for info in members:
        name = info.filename
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ImportFailure(f"不是 Excel 保存的工作簿:其中的 {name} 使用了 Excel 不用的压缩方式")
        lower = name.lower()
        if lower.startswith("xl/worksheets/"):
            cap, what = MAX_SHEET_BYTES, "工作表"
        elif lower.endswith("sharedstrings.xml"):
            cap, what = MAX_STRINGS_BYTES, "共享字符串表"
        elif lower.endswith((".xml", ".rels")):
            cap, what = MAX_PART_BYTES, "组成部分"
        else:
            cap, what = MAX_TOTAL_BYTES, "文件"
        if info.file_size > cap:
            raise _limit(f"其中的{what} {name} 解压后有 {_mb(info.file_size)},超过 {_mb(cap)} 的上限"
                         "(可能是“压缩炸弹”)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _limit(f"解压后共有 {_mb(total)},超过 {_mb(MAX_TOTAL_BYTES)} 的上限(可能是“压缩炸弹”)")
    names = {info.filename for info in members}
    for name in sorted(n for n in names if n.lower().endswith("styles.xml")):
        styles = len(_STYLE_TAG.findall(archive.read(name)))  # openpyxl keeps an object of each (60 µs)
        if styles > MAX_STYLES:
            raise _limit(f"有 {styles} 个单元格格式(字体、填充、边框等),超过 {MAX_STYLES} 个的上限")
    if "xl/workbook.xml" not in names:
        return  # openpyxl finds the workbook part by the relationships; it says when there is none
    sheets = len(_SHEET_TAG.findall(archive.read("xl/workbook.xml")))
    if sheets > MAX_SHEETS:
        raise _limit(f"有 {sheets} 个工作表,超过 {MAX_SHEETS} 个的上限")


class _Value:
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class MergedRange:
    """A merged range's bounds (1-based, inclusive), as openpyxl's CellRange has them, made in a tenth of its
    time (a sheet may have 200,000)."""

    __slots__ = ("min_row", "min_col", "max_row", "max_col")

    def __init__(self, min_row: int, min_col: int, max_row: int, max_col: int):
        self.min_row, self.min_col, self.max_row, self.max_col = min_row, min_col, max_row, max_col

    def __repr__(self) -> str:
        return f"<MergedRange {get_column_letter(self.min_col)}{self.min_row}:{get_column_letter(self.max_col)}{self.max_row}>"


@lru_cache(maxsize=4096)
def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _merged_range(match: tuple[bytes, bytes, bytes, bytes]) -> MergedRange | None:
    """A mergeCell's ``ref`` (A1:C3, or one cell), None when it names no cell of a sheet (row 0, reversed)."""
    c1, r1, c2, r2 = match
    if not c2:
        c2, r2 = c1, r1
    top, left, bottom, right = int(r1), _column_number(c1), int(r2), _column_number(c2)
    if not (0 < top <= bottom and 0 < left <= right):
        return None
    return MergedRange(top, left, bottom, right)


class _Merged:
    __slots__ = ("ranges",)

    def __init__(self, ranges: list[Any]):
        self.ranges = ranges


class SheetValues:
    """One sheet's values and merged ranges, read in openpyxl's read-only mode: the little of a worksheet's
    interface import uses (``title``, ``iter_rows(values_only=True)``, ``merged_cells.ranges``, ``cell``).

    Read-only mode streams the sheet; a full load formats every merged cell's borders, which took 1.0 s of
    the 1.5 s a county's book took to open."""

    def __init__(self, title: str, rows: list[tuple], merged: list[Any], uncomputed: bool = False):
        self.title = title
        self.rows = rows
        self.merged_cells = _Merged(merged)
        self.uncomputed = uncomputed  # its XML holds a formula with no saved value

    def iter_rows(self, values_only: bool = True) -> Any:
        return iter(self.rows)

    def cell(self, row: int, column: int) -> _Value:
        values = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
        return _Value(values[column - 1] if 0 < column <= len(values) else None)


class SheetsRead:
    """A workbook's sheets as ``SheetValues``, in order, found by title too; ``data`` the file's bytes."""

    def __init__(self, sheets: list[SheetValues], data: bytes = b""):
        self.worksheets = sheets
        self.sheetnames = [s.title for s in sheets]
        self.data = data
        self.sheet_bytes = 0  # the worksheets' XML, uncompressed

    def __getitem__(self, title: str) -> SheetValues:
        return self.worksheets[self.sheetnames.index(title)]


_MERGE_TAG = re.compile(rb"<(?:\w{1,32}:)?mergeCell\b")
_MERGE_REF = re.compile(rb'\bref="([A-Za-z]{1,3})([0-9]{1,7})(?::([A-Za-z]{1,3})([0-9]{1,7}))?"')


def _merge_refs(xml: bytes) -> list[tuple[bytes, bytes, bytes, bytes]]:
    """The ``ref`` of each mergeCell element, in one pass: each tag is read to its ``>`` and the search goes on
    from there (a regex scanning each tag's attributes from every "<mergeCell" took minutes on a million
    unclosed ones); MAX_MERGES + 1 at most."""
    found, at = [], 0
    while len(found) <= MAX_MERGES:
        tag = _MERGE_TAG.search(xml, at)
        if tag is None:
            break
        end = xml.find(b">", tag.end())
        if end < 0:
            break
        ref = _MERGE_REF.search(xml, tag.end(), end)
        if ref is not None:
            found.append(ref.groups(b""))
        at = end + 1
    return found


def _read_values(wb: Any, data: bytes = b"") -> SheetsRead:
    """Every sheet's values (as wide as its real cells reach: the declared dimension is not trusted) and its
    merged ranges (from the sheet's XML, which read-only mode does not parse); the file is closed after.
    A sheet past the limits (rows, columns, cells, merged ranges) is refused as soon as reading reaches them."""

    try:
        sheets = []
        read = SheetsRead([], data)
        for ws in wb.worksheets:
            if not hasattr(ws, "reset_dimensions"):  # a chartsheet: no cells
                continue
            ws.reset_dimensions()
            info = wb._archive.getinfo(ws._worksheet_path)
            read.sheet_bytes += info.file_size
            if read.sheet_bytes > MAX_TOTAL_BYTES:  # several sheets reading the one part
                raise _limit(f"工作表共有 {_mb(read.sheet_bytes)} 的 XML,超过 {_mb(MAX_TOTAL_BYTES)} 的上限")
            xml = wb._archive.read(ws._worksheet_path)
            refs = _merge_refs(xml)
            if len(refs) > MAX_MERGES:
                raise _limit(f"工作表「{ws.title}」的合并单元格超过 {MAX_MERGES} 个的上限")
            uncomputed = bool(_UNCOMPUTED.search(xml))
            cells = _cells_only(xml)
            del xml
            ws._get_source = lambda cells=cells: _LargeReads(cells)  # decompressed once, not twice
            last = _LAST_ROW.match(cells, max(cells.rfind(b"<row"), 0))
            if last and int(last.group(1)) > EXCEL_ROWS:  # said at once, without reading a million empty rows
                raise _limit(f"工作表「{ws.title}」有第 {int(last.group(1))} 行,超过 Excel 的最大行数 {EXCEL_ROWS}")
            try:
                rows = _bounded_rows(ws)
            except ImportFailure:
                raise
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged sheet
                raise ImportFailure(f"工作表「{ws.title}」已损坏({_sheet_damage(exc)}),无法读取") from None
            del cells
            real = max((len(r) for r in rows), default=0)
            merged = _clipped([m for m in map(_merged_range, refs) if m is not None], len(rows), real)
            # a rectangle as wide as the real cells reach (merges are cut to them)
            width = real
            if sum((m.max_row - m.min_row + 1) * (m.max_col - m.min_col + 1) for m in merged) > MAX_CELLS:
                raise _limit(f"工作表「{ws.title}」的合并单元格相互重叠,共超过 {MAX_CELLS} 个单元格的上限")
            rows = [r + (None,) * (width - len(r)) for r in rows]
            sheets.append(SheetValues(ws.title, rows, merged, uncomputed))
        read.worksheets, read.sheetnames = sheets, [s.title for s in sheets]
        return read
    finally:
        wb.close()


_LAST_ROW = re.compile(rb'<row\b[^>]{0,1024}?\br="([0-9]{1,18})"')
_WORKSHEET_OPEN = re.compile(rb"<(?:(\w{1,32}):)?worksheet\b[^>]{0,8192}>")
class _LargeReads(io.BytesIO):
    """The sheet's XML handed to the parser in pieces of 4 MB, not the 16 KB ElementTree asks for: expat
    scans a token that is not yet complete again on every piece, so a 30 MB attribute fed 16 KB at a time
    took minutes (quadratic); in 4 MB pieces it is read in a fraction of a second."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(-1 if size is None or size < 0 else max(size, 4 << 20))


_SHEET_DATA = re.compile(rb"<(?:\w{1,32}:)?sheetData\b")
_SHEET_DATA_END = re.compile(rb"</(?:\w{1,32}:)?sheetData\s*>|<(?:\w{1,32}:)?sheetData\b[^>]{0,8192}/>")


def _cells_only(xml: bytes) -> bytes:
    """A worksheet's XML with only its cells (``<sheetData>``) for openpyxl, which otherwise keeps every merged
    range, hyperlink, validation and conditional format of the sheet as objects (200,000 merged ranges: 12 s
    and 160 MB) though import reads none of them; the XML unchanged when it is not laid out as expected."""
    opening = _WORKSHEET_OPEN.search(xml, 0, 1 << 16)  # at the start: the declaration, perhaps a comment
    start = _SHEET_DATA.search(xml, opening.end()) if opening else None
    if opening is None or start is None:
        return xml
    last = xml.rfind(b"sheetData")  # the closing tag, near the end: found without scanning the cells
    tag = xml.rfind(b"<", start.start(), last)
    end = _SHEET_DATA_END.match(xml, tag) if last > start.start() and tag >= 0 else None
    if end is None:
        return xml
    prefix = opening.group(1)
    close = b"</" + (prefix + b":" if prefix else b"") + b"worksheet>"
    return b"".join((xml[:opening.end()], xml[start.start():end.end()], close))


def _bounded_rows(ws: Any) -> list[tuple]:
    """A sheet's rows to its last non-empty one, each to its last non-empty cell; GW432 as soon as the real
    cells pass MAX_ROWS, MAX_COLUMNS or MAX_CELLS. Read lazily: a cell written at row 2,000,000 or column
    AAA (openpyxl pads each row to its last cell, and yields every missing row) costs nothing kept."""
    rows: list[tuple] = []
    pending = 0  # empty rows read since the last non-empty one: kept only when one with a value follows
    width = 0
    for count, values in enumerate(ws.iter_rows(values_only=True), 1):
        if count > EXCEL_ROWS:
            raise _limit(f"工作表「{ws.title}」超过 Excel 的最大行数 {EXCEL_ROWS}")
        end = len(values)
        while end and values[end - 1] is None:
            end -= 1
        if not end:
            pending += 1
            continue
        if count > MAX_ROWS:
            raise _limit(f"工作表「{ws.title}」第 {count} 行有内容,超过 {MAX_ROWS} 行的上限")
        if end > MAX_COLUMNS:
            raise _limit(f"工作表「{ws.title}」第 {count} 行有 {end} 列,超过 {MAX_COLUMNS} 列的上限")
        width = max(width, end)
        if count * width > MAX_CELLS:
            raise _limit(f"工作表「{ws.title}」到第 {count} 行已有 {count} 行 × {width} 列,"
                         f"超过 {MAX_CELLS} 个单元格的上限")
        rows.extend([()] * pending)
        pending = 0
        rows.append(tuple(values[:end]) if end < len(values) else tuple(values))
    return rows


def _clipped(merged: list[Any], rows: int, width: int) -> list[Any]:
    """The merged ranges that reach the cells read, cut to them: a range merged over a whole row (A1:XFD1)
    or column reaches no further than the last real cell; one merged down is still merged down (its second
    row kept)."""
    out = []
    for m in merged:
        if m.min_row > rows or m.min_col > width:
            continue  # over empty cells only
        m.max_row = min(m.max_row, max(rows, m.min_row + 1))
        m.max_col = min(m.max_col, width)
        out.append(m)
    return out


# A formula cell whose workbook holds no computed value: <f>…</f> then no <v>, or an empty <v>
# (every repetition bounded or unambiguous: the sheet's XML is searched before any parser has checked it, and
# "</f>" then a megabyte of spaces took a backtracking search minutes)
_UNCOMPUTED = re.compile(rb"(?:</(?:\w{1,32}:)?f>|<(?:\w{1,32}:)?f\b[^>]{0,256}/>)\s*"
                         rb"(?:<(?:\w{1,32}:)?v\s*/>\s*|<(?:\w{1,32}:)?v>\s*</(?:\w{1,32}:)?v>\s*)?</(?:\w{1,32}:)?c>")


def formulas_without_values(path: Path, wb: Any) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet title → {(row, column): formula} for formula cells the workbook holds no computed value for (a
    file written by a program that computes nothing). Reading the values searched each sheet's XML for such
    cells already; only a workbook that has them is opened a second time, for the formulas, from the bytes
    read the first time, and only up to FORMULA_PASS_BYTES of sheets (a full load keeps every cell)."""
    import io

    from openpyxl import load_workbook

    flagged = {s.title for s in wb.worksheets if s.uncomputed}
    if not flagged or getattr(wb, "sheet_bytes", 0) > FORMULA_PASS_BYTES:
        return {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas = load_workbook(io.BytesIO(wb.data) if getattr(wb, "data", b"") else path, data_only=False)
    except Exception:  # noqa: BLE001 - read once already: at worst no formulas are found
        return {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    for ws in formulas.worksheets:
        if ws.title not in flagged:
            continue
        values = wb[ws.title]
        for (row, column), cell in sorted(ws._cells.items()):  # the cells the XML holds, not the rectangle
            formula = cell.value
            text = getattr(formula, "text", formula)  # an array formula holds its text
            if isinstance(text, str) and text.startswith("=") and values.cell(row, column).value is None:
                found.setdefault(ws.title, {})[(row, column)] = text
    return found


def grid_of(ws: Any) -> list[list[Any]]:
    """A sheet's values row by row, each merged range filled with its first cell's value."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        anchor = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(rows) else None
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            row = rows[r]
            while len(row) < merged.max_col:
                row.append(None)
            for c in range(merged.min_col - 1, merged.max_col):
                row[c] = anchor
    return rows


# --- header detection ---------------------------------------------------------------------------------------


def _field_of(text: str) -> str:
    t = norm(text)
    if not t:
        return ""
    if "咨询" in t and re.search(r"监督|举报|投诉", t) and "电话" in t:  # 咨询/监督举报电话, 咨询电话/监督举报电话
        return "hotlines"
    for name, words in FIELDS:
        if any(t == w or t.startswith(w) for w in words):
            return name
    return ""


def _is_header_word(text: str) -> bool:
    t = norm(text)
    return bool(_field_of(text)) or t in GROUPS


def find_header(rows: list[list[Any]], scan: int = 15) -> int | None:
    """Index of the header row: the first with at least three cells that are known header labels."""
    best, best_score = None, 2
    for index, row in enumerate(rows[:scan]):
        score = len({norm(v) for v in row if v is not None and _is_header_word(cell_text(v))})
        if score > best_score:
            best, best_score = index, score
    return best




def map_columns(top: list[Any], sub: list[Any]) -> list[ColumnMap]:
    maps = []
    width = max(len(top), len(sub))
    last_group = None
    for index in range(width):
        head = cell_text(top[index]) if index < len(top) else ""
        below = cell_text(sub[index]) if index < len(sub) else ""
        group = GROUPS.get(norm(head))
        if not head and below and last_group:  # a group header not merged over its columns
            group = last_group
        last_group = group if (head or below) else None
        header = head + (f"/{below}" if below and below != head else "")
        if group == "audience":
            value = "特定群体" if "特定" in below else ("全社会" if below else "")
            maps.append(ColumnMap(index, header, f"audience:{value}" if value else ""))
        elif group == "method":
            value = "依申请" if "申请" in below else ("主动" if "主动" in below else "")
            maps.append(ColumnMap(index, header, f"method:{value}" if value else ""))
        elif group == "level":
            levels = level_targets(below)
            maps.append(ColumnMap(index, header, "level:" + "+".join(levels) if levels else ""))
        elif group == "item":
            name = _field_of(below) if below else ""
            maps.append(ColumnMap(index, header, name or "subcategory"))
        else:
            name = _field_of(head) or _field_of(below)
            if name == "hotlines" and _field_of(below) in ("consult", "supervise"):  # 咨询及监督举报电话 over two
                name = _field_of(below)
            maps.append(ColumnMap(index, header, name))
    return maps


# --- sheets ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    display: str
    diagnostics: list[Diagnostic]
    # sheet title → {(row, column): formula} of the formula cells without a computed value
    uncomputed: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)

    def warn(self, code: str, sheet: str, row: int, column: int, **fields: Any) -> None:
        cell = f"{get_column_letter(column)}{row}" if column else str(row)
        self.diagnostics.append(codes.make(code, file=self.display, line=row, column=column, path=(sheet, cell),
                                           sheet=sheet, cell=cell, **fields))


def _domain_name(title: str, sheet: str) -> str:
    for name in PILOT_DOMAINS:
        if name in title or name in sheet:
            return name
    match = re.search(r"(?:县|区|市|旗)?(.{2,12}?)领域", title)
    return match.group(1) if match else sheet.strip()


def region_of(title: str, domain: str) -> str:
    if domain and domain in title:
        before = title.split(domain)[0].strip()
        if before:
            return before
    match = re.match(r"^(.{2,12}?(?:县|区|市|旗))", title)
    return match.group(1) if match else ""


@dataclass(slots=True)
class Row:
    category: str
    subcategory: str
    item: Item
    person: str
    department_name: str
    consult: str
    supervise: str
    sheet: str = ""  # where the row was read: the sheet's title and its row number in Excel
    excel_row: int = 0


# Cells of a repeated header row: the header labels, and the sub-headers of the second header row
SUB_HEADERS = ("一级事项", "二级事项", "三级事项", "全社会", "特定群体", "特定群众", "主动", "依申请", "依申请公开")
GROUP_LABELS = {"audience": "公开对象", "method": "公开方式", "level": "公开层级"}


_label_text = lru_cache(maxsize=8192)(norm)  # the same ticks, phones and names recur row after row


def _is_header_row(texts: list[str], labels: set[str]) -> bool:
    """A copy of the header inside the table (printed again at the top of each page, with its merges or
    without): three or more cells, most of them the labels of the sheet's own header rows."""
    filled = [t for t in texts if t]
    known = sum(1 for t in filled if len(t) <= 24 and _label_text(t) in labels)  # a label is short
    return known >= 3 and known >= 0.6 * len(filled)


def _names_column(word: str, value: str) -> bool:
    """Whether a word in a tick cell just names its column (主动公开 under 主动, 县级 under 县级)."""
    t = norm(word)
    parts = value.split("+")
    return t in parts or SYNONYMS.get(t) in parts or SYNONYMS.get(word) in parts or (
        bool(level_targets(word)) and set(level_targets(word)) <= set(parts))


EXCEL_ERRORS = {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!",
                "#GETTING_DATA"}


def _clear_errors(ws: Any, rows: list[list[Any]], ctx: Context) -> None:
    """Excel's error values (#REF!, #N/A …: a formula that failed) are no text of the catalogue: each becomes
    an empty cell, said with its cell (once for a merged range)."""
    found = [(r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if isinstance(v, str) and v in EXCEL_ERRORS]
    if not found:
        return
    # the cells found that a merged range covers (not its first): each range costs the lesser of its area and
    # the cells found, so a sheet merged all over is never enumerated cell by cell into a set
    wanted, covered = set(found), set()
    for m in ws.merged_cells.ranges:
        anchor = (m.min_row - 1, m.min_col - 1)
        if (m.max_row - m.min_row + 1) * (m.max_col - m.min_col + 1) <= len(wanted):
            inside = ((r, c) for r in range(m.min_row - 1, m.max_row) for c in range(m.min_col - 1, m.max_col))
            covered.update(cell for cell in inside if cell in wanted and cell != anchor)
        else:
            covered.update(cell for cell in wanted if cell != anchor and m.min_row - 1 <= cell[0] < m.max_row
                           and m.min_col - 1 <= cell[1] < m.max_col)
    for r, c in found:
        if (r, c) not in covered:
            ctx.warn("GW419", ws.title, r + 1, c + 1, value=rows[r][c])
        rows[r][c] = None


def read_sheet(ws: Any, ctx: Context) -> tuple[SheetReport, list[Row], str] | None:
    start = len(ctx.diagnostics)
    rows = grid_of(ws)
    _clear_errors(ws, rows, ctx)
    uncomputed = sorted(ctx.uncomputed.get(ws.title, {}).items())
    header = find_header(rows)
    if header is None:
        for (row_number, column_number), formula in uncomputed:
            ctx.warn("GW415", ws.title, row_number, column_number, formula=formula[:40])
        ctx.warn("GW402", ws.title, 1, 0)
        return None
    title = next((cell_text(v) for r in rows[:header] for v in r if cell_text(v)), "")
    domain = _domain_name(title, ws.title)
    top = rows[header]
    sub = rows[header + 1] if header + 1 < len(rows) else []
    # The second header row holds sub-headers only if it names some (一级事项, 全社会, 县级 …).
    has_sub = any(norm(cell_text(v)) in SUB_HEADERS or level_targets(cell_text(v))
                  for v in sub if cell_text(v) and norm(cell_text(v)) not in GROUPS)
    columns = map_columns(top, sub if has_sub else [])
    first_data = header + (2 if has_sub else 1)
    for col in columns:
        if not col.target and col.header.strip():
            ctx.warn("GW403", ws.title, header + 1, col.column + 1, header=col.header)
    targets = {c.target: c.column for c in columns if c.target}
    # a formula without a saved value is said where its value would be imported: not in 序号, which is
    # numbered again, nor in a column that is not imported (GW403 says so)
    ignored = {c.column + 1 for c in columns if c.target in ("", "number")}
    for (row_number, column_number), formula in uncomputed:
        if column_number not in ignored:
            ctx.warn("GW415", ws.title, row_number, column_number, formula=formula[:40])
    labels = {norm(cell_text(v)) for v in top + (sub if has_sub else []) if cell_text(v)}  # of the header rows
    # Where only one 公开事项 column exists it is the item name; with two, the second is; with three, the third.
    item_levels = [t for t in ("category", "subcategory", "third") if t in targets]
    name_col = targets.get(item_levels[-1]) if item_levels else None
    three = len(item_levels) == 3
    out: list[Row] = []
    skipped: list[SkippedRow] = []
    second_level: list[tuple[int, str]] = []  # rows with 三级 empty, read as items named at 二级: said once
    filled: list[tuple[int, str]] = []  # rows whose empty 一级 (or 二级) cell takes the name of the row above
    has_category = "category" in targets and name_col != targets["category"]
    in_block: list[tuple[int, str]] = []  # rows with 三级 empty inside a 二级 cell merged down over several
    blocks = _merged_down(ws, targets["subcategory"] + 1) if three else set()
    # rows whose 二级 cell is merged across the 三级 one: how gwstd's book prints an item named at 二级, so that
    # in a sheet that has them, a 三级 cell apart with the same text as its 二级 is a 三级 item of that name
    across = _merged_across(ws, targets["subcategory"] + 1, targets["third"] + 1, first_data + 1) if three else set()
    heading = ""  # a row that is one merged heading ("一、法规政策") names the 一级事项 of the rows below it
    previous = ("", "")  # the 一级事项 and 二级事项 of the row above: "X（续）" after X continues X on a new page
    above_texts: list[str] = []  # the cells of the last row read as an item, for a "同上" below it
    in_notes = False  # below a 注 row
    copied: list[tuple[int, str]] = []  # (row, column letter) of each "同上" taken from the item above
    for r_index in range(first_data, len(rows)):
        row = rows[r_index]
        excel_row = r_index + 1

        texts = [cell_text(v) for v in row]
        if above_texts:  # "同上": the cell says what the item above says
            same = [i for i, t in enumerate(texts) if t in SAME_AS_ABOVE and i < len(above_texts) and above_texts[i]]
            for i in same:
                texts[i] = above_texts[i]
            copied += [(excel_row, get_column_letter(i + 1)) for i in same]

        def get(name: str) -> str:
            index = targets.get(name)
            return texts[index] if index is not None and index < len(texts) else ""

        def column_of(name: str) -> int:
            return (targets.get(name) or 0) + 1

        if not any(texts):
            continue  # spacer row
        first_text = next(t for t in texts if t)
        distinct = {t for t in texts if t}
        if re.match(r"^(注|备注|说明)\s*[:：]", first_text) or first_text in ("注", "注:") or (
                in_notes and len(distinct) == 1 and _NOTE_GOES_ON.match(first_text)):
            skipped.append(SkippedRow(excel_row, "注释行", first_text[:30]))
            in_notes = True  # "注：1.…" then "2.…" on rows of their own: the note goes on
            continue  # trailing notes
        if title and distinct == {title}:
            skipped.append(SkippedRow(excel_row, "重复的标题行", first_text[:30]))
            continue  # the title printed again on a new page
        if _is_header_row(texts, labels):
            skipped.append(SkippedRow(excel_row, "重复的表头行", "、".join(dict.fromkeys(t for t in texts if t))[:30]))
            ctx.warn("GW409", ws.title, excel_row, 0, text=skipped[-1].text)
            continue
        if len(distinct) == 1 and sum(1 for t in texts if t) > 1:
            if has_category:  # the rows below name their own 一级事项: the heading's text goes nowhere, said
                skipped.append(SkippedRow(excel_row, "小标题(表中有一级事项列,这一行没有导入)", first_text[:30]))
                ctx.warn("GW405", ws.title, excel_row, 0, text=first_text[:30])
                continue
            heading = re.sub(r"^[一二三四五六七八九十]+\s*[、.．]\s*", "", first_text)
            skipped.append(SkippedRow(excel_row, "小标题(作为下面各行的一级事项)", first_text[:30]))
            continue
        category = get("category") if has_category else heading
        if has_category and not category and previous[0]:  # not merged down, left empty: the same as above
            category = previous[0]
            filled.append((excel_row, "一级事项"))
        category = _continued(category, previous[0])
        subcategory = ""
        if three:
            # 三级 named: an item of the 二级事项 beside it. 三级 empty, or the 二级 cell merged across 三级 (or
            # the same text): an item named at 二级, directly under its 一级事项.
            second, third = get("subcategory"), get("third")
            if third and not second and previous[1] and category == previous[0]:
                second = previous[1]  # a 三级 item under an empty 二级 cell: the 二级事项 above goes on
                filled.append((excel_row, "二级事项"))
            named_third = third and (third != second or (across and excel_row not in across))
            name, subcategory = (third, second) if named_third else (second, "")
            if name and name == get("category") and not get("content"):
                name = ""  # the 一级事项 merged across the row: a heading, not an item
            elif name and not third and excel_row in blocks:
                subcategory = name  # one row of a 二级事项's block without its 三级 name: kept in the block
                in_block.append((excel_row, name))
            elif name and not third:
                second_level.append((excel_row, name))
        else:
            name = cell_text(row[name_col]) if name_col is not None and name_col < len(row) else ""
            if len(item_levels) > 1 and name == get(item_levels[-2]) and not get("content"):
                name = ""
        if not name:
            skipped.append(SkippedRow(excel_row, "没有事项名称", first_text[:30]))
            ctx.warn("GW405", ws.title, excel_row, 0, text=first_text[:30])
            continue
        required, optional = parse_content(get("content"))
        sentence = channel_sentence(get("channels"))
        if sentence is not None:
            channels, others = sentence[0], [sentence[1]]
            ctx.warn("GW413", ws.title, excel_row, column_of("channels"), value=sentence[1][:40],
                     channels="、".join(c for c in channels if c != "其他") or "无")
        else:
            channels, others, unknown = parse_channels(get("channels"))
            for label in unknown:
                ctx.warn("GW404", ws.title, excel_row, column_of("channels"), value=label)
        ticked: dict[str, list[str]] = {"audience": [], "method": [], "level": []}
        notes = [get("note")] if get("note") else []
        for c in columns:
            kind, _, value = c.target.partition(":")
            if kind not in ticked or not value:
                continue
            on, word = tick_of(row[c.column] if c.column < len(row) else None)
            if not on:
                continue
            ticked[kind] += [v for v in value.split("+") if v not in ticked[kind]]
            if word and not _names_column(word, value):
                kept = f"{GROUP_LABELS[kind]}:{word}" if kind == "audience" else f"{c.label}:{word}"
                notes.append(kept)
                ctx.warn("GW414", ws.title, excel_row, c.column + 1, value=word[:30], label=c.label, kept=kept[:40])
        cycle, known = parse_update_cycle(get("update_cycle"))
        if not known:
            ctx.warn("GW406", ws.title, excel_row, column_of("update_cycle"), label="信息更新周期", value=cycle)
        consult, supervise = get("consult"), get("supervise")
        if bool(consult) != bool(supervise):  # both numbers, labelled, in the one phone column that is filled
            both = read_hotlines(consult or supervise)
            if both.how == "labelled" and both.consult and both.supervise:
                consult, supervise = both.consult, both.supervise
        if "hotlines" in targets and not (consult or supervise):
            hotlines = read_hotlines(get("hotlines"))
            consult, supervise = hotlines.consult, hotlines.supervise
            if hotlines.how == "single":
                ctx.warn("GW412", ws.title, excel_row, column_of("hotlines"), value=consult)
            elif hotlines.how == "order":
                ctx.warn("GW411", ws.title, excel_row, column_of("hotlines"), value=get("hotlines")[:40],
                         consult=consult, supervise=supervise)
        department_name, person = parse_subject(get("subject"))
        item = Item(
            id=get("id"), name=name, required=required, optional=optional, basis=parse_basis(get("basis")),
            time_limit=get("time_limit"), update_cycle=cycle, department="", channels=channels,
            other_channels=list(dict.fromkeys(others)), audience=[a for a in AUDIENCES if a in ticked["audience"]],
            method=[m for m in METHODS if m in ticked["method"]], level=[lv for lv in LEVELS if lv in ticked["level"]],
            url=get("url"), note="；".join(notes), scope=split_list(get("scope")),
        )
        subcategory = _continued(subcategory, previous[1]) if category == previous[0] else subcategory
        previous = (category, subcategory)
        out.append(Row(category or "(未分类)", subcategory, item, person, department_name, consult, supervise,
                       ws.title, excel_row))
        above_texts = texts
    if copied:
        ctx.warn("GW430", ws.title, copied[0][0], 0, cells="、".join(f"{c}{r}" for r, c in copied))
    if filled:
        by_level: dict[str, list[str]] = {}
        for r, level in filled:
            by_level.setdefault(level, []).append(str(r))
        parts = "、".join(f"第 {'、'.join(numbers)} 行的{level}" for level, numbers in by_level.items())
        ctx.warn("GW418", ws.title, filled[0][0], 0, parts=parts)
    if second_level:
        ctx.warn("GW410", ws.title, second_level[0][0], targets["third"] + 1,
                 rows="、".join(str(r) for r, _ in second_level),
                 what=f"这 {len(second_level)} 行作为在二级命名的事项导入(直接属于一级事项):" + _names(second_level))
    if in_block:
        ctx.warn("GW410", ws.title, in_block[0][0], targets["third"] + 1, rows="、".join(str(r) for r, _ in in_block),
                 what=f"而二级事项是向下合并的单元格,这 {len(in_block)} 行作为该二级事项中与它同名的三级事项导入:"
                 + _names(in_block))
    report = SheetReport(ws.title, domain, (header + 1, first_data), columns, len(out), skipped,
                         ctx.diagnostics[start:], ctx.display)
    return report, out, title


def _names(rows: list[tuple[int, str]]) -> str:
    """The first names of some rows: 「甲」、「乙」、「丙」等 5 个."""
    return "、".join(f"「{n}」" for _, n in rows[:3]) + (f"等 {len(rows)} 个" if len(rows) > 3 else "")


def _merged_across(ws: Any, left: int, right: int, first: int) -> set[int]:
    """The data rows (1-based, from ``first``) where one merged cell spans the columns ``left`` and ``right``."""
    return {r for m in ws.merged_cells.ranges if m.min_col <= left and right <= m.max_col and m.min_row >= first
            for r in range(m.min_row, m.max_row + 1)}


def _merged_down(ws: Any, column: int) -> set[int]:
    """The rows (1-based) of the cells of ``column`` merged down over several rows."""
    return {r for m in ws.merged_cells.ranges if m.min_col <= column <= m.max_col and m.max_row > m.min_row
            for r in range(m.min_row, m.max_row + 1)}


CONTINUED = ("（续）", "(续)", "（续表）", "(续表)")
_NOTE_GOES_ON = re.compile(r"^\s*(?:\d{1,2}|[(（]\d{1,2}[)）]|[一二三四五六七八九十]+)\s*[.、．)）]")
SAME_AS_ABOVE = {"同上", "同上。", "同上；", "同上;", "如上", "同前"}


def _continued(name: str, above: str) -> str:
    """A merged 一级事项 (二级事项) cut at a page break repeats its name with （续） on the next page: that is
    the block above going on, not a new one. Also when the names differ: a clerk who renames the block in
    Excel renames the cell they see, and the （续） cell on the next page keeps the old name."""
    for mark in CONTINUED:
        if above and name.endswith(mark):
            return above
    return name


SummaryRead = tuple[dict[str, str], list[Department], dict[str, str], list[tuple[int, str, str]]]


def read_summary(ws: Any) -> SummaryRead:
    """Metadata, department registry and domain descriptions from a 目录说明 sheet gwstd wrote, and every row
    of the registry as (Excel row, 部门编号, 部门名称): a department added without its 编号 is not in the
    registry, and is said with its row."""
    rows = [[cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
    meta: dict[str, str] = {}
    keys = {"地区": "region", "编制单位": "office", "版本": "edition", "发布日期": "date", "政府网站": "website",
            "意见建议": "feedback", "说明": "description"}
    departments: list[Department] = []
    descriptions: dict[str, str] = {}
    department_rows: list[tuple[int, str, str]] = []
    mode, at = "", {}
    fields = ("部门编号", "部门名称", "责任人", "咨询电话", "监督举报电话", "办公地址")
    for number, row in enumerate(rows, 1):
        first = row[0] if row else ""
        if first in keys and len(row) > 1 and mode == "":
            meta[keys[first]] = row[1]
        elif "部门编号" in row and ("部门名称" in row or first == "部门编号"):
            mode, at = "departments", {f: row.index(f) for f in fields if f in row}
        elif first == "领域" and "领域说明" in row:
            mode, at = "domains", {"领域说明": row.index("领域说明")}
        elif first == "领域":  # the header of another table (items per domain): the registry above has ended,
            mode = ""          # even when a department typed into its blank row took away the blank line
        elif not any(row):
            mode = ""
        elif mode == "departments":
            values = [row[at[f]] if f in at and at[f] < len(row) else "" for f in fields]
            department_rows.append((number, values[0], values[1]))
            if values[0]:
                departments.append(Department(*values))
        elif mode == "domains" and first != "合计" and at["领域说明"] < len(row):
            descriptions[first] = row[at["领域说明"]]
    return meta, departments, descriptions, department_rows


@dataclass(slots=True)
class WorkbookRead:
    """Every sheet of one workbook: its domain sheets read, and what its 目录说明 sheet says (a gwstd book's)."""

    sheets: list[tuple[SheetReport, list[Row], str]] = field(default_factory=list)
    summary: SummaryRead | None = None
    failed: bool = False  # a sheet could not be read (GW417 says which)


def _sheet_failure(exc: BaseException) -> str:
    """Why a sheet could not be read, in Chinese (never the exception's class name)."""
    if isinstance(exc, MemoryError):
        return "内存不足"
    if isinstance(exc, RecursionError):
        return "内容嵌套过深"
    return "其中的内容超出了导入能处理的范围"


def read_workbook(path: Path, diagnostics: list[Diagnostic]) -> WorkbookRead | None:
    """The workbook at ``path`` read sheet by sheet (a gwstd book's 调整说明 is not items), problems added to
    ``diagnostics``; None when it cannot be opened at all (GW401 says why)."""
    display = str(path)
    ctx = Context(display, diagnostics)
    try:
        wb = open_workbook(path)
    except ImportFailure as exc:
        fields = exc.fields or {"reason": str(exc)}
        diagnostics.append(codes.make(exc.code, file=display, **fields))
        return None
    ctx.uncomputed = formulas_without_values(path, wb)
    out = WorkbookRead()
    for ws in wb.worksheets:
        if ws.title == "调整说明":
            continue  # the change log a gwstd book carries
        try:
            if ws.title == "目录说明":
                out.summary = read_summary(ws)
                continue
            read = read_sheet(ws, ctx)
        except Exception as exc:  # noqa: BLE001 - a sheet beyond what import handles: said, never a traceback
            diagnostics.append(codes.make("GW417", file=display, path=(ws.title,), sheet=ws.title,
                                          reason=_sheet_failure(exc)))
            out.failed = True
            continue
        if read is not None:
            out.sheets.append(read)
    return out
