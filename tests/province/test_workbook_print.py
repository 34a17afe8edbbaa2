"""全省汇总.xlsx on paper, as a provincial office prints it: LibreOffice converts the workbook of a generated
province of 20 counties (one refused, one unreadable) to PDF and poppler measures what came out: A4
landscape, no text smaller than 9 pt as printed (so no sheet was shrunk to fit its width), the header on every
page of every sheet (and the county columns on every page of a sheet cut between its domains), every county
on the 汇总 pages, no number too wide for its cell (###)."""

from __future__ import annotations

import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from provincekit import REFUSED, UNREADABLE, make_province
from sheetprint import BOX, Word, assert_on_the_page_and_apart, print_workbook

pytestmark = pytest.mark.slow  # about 10 s: 20 counties checked, LibreOffice starting and converting

COUNTIES = 20
BODY_PT = 9
# What each sheet's pages show at their top, whichever page of the sheet it is: its header row(s), and the
# county columns.
HEADERS = {
    "汇总": ["序号", "市(州)", "县(市、区)", "编制单位", "状态", "范围要点", "覆盖率", "错误", "警告"],
    "领域事项数": ["序号", "县(市、区)", "事项数", "完整率"],
    "领域覆盖": ["序号", "县(市、区)", "已覆盖", "应覆盖", "覆盖率"],
    "未覆盖要点": ["序号", "县(市、区)", "领域", "要点", "范围指引原文"],
    "问题统计": ["序号", "县(市、区)", "GW203", "合计"],
    "问题清单": ["序号", "县(市、区)", "级别", "代码", "问题"],
    "说明": ["项目", "说明"],
}


@dataclass
class Printed:
    pdf: Path
    pages: list[list[Word]]
    province: object


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Printed:
    from gwstd.province.pipeline import ProvinceOptions, summarise_province
    from gwstd.province.workbook import write_workbook

    root = make_province(tmp_path_factory.mktemp("province") / "全省目录", counties=COUNTIES, items=60)
    province = summarise_province([str(root)], ProvinceOptions(title="测试省")).province
    out = tmp_path_factory.mktemp("print")
    pdf, pages = print_workbook(write_workbook(out, province), out)
    return Printed(pdf, pages, province)


def _joined(words: list[Word]) -> str:
    return "".join(w.text for w in words)


def _sheet_of(words: list[Word]) -> str:
    """The sheet a page prints, from its page header (测试省政务公开标准目录汇总 · 汇总) at its top."""
    top = min(w.y0 for w in words)
    header = _joined(sorted((w for w in words if w.y0 < top + 3), key=lambda w: w.x0))
    return header.rsplit("·", 1)[-1]


def test_a4_landscape_and_the_counties_states(printed):
    info = subprocess.run(["pdfinfo", str(printed.pdf)], check=True, capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == len(printed.pages)
    assert "841.89 x 595.3" in info  # A4 landscape
    statuses = {c.folder.rsplit("/", 1)[-1]: c.status for c in printed.province.counties}
    assert statuses[REFUSED] == "refused" and statuses[UNREADABLE] == "unreadable"


def test_no_text_below_nine_points(printed):
    """Nothing was shrunk to fit: every word as printed is at least 9 pt (its box 1.302 × that)."""
    heights = [w.height for words in printed.pages for w in words]
    assert min(heights) >= BODY_PT * BOX - 0.05, min(heights)
    assert statistics.median(heights) == pytest.approx(BODY_PT * BOX, abs=0.1)


def test_the_header_is_on_every_page(printed):
    seen = set()
    for n, words in enumerate(printed.pages, 1):
        sheet = _sheet_of(words)
        assert sheet in HEADERS, (n, sheet)
        seen.add(sheet)
        text = _joined(words)
        for header in HEADERS[sheet]:
            assert header in text, (n, sheet, header)
        assert re.search(rf"第{n}页，共{len(printed.pages)}页", text), n
    assert seen == set(HEADERS)


def test_every_county_on_the_summary_and_no_number_too_wide(printed):
    summary = "".join(_joined(words) for words in printed.pages if _sheet_of(words) == "汇总")
    for county in printed.province.counties:
        assert county.region in summary
    assert "全省合计" in summary
    assert all("###" not in w.text for words in printed.pages for w in words)


def test_a_wide_sheet_is_cut_between_domains_with_the_counties_repeated(printed):
    pages = [words for words in printed.pages if _sheet_of(words) == "领域覆盖"]
    domains = printed.province.domain_names
    assert len(pages) >= 2  # eight domains of three columns: two pages across at 9 pt
    shown = []
    for words in pages:
        text = _joined(words)
        shown += [d for d in domains if d in text]
        assert all(c.region in text for c in printed.province.counties[:10])
    assert sorted(shown) == sorted(domains)  # each domain's block whole, on one page


def test_nothing_runs_off_the_page_or_into_the_next_row(printed):
    assert_on_the_page_and_apart(printed.pages, top=5)
