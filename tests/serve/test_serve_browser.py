"""`gwstd serve` in a real headless Chromium (Debian's /usr/bin/chromium through Playwright), against a real
`python -m gwstd serve` process on a copy of the bundled catalogue (servekit.serving): a save on disk reloads the
open page by itself (scroll kept), as does a restarted preview; an error is listed over the page with its file,
line and code, and its row is flagged, until it is fixed (the list folded away stays folded for the same
problems); a file that no longer loads keeps the last good book under the list, and a catalogue broken from the
start shows its problems, then its book; problems are shown as text, never as markup; with --excel the chip
links the workbook, rewritten outside the catalogue after each save; axe-core finds nothing serious in the
preview's own elements. Every page talks to its server's origin alone and logs no error."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # browserkit
sys.path.insert(0, str(Path(__file__).resolve().parent))  # servekit

from browserkit import AXE_TAGS, axe_script, wait_until  # noqa: E402
from servekit import edit, serving  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOMAIN = "yiwu-jiaoyu.yaml"
ITEM, NAME = "jy-gk-001", "区域内学校基本情况"  # the first item of the domain file, and its name
SECOND = "校级领导班子介绍"  # the next item's name, in the same 一级事项
HOSTILE = "<img src=x onerror=window.__pwned=1>"
WAIT = 5_000  # ms: a save is seen within 0.1 s and the bundled book rebuilt in about 0.2 s

NAME_OF = "id => { const row = document.getElementById(id); return row && row.querySelector('.name').textContent; }"
OVERLAY_SHOWN = "() => { const o = document.getElementById('gwstd-overlay'); return !!o && !o.hidden; }"
OVERLAY_GONE = "() => { const o = document.getElementById('gwstd-overlay'); return !!o && o.hidden; }"


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _open(browser, url: str):
    """A fresh page on ``url``; anything it asks of another origin is refused and recorded, as are its
    console errors and uncaught exceptions."""
    origin = url.rstrip("/")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    foreign: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url == origin or r.request.url.startswith(origin + "/"):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda r: None if r.url.startswith(origin + "/") else foreign.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.gwstd_foreign, page.gwstd_errors = foreign, errors
    page.goto(url)
    page.wait_for_selector("#gwstd-live")
    return page


def _clean(page) -> None:
    """Nothing but the server was asked for, and the page logged no error; then the page goes."""
    assert page.gwstd_foreign == []
    assert page.gwstd_errors == []
    page.context.close()


def _name_is(page, name: str) -> None:
    wait_until(page, f"([id, name]) => ({NAME_OF})(id) === name", arg=[ITEM, name], timeout=WAIT)


def _problems(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#gwstd-problems li.gwstd-problem",
        "lis => lis.map(li => ({cls: li.className, file: li.dataset.file, line: Number(li.dataset.line),"
        " code: li.dataset.code, where: li.querySelector('.gwstd-where').textContent,"
        " message: li.querySelector('.gwstd-message').textContent}))")


def _mark(page) -> None:
    """A flag a reload takes away."""
    page.evaluate("window.__gwstdSamePage = true")


def _same_page(page) -> bool:
    return page.evaluate("window.__gwstdSamePage === true")


def test_a_save_reloads_the_open_page_in_place_as_does_a_restart(browser, sample_catalog):
    domain = sample_catalog / DOMAIN
    with serving(sample_catalog) as served:
        page = _open(browser, served.url)
        assert page.evaluate(NAME_OF, ITEM) == NAME
        assert page.evaluate(OVERLAY_GONE)
        assert "实时预览" in page.inner_text("#gwstd-live")
        page.evaluate("window.scrollTo(0, 1500)")
        wait_until(page, "() => window.scrollY > 1000")
        before = page.evaluate("window.scrollY")
        _mark(page)

        edit(domain, f"name: {NAME}", f"name: {NAME}(已修改)")
        _name_is(page, f"{NAME}(已修改)")
        assert not _same_page(page)  # the page reloaded itself: nobody touched it
        assert abs(page.evaluate("window.scrollY") - before) < 50
        served.wait_for_output("已更新")
        assert DOMAIN in served.out.split("已更新", 1)[1]  # the console names the file that changed

        # and again on the reloaded page (its own stream), back to the name it had
        _mark(page)
        edit(domain, f"name: {NAME}(已修改)", f"name: {NAME}")
        _name_is(page, NAME)
        assert not _same_page(page)
        assert page.gwstd_foreign == [] and page.gwstd_errors == []

    # the preview stopped: the chip says so; started again on the same port, the page reloads by itself
    wait_until(page, "() => document.getElementById('gwstd-live').classList.contains('gwstd-offline')",
                           timeout=WAIT)
    assert "连接已断开" in page.inner_text("#gwstd-live")
    edit(domain, f"name: {NAME}", f"name: {NAME}(重新启动后)")
    _mark(page)
    port = served.url.rstrip("/").rsplit(":", 1)[1]
    with serving(sample_catalog, "--port", port) as again:
        assert again.url == served.url
        _name_is(page, f"{NAME}(重新启动后)")
        assert not _same_page(page)
        assert not page.evaluate("document.getElementById('gwstd-live').classList.contains('gwstd-offline')")
        # (the stream cut, and the tries to reconnect while nothing listened, are logged as failed loads)
        # (Chromium names a socket closed under it in several ways; none is the page's fault)
        cut = tuple(f"Failed to load resource: net::ERR_{name}" for name in
                    ("CONNECTION_", "SOCKET_NOT_CONNECTED", "EMPTY_RESPONSE", "NETWORK_CHANGED"))
        page.gwstd_errors[:] = [e for e in page.gwstd_errors if not e.startswith(cut)]
        _clean(page)


def test_an_error_is_listed_over_the_page_and_its_row_flagged_until_it_is_fixed(browser, sample_catalog):
    domain = sample_catalog / DOMAIN
    text = domain.read_text(encoding="utf-8")
    # the department line of the first item (the file's first department:)
    wrong = text.index("department: jiaoyu")
    line = text[:wrong].count("\n") + 1
    with serving(sample_catalog) as served:
        page = _open(browser, served.url)
        edit(domain, "department: jiaoyu", "department: jiaoyu-no-such")
        wait_until(page, OVERLAY_SHOWN, timeout=WAIT)
        problems = _problems(page)
        mine = [p for p in problems if p["code"] == "GW203"]
        assert len(mine) == 1, problems
        (p,) = mine
        assert p["file"].endswith(DOMAIN) and Path(p["file"]).name == DOMAIN
        assert p["line"] == line
        assert p["where"].startswith(f"{p['file']}:{line}:")
        assert "gwstd-error" in p["cls"].split()
        assert "jiaoyu-no-such" in p["message"]
        title = page.inner_text("#gwstd-overlay-title")
        assert "1 个错误" in title
        assert page.locator(".gwstd-broken").count() == 0  # the book is of the files as they are
        row = page.locator(f"tr#{ITEM}")
        assert "gwstd-flagged" in row.get_attribute("class").split()
        assert "gwstd-flagged-error" in row.get_attribute("class").split()
        assert row.locator("span.gwstd-flag").inner_text() == "错误"
        assert page.locator("tr.gwstd-flagged").count() == 1
        # the link to the item takes the reader to its row
        page.click(f"#gwstd-problems a[href='#{ITEM}']")
        assert page.evaluate("location.hash") == f"#{ITEM}"
        # the list folded away stays folded over a reload while the problems are the same ones
        toggle = page.locator("#gwstd-overlay header button")
        assert toggle.get_attribute("aria-expanded") == "true"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "false" and toggle.inner_text() == "展开"
        assert not page.locator("#gwstd-problems").is_visible()
        _mark(page)
        edit(domain, f"name: {SECOND}", f"name: {SECOND}(已修改)")
        wait_until(page, "() => !window.__gwstdSamePage && !!document.getElementById('gwstd-overlay')"
                               " && !document.getElementById('gwstd-overlay').hidden", timeout=WAIT)
        assert page.locator("#gwstd-overlay header button").get_attribute("aria-expanded") == "false"
        assert page.locator("#gwstd-overlay-title").is_visible()

        edit(domain, "department: jiaoyu-no-such", "department: jiaoyu")
        wait_until(page, OVERLAY_GONE, timeout=WAIT)
        assert page.locator("tr.gwstd-flagged").count() == 0
        assert page.locator(".gwstd-flag").count() == 0
        assert page.locator("#gwstd-problems").count() == 0
        _clean(page)


def test_a_file_that_no_longer_loads_keeps_the_last_good_book(browser, sample_catalog):
    domain = sample_catalog / DOMAIN
    with serving(sample_catalog) as served:
        page = _open(browser, served.url)
        rows = page.locator("tr.item").count()
        assert rows > 100
        _mark(page)
        # "mapping values are not allowed here": a ": " in a plain value, on the item's name line
        edit(domain, f"name: {NAME}", f"name: {NAME}: 坏")
        line = _line_of(domain, f"name: {NAME}: 坏")
        wait_until(page, OVERLAY_SHOWN, timeout=WAIT)
        assert _same_page(page)  # no new book, so no reload: the last good one stays on screen
        assert page.locator("tr.item").count() == rows
        assert page.evaluate(NAME_OF, ITEM) == NAME
        broken = page.inner_text(".gwstd-broken")
        assert DOMAIN in broken and "无法读取" in broken
        problems = _problems(page)
        syntax = [p for p in problems if Path(p["file"]).name == DOMAIN and p["code"].startswith("GW0")]
        assert syntax, problems
        assert syntax[0]["line"] == line
        assert "gwstd-error" in syntax[0]["cls"].split()
        assert page.locator("#gwstd-live").inner_text().startswith("实时预览")
        served.wait_for_output("无法读取", stream="err")

        edit(domain, f"name: {NAME}: 坏", f"name: {NAME}(修正后)")
        _name_is(page, f"{NAME}(修正后)")
        wait_until(page, OVERLAY_GONE, timeout=WAIT)
        assert not _same_page(page)
        assert page.locator(".gwstd-broken").count() == 0
        assert page.locator("tr.item").count() == rows
        _clean(page)


def test_problems_are_shown_as_text_never_as_markup(browser, sample_catalog):
    domain = sample_catalog / DOMAIN
    with serving(sample_catalog) as served:
        page = _open(browser, served.url)
        # the second item takes the first one's name, made hostile: GW202 (a name used twice) quotes it
        edit(domain, f"name: {NAME}", f"name: '{HOSTILE}'")
        edit(domain, f"name: {SECOND}", f"name: '{HOSTILE}'")
        wait_until(page,
            "() => [...document.querySelectorAll('#gwstd-problems li')].some(li => li.dataset.code === 'GW202')",
            timeout=WAIT)
        (p,) = [p for p in _problems(page) if p["code"] == "GW202"]
        assert HOSTILE in p["message"]
        assert page.locator("#gwstd-overlay img").count() == 0
        assert page.locator("img[src='x']").count() == 0  # nor in the book (its rows, the flag's title)
        assert page.evaluate(NAME_OF, ITEM) == HOSTILE
        page.wait_for_timeout(200)  # (an error event of a broken image would have fired by now)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        _clean(page)


def test_excel_is_rewritten_outside_the_catalogue_on_each_save_and_linked(browser, sample_catalog, tmp_path):
    domain = sample_catalog / DOMAIN
    out = tmp_path / "out"
    with serving(sample_catalog, "--excel", "-o", str(out)) as served:
        served.wait_for_output("已写入")
        (workbook,) = out.glob("*.xlsx")
        first = workbook.stat().st_mtime_ns
        page = _open(browser, served.url)
        link = page.locator("#gwstd-live a")
        assert link.count() == 1
        href = link.get_attribute("href")
        assert href.endswith(".xlsx")
        got = page.evaluate("async href => { const r = await fetch(href); "
                            "return [r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength]; }",
                            href)
        assert got[0] == 200 and "spreadsheetml" in got[1] and got[2] == workbook.stat().st_size

        edit(domain, f"name: {NAME}", f"name: {NAME}(已修改)")
        _name_is(page, f"{NAME}(已修改)")
        _mark(page)
        # the workbook is written after the page is out (it takes longer): its own line, and no reload
        deadline = time.monotonic() + 10
        while served.out.count("已写入") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert served.out.count("已写入") == 2, served.out
        assert workbook.stat().st_mtime_ns != first
        page.wait_for_timeout(300)  # (the stream's state for the workbook has reached the page)
        assert _same_page(page)
        assert list(out.glob("*.xlsx")) == [workbook]
        assert page.locator("#gwstd-live a").get_attribute("href") == href
        assert not [p for p in sample_catalog.rglob("*") if p.suffix == ".xlsx" or p.name.startswith(".")]
        _clean(page)


def test_the_overlay_meets_wcag_aa(browser, sample_catalog):
    domain = sample_catalog / DOMAIN
    with serving(sample_catalog) as served:
        page = _open(browser, served.url)
        edit(domain, "department: jiaoyu", "department: jiaoyu-no-such")
        wait_until(page, OVERLAY_SHOWN, timeout=WAIT)
        page.add_script_tag(path=str(axe_script()))
        # the preview's own elements: the overlay, the chip and the flagged row with its badge
        results = page.evaluate("tags => axe.run({include: [['#gwstd-overlay'], ['#gwstd-live'],"
                                " ['tr.gwstd-flagged']]}, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        assert results["passes"]
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in results["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
        _clean(page)


def test_a_catalogue_broken_from_the_start_shows_its_problems_then_its_book(browser, sample_catalog):
    domain = sample_catalog / DOMAIN
    edit(domain, f"name: {NAME}", f"name: {NAME}: 坏")
    line = _line_of(domain, f"name: {NAME}: 坏")
    with serving(sample_catalog) as served:
        page = _open(browser, served.url)
        assert page.evaluate(OVERLAY_SHOWN)
        assert page.locator("tr.item").count() == 0  # no book yet: the page says what to do
        assert "目录还不能生成" in page.inner_text("main")
        assert DOMAIN in page.inner_text(".gwstd-broken")
        assert any(Path(p["file"]).name == DOMAIN and p["line"] == line for p in _problems(page))

        edit(domain, f"name: {NAME}: 坏", f"name: {NAME}")
        _name_is(page, NAME)
        wait_until(page, OVERLAY_GONE, timeout=WAIT)
        assert page.locator("tr.item").count() > 100
        _clean(page)


HIDE = ("() => { Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
        " document.dispatchEvent(new Event('visibilitychange')); }")


def test_pages_in_hidden_tabs_let_their_streams_go_so_a_seventh_tab_opens(browser, sample_catalog):
    """Chromium gives a site six connections: six tabs each holding a stream would keep a seventh from loading."""
    with serving(sample_catalog) as served:
        context = browser.new_context()
        try:
            hidden = []
            for _ in range(6):
                page = context.new_page()
                page.goto(served.url)
                page.wait_for_selector("#gwstd-live")
                page.evaluate(HIDE)
                hidden.append(page)
            seventh = context.new_page()
            seventh.goto(served.url, timeout=WAIT)
            seventh.wait_for_selector("#gwstd-live", timeout=WAIT)
            edit(sample_catalog / DOMAIN, f"name: {NAME}", f"name: {NAME}(第七个标签页)")
            wait_until(seventh, f"([id, name]) => ({NAME_OF})(id) === name",
                                      arg=[ITEM, f"{NAME}(第七个标签页)"], timeout=WAIT)
            # shown again, a hidden tab connects and finds the new book
            shown = hidden[0]
            shown.evaluate("() => { Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});"
                           " document.dispatchEvent(new Event('visibilitychange')); }")
            wait_until(shown, f"([id, name]) => ({NAME_OF})(id) === name",
                                    arg=[ITEM, f"{NAME}(第七个标签页)"], timeout=WAIT)
        finally:
            context.close()
