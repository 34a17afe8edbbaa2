"""The provincial index in a real headless Chromium (Debian's /usr/bin/chromium through Playwright), on a province
built by the CLI (`gwstd build 全省目录/ -o 发布/`): the counties' table sorts (mouse and keyboard, aria-sort, "—"
last) and filters (市(州), domain, coverage below a threshold, name), and the search over every county's items
finds what the models hold and links each result to its row in its county's book; all from file:// with every
request that is not a file refused and recorded."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # browserkit

from browserkit import axe_results  # noqa: E402
from provincekit import REFUSED, UNREADABLE, make_province  # noqa: E402

from gwstd.editions.read import load_models  # noqa: E402
from gwstd.province.index import search_file  # noqa: E402
from gwstd.validate.pipeline import ValidateOptions  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_ITEM = "<img src=x onerror=alert(1)>招生</script>"
SHARP_REGION = "示例#002县"  # a folder name that must be percent-encoded in a link


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The generated province (a hostile item name in county-001, a '#' in county-002's region), built by the CLI;
    gives (the output folder, each good county's model by number)."""
    from gwstd.cli.app import main

    root = tmp_path_factory.mktemp("province")
    source = make_province(root / "全省目录")
    domain = source / "county-001" / "yiwu-jiaoyu.yaml"
    text = domain.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("name:") and "(第" in line)
    domain.write_text(text.replace(first, first.split("name:")[0] + f"name: {HOSTILE_ITEM!r}", 1), encoding="utf-8")
    meta = source / "county-002" / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("region: 示例002县", f"region: {SHARP_REGION}", 1),
                    encoding="utf-8")
    out = root / "发布"
    main(["build", str(source), "-o", str(out), "--only", "html", "--only", "excel"])
    assert (out / "index.html").is_file()
    models = {}
    for number, folder in enumerate(sorted(p for p in source.iterdir() if p.is_dir()), 1):
        if folder.name in (REFUSED, UNREADABLE):
            continue
        _, found = load_models([folder], ValidateOptions())
        models[number] = found[0][1]
    return out, models


def _open(browser, url, *, ready: bool = True, **options):
    context = browser.new_context(**{"viewport": {"width": 1400, "height": 900}, **options})
    requests: list[str] = []

    def route(r):  # the page and its data are files; anything else would be the network
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.gwstd_errors, page.gwstd_requests, page.gwstd_dialogs = [], requests, []
    page.on("console", lambda m: page.gwstd_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.gwstd_errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith("file:") else requests.append(r.url))
    page.on("dialog", lambda d: (page.gwstd_dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    if ready:
        page.wait_for_function("document.documentElement.dataset.searchReady === 'true'", timeout=30_000)
    return page


def _index(built) -> str:
    return (built[0] / "index.html").as_uri()


def _visible_numbers(page) -> list[int]:
    return page.eval_on_selector_all(
        "tr.county", "rows => rows.filter(r => !r.hidden && r.offsetParent !== null).map(r => +r.dataset.number)")


def _column(page, key: str) -> list[str]:
    return page.eval_on_selector_all(
        f"tr.county [data-key='{key}']",
        "cells => cells.filter(c => !c.closest('tr').hidden).map(c => c.dataset.sort ?? c.textContent.trim())")


def _search(page, term: str) -> None:
    page.fill("#q", term)
    page.wait_for_function("q => document.documentElement.dataset.searched === q.trim().toLowerCase()", arg=term)


def _expected(models, term: str) -> list[tuple[int, str]]:
    """(county number, item id) of every item whose name, content, department, county or 市(州) holds every
    word of ``term``."""
    words = term.lower().split()
    found = []
    for number, catalogue in sorted(models.items()):
        for domain in catalogue.domains:
            for _, _, item in domain.rows():
                text = "\n".join([item.name, "、".join([*item.required, *item.optional]),
                                  catalogue.department_of(item).name, catalogue.region, catalogue.city]).lower()
                if all(w in text for w in words):
                    found.append((number, item.id))
    return found


def test_opens_offline_and_loads_every_county(browser, built):
    out, models = built
    page = _open(browser, _index(built))
    assert page.gwstd_errors == [] and page.gwstd_requests == [] and page.gwstd_dialogs == []
    items = sum(len(list(r for d in m.domains for r in d.rows())) for m in models.values())
    status = page.text_content("#search-status")
    assert f"已载入 {len(models)} 个县(市、区)的 {items} 个事项" in status and "没有检索数据" not in status
    assert page.text_content("#county-count") == "共 6 个县(市、区)"
    assert _visible_numbers(page) == [1, 2, 3, 4, 5, 6]
    # the refused and the unreadable county: their rows, marked, their problems open, no links
    for number, label in ((5, "有错误"), (6, "无法读取")):
        row = page.locator(f"tr.county[data-number='{number}']")
        assert label in row.locator("td.status .badge").text_content()
        assert row.locator("details.problems[open] li").count() >= 1
        assert row.locator("a").count() == 0
    assert "GW203" in page.locator("tr.county[data-number='5'] details.problems").text_content()


def test_sorting_by_mouse_and_keyboard(browser, built):
    page = _open(browser, _index(built))
    header = page.locator("thead th[data-key='coverage']")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert page.locator("thead th[data-key='number']").get_attribute("aria-sort") is None
    values = _column(page, "coverage")
    numbers = [float(v) for v in values if v != ""]
    assert numbers == sorted(numbers, reverse=True) and values[-1] == ""  # "—" (the unreadable county) last
    header.locator("button").press("Enter")  # the keyboard: a button, Enter sorts the other way
    assert header.get_attribute("aria-sort") == "ascending"
    values = _column(page, "coverage")
    numbers = [float(v) for v in values if v != ""]
    assert numbers == sorted(numbers) and values[-1] == ""  # still last
    page.locator("thead th[data-key='region'] button").focus()
    page.keyboard.press("Space")
    assert page.locator("thead th[data-key='region']").get_attribute("aria-sort") == "ascending"
    regions = page.eval_on_selector_all("tr.county th[scope=row]", "cells => cells.map(c => c.dataset.text)")
    assert regions == page.evaluate("rs => rs.slice().sort(new Intl.Collator('zh-CN', {numeric: true}).compare)", regions)
    page.locator("thead th[data-key='number'] button").click()
    assert _visible_numbers(page) == [1, 2, 3, 4, 5, 6]


def test_filters_by_city_domain_coverage_and_name(browser, built):
    page = _open(browser, _index(built))
    cities = page.eval_on_selector_all("#f-city option", "os => os.map(o => [o.value, o.textContent])")[1:]
    assert len(cities) == 2
    value, city = cities[1]
    page.select_option("#f-city", value)
    shown = _visible_numbers(page)
    assert shown and len(shown) < 6
    assert all(c.strip() == city for c in _column(page, "city"))
    assert page.text_content("#county-count") == f"显示 {len(shown)} 个县(市、区)(共 6 个)"
    page.click("#f-reset")
    assert _visible_numbers(page) == [1, 2, 3, 4, 5, 6]
    # a domain: only its column of counts, only counties that have it (not the unreadable one)
    page.select_option("#f-domain", label="义务教育")
    assert 6 not in _visible_numbers(page) and len(_visible_numbers(page)) == 5
    visible_heads = page.eval_on_selector_all("th.domain-col", "hs => hs.filter(h => !h.hidden).map(h => h.textContent)")
    assert visible_heads == ["义务教育"]
    assert page.get_attribute("#domain-group", "colspan") == "1"
    covered = page.text_content("tr.county[data-number='1'] td[data-key='coverage'] .figure")
    assert "/" in covered  # that domain's points, said in the header
    assert page.text_content("thead th[data-key='coverage']").startswith("范围要点覆盖(义务教育)")
    total = page.text_content("tr.county[data-number='1'] td[data-key='items']")
    assert total == str(sum(len(list(d.rows())) for d in built[1][1].domains))  # 事项合计 stays the total
    # coverage below a threshold (of the domain chosen, then of the whole catalogue)
    page.select_option("#f-domain", "")
    assert page.text_content("thead th[data-key='coverage']") == "范围要点覆盖"
    assert len(page.eval_on_selector_all("th.domain-col", "hs => hs.filter(h => !h.hidden)")) == 8
    everything = {n: v for n, v in zip(_visible_numbers(page), _column(page, "coverage"))}
    limit = 100 * sorted(float(v) for v in everything.values() if v)[2]  # the third lowest: some above, some below
    page.fill("#f-coverage", f"{limit:.4f}")
    # (a county with nothing to count, the unreadable one, is below any threshold, as for --min-coverage)
    expected = [n for n, v in everything.items() if not v or float(v) * 100 < limit]
    assert _visible_numbers(page) == expected and 1 < len(expected) < 6 and 6 in expected
    page.fill("#f-coverage", "")
    page.fill("#f-name", "003")
    assert _visible_numbers(page) == [3]
    page.fill("#f-name", "没有这个县")
    assert _visible_numbers(page) == [] and page.is_visible("#no-county")


def test_search_finds_what_the_models_hold_and_lands_on_the_row(browser, built):
    out, models = built
    page = _open(browser, _index(built))
    for term in ("学生资助", "公示期限 补偿标准", "示例003县教育局", "示例002县 学生资助"):
        _search(page, term)
        expected = _expected(models, term)
        assert expected
        status = page.text_content("#search-status")
        assert f"找到 {len(expected)} 个事项" in status
        links = page.eval_on_selector_all("#results-body a", "as => as.map(a => a.getAttribute('href'))")
        assert len(links) == min(len(expected), 100)
        ids = {f"{number}:{iid}" for number, iid in expected}
        book_of = page.evaluate("() => Object.fromEntries(JSON.parse(document.getElementById('province-data')"
                                ".textContent).counties.filter(c => c.h).map(c => [c.h, c.n]))")
        for link in links:
            book, _, item = link.partition("#")
            assert f"{book_of[book]}:{item}" in ids
    # more than are written: the first 100, names holding the words first, and a word to narrow it down
    _search(page, "项")
    assert len(_expected(models, "项")) > 100
    assert page.locator("#results-body tr").count() == 100
    assert "只列出前 100 个" in page.text_content("#results-more") and page.is_visible("#results-more")
    # the link of a result opens the county's book on that item's row
    _search(page, "学生资助")
    link = page.locator("#results-body a").nth(3)
    name = link.text_content()
    link.click()
    page.wait_for_load_state("load")
    target = page.evaluate("location.hash.slice(1)")
    row = page.locator(f"tr.item[id='{target}']")
    assert row.count() == 1 and row.is_visible()
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == target
    assert name in row.locator("th .name").text_content()
    box = row.bounding_box()
    assert box is not None and -1 < box["y"] < 900
    assert page.gwstd_requests == []


def test_a_region_with_a_sharp_links_to_its_own_book(browser, built):
    out, _ = built
    page = _open(browser, _index(built))
    link = page.locator("tr.county[data-number='2'] th a")
    assert link.text_content() == SHARP_REGION and "%23" in link.get_attribute("href")
    link.click()
    page.wait_for_load_state("load")
    assert SHARP_REGION in page.title()
    assert (out / SHARP_REGION / "html" / "index.html").is_file()


def test_hostile_item_is_text_and_ime_composition_waits(browser, built):
    page = _open(browser, _index(built))
    # while an input method composes, nothing is searched; once it ends, the search runs
    page.evaluate("""() => {
      const q = document.getElementById('q');
      q.focus();
      q.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
      q.value = 'zhaosheng';
      q.dispatchEvent(new InputEvent('input', {data: 'zhaosheng', isComposing: true}));
    }""")
    assert page.evaluate("document.documentElement.dataset.searched || ''") == ""
    assert page.is_hidden("#results")
    page.evaluate("""() => {
      const q = document.getElementById('q');
      q.value = '招生';
      q.dispatchEvent(new CompositionEvent('compositionend', {data: '招生'}));
    }""")
    page.wait_for_function("document.documentElement.dataset.searched === '招生'")
    assert page.is_visible("#results")
    names = page.eval_on_selector_all("#results-body th a", "as => as.map(a => a.textContent)")
    assert HOSTILE_ITEM in names
    assert page.locator("#results img").count() == 0 and page.gwstd_dialogs == []
    assert page.locator("#results-body mark").count() >= len(names)  # the words found, marked


def test_a_missing_data_file_does_not_break_the_search(browser, built, tmp_path):
    out, models = built
    copy = tmp_path / "发布"
    shutil.copytree(out, copy)
    (copy / search_file(3)).unlink()
    page = _open(browser, (copy / "index.html").as_uri())
    status = page.text_content("#search-status")
    assert "已载入 3 个县(市、区)" in status and "1 个县(市、区)没有检索数据" in status
    _search(page, "学生资助")
    expected = [e for e in _expected(models, "学生资助") if e[0] != 3]
    assert f"找到 {len(expected)} 个事项" in page.text_content("#search-status")
    assert page.gwstd_requests == [] and [e for e in page.gwstd_errors if "ERR_FILE_NOT_FOUND" not in e] == []


def test_data_loads_after_the_page_and_typing_early_waits_for_it(browser, built):
    page = _open(browser, _index(built), ready=False)
    # typing at once: results from what is loaded, updated once everything is
    _search(page, "学生资助")
    page.wait_for_function("document.documentElement.dataset.searchReady === 'true'")
    page.wait_for_function("!document.getElementById('search-status').textContent.includes('正在载入')")
    expected = _expected(built[1], "学生资助")
    assert f"找到 {len(expected)} 个事项" in page.text_content("#search-status")
    # the page loaded before its data: the data scripts are not part of the document as parsed
    assert page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") > 0
    assert page.locator("script[src]").count() == 0  # each removed once run


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
@pytest.mark.parametrize("state", ["load", "search", "filter"])
def test_axe_finds_no_violation(browser, built, viewport, state):
    page = _open(browser, _index(built), viewport=viewport)
    if state == "search":
        _search(page, "招生")
    elif state == "filter":
        page.select_option("#f-domain", label="义务教育")
        page.locator("thead th[data-key='coverage'] button").click()
        page.locator("tr.county[data-number='1'] details.missing summary").click()
        # back to the top: scrolled, rows pass under the sticky search bar, which axe counts as covered targets
        page.evaluate("window.scrollTo(0, 0)")
    result = axe_results(page)
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert violations == []
    assert len(result["passes"]) > 10


def test_since_columns_link_to_the_changes(browser, tmp_path):
    """`--since` an earlier edition of the province: each county's 新增/删除/修改, and its 调整说明 link opens the
    本版调整 section of its book."""
    from gwstd.cli.app import main

    source = make_province(tmp_path / "全省目录")
    old = tmp_path / "上一版"
    shutil.copytree(source, old)
    domain = old / "county-003" / "yiwu-jiaoyu.yaml"
    text = domain.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("name:") and "(第" in line)
    domain.write_text(text.replace(first, first.split("name:")[0] + "name: 上一版的名称", 1), encoding="utf-8")
    out = tmp_path / "发布"
    main(["build", str(source), "-o", str(out), "--only", "html", "--since", str(old)])
    page = _open(browser, (out / "index.html").as_uri())
    assert page.locator("thead th", has_text="以来的调整").count() == 1
    row = page.locator("tr.county[data-number='3']")
    assert row.locator("td[data-key='changed']").text_content() == "1"
    assert page.locator("tr.county[data-number='1'] td[data-key='changed']").text_content() == "0"
    assert page.locator("tr.county[data-number='6'] td[data-key='changed']").text_content() == "—"
    row.locator("a", has_text="调整说明").click()
    page.wait_for_load_state("load")
    assert page.evaluate("location.hash") == "#changes"
    assert page.locator("section#changes").is_visible()
    assert page.locator("section#changes tbody tr").count() == 1  # the one item renamed


def test_without_javascript_the_table_is_all_there(browser, built):
    page = _open(browser, _index(built), ready=False, java_script_enabled=False)
    assert page.locator("tr.county").count() == 6
    assert page.is_hidden("form.search")  # no search box that cannot search
    assert page.locator("tr.county[data-number='1'] th a").get_attribute("href").endswith("/html/index.html")
    assert page.gwstd_requests == []
