"""The PDF book printed in pieces: the HTML book cut into documents (pdf_parts) and their PDFs joined (pdf_join).

Pure tests: the cut on the bundled book's real HTML, the join on small PDFs written as Skia writes them (plain
objects, a classic cross-reference table, named destinations), read back with pypdf as a reader's viewer would.
"""

from __future__ import annotations

import io
import os
import re
import zlib
from pathlib import Path

import pytest
from pdfkit import write_pdf

from gwstd.books import pdf_join, pdf_parts
from gwstd.books.html import render_book
from gwstd.books.pdf import outline
from gwstd.seams import devtools

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def book_html() -> str:
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    _, models = load_models([ROOT / "catalog"], ValidateOptions())
    return render_book(models[0][1])


@pytest.fixture(scope="module")
def book_in_small_parts() -> str:
    """The bundled book with its tables in parts of about 5 rows (PART_ROWS), as a large domain has them."""
    from gwstd.books import html
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    _, models = load_models([ROOT / "catalog"], ValidateOptions())
    kept, html.PART_ROWS = html.PART_ROWS, 5
    try:
        return render_book(models[0][1])
    finally:
        html.PART_ROWS = kept


ROW = re.compile(r'<tr id="([^"]+)" class="item"')


# ------------------------------------------------------------------------------------------------------
# The cut


def test_every_item_is_in_exactly_one_document_in_order(book_html):
    documents = pdf_parts.documents(book_html, pieces=5)
    assert len(documents) >= 4
    assert [row for d in documents for row in ROW.findall(d)] == ROW.findall(book_html)
    assert all(d.rstrip().endswith("</html>") and d.count("<main id=\"main\">") == 1 for d in documents)


def test_the_banner_and_cover_are_on_the_first_document_only(book_html):
    first, *others = pdf_parts.documents(book_html, pieces=5)
    assert 'id="cover"' in first and pdf_parts.NO_BANNER not in first
    assert all('id="cover"' not in d and pdf_parts.NO_BANNER in d for d in others)
    # the page numbers are printed over the joined book, so no piece numbers its own pages
    assert all(pdf_parts.NO_PAGE_NUMBERS in d for d in [first, *others])


def test_each_domain_heading_is_printed_once_and_a_cut_domain_goes_on(book_in_small_parts):
    documents = pdf_parts.documents(book_in_small_parts, pieces=14)
    assert [row for d in documents for row in ROW.findall(d)] == ROW.findall(book_in_small_parts)
    for heading in re.findall(r'<h2 id="([^"]+-title)"', book_in_small_parts):
        assert sum(d.count(f'id="{heading}"') for d in documents) == 1, heading
    continued = [d for d in documents if 'class="domain continued"' in d]
    assert continued  # a domain of more than 12 items is cut between its parts
    assert all('style="break-before:auto"' in d for d in continued)


def test_a_cut_falls_where_a_domain_starts_when_the_document_is_half_full(book_html):
    documents = pdf_parts.documents(book_html, pdf_parts.pieces_for(167, tabs=2))  # the bundled 167 in two
    assert len(documents) == 2
    assert not any('class="domain continued"' in d for d in documents)  # no partly filled page


def test_pieces_are_one_a_tab_and_more_only_for_a_large_book():
    assert pdf_parts.pieces_for(167, tabs=2) == 2
    assert pdf_parts.pieces_for(10_000, tabs=2) == 4
    assert pdf_parts.pieces_for(10_000, tabs=0) == 4
    assert pdf_parts.pieces_for(100, tabs=1) == 1


def test_pieces_are_about_the_same_size(book_html):
    documents = pdf_parts.documents(book_html, pieces=3)
    sizes = [len(ROW.findall(d)) for d in documents]
    assert len(documents) == 3 and max(sizes) < 2 * min(sizes), sizes


def test_one_piece_or_other_markup_is_the_book_itself(book_html):
    assert pdf_parts.documents(book_html, pieces=1) == [book_html]
    assert pdf_parts.documents("<html><body><table></table></body></html>", pieces=4) == [
        "<html><body><table></table></body></html>"]


def test_links_into_other_pieces_are_kept_and_their_targets_are_marked(book_html):
    documents = pdf_parts.documents(book_html, pieces=5)
    last_domain = re.findall(r'<section class="domain" id="([^"]+)"', book_html)[-1]
    first, last = documents[0], documents[-1]
    assert f'href="#{last_domain}"' in first  # the 目录 links to it
    assert f'<span id="{last_domain}"></span>' in first  # a stand-in, so the browser writes the link
    assert f'<a href="#{last_domain}"></a>' in last  # a hidden link, so the browser writes its destination


def test_the_headings_are_named_without_the_badge(book_html):
    found = pdf_parts.headings(book_html)
    assert found[0].level == 2 and found[0].title == "目录说明"
    assert all("一级事项" not in h.title for h in found if h.level == 3)
    entries = outline(found)
    domain = next(e for e in entries if e.title == "示例县征地补偿领域基层政务公开标准目录")
    assert [c.title for c in domain.children][:2] == ["法规政策", "征地报批"]


def test_the_numbers_document_has_one_page_a_number(book_html):
    document = pdf_parts.numbers_document(book_html, 7)
    assert document.count('<div class="page"></div>') == 7 and "counter(page)" in document


# ------------------------------------------------------------------------------------------------------
# The join


def skia_like_pdf(pages: list[bytes], dests: dict[str, int], title: str = "piece") -> bytes:
    """A PDF laid out as Chromium's Skia writes one: each page a dictionary with inline resources and one content
    stream, the page tree two deep, /Dests in the catalogue, a classic cross-reference table."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>")
    leaves = []
    pages_node = len(pages) * 2 + font + 1  # the intermediate /Pages node's number, known in advance
    for text in pages:
        data = zlib.compress(b"BT /F1 12 Tf 72 500 Td (" + text + b") Tj ET")
        content = add(b"<</Filter /FlateDecode\n/Length %d>> stream\n" % len(data) + data + b"\nendstream")
        leaves.append(add(b"<</Type /Page\n/Resources <</ProcSet [/PDF /Text]\n/Font <</F1 %d 0 R>>>>\n"
                          b"/MediaBox [0 0 841.92 594.96]\n/Contents %d 0 R\n/Parent %d 0 R>>" % (
                              font, content, pages_node)))
    node = add(b"<</Type /Pages\n/Count %d\n/Kids [%s]\n/Parent %d 0 R>>" % (
        len(leaves), b" ".join(b"%d 0 R" % n for n in leaves), pages_node + 1))
    assert node == pages_node
    root_pages = add(b"<</Type /Pages\n/Count %d\n/Kids [%d 0 R]>>" % (len(leaves), node))
    dest_dict = add(b"<<" + b"\n".join(b"/%s [%d 0 R /XYZ 0 500 0]" % (name.encode(), leaves[page])
                                      for name, page in dests.items()) + b">>")
    catalog = add(b"<</Type /Catalog\n/Pages %d 0 R\n/Dests %d 0 R>>" % (root_pages, dest_dict))
    info = add(b"<</Title (" + title.encode() + b")>>")
    return write_pdf(objects, root=catalog, info=info, header=b"%PDF-1.4\n%\xd3\xeb\xe9\xe1\n")


def joined_book() -> bytes:
    first = skia_like_pdf([b"cover", b"domain a"], {"main": 0, "a": 1, "a-c1": 1})
    second = skia_like_pdf([b"domain b", b"domain b, more"], {"b": 0, "b-c1": 1})
    numbers = skia_like_pdf([b"page %d of 4" % n for n in range(1, 5)], {})
    entries = [pdf_join.OutlineEntry("目录说明", "main"),
               pdf_join.OutlineEntry("甲领域", "a", (pdf_join.OutlineEntry("法规政策", "a-c1"),)),
               pdf_join.OutlineEntry("乙领域", "b", (pdf_join.OutlineEntry("监督管理", "b-c1"),
                                                    pdf_join.OutlineEntry("不在书里", "nowhere")))]
    return pdf_join.join([pdf_join.read(first), pdf_join.read(second)], outline=entries,
                         info={"Title": "示例县政务公开事项标准目录", "Author": "示例县人民政府办公室"},
                         numbers=pdf_join.read(numbers), lang="zh-CN", now="D:20261201000000Z")


def test_the_joined_book_has_every_page_in_order_with_its_number():
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(joined_book()), strict=True)
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 4
    for n, (text, body) in enumerate(zip(texts, ["cover", "domain a", "domain b", "domain b, more"]), 1):
        assert body in text and f"page {n} of 4" in text, text


def test_the_joined_book_has_the_destinations_the_outline_and_the_info():
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(joined_book()), strict=True)
    named = {str(k).lstrip("/"): v for k, v in reader.named_destinations.items()}
    assert {name: reader.get_destination_page_number(d) for name, d in named.items()} == {
        "main": 0, "a": 1, "a-c1": 1, "b": 2, "b-c1": 3}
    top = [e for e in reader.outline if not isinstance(e, list)]
    assert [e.title for e in top] == ["目录说明", "甲领域", "乙领域"]
    children = [e for e in reader.outline if isinstance(e, list)]
    assert [[c.title for c in group] for group in children] == [["法规政策"], ["监督管理"]]  # no destination: left out
    assert reader.get_destination_page_number(children[1][0]) == 3
    assert reader.metadata.title == "示例县政务公开事项标准目录" and reader.metadata.author == "示例县人民政府办公室"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_a_pdf_it_cannot_join_says_so():
    with pytest.raises(pdf_join.JoinFailed):
        pdf_join.read(b"%PDF-1.5\n1 0 obj\n<</Type/XRef>>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n")
    with pytest.raises(pdf_join.JoinFailed):
        pdf_join.read(b"not a pdf")
    three = pdf_join.read(skia_like_pdf([b"1", b"2", b"3"], {}))
    with pytest.raises(pdf_join.JoinFailed):  # the numbers must match the pages one for one
        pdf_join.join([three], outline=[], info={}, numbers=pdf_join.read(skia_like_pdf([b"1"], {})))


def test_names_are_escaped_as_the_browser_writes_them():
    assert pdf_join.pdf_name("zd-bp-001") == b"zd-bp-001"
    assert pdf_join.pdf_name("a b#(c)") == b"a#20b#23#28c#29"
    assert pdf_join.pdf_name("甲") == b"#E7#94#B2"


# ------------------------------------------------------------------------------------------------------
# One browser, several tabs (POSIX: the DevTools pipe)


@pytest.mark.browser
@pytest.mark.skipif(not devtools.AVAILABLE or not Path("/proc").is_dir(), reason="the DevTools pipe is POSIX only")
def test_one_browser_prints_several_pages_in_order_and_leaves_nothing_running(tmp_path):
    from browserkit import CHROMIUM

    pages = []
    for n in range(3):
        pages.append(tmp_path / f"p{n}.html")
        pages[-1].write_text(f"<!DOCTYPE html><html><body><p>第{n}份</p></body></html>", encoding="utf-8")
    with devtools.Printer(CHROMIUM, timeout=120, tabs=2) as printer:
        printed = printer.print_pages(pages)
        group = printer._tools.process.pid
    assert all(p.startswith(b"%PDF") for p in printed)
    assert [len(pdf_join.read(p).pages) for p in printed] == [1, 1, 1]
    assert _running_in_group(group) == []  # the browser and its helpers are gone (zombies aside)


def _running_in_group(group: int) -> list[int]:
    running = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            if int(fields[2]) == group and fields[0] != "Z":
                running.append(int(entry))
    return running


@pytest.mark.skipif(not devtools.AVAILABLE, reason="the DevTools pipe is POSIX only")
def test_a_browser_that_does_not_answer_on_the_pipe_is_not_drivable(tmp_path):
    program = tmp_path / "not-a-browser"
    program.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    program.chmod(0o755)
    with pytest.raises(devtools.NotDrivable):
        devtools.Printer(str(program), timeout=10).__enter__()


@pytest.mark.slow  # builds or waits out a timeout: kept out of the quick loop
@pytest.mark.skipif(not devtools.AVAILABLE, reason="the DevTools pipe is POSIX only")
def test_a_browser_that_hangs_on_the_pipe_is_stopped_in_time(tmp_path):
    import time

    from gwstd.seams.browser import PrintFailed

    program = tmp_path / "silent-browser"
    program.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    program.chmod(0o755)
    started = time.monotonic()
    with pytest.raises(PrintFailed) as caught:
        devtools.Printer(str(program), timeout=1).__enter__()
    assert "秒内没有打印完" in str(caught.value) and time.monotonic() - started < 10


def test_the_warm_up_page_uses_the_fonts_the_book_asks_for():
    css = (ROOT / "templates" / "book.css").read_text(encoding="utf-8")
    for family in ("serif", "sans"):
        stack = re.search(rf"--{family}: ([^;]+);", css).group(1)
        assert stack in pdf_parts.WARM_PAGE, family
