"""The preview's session, below the server: what a refresh rereads, what it shows, and what it keeps."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gwstd.serve import session as session_module
from gwstd.serve.session import NotOneCatalogue, ServeOptions, Session

DOMAIN = "yiwu-jiaoyu.yaml"


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*"))}


def _save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    temporary = path.with_name("." + path.name + ".new")
    temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temporary, path)  # as editors save: a new file (a new inode) renamed over the old one


def _later(path: Path) -> None:
    """A second on the file's time (the texts written compare equal in size: a coarse clock would hide them)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.fixture
def counted(monkeypatch):
    """The files check_file was called for, in order."""
    calls: list[str] = []
    real = session_module.check_file

    def counting(path, options, **kw):
        calls.append(Path(path).name)
        return real(path, options, **kw)

    monkeypatch.setattr(session_module, "check_file", counting)
    return calls


def test_the_first_refresh_reads_every_file_and_gives_the_book(sample_catalog, counted):
    session = Session(str(sample_catalog), ServeOptions())
    snapshot = session.refresh()
    assert sorted(counted) == sorted(p.name for p in sample_catalog.glob("*.yaml"))
    assert (snapshot.version, snapshot.book, snapshot.broken) == (1, 1, "")
    assert snapshot.items == 167 and snapshot.title == "示例县政务公开事项标准目录"
    assert "区域内学校基本情况" in snapshot.html and snapshot.problems == ()
    assert not session.pending()


def test_a_save_rereads_only_the_file_saved(sample_catalog, counted):
    session = Session(str(sample_catalog), ServeOptions())
    session.refresh()
    counted.clear()
    _save(sample_catalog / DOMAIN, "区域内学校基本情况", "区域内学校基本情况(已改)")
    assert session.pending()
    snapshot = session.refresh()
    assert counted == [DOMAIN]
    assert "区域内学校基本情况(已改)" in snapshot.html
    assert (snapshot.version, snapshot.book) == (2, 2)
    assert snapshot.changed == (str(sample_catalog / DOMAIN),)
    assert not session.pending()


def test_an_error_is_listed_on_its_line_and_its_item(sample_catalog):
    session = Session(str(sample_catalog), ServeOptions())
    session.refresh()
    domain = sample_catalog / DOMAIN
    text = domain.read_text(encoding="utf-8")
    first_department = next(line for line in text.splitlines() if "department:" in line)
    _save(domain, first_department, first_department.split("department:")[0] + "department: no-such-office")
    snapshot = session.refresh()
    found = [p for p in snapshot.problems if p.code == "GW203"]
    assert len(found) == 1
    problem = found[0]
    assert (problem.file, problem.line) == (str(domain), _line_of(domain, "no-such-office"))
    assert problem.severity == "error" and problem.label == "错误" and "no-such-office" in problem.message
    assert problem.item and f'id="{problem.item}"' in snapshot.html
    assert snapshot.broken == "" and snapshot.book == 2  # an error does not stop the preview: the page is new
    state = snapshot.state()
    assert state["counts"]["error"] == 1 and state["problems"][0]["item"] == problem.item


def test_a_file_that_no_longer_loads_keeps_the_last_good_page(sample_catalog):
    session = Session(str(sample_catalog), ServeOptions())
    good = session.refresh()
    domain = sample_catalog / DOMAIN
    _save(domain, "区域内学校基本情况", "区域内学校基本情况\n  : : [")
    broken = session.refresh()
    assert broken.html == good.html and broken.book == good.book and broken.version == good.version + 1
    first = broken.problems[0]  # what keeps the book from being made comes first
    assert first.code.startswith("GW0") and first.file == str(domain) and first.line
    assert broken.broken == f"{domain} 第 {first.line} 行无法读取"
    _save(domain, "区域内学校基本情况\n  : : [", "区域内学校基本情况(修好了)")
    fixed = session.refresh()
    assert fixed.broken == "" and fixed.book == good.book + 1 and "修好了" in fixed.html
    assert not [p for p in fixed.problems if p.severity == "error"]


def test_added_and_removed_domain_files_are_seen(sample_catalog, counted):
    session = Session(str(sample_catalog), ServeOptions())
    first = session.refresh()
    counted.clear()
    shutil.copy(sample_catalog / DOMAIN, sample_catalog / "copy.yaml")
    assert session.pending()
    copied = session.refresh()
    assert counted == ["copy.yaml"]
    assert any(p.code == "GW201" for p in copied.problems)  # the copy's ids are taken
    (sample_catalog / "copy.yaml").unlink()
    (sample_catalog / "shizheng-fuwu.yaml").unlink()
    assert session.pending()
    fewer = session.refresh()
    assert counted == ["copy.yaml"] and fewer.items < first.items
    assert str(sample_catalog / "shizheng-fuwu.yaml") in fewer.changed
    assert not [p for p in fewer.problems if p.code == "GW201"]


def test_a_template_change_rebuilds_and_a_broken_template_keeps_the_page(sample_catalog, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    page = templates / "index.html"
    page.write_text('{% extends "base.html" %}{% block cover %}<p id="mine">本县说明一</p>{% endblock %}',
                    encoding="utf-8")
    session = Session(str(sample_catalog), ServeOptions(templates=templates))
    first = session.refresh()
    assert "本县说明一" in first.html
    page.write_text('{% extends "base.html" %}{% block cover %}<p id="mine">本县说明二</p>{% endblock %}',
                    encoding="utf-8")
    _later(page)
    assert session.pending()
    second = session.refresh()
    assert "本县说明二" in second.html and second.book == first.book + 1
    page.write_text('{% extends "base.html" %}{% block cover %}{% if %}{% endblock %}', encoding="utf-8")
    _later(page)
    broken = session.refresh()
    assert broken.html == second.html and broken.book == second.book
    assert broken.broken and any(p.code == "GW503" for p in broken.problems)


@pytest.mark.slow
def test_the_workbook_is_written_after_the_page_outside_the_catalogue(sample_catalog, tmp_path):
    out = tmp_path / "out"
    session = Session(str(sample_catalog), ServeOptions(excel=out))
    page = session.refresh()
    assert page.workbook == "" and not list(out.glob("*"))  # the page first: the workbook takes longer
    first = session.write_workbook()
    workbook = Path(first.workbook)
    assert workbook.parent == out and workbook.suffix == ".xlsx" and workbook.stat().st_size > 10_000
    assert first.workbook_only and first.book == page.book and first.version == page.version + 1
    assert session.write_workbook() is None  # nothing new to write
    before = workbook.stat().st_mtime_ns
    _save(sample_catalog / DOMAIN, "区域内学校基本情况", "区域内学校基本情况(二)")
    second = session.refresh()
    assert second.workbook == first.workbook and not second.workbook_only
    session.write_workbook()
    assert workbook.stat().st_mtime_ns != before and sorted(out.iterdir()) == [workbook]


@pytest.mark.slow
def test_an_unwritable_workbook_is_listed_and_the_page_still_shown(sample_catalog, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    session = Session(str(sample_catalog), ServeOptions(excel=blocked / "sub"))
    page = session.refresh()
    snapshot = session.write_workbook()
    assert snapshot.broken == "" and snapshot.html == page.html  # the page is shown all the same
    assert snapshot.workbook == "" and [p.file for p in snapshot.problems if p.code == "GW501"] == [
        str(blocked / "sub" / "示例县政务公开标准目录.xlsx")]


def test_nothing_is_written_into_the_catalogue_folder(sample_catalog, tmp_path):
    session = Session(str(sample_catalog), ServeOptions())
    session.refresh()
    _save(sample_catalog / DOMAIN, "区域内学校基本情况", "区域内学校基本情况(三)")
    before = _listing(sample_catalog)
    session.refresh()
    session.refresh()
    assert _listing(sample_catalog) == before


def test_a_province_or_an_empty_folder_is_not_one_catalogue(tmp_path, sample_catalog):
    province = tmp_path / "province"
    for county in ("a", "b"):
        shutil.copytree(sample_catalog, province / county)
    with pytest.raises(NotOneCatalogue, match="一次预览一个县"):
        Session(str(province), ServeOptions())
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotOneCatalogue, match="没有找到可预览的目录"):
        Session(str(tmp_path / "empty"), ServeOptions())
    with pytest.raises(NotOneCatalogue, match="没有找到可预览的目录"):
        Session(str(tmp_path / "missing"), ServeOptions())


def test_catalog_yaml_removed_and_restored(sample_catalog):
    session = Session(str(sample_catalog), ServeOptions())
    good = session.refresh()
    meta = (sample_catalog / "catalog.yaml").read_bytes()
    (sample_catalog / "catalog.yaml").unlink()
    gone = session.refresh()
    assert gone.broken.startswith(str(sample_catalog / "catalog.yaml")) and gone.html == good.html
    assert gone.problems[0].file == str(sample_catalog / "catalog.yaml") and gone.problems[0].code.startswith("GW0")
    assert not [p for p in gone.problems if p.code == "GW020"]  # (not "only catalog.yaml": it is the one missing)
    (sample_catalog / "catalog.yaml").write_bytes(meta)
    back = session.refresh()
    assert back.broken == "" and back.items == good.items and back.changed == (str(sample_catalog / "catalog.yaml"),)
    assert back.book == good.book  # the same page as before: nothing to reload, the problems are gone


def test_a_save_of_the_same_text_reloads_nothing(sample_catalog):
    session = Session(str(sample_catalog), ServeOptions())
    good = session.refresh()
    domain = sample_catalog / DOMAIN
    _save(domain, "区域内学校基本情况", "区域内学校基本情况")
    again = session.refresh()
    assert again.version == good.version + 1 and again.book == good.book and again.html == good.html


def test_the_emblem_is_checked_again_when_it_appears_or_goes(sample_catalog):
    meta = sample_catalog / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "emblem: 县徽.png\n", encoding="utf-8")
    session = Session(str(sample_catalog), ServeOptions())
    assert any(p.code == "GW219" for p in session.refresh().problems)
    import base64

    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    (sample_catalog / "县徽.png").write_bytes(png)
    assert session.pending()
    shown = session.refresh()
    assert not any(p.code == "GW219" for p in shown.problems) and "data:image/png;base64," in shown.html
    (sample_catalog / "县徽.png").unlink()
    assert session.pending()
    assert any(p.code == "GW219" for p in session.refresh().problems)


def test_the_state_lists_at_most_the_limit_and_counts_all(sample_catalog):
    session = Session(str(sample_catalog), ServeOptions())
    session.refresh()
    domain = sample_catalog / DOMAIN
    text = domain.read_text(encoding="utf-8")
    domain.write_text(text.replace("update_cycle: ", "update_cycle: 随便"), encoding="utf-8")
    snapshot = session.refresh()
    listed = [p for p in snapshot.problems if p.severity != "info"]
    assert len(listed) > 3
    state = snapshot.state(limit=3)
    assert len(state["problems"]) == 3 and state["more"] == len(listed) - 3
    assert sum(state["counts"].values()) == len(snapshot.problems)


def test_a_template_failing_in_python_is_a_template_problem_with_its_line_not_a_retry(sample_catalog, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    page = templates / "index.html"
    page.write_text('{% extends "base.html" %}{% block cover %}<p id="mine">本县说明</p>{% endblock %}',
                    encoding="utf-8")
    session = Session(str(sample_catalog), ServeOptions(templates=templates))
    good = session.refresh()
    page.write_text('{% extends "base.html" %}\n{% block cover %}\n{{ 1 // 0 }}\n{% endblock %}', encoding="utf-8")
    _later(page)
    broken = session.refresh()  # (no exception: the watcher would retry it every second)
    assert broken.html == good.html and broken.broken == "模板无法使用"
    problem = next(p for p in broken.problems if p.code == "GW503")
    assert problem.line == 3 and "ZeroDivisionError" in problem.message and problem.file.endswith("index.html")
    assert not session.pending()  # seen once; the next look waits for the next save


@pytest.mark.slow
def test_no_workbook_is_written_while_the_catalogue_has_errors(sample_catalog, tmp_path):
    out = tmp_path / "out"
    session = Session(str(sample_catalog), ServeOptions(excel=out))
    session.refresh()
    written = Path(session.write_workbook().workbook)
    good = written.read_bytes()
    _save(sample_catalog / DOMAIN, "department: jiaoyu", "department: jiaoyuu")
    session.refresh()
    held = session.write_workbook()
    assert held.workbook == "" and held.workbook_only  # not offered for download
    assert written.read_bytes() == good  # the last good one stays as it was
    _save(sample_catalog / DOMAIN, "department: jiaoyuu", "department: jiaoyu")
    session.refresh()
    assert session.write_workbook().workbook == str(written)


@pytest.mark.slow
def test_a_new_region_name_replaces_the_old_workbook(sample_catalog, tmp_path):
    out = tmp_path / "out"
    session = Session(str(sample_catalog), ServeOptions(excel=out))
    session.refresh()
    old = Path(session.write_workbook().workbook)
    meta = sample_catalog / "catalog.yaml"
    region = next(line for line in meta.read_text(encoding="utf-8").splitlines() if line.startswith("region:"))
    _save(meta, region, "region: 另一县")
    session.refresh()
    new = Path(session.write_workbook().workbook)
    assert new != old and sorted(out.iterdir()) == [new] and "另一县" in new.name
