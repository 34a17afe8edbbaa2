"""全省汇总.xlsx read back with readers of its own (python-calamine, openpyxl): the sheets, their headers, each
county's figures as its summary has them, the 全省合计 row, "—" where a figure does not exist, the refused
and unreadable counties' rows, the --since sheet, and hostile text that stays text."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from gwstd.books.cells import unwrap
from gwstd.catalogue.province import (
    BUILT,
    REFUSED,
    STATUS_LABELS,
    UNREADABLE,
    CountySummary,
    DomainFigures,
    EditionChanges,
    MissingPoint,
    Problem,
    ProvinceSummary,
    summarise,
)
from gwstd.province.workbook import WORKBOOK_NAME, workbook_bytes, write_workbook

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2026, 12, 1)
HOSTILE = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2", "@SUM(A1)"]


def _county(number: int, region: str, city: str, *, status: str = BUILT, domains=(), missing=(), problems=(),
            by_code=None, errors: int = 0, warnings: int = 0, changes=None, office: str = "") -> CountySummary:
    return CountySummary(number, f"prov/{city}/{region}" if city else f"prov/{region}", region, city, office or f"{region}人民政府办公室",
                         "2024年版", "2024-06-30", status, tuple(domains), tuple(missing), tuple(problems),
                         dict(by_code or {}), errors, warnings, changes)


def _province(since: str | None = None) -> ProvinceSummary:
    a = _county(1, "甲县", "一市", domains=[DomainFigures("征地补偿", 10, 9, 4, 9), DomainFigures("义务教育", 5, 5, 15, 15)],
                missing=[MissingPoint("义务教育", "jy-01", "招生", "招生信息"),
                         MissingPoint("征地补偿", "zd-02", "征地批复信息", "征地批复信息,主要包括……")],
                problems=[Problem("GW213", "info", "部门没有被任何事项引用", "prov/一市/甲县/catalog.yaml", 28)],
                by_code={"GW213": 1}, changes=EditionChanges("2023年版", 3, 1, 2, 1) if since else None)
    b = _county(2, HOSTILE[0], "一市", status=REFUSED, office=HOSTILE[1],
                domains=[DomainFigures("征地补偿", 4, 2, 0, 9)],
                missing=[MissingPoint("征地补偿", "zd-01", HOSTILE[2], HOSTILE[3] + "\x07响铃")],
                problems=[Problem("GW203", "error", "=部门编号「x」不在部门名册中", "prov/一市/" + HOSTILE[0] + "/a.yaml", 18),
                          Problem("GW203", "error", "部门编号「y」不在部门名册中", "prov/一市/" + HOSTILE[0] + "/a.yaml", 19),
                          Problem("GW205", "warning", "电话号码格式不对", "prov/一市/" + HOSTILE[0] + "/a.yaml", 20)],
                by_code={"GW203": 2, "GW205": 1}, errors=2, warnings=1)
    c = _county(3, "county-006", "", status=UNREADABLE,
                problems=[Problem("GW004", "error", "YAML 语法错误", "prov/county-006/catalog.yaml", 7)],
                by_code={"GW004": 1}, errors=1)
    d = _county(4, "乙县", "二市", domains=[DomainFigures("征地补偿", 6, 6, 9, 9), DomainFigures("义务教育", 0, 0)],
                changes=EditionChanges("2023年版", 0, 0, 0) if since else None)
    return ProvinceSummary("测试省", (a, b, c, d), "基层政务公开范围指引", since)


@pytest.fixture(scope="module")
def book() -> bytes:
    return workbook_bytes(_province(), today=TODAY)


def _sheet(data: bytes, name: str) -> list[list]:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name).to_python()
    return [[unwrap(v) if isinstance(v, str) else v for v in row] for row in rows]


def _rows_of(rows: list[list], first: str) -> dict[str, list]:
    """The body rows by county (the third column), from the header row down."""
    return {r[2]: r for r in rows if isinstance(r[0], float)}


def test_the_sheets(book):
    names = CalamineWorkbook.from_filelike(io.BytesIO(book)).sheet_names
    assert names == ["汇总", "领域事项数", "领域覆盖", "未覆盖要点", "问题统计", "问题清单", "说明"]
    with_since = workbook_bytes(_province("2023年版"), today=TODAY)
    assert "调整情况" in CalamineWorkbook.from_filelike(io.BytesIO(with_since)).sheet_names


def test_the_summary_sheet(book):
    rows = _sheet(book, "汇总")
    assert rows[0][0] == "测试省政务公开标准目录汇总"
    assert "基层政务公开范围指引" in rows[1][0] and "2026-12-01" in rows[1][0]
    assert rows[2][:9] == ["序号", "市(州)", "县(市、区)", "编制单位", "版本", "发布日期", "状态", "事项\n合计",
                           "要素\n完整率"]
    assert rows[2][9] == "范围要点" and rows[3][9:12] == ["已覆盖", "应覆盖", "覆盖率"]
    assert rows[2][12:] == ["错误", "警告"]
    body = _rows_of(rows, "序号")
    province = _province()
    for county in province.counties:
        row = body[county.region]
        assert row[1] == (county.city or "—")
        assert row[6] == STATUS_LABELS[county.status]
        assert row[12:] == [county.errors, county.warnings]
        if county.status == UNREADABLE:
            assert row[7:12] == ["—"] * 5
        else:
            assert row[7] == county.items
            assert row[8] == pytest.approx(county.completeness)
            assert row[9:11] == [county.covered, county.due]
            assert row[11] == pytest.approx(county.coverage)
    # by city, the county without one last: 甲县, (the hostile one), 乙县, county-006
    assert [r[2] for r in rows if isinstance(r[0], float)] == ["甲县", HOSTILE[0], "乙县", "county-006"]
    total = rows[-1]
    assert total[0].startswith("全省合计")
    assert total[7] == 25 and total[8] == pytest.approx(22 / 25)
    assert total[9:11] == [28, 42] and total[11] == pytest.approx(28 / 42)
    assert total[12:] == [3, 1]


def test_domains_and_dashes(book):
    items = _sheet(book, "领域事项数")
    assert items[2][3] == "征地补偿" and items[2][5] == "义务教育"
    assert items[3][3:7] == ["事项数", "要素\n完整率", "事项数", "要素\n完整率"]
    body = _rows_of(items, "序号")
    assert body["甲县"][3:7] == [10, 0.9, 5, 1.0]
    assert body[HOSTILE[0]][3:7] == [4, 0.5, "—", "—"]  # no file for 义务教育
    assert body["county-006"][3:7] == ["—"] * 4
    assert body["乙县"][5:7] == [0, "—"]  # a domain with no items: no completeness
    total = next(r for r in items if r[0] == "全省合计")
    assert total[3:7] == [20, pytest.approx(17 / 20), 5, 1.0]
    coverage = _sheet(book, "领域覆盖")
    assert coverage[3][3:6] == ["已覆盖", "应覆盖", "覆盖率"]
    body = _rows_of(coverage, "序号")
    assert body["甲县"][3:9] == [4, 9, pytest.approx(4 / 9), 15, 15, 1.0]
    assert body[HOSTILE[0]][3:6] == [0, 9, 0.0]
    assert body["乙县"][6:9] == ["—"] * 3  # nothing due
    total = next(r for r in coverage if r[0] == "全省合计")
    assert total[3:9] == [13, 27, pytest.approx(13 / 27), 15, 15, 1.0]


def test_uncovered_points_sorted_by_city_county_and_domain(book):
    rows = _sheet(book, "未覆盖要点")
    assert rows[2] == ["序号", "市(州)", "县(市、区)", "领域", "要点\n编号", "要点", "范围指引原文"]
    assert [r[1:6] for r in rows[3:]] == [["一市", "甲县", "征地补偿", "zd-02", "征地批复信息"],
                                         ["一市", "甲县", "义务教育", "jy-01", "招生"],
                                         ["一市", HOSTILE[0], "征地补偿", "zd-01", HOSTILE[2]]]
    assert rows[-1][6] == HOSTILE[3] + "响铃"  # the control character stripped
    assert [r[0] for r in rows[3:]] == [1, 2, 3]


def test_problems_by_code_and_listed(book):
    rows = _sheet(book, "问题统计")
    assert [h.split("\n")[0] for h in rows[2][3:7]] == ["GW004", "GW203", "GW205", "GW213"]
    assert "不在部门名册" in rows[2][4] or "部门" in rows[2][4]  # the code's Chinese title under it
    body = _rows_of(rows, "序号")
    assert body[HOSTILE[0]][3:10] == ["—", 2, 1, "—", 2, 1, 3]
    assert body["county-006"][3] == 1
    total = next(r for r in rows if r[0] == "全省合计")
    assert total[3:10] == [1, 2, 1, 1, 3, 1, 5]
    listed = _sheet(book, "问题清单")
    assert listed[2] == ["序号", "市(州)", "县(市、区)", "级别", "代码", "位置(文件:行)", "问题"]
    entries = [r for r in listed if isinstance(r[0], float)]
    assert [r[3:6] for r in entries] == [["提示", "GW213", "catalog.yaml:28"], ["错误", "GW203", "a.yaml:18"],
                                         ["错误", "GW203", "a.yaml:19"], ["警告", "GW205", "a.yaml:20"],
                                         ["错误", "GW004", "catalog.yaml:7"]]
    assert entries[1][6] == "=部门编号「x」不在部门名册中"


def test_changes_sheet_only_with_since():
    data = workbook_bytes(_province("2023年版"), today=TODAY)
    rows = _sheet(data, "调整情况")
    assert rows[2] == ["序号", "市(州)", "县(市、区)", "对比版本", "新增", "删除", "修改", "部门\n变更", "合计"]
    body = _rows_of(rows, "序号")
    assert body["甲县"][3:] == ["2023年版", 3, 1, 2, 1, 7]
    assert body["乙县"][3:] == ["2023年版", 0, 0, 0, 0, 0]
    assert body["county-006"][3:] == ["—"] * 6
    total = next(r for r in rows if r[0] == "全省合计")
    assert total[4:] == [3, 1, 2, 1, 7]


def test_notes_define_the_figures(book):
    rows = _sheet(book, "说明")
    text = "\n".join(str(v) for r in rows for v in r)
    assert "测试省政务公开标准目录汇总" in text and "《基层政务公开范围指引》" in text and "2026-12-01" in text
    assert "覆盖率 = 已覆盖的范围要点 / 应覆盖的范围要点" in text
    assert "要素完整率 = 要素齐全的事项 / 事项" in text
    assert "共 4 个" in text


def test_hostile_text_stays_text(book):
    wb = openpyxl.load_workbook(io.BytesIO(book))
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert "\x07" not in cell.value
                    seen.update(h for h in HOSTILE if unwrap(cell.value) == h or unwrap(cell.value).startswith(h))
    assert seen == set(HOSTILE)
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_print_setup(book):
    wb = openpyxl.load_workbook(io.BytesIO(book))
    assert wb.properties.title == "测试省政务公开标准目录汇总" and wb.properties.creator == "gwstd"
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9"), ws.title
        assert ws.print_title_rows, ws.title
        assert ws.print_area, ws.title
        assert "第 &P 页，共 &N 页" in ws.oddFooter.center.text, ws.title
        assert "测试省政务公开标准目录汇总" in ws.oddHeader.center.text
    assert wb["汇总"].freeze_panes == "D5"
    assert all(ws.page_setup.scale in (None, 100) for ws in wb.worksheets)  # at 100%: nothing shrunk


def test_many_domains_are_cut_between_domains_with_the_counties_repeated():
    names = [f"领域{n}" for n in range(1, 13)]
    counties = tuple(_county(n, f"县{n}", "一市", domains=[DomainFigures(d, 10, 9, 3, 9) for d in names])
                     for n in range(1, 4))
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(ProvinceSummary("测试省", counties), today=TODAY)))
    ws = wb["领域覆盖"]
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks and ws.print_title_cols == "$A:$C"
    assert all((b - 3) % 3 == 0 for b in breaks)  # between two domains' blocks
    assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage  # not shrunk


def test_a_real_catalogue_and_write_workbook(tmp_path):
    from gwstd.catalogue.coverage import compute
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    result, models = load_models([ROOT / "catalog"], ValidateOptions())
    group, catalogue = models[0]
    index = next(i for g, i in result.catalogues if g is group)
    coverage = compute(index, result.baseline, root=group.root_name)
    county = summarise(1, "catalog", catalogue, coverage=coverage, diagnostics=result.diagnostics, city="示例市")
    province = ProvinceSummary("示例省", (county,), coverage.baseline)
    path = write_workbook(tmp_path, province)
    assert path == tmp_path / WORKBOOK_NAME
    rows = _sheet(path.read_bytes(), "汇总")
    row = next(r for r in rows if r[0] == 1)
    assert row[2] == catalogue.region and row[7] == len(catalogue.items)
    assert row[9:11] == [coverage.covered, coverage.total]
    missing = [r for r in _sheet(path.read_bytes(), "未覆盖要点") if isinstance(r[0], float)]
    assert len(missing) == len(county.missing)
    assert not list(tmp_path.glob("*.tmp*"))


def test_a_hostile_province_title():
    counties = _province().counties
    title = "=A1&B1\x01省" + "长" * 200
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(ProvinceSummary(title, counties), today=TODAY)))
    ws = wb["汇总"]
    assert ws["A1"].data_type == "s" and ws["A1"].value.startswith("=A1&B1省")
    header = ws.oddHeader.center.text
    assert "&&B1" in header and "\x01" not in header and len(header) < 255
    assert wb.properties.title.startswith("=A1&B1省")
    assert "\x01" not in wb.properties.title


def test_a_sheet_cut_across_pages_has_its_title_in_the_page_header_only():
    names = [f"领域{n}" for n in range(1, 13)]
    counties = tuple(_county(n, f"县{n}", "一市", domains=[DomainFigures(d, 10, 9, 3, 9) for d in names])
                     for n in range(1, 4))
    data = workbook_bytes(ProvinceSummary("测试省", counties), today=TODAY)
    rows = _sheet(data, "领域覆盖")
    assert rows[0][:3] == ["序号", "市(州)", "县(市、区)"] and rows[0][3] == "领域1"
    assert _sheet(data, "汇总")[0][0] == "测试省政务公开标准目录汇总"  # (fits: its title rows stay)
