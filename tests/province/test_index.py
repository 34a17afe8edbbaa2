"""The provincial index page and its search data, rendered and read back without a browser: one row per county
with its links, "—" where nothing was counted, the refused and unreadable counties' rows with their problems
and no dead links, the 调整 columns only with --since, hostile text that stays text, and search_script's data
parsed back. The page in Chromium is test_index_browser.py's."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gwstd.catalogue.coverage import compute
from gwstd.catalogue.province import (
    BUILT,
    REFUSED,
    STATUS_LABELS,
    UNREADABLE,
    CountySummary,
    DomainFigures,
    EditionChanges,
    Problem,
    ProvinceSummary,
    summarise,
    unreadable,
)
from gwstd.diagnostics import Severity
from gwstd.editions.read import load_models
from gwstd.province.index import (
    SEARCH_DIR,
    href,
    index_page,
    search_file,
    search_script,
    write_index,
)
from gwstd.validate.pipeline import ValidateOptions

ROOT = Path(__file__).resolve().parents[2]
DAY = datetime.date(2026, 12, 1)
HOSTILE = "</script><script>alert(1)</script><!-- \"'&amp; \x01\x7f\x85\u2028\u2029"
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def bundled():
    """The bundled catalogue's model, its coverage and its diagnostics."""
    result, models = load_models([ROOT / "catalog"], ValidateOptions())
    group, catalogue = models[0]
    index = next(i for g, i in result.catalogues if g is group)
    coverage = compute(index, result.baseline, root=group.root_name) if result.baseline else None
    return catalogue, coverage, result.diagnostics


def books(name: str, *kinds: str) -> dict[str, str]:
    paths = {"html": f"{name}/html/index.html", "excel": f"{name}/{name}政务公开标准目录.xlsx", "pdf": f"{name}/{name}.pdf"}
    return {k: paths[k] for k in kinds}


@pytest.fixture(scope="module")
def province(bundled) -> ProvinceSummary:
    catalogue, coverage, diagnostics = bundled
    built = summarise(1, "全省/甲市/示例县", catalogue, coverage=coverage, diagnostics=diagnostics,
                      books=books("示例县", "html", "excel", "pdf"), city="甲市")
    other = summarise(2, "全省/乙市/乙县", replace(catalogue, region="乙县"), coverage=None,
                      books=books("乙县", "excel"), city="乙市")
    refused = summarise(3, "全省/乙市/丙县", replace(catalogue, region="丙县"), coverage=coverage, status=REFUSED,
                        city="乙市", diagnostics=[*diagnostics])
    refused = replace(refused, problems=(Problem("GW203", "error", "部门编号「no-such-dept」不在部门名册中",
                                                 "全省/乙市/丙县/yiwu-jiaoyu.yaml", 18),), errors=1)
    lost = unreadable(4, "全省/乙市/丁县", [], city="乙市")
    lost = replace(lost, problems=(Problem("GW004", "error", "YAML 语法错误", "全省/乙市/丁县/catalog.yaml", 7),),
                   errors=1)
    return ProvinceSummary("示例省", (built, other, refused, lost), baseline=coverage.baseline if coverage else "")


class Rows(HTMLParser):
    """The counties' table read back: each row's cells (text, data-key) and every link of the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[dict] = []
        self.links: list[str] = []
        self.headers: list[str] = []
        self.scripts: list[dict] = []
        self._in_table = self._in_head = False
        self._cell: dict | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts.append(a)
        if tag == "a":
            self.links.append(a.get("href", ""))
        if tag == "table" and a.get("id") == "counties":
            self._in_table = True
        if not self._in_table:
            return
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append({"class": a.get("class", ""), "cells": {}, "links": []})
        elif tag in ("td", "th"):
            self._cell = {"key": a.get("data-key"), "sort": a.get("data-sort"), "text": "", "tag": tag,
                          "scope": a.get("scope")}
        elif tag == "a" and self.rows and not self._in_head:
            self.rows[-1]["links"].append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        if tag == "table":
            self._in_table = False
        if tag in ("td", "th") and self._cell is not None:
            cell, self._cell = self._cell, None
            if self._in_head:
                self.headers.append(cell["text"].strip())
            elif self.rows:
                self.rows[-1]["cells"][cell["key"] or f"#{len(self.rows[-1]['cells'])}"] = cell

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def parse(page: str) -> Rows:
    rows = Rows()
    rows.feed(page)
    return rows


def page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="province-data">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def script_data(script: bytes) -> tuple[int, dict]:
    text = script.decode("utf-8")
    found = re.fullmatch(r"gwstdProvince\.add\((\d+),(.*)\);\n", text, re.S)
    assert found, text[:200]
    return int(found.group(1)), json.loads(found.group(2))


def test_search_file_is_relative_posix():
    assert search_file(1) == "index-data/county-001.js"
    assert search_file(183) == f"{SEARCH_DIR}/county-183.js"
    assert search_file(1234) == "index-data/county-1234.js"


def test_search_script_round_trip(bundled):
    catalogue = bundled[0]
    number, data = script_data(search_script(7, catalogue))
    assert number == 7
    assert data["r"] == catalogue.region
    assert data["d"] == [d.name for d in catalogue.domains]
    expected = [(item, domain) for domain in catalogue.domains for _, _, item in domain.rows()]
    assert len(data["i"]) == len(expected) > 0
    for (item, domain), (iid, name, content, d, p) in zip(expected, data["i"]):
        assert iid == item.id and name == item.name
        assert data["d"][d] == domain.name
        assert data["p"][p] == catalogue.department_of(item).name
        for element in [*item.required, *item.optional]:
            assert element in content
    assert len(data["p"]) == len(set(data["p"]))  # each department's name once


def test_search_script_is_safe_in_a_script(bundled):
    catalogue = bundled[0]
    item = catalogue.domains[0].categories[0].entries[0]
    item = item if hasattr(item, "required") else item.items[0]
    hostile = replace(catalogue, region=HOSTILE, departments={
        k: replace(v, name=HOSTILE) for k, v in catalogue.departments.items()})
    original = (item.name, list(item.required))
    try:
        item.name = HOSTILE
        item.required[:] = [HOSTILE, "第二\n行\t内容"]
        script = search_script(1, hostile)
    finally:
        item.name, item.required[:] = original[0], original[1]
    text = script.decode("utf-8")
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert not CONTROLS.search(text) and "\n" not in text[:-1]
    _, data = script_data(script)
    first = data["i"][0]
    assert first[1].startswith("</script><script>alert(1)</script><!--")  # the text itself, intact
    assert "\ufffd" in first[1] and not CONTROLS.search(first[1])
    assert "第二 行 内容" in first[2]
    assert data["r"].startswith("</script>") and data["p"][first[4]].startswith("</script>")


def test_one_row_per_county_with_its_links(province):
    page = index_page(province, generated=DAY)
    rows = parse(page).rows
    assert [r["cells"]["number"]["text"] for r in rows] == ["1", "2", "3", "4"]
    built = rows[0]
    assert built["cells"]["region"]["tag"] == "th" and built["cells"]["region"]["scope"] == "row"
    assert built["cells"]["region"]["text"].startswith("示例县")
    assert built["cells"]["city"]["text"] == "甲市"
    html, excel, pdf = (href(p) for p in books("示例县", "html", "excel", "pdf").values())
    assert built["links"][0] == html  # the region links to its book
    assert {html, excel, pdf} <= set(built["links"])
    assert "网页目录" in page and "Excel 目录" in page and "PDF 目录" in page
    assert html == "%E7%A4%BA%E4%BE%8B%E5%8E%BF/html/index.html"
    # a county with only its workbook: no link to a book that is not there
    other = rows[1]
    assert other["links"] == [href("乙县/乙县政务公开标准目录.xlsx")]
    # one column per domain, each county's items in it
    for name in province.domain_names:
        assert name in parse(page).headers
    figures = province.counties[0].domains[0]
    assert built["cells"]["d0"]["text"] == str(figures.items)
    assert built["cells"]["items"]["text"] == str(province.counties[0].items)
    assert "共 4 个县(市、区)" in page
    assert 'lang="zh-CN"' in page and 'class="skip" href="#main"' in page
    assert "2026-12-01" in page and "示例省政务公开标准目录汇总" in page


def test_coverage_and_completeness(province):
    rows = parse(index_page(province, generated=DAY)).rows
    county = province.counties[0]
    coverage = rows[0]["cells"]["coverage"]
    if county.coverage is not None:
        assert f"{county.covered}/{county.due}" in coverage["text"]
        assert float(coverage["sort"]) == pytest.approx(county.coverage)
    # no coverage counted: "—", and nothing to sort on (last whichever way)
    assert rows[1]["cells"]["coverage"]["text"].strip() == "—"
    assert rows[1]["cells"]["coverage"]["sort"] == ""
    assert rows[0]["cells"]["completeness"]["text"].endswith("%")


def test_percentages():
    def page_of(complete: int, items: int, covered: int | None, due: int | None) -> list[dict]:
        county = CountySummary(1, "x", "某县", domains=(DomainFigures("义务教育", items, complete, covered, due),))
        return parse(index_page(ProvinceSummary("省", (county,)), generated=DAY)).rows[0]["cells"]

    cells = page_of(9999, 10000, 2499, 2500)
    assert cells["completeness"]["text"] == "99.9%"  # never rounded up to complete
    assert "99.9%" in cells["coverage"]["text"]
    cells = page_of(10, 10, 4, 5)
    assert cells["completeness"]["text"] == "100%" and "80%" in cells["coverage"]["text"]
    cells = page_of(0, 0, None, None)
    assert cells["completeness"]["text"] == "—" and cells["coverage"]["text"].strip() == "—"


def test_refused_and_unreadable_rows(province):
    page = index_page(province, generated=DAY)
    rows = parse(page).rows
    refused, lost = rows[2], rows[3]
    assert "status-refused" in refused["class"] and "status-unreadable" in lost["class"]
    assert STATUS_LABELS[REFUSED] in refused["cells"]["status"]["text"]
    assert STATUS_LABELS[UNREADABLE] in lost["cells"]["status"]["text"]
    assert STATUS_LABELS[BUILT] in rows[0]["cells"]["status"]["text"]
    # their problems: code, file:line and message, in an expandable <details>
    status = refused["cells"]["status"]["text"]
    assert "GW203" in status and "全省/乙市/丙县/yiwu-jiaoyu.yaml:18" in status and "不在部门名册中" in status
    assert "GW004" in lost["cells"]["status"]["text"] and "catalog.yaml:7" in lost["cells"]["status"]["text"]
    assert page.count('<details class="problems" open>') == 2
    # no links at all from their rows: no books were written
    assert refused["links"] == [] and lost["links"] == []
    assert refused["cells"]["books"]["text"] == lost["cells"]["books"]["text"] == "未生成"
    # an unreadable county has no figures: "—", not 0
    assert lost["cells"]["items"]["text"] == "—" and lost["cells"]["d0"]["text"] == "—"
    assert lost["cells"]["completeness"]["text"] == "—"
    # and no search data to load
    data = page_data(page)
    assert [c["s"] for c in data["counties"]] == [search_file(1), "", "", ""]  # county 2: no HTML book to lead into
    assert [c["h"] for c in data["counties"]] == [href("示例县/html/index.html"), "", "", ""]


def test_since_columns_only_with_since(province):
    page = index_page(province, generated=DAY)
    assert "新增" not in parse(page).headers and "#changes" not in page
    counties = list(province.counties)
    counties[0] = replace(counties[0], changes=EditionChanges("v2023", 3, 1, 2, 1))
    with_since = replace(province, counties=tuple(counties), since="v2023")
    page = index_page(with_since, generated=DAY)
    parsed = parse(page)
    assert {"新增", "删除", "修改", "调整说明"} <= set(parsed.headers)
    assert "自版本 v2023 以来的调整" in parsed.headers  # the revision said as what it is, never bare
    assert "与版本 v2023 相比" in page
    first = parsed.rows[0]["cells"]
    assert (first["added"]["text"], first["removed"]["text"], first["changed"]["text"]) == ("3", "1", "2")
    assert href("示例县/html/index.html") + "#changes" in parsed.rows[0]["links"]
    # a county without changes counted: "—", no link
    second = parsed.rows[1]["cells"]
    assert second["added"]["text"] == "—" and not any(link.endswith("#changes") for link in parsed.rows[1]["links"])


def test_hostile_text_stays_text():
    county = CountySummary(1, HOSTILE, HOSTILE, city=HOSTILE, office=HOSTILE, edition=HOSTILE, date=HOSTILE,
                           domains=(DomainFigures(HOSTILE, 3, 2, 1, 2),),
                           problems=(Problem("GW999", "error", HOSTILE, HOSTILE, 3),), errors=1,
                           books={"html": 'a"b/<x>/html/index.html', "excel": "javascript:alert(1)"})
    page = index_page(ProvinceSummary(HOSTILE, (county,), baseline=HOSTILE, since=HOSTILE), generated=DAY)
    parsed = parse(page)
    # only the page's own two scripts: the data island and province.js
    assert [s.get("type") for s in parsed.scripts] == ["application/json", None]
    assert page.count("<script") == 2 and "alert(1)</script>" not in page
    assert not CONTROLS.search(page)
    island = re.search(r'id="province-data">(.*?)</script>', page, re.S).group(1)
    assert not re.search("[<>&\u2028\u2029]", island)
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page
    # the links are relative paths, every part percent-encoded: no scheme, no quote out of the attribute
    assert 'href="a%22b/%3Cx%3E/html/index.html"' in page
    assert "javascript%3Aalert%281%29" in page and 'href="javascript:' not in page
    data = page_data(page)
    assert data["counties"][0]["r"].startswith("</script><script>alert(1)")
    assert data["domains"][0].startswith("</script>") and not CONTROLS.search(data["domains"][0])
    assert "\ufffd" in data["counties"][0]["r"] and not CONTROLS.search(data["counties"][0]["r"])


def test_href_encodes_each_part():
    assert href("甲 县#1/html/index.html") == "%E7%94%B2%20%E5%8E%BF%231/html/index.html"
    assert href("a?b%c/x.xlsx") == "a%3Fb%25c/x.xlsx"
    assert href("./a\\b//c") == "a/b/c"


def test_write_index_and_user_templates(tmp_path, province):
    out = tmp_path / "发布"
    written = write_index(out, province, generated=DAY)
    assert written == out / "index.html"
    assert written.read_text(encoding="utf-8") == index_page(province, generated=DAY)
    assert not [p for p in out.iterdir() if p.name != "index.html"]  # no temporary file left
    # a --templates folder: one block of the shipped page replaced, the rest as shipped
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "province.html").write_text('{% extends "province-base.html" %}'
                                        '{% block header %}<header class="site"><h1>本省自定义标题</h1></header>{% endblock %}',
                                        encoding="utf-8")
    page = index_page(province, templates=mine, generated=DAY)
    assert "本省自定义标题" in page and "各县(市、区)目录" in page


def test_filters_and_search_box_are_labelled(province):
    page = index_page(province, generated=DAY)
    for control in ('id="q"', 'id="f-city"', 'id="f-domain"', 'id="f-coverage"', 'id="f-name"'):
        assert control in page
    assert '<label for="q">' in page and 'aria-live="polite"' in page
    # the cities and the domains to choose from
    # (by index: a name need not be spelled alike in the page's text and its data)
    assert province.cities == ["乙市", "甲市"]
    assert '<option value="0">乙市</option>' in page and '<option value="1">甲市</option>' in page
    assert [c["c"] for c in page_data(page)["counties"]] == [1, 0, 0, 0]
    assert page.count('<option value="0">') == 2
    assert page.count('scope="col"') >= 10 and 'aria-sort="ascending"' in page
    assert "index-data/county-001.js" in page  # the data to load (after the page has loaded)
    assert "fetch(" not in page and "XMLHttpRequest" not in page and "http://" not in page and "https://" not in page


def test_severity_of_real_diagnostics(bundled):
    catalogue, coverage, diagnostics = bundled
    county = summarise(1, "x", catalogue, coverage=coverage, diagnostics=diagnostics)
    page = index_page(ProvinceSummary("省", (county,)), generated=DAY)
    shown = [d for d in diagnostics if d.severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    if shown:
        assert '<details class="problems">' in page  # a built county's problems folded, not open
        assert shown[0].code in page


def test_problems_beyond_those_kept_are_counted():
    kept = tuple(Problem("GW203", "error", f"第 {i} 个", "a.yaml", i) for i in range(200))
    county = CountySummary(1, "x", "某县", status=REFUSED, problems=kept, by_code={"GW203": 230, "GW213": 20},
                           errors=230, warnings=0)
    page = index_page(ProvinceSummary("省", (county,)), generated=DAY)
    assert "另有 50 个问题未列出" in page and page.count('<li class="error">') == 200
