"""A catalogue folder with only catalog.yaml is not a catalogue that passes: validate warns (GW020, so
--strict fails), build and coverage fail, and nothing speaks of "all of 0" or of 100% of nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty(tmp_path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    shutil.copyfile(ROOT / "catalog" / "catalog.yaml", folder / "catalog.yaml")
    return folder


def test_validate_warns_and_strict_fails(gwstd, empty):
    run = gwstd("validate", empty, "--strict", "--require-scope")
    assert run.code == 1
    assert "GW020" in run.out and f"目录 {empty} 只有 catalog.yaml,没有任何领域文件" in run.out
    run = gwstd("validate", empty, "-f", "json")
    assert run.code == 0  # a warning
    (d,) = json.loads(run.out)["diagnostics"]
    assert d["code"] == "GW020" and d["severity"] == "warning" and d["file"] == str(empty / "catalog.yaml")


def test_validate_warns_when_catalog_yaml_is_named_alone(gwstd, empty):
    run = gwstd("validate", empty / "catalog.yaml", "-f", "json")
    assert [d["code"] for d in json.loads(run.out)["diagnostics"]] == ["GW020"]


def test_a_catalogue_with_domains_has_no_gw020(gwstd):
    run = gwstd("validate", ROOT / "catalog", "-f", "json")
    assert "GW020" not in run.out


def test_build_fails_and_writes_nothing(gwstd, empty, tmp_path):
    out = tmp_path / "dist"
    run = gwstd("build", empty, "-o", out)
    assert run.code == 1
    assert f"目录 {empty} 只有 catalog.yaml,没有任何领域文件,未生成" in run.err
    assert not out.exists()
    assert gwstd("build", empty, "-o", out, "--force").code == 1 and not out.exists()


def test_an_empty_county_of_a_province_is_listed_and_the_others_are_built(gwstd, empty, tmp_path):
    county = tmp_path / "county"
    shutil.copytree(ROOT / "catalog", county)
    out = tmp_path / "dist"
    run = gwstd("build", county, empty, "-o", out, "--only", "excel")
    assert run.code == 1 and f"({empty})没有领域文件,未生成" in run.err and "GW020" in run.err
    assert [p.name for p in out.glob("*/*.xlsx")] == ["示例县政务公开标准目录.xlsx"]


@pytest.mark.parametrize("fmt", ["human", "markdown", "json"])
def test_coverage_fails_and_never_says_all_of_nothing(gwstd, empty, fmt):
    run = gwstd("coverage", empty, "-f", fmt)
    assert run.code == 1
    assert "全部" not in run.out and "100%" not in run.out
    assert f"目录 {empty} 只有 catalog.yaml,没有任何领域文件,无法核对覆盖情况" in run.err
    if fmt == "json":
        payload = json.loads(run.out)
        (catalogue,) = payload["catalogues"]
        assert catalogue["total"] == 0 and catalogue["ratio"] is None and catalogue["complete"] is False
        assert [d["code"] for d in payload["diagnostics"]] == ["GW020"]
    else:
        assert "没有应覆盖的范围要点" in run.out and "GW020" in run.out


def test_coverage_of_a_catalogue_outside_the_guide_has_no_point_due(gwstd, tmp_path):
    """Domains, none of them in the scope guide: nothing is due, which is said, and is not a failure."""
    folder = tmp_path / "other"
    shutil.copytree(ROOT / "tests" / "cases" / "valid", folder)
    shutil.copyfile(ROOT / "tests" / "cases" / "_base" / "catalog.yaml", folder / "catalog.yaml")
    domain = folder / "jy.yaml"
    domain.write_text(domain.read_text(encoding="utf-8").replace("domain: 义务教育", "domain: 示例领域"),
                      encoding="utf-8")
    run = gwstd("coverage", folder)
    assert run.code == 0, run.out + run.err
    assert "没有应覆盖的范围要点" in run.out and "全部" not in run.out


def test_coverage_of_a_whole_catalogue_is_still_all(gwstd):
    run = gwstd("coverage", ROOT / "catalog")
    assert run.code == 0 and "✓ 覆盖了全部" in run.out


def test_stats_of_no_items_has_no_completeness(gwstd, empty):
    payload = json.loads(gwstd("stats", empty, "-f", "json").out)
    assert payload[0]["items"] == 0 and payload[0]["completeness"] is None
    for fmt in ("human", "markdown"):
        out = gwstd("stats", empty, "-f", fmt).out
        assert "完整率 —" in out and "100" not in out, fmt
    csv = gwstd("stats", empty, "-f", "csv").out
    assert "100" not in csv and ",合计,事项,0" in csv


def test_stats_of_items_keeps_its_completeness(gwstd):
    payload = json.loads(gwstd("stats", ROOT / "catalog", "-f", "json").out)
    assert isinstance(payload[0]["completeness"], float)


def test_the_folder_named_in_the_message_is_shown_not_obeyed(gwstd, tmp_path):
    folder = tmp_path / "县\x1b]0;PWNED\x07"
    folder.mkdir()
    shutil.copyfile(ROOT / "catalog" / "catalog.yaml", folder / "catalog.yaml")
    for args in (("build", tmp_path, "-o", tmp_path / "dist"), ("coverage", tmp_path)):
        run = gwstd(*args)
        assert run.code == 1 and "县\\x1b]0;PWNED\\x07" in run.err, args
        assert "\x1b" not in run.err + run.out and "\x07" not in run.err + run.out, args
