"""Outputs are whole or absent, and never mixed: a build is one transaction on its output folder (a full disk,
a kill, two builds at once), and import and init write all their files or none."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gwstd.seams import files as fsutil
from gwstd.seams.staging import LOCK_FILE, STAGING_PREFIX, OutputFolder

ROOT = Path(__file__).resolve().parents[2]
BOOK = "示例县政务公开标准目录.xlsx"
sys.path.insert(0, str(ROOT / "bench"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit(catalogue: Path, old: str, new: str) -> None:
    path = catalogue / "yiwu-jiaoyu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.fixture
def built(gwstd, sample_catalog, tmp_path) -> Path:
    out = tmp_path / "dist"
    assert gwstd("build", sample_catalog, "-o", out, "--only", "excel", "--only", "html").code == 0
    _edit(sample_catalog, "招生划片范围", "招生划片范围(新)")  # the next edition differs in both books
    return out


def test_a_build_leaves_nothing_of_its_own_in_the_output_folder(built):
    assert sorted(_snapshot(built)) == sorted([BOOK, "html/index.html"])  # no lock file, no staging folder


def test_a_full_disk_while_writing_the_second_book_keeps_both_old_books(gwstd, built, sample_catalog, monkeypatch):
    before = _snapshot(built)
    real_fsync = os.fsync
    synced: list[int] = []

    def fsync(fd):
        synced.append(fd)
        if len(synced) == 2:  # the workbook was written whole; the HTML book finds the disk full
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(fsutil.os, "fsync", fsync)
    run = gwstd("build", sample_catalog, "-o", built, "--only", "excel", "--only", "html")
    assert run.code == 2
    assert run.err.strip() == f"gwstd:无法写入 {built / 'html' / 'index.html'}:磁盘空间不足"
    assert _snapshot(built) == before  # the new workbook was not put beside the old HTML book


def test_a_failure_putting_the_books_in_place_puts_the_old_ones_back(gwstd, built, sample_catalog, monkeypatch):
    before = _snapshot(built)
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if str(dst).endswith("index.html") and STAGING_PREFIX in str(src):
            raise OSError(5, "Input/output error")  # the workbook is in place already: it must go back
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(fsutil.os, "replace", replace)
    run = gwstd("build", sample_catalog, "-o", built, "--only", "excel", "--only", "html")
    assert run.code == 2 and "index.html:读写设备出错" in run.err
    assert _snapshot(built) == before


def test_the_next_run_removes_what_a_killed_run_left(gwstd, built, sample_catalog):
    (built / f"{STAGING_PREFIX}abc123").mkdir()
    (built / f"{STAGING_PREFIX}abc123" / BOOK).write_bytes(b"half a book")
    (built / "html" / ".index.html.k2j4h5g6.tmp").write_bytes(b"<html>half")  # as 0.x versions left them
    (built / f".{BOOK}.a1b2c3d4.old").write_bytes(b"set aside")
    (built / LOCK_FILE).write_bytes(b"")  # a lock file whose holder is gone holds nothing
    (built / "notes.txt").write_text("the county's own file", encoding="utf-8")
    run = gwstd("build", sample_catalog, "-o", built, "--only", "excel", "--only", "html")
    assert run.code == 0, run.err
    assert sorted(_snapshot(built)) == sorted([BOOK, "html/index.html", "notes.txt"])


def test_a_second_build_into_the_same_folder_waits_for_the_first(tmp_path):
    out = tmp_path / "dist"
    holder = OutputFolder(out)
    told: list[str] = []
    with holder:
        started = time.monotonic()
        with pytest.raises(fsutil.OutputError) as caught:
            with OutputFolder(out, waiting=told.append, wait_seconds=0.5):
                pass
        assert time.monotonic() - started >= 0.5
    assert told == [f"另一个 gwstd build 正在写入 {out},等待它完成……"]
    assert "另一个 gwstd build 正在写入这个文件夹" in str(caught.value)
    with OutputFolder(out) as staging:  # free again
        assert staging.parent == out
    assert list(out.iterdir()) == []


def _county(folder: Path, region: str) -> Path:
    from generate import county

    county(folder, 1, 3000, 1)
    meta = folder / "catalog.yaml"
    text = meta.read_text(encoding="utf-8")
    first = text.splitlines()[next(i for i, line in enumerate(text.splitlines()) if line.startswith("region:"))]
    meta.write_text(text.replace(first, f"region: {region}"), encoding="utf-8")
    return folder


def _build(catalogue: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gwstd", "build", str(catalogue), "-o", str(out), "--only", "excel",
                             "--only", "html"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "GWSTD_BROWSER": "none"})


def _editions(out: Path) -> set[str]:
    """Which catalogue each book in ``out`` is of, by the region in it."""
    from openpyxl import load_workbook

    found = set()
    for book in out.glob("*.xlsx"):
        found.add(book.name.split("政务公开")[0])
        sheet = load_workbook(book, read_only=True).worksheets[0]
        found.add(next(v for row in sheet.iter_rows(values_only=True) for v in row if v and "县" in str(v)).split("县")[0] + "县")
    html = (out / "html" / "index.html").read_text(encoding="utf-8")
    found |= {region for region in ("甲县", "乙县") if f"<title>{region}" in html}
    return found


@pytest.mark.slow
def test_two_builds_at_once_do_not_mix_their_editions(tmp_path):
    first, second = _county(tmp_path / "a", "甲县"), _county(tmp_path / "b", "乙县")
    out = tmp_path / "dist"
    runs = [_build(first, out), _build(second, out)]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert any("等待它完成" in err for _, err in results)  # one of them waited for the other
    books = sorted(p.name for p in out.glob("*.xlsx"))
    assert len(books) == 2  # each region's workbook has its own name; the HTML book is the last one's
    html = (out / "html" / "index.html").read_text(encoding="utf-8")
    last = "甲县" if html.count("甲县") > html.count("乙县") else "乙县"
    assert not list(out.glob(f"{STAGING_PREFIX}*")) and not (out / LOCK_FILE).exists()
    # the one that finished last put its books in place after the other's: both of its books are newer
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.xlsx")}
    assert max(mtimes, key=mtimes.get).startswith(last)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here")
def test_a_build_killed_while_writing_leaves_the_old_books_whole(gwstd, tmp_path):
    catalogue = _county(tmp_path / "county", "甲县")
    out = tmp_path / "dist"
    assert gwstd("build", catalogue, "-o", out, "--only", "excel", "--only", "html").code == 0
    before = _snapshot(out)
    _edit_any(catalogue)
    run = _build(catalogue, out)
    deadline = time.monotonic() + 120
    while not any(out.glob(f"{STAGING_PREFIX}*/*")) and time.monotonic() < deadline:
        time.sleep(0.02)  # until the first book is being written
    run.send_signal(signal.SIGKILL)
    run.communicate()
    left = _snapshot(out)
    assert {name: data for name, data in left.items() if not name.startswith(".")} == before  # old books whole
    assert any(name.startswith(STAGING_PREFIX) for name in left)  # (what the next run must clean)
    assert gwstd("build", catalogue, "-o", out, "--only", "excel", "--only", "html").code == 0
    after = _snapshot(out)
    assert sorted(after) == sorted(before) and after != before  # the stale staging folder is gone


def _edit_any(catalogue: Path) -> None:
    domain = next(p for p in sorted(catalogue.glob("*.yaml")) if p.name != "catalog.yaml")
    text = domain.read_text(encoding="utf-8")
    domain.write_text(text.replace("name: ", "name: 新", 1), encoding="utf-8")


# --- a real full disk: a small tmpfs (root only) ---------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def _fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` until about ``leave`` bytes are free."""
    free = shutil.disk_usage(disk).free
    (disk / "filler").write_bytes(b"\0" * max(free - leave, 0))


def test_build_on_a_full_disk_keeps_the_old_books(gwstd, sample_catalog, small_disk):
    out = small_disk / "dist"
    assert gwstd("build", sample_catalog, "-o", out, "--only", "excel", "--only", "html").code == 0
    before = _snapshot(out)
    _edit(sample_catalog, "招生划片范围", "招生划片范围(新)")
    _fill(small_disk, 150_000)  # room for the new workbook (≈ 50 KB), not for the HTML book (≈ 500 KB) too
    run = gwstd("build", sample_catalog, "-o", out, "--only", "excel", "--only", "html")
    assert run.code == 2 and "磁盘空间不足" in run.err and "No space" not in run.err
    assert str(out) in run.err and STAGING_PREFIX not in run.err
    assert _snapshot(out) == before


def test_import_on_a_full_disk_writes_nothing(gwstd, sample_catalog, small_disk, tmp_path):
    book_dir = tmp_path / "book"
    assert gwstd("build", sample_catalog, "-o", book_dir, "--only", "excel").code == 0
    _fill(small_disk, 30_000)  # some of the catalogue's files fit, not all
    out = small_disk / "imported"
    run = gwstd("import", book_dir / BOOK, "-o", out)
    assert run.code == 2 and "磁盘空间不足" in run.err + run.out
    assert not out.exists()  # no folder, no partial catalog.yaml


def test_init_on_a_full_disk_writes_nothing(gwstd, small_disk):
    _fill(small_disk, 30_000)
    run = gwstd("init", small_disk / "repo", "--from-sample")
    assert run.code == 2 and "磁盘空间不足" in run.err and "No space" not in run.err
    assert not (small_disk / "repo").exists()


def test_import_that_fails_midway_writes_nothing(gwstd, sample_catalog, tmp_path, monkeypatch):
    book_dir = tmp_path / "book"
    assert gwstd("build", sample_catalog, "-o", book_dir, "--only", "excel").code == 0
    real_fsync, synced = os.fsync, []

    def fsync(fd):
        synced.append(fd)
        if len(synced) == 4:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(fsutil.os, "fsync", fsync)
    out = tmp_path / "imported"
    run = gwstd("import", book_dir / BOOK, "-o", out)
    assert run.code == 2 and (run.out + run.err).count("磁盘空间不足") == 1  # said once, in the report
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with their parent on Linux")
def test_workers_die_with_a_killed_parent(tmp_path):
    catalogue = _county(tmp_path / "county", "甲县")
    run = subprocess.Popen([sys.executable, "-m", "gwstd", "validate", str(catalogue), "-j", "2"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[str] = []
    deadline = time.monotonic() + 30
    while not children and time.monotonic() < deadline and run.poll() is None:
        children = _children(run.pid)
        time.sleep(0.01)
    if not children:
        pytest.skip("the check ended before a worker could be seen")
    run.send_signal(signal.SIGKILL)
    run.wait()
    time.sleep(1.0)
    alive = [pid for pid in children if os.path.exists(f"/proc/{pid}") and
             "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]
    assert alive == []


def _children(parent: int) -> list[str]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if fields and fields[1] == str(parent):
            found.append(pid)
    return found
