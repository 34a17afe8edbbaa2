"""The HTML book for screen readers and Chinese input, measured in Chromium: axe-core, the accessibility tree
(CDP), an input-method composition, jumps clear of the sticky bar, tap targets on phones."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from browserkit import axe_results

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _build(folder: Path, catalog: Path) -> Path:
    from gwstd.cli.app import main

    assert main(["build", str(catalog), "-o", str(folder / "dist"), "--only", "html"]) in (0, 1)
    return folder / "dist" / "html" / "index.html"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("a11y")
    shutil.copytree(ROOT / "catalog", folder / "catalog")
    return _build(folder, folder / "catalog")


@pytest.fixture(scope="module")
def big_book(tmp_path_factory):
    """A generated catalogue of 600 items (bench/generate.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("a11y-600")
    county = generate(folder / "corpus", counties=1, items=600)[0]
    return _build(folder, county)


def _ax_nodes(page) -> list[dict]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Accessibility.enable")
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    return nodes


def _tables(nodes: list[dict]) -> list[dict]:
    """Each table of the tree that the tree exposes: its item rows (rows with a row header) and the names of
    its column headers."""
    by_id = {n["nodeId"]: n for n in nodes}

    def role(n):
        return n.get("role", {}).get("value")

    def kids(n):
        return [by_id[c] for c in n.get("childIds", []) if c in by_id]

    def walk(n, stop_at_table=True):
        for k in kids(n):
            if k.get("ignored") and role(k) not in ("table",):
                yield from walk(k)
                continue
            yield k
            if not (stop_at_table and role(k) == "table"):
                yield from walk(k)

    out = []
    for table in (n for n in nodes if role(n) == "table" and not n.get("ignored")):
        inside = list(walk(table))
        rows = [r for r in inside if role(r) == "row" and any(role(c) == "rowheader" for c in walk(r))]
        headers = [h.get("name", {}).get("value", "") for h in inside if role(h) == "columnheader"]
        out.append({"rows": rows, "headers": headers})
    return out


def _shown(page) -> int:
    """Item rows the page shows (book.js leaves the rows of a hidden 一级事项 as they are: count what is shown)."""
    return page.evaluate("[...document.querySelectorAll('tr.item')].filter(r => r.checkVisibility()).length")


COLUMN_HEADERS = ("序号", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "信息更新周期", "咨询电话", "监督举报电话")


def _assert_rows_and_headers(page, expected_rows: int, nodes: list[dict] | None = None) -> None:
    tables = [t for t in _tables(_ax_nodes(page) if nodes is None else nodes) if t["rows"]]
    assert sum(len(t["rows"]) for t in tables) == expected_rows
    for t in tables:
        for header in COLUMN_HEADERS:
            assert any(h.replace(" ", "") == header for h in t["headers"]), (header, t["headers"][:8])


def test_every_row_and_its_headers_are_in_the_accessibility_tree_at_load(browser, book):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(book.as_uri())
    _assert_rows_and_headers(page, 167)
    page.close()


@pytest.mark.slow
def test_a_long_catalogue_keeps_its_headers_to_the_last_row(browser, big_book):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(big_book.as_uri())
    _assert_rows_and_headers(page, page.locator("tr.item").count())
    assert page.locator("tr.item").count() == 600
    # the last row of the longest table is under a header of its own table
    last = page.evaluate("""() => { const rows = document.querySelectorAll('tr.item'); const t = rows[rows.length - 1].closest('table');
        return [...t.tHead.querySelectorAll('th')].map(th => th.textContent) }""")
    assert "公开依据" in last and "监督举报电话" in last
    page.close()


@pytest.fixture(scope="module")
def thousands_book(tmp_path_factory):
    """A generated catalogue of 1,200 items: book.js lays it out lazily (1,000 items or more)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("a11y-1200")
    county = generate(folder / "corpus", counties=1, items=1200)[0]
    return _build(folder, county)


def _tree_rows(nodes: list[dict]) -> list[str]:
    """The row headers (each item's name, note and links) of the item rows the tree exposes, without spaces, sorted."""
    by_id = {n["nodeId"]: n for n in nodes}
    names = []
    for table in _tables(nodes):
        for row in table["rows"]:
            stack = list(row.get("childIds", []))
            while stack:
                n = by_id.get(stack.pop())
                if n is None:
                    continue
                if n.get("role", {}).get("value") == "rowheader":
                    names.append("".join(n.get("name", {}).get("value", "").split()))
                    break
                stack.extend(n.get("childIds", []))
    return sorted(names)


def _shown_names(page) -> list[str]:
    return sorted(page.evaluate("""[...document.querySelectorAll('tr.item')].filter(r => r.checkVisibility())
        .map(r => r.querySelector('th').textContent.replace(/\\s+/g, ''))"""))


def _idle(page) -> None:
    page.wait_for_function("document.documentElement.dataset.laidOut === 'all'", timeout=300_000, polling=200)


@pytest.mark.slow
def test_a_book_of_thousands_has_every_row_in_the_tree_once_idle(browser, thousands_book):
    """Books of 1,000 items or more lay out the table parts near the screen first (content-visibility: auto in
    book.css), and the others while the page is idle: once idle, every shown row is in the tree, under its
    headers, after the load, after a search that hides rows, after clearing it (which shows every row again)
    and with a filter."""
    page = browser.new_page(viewport=DESKTOP)
    page.goto(thousands_book.as_uri())
    assert page.evaluate("document.documentElement.classList.contains('lazy')")
    _idle(page)
    nodes = _ax_nodes(page)
    _assert_rows_and_headers(page, 1200, nodes)
    assert _tree_rows(nodes) == _shown_names(page) and len(_shown_names(page)) == 1200
    # the check sees what content-visibility hides: a part returned to it off the screen leaves the tree
    hidden = page.evaluate("""() => { const parts = document.querySelectorAll('.part'), last = parts[parts.length - 1];
        last.classList.remove('laid'); return last.querySelectorAll('tr.item').length }""")
    assert hidden > 0 and len(_tree_rows(_ax_nodes(page))) == 1200 - hidden
    page.evaluate("document.querySelectorAll('.part')[document.querySelectorAll('.part').length - 1].classList.add('laid')")
    steps = [("search", lambda: page.fill("#q", "公告")), ("clear", lambda: page.fill("#q", "")),
             ("filter", lambda: page.select_option("#f-channel", "精准推送"))]
    for step, action in steps:
        action()
        _idle(page)
        shown = _shown_names(page)
        nodes = _ax_nodes(page)
        assert len(shown) == 1200 if step == "clear" else 0 < len(shown) < 1200, step
        assert _tree_rows(nodes) == shown, step
        _assert_rows_and_headers(page, len(shown), nodes)
    page.close()


def test_symbols_carry_text(browser, book):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(book.as_uri())
    nodes = [n for n in _ax_nodes(page) if not n.get("ignored")]
    names = [n.get("name", {}).get("value", "") for n in nodes if n.get("role", {}).get("value") == "StaticText"]
    for symbol in ("●", "〇", "√", "■"):
        assert symbol not in names, f"{symbol} is read out"
    assert "必须公开:" in names and "可选公开:" in names and "是" in names
    assert page.locator("span[aria-label]").count() == 0
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("state", ["load", "search", "filter"])
def test_axe_finds_no_violation(browser, book, viewport, state):
    page = browser.new_page(viewport=viewport)
    page.goto(book.as_uri())
    if state == "search":
        page.fill("#q", "招生")
    elif state == "filter":
        page.select_option("#f-channel", "精准推送")
    result = axe_results(page)
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert violations == []
    assert len(result["passes"]) > 10
    page.close()


def test_ime_composition_starts_no_search_until_it_ends(browser, book):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(book.as_uri())
    page.focus("#q")
    cdp = page.context.new_cdp_session(page)
    for typed in ("z", "zh", "zhao", "zhaos", "zhaosh", "zhaoshe", "zhaoshen", "zhaosheng"):
        cdp.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
        assert page.input_value("#q") == typed
        assert page.text_content("#count") == "共 167 个事项"
        assert _shown(page) == 167
    cdp.send("Input.insertText", {"text": "招生"})  # the candidate chosen: the composition ends
    page.wait_for_function("document.getElementById('count').textContent.startsWith('找到')")
    shown = _shown(page)
    assert 0 < shown < 167 and page.text_content("#count").startswith(f"找到 {shown} 个事项")
    # typing Latin letters without an input method still searches at once
    page.fill("#q", "")
    page.keyboard.type("0838")
    assert page.text_content("#count").startswith("找到")
    page.close()


def _clear_of_sticky(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    bar = page.locator("form.search").bounding_box()
    assert box is not None and box["y"] >= bar["y"] + bar["height"] - 0.5, (selector, box, bar)


def test_jumps_and_focus_land_clear_of_the_sticky_bar(browser, book):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(book.as_uri())
    # a 目录 jump to a 一级事项, to a domain
    page.click("nav.toc a[href='#jy-zs-001']")
    _clear_of_sticky(page, "tr#jy-zs-001")
    head = page.evaluate("document.getElementById('jy-zs-001').closest('table').tHead.getBoundingClientRect().bottom")
    assert page.locator("tr#jy-zs-001").bounding_box()["y"] >= head - 0.5
    page.click("nav.toc a[href='#shizheng-fuwu']")
    _clear_of_sticky(page, "#shizheng-fuwu-title")
    # the skip link
    page.goto(book.as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    _clear_of_sticky(page, "#main > :first-child")
    # Shift+Tab back through the links of the tables: each focused link is below the bar
    page.locator("tr.item >> nth=150").locator("a.permalink").focus()
    checked = 0
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        inside_bar = page.evaluate("document.activeElement.closest('form.search, .skip') !== null")
        if not inside_bar:
            box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.bottom] })()")
            bar = page.locator("form.search").bounding_box()
            head = page.evaluate("""(() => { const t = document.activeElement.closest('table.items');
                return t && document.activeElement.closest('tbody') ? t.tHead.getBoundingClientRect().bottom : 0 })()""")
            assert box[0] >= max(bar["y"] + bar["height"], head) - 0.5, (page.evaluate("document.activeElement.outerHTML"), box, head)
            checked += 1
    assert checked == 25
    page.close()


def test_phone_tap_targets_are_at_least_24_px(browser, book):
    page = browser.new_page(viewport=PHONE)
    page.goto(book.as_uri())
    sizes = page.eval_on_selector_all("main a", "links => links.map(a => { const r = a.getBoundingClientRect(); return [a.href, r.height] })")
    small = [s for s in sizes if s[1] < 24]
    assert len([s for s in sizes if s[0].startswith("tel:")]) >= 167
    assert small == []
    page.close()
