"""The HTML book printed as a county office prints it (Chromium's print, from Playwright and from the command
line) and measured with poppler; and the book on a 1366×768 office screen."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browserkit import ARGS, CHROMIUM

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
A4_LANDSCAPE = (841.89, 595.28)  # points
RIGHT_MARGIN = 8 / 25.4 * 72  # book.css: @page margin 11mm 8mm 10mm
MAX_PAGES = 25  # 1.25 × the Excel book's 20 pages for the bundled 167 items (issue 14)
# A CJK glyph is one em wide: a word of n CJK characters printed at s pt is n·s pt wide.
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
EMBLEM = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120"><circle cx="60" cy="60" r="56" fill="#fff" '
          'stroke="#a8141b" stroke-width="6"/><circle cx="60" cy="60" r="44" fill="none" stroke="#a8141b" '
          'stroke-width="2"/><path fill="#a8141b" d="M60 24l8.8 27.1h28.5l-23 16.8 8.8 27.1L60 78.2 36.9 95l8.8-27.1'
          '-23-16.8h28.5z"/></svg>')



@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The bundled catalogue with an emblem in its catalog.yaml, built through the CLI entry point."""
    from gwstd.cli.app import main

    folder = tmp_path_factory.mktemp("print")
    shutil.copytree(ROOT / "catalog", folder / "catalog")
    (folder / "catalog" / "emblem.svg").write_text(EMBLEM, encoding="utf-8")
    meta = folder / "catalog" / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("\ndate:", "\nemblem: emblem.svg\ndate:", 1), encoding="utf-8")
    assert main(["build", str(folder / "catalog"), "-o", str(folder / "dist"), "--only", "html"]) == 0
    return folder / "dist" / "html" / "index.html"


@pytest.fixture(scope="module")
def domains():
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    _, models = load_models([ROOT / "catalog"], ValidateOptions())
    return models[0][1].domains


def _pages(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Each page's width, height and words (xMin, yMin, xMax, yMax, text), from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    out = []
    for width, height, body in PAGE.findall(html):
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(body)]
        out.append((float(width), float(height), words))
    return out


def _pdfinfo(pdf: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def _check_printed(pdf: Path, domains) -> dict:
    """Everything issue 14 asks of the printed book; returns the figures measured."""
    info = _pdfinfo(pdf)
    size = [float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2]]
    assert abs(size[0] - A4_LANDSCAPE[0]) < 2 and abs(size[1] - A4_LANDSCAPE[1]) < 2, info["Page size"]
    pages = _pages(pdf)
    assert len(pages) == int(info["Pages"]) <= MAX_PAGES
    advances, heights = [], []
    titles = {d.name: f"示例县{d.name}领域基层政务公开标准目录" for d in domains}
    starts = {}
    for number, (width, height, words) in enumerate(pages, 1):
        text = "".join(w[4] for w in words)
        assert f"第{number}页共{len(pages)}页" in text, f"page {number} has no page number"
        for w in words:  # nothing beyond the right margin: the table's right edge is on the paper
            assert w[2] <= width - RIGHT_MARGIN + 1, (number, w)
            if CJK_WORD.match(w[4]):
                advances.append((w[2] - w[0]) / len(w[4]))
                heights.append(w[3] - w[1])
        for name, title in titles.items():
            if title in text:
                starts[name] = number
        if number > 1:  # after the cover every page is a table page, and repeats the table's header
            for header in ("公开事项", "公开依据", "公开时限", "公开主体", "公开对象", "咨询电话", "监督举报电话"):
                assert header in text, (number, header)
    # each domain starts a page of its own: its title is the first thing under the running head
    assert sorted(starts) == sorted(titles)
    for name, number in starts.items():
        _, _, words = pages[number - 1]
        first = min(w[1] for w in words if w[4] in titles[name] or titles[name].startswith(w[4]))
        body = [w for w in words if w[1] > 45 and not w[4].startswith("第")]  # below the running head
        assert first <= min(w[1] for w in body) + 1, name
    assert min(advances) >= 8.9, f"smallest CJK glyph {min(advances):.2f} pt"
    assert min(heights) >= 11.5, f"smallest word box {min(heights):.2f} pt high"
    return {"pages": len(pages), "advance": min(advances), "height": min(heights)}


def _right_border(pdf: Path, page: int, tmp: Path) -> None:
    """The table's right border is drawn on the paper, inside the margin: a long dark vertical line."""
    subprocess.run(["pdftoppm", "-gray", "-r", "144", "-f", str(page), "-l", str(page), str(pdf), str(tmp / "p")],
                   check=True)
    image = next(tmp.glob("p*.pgm")).read_bytes()
    parts = image.split(b"\n", 3)
    width, height = (int(v) for v in parts[1].split())
    pixels = parts[3]
    dark = [sum(1 for y in range(height) if pixels[y * width + x] < 200) for x in range(width)]
    lines = [x / 2 for x in range(width) if dark[x] > height * 0.5]  # in points (144 dpi)
    assert lines, "no vertical line longer than half the page"
    assert max(lines) <= width / 2 - RIGHT_MARGIN, (max(lines), width / 2)
    assert max(lines) >= width / 2 - RIGHT_MARGIN - 4, "the table's right border is not at the right margin"


def test_playwright_print_is_a_table_book(browser, book, domains, tmp_path):
    page = browser.new_page()
    page.goto(book.as_uri())
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    page.close()
    figures = _check_printed(pdf, domains)
    _right_border(pdf, 3, tmp_path)
    assert figures["pages"] <= MAX_PAGES


@pytest.mark.slow
def test_chromium_command_line_print_is_a_table_book_with_an_outline(book, domains, tmp_path):
    """Ctrl+P as the command line does it (the narrow-screen cards must not apply), with the outline the PDF
    book is made with: a bookmark per domain and per 一级事项."""
    pdf = tmp_path / "cli.pdf"
    subprocess.run([CHROMIUM, "--headless", *ARGS, "--no-pdf-header-footer", "--generate-pdf-document-outline",
                    f"--print-to-pdf={pdf}", book.as_uri()], check=True, capture_output=True, timeout=180)
    figures = _check_printed(pdf, domains)
    _right_border(pdf, 3, tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "3", "-l", "3", "-singlefile", str(pdf),
                    str(ARTIFACTS / "html-print")], check=True)
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(pdf))

    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield entry.title

    found = list(titles(reader.outline))
    for domain in domains:
        assert any(domain.name in t for t in found), domain.name
        for category in domain.categories:
            assert any(t.endswith(category.name) for t in found), (domain.name, category.name)
    print(f"command-line print: {figures}")


def test_office_screen(browser, book):
    """At 1366×768: no sideways scroll, the table header stays under the search bar, a permalink lands below both."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(book.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # the banner's emblem, from catalog.yaml, embedded: it shows with no file beside the book
    assert page.locator("header.site img.emblem").evaluate("img => img.src.startsWith('data:image/svg+xml;base64,') && img.naturalWidth > 0")
    page.screenshot(path=str(ARTIFACTS / "html-screen.png"))
    bar = page.locator("form.search")
    # half-way down a domain's table, its header is right under the bar
    page.evaluate("document.getElementById('jy-zs-003').scrollIntoView()")
    page.evaluate("window.scrollBy(0, 250)")
    section = page.evaluate("""() => [...document.querySelectorAll('tr.item')]
        .find(r => r.getBoundingClientRect().top > 400).closest('section').id""")
    head = page.locator(f"section#{section} thead")
    bar_box = bar.bounding_box()
    assert head.is_visible() and abs(head.bounding_box()["y"] - (bar_box["y"] + bar_box["height"])) < 2
    for target in ("jy-zs-001", "jy-gk-003"):
        page.goto(book.as_uri() + "#" + target)
        page.wait_for_timeout(100)
        box = page.locator(f"tr#{target}").bounding_box()
        thead = page.evaluate(f"document.getElementById('{target}').closest('table').tHead.getBoundingClientRect().bottom")
        bar_box = bar.bounding_box()
        assert box["y"] >= bar_box["y"] + bar_box["height"] - 0.5 and box["y"] >= thead - 0.5, (target, box, thead)
        assert box["y"] + box["height"] <= 768, (target, box)
    page.close()


@pytest.mark.slow
def test_a_long_book_prints_every_part_as_without_javascript(browser, tmp_path):
    """A book of 1,000 items or more lays out its table parts lazily on screen (book.js, content-visibility):
    printed, every part is laid out, and the print is the same as the book's without JavaScript."""
    import sys

    from gwstd.cli.app import main

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    county = generate(tmp_path / "corpus", counties=1, items=1200)[0]
    assert main(["build", str(county), "-o", str(tmp_path / "dist"), "--only", "html"]) == 0
    path = tmp_path / "dist" / "html" / "index.html"
    printed = {}
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(path.as_uri())
        if javascript:
            assert page.evaluate("document.documentElement.classList.contains('lazy')")
            assert page.evaluate("[...document.querySelectorAll('.part')].some(p => !p.classList.contains('laid'))")
            page.emulate_media(media="print")  # as page.pdf prints (it fires no beforeprint)
            assert page.evaluate("[...document.querySelectorAll('.part')].every(p => getComputedStyle(p).contentVisibility === 'visible')")
            page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # as Ctrl+P does
            assert page.evaluate("[...document.querySelectorAll('.part')].every(p => p.classList.contains('laid'))")
        pdf = tmp_path / f"book-{javascript}.pdf"
        pdf.write_bytes(page.pdf(prefer_css_page_size=True))
        context.close()
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        printed[javascript] = (int(_pdfinfo(pdf)["Pages"]), text)
    assert printed[True][0] == printed[False][0] > 80
    assert printed[True][1] == printed[False][1]
    assert printed[True][1].count("监督举报电话") >= printed[True][0] - 2  # the header on (nearly) every page


def test_phone_numbers_fit_their_cells_in_print_with_three_levels(browser, tmp_path):
    """A table with 二级 and 三级 columns keeps the phone columns as wide as a two-level one: in print each
    number stays inside its cell (a user trial found them running into the next cell and cut off at the
    page's edge)."""
    import casekit

    from gwstd.cli.app import main

    root = casekit.assemble("valid-mixed-depth", tmp_path)
    assert main(["build", str(root), "-o", str(tmp_path / "dist"), "--only", "html"]) == 0
    page = browser.new_page()
    page.goto((tmp_path / "dist" / "html" / "index.html").as_uri())
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    page.close()
    phones = [(x1, text, width) for width, _, words in _pages(pdf) for _, _, x1, _, text in words
              if re.search(r"\d{4}-\d{7}", text)]
    assert len(phones) >= 12
    assert [text for _, text, _ in phones if not re.fullmatch(r"0838-\d{7}", text)] == []  # none run together
    assert max(x1 for x1, _, _ in phones) <= phones[0][2] - RIGHT_MARGIN + 1
