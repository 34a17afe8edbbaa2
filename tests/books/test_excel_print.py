"""The Excel book on paper, as a county office prints it: LibreOffice converts the built workbook to PDF (once
for the module, in a profile of its own so parallel runs do not clash) and poppler measures what came out:
pages, items per page, the size of the glyphs, the 一级事项 label on every page that continues a block, phone
numbers never split, the header on every page, no text running into the next row."""

from __future__ import annotations

import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from sheetprint import BOX, Word, assert_on_the_page_and_apart, print_workbook

from gwstd.books.cells import print_label
from gwstd.catalogue.vocab import CHANNELS, UPDATE_CYCLES
from gwstd.editions.read import load_models
from gwstd.validate.pipeline import ValidateOptions

pytestmark = pytest.mark.slow  # about 10 s: LibreOffice starting and converting

ROOT = Path(__file__).resolve().parents[2]
BODY_PT, FLOOR_PT = 9, 8
ISSUE_ITEMS_PER_PAGE = 8  # the target of issue 14; what the layout reaches is below it (see the xfail test)
# reached: 167 items on 27 domain pages (6.19; 29 pages with the 目录说明's two, 5.76), the 13-entry checklist on
# every row
REACHED_ITEMS_PER_PAGE = 6.0


@dataclass
class Printed:
    pdf: Path
    pages: list[list[Word]]
    catalogue: object


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Printed:
    from gwstd.cli.app import main

    out = tmp_path_factory.mktemp("print")
    assert main(["build", str(ROOT / "catalog"), "-o", str(out), "--only", "excel"]) == 0
    pdf, pages = print_workbook(out / "示例县政务公开标准目录.xlsx", out)
    _, models = load_models([ROOT / "catalog"], ValidateOptions())
    return Printed(pdf, pages, models[0][1])


def _joined(words: list[Word]) -> str:
    return "".join(w.text for w in words)


def _domain_pages(printed: Printed) -> list[tuple[object, list[Word]]]:
    """(domain, words) of every page of a domain sheet, in order: a sheet's first page has its title."""
    out, domain = [], None
    titles = {f"示例县{d.name}领域基层政务公开标准目录": d for d in printed.catalogue.domains}
    for words in printed.pages:
        text = _joined(words)
        for title, d in titles.items():
            if title in text:
                domain = d
        if domain is not None and "公开渠道和载体" in text:
            out.append((domain, words))
    return out


def _numbers(words: list[Word]) -> list[int]:
    """The 序号 of the items on a page: whole numbers in the column under the header 序号."""
    head = next(w for w in words if w.text == "序号")
    return sorted(int(w.text) for w in words if w.text.isdigit() and w.y0 > head.y1
            and w.x0 >= head.x0 - 8 and w.x1 <= head.x1 + 8)


def test_pages_and_items_per_page(printed):
    info = subprocess.run(["pdfinfo", str(printed.pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == len(printed.pages)
    assert "841.89 x 595.3" in info  # A4 landscape
    domain_pages = _domain_pages(printed)
    numbers = {d.name: [] for d in printed.catalogue.domains}
    for domain, words in domain_pages:
        numbers[domain.name] += _numbers(words)
    for domain in printed.catalogue.domains:  # every item printed once, in order
        assert numbers[domain.name] == list(range(1, len(domain.items) + 1)), domain.name
    items = len(printed.catalogue.items)
    assert items / len(domain_pages) >= REACHED_ITEMS_PER_PAGE
    assert pages - len(domain_pages) <= 2  # 目录说明 on two pages at most


@pytest.mark.xfail(strict=True, reason="issue 14 asks for 8 items a page (at most 20 pages for 167 items). LibreOffice "
                   "prints 宋体 and 仿宋 with Noto Sans CJK on Linux, 13.0 pt a line of 9 pt text (1.45 em); a page leaves "
                   "464 pt for rows under the 79 pt header. The rows average 65.6 pt, 5 lines: the 13-entry checklist "
                   "takes 5 lines of 8 pt (58.5 pt) in 165 pt, 公开内容 4.3 lines, 公开依据 3.6 (up to 8), 公开时限 3.8, "
                   "公开主体 3.9. 8 a page needs rows of about 47 pt (拆迁安置's 19 items on 2 pages: 3 lines of 9 pt, the "
                   "checklist in 4 of 8 pt), which the page's width cannot give. A width search far larger than gwstd's (30 random starts of 3,000 steps "
                   "per domain) also finds 27 domain pages; at a line pitch of 1.25 em it finds 26, at 1.05 em 23")
def test_the_issues_target_of_eight_items_a_page(printed):
    assert len(printed.catalogue.items) / len(printed.pages) >= ISSUE_ITEMS_PER_PAGE


def _form_word(text: str) -> bool:
    """A word of the columns printed at 8 pt: the checklist, √, numbers, phone numbers, update cycles."""
    labels = [print_label(c) for c in CHANNELS]
    return (text[:1] in "■□" or any(text in label for label in labels) or bool(re.fullmatch(r"[\d\-、,]+", text))
            or text == "√" or any(text in cycle for cycle in UPDATE_CYCLES) or text.startswith("其他"))


def test_glyphs_are_nine_points_and_nowhere_below_eight(printed):
    heights = [w.height for words in printed.pages for w in words]
    assert min(heights) >= FLOOR_PT * BOX - 0.05
    small = [w for words in printed.pages for w in words if w.height < BODY_PT * BOX - 0.05]
    assert all(_form_word(w.text) for w in small), sorted({w.text for w in small if not _form_word(w.text)})[:20]
    body = [w.height for _, words in _domain_pages(printed) for w in words if not _form_word(w.text)]
    assert statistics.median(body) >= BODY_PT * BOX - 0.05


def test_the_header_is_on_every_page(printed):
    for domain, words in _domain_pages(printed):
        text = _joined(words)
        assert "公开事项" in text and "公开渠道和载体" in text and "公开依据" in text and "监督举报电话" in text


def _column_text(words: list[Word], header: str) -> str:
    """The text printed under a header word (一级 of 一级事项), top to bottom."""
    head = next(w for w in words if w.text == header)
    middle = (head.x0 + head.x1) / 2
    below = [w for w in words if w.y0 > head.y1 + 14 and w.x0 - 2 <= middle <= w.x1 + 2]
    return _joined(sorted(below, key=lambda w: (w.y0, w.x0)))


def test_a_page_that_continues_a_block_shows_its_label(printed):
    continued = 0
    for domain, words in _domain_pages(printed):
        first = min(_numbers(words))
        category, _, _ = list(domain.rows())[first - 1]
        text = _column_text(words, "一级")
        if first > 1 and list(domain.rows())[first - 2][0] is category:
            assert category.name + "（续）" in text, (domain.name, first)
            continued += 1
        else:
            assert category.name in text
    assert continued >= 3


def test_no_phone_number_is_split(printed):
    catalogue = printed.catalogue
    phones = set()
    for item in catalogue.items:
        for field in (catalogue.consult_of(item), catalogue.supervise_of(item)):
            phones.update(p for p in field.split("、") if p)
    seen = set()
    for _, words in _domain_pages(printed):
        for w in words:
            if re.fullmatch(r"[\d\-、]+", w.text) and len(w.text) >= 5:
                for part in [p for p in w.text.split("、") if p]:
                    assert part in phones, f"a piece of a phone number on its own: {w.text!r}"
                    seen.add(part)
    assert seen == phones
    lines_starting_badly = [w.text for words in printed.pages for w in words if w.text[:1] in "、》"]
    assert not lines_starting_badly


def test_nothing_runs_into_the_next_row(printed):
    """Text too tall for its row would be drawn over the row below (and clipped there): no two words overlap,
    and every word is on the page, inside its margins."""
    assert_on_the_page_and_apart(printed.pages, top=10)
