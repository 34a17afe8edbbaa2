"""`gwstd diff`, `gwstd build --since` and `gwstd stats`, end to end on temporary repositories."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parents[1] / "golden"


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def next_edition(catalog: Path) -> None:
    """One of each kind of change: added, removed, changed (fields and sets), moved, a department changed."""
    edit(catalog / "catalog.yaml", ("edition: 2024年版", "edition: 2025年版"), ("person: 陈晓燕", "person: 李华"))
    edit(catalog / "yiwu-jiaoyu.yaml",
         ("time_limit: 招生工作开始前公开", "time_limit: 招生工作开始前10个工作日公开"),
         ("channels: [政府网站, 两微一端, 社区/企事业单位/村公示栏(电子屏)]", "channels: [政府网站, 精准推送]"),
         ("      - id: jy-gk-002\n", "      - id: jy-gk-999\n"))  # jy-gk-002 removed, jy-gk-999 added
    text = (catalog / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8")
    block_start = text.index("      - id: jy-gk-003\n")
    block_end = text.index("      - id: jy-gk-004\n")
    block = text[block_start:block_end]
    text = text[:block_start] + text[block_end:]
    anchor = text.index("  - name: 招生入学\n    items:\n") + len("  - name: 招生入学\n    items:\n")
    text = text[:anchor] + block + text[anchor:]  # jy-gk-003 moves to 招生入学
    (catalog / "yiwu-jiaoyu.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def editions(tmp_path):
    old = tmp_path / "old"
    new = tmp_path / "new"
    shutil.copytree(ROOT / "catalog", old)
    shutil.copytree(ROOT / "catalog", new)
    next_edition(new)
    return old, new


def test_diff_folders_json(gwstd, editions):
    old, new = editions
    run = gwstd("diff", old, new, "-f", "json")
    assert run.code == 0
    report = json.loads(run.out)
    assert report["counts"] == {"added": 1, "removed": 1, "changed": 1, "moved": 1}
    kinds = {(i["kind"], i["id"]) for i in report["items"]}
    assert kinds == {("added", "jy-gk-999"), ("removed", "jy-gk-002"), ("changed", "jy-zs-001"), ("moved", "jy-gk-003")}
    changed = next(i for i in report["items"] if i["kind"] == "changed")
    fields = {f["field"]: f for f in changed["fields"]}
    assert fields["time_limit"]["new"] == "招生工作开始前10个工作日公开"
    assert fields["channels"]["added"] == ["精准推送"]
    assert set(fields["channels"]["removed"]) == {"两微一端", "社区/企事业单位/村公示栏(电子屏)"}
    moved = next(i for i in report["items"] if i["kind"] == "moved")
    assert (moved["old_category"], moved["category"]) == ("学校概况", "招生入学")
    (dept,) = report["departments"]
    assert dept["id"] == "jiaoyu" and dept["fields"][0]["new"] == "李华" and "jy-zs-001" in dept["items"]


def test_diff_markdown_golden(gwstd, editions, monkeypatch):
    old, new = editions
    monkeypatch.chdir(old.parent)
    run = gwstd("diff", "old", "new", "--format", "markdown")
    golden = GOLDEN / "diff.markdown.md"
    if os.environ.get("GWSTD_UPDATE_GOLDEN"):
        golden.write_text(run.out, encoding="utf-8")
    assert run.out == golden.read_text(encoding="utf-8")


def test_diff_exit_code(gwstd, editions):
    old, new = editions
    assert gwstd("diff", old, new, "--exit-code", "-f", "json").code == 1
    assert gwstd("diff", old, old, "--exit-code", "-f", "json").code == 0
    assert "没有差别" in gwstd("diff", old, old, "-f", "markdown").out


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A real git repository with two editions: tag v2024, then HEAD."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "2024年版")
    _git(repo, "tag", "v2024")
    next_edition(repo / "catalog")
    _git(repo, "commit", "-q", "-am", "2025年版")
    monkeypatch.chdir(repo)
    return repo


def test_diff_git_revisions(gwstd, repo):
    for args in (["v2024..HEAD"], ["v2024", "HEAD"]):
        run = gwstd("diff", *args, "-f", "json")
        assert run.code == 0, run.err
        assert json.loads(run.out)["counts"] == {"added": 1, "removed": 1, "changed": 1, "moved": 1}
    # one revision: against the working folder
    edit(repo / "catalog" / "yiwu-jiaoyu.yaml", ("name: 教师总体情况", "name: 教师队伍总体情况"))
    run = gwstd("diff", "HEAD", "-f", "json")
    (item,) = json.loads(run.out)["items"]
    assert item["id"] == "jy-gk-003" and item["fields"][0]["new"] == "教师队伍总体情况"


def test_diff_bad_revision(gwstd, repo):
    run = gwstd("diff", "v1999", "HEAD")
    assert run.code == 2 and "v1999" in run.err


def test_build_since_adds_the_change_log(gwstd, repo):
    run = gwstd("build", "--since", "v2024", "-o", repo / "dist")
    assert run.code == 0, run.err
    book = CalamineWorkbook.from_path(str(repo / "dist" / "示例县政务公开标准目录.xlsx"))
    assert book.sheet_names[:2] == ["目录说明", "调整说明"]
    rows = book.get_sheet_by_name("调整说明").to_python()
    kinds = {(r[0], r[1]) for r in rows[3:]}
    assert {("新增", "jy-gk-999"), ("删除", "jy-gk-002"), ("移动", "jy-gk-003"), ("修改", "jy-zs-001"),
            ("部门变更", "jiaoyu")} <= kinds
    html = (repo / "dist" / "html" / "index.html").read_text(encoding="utf-8")
    assert "本版调整" in html and 'href="#jy-gk-999"' in html
    run = gwstd("build", "--since", "nonsense-rev", "-o", repo / "dist2")
    assert run.code == 2 and "--since" in run.err


def test_stats_formats(gwstd, sample_catalog):
    report = json.loads(gwstd("stats", sample_catalog, "-f", "json").out)[0]
    assert report["items"] == 167 and report["completeness"] == 1.0
    counts = report["counts"]
    assert sum(counts["domain"].values()) == 167 and counts["domain"]["义务教育"] == 21
    assert counts["channel"]["政府网站"] > 100 and "精准推送" in counts["channel"]
    assert counts["method"]["主动"] >= counts["method"]["依申请"]
    assert sum(counts["update_cycle"].values()) == 167
    rows = list(csv.reader(io.StringIO(gwstd("stats", sample_catalog, "-f", "csv").out)))
    assert rows[0] == ["地区", "版本", "统计项", "分类", "事项数"] and ["示例县", "2024年版", "合计", "事项", "167"] in rows
    markdown = gwstd("stats", sample_catalog, "-f", "markdown").out
    assert "| 义务教育 | 21 |" in markdown and "完整率 100.0%" in markdown
    assert "按公开渠道" in gwstd("stats", sample_catalog).out


def test_stats_completeness_counts_missing_elements(gwstd, sample_catalog):
    edit(sample_catalog / "yiwu-jiaoyu.yaml", ("        update_cycle: 每年\n", ""))
    report = json.loads(gwstd("stats", sample_catalog, "-f", "json").out)[0]
    assert report["complete"] == 166 and report["missing"] == {"信息更新周期": 1}
