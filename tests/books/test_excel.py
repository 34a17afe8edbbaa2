"""The Excel book: read back by an independent reader (python-calamine), its layout checked with openpyxl."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import casekit
import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from gwstd.books.cells import basis_text, channels_used, unwrap
from gwstd.books.excel import domain_columns
from gwstd.editions.read import load_models
from gwstd.excel_import.cells import parse_basis, parse_channels, parse_content, parse_subject
from gwstd.validate.pipeline import ValidateOptions

BOOK = "示例县政务公开标准目录.xlsx"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled catalogue built once through the CLI entry point."""
    from gwstd.cli.app import main

    root = Path(__file__).resolve().parents[2]
    out = tmp_path_factory.mktemp("dist")
    assert main(["build", str(root / "catalog"), "-o", str(out)]) == 0
    _, models = load_models([root / "catalog"], ValidateOptions())
    return out / BOOK, models[0][1]


def test_every_item_and_field_is_in_its_cell(built):
    path, catalogue = built
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["目录说明"] + [d.name for d in catalogue.domains]
    for domain in catalogue.domains:
        rows = [[unwrap(v) if isinstance(v, str) else v for v in r]
                for r in book.get_sheet_by_name(domain.name).to_python()]
        assert rows[0][0] == f"示例县{domain.name}领域基层政务公开标准目录"
        headers = [c.header for c in domain_columns(domain)]
        assert [v for v in rows[2] if v][:2] == ["一级事项", "二级事项"]
        col = {h: i for i, h in enumerate(headers)}
        body = rows[3:]
        assert len(body) == len(domain.items)
        last_category = None
        for row, (category, _, item) in zip(body, domain.rows()):
            assert row[col["序号"]] == body.index(row) + 1
            if category is not last_category:
                assert row[col["一级事项"]] == category.name
                last_category = category
            else:  # merged: only the first cell holds the name, or the first on a new page, with （续）
                assert row[col["一级事项"]] in ("", category.name + "（续）")
            assert row[col["二级事项"]] == item.name
            assert parse_content(row[col["公开内容(要素)"]]) == (item.required, item.optional)
            assert [d.text() for d in parse_basis(row[col["公开依据"]])] == basis_text(item).split("\n")
            assert row[col["公开时限"]] == item.time_limit
            # the department and its responsible person on one line (示例县自然资源局 责任人:王建国)
            assert parse_subject(row[col["公开主体"]]) == (catalogue.department_of(item).name,
                                                          catalogue.person_of(item))
            assert parse_channels(row[col["公开渠道和载体"]])[0] == channels_used(item)
            assert row[col["全社会"]] == ("√" if "全社会" in item.audience else "")
            assert row[col["依申请"]] == ("√" if "依申请" in item.method else "")
            assert row[col["县级"]] == ("√" if "县级" in item.level else "")
            assert row[col["信息更新周期"]] == item.update_cycle
            assert row[col["咨询电话"]] == catalogue.consult_of(item)
            assert row[col["监督举报电话"]] == catalogue.supervise_of(item)
            assert row[col["事项编号"]] == item.id


def test_summary_sheet(built):
    path, catalogue = built
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("目录说明").to_python()
    flat = [[c for c in r if c != ""] for r in rows]
    assert ["地区", "示例县"] in flat and ["编制单位", catalogue.office] in flat
    assert ["版本", catalogue.edition] in flat and ["发布日期", catalogue.date] in flat
    assert ["合计", len(catalogue.items), sum(len(d.categories) for d in catalogue.domains)] in flat
    assert any(r[:2] == ["示例县教育局", sum(1 for i in catalogue.items if i.department == "jiaoyu")] for r in flat)
    assert ["合计", 99, 99, "100%"] in flat  # coverage of the scope guide
    wb = load_workbook(path)
    ws = wb["目录说明"]
    # what a reader needs: the departments' ids outside the print area, no column nobody fills (办公地址)
    assert ws.print_area.replace("$", "").split("!")[-1].startswith("A1:F")
    header = next(r for r in flat if "部门名称" in r)
    assert "办公地址" not in header and header[:2] == ["部门名称", "事项数"]
    ids = [c.value for c in ws["H"] if c.value]
    assert ids[0] == "部门编号" and set(ids[1:]) == set(catalogue.departments)


def test_layout_merges_and_print_setup(built):
    path, catalogue = built
    wb = load_workbook(path)
    domain = catalogue.domains[0]
    ws = wb[domain.name]
    merged = {str(r) for r in ws.merged_cells.ranges}
    columns = domain_columns(domain)
    printed = sum(1 for c in columns if c.printed)
    from openpyxl.utils import get_column_letter

    assert f"A1:{get_column_letter(printed)}1" in merged  # title, over the printed columns
    assert "A2:A3" in merged and "B2:C2" in merged  # 序号 spans both header rows; 公开事项 over its two columns
    first = domain.categories[0]
    assert f"B4:B{3 + len(first.items)}" in merged  # 一级事项 merged down across its rows
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows.replace("$", "") == "2:3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.scale in (None, 100)  # None: the default, 100%: 9 pt on paper, nothing shrunk
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页" and ws.oddFooter.center.size == 9
    assert ws["A4"].font.name == "仿宋" and ws["A2"].font.name == "宋体" and ws["A1"].font.name == "宋体"
    assert ws["E4"].font.size == 9 and ws["A2"].font.size == 9
    assert ws["E4"].alignment.wrap_text and ws["E4"].border.left.style == "thin"
    assert ws.column_dimensions["E"].width >= 5


def test_text_that_looks_like_a_formula_stays_text(gwstd, sample_catalog, tmp_path):
    path = sample_catalog / "yiwu-jiaoyu.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("name: 区域内学校基本情况", 'name: "=HYPERLINK(\\"http://evil\\",\\"x\\")"'),
                     ("name: 校级领导班子介绍", 'name: "+1+1"'), ("name: 教师总体情况", 'name: "-2+3"'),
                     ("name: 校园建设情况", 'name: "@SUM(A1)"')):
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    assert gwstd("build", sample_catalog, "-o", tmp_path / "out").code == 0
    book = tmp_path / "out" / BOOK
    ws = load_workbook(book)["义务教育"]
    names = [ws.cell(row=r, column=3) for r in range(4, 8)]
    assert [unwrap(c.value) for c in names] == ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in names)
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("义务教育").to_python()
    assert unwrap(rows[3][2]) == '=HYPERLINK("http://evil","x")'


def test_refuses_a_catalogue_with_errors(gwstd, tmp_path):
    root = casekit.assemble("missing-required", tmp_path)
    out = tmp_path / "out"
    run = gwstd("build", root, "-o", out)
    assert run.code == 1 and "GW101" in run.err and "未生成" in run.err
    assert not out.exists() or not list(out.iterdir())
    run = gwstd("build", root, "-o", out, "--force")
    assert run.code == 0 and (out / "测试县政务公开标准目录.xlsx").exists()


def test_three_level_domain(gwstd, tmp_path):
    root = casekit.assemble("valid-three-levels", tmp_path)
    assert gwstd("build", root, "-o", tmp_path / "out").code == 0
    ws = load_workbook(tmp_path / "out" / "测试县政务公开标准目录.xlsx")["义务教育"]
    assert [unwrap(ws.cell(row=3, column=c).value) for c in (2, 3, 4)] == ["一级事项", "二级事项", "三级事项"]
    assert [unwrap(ws.cell(row=4, column=c).value) for c in (2, 3, 4)] == ["招生入学", "招生政策", "招生划片范围"]


def test_failed_write_leaves_nothing_behind(gwstd, tmp_path, monkeypatch, sample_catalog):
    from gwstd.seams import files as fsutil

    out = tmp_path / "out"
    out.mkdir()
    (out / BOOK).write_bytes(b"the previous edition")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", broken)
    run = gwstd("build", sample_catalog, "-o", out)
    assert run.code == 2 and "磁盘空间不足" in run.err and "No space" not in run.err
    assert (out / BOOK).read_bytes() == b"the previous edition"
    assert [p.name for p in out.iterdir()] == [BOOK]


def test_output_folder_that_is_a_file(gwstd, tmp_path, sample_catalog):
    (tmp_path / "dist").write_text("x", encoding="utf-8")
    run = gwstd("build", sample_catalog, "-o", tmp_path / "dist")
    assert run.code == 2 and "已有同名文件" in run.err


@pytest.mark.slow  # about 10 s: LibreOffice starting and converting
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_and_prints_it(built, tmp_path):
    path, _ = built
    copy = tmp_path / "book.xlsx"
    shutil.copyfile(path, copy)
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(copy)],
                   check=True, capture_output=True, timeout=240)
    assert (tmp_path / "book.pdf").stat().st_size > 10_000


@pytest.mark.slow  # builds or waits out a timeout: kept out of the quick loop
def test_only_one_kind_of_book(gwstd, sample_catalog, tmp_path):
    run = gwstd("build", sample_catalog, "-o", tmp_path / "x", "--only", "excel")
    assert run.code == 0
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["示例县政务公开标准目录.xlsx"]
    run = gwstd("build", sample_catalog, "-o", tmp_path / "h", "--only", "html")
    assert run.code == 0
    assert sorted(p.relative_to(tmp_path / "h").as_posix() for p in (tmp_path / "h").rglob("*")) == [
        "html", "html/index.html"]
    run = gwstd("build", sample_catalog, "-o", tmp_path / "p", "--only", "word")
    assert run.code == 2 and "--only" in run.err and not (tmp_path / "p").exists()


@pytest.mark.slow  # builds or waits out a timeout: kept out of the quick loop
def test_several_catalogues_get_a_folder_each(gwstd, sample_catalog, tmp_path):
    province = tmp_path / "province"
    for county, region in (("a", "甲县"), ("b", "乙县"), ("c", "乙县")):
        shutil.copytree(sample_catalog, province / county)
        meta = province / county / "catalog.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace("region: 示例县", f"region: {region}"),
                        encoding="utf-8")
    run = gwstd("build", province, "-o", tmp_path / "dist")
    assert run.code == 0 and "GW022" in run.err, run.err  # (two counties of one region: said, both built)
    books = sorted(p.relative_to(tmp_path / "dist").as_posix() for p in (tmp_path / "dist").rglob("*.*"))
    province_own = ["index-data/counties.json", "index-data/county-001.js", "index-data/county-002.js",
                    "index-data/county-003.js", "index.html", "全省汇总.xlsx"]
    assert books == sorted(province_own + ["乙县-c/html/index.html", "乙县-c/乙县政务公开标准目录.xlsx",
                                           "乙县/html/index.html", "乙县/乙县政务公开标准目录.xlsx",
                                           "甲县/html/index.html", "甲县/甲县政务公开标准目录.xlsx"])
    assert "乙县" in (tmp_path / "dist" / "乙县" / "html" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow  # builds or waits out a timeout: kept out of the quick loop
def test_a_region_with_a_slash_still_names_one_file(gwstd, sample_catalog, tmp_path):
    meta = sample_catalog / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("region: 示例县", "region: 甲市/乙县"), encoding="utf-8")
    run = gwstd("build", sample_catalog, "-o", tmp_path / "dist", "--only", "excel")
    assert run.code == 0, run.err
    assert [p.name for p in (tmp_path / "dist").iterdir()] == ["甲市_乙县政务公开标准目录.xlsx"]


# ------------------------------------------------------------------------------------------------------
# On paper: print area, widths from the content, page breaks from the row heights, （续）


def _printed(ws):
    """(last printed column, last printed row) of a sheet's print area."""
    from openpyxl.utils.cell import range_boundaries

    area = ws.print_area.split("!")[-1].replace("$", "")
    _, _, last_col, last_row = range_boundaries(area)
    return last_col, last_row


def test_print_area_holds_the_national_and_sichuan_columns_only(built):
    path, catalogue = built
    wb = load_workbook(path)
    for domain in catalogue.domains:
        ws = wb[domain.name]
        last_col, last_row = _printed(ws)
        headers = [unwrap(ws.cell(row=3, column=c).value or ws.cell(row=2, column=c).value or "")
                   for c in range(1, ws.max_column + 1)]
        assert headers[last_col - 1] == "监督举报电话"  # the last of the Sichuan columns
        for machine in ("公开网址", "备注", "范围要点", "事项编号"):
            assert headers.index(machine) >= last_col  # in the sheet, for import, but not on paper
        assert last_row == 3 + len(domain.items)


def _widths(ws) -> list[float]:
    """Each column's printed width (points): the stored width (with XlsxWriter's padding) in digits of the
    default font."""
    from gwstd.books.excel import UNIT_PT

    widths = {}
    for dim in ws.column_dimensions.values():
        for c in range(dim.min, dim.max + 1):
            widths[c] = dim.width * UNIT_PT
    return [widths[c] for c in sorted(widths)]


@pytest.mark.slow  # builds or waits out a timeout: kept out of the quick loop
def test_column_widths_come_from_the_content(gwstd, sample_catalog, tmp_path):
    from gwstd.books.cells import text_em
    from gwstd.books.excel import PRINT_WIDTH, SMALL_SIZE, text_room

    meta = sample_catalog / "catalog.yaml"
    long_phone = "0838-6200011-8001"  # an extension: one token, wider than any number of the sample
    meta.write_text(meta.read_text(encoding="utf-8").replace("consult: 0838-6200031", f"consult: {long_phone}"),
                    encoding="utf-8")
    assert gwstd("build", sample_catalog, "-o", tmp_path / "out", "--only", "excel").code == 0
    wb = load_workbook(tmp_path / "out" / BOOK)
    for ws in wb.worksheets[1:]:
        last_col, _ = _printed(ws)
        widths = _widths(ws)[:last_col]
        assert PRINT_WIDTH * 0.97 <= sum(widths) <= PRINT_WIDTH + 0.01  # the page's width, no wider
        consult = next(c for c in range(1, last_col + 1) if unwrap(ws.cell(row=2, column=c).value or "") == "咨询电话")
        phones = [ws.cell(row=r, column=consult).value for r in range(4, ws.max_row + 1)]
        room = text_room(widths[consult - 1], SMALL_SIZE)
        assert room >= max(text_em(p) for p in phones if p)  # the widest number fits on a line, whole
        if ws.title == "义务教育":
            assert long_phone in phones and room >= text_em(long_phone)
            other = wb["征地补偿"]
            assert widths[consult - 1] > _widths(other)[consult - 1]  # wider where the content is wider


def test_page_breaks_fall_where_the_row_heights_fill_the_page(built):
    from gwstd.books.excel import PAGE_SLACK, PRINT_HEIGHT

    path, catalogue = built
    wb = load_workbook(path)
    for domain in catalogue.domains:
        ws = wb[domain.name]
        breaks = [b.id for b in ws.row_breaks.brk]  # the row after which a page ends (1-based)
        assert breaks, domain.name  # every domain of the sample takes more than one page
        heights = {r: ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)}
        header = heights[2] + heights[3]
        pages = [range(4, breaks[0] + 1)] + [range(a + 1, b + 1) for a, b in itertools.pairwise(breaks)]
        pages.append(range(breaks[-1] + 1, ws.max_row + 1))
        for n, rows in enumerate(pages):
            room = PRINT_HEIGHT * PAGE_SLACK - header - (heights[1] if n == 0 else 0)
            used = sum(heights[r] for r in rows)
            assert used <= room + 0.1, (domain.name, n)
            if n < len(pages) - 1:
                assert used + heights[rows[-1] + 1] > room  # the next row would not have fitted


# The bundled catalogue's domain sheets, by the page breaks gwstd places (test_excel_print.py checks that
# LibreOffice prints the same pages): 167 items on 27 pages, 6.2 a page (32 with 1.5 pt above and below a row's
# lines, 0.3/0.35 inch margins and two spaces between checklist entries).
BUNDLED_DOMAIN_PAGES = 27


def test_the_bundled_catalogue_takes_as_few_pages_as_measured(built):
    path, catalogue = built
    wb = load_workbook(path)
    pages = {d.name: len(wb[d.name].row_breaks.brk) + 1 for d in catalogue.domains}
    assert sum(pages.values()) <= BUNDLED_DOMAIN_PAGES, pages


def test_a_block_cut_by_a_page_break_is_labelled_on_both_pages(built):
    path, catalogue = built
    wb = load_workbook(path)
    continued = 0
    for domain in catalogue.domains:
        ws = wb[domain.name]
        breaks = {b.id for b in ws.row_breaks.brk}
        names = {}
        for merged in ws.merged_cells.ranges:
            if merged.min_col == 2 and merged.min_row > 3:
                assert not any(merged.min_row <= b < merged.max_row for b in breaks)  # no merge over a break
        row_category = [category.name for category, _, _ in domain.rows()]
        for b in sorted(breaks):
            if b - 3 < len(row_category) and row_category[b - 4] == row_category[b - 3]:
                names[b + 1] = unwrap(ws.cell(row=b + 1, column=2).value)
                assert names[b + 1] == row_category[b - 3] + "（续）"
                continued += 1
    assert continued >= 3  # the sample has blocks that cross a page


def test_page_breaks_of_a_list_of_heights():
    from gwstd.books.excel import page_breaks

    assert page_breaks([10] * 10, 30, 40) == [3, 7]
    assert page_breaks([50, 10], 30, 40) == [1]  # a row taller than the page still gets a page of its own
    assert page_breaks([], 30, 40) == []


def test_the_book_reads_back_into_the_same_catalogue(built):
    """build → import (every column, the soft line breaks, the full-width checklist labels, （续）, the
    department ids outside the print area) → the same model."""
    from gwstd.catalogue.model import catalogue_to_data, domain_to_data
    from gwstd.excel_import.assemble import import_workbooks

    path, catalogue = built
    back = import_workbooks([path]).catalogue
    assert catalogue_to_data(back) == catalogue_to_data(catalogue)
    assert [domain_to_data(d) for d in back.domains] == [domain_to_data(d) for d in catalogue.domains]


def test_a_three_level_block_cut_by_a_page_break_reads_back(gwstd, tmp_path):
    """A 二级事项 of 40 items runs over pages: both merged columns are cut at every break and labelled （续）
    there, and import reads the items back under one 一级事项 and one 二级事项."""
    import yaml

    root = casekit.assemble("valid-three-levels", tmp_path)
    path = root / "jy.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data["categories"][0]["subcategories"][0]["items"]
    template = items[0]
    items[:] = [dict(template, id=f"jy-{n:03d}", name=f"招生划片范围第{n}项") for n in range(1, 41)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert gwstd("build", root, "-o", tmp_path / "out", "--only", "excel").code == 0
    book = tmp_path / "out" / "测试县政务公开标准目录.xlsx"
    ws = load_workbook(book)["义务教育"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) >= 2
    for b in breaks:
        assert unwrap(ws.cell(row=b + 1, column=2).value) == "招生入学（续）"
        assert unwrap(ws.cell(row=b + 1, column=3).value) == "招生政策（续）"
    assert gwstd("import", book, "-o", tmp_path / "back").code == 0
    back = yaml.safe_load((tmp_path / "back" / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8"))
    assert [c["name"] for c in back["categories"]] == ["招生入学"]
    assert [s["name"] for s in back["categories"][0]["subcategories"]] == ["招生政策"]
    assert len(back["categories"][0]["subcategories"][0]["items"]) == 40


def test_the_tick_headers_stack_turn_or_wrap_with_their_columns_width(built):
    from gwstd.books.excel import TICK_CHOICES, _header_heights, _tick_header

    _, catalogue = built
    columns = domain_columns(catalogue.domains[0])
    tick = next(c for c in columns if c.header == "特定群体")
    assert [_tick_header(tick, em) for em in TICK_CHOICES] == ["stacked", "rotated", "lines"]
    assert _tick_header(columns[0], 1.0) == ""
    sub_heights = []
    for em in TICK_CHOICES:
        ems = [em if c.key in ("audience", "method", "level") else 6.0 for c in columns]
        groups, headers, group_height, sub_height = _header_heights(columns, ems)
        assert headers[columns.index(tick)] in ("特定群体", "特定\u200b\n群体")
        sub_heights.append(sub_height)
    assert sub_heights[0] > sub_heights[1] > sub_heights[2]  # the wider the tick columns, the lower the header
