"""The PDF book: the HTML book as it prints, printed by the office's own browser, with its document info.

The engine is the local Edge, Chrome or Chromium (gwstd.seams.browser), chosen by measurement (README,
"The PDF book"): it prints the very page people print themselves, embeds the fonts and keeps the text
selectable. On POSIX one browser start prints the book in pieces, a tab per core (seams/devtools.py), cut by
books/pdf_parts.py and joined with the outline, the page numbers and the document info by books/pdf_join.py.
Elsewhere, or when that cannot be done, the browser prints the whole book with --print-to-pdf and
``with_document_info`` adds the document info (title, author = the compiling office) as an incremental update:
the browser's bytes stay as they are, followed by the new info and its cross-reference.
"""

from __future__ import annotations

import re
import tempfile
from datetime import datetime
from pathlib import Path

from gwstd.books.pdf_join import pdf_date, pdf_text
from gwstd.catalogue.model import Catalogue
from gwstd.seams.files import os_reason, safe_file_name


def pdf_name(catalogue: Catalogue) -> str:
    return safe_file_name(f"{catalogue.region}政务公开标准目录", "政务公开标准目录") + ".pdf"


def document_info(catalogue: Catalogue) -> dict[str, str]:
    """The PDF's document info: what a reader's PDF viewer shows under 属性."""
    from gwstd import __version__

    title = f"{catalogue.region}政务公开事项标准目录"
    return {
        "Title": title,
        "Author": catalogue.office or catalogue.region,
        "Subject": "，".join(x for x in (catalogue.edition, catalogue.date) if x) or title,
        "Keywords": "政务公开，标准目录，" + "，".join(d.name for d in catalogue.domains),
        "Creator": f"gwstd {__version__}",
    }


# ------------------------------------------------------------------------------------------------------
# The document info, added as an incremental update (PDF 32000-1, 7.5.6)

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER_ENTRY = {
    "Size": re.compile(rb"/Size\s+(\d+)"),
    "Root": re.compile(rb"/Root\s+(\d+\s+\d+\s+R)"),
    "ID": re.compile(rb"/ID\s*(\[[^\]]*\])"),
    "Info": re.compile(rb"/Info\s+(\d+\s+\d+\s+R)"),
}


def with_document_info(pdf: bytes, info: dict[str, str], *, now: datetime | None = None) -> bytes:
    """``pdf`` with ``info`` as its document info. A PDF whose trailer is not a classic one comes back as it was."""
    end = _STARTXREF.search(pdf[-1024:])
    trailer_at = pdf.rfind(b"trailer")
    if end is None or trailer_at < 0:
        return pdf  # a cross-reference stream: leave the browser's info alone rather than risk the file
    trailer = pdf[trailer_at:pdf.rfind(b"startxref")]
    found = {key: pattern.search(trailer) for key, pattern in _TRAILER_ENTRY.items()}
    if found["Size"] is None or found["Root"] is None:
        return pdf
    number = int(found["Size"].group(1))
    stamp = pdf_date(now).encode()
    entries = b"".join(b"/" + key.encode() + b" " + pdf_text(value) for key, value in info.items() if value)
    obj = b"%d 0 obj\n<<%s/CreationDate (%s)/ModDate (%s)>>\nendobj\n" % (number, entries, stamp, stamp)
    head = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    xref_at = len(head) + len(obj)
    xref = b"xref\n%d 1\n%010d 00000 n \n" % (number, len(head))
    tail = b"trailer\n<</Size %d/Root %s/Info %d 0 R/Prev %s%s>>\nstartxref\n%d\n%%%%EOF\n" % (
        number + 1, found["Root"].group(1), number, end.group(1),
        b"/ID " + found["ID"].group(1) if found["ID"] else b"", xref_at)
    return head + obj + xref + tail


# ------------------------------------------------------------------------------------------------------
# The writer


def write_book(target: Path, catalogue: Catalogue, render_html, *, browser: str | None = None,
               printer=None) -> Path:
    """Render the HTML book into a scratch folder beside ``target``, print it, and write the PDF atomically.

    ``render_html(page)`` writes the HTML book to ``page``. The scratch folder sits in the output folder, not in
    the system's temp: a browser installed as a snap sees neither another user's /tmp nor hidden folders.
    ``printer``: a browser already started (start_printer), used and left running; without it one is started
    for this book.
    """
    from gwstd.seams import browser as browsers
    from gwstd.seams.files import OutputError, atomic_write_bytes

    program = browsers.find_browser(browser)
    timeout = browsers.PRINT_TIMEOUT + browsers.PRINT_SECONDS_PER_ITEM * len(catalogue.items)
    try:
        scratch_dir = tempfile.TemporaryDirectory(prefix="gwstd-pdf-", dir=target.parent, ignore_cleanup_errors=True)
    except OSError as exc:  # an output folder gwstd may not write in: said as for any other book
        raise OutputError(f"无法写入 {target}:{os_reason(exc)}", file=target) from None
    with scratch_dir as scratch:
        page = Path(scratch) / "index.html"
        own = printer is None or printer.browser != program
        if own:
            printer = _start(program, timeout)
        else:
            printer.allow(timeout)
        try:  # what fails in the scratch folder (a full disk) is said of the book the user will look for
            try:
                render_html(page)  # meanwhile the browser starts and its tabs load the fonts
                joined = _print_in_documents(printer, page, catalogue) if printer else None
            finally:
                if own and printer:
                    printer.__exit__(None, None, None)
            if joined is None:
                data = browsers.print_to_pdf(program, page, Path(scratch) / "book.pdf", timeout=timeout)
                joined = with_document_info(data, document_info(catalogue))
        except OutputError as exc:
            raise OutputError(f"无法写入 {target}:{str(exc).rpartition(':')[2]}", file=target) from None
        except OSError as exc:
            raise OutputError(f"无法写入 {target}:{os_reason(exc)}", file=target) from None
    atomic_write_bytes(target, joined)
    return target


def start_printer(browser: str | None = None):
    """The browser that will print the PDF books, started now (before the catalogues are read, which takes as
    long as starting it), or None when it cannot be: write_book then finds out why and says so."""
    from gwstd.diagnostics.errors import GwstdError
    from gwstd.seams import browser as browsers

    try:  # a browser that does not answer soon is left to write_book, which waits its full time and says so
        return _start(browsers.find_browser(browser), min(browsers.PRINT_TIMEOUT, 30.0))
    except (GwstdError, OSError):
        return None


def _start(program: str, timeout: float):
    """The browser started over its DevTools pipe, its tabs warming up; None where that cannot be (Windows, a
    browser that does not answer on the pipe): the book is then printed whole with --print-to-pdf."""
    from gwstd.books import pdf_parts
    from gwstd.seams import devtools

    if not devtools.AVAILABLE:
        return None
    try:
        return devtools.Printer(program, timeout=timeout, warm=pdf_parts.WARM_PAGE).__enter__()
    except devtools.NotDrivable:
        return None


def _print_in_documents(printer, page: Path, catalogue: Catalogue) -> bytes | None:
    """The book printed as documents side by side and joined (books/pdf_parts.py says why), or None when the
    pieces cannot be joined (the book is then printed whole)."""
    from gwstd.books import pdf_join, pdf_parts

    html = page.read_text(encoding="utf-8")
    documents = pdf_parts.documents(html, pdf_parts.pieces_for(len(catalogue.items), printer.tabs))
    paths = [page]
    if len(documents) > 1:
        paths = []
        for n, document in enumerate(documents):
            paths.append(page.with_name(f"part-{n:03d}.html"))
            paths[-1].write_text(document, encoding="utf-8")
    try:
        pieces = [pdf_join.read(data) for data in printer.print_pages(paths)]
        numbers = None
        if len(pieces) > 1:  # a book printed whole numbers its own pages
            numbers_page = page.with_name("numbers.html")
            numbers_page.write_text(pdf_parts.numbers_document(html, sum(len(p.pages) for p in pieces)),
                                    encoding="utf-8")
            numbers = pdf_join.read(printer.print_pages([numbers_page])[0])
        return pdf_join.join(pieces, outline=outline(pdf_parts.headings(html)), info=document_info(catalogue),
                             numbers=numbers, lang="zh-CN", now=pdf_date())
    except pdf_join.JoinFailed:
        return None


def outline(headings) -> list:
    """The PDF outline: each h2 (the cover, the contents, each domain) with its h3s (each 一级事项) under it."""
    from gwstd.books.pdf_join import OutlineEntry

    top: list[tuple[object, list]] = []
    for heading in headings:
        if heading.level == 2 or not top:
            top.append((heading, []))
        else:
            top[-1][1].append(OutlineEntry(heading.title, heading.anchor))
    return [OutlineEntry(h.title, h.anchor, tuple(children)) for h, children in top]
