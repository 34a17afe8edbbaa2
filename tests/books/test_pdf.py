"""The PDF book: found browser, its print, the document info, and what happens without a browser.

The fast tests drive a stand-in browser (a script that writes a PDF where --print-to-pdf says); the browser
tests print the bundled book with Debian's Chromium and measure the PDF with poppler as a reader's viewer
would see it.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from browserkit import CHROMIUM
from pdfkit import write_pdf

from gwstd.books.pdf import document_info, pdf_text, with_document_info
from gwstd.seams import browser as browser_seam
from gwstd.seams.browser import BrowserMissing, PrintFailed, find_browser, print_command

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
POPPLER = shutil.which("pdfinfo") is not None
PDF_NAME = "示例县政务公开标准目录.pdf"


def minimal_pdf(title: str = "x") -> bytes:
    """A one-page PDF with a classic cross-reference table, as Chromium's Skia writes them."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 842 595]>>", b"<</Title " + pdf_text(title) + b">>"]
    return write_pdf(objects, root=1, info=4)


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


# ------------------------------------------------------------------------------------------------------
# The document info (pure)


def test_the_document_info_is_an_incremental_update_with_right_offsets():
    original = minimal_pdf("旧标题")
    info = {"Title": "示例县政务公开事项标准目录", "Author": "示例县人民政府办公室(政务公开)"}
    updated = with_document_info(original, info, now=datetime(2026, 12, 1, tzinfo=timezone.utc))
    assert updated.startswith(original)  # the browser's bytes are kept as they are
    tail = updated[len(original):]
    number = int(re.search(rb"(\d+) 0 obj", tail).group(1))
    assert number == 5  # the trailer's /Size
    # the new xref entry points at the new object, startxref at the new xref section, /Prev at the old one
    entry = int(re.search(rb"xref\n5 1\n(\d{10}) 00000 n \n", tail).group(1))
    assert updated[entry:].startswith(b"5 0 obj")
    startxref = int(re.findall(rb"startxref\n(\d+)", updated)[-1])
    assert updated[startxref:].startswith(b"xref\n5 1\n")
    old_xref = int(re.findall(rb"startxref\n(\d+)", original)[-1])
    assert b"/Prev %d" % old_xref in tail and b"/Info 5 0 R" in tail and b"/Size 6" in tail
    assert pdf_text(info["Author"]) in tail and b"D:20261201000000Z" in tail


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo) is not installed")
def test_a_pdf_reader_shows_the_new_info(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(with_document_info(minimal_pdf(), {"Title": "标题「一」", "Author": "某县政务公开办"}))
    info = pdf_info(path)
    assert info["Title"].strip() == "标题「一」" and info["Author"].strip() == "某县政务公开办"
    assert info["Pages"].strip() == "1"


def test_a_pdf_it_cannot_safely_update_comes_back_unchanged():
    stream_xref = b"%PDF-1.5\n1 0 obj\n<</Type/XRef/Size 2>>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n"
    assert with_document_info(stream_xref, {"Title": "x"}) == stream_xref
    assert with_document_info(b"not a pdf", {"Title": "x"}) == b"not a pdf"


def test_document_info_names_the_office_and_the_edition(sample_catalog):
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    _, models = load_models([sample_catalog], ValidateOptions())
    info = document_info(models[0][1])
    assert info["Title"] == "示例县政务公开事项标准目录" and info["Author"] == "示例县人民政府办公室"
    assert "2024" in info["Subject"] and "义务教育" in info["Keywords"] and info["Creator"].startswith("gwstd ")


# ------------------------------------------------------------------------------------------------------
# Finding the browser


def test_none_turns_the_pdf_off(monkeypatch):
    monkeypatch.setenv("GWSTD_BROWSER", "none")
    with pytest.raises(BrowserMissing) as caught:
        find_browser()
    assert caught.value.turned_off and caught.value.diagnostic.code == "GW504"


def test_a_named_browser_that_is_not_there_is_an_error(monkeypatch, tmp_path):
    monkeypatch.delenv("GWSTD_BROWSER")
    with pytest.raises(PrintFailed) as caught:
        find_browser(str(tmp_path / "msedge.exe"))
    assert caught.value.diagnostic.code == "GW505" and "找不到浏览器程序" in str(caught.value)


def test_no_browser_anywhere_says_how_to_get_the_pdf(monkeypatch, tmp_path):
    monkeypatch.delenv("GWSTD_BROWSER")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(browser_seam, "_installed_places", lambda: [str(tmp_path / "nothing.exe")])
    with pytest.raises(BrowserMissing) as caught:
        find_browser()
    message = str(caught.value)
    assert not caught.value.turned_off and "Microsoft Edge" in message and "--browser" in message


def test_the_windows_places_are_searched(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMFILES(X86)", str(tmp_path))
    places = browser_seam._installed_places()
    assert os.path.join(str(tmp_path), r"Microsoft\Edge\Application\msedge.exe") in places


def test_the_print_command_uses_a_throwaway_profile_and_no_browser_header(tmp_path):
    command = print_command("chromium", tmp_path / "index.html", tmp_path / "out.pdf", tmp_path / "profile")
    assert f"--user-data-dir={tmp_path / 'profile'}" in command and "--headless" in command
    assert "--no-pdf-header-footer" in command and "--generate-pdf-document-outline" in command
    assert command[-1] == (tmp_path / "index.html").resolve().as_uri()


# ------------------------------------------------------------------------------------------------------
# Through the CLI, with a stand-in browser


def fake_browser(tmp_path: Path, body: str) -> Path:
    """A program that behaves as a browser would: ``body`` is shell, with $OUT the --print-to-pdf target."""
    fixture = tmp_path / "fixture.pdf"
    fixture.write_bytes(minimal_pdf())
    script = tmp_path / "fake-browser"
    script.write_text("#!/bin/sh\n"
                      'for a in "$@"; do case "$a" in --print-to-pdf=*) OUT="${a#--print-to-pdf=}";; '
                      '--user-data-dir=*) PROFILE="${a#--user-data-dir=}";; file://*) PAGE="${a#file://}";; esac; '
                      f"done\nFIXTURE='{fixture}'\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


pytestmark_posix = pytest.mark.skipif(os.name != "posix", reason="the stand-in browser is a shell script")


@pytestmark_posix
def test_build_prints_the_pdf_through_the_browser(gwstd, sample_catalog, tmp_path, monkeypatch):
    seen = tmp_path / "seen"
    script = fake_browser(tmp_path, f'[ -d "$PROFILE" ] && grep -q "<html" "$PAGE" && echo "$PAGE" > {seen}\n'
                                    'cp "$FIXTURE" "$OUT"')
    monkeypatch.setenv("GWSTD_BROWSER", str(script))
    run = gwstd("build", sample_catalog, "-o", tmp_path / "dist", "--only", "pdf")
    assert run.code == 0, run.err
    target = tmp_path / "dist" / PDF_NAME
    assert f"已生成 {target}" in run.out
    assert seen.read_text().strip()  # the browser was given the rendered HTML book and its own profile
    assert [p.name for p in (tmp_path / "dist").iterdir()] == [PDF_NAME]  # no scratch folder is left
    data = target.read_bytes()
    assert data.startswith(minimal_pdf()) and pdf_text("示例县人民政府办公室") in data


@pytestmark_posix
def test_the_browser_option_wins_over_the_environment(gwstd, sample_catalog, tmp_path, monkeypatch):
    script = fake_browser(tmp_path, 'cp "$FIXTURE" "$OUT"')
    monkeypatch.setenv("GWSTD_BROWSER", str(tmp_path / "not-there"))
    run = gwstd("build", sample_catalog, "-o", tmp_path / "dist", "--only", "pdf", "--browser", script)
    assert run.code == 0, run.err and (tmp_path / "dist" / PDF_NAME).is_file()


def test_without_a_browser_the_other_books_are_built_and_the_exit_is_0(gwstd, sample_catalog, tmp_path,
                                                                      monkeypatch):
    monkeypatch.delenv("GWSTD_BROWSER")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(browser_seam, "_installed_places", lambda: [])
    run = gwstd("build", sample_catalog, "-o", tmp_path / "dist")
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == ["html", "示例县政务公开标准目录.xlsx"]
    assert "未生成 PDF 目录" in run.err and "Microsoft Edge" in run.err and "--browser" in run.err
    assert "Traceback" not in run.err


def test_turned_off_is_quiet_unless_the_pdf_was_all_that_was_asked(gwstd, sample_catalog, tmp_path):
    run = gwstd("build", sample_catalog, "-o", tmp_path / "a")  # GWSTD_BROWSER=none (tests/conftest.py)
    assert run.code == 0 and run.err == ""
    run = gwstd("build", sample_catalog, "-o", tmp_path / "b", "--only", "pdf")
    assert run.code == 0 and "GWSTD_BROWSER=none" in run.err


@pytestmark_posix
@pytest.mark.parametrize("body,words", [
    ("echo 'ERROR: something broke' >&2; exit 3", ["退出码 3", "something broke"]),
    ("printf 'not a pdf' > \"$OUT\"", ["没有打印出 PDF"]),
])
@pytest.mark.slow  # builds or waits out a timeout: kept out of the quick loop
def test_a_browser_that_prints_nothing_is_an_error_and_keeps_the_old_pdf(gwstd, sample_catalog, tmp_path,
                                                                         monkeypatch, body, words):
    out = tmp_path / "dist"
    out.mkdir()
    (out / PDF_NAME).write_bytes(b"%PDF old")
    monkeypatch.setenv("GWSTD_BROWSER", str(fake_browser(tmp_path, body)))
    run = gwstd("build", sample_catalog, "-o", out)
    assert run.code == 2
    assert "PDF 目录生成失败" in run.err and all(w in run.err for w in words), run.err
    assert (out / PDF_NAME).read_bytes() == b"%PDF old"
    assert sorted(p.name for p in out.iterdir()) == ["html", PDF_NAME, "示例县政务公开标准目录.xlsx"]


@pytestmark_posix
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes in a read-only folder")
def test_an_output_folder_it_cannot_write_in_is_a_chinese_error(gwstd, sample_catalog, tmp_path, monkeypatch):
    out = tmp_path / "dist"
    out.mkdir()
    out.chmod(0o555)
    monkeypatch.setenv("GWSTD_BROWSER", str(fake_browser(tmp_path, 'cp "$FIXTURE" "$OUT"')))
    try:
        run = gwstd("build", sample_catalog, "-o", out, "--only", "pdf")
    finally:
        out.chmod(0o755)
    assert run.code == 2 and "无法写入" in run.err and PDF_NAME in run.err


def test_an_output_folder_it_cannot_write_in_through_the_writer(sample_catalog, tmp_path, monkeypatch):
    """The same as root would see it: the scratch folder cannot be made."""
    import tempfile

    from gwstd.books import pdf
    from gwstd.seams.files import OutputError

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)
    monkeypatch.setattr(browser_seam, "find_browser", lambda explicit=None: "/bin/true")
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    _, models = load_models([sample_catalog], ValidateOptions())
    with pytest.raises(OutputError) as caught:
        pdf.write_book(tmp_path / PDF_NAME, models[0][1], lambda page: None)
    assert caught.value.diagnostic.code == "GW501" and "没有权限" in str(caught.value)


@pytest.mark.slow  # builds or waits out a timeout: kept out of the quick loop
@pytestmark_posix
def test_a_browser_that_hangs_is_stopped(gwstd, sample_catalog, tmp_path, monkeypatch):
    marker = tmp_path / "still-running"
    monkeypatch.setenv("GWSTD_BROWSER", str(fake_browser(tmp_path, f"sleep 30; touch {marker}")))
    monkeypatch.setattr(browser_seam, "PRINT_TIMEOUT", 0.5)
    monkeypatch.setattr(browser_seam, "PRINT_SECONDS_PER_ITEM", 0.003)  # 167 items: 1 s in all
    run = gwstd("build", sample_catalog, "-o", tmp_path / "dist", "--only", "pdf")
    assert run.code == 2 and "秒内没有打印完" in run.err
    assert not (tmp_path / "dist" / PDF_NAME).exists()
    assert [p.name for p in (tmp_path / "dist").iterdir()] == []


# ------------------------------------------------------------------------------------------------------
# The real print, in Chromium, measured with poppler


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The bundled catalogue built through the CLI with Debian's Chromium printing the PDF book."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    if not POPPLER:
        pytest.fail("poppler-utils (pdfinfo, pdftotext, pdffonts) is not installed: tests/setup-system.sh installs it")
    out = tmp_path_factory.mktemp("pdf") / "dist"
    env = dict(os.environ, GWSTD_BROWSER=CHROMIUM)
    run = subprocess.run([sys.executable, "-m", "gwstd", "build", str(ROOT / "catalog"), "-o", str(out)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    return out / PDF_NAME


def _catalogue():
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    _, models = load_models([ROOT / "catalog"], ValidateOptions())
    return models[0][1]


@pytest.mark.browser
def test_the_pdf_book_has_its_info_a4_landscape_pages_and_embedded_fonts(printed):
    info = pdf_info(printed)
    assert info["Title"].strip() == "示例县政务公开事项标准目录"
    assert info["Author"].strip() == "示例县人民政府办公室"
    assert info["Page size"].split()[:3] == ["841.92", "x", "594.96"]  # A4 landscape
    # printed in pieces side by side and joined (books/pdf_parts.py): the pieces carry no tags to join
    assert info["Tagged"].strip() == "no"
    fonts = subprocess.run(["pdffonts", str(printed)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # emb: every font is embedded
    assert all(row.split()[-3] == "yes" for row in rows), fonts  # uni: every font maps back to text


@pytest.mark.browser
def test_the_pdf_text_is_selectable_and_searchable(printed):
    text = subprocess.run(["pdftotext", "-raw", str(printed), "-"], capture_output=True, text=True,
                          check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    catalogue = _catalogue()
    missing = [item.name for item in catalogue.items if re.sub(r"\s+", "", item.name) not in squeezed]
    assert not missing, missing[:5]
    assert "示例县人民政府办公室" in squeezed


@pytest.mark.browser
def test_every_page_is_numbered_in_the_whole_book(printed):
    """The book is printed in pieces and joined; its page numbers count the whole book, not each piece."""
    pages = int(pdf_info(printed)["Pages"])
    assert pages >= 20
    for number in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(printed), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert f"第 {number} 页 共 {pages} 页" in text, (number, text[-200:])


@pytest.mark.browser
def test_the_contents_links_lead_to_the_domains_and_categories(printed):
    """The 目录 links into pieces printed apart: every link still has a destination in the book."""
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(printed)
    named = {str(name).lstrip("/"): dest for name, dest in reader.named_destinations.items()}
    catalogue = _catalogue()
    first_domain = reader.get_destination_page_number(named[catalogue.domains[0].slug])
    links = [a.get_object() for page in reader.pages[:first_domain] for a in page.get("/Annots", [])]
    internal = [str(a["/Dest"]).lstrip("/") for a in links if "/Dest" in a]
    assert len(internal) >= len(catalogue.domains) + sum(len(d.categories) for d in catalogue.domains)
    assert all(name in named for name in internal), [n for n in internal if n not in named][:5]
    last = catalogue.domains[-1]
    assert reader.get_destination_page_number(named[last.slug]) > len(reader.pages) // 2  # in a later piece


@pytest.mark.browser
def test_the_outline_has_each_domain_and_each_category(printed):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(printed)
    titles: list[str] = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)
    walk(reader.outline)
    catalogue = _catalogue()
    for domain in catalogue.domains:  # each domain once, by its sheet title
        assert titles.count(f"{catalogue.region}{domain.name}领域基层政务公开标准目录") == 1, (domain.name, titles)
        for category in domain.categories:  # the entry is the name alone, without the 一级事项 badge
            assert category.name in titles, (domain.name, category.name)


@pytest.mark.browser
def test_save_a_pdf_page_to_look_at(printed):
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / "pdf-page"
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "3", "-l", "3", "-singlefile", str(printed), str(prefix)],
                   check=True)
    assert (ARTIFACTS / "pdf-page.png").stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.slow
def test_a_province_folder_gets_a_pdf_for_each_county_from_one_browser(tmp_path):
    """Several catalogues in one build share the browser started before they were read."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    province = tmp_path / "全省目录"
    for county in ("甲县", "乙县"):
        shutil.copytree(ROOT / "catalog", province / county)
    out = tmp_path / "发布"
    env = dict(os.environ, GWSTD_BROWSER=CHROMIUM)
    run = subprocess.run([sys.executable, "-m", "gwstd", "build", str(province), "-o", str(out), "--only", "pdf"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    books = sorted(out.rglob("*.pdf"))
    assert len(books) == 2, books
    assert all(pdf_info(book)["Pages"].strip() == pdf_info(books[0])["Pages"].strip() for book in books)
    assert not list(out.rglob("gwstd-pdf-*")), "a scratch folder was left behind"
