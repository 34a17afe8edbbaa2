"""stats/coverage --by county: a province's counties one row each, with the province's totals, in every format
of the registry; the figures of each county alone; the broken counties' rows; --min-coverage and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from provincekit import GOOD, REFUSED, UNREADABLE, make_province

from gwstd.catalogue.province import (
    BUILT,
    CountySummary,
    DomainFigures,
    MissingPoint,
    Problem,
    ProvinceSummary,
)
from gwstd.catalogue.province import UNREADABLE as UNREADABLE_STATUS
from gwstd.reports import registry
from gwstd.reports.province import shortfall, shortfalls

KINDS = {"county-stats": "stats", "county-coverage": "coverage"}
CASES = [(kind, fmt) for kind in KINDS for fmt in registry.names(kind)]
COUNTIES = GOOD + 2


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    """The generated province, read by the tests of this module and modified by none."""
    return make_province(tmp_path_factory.mktemp("by-county") / "全省目录")


@pytest.fixture
def readable(province) -> Path:
    """The province without its unreadable county."""
    shutil.rmtree(province / UNREADABLE)
    return province


def _json(gwstd, command: str, *args) -> tuple[int, dict]:
    run = gwstd(command, *args, "--by", "county", "--format", "json")
    return run.code, json.loads(run.out)


def _by_region(payload: dict) -> dict[str, dict]:
    return {Path(c["folder"]).name: c for c in payload["counties"]}


# ---- the figures -----------------------------------------------------------------------------------------


def test_stats_by_county_gives_each_county_s_own_figures(gwstd, shared):
    code, payload = _json(gwstd, "stats", shared)
    assert code == 1  # county-006 does not load
    counties = _by_region(payload)
    assert len(payload["counties"]) == COUNTIES
    for name, county in counties.items():
        if name == UNREADABLE:
            continue
        (own,) = json.loads(gwstd("stats", shared / name, "--format", "json").out)
        assert county["region"] == own["region"]
        assert (county["items"], county["complete"], county["completeness"]) == (
            own["items"], own["complete"], own["completeness"])
        assert {d["name"]: d["items"] for d in county["domains"]} == own["counts"]["domain"]
    readable = [c for c in payload["counties"] if c["status"] != UNREADABLE_STATUS]
    total = payload["total"]
    assert total["items"] == sum(c["items"] for c in readable) and total["readable"] == COUNTIES - 1
    assert total["complete"] == sum(c["complete"] for c in readable)
    assert total["counties"] == COUNTIES and total["errors"] == sum(c["errors"] for c in payload["counties"])


def test_coverage_by_county_gives_each_county_s_own_figures_and_missing_points(gwstd, shared):
    code, payload = _json(gwstd, "coverage", shared)
    assert code == 1
    for name, county in _by_region(payload).items():
        if name == UNREADABLE:
            continue
        (own,) = json.loads(gwstd("coverage", shared / name, "--format", "json").out)["catalogues"]
        assert (county["covered"], county["due"], county["coverage"]) == (own["covered"], own["total"], own["ratio"])
        assert county["missing"] == [p["id"] for d in own["domains"] for p in d["points"] if not p["covered"]]
        assert {d["name"]: (d["covered"], d["due"]) for d in county["domains"]} == {
            d["domain"]: (d["covered"], d["total"]) for d in own["domains"] if d["counted"]}
    total = payload["total"]
    loaded = [c for c in payload["counties"] if c["due"] is not None]
    assert (total["covered"], total["due"]) == (sum(c["covered"] for c in loaded), sum(c["due"] for c in loaded))
    assert total["missing"] == sum(len(c["missing"]) for c in payload["counties"])


def test_the_broken_counties_keep_their_rows(gwstd, shared):
    for command in KINDS.values():
        _, payload = _json(gwstd, command, shared)
        counties = _by_region(payload)
        assert counties[REFUSED]["errors"] == 1 and counties[REFUSED]["status_label"] == "有错误"
        assert counties[REFUSED]["items"] if command == "stats" else counties[REFUSED]["due"]
        broken = counties[UNREADABLE]
        assert broken["status"] == UNREADABLE_STATUS and broken["status_label"] == "无法读取"
        assert broken["problems"][0]["code"] == "GW004"
        figures = ("items", "complete", "completeness", "coverage") if command == "stats" else ("covered", "due", "coverage")
        assert all(broken[key] is None for key in figures)  # no figures, never zeros or 100% of nothing
        assert [c["number"] for c in payload["counties"]] == list(range(1, COUNTIES + 1))


def test_an_unreadable_county_s_problems_go_to_stderr(gwstd, shared):
    for command in KINDS.values():
        run = gwstd(command, shared, "--by", "county")
        assert run.code == 1
        assert "GW004" in run.err and f"{UNREADABLE}/catalog.yaml" in run.err
        assert f"{UNREADABLE} 的目录无法读取" in run.err
        assert "无法读取" in run.out and "全省合计" in run.out


# ---- every format ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind,fmt", CASES, ids=[f"{k}-{f}" for k, f in CASES])
def test_every_format_has_a_row_per_county_and_the_totals(gwstd, shared, kind, fmt):
    run = gwstd(KINDS[kind], shared, "--by", "county", "--format", fmt)
    assert run.code == 1, run.err
    regions = [f"示例00{n}县" for n in range(1, COUNTIES)] + [UNREADABLE]
    if fmt == "json":
        payload = json.loads(run.out)
        assert [c["region"] for c in payload["counties"]] == regions
        return
    assert all(region in run.out for region in regions) and "全省合计" in run.out and "无法读取" in run.out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(run.out)))
        assert rows[0][:4] == ["序号", "市(州)", "县(区)", "状态"]
        assert [r[2] for r in rows[1:]] == regions + ["全省合计"]
        assert len({len(r) for r in rows}) == 1  # one header row, every row as wide
        assert not run.out.startswith("\ufeff")  # standard output: no BOM
    if fmt == "markdown":
        table = [line for line in run.out.splitlines() if line.startswith("|")]
        assert len(table) == 2 + COUNTIES + 1  # header, alignment, the counties, the totals
        assert len({line.count(" | ") for line in table if not line.startswith("|-")}) == 1
        assert set(table[1]) <= set("|-:")


def test_csv_figures_are_the_json_figures(gwstd, shared):
    rows = list(csv.DictReader(io.StringIO(gwstd("stats", shared, "--by", "county", "-f", "csv").out)))
    _, payload = _json(gwstd, "stats", shared)
    for row, county in zip(rows, payload["counties"]):
        assert row["县(区)"] == county["region"] and row["市(州)"] == county["city"]
        if county["items"] is None:
            assert row["事项数"] == row["要素完整率"] == "—"
            continue
        assert int(row["事项数"]) == county["items"] and int(row["要素齐全"]) == county["complete"]
        assert row["要素完整率"] == f"{county['completeness'] * 100:.1f}%"
        assert all(int(row[d["name"]]) == d["items"] for d in county["domains"])
    assert int(rows[-1]["事项数"]) == payload["total"]["items"]
    coverage = list(csv.DictReader(io.StringIO(gwstd("coverage", shared, "--by", "county", "-f", "csv").out)))
    _, payload = _json(gwstd, "coverage", shared)
    for row, county in zip(coverage, payload["counties"]):
        if county["due"] is None:
            assert row["覆盖率"] == "—"
            continue
        assert row["已覆盖/应覆盖"] == f"{county['covered']}/{county['due']}"
        assert int(row["未覆盖要点数"]) == len(county["missing"])


def test_a_csv_file_starts_with_a_bom_for_excel(gwstd, shared, tmp_path):
    for command in KINDS.values():
        target = tmp_path / f"{command}.csv"
        run = gwstd(command, shared, "--by", "county", "-f", "csv", "-o", target)
        assert run.code == 1 and run.out == ""
        data = target.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8-sig") == gwstd(command, shared, "--by", "county", "-f", "csv").out


def test_a_json_file_has_no_bom(gwstd, shared, tmp_path):
    gwstd("coverage", shared, "--by", "county", "-f", "json", "-o", tmp_path / "c.json")
    json.loads((tmp_path / "c.json").read_bytes().decode("utf-8"))


def test_human_output_on_a_gbk_console(shared):
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("GWSTD_DEBUG", None)
    for command in KINDS.values():
        run = subprocess.run([sys.executable, "-m", "gwstd", command, str(shared), "--by", "county"],
                             env=env, capture_output=True, timeout=120)
        out, err = run.stdout.decode("gbk"), run.stderr.decode("gbk")
        assert run.returncode == 1, err
        assert "Traceback" not in err
        assert "示例001县" in out and "全省合计" in out and "无法读取" in out and "—" in out
        assert "GW004" in err


# ---- exit codes and --min-coverage ------------------------------------------------------------------------


def test_stats_by_county_fails_only_for_a_county_that_does_not_load(gwstd, readable):
    run = gwstd("stats", readable, "--by", "county")
    assert run.code == 0, run.err  # county-005's error is validate's to report
    assert "有错误" in run.out


def test_coverage_by_county_fails_when_points_are_uncovered_as_for_one_catalogue(gwstd, readable):
    assert gwstd("coverage", readable, "--by", "county").code == 1
    assert gwstd("coverage", readable / "county-001").code == 1


def _rates(gwstd, folder: Path) -> dict[str, tuple[int, int]]:
    _, payload = _json(gwstd, "coverage", folder)
    return {c["region"]: (c["covered"], c["due"]) for c in payload["counties"]}


@pytest.mark.parametrize("command", ["coverage", "stats"])
def test_min_coverage_passes_when_every_county_reaches_it(gwstd, readable, command):
    lowest = min(covered / due for covered, due in _rates(gwstd, readable).values())
    run = gwstd(command, readable, "--by", "county", "--min-coverage", f"{lowest * 100 - 0.01:.2f}")
    assert run.code == 0, run.err  # points are uncovered, but the threshold decides
    assert f"{GOOD + 1} 个县的覆盖率都不低于" in run.err


@pytest.mark.parametrize("command", ["coverage", "stats"])
def test_min_coverage_fails_and_names_the_counties_below_it(gwstd, readable, command):
    rates = _rates(gwstd, readable)
    minimum = 30
    below = sorted(region for region, (covered, due) in rates.items() if covered * 100 < minimum * due)
    assert below and len(below) < len(rates)  # the generated figures straddle 30%
    run = gwstd(command, readable, "--by", "county", "--min-coverage", minimum)
    assert run.code == 1
    for region, (covered, due) in rates.items():
        line = f"{region} 覆盖率 {covered / due * 100:.1f}%({covered}/{due}),低于 --min-coverage 30%"
        assert (line in run.err) == (region in below), run.err
    assert f"{len(rates)} 个县中有 {len(below)} 个低于 --min-coverage 30%" in run.err


def test_an_unreadable_county_counts_as_below_any_minimum(gwstd, shared):
    run = gwstd("coverage", shared, "--by", "county", "--min-coverage", 0)
    assert run.code == 1
    assert f"{UNREADABLE} 目录无法读取,没有覆盖率,视为低于 --min-coverage 0%" in run.err
    assert "示例001县 覆盖率" not in run.err


def test_min_coverage_without_by_county_judges_each_catalogue(gwstd, shared):
    county = shared / "county-001"
    (own,) = json.loads(gwstd("coverage", county, "--format", "json").out)["catalogues"]
    rate = own["covered"] / own["total"] * 100
    passed = gwstd("coverage", county, "--min-coverage", f"{rate - 1:.1f}")
    assert passed.code == 0 and "覆盖率不低于" in passed.err
    failed = gwstd("coverage", county, "--min-coverage", f"{rate + 1:.1f}")
    assert failed.code == 1 and "示例001县 覆盖率" in failed.err


def test_nothing_due_is_below_every_minimum_and_never_100_percent():
    assert shortfall("示例县", 0, 0, 0) == "示例县 没有应覆盖的范围要点,没有覆盖率,视为低于 --min-coverage 0%"
    assert shortfall("示例县", 5, 8, 62.5) is None
    assert shortfall("示例县", 5, 8, 62.6) == "示例县 覆盖率 62.5%(5/8),低于 --min-coverage 62.6%"
    province = _hand_made()
    assert shortfalls(province, 10) == [
        "自选县 没有应覆盖的范围要点,没有覆盖率,视为低于 --min-coverage 10%",
        "坏县 目录无法读取,没有覆盖率,视为低于 --min-coverage 10%"]
    for kind in KINDS:
        text = _render(kind, "csv", province)
        assert "100%" not in text.split("自选县")[1].splitlines()[0]
        payload = json.loads(_render(kind, "json", province))
        chosen = next(c for c in payload["counties"] if c["region"] == "自选县")
        assert chosen["coverage"] is None
    chosen = json.loads(_render("county-coverage", "json", province))["counties"][1]
    assert (chosen["due"], chosen["coverage"], chosen["domains"][0]["due"]) == (0, None, None)


# ---- bad input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["101", "-1", "nan", "abc", "inf"])
def test_a_min_coverage_out_of_range_is_a_usage_error(gwstd, shared, value):
    for args in (["coverage", shared, "--by", "county"], ["stats", shared, "--by", "county"], ["coverage", shared]):
        run = gwstd(*args, "--min-coverage", value)
        assert run.code == 2 and "--min-coverage" in run.err and "取值无效" in run.err, run.err


def test_usage_errors(gwstd, shared, tmp_path):
    missing = gwstd("stats", tmp_path / "没有这个文件夹", "--by", "county")
    assert missing.code == 2 and "路径不存在" in missing.err
    assert gwstd("coverage", shared, tmp_path / "nope", "--by", "county").code == 2
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    nothing = gwstd("coverage", empty, "--by", "county")
    assert nothing.code == 2 and "GW014" in nothing.err  # nothing to summarise
    csv_alone = gwstd("coverage", shared / "county-001", "--format", "csv")
    assert csv_alone.code == 2 and "只能与 --by county 一起使用" in csv_alone.err
    stats_min = gwstd("stats", shared / "county-001", "--min-coverage", "50")
    assert stats_min.code == 2 and "--by county" in stats_min.err
    by_town = gwstd("stats", shared, "--by", "town")
    assert by_town.code == 2 and "county" in by_town.err


def test_without_by_stats_is_as_before(gwstd, readable):
    run = gwstd("stats", readable, "--format", "json")
    assert run.code == 0 and isinstance(json.loads(run.out), list)


# ---- the renderers, on a hand-made province ---------------------------------------------------------------


def _hand_made(region: str = "自选县", city: str = "示例市") -> ProvinceSummary:
    good = CountySummary(1, "p/a", "甲县", "示例市", status=BUILT, edition="2024年版",
                         domains=(DomainFigures("义务教育", 4, 3, 2, 4),),
                         missing=(MissingPoint("义务教育", "jy-02", "标题", "原文"),))
    none_due = CountySummary(2, "p/b", region, city, status=BUILT,
                             domains=(DomainFigures("自定义领域", 3, 3, None, None),))
    broken = CountySummary(3, "p/c", "坏县", status=UNREADABLE_STATUS,
                           problems=(Problem("GW004", "error", "YAML 语法错误", "p/c/catalog.yaml", 7),),
                           by_code={"GW004": 1}, errors=1)
    return ProvinceSummary("示例省", (good, none_due, broken), "基层政务公开范围指引")


def _render(kind: str, fmt: str, province: ProvinceSummary) -> str:
    buffer = io.StringIO()
    registry.renderer(kind, fmt)(province, buffer)
    return buffer.getvalue()


def test_totals_count_the_counties_that_load():
    province = _hand_made()
    stats = json.loads(_render("county-stats", "json", province))["total"]
    assert (stats["items"], stats["complete"], stats["readable"], stats["counties"]) == (7, 6, 2, 3)
    assert stats["coverage"] == 0.5
    coverage = json.loads(_render("county-coverage", "json", province))
    assert (coverage["total"]["covered"], coverage["total"]["due"]) == (2, 4)
    assert coverage["counties"][0]["missing"] == ["jy-02"]
    assert coverage["domains"] == ["义务教育", "自定义领域"]
    rows = list(csv.reader(io.StringIO(_render("county-coverage", "csv", province))))
    assert rows[1][4:6] == ["2/4(50.0%)", "—"] and rows[2][4:6] == ["—", "—"]
    assert rows[-1][2:4] == ["全省合计", "2 个县"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_look_like_formulas_are_text(start):
    province = _hand_made(region=f"{start}HYPERLINK(\"http://x\")", city=f"{start}1+1")
    for kind in KINDS:
        rows = list(csv.reader(io.StringIO(_render(kind, "csv", province))))
        assert rows[2][1:3] == [f"'{start}1+1", f"'{start}HYPERLINK(\"http://x\")"]
        assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("kind,fmt", CASES, ids=[f"{k}-{f}" for k, f in CASES])
def test_control_characters_from_a_catalogue_never_reach_the_terminal(kind, fmt):
    text = _render(kind, fmt, _hand_made(region="红\x1b[31m县\x07"))
    assert "\x1b" not in text and "\x07" not in text
    assert ("\\u001b" if fmt == "json" else "\\x1b") in text


def test_markdown_cells_cannot_break_the_table():
    text = _render("county-stats", "markdown", _hand_made(region="乙|丙\n丁"))
    row = next(line for line in text.splitlines() if "乙" in line)
    assert "乙\\|丙 丁" in row and row.count(" | ") == text.splitlines()[4].count(" | ")


def test_all_domains_counts_a_guide_domain_the_county_lacks(gwstd, readable):
    (readable / "county-001" / "yiwu-jiaoyu.yaml").unlink()
    (own,) = json.loads(gwstd("coverage", readable / "county-001", "--all-domains", "-f", "json").out)["catalogues"]
    _, payload = _json(gwstd, "coverage", readable, "--all-domains")
    county = _by_region(payload)["county-001"]
    assert len(county["missing"]) == own["total"] - own["covered"]
    assert (county["covered"], county["due"]) == (own["covered"], own["total"])


def test_a_county_without_domain_files_fails_coverage_as_one_catalogue_does(gwstd, tmp_path):
    root = make_province(tmp_path / "全省目录", counties=2, items=16)
    for domain in (root / "county-002").glob("*.yaml"):
        if domain.name != "catalog.yaml":
            domain.unlink()
    assert gwstd("coverage", root / "county-002").code == 1
    run = gwstd("coverage", root, "--by", "county", "-f", "json")
    assert run.code == 1 and "GW020" in run.err
    county = _by_region(json.loads(run.out))["county-002"]
    assert county["coverage"] is None and county["region"] == "示例002县"  # nothing to check: no rate
