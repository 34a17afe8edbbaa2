"""`gwstd build --since REV`: the public book names the earlier edition by its edition title ("与2024年版相比"),
not by the git revision the command was given; a revision only when that edition names none, said as such."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from gwstd.catalogue.diff import Changes
from gwstd.editions.labels import compared_with, earlier_edition

ROOT = Path(__file__).resolve().parents[2]


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _repo(tmp_path: Path, monkeypatch, *, old_edition: str | None) -> Path:
    """A git repository: tag v2024 (edition ``old_edition``, or none), then HEAD as 2025年版 with one item
    renamed."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    catalog = repo / "catalog" / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert "edition: 2024年版" in text
    if old_edition is None:  # an earlier catalogue naming no edition
        lines = [line for line in text.splitlines(keepends=True) if not line.startswith("edition:")]
        catalog.write_text("".join(lines), encoding="utf-8")
    else:
        catalog.write_text(text.replace("edition: 2024年版", f"edition: {old_edition}", 1), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "earlier")
    _git(repo, "tag", "v2024")
    shutil.copyfile(ROOT / "catalog" / "catalog.yaml", catalog)
    _edit(catalog, "edition: 2024年版", "edition: 2025年版")
    _edit(repo / "catalog" / "yiwu-jiaoyu.yaml", "        name: 校级领导班子介绍\n", "        name: 学校领导班子\n")
    _git(repo, "commit", "-q", "-am", "later")
    monkeypatch.chdir(repo)
    return repo


def _books(gwstd, repo: Path) -> tuple[str, str]:
    """The 调整说明 sentence of the Excel book and the HTML book's text."""
    run = gwstd("build", "--since", "v2024", "--only", "excel", "--only", "html", "-o", repo / "dist")
    assert run.code == 0, run.err
    book = CalamineWorkbook.from_path(str(repo / "dist" / "示例县政务公开标准目录.xlsx"))
    sentence = book.get_sheet_by_name("调整说明").to_python()[1][0]
    html = (repo / "dist" / "html" / "index.html").read_text(encoding="utf-8")
    return sentence.replace("\n", ""), html


def test_the_book_names_the_earlier_edition_by_its_title(gwstd, tmp_path, monkeypatch):
    repo = _repo(tmp_path, monkeypatch, old_edition="2023年版")
    sentence, html = _books(gwstd, repo)
    assert sentence.startswith("与2023年版相比:"), sentence
    assert "<p>与2023年版相比:" in html
    assert "v2024" not in sentence and "v2024" not in html


def test_without_an_edition_title_the_revision_is_said_to_be_one(gwstd, tmp_path, monkeypatch):
    repo = _repo(tmp_path, monkeypatch, old_edition=None)
    sentence, html = _books(gwstd, repo)
    assert sentence.startswith("与版本 v2024 相比:"), sentence
    assert "<p>与版本 v2024 相比:" in html


def _changes(spec: str, old: str, new: str) -> Changes:
    return Changes(spec, "本版", old, new, "某县")


@pytest.mark.parametrize(("old", "new", "label"), [
    ("2023年版", "2024年版", "2023年版"),
    # the same title twice (a revision within the year): what --since named tells them apart
    ("2024年版", "2024年版", "2024年版(版本 v2024)"),
    ("", "2024年版", "版本 v2024"),
    ("  ", "", "版本 v2024"),
])
def test_earlier_edition(old, new, label):
    assert earlier_edition(_changes("v2024", old, new)) == label


def test_earlier_edition_of_a_folder(tmp_path):
    assert earlier_edition(_changes(str(tmp_path), "", "2024年版")) == f"目录文件夹 {tmp_path}"
    assert earlier_edition(_changes(str(tmp_path), "2023年版", "2024年版")) == "2023年版"


def test_compared_with_spaces_only_after_latin():
    assert compared_with(_changes("v2024", "2023年版", "2024年版")) == "与2023年版相比"
    assert compared_with(_changes("v2024", "", "2024年版")) == "与版本 v2024 相比"
    assert compared_with(_changes("v2024", "2024年版", "2024年版")) == "与2024年版(版本 v2024)相比"
