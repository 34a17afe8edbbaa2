"""A workbook on paper, as an office prints it: LibreOffice converts it to PDF (in a profile of its own, so that
parallel runs do not clash) and poppler's word boxes say what came out. Shared by the county book's and the
province workbook's print tests."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

BOX = 1.302  # pdftotext's word box is 1.302 × the font size (Noto CJK and DejaVu alike)


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def require(tool: str, package: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} not found: tests/setup-system.sh installs {package} (Debian's package)")


def print_workbook(book: Path, out: Path) -> tuple[Path, list[list[Word]]]:
    """``book`` printed to PDF in ``out`` by LibreOffice: the PDF and the words of each page."""
    require("libreoffice", "libreoffice-calc-nogui")
    require("pdftotext", "poppler-utils")
    require("fc-match", "fontconfig")
    # A unit of column width is a digit of the workbook's default font, Arial: LibreOffice needs Arial's
    # metric twin (Liberation Sans) to lay the columns out as Excel does; without it they print 14% wider.
    arial = subprocess.run(["fc-match", "Arial"], check=True, capture_output=True, text=True).stdout
    if "Liberation" not in arial and "Arial" not in arial:
        pytest.fail(f"fc-match Arial gives {arial.strip()!r}: install fonts-liberation (Debian's package)")
    profile = out / "lo-profile"
    subprocess.run(["libreoffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), str(book)], check=True, capture_output=True, timeout=300)
    pdf = out / book.with_suffix(".pdf").name
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = []
    for page in bbox.split("<page ")[1:]:
        words = [Word(float(a), float(b), float(c), float(d), html.unescape(t).replace("\u200b", ""))
                 for a, b, c, d, t in re.findall(
                     r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]
        pages.append([w for w in words if w.text])
    return pdf, pages


def assert_on_the_page_and_apart(pages: list[list[Word]], *, top: float = 10) -> None:
    """Text too tall for its row would be drawn over the row below (and clipped there): no two words overlap,
    and every word is on the A4 landscape page, inside its margins (``top`` the least above)."""
    for n, words in enumerate(pages, 1):
        for w in words:
            assert 10 <= w.x0 and w.x1 <= 842 - 10 and top <= w.y0 and w.y1 <= 595 - 5, (n, w)
        ordered = sorted(words, key=lambda w: w.y0)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if b.y0 >= a.y1:
                    break
                overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
                overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
                assert overlap_x <= 0.5 or overlap_y <= 2.5, (n, a, b)
