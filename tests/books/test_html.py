"""The HTML book, tested in a real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gwstd.books.html import book_context, render_book
from gwstd.editions.read import load_models
from gwstd.validate.pipeline import ValidateOptions

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"

INJECTIONS = {
    "name: 区域内学校基本情况": 'name: "<script>alert(1)</script>"',
    "name: 校级领导班子介绍": 'name: "</td><img src=x onerror=alert(1)>"',
    "required: [姓名, 职务, 分工]": 'required: ["{{ 7*7 }}", "{% if 1 %}x{% endif %}"]',
}



@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The bundled catalogue with three hostile texts, built through the CLI entry point."""
    from gwstd.cli.app import main

    folder = tmp_path_factory.mktemp("book")
    shutil.copytree(ROOT / "catalog", folder / "catalog")
    path = folder / "catalog" / "yiwu-jiaoyu.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in INJECTIONS.items():
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    assert main(["build", str(folder / "catalog"), "-o", str(folder / "dist")]) == 0
    _, models = load_models([folder / "catalog"], ValidateOptions())
    return folder / "dist" / "html" / "index.html", models[0][1]


def _open(browser, url, **options):
    page = browser.new_page(**options)
    page.gwstd_errors, page.gwstd_requests, page.gwstd_dialogs = [], [], []
    page.on("console", lambda m: page.gwstd_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.gwstd_errors.append(str(e)))
    page.on("request", lambda r: page.gwstd_requests.append(r.url))
    page.on("dialog", lambda d: (page.gwstd_dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    return page


def _visible_ids(page) -> list[str]:
    return page.eval_on_selector_all("tr.item", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.id)")


def _row_texts(catalogue):
    """What each row shows, from the model: the expected answer for a search."""
    context = book_context(catalogue)
    out = {}
    for domain in context["domains"]:
        for r in domain["rows"]:
            parts = [r["category"], r["subcategory"], r["name"], *r["required"], *r["optional"], *r["basis"],
                     r["time_limit"], r["department"], r["person"], *r["channels"], r["update_cycle"],
                     *[p["text"] for p in r["consult"] + r["supervise"]]]
            out[r["id"]] = " ".join(parts)
    return out


def test_loads_offline_without_errors(browser, book):
    path, catalogue = book
    page = _open(browser, path.as_uri())
    assert page.gwstd_errors == []
    assert [u for u in page.gwstd_requests if not u.startswith("file://")] == []
    assert page.locator("tr.item").count() == len(catalogue.items)
    assert page.get_attribute("html", "lang") == "zh-CN"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "cover.png"))
    page.goto(path.as_uri() + "#yiwu-jiaoyu")
    page.screenshot(path=str(ARTIFACTS / "domain.png"))
    page.close()


def test_search_narrows_to_exactly_the_matching_items(browser, book):
    path, catalogue = book
    page = _open(browser, path.as_uri(), viewport={"width": 1400, "height": 900})
    texts = _row_texts(catalogue)
    for term in ("招生", "国务院令第590号", "精准推送", "村公示栏"):
        page.fill("#q", term)
        expected = sorted(i for i, t in texts.items() if term in t)
        assert expected, term
        assert sorted(_visible_ids(page)) == expected, term
        assert f"找到 {len(expected)} 个事项" in page.text_content("#count")
    page.fill("#q", "招生")
    highlighted = page.evaluate("CSS.highlights.has('gwstd-search') ? CSS.highlights.get('gwstd-search').size : 0")
    assert highlighted >= len([t for t in texts.values() if "招生" in t])
    page.screenshot(path=str(ARTIFACTS / "search.png"))
    page.fill("#q", "没有这样的事项zzz")
    assert _visible_ids(page) == [] and page.is_visible("#empty")
    page.close()


@pytest.mark.parametrize("select,value,keep", [
    ("#f-domain", "yiwu-jiaoyu", lambda c, d, i: d.name == "义务教育"),
    ("#f-dept", "jiaoyu", lambda c, d, i: i.department == "jiaoyu"),
    ("#f-channel", "精准推送", lambda c, d, i: "精准推送" in i.channels),
    ("#f-method", "依申请", lambda c, d, i: "依申请" in i.method),
    ("#f-audience", "特定群体", lambda c, d, i: "特定群体" in i.audience),
])
def test_each_filter_narrows_and_the_url_reproduces_the_view(browser, book, select, value, keep):
    path, catalogue = book
    page = _open(browser, path.as_uri())
    page.select_option(select, value)
    expected = sorted(i.id for d in catalogue.domains for i in d.items if keep(catalogue, d, i))
    assert expected and sorted(_visible_ids(page)) == expected
    url = page.url
    assert "#" in url and "=" in url.split("#", 1)[1]
    again = _open(browser, url)
    assert sorted(_visible_ids(again)) == expected
    assert again.input_value(select) == value
    page.close()
    again.close()


def test_search_and_filter_combine_in_the_url(browser, book):
    path, catalogue = book
    page = _open(browser, path.as_uri())
    page.fill("#q", "公开")
    page.select_option("#f-domain", "zhengdi-buchang")
    url = page.url
    again = _open(browser, url)
    assert again.input_value("#q") == "公开"
    visible = _visible_ids(again)
    assert visible and all(i.startswith("zd-") for i in visible)
    again.click("#reset")
    assert len(_visible_ids(again)) == len(catalogue.items)


def test_permalink_lands_on_its_item(browser, book):
    path, _ = book
    page = _open(browser, path.as_uri() + "#jy-zs-003", viewport={"width": 1280, "height": 800})
    box = page.locator("tr#jy-zs-003").bounding_box()
    # rows have fractional heights (which fonts are installed decides them), so "at the top" may be -0.3 px
    assert box is not None and -1 < box["y"] < 800
    assert page.evaluate("document.querySelector(':target').id") == "jy-zs-003"


def test_hostile_text_is_shown_not_run(browser, book):
    path, _ = book
    page = _open(browser, path.as_uri())
    page.wait_for_timeout(300)
    assert page.gwstd_dialogs == []
    assert page.locator("img").count() == 0
    first = page.locator("tr.item[data-domain='yiwu-jiaoyu'] th .name").first.text_content()
    assert first == "<script>alert(1)</script>"
    body = page.text_content("section#yiwu-jiaoyu")
    assert "</td><img src=x onerror=alert(1)>" in body
    assert "{{ 7*7 }}" in body and "{% if 1 %}x{% endif %}" in body and "49" not in body.split("{{ 7*7 }}")[0][-5:]


def test_without_javascript_everything_is_there(browser, book):
    path, catalogue = book
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    assert page.locator("tr.item").count() == len(catalogue.items)
    assert len(_visible_ids(page)) == len(catalogue.items)
    context.close()


def test_keyboard_and_print(browser, book):
    path, catalogue = book
    page = _open(browser, path.as_uri())
    page.focus("#f-domain")
    page.keyboard.press("ArrowDown")  # the first domain
    first = catalogue.domains[0]
    assert sorted(_visible_ids(page)) == sorted(i.id for i in first.items)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    for label in page.query_selector_all("form.search select"):
        assert label.evaluate("s => s.closest('label') !== null")
    assert page.locator("thead th[scope]").count() > 0
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('form.search')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('section.domain')).breakBefore") == "page"
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(pdf) > 10_000


def test_phone_layout(browser, book):
    path, _ = book
    page = _open(browser, path.as_uri() + "#jy-zs-001", viewport={"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # no sideways scrolling on a phone
    page.screenshot(path=str(ARTIFACTS / "phone.png"))


def test_templates_override_one_block(gwstd, sample_catalog, tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "index.html").write_text(
        '{% extends "base.html" %}{% block header %}<header class="site"><p>示例县人民政府 县徽</p></header>{% endblock %}',
        encoding="utf-8")
    assert gwstd("build", sample_catalog, "-o", tmp_path / "out", "--templates", custom).code == 0
    html = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert "示例县人民政府 县徽" in html and 'id="q"' in html and "jy-zs-001" in html
    (custom / "index.html").write_text("{% extends 'base.html' %}{% block header %}{% endblok %}", encoding="utf-8")
    run = gwstd("build", sample_catalog, "-o", tmp_path / "out2", "--templates", custom)
    assert run.code == 2 and "模板错误" in run.err and "index.html" in run.err
    # Failing half-way through (the book is written as it renders): the last good book stays as it was.
    (custom / "index.html").write_text(
        "{% extends 'base.html' %}{% block footer %}{{ no_such_value }}{% endblock %}", encoding="utf-8")
    run = gwstd("build", sample_catalog, "-o", tmp_path / "out", "--templates", custom)
    assert run.code == 2 and "no_such_value" in run.err
    assert (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8") == html
    assert [p.name for p in (tmp_path / "out" / "html").iterdir()] == ["index.html"]  # no temporary file left


def test_render_escapes_below_the_cli():
    _, models = load_models([ROOT / "catalog"], ValidateOptions())
    catalogue = models[0][1]
    catalogue.domains[0].categories[0].items[0].name = "<b>粗体</b>"
    catalogue.domains[0].categories[0].items[0].url = "javascript:alert(1)"
    html = render_book(catalogue)
    assert "&lt;b&gt;粗体&lt;/b&gt;" in html and "<b>粗体</b>" not in html
    assert "javascript:alert" not in html
    assert len(html.encode("utf-8")) < 1_500_000


def test_a_long_category_is_cut_into_parts_labelled_continued(monkeypatch):
    """A 一级事项 longer than a table part is cut into parts of its own: every row once and in order, no part
    longer than PART_ROWS, the later pieces labelled 续 (not headings, no ids: the contents and the PDF outline
    name each 一级事项 once)."""
    import re

    import gwstd.books.html as html_book

    _, models = load_models([ROOT / "catalog"], ValidateOptions())
    catalogue = models[0][1]
    monkeypatch.setattr(html_book, "PART_ROWS", 4)
    cut = 0
    for d in book_context(catalogue)["domains"]:
        pieces = [c for part in d["parts"] for c in part]
        assert [r["id"] for c in pieces for r in c["rows"]] == [r["id"] for r in d["rows"]]
        assert all(sum(len(c["rows"]) for c in part) <= 4 for part in d["parts"])
        for c in d["categories"]:
            mine = [p for p in pieces if p["anchor"] == c["anchor"]]
            assert [p["continued"] for p in mine] == [False] + [True] * (len(mine) - 1)
            assert len(mine) == 1 or all(len(part) == 1 for part in d["parts"] if part[0] in mine[:-1])
            cut += len(mine) - 1
    assert cut > 10
    html = render_book(catalogue)
    assert html.count("（续）</p>") == cut
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    monkeypatch.setattr(html_book, "PART_ROWS", 60)
    assert "（续）" not in render_book(catalogue)  # the bundled catalogue: no 一级事项 is that long


def test_compiled_templates_are_cached_and_a_bad_cache_is_harmless(gwstd, sample_catalog, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    first = gwstd("build", sample_catalog, "-o", tmp_path / "a", "--only", "html")
    assert first.code == 0
    cached = sorted((cache / "gwstd" / "templates").iterdir())
    assert cached, "the compiled templates are kept for the next run"
    for f in cached:  # a damaged cache is compiled afresh, not an error
        f.write_bytes(b"not bytecode")
    assert gwstd("build", sample_catalog, "-o", tmp_path / "b", "--only", "html").code == 0
    page = (tmp_path / "a" / "html" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8") == page
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # no cache folder can be made here
    assert gwstd("build", sample_catalog, "-o", tmp_path / "c", "--only", "html").code == 0
    assert (tmp_path / "c" / "html" / "index.html").read_text(encoding="utf-8") == page


def test_the_emblem_is_embedded_and_read_bounded(tmp_path):
    import base64

    from gwstd.rules.emblem import LIMIT, read_emblem

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    (tmp_path / "emblem.png").write_bytes(png)
    assert read_emblem(tmp_path / "emblem.png") == ("image/png", png)
    (tmp_path / "seal.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    assert read_emblem(tmp_path / "seal.svg")[0] == "image/svg+xml"
    (tmp_path / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * LIMIT)
    assert read_emblem(tmp_path / "big.png") == "超过 1 MB"
    (tmp_path / "empty.png").write_bytes(b"")
    assert read_emblem(tmp_path / "empty.png") == "是空文件"
    assert read_emblem(tmp_path).startswith("不是文件")
    assert read_emblem(tmp_path / "none.png").startswith("不存在")
    _, models = load_models([ROOT / "catalog"], ValidateOptions())
    catalogue = models[0][1]
    catalogue.emblem, catalogue.emblem_path = "emblem.png", str(tmp_path / "emblem.png")
    html = render_book(catalogue)
    assert f'class="emblem" src="data:image/png;base64,{base64.b64encode(png).decode()}"' in html
    assert 'alt="示例县徽标"' in html
    catalogue.emblem_path = str(tmp_path / "big.png")  # unusable: the book is made without it (validate warns)
    assert 'class="emblem"' not in render_book(catalogue)


def test_a_phone_link_dials_the_number_not_the_note_after_it():
    """Found by a user trial: a phone with its office hours (imported as written) dialled the hours' digits too."""
    from gwstd.books.html import phone_links

    assert [p["href"] for p in phone_links("0838-3210001（工作日9:00-17:00）")] == ["tel:08383210001"]
    assert [p["href"] for p in phone_links("0838-6200031 转 805、12345")] == ["tel:08386200031", "tel:12345"]
    assert [p["href"] for p in phone_links("+86 838 6200031")] == ["tel:+868386200031"]
    assert [p["href"] for p in phone_links("无")] == [""]
