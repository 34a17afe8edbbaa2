"""The HTML book cut into documents that a browser prints side by side (pure: strings in, strings out).

A browser's print time grows faster than the page: every page it paints walks the whole document, so a
10,000-item book printed as one page takes minutes. Printed as documents of a few hundred items each, on every
core, it takes seconds. Each domain already starts a new page, so a cut between domains changes nothing on
paper; a domain longer than a document is cut between two of its table parts (at a 一级事项), where its
document ends on a partly filled page.

The cut works on the markup the shipped templates write (``<main id="main">``, ``<section class="domain"``,
``<div class="part">``). A book from the user's own templates that does not have it is printed whole.
"""

from __future__ import annotations

import html as html_escape
import re
from dataclasses import dataclass

# Items in one printed document at most (bench/README.md, "The PDF book"): each document costs the browser its
# fonts again (about half a second for the CJK glyphs), so the pieces are as few as can be: one a tab, so that
# every core prints, and more only where a piece would pass this size, beyond which the print time starts to
# grow faster than the piece.
ITEMS_PER_DOCUMENT = 2500


def pieces_for(items: int, tabs: int) -> int:
    """How many documents to print a book of ``items`` in, ``tabs`` at a time."""
    return max(tabs, 1, -(-items // ITEMS_PER_DOCUMENT))


MAIN_OPEN = '<main id="main">'
MAIN_CLOSE = "</main>"
SECTION_OPEN = '<section class="domain"'
SECTION_CLOSE = "</section>"
PART_OPEN = '<div class="part">'
ITEM_ROW = 'class="item"'
# In a book printed in documents the page numbers are left out of each (they would start again at 1 in each):
# they are printed over the joined book, where the whole book's count is known. The banner is the first page's.
NO_PAGE_NUMBERS = "<style>@page { @bottom-center { content: none; } }</style>"
NO_BANNER = "<style>header.site { display: none; }</style>"
# A domain continued from the document before: its section with no heading, id or page break.
CONTINUED_SECTION = '<section class="domain continued" style="break-before:auto">'
# The book's script is left out of the pieces: its search has no use on paper, and reading every row's text
# costs time. The one line a piece must run shows the tables, hidden while a page loads (base.html).
SHOW_TABLES = '<script>document.documentElement.classList.remove("loading");</script>'
# A document made for printing is not laid out for the screen first: the print lays it out once, at A4. Its
# text for screen readers (必须公开, 是 beside the symbols) is left out: the pieces' PDFs carry no tags for a
# reader to use, each such span is a box of its own that costs layout time, and copied text reads better without.
NO_SCREEN = "<style>@media screen { body { display: none; } } @media print { .sr { display: none; } }</style>"


# The book's headings, for the joined book's outline: <h2 id="…"> and <h3 id="…">, the text without the parts
# hidden from screen readers (the 一级事项 badge), as the browser's own outline names them.
_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_HIDDEN = re.compile(r'<([a-z]+)[^>]*aria-hidden="true"[^>]*>.*?</\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


# A small page in the fonts the book prints with (templates/book.css: --serif for the text, --sans for the
# headers), printed by each tab while the book is rendered: loading the CJK fonts is then done before the book.
WARM_PAGE = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>'
             '@page { size: A4 landscape; } .serif { font-family: "SimSun", "宋体", "Noto Serif CJK SC", '
             '"Source Han Serif SC", "Songti SC", "STSong", serif; } .sans { font-family: "Noto Sans CJK SC", '
             '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "微软雅黑", "SimHei", "黑体", sans-serif; }'
             '</style></head><body><p class="serif">政务公开事项标准目录 第 1 页 共 1 页</p>'
             '<p class="sans"><b>公开事项 公开内容(要素)</b></p></body></html>')


@dataclass(frozen=True)
class Heading:
    level: int  # 2: a top entry (the cover, the contents, a domain); 3: under the last 2 (a 一级事项)
    anchor: str
    title: str


def headings(html: str) -> list[Heading]:
    """The book's h2 and h3 headings with an id, in order."""
    out = []
    for level, anchor, inner in _HEADING.findall(html):
        title = html_escape.unescape(_TAG.sub("", _HIDDEN.sub("", inner))).strip()
        if title:
            out.append(Heading(int(level), html_escape.unescape(anchor), title))
    return out


@dataclass(frozen=True)
class Unit:
    """One table part of a domain's section, with its item count; ``first``: the domain's first part."""

    domain: int
    html: str
    items: int
    first: bool


@dataclass(frozen=True)
class Book:
    head: str  # up to and including <main id="main">
    front: str  # the cover, the changes and the table of contents
    sections: list[str]  # each domain's opening tag and heading, up to its first table part
    units: list[Unit]
    tail: str  # after the last domain: the end of <main>, the footer and the script


def parse(html: str) -> Book | None:
    """The book's pieces, or None when its markup is not the shipped templates' (it is then printed whole)."""
    main_at = html.find(MAIN_OPEN)
    first = html.find(SECTION_OPEN, main_at)
    if main_at < 0 or first < 0:
        return None
    head_end = main_at + len(MAIN_OPEN)
    sections, units = [], []
    at = first
    while True:
        end = html.find(SECTION_CLOSE, at)
        if end < 0:
            return None
        section = html[at:end]
        cuts = _find_all(section, PART_OPEN)
        if not cuts:
            return None
        domain = len(sections)
        sections.append(section[:cuts[0]])
        for i, start in enumerate(cuts):
            stop = cuts[i + 1] if i + 1 < len(cuts) else len(section)
            piece = section[start:stop]
            units.append(Unit(domain, piece, piece.count(ITEM_ROW), i == 0))
        at = end + len(SECTION_CLOSE)
        following = html.find(SECTION_OPEN, at)
        main_end = html.find(MAIN_CLOSE, at)
        if following < 0 or (0 <= main_end < following):
            break
        at = following
    return Book(html[:head_end], html[head_end:first], sections, units, html[at:])


def documents(html: str, pieces: int) -> list[str]:
    """The book as about ``pieces`` documents of about as many items each, in order; one document when its
    markup is not the shipped templates' or it cannot be cut. Joined, their pages are the book's pages."""
    book = parse(html)
    if book is None:
        return [html]
    groups = _group(book.units, pieces)
    if len(groups) == 1:
        return [html]
    targets = set(_LOCAL_LINK.findall(html)) | {h.anchor for h in headings(html)}
    first_head = book.head.replace("</head>", NO_PAGE_NUMBERS + NO_SCREEN + "</head>", 1)
    head = book.head.replace("</head>", NO_PAGE_NUMBERS + NO_SCREEN + NO_BANNER + "</head>", 1)
    out = []
    for n, group in enumerate(groups):
        last = n == len(groups) - 1
        parts = [first_head if n == 0 else head, book.front if n == 0 else ""]
        domain = None
        for unit in group:
            if unit.domain != domain:
                if domain is not None:
                    parts.append(SECTION_CLOSE)
                domain = unit.domain
                # a domain continued from the document before: its section without the heading
                parts.append(book.sections[domain] if unit.first else CONTINUED_SECTION)
            parts.append(unit.html)
        parts.append(SECTION_CLOSE)
        parts.append(_without_script(book.tail) if last else f"\n{MAIN_CLOSE}\n{SHOW_TABLES}\n</body>\n</html>\n")
        out.append(_with_link_targets("".join(parts), targets))
    return out


_ID = re.compile(r' id="([^"]+)"')
_LOCAL_LINK = re.compile(r' href="#([^"]+)"')


def _with_link_targets(document: str, targets: set[str]) -> str:
    """``document`` with what makes the browser write every link and destination the joined book needs.

    The browser writes a named destination only for a place something in the page links to, and leaves out a
    link whose target is not in the page. So each piece gets hidden links to the book's link targets that it
    holds (the 目录 of another piece points at them; the outline too), and a hidden stand-in for each target
    it links to that another piece holds: the link is written, with no destination, and the joined book has the
    real one from the other piece.
    """
    present = set(_ID.findall(document))
    linked = set(_LOCAL_LINK.findall(document))
    missing = sorted(linked - present)
    unlinked = sorted((targets & present) - linked)
    if not missing and not unlinked:
        return document
    stand_ins = "<div hidden>" + "".join(f'<span id="{t}"></span>' for t in missing) + \
        "".join(f'<a href="#{t}"></a>' for t in unlinked) + "</div>"
    at = document.find(MAIN_OPEN) + len(MAIN_OPEN)
    return document[:at] + stand_ins + document[at:]


def _without_script(tail: str) -> str:
    at = tail.rfind("<script")
    end = tail.find("</script>", at)
    if at < 0 or end < 0:
        return tail
    return tail[:at] + SHOW_TABLES + tail[end + len("</script>"):]


def numbers_document(html: str, pages: int) -> str:
    """A document of ``pages`` empty pages, each with the book's page number (第 N 页 共 M 页) as the book's own
    CSS prints it and nothing else: printed over the joined book's pages."""
    head_end = html.find("<body")
    head = html[:head_end] if head_end >= 0 else "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
    head = head.replace("</head>", "<style>@page { @top-left { content: none; } @top-right { content: none; } }"
                        " html, body { margin: 0; padding: 0; background: none; }"
                        " div.page { break-after: page; height: 1px; } div.page:last-child { break-after: auto; }"
                        "</style></head>", 1)
    return head + "<body>" + '<div class="page"></div>' * pages + "</body></html>"


def _group(units: list[Unit], pieces: int) -> list[list[Unit]]:
    """Consecutive units in at most ``pieces`` groups of about the same number of items.

    Group k should end near k shares of the book. It ends where a domain starts when that is nearer the mark
    than after the domain (a cut between domains leaves no partly filled page), and inside a domain only when
    the next part would go well past the mark."""
    share = sum(unit.items for unit in units) / max(pieces, 1)
    sizes: dict[int, int] = {}
    for unit in units:
        sizes[unit.domain] = sizes.get(unit.domain, 0) + unit.items
    groups: list[list[Unit]] = [[]]
    done = 0
    for unit in units:
        mark = share * len(groups)
        if groups[-1] and len(groups) < pieces:
            nearer_now = abs(mark - done) <= abs(done + sizes[unit.domain] - mark)
            if (unit.first and (done >= mark or nearer_now)) or done + unit.items > mark + 0.15 * share:
                groups.append([])
        groups[-1].append(unit)
        done += unit.items
    return groups


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + len(needle))
    return found
