"""Reports a county clerk can act on (issue 19): coverage's summary first and its details on request, stats
saying why its method counts add up to more than its items, init dating its scaffold today."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def one_gap(tmp_path, monkeypatch) -> Path:
    """The bundled catalog.yaml and its 义务教育 file, jy-01 left uncovered; rich at a fixed width."""
    folder = tmp_path / "old"
    folder.mkdir()
    for file in ("catalog.yaml", "yiwu-jiaoyu.yaml"):
        shutil.copyfile(ROOT / "catalog" / file, folder / file)
    path = folder / "yiwu-jiaoyu.yaml"
    text = path.read_text(encoding="utf-8")
    assert "        scope: [jy-01]\n" in text
    path.write_text(text.replace("        scope: [jy-01]\n", "", 1), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    return folder


def _widest(text: str) -> int:
    from rich.cells import cell_len

    return max(cell_len(line) for line in text.splitlines())


# ------------------------------------------------------------------------------------------------------
# coverage


def test_coverage_puts_the_summary_first_and_lists_only_what_is_missing(gwstd, one_gap):
    run = gwstd("coverage", one_gap)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith("示例县:范围指引覆盖情况")
    assert "覆盖率 93.3%" in lines[1] and "有 1 个未覆盖" in lines[1]
    assert "jy-01" in run.out and "学校基本情况" in run.out  # the missing point, by code and title
    assert "jy-02" not in run.out and "jy-gk-002" not in run.out  # no covered point, no item
    assert lines[-1] == "加 --verbose 查看每个要点的覆盖情况。"
    assert len(lines) < 30
    assert _widest(run.out) <= 80


def test_coverage_on_the_bundled_catalogue_is_short_without_verbose(gwstd, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    short = gwstd("coverage", ROOT / "catalog")
    assert short.code == 0
    assert "覆盖了全部 99 个范围要点" in short.out.splitlines()[1]
    assert len(short.out.splitlines()) < 25
    full = gwstd("coverage", ROOT / "catalog", "--verbose")
    assert full.code == 0 and len(full.out.splitlines()) > 100
    # the summary still comes first, then every point of every domain
    assert full.out.index("合计") < full.out.index("zd-01") < full.out.index("jy-15")
    assert "加 --verbose" not in full.out
    assert gwstd("coverage", ROOT / "catalog", "-v").out == full.out


@pytest.mark.parametrize("columns", ["80", "50", "36"])
def test_coverage_never_breaks_a_point_code_across_lines(gwstd, one_gap, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    run = gwstd("coverage", one_gap, "-v")
    codes = {f"jy-{n:02d}" for n in range(1, 16)}
    cells = [cell.strip() for line in run.out.splitlines() for cell in re.split(r"[│┃]", line)]
    # each code whole in some first cell, and no fragment of one ("jy-" then "01" on the next line)
    found = {cell.split()[0] for cell in cells if cell and cell.split()[0] in codes}
    assert found == codes
    assert not [cell for cell in cells if re.fullmatch(r"jy-?|-?\d{1,2}", cell)]
    # item ids stay whole too
    assert not [cell for cell in cells if re.search(r"(^|\s)jy-[a-z]{0,2}$", cell)]


def test_coverage_of_several_catalogues_names_each_folder_and_hints_once(gwstd, one_gap, monkeypatch):
    shutil.copytree(ROOT / "catalog", one_gap.parent / "full")
    monkeypatch.chdir(one_gap.parent)
    run = gwstd("coverage", ".")
    assert run.code == 1, run.err
    headings = [line for line in run.out.splitlines() if "范围指引覆盖情况" in line]
    assert sorted(headings) == ["示例县(./full):范围指引覆盖情况(基准:基层政务公开范围指引)",
                                "示例县(./old):范围指引覆盖情况(基准:基层政务公开范围指引)"]
    assert run.out.count("加 --verbose") == 1 and run.out.rstrip().endswith("加 --verbose 查看每个要点的覆盖情况。")


def test_coverage_machine_formats_keep_every_point(gwstd, one_gap):
    payload = json.loads(gwstd("coverage", one_gap, "--format", "json").out)
    points = payload["catalogues"][0]["domains"][-1]["points"]
    assert len(points) == 15 and [p["id"] for p in points if not p["covered"]] == ["jy-01"]
    markdown = gwstd("coverage", one_gap, "--format", "markdown").out
    assert "| jy-02 |" in markdown and "jy-gk-002" in markdown


def test_coverage_lists_a_missing_domain_as_one_row():
    from gwstd.catalogue.coverage import (
        CatalogueCoverage,
        DomainCoverage,
        PointCoverage,
    )
    from gwstd.catalogue.scopeguide import Point
    from gwstd.reports.base import CoverageReport
    from gwstd.reports.coverage import render_human

    def point(code: str) -> Point:
        return Point(id=code, title=f"标题{code}", text="", domain="", section="")

    absent = DomainCoverage("征地补偿", False, True, tuple(PointCoverage(point(f"zd-0{n}"), ()) for n in range(1, 4)))
    taken = DomainCoverage("义务教育", True, True, (PointCoverage(point("jy-01"), ()),
                                                    PointCoverage(point("jy-02"), ("jy-gk-002",))))
    report = CatalogueCoverage("某县", "catalog", "指引", (absent, taken))
    out = io.StringIO()
    render_human(CoverageReport([report], []), out)
    text = out.getvalue()
    assert "覆盖率 20.0%" in text and "有 4 个未覆盖" in text
    assert "目录中没有此领域,3 个要点都未覆盖" in text and "zd-01" not in text
    assert "jy-01" in text and "jy-02" not in text
    detailed = io.StringIO()
    render_human(CoverageReport([report], [], verbose=True), detailed)
    assert "zd-01" in detailed.getvalue() and "jy-gk-002" in detailed.getvalue()


# ------------------------------------------------------------------------------------------------------
# stats


def _both_methods(folder: Path) -> int:
    """Items of a catalogue folder that are both 主动 and 依申请, counted from the YAML itself."""
    import yaml

    both = 0
    for file in folder.glob("*.yaml"):
        if file.name == "catalog.yaml":
            continue

        def walk(node: object) -> None:
            nonlocal both
            if isinstance(node, dict):
                method = node.get("method")
                if isinstance(method, list) and {"主动", "依申请"} <= set(method):
                    both += 1
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(yaml.safe_load(file.read_text(encoding="utf-8")))
    return both


def test_stats_says_why_the_methods_add_up_to_more_than_the_items(gwstd):
    both = _both_methods(ROOT / "catalog")
    assert both > 0
    payload = json.loads(gwstd("stats", ROOT / "catalog", "--format", "json").out)[0]
    methods = payload["counts"]["method"]
    assert payload["overlap"]["method"] == both
    assert sum(methods.values()) - both == payload["items"]  # every item has a method: the overlap is the excess
    note = f"(一个事项可同时为主动公开和依申请公开,有 {both} 项两者都是,故合计多于事项数)"
    human = gwstd("stats", ROOT / "catalog").out
    assert note in human
    assert human.index("依申请") < human.index(note) < human.index("按公开对象")
    assert note in gwstd("stats", ROOT / "catalog", "--format", "markdown").out


def test_stats_says_nothing_when_the_counts_do_not_overlap(sample_catalog, gwstd):
    for file in sample_catalog.glob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        file.write_text(re.sub(r"method: \[[^\]]*\]", "method: [主动]", text), encoding="utf-8")
    payload = json.loads(gwstd("stats", sample_catalog, "--format", "json").out)[0]
    assert payload["overlap"]["method"] == 0 and payload["counts"]["method"]["主动"] == payload["items"]
    assert "两者都是" not in gwstd("stats", sample_catalog).out.split("按公开对象")[0]


def test_overlap_note_below_the_model():
    from collections import Counter

    from gwstd.catalogue.stats import Stats
    from gwstd.reports.stats import overlap_note

    stats = Stats("某县", "2025年版", 10, 10, {"method": Counter({"主动": 10, "依申请": 3})},
                  overlap=Counter({"method": 3}))
    assert overlap_note(stats, "method") == "(一个事项可同时为主动公开和依申请公开,有 3 项两者都是,故合计多于事项数)"
    stats.counts["method"] = Counter({"主动": 7, "依申请": 3})
    assert overlap_note(stats, "method") is None  # 7 + 3 is the 10 items: nothing to explain
    assert overlap_note(stats, "update_cycle") is None


# ------------------------------------------------------------------------------------------------------
# init


def test_init_dates_the_blank_catalogue_today(gwstd, tmp_path, monkeypatch):
    from datetime import date

    import yaml

    monkeypatch.setattr("gwstd.cli.init.today", lambda: date(2031, 5, 6))
    repo = tmp_path / "repo"
    assert gwstd("init", repo).code == 0
    text = (repo / "catalog" / "catalog.yaml").read_text(encoding="utf-8")
    meta = yaml.safe_load(text)
    assert meta["edition"] == "2031年版" and str(meta["date"]) == "2031-05-06"
    assert "2024" not in text
    # the comments stay in their column (as an editor shows them: 年 and 县 are two columns wide)
    from rich.cells import cell_len

    lines = text.splitlines()
    assert cell_len(lines[4].split("#")[0]) == cell_len(lines[5].split("#")[0]) == cell_len(lines[2].split("#")[0])


def test_init_without_a_fixed_day_uses_the_real_one(gwstd, tmp_path):
    from datetime import date

    import yaml

    before = date.today()
    assert gwstd("init", tmp_path / "repo").code == 0
    meta = yaml.safe_load((tmp_path / "repo" / "catalog" / "catalog.yaml").read_text(encoding="utf-8"))
    assert before <= meta["date"] <= date.today()
    assert meta["edition"] == f"{meta['date'].year}年版"


def test_blank_files_take_the_day_given():
    from datetime import date

    from gwstd.scaffold.repository import blank_files, repository_files

    text = blank_files(date(2029, 12, 31))["catalog/catalog.yaml"]
    assert "edition: 2029年版 " in text and "date: 2029-12-31 " in text and "@YEAR@" not in text and "@DATE@" not in text
    sample = repository_files(from_sample=True, today=date(2029, 12, 31))["catalog/catalog.yaml"]
    assert "2029" not in sample  # the sample county keeps its own edition


def test_coverage_and_stats_with_a_file_that_does_not_load_say_they_are_incomplete(gwstd, sample_catalog):
    """Its items are not counted: no ✓ and no 100%, complete false in JSON, and both exit 1."""
    import json

    (sample_catalog / "ggzy-jiaoyi.yaml").write_text("domain: 公共资源交易\ncategories: [\n", encoding="utf-8")
    human = gwstd("coverage", sample_catalog)
    assert human.code == 1
    assert "✓" not in human.out and "覆盖情况不完整" in human.out and "ggzy-jiaoyi.yaml" in human.out
    report = json.loads(gwstd("coverage", sample_catalog, "-f", "json").out)
    (catalogue,) = report["catalogues"]
    assert catalogue["complete"] is False and catalogue["unreadable"] == [str(sample_catalog / "ggzy-jiaoyi.yaml")]
    markdown = gwstd("coverage", sample_catalog, "-f", "markdown")
    assert "覆盖情况不完整" in markdown.out
    stats = gwstd("stats", sample_catalog)
    assert stats.code == 1
    assert "GW004" in stats.err and "其中的事项没有统计" in stats.err
