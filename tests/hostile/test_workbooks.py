"""Hostile workbooks (issue 16): each small file that claims or holds something huge — a cell at AAA200000 or at
row 2,000,000, 20,000 columns, 200,001 merged ranges, a zip bomb, 10,001 members, 1,001 sheets — is refused
(GW432, the limit named), never read to the end of memory; a truncated zip is said to be incomplete (GW401); a
FIFO or /dev/zero is not read at all (GW019). Through ``gwstd import`` and ``import --into``, quickly, with a
Chinese message naming the file and no traceback; the worst ones with their peak memory measured."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import workbooks as wb

from gwstd.excel_import import read

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")


def _bzip2(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as z:
        for name, data in wb.book_members([wb.sheet_xml()]).items():
            z.writestr(name, data)
    return wb.write(path, buffer.getvalue())


# (name, generator, code, what the reason says)
CASES = [
    ("一个远处的单元格", wb.one_far_cell, "GW432", "200000 行 × 703 列,超过 8000000 个单元格的上限"),
    ("第200万行", lambda p: wb.one_far_cell(p, "A2000000"), "GW432", "有第 2000000 行,超过 Excel 的最大行数 1048576"),
    ("两万列", wb.wide_row, "GW432", "第 4 行有 20000 列,超过 1000 列的上限"),
    pytest.param("合并单元格太多", wb.many_merges, "GW432", "的合并单元格超过 200000 个的上限",
                 marks=pytest.mark.slow, id="合并单元格太多"),
    ("合并单元格重叠", wb.overlapping_merges, "GW432", "合并单元格相互重叠"),
    ("格式太多", wb.many_styles, "GW432", "有 200001 个单元格格式(字体、填充、边框等),超过 200000 个的上限"),
    ("工作表太多", wb.many_sheets, "GW432", "有 1001 个工作表,超过 1000 个的上限"),
    pytest.param("成员太多", wb.many_members, "GW432", "超过 10000 个的上限", marks=pytest.mark.slow, id="成员太多"),
    ("压缩炸弹", wb.zip_bomb, "GW432", "xl/worksheets/sheet1.xml 解压后有 2048 MB,超过 128 MB 的上限"),
    ("共享字符串炸弹", lambda p: wb.zip_bomb(p, 100, "xl/sharedStrings.xml"), "GW432", "超过 64 MB 的上限"),
    ("样式炸弹", lambda p: wb.zip_bomb(p, 20, "xl/styles.xml"), "GW432", "超过 16 MB 的上限"),
    ("多个炸弹", wb.many_bombs, "GW432", "解压后共有 600 MB,超过 512 MB 的上限"),
    ("谎报大小的炸弹", lambda p: wb.zip_bomb(p, 300, honest=False), "GW401", "文件不完整或已损坏"),
    ("截断的", wb.truncated, "GW401", "文件不完整或已损坏"),
    ("文件太大", wb.too_big_file, "GW432", "文件太大(65 MB,超过 64 MB 的上限)"),
    ("bzip2", _bzip2, "GW401", "使用了 Excel 不用的压缩方式"),
    pytest.param("管道", wb.fifo, "GW019", "不是普通文件(是命名管道(FIFO)),没有读取", marks=needs_fifo, id="管道"),
]


@pytest.mark.parametrize("name,make,code,reason", [pytest.param(*c, id=c[0]) if type(c) is tuple else c
                                                  for c in CASES])
def test_a_hostile_workbook_is_refused(gwstd, tmp_path, name, make, code, reason):
    book = make(tmp_path / f"{name}.xlsx")
    out = tmp_path / "out"
    started = time.perf_counter()
    run = gwstd("import", book, "-o", out)
    elapsed = time.perf_counter() - started
    assert run.code == 2, run.out + run.err
    assert code in run.out and reason in run.out, run.out
    assert f"{name}.xlsx" in run.out  # the file named
    assert "Traceback" not in run.out + run.err and "内部错误" not in run.out + run.err
    assert not out.exists()
    assert elapsed < 10, f"{elapsed:.1f} s"


@needs_dev_zero
def test_dev_zero_is_not_read(gwstd, tmp_path):
    run = gwstd("import", "/dev/zero", "-o", tmp_path / "out")
    assert run.code == 2 and "GW019" in run.out and "/dev/zero 不是普通文件(是字符设备),没有读取" in run.out


def test_the_declared_dimension_is_not_trusted(gwstd, tmp_path):
    """A sheet declaring A1:XFD1048576 is read as far as its cells reach (read-only mode ignores the dimension
    once reset), and imports."""
    book = wb.huge_dimension(tmp_path / "范围.xlsx")
    (sheet,) = read.open_workbook(book).worksheets
    assert len(sheet.rows) == 3 and {len(r) for r in sheet.rows} == {len(wb.HEADER)}
    run = gwstd("import", book, "-o", tmp_path / "out")
    assert run.code == 0 and "1 个事项" in run.out, run.out


def test_below_the_cli_the_failure_carries_its_code(tmp_path):
    with pytest.raises(read.ImportFailure) as failure:
        read.open_workbook(wb.one_far_cell(tmp_path / "远.xlsx"))
    assert failure.value.code == "GW432" and "「公共资源交易」" in str(failure.value)
    diagnostics: list = []
    assert read.read_workbook(wb.truncated(tmp_path / "截.xlsx"), diagnostics) is None
    assert [d.code for d in diagnostics] == ["GW401"] and "不完整" in diagnostics[0].message


def test_zipfile_never_decompresses_past_the_declared_size(tmp_path):
    """What the size limits rely on: a member declaring 4 KB whose stream holds 300 MB gives at most 4 KB (and
    then fails its CRC), so a declared size within the limits bounds what is decompressed."""
    book = wb.zip_bomb(tmp_path / "谎.xlsx", 300, honest=False)
    total = 0
    with zipfile.ZipFile(book) as z, z.open("xl/worksheets/sheet1.xml") as member:
        with pytest.raises(zipfile.BadZipFile):
            while chunk := member.read(1 << 16):
                total += len(chunk)
    assert total <= 4096


def test_a_hostile_workbook_into_a_catalogue(gwstd, sample_catalog, tmp_path):
    before = {p.name: p.read_bytes() for p in sample_catalog.iterdir()}
    for book, code in ((wb.one_far_cell(tmp_path / "远.xlsx"), "GW432"), (wb.truncated(tmp_path / "截.xlsx"), "GW401")):
        run = gwstd("import", book, "--into", sample_catalog)
        text = run.out + run.err
        assert run.code == 2 and code in text and book.name in text, text
        assert "Traceback" not in text and "内部错误" not in text
    assert {p.name: p.read_bytes() for p in sample_catalog.iterdir()} == before


@needs_fifo
def test_a_fifo_into_a_catalogue(gwstd, sample_catalog, tmp_path):
    run = gwstd("import", wb.fifo(tmp_path / "管道.xlsx"), "--into", sample_catalog)
    text = run.out + run.err
    assert run.code == 2 and "GW019" in text and "管道.xlsx 不是普通文件(是命名管道(FIFO))" in text


def _spaces_after_a_formula(path: Path) -> Path:
    rows = wb.catalogue_rows() + '<row r="4"><c r="A4"><f>1+1</f>' + " " * 2_000_000 + "x</c></row>"
    return wb.write(path, wb.zip_bytes(wb.book_members([wb.sheet_xml(rows)])))


def _unclosed_merges(path: Path) -> Path:
    return wb.write(path, wb.zip_bytes(wb.book_members([wb.sheet_xml() + b"<mergeCell " * 300_000])))


@pytest.mark.parametrize("make", [_spaces_after_a_formula, _unclosed_merges], ids=["spaces", "unclosed-merges"])
def test_the_sheet_xml_is_searched_in_linear_time(gwstd, tmp_path, make):
    """Found reviewing the searches of the sheet's XML made before any parser checks it: "</f>" then 40,000
    spaces took a backtracking regex 3 s (a megabyte of them, half an hour); 1,000,000 unclosed "<mergeCell "
    took 110 s. Each is now one pass."""
    book = make(tmp_path / "回溯.xlsx")
    started = time.perf_counter()
    run = gwstd("import", book, "-o", tmp_path / "out")
    assert run.code in (0, 1, 2) and "内部错误" not in run.out + run.err
    assert time.perf_counter() - started < 10


PEAK = """
import sys
from gwstd.cli.app import main
code = main(sys.argv[1:])
# ru_maxrss would carry the parent's peak over execve: the high-water mark of this process's own memory
print("PEAK", next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="the peak is read from Linux's /proc")
@pytest.mark.parametrize("make", [wb.one_far_cell, wb.many_merges, wb.overlapping_merges,
                                  lambda p: wb.one_far_cell(p, "A2000000")], ids=["AAA200000", "merges",
                                                                                  "overlapping", "A2000000"])
def test_peak_memory_of_the_worst(tmp_path, make):
    """Before the limits, the 5 KB workbook with one cell at AAA200000 took 2.2 GB and 45 s to import."""
    book = make(tmp_path / "最坏.xlsx")
    run = subprocess.run([sys.executable, "-c", PEAK, "import", str(book), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 2 and "GW432" in run.stdout, run.stdout + run.stderr
    peak_kb = int(run.stderr.rsplit("PEAK", 1)[1])
    assert peak_kb < 500 * 1024, f"{peak_kb // 1024} MB"


@pytest.mark.slow
def test_a_huge_attribute_is_read_in_linear_time(tmp_path):
    """expat scans an unfinished token again on every piece it is fed: a 30 MB attribute fed in ElementTree's
    16 KB pieces took minutes. The bound here is generous: the point is "no hang", not speed."""
    members = wb.members_of(wb.gwstd_book())
    sheet = "xl/worksheets/sheet2.xml"
    members[sheet] = members[sheet].replace(b'<c r="A1" ', b'<c r="A1" x="' + b"a" * (30 << 20) + b'" ', 1)
    book = wb.write(tmp_path / "长属性.xlsx", wb.zip_bytes(members))
    run = subprocess.run([sys.executable, "-m", "gwstd", "import", str(book), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "out" / "catalog.yaml").is_file()
