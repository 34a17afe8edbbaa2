"""The province pipeline: every county summarised and built on its own, in parallel, robust by county."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from provincekit import GOOD, REFUSED, UNREADABLE, make_province

from gwstd.catalogue.province import BUILT

ROOT = Path(__file__).resolve().parents[2]
from gwstd.catalogue.province import REFUSED as REFUSED_STATUS
from gwstd.catalogue.province import UNREADABLE as UNREADABLE_STATUS
from gwstd.province.pipeline import ProvinceOptions, summarise_province, title_of
from gwstd.validate.pipeline import ValidateOptions


def _summaries(folder: Path, jobs: int = 1):
    return summarise_province([str(folder)], ProvinceOptions(validate=ValidateOptions(jobs=jobs)))


def test_each_county_is_summarised_with_the_figures_its_own_commands_give(province, gwstd):
    run = _summaries(province)
    counties = {Path(c.folder).name: c for c in run.province.counties}
    assert len(counties) == GOOD + 2
    for name in ("county-001", "county-002"):
        summary = counties[name]
        stats = json.loads(gwstd("stats", province / name, "--format", "json").out)
        coverage = json.loads(gwstd("coverage", province / name, "--format", "json").out)
        (own,) = stats["catalogues"] if "catalogues" in stats else stats
        assert summary.items == own["items"]
        assert summary.complete == own["complete"]
        (covered,) = coverage["catalogues"]
        assert (summary.covered, summary.due) == (covered["covered"], covered["total"])
        assert {p.point for p in summary.missing} == {p["id"] for d in covered["domains"] for p in d["points"] if not p["covered"]}
        assert summary.status == BUILT and summary.city.startswith("示例")
    assert counties[REFUSED].errors == 1 and counties[REFUSED].by_code.get("GW203") == 1
    assert counties[REFUSED].status == REFUSED_STATUS
    unreadable = counties[UNREADABLE]
    assert unreadable.status == UNREADABLE_STATUS and unreadable.by_code == {"GW004": 1}
    assert unreadable.region == UNREADABLE and unreadable.domains == ()
    assert unreadable.problems[0].file.endswith("catalog.yaml") and unreadable.problems[0].line == 7


def test_the_parallel_run_summarises_exactly_as_one_process_does(province):
    assert _summaries(province, jobs=2).province == _summaries(province, jobs=1).province


def test_cities_come_from_catalog_yaml_or_the_folder_a_county_sits_in(tmp_path):
    root = tmp_path / "四川省"
    make_province(root / "德阳市", counties=2, items=16)
    text = (root / "德阳市" / "county-002" / "catalog.yaml").read_text(encoding="utf-8")
    (root / "德阳市" / "county-002" / "catalog.yaml").write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("city:")) + "\n", encoding="utf-8")
    run = _summaries(root)
    assert [c.city for c in run.province.counties] == ["示例01市", "德阳市"]
    assert title_of([root]) == "四川省" and title_of([tmp_path / "全省目录"]) == "全省"


def test_a_province_build_writes_every_good_county_and_lists_the_broken_ones(province, gwstd, tmp_path):
    out = tmp_path / "发布"
    result = gwstd("build", province, "-o", out, "--only", "excel", "--only", "html")
    assert result.code == 1  # two counties are not built: the exit code says so
    built = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert built == sorted([f"示例{n:03d}县" for n in range(1, GOOD + 1)] + ["index-data"])
    listed = json.loads((out / "index-data" / "counties.json").read_text(encoding="utf-8"))["counties"]
    assert listed == {f"county-{n:03d}": f"示例{n:03d}县" for n in range(1, GOOD + 1)}  # the folders it wrote
    for n in range(1, GOOD + 1):
        assert (out / f"示例{n:03d}县" / "html" / "index.html").is_file()
        assert (out / f"示例{n:03d}县" / f"示例{n:03d}县政务公开标准目录.xlsx").is_file()
        assert (out / "index-data" / f"county-{n:03d}.js").is_file()
    assert (out / "index.html").is_file() and (out / "全省汇总.xlsx").is_file()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="全省汇总.xlsx">' in page and "全省覆盖" in page and "/tmp" not in page.split("<script")[0]
    assert "GW203" in result.err and "GW004" in result.err
    assert "示例005县" in result.err and "有错误,未生成" in result.err and "无法读取,未生成" in result.err and "无法读取" in result.err
    assert "省级汇总:6 个县(市、区),已生成 4 个,2 个未生成" in result.out
    assert not [p for p in out.rglob(".*") if p.name not in (".gwstd-build.lock",)]  # no staging left


def test_force_builds_a_county_with_errors_but_not_one_that_does_not_load(province, gwstd, tmp_path):
    out = tmp_path / "发布"
    result = gwstd("build", province, "-o", out, "--only", "html", "--force")
    assert result.code == 1  # the unreadable county
    assert (out / "示例005县" / "html" / "index.html").is_file()
    assert not (out / UNREADABLE).exists()


def test_a_province_of_good_counties_builds_with_exit_code_0(tmp_path, gwstd):
    root = make_province(tmp_path / "全省目录", counties=3, items=16)
    result = gwstd("build", root, "-o", tmp_path / "out", "--only", "html")
    assert result.code == 0, result.err
    assert "省级汇总:3 个县(市、区),已生成 3 个。" in result.out


def test_an_empty_county_is_listed_and_does_not_stop_the_others(tmp_path, gwstd):
    root = make_province(tmp_path / "全省目录", counties=3, items=16)
    for domain in (root / "county-002").glob("*.yaml"):
        if domain.name != "catalog.yaml":
            domain.unlink()
    out = tmp_path / "out"
    result = gwstd("build", root, "-o", out, "--only", "html")
    assert result.code == 1
    assert (out / "示例001县").is_dir() and (out / "示例003县").is_dir() and not (out / "示例002县").exists()
    assert "GW020" in result.err
    # named as such in every output
    assert "没有领域文件,未生成" in result.err
    assert "没有领域文件" in (out / "index.html").read_text(encoding="utf-8")
    assert "没有领域文件" in gwstd("stats", root, "--by", "county", "--format", "csv").out


def test_two_counties_of_one_region_get_folders_of_their_own(tmp_path, gwstd):
    root = make_province(tmp_path / "全省目录", counties=2, items=16)
    meta = root / "county-002" / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("region: 示例002县", "region: 示例001县"),
                    encoding="utf-8")
    out = tmp_path / "out"
    run = gwstd("build", root, "-o", out, "--only", "html")
    assert run.code == 0  # a warning: both are built
    assert "GW022" in run.err and "地区「示例001县」与 county-002 相同" in run.err
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["index-data", "示例001县", "示例001县-county-002"]
    assert [c.by_code.get("GW022") for c in _summaries(root).province.counties] == [1, 1]


def test_a_catalogue_inside_a_countys_folder_is_another_county_and_said_so(tmp_path, gwstd):
    root = make_province(tmp_path / "全省目录", counties=2, items=16)
    shutil.copytree(root / "county-002", root / "county-001" / "旧版")
    run = gwstd("build", root, "-o", tmp_path / "out", "--only", "html")
    assert "GW023" in run.err and "在县目录" in run.err
    assert len(_summaries(root).province.counties) == 3


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(folder)})


def _edit(root: Path) -> None:
    """Since the edition: one item removed from county-001, one renamed in county-002, county-003 new."""
    domain = root / "county-001" / "yiwu-jiaoyu.yaml"
    lines = domain.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("      - id:"))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("      - id:"))
    domain.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    other = root / "county-002" / "yiwu-jiaoyu.yaml"
    text = other.read_text(encoding="utf-8")
    other.write_text(text.replace("(第1项)", "(第1项,已修订)", 1), encoding="utf-8")


def test_since_a_git_revision_each_county_is_compared_with_itself(tmp_path, gwstd, monkeypatch):
    repo = tmp_path / "repo"
    root = make_province(repo / "全省目录", counties=3, items=16)
    shutil.rmtree(root / "county-003")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "v1")
    make_province(tmp_path / "again", counties=3, items=16)
    shutil.copytree(tmp_path / "again" / "county-003", root / "county-003")
    shutil.copytree(root / "county-002", root / "县-中途撤销")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "v1 and a county withdrawn since")
    shutil.rmtree(root / "县-中途撤销")
    shutil.rmtree(root / "county-003")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "v1")
    _git(repo, "tag", "v1")
    shutil.copytree(tmp_path / "again" / "county-003", root / "county-003")
    _edit(root)
    monkeypatch.chdir(repo)
    out = tmp_path / "out"
    result = gwstd("build", "全省目录", "-o", out, "--only", "html", "--since", "HEAD~1")
    assert result.code == 0, result.err
    assert "自 HEAD~1 以来撤销的县(市、区)目录:县-中途撤销" in result.out
    assert "县-中途撤销" in (out / "index.html").read_text(encoding="utf-8")
    result = gwstd("build", "全省目录", "-o", out, "--only", "html", "--since", "HEAD")
    assert result.code == 0, result.err
    assert "GW021" in result.err  # county-003 is new since HEAD: no changes listed, the others go on
    page = (out / "示例001县" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'id="changes"' in page
    from gwstd.province.pipeline import ProvinceOptions  # noqa: F401 (the summaries say the same)

    run = _summaries_since(root, "HEAD")
    changes = {Path(c.folder).name: c.changes for c in run.province.counties}
    assert (changes["county-001"].removed, changes["county-001"].added) == (1, 0)
    assert changes["county-002"].changed == 1 and changes["county-002"].removed == 0
    assert changes["county-003"] is None


def test_since_an_earlier_province_folder_each_county_is_compared_with_its_own_folder(tmp_path, gwstd):
    old = make_province(tmp_path / "2024", counties=2, items=16)
    new = tmp_path / "2025"
    shutil.copytree(old, new)
    shutil.copytree(old / "county-002", old / "撤销县")
    _edit(new)
    run = _summaries_since(new, str(old))
    assert run.province.withdrawn == ("撤销县",)
    changes = {Path(c.folder).name: c.changes for c in run.province.counties}
    assert changes["county-001"].removed == 1 and changes["county-002"].changed == 1
    assert changes["county-001"].since == str(old)


def _summaries_since(root: Path, since: str):
    """A province build's summaries with --since (books written to a scratch folder)."""
    from gwstd.books.build import BuildOptions, write_html
    from gwstd.province.pipeline import build_province

    out = root.parent / f"out-{abs(hash(since))}"
    return build_province([str(root)], BuildOptions(out_dir=out, since=since, books=(write_html,)))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jobs_decides_how_many_counties_are_built_at_once_and_not_what_is_built(province, gwstd, tmp_path, jobs):
    out = tmp_path / f"out{jobs}"
    gwstd("build", province, "-o", out, "--only", "excel", "--jobs", jobs)
    assert len(list(out.glob("*/*.xlsx"))) == GOOD
    assert not list(out.glob("index-data/*.js"))  # the search leads into HTML books: none were asked for


def test_without_fork_the_counties_are_built_in_one_process_with_the_same_books(province, gwstd, tmp_path,
                                                                                 monkeypatch):
    """Windows has no fork: the counties are then built one after another, to the same books."""
    gwstd("build", province, "-o", tmp_path / "forked", "--only", "excel", "--only", "html")
    monkeypatch.delattr(os, "fork")
    run = gwstd("build", province, "-o", tmp_path / "alone", "--only", "excel", "--only", "html")
    assert run.code == 1
    for page in (tmp_path / "forked").glob("*/html/index.html"):
        assert page.read_bytes() == (tmp_path / "alone" / page.relative_to(tmp_path / "forked")).read_bytes()
    assert sorted(p.relative_to(tmp_path / "forked") for p in (tmp_path / "forked").rglob("*")) == \
        sorted(p.relative_to(tmp_path / "alone") for p in (tmp_path / "alone").rglob("*"))


def test_only_pdf_without_a_browser_is_a_notice_and_leaves_no_empty_county_folders(tmp_path, gwstd):
    root = make_province(tmp_path / "全省目录", counties=2, items=16)
    out = tmp_path / "out"
    run = gwstd("build", root, "-o", out, "--only", "pdf")  # (the tests' GWSTD_BROWSER=none)
    assert run.code == 0, run.err
    assert "GWSTD_BROWSER=none" in run.err and "未生成:" not in run.err
    assert sorted(p.name for p in out.iterdir()) == ["index-data", "index.html", "全省汇总.xlsx"]


def test_since_a_revision_that_does_not_exist_stops_the_build_once(province, gwstd, tmp_path):
    run = gwstd("build", province, "-o", tmp_path / "out", "--only", "html", "--since", "no-such-rev")
    assert run.code == 2
    assert run.err.count("no-such-rev") == 1 and "不是目录文件夹" in run.err
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_countys_books_in_the_province_are_those_it_gets_built_alone(tmp_path, gwstd):
    root = make_province(tmp_path / "全省目录", counties=2, items=16)
    shutil.copytree(ROOT / "catalog", root / "county-003")  # the bundled catalogue cites the guide
    for domain in (root / "county-001").glob("*.yaml"):  # and this county none of it
        lines = domain.read_text(encoding="utf-8").splitlines()
        domain.write_text("\n".join(x for x in lines if "scope:" not in x) + "\n", encoding="utf-8")
    assert gwstd("build", root, "-o", tmp_path / "province", "--only", "html").code == 0
    for county, region in (("county-001", "示例001县"), ("county-003", "示例县")):
        assert gwstd("build", root / county, "-o", tmp_path / county, "--only", "html").code == 0
        alone = (tmp_path / county / "html" / "index.html").read_bytes()
        assert (tmp_path / "province" / region / "html" / "index.html").read_bytes() == alone


def test_a_county_with_a_domain_file_that_does_not_load_is_unreadable_not_fully_covered(tmp_path, gwstd):
    """Its figures would leave the domain out: 84 of 84 points "covered", no uncovered point, 100%."""
    root = make_province(tmp_path / "全省目录", counties=2, items=16)
    broken = root / "county-002" / "yiwu-jiaoyu.yaml"
    broken.write_bytes(broken.read_text(encoding="utf-8").encode("gb18030"))
    run = _summaries(root)
    county = run.province.counties[1]
    assert county.status == UNREADABLE_STATUS and county.coverage is None and county.by_code["GW003"] == 1
    assert county.region == "示例002县" and county.city == "示例01市"  # (from its catalog.yaml, which loads)
    assert gwstd("coverage", root / "county-002", "--min-coverage", "10").code == 1
    assert gwstd("coverage", root, "--by", "county", "--min-coverage", "10").code == 1


def test_a_county_whose_books_cannot_be_written_is_its_problem_alone(tmp_path, gwstd):
    root = make_province(tmp_path / "全省目录", counties=3, items=16)
    meta = root / "county-002" / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("region: 示例002县", "region: " + "很" * 90 + "县"),
                    encoding="utf-8")  # (a region too long for the schema, built with --force: too long a file name)
    out = tmp_path / "out"
    run = gwstd("build", root, "-o", out, "--only", "excel", "--force")
    assert run.code == 2  # an output not written
    assert "GW501" in run.err and ".county-" not in run.err and "很很很" in run.err
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["index-data", "示例001县", "示例003县"]
    assert (out / "全省汇总.xlsx").is_file()


def test_since_problems_count_as_the_countys_warnings(tmp_path):
    old = make_province(tmp_path / "2024", counties=1, items=16)
    new = make_province(tmp_path / "2025", counties=2, items=16)
    run = _summaries_since(new, str(old))
    fresh = run.province.counties[1]
    assert fresh.by_code.get("GW021") == 1 and fresh.warnings == 1 and fresh.changes is None
    assert any(d.code == "GW021" for d in run.diagnostics)


def test_the_summaries_name_folders_and_files_inside_the_province(province):
    counties = _summaries(province).province.counties
    assert [c.folder for c in counties] == [f"county-{n:03d}" for n in range(1, 7)]
    assert counties[5].problems[0].file == "county-006/catalog.yaml"


def test_build_refuses_the_screen_as_its_output_folder(gwstd, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = gwstd("build", ROOT / "catalog", "-o", "-")
    assert run.code == 2 and "不能是 -" in run.err and not (tmp_path / "-").exists()


def test_the_next_build_removes_the_books_of_counties_no_longer_in_the_province(tmp_path, gwstd):
    """A published folder must not keep a withdrawn catalogue; a county still there keeps its earlier books
    while it has errors, and what the build never wrote is left alone."""
    root = make_province(tmp_path / "全省目录", counties=4, items=16)
    out = tmp_path / "发布"
    assert gwstd("build", root, "-o", out, "--only", "excel", "--only", "html").code == 0
    (out / "说明.txt").write_text("the office's own file", encoding="utf-8")
    (out / "附件").mkdir()
    shutil.rmtree(root / "county-004")
    meta = root / "county-003" / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("region: 示例003县", "region: 新名县"), encoding="utf-8")
    domain = root / "county-002" / "yiwu-jiaoyu.yaml"
    domain.write_text(domain.read_text(encoding="utf-8").replace("department: jiaoyu", "department: nobody", 1),
                      encoding="utf-8")
    run = gwstd("build", root, "-o", out, "--only", "excel", "--only", "html")
    assert run.code == 1  # county-002 has an error now
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index-data", "index.html", "全省汇总.xlsx", "说明.txt", "附件", "示例001县", "示例002县", "新名县"])
    assert f"已删除 {out / '示例003县'}(这个县的地区已改,目录现在在 新名县/ 中)" in run.out
    assert f"已删除 {out / '示例004县'}(这个县已不在全省目录中)" in run.out
    assert (out / "示例002县" / "html" / "index.html").is_file()  # its earlier books, until it is fixed
    assert sorted(p.name for p in (out / "index-data").iterdir()) == ["counties.json", "county-001.js",
                                                                      "county-003.js"]
    listed = json.loads((out / "index-data" / "counties.json").read_text(encoding="utf-8"))
    assert listed == {"counties": {"county-001": "示例001县", "county-002": "示例002县", "county-003": "新名县"},
                      "removing": []}


def test_a_county_that_stops_loading_keeps_its_earlier_books(tmp_path, gwstd):
    root = make_province(tmp_path / "全省目录", counties=2, items=16)
    out = tmp_path / "发布"
    assert gwstd("build", root, "-o", out, "--only", "html").code == 0
    (root / "county-002" / "catalog.yaml").write_text("region: [\n", encoding="utf-8")  # a slip of the keyboard
    run = gwstd("build", root, "-o", out, "--only", "html")
    assert run.code == 1 and "已删除" not in run.out
    assert (out / "示例002县" / "html" / "index.html").is_file()


def test_the_cleanup_never_removes_a_folder_holding_yaml(tmp_path, gwstd):
    """Building a province into its own folder: a county renamed must not take its sources with it."""
    root = make_province(tmp_path / "全省目录", counties=2, items=16)
    for n in (1, 2):
        (root / f"county-00{n}").rename(root / f"示例00{n}县")
    assert gwstd("build", root, "-o", root, "--only", "html").code == 0
    meta = root / "示例001县" / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("region: 示例001县", "region: 示例001区"),
                    encoding="utf-8")
    run = gwstd("build", root, "-o", root, "--only", "html")
    assert meta.is_file() and "未能删除" in run.err and "YAML" in run.err


def test_a_build_stopped_after_its_commit_leaves_the_removal_to_the_next(tmp_path, gwstd, monkeypatch):
    from gwstd.province import pipeline

    root = make_province(tmp_path / "全省目录", counties=3, items=16)
    out = tmp_path / "发布"
    assert gwstd("build", root, "-o", out, "--only", "html").code == 0
    shutil.rmtree(root / "county-003")

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "_remove_withdrawn", stopped)
        with pytest.raises(KeyboardInterrupt):
            pipeline.build_province([str(root)], pipeline.BuildOptions(
                out_dir=out, books=(pipeline.write_html,)))
    assert (out / "示例003县").is_dir()
    run = gwstd("build", root, "-o", out, "--only", "html")
    assert f"已删除 {out / '示例003县'}" in run.out and not (out / "示例003县").exists()


def test_county_folder_names_never_clash_with_each_other_or_the_provinces_own(tmp_path, gwstd):
    root = tmp_path / "全省目录"
    make_province(root / "甲市", counties=2, items=16)
    make_province(root / "乙市", counties=2, items=16)
    for meta in root.glob("*/county-00*/catalog.yaml"):
        region = "index-data" if meta.parent.name == "county-002" and meta.parent.parent.name == "乙市" else "同名县"
        text = meta.read_text(encoding="utf-8")
        meta.write_text(text.replace(text.split("region: ", 1)[1].split("\n", 1)[0], region, 1), encoding="utf-8")
    out = tmp_path / "out"
    run = gwstd("build", root, "-o", out, "--only", "html")
    assert run.code == 0, run.err
    assert len(list(out.glob("*/html/index.html"))) == 4 and (out / "index-data" / "counties.json").is_file()



def test_a_province_build_speaks_chinese_on_a_gbk_console(province, tmp_path):
    import sys

    env = dict(os.environ, PYTHONIOENCODING="gbk")
    run = subprocess.run([sys.executable, "-m", "gwstd", "build", str(province), "-o", str(tmp_path / "out"),
                          "--only", "html"], capture_output=True, env=env, timeout=120)
    out, err = run.stdout.decode("gbk"), run.stderr.decode("gbk")
    assert run.returncode == 1 and "Traceback" not in err
    assert "省级汇总:6 个县(市、区),已生成 4 个,2 个未生成。" in out
    assert "county-006无法读取,未生成" in err and "示例005县(county-005)有错误,未生成" in err


def test_a_county_gwstd_fails_on_is_its_row_and_the_others_are_built(province, gwstd, tmp_path, monkeypatch):
    from gwstd.province import pipeline

    real = pipeline.summarise

    def failing(number, folder, *args, **kwargs):
        if folder == "county-002":
            raise ValueError("a bug")
        return real(number, folder, *args, **kwargs)

    monkeypatch.setattr(pipeline, "summarise", failing)
    out = tmp_path / "out"
    run = gwstd("build", province, "-o", out, "--only", "html", "--jobs", "1")
    assert run.code == 1 and "GW024" in run.err and "ValueError: a bug" in run.err and "内部错误" in run.err
    assert (out / "示例001县").is_dir() and not (out / "示例002县").exists() and (out / "index.html").is_file()


def test_a_problem_of_the_earlier_edition_is_not_the_countys_own(tmp_path, gwstd):
    old = make_province(tmp_path / "2024", counties=2, items=16)
    new = tmp_path / "2025"
    shutil.copytree(old, new)
    (old / "county-002" / "zhengdi-buchang.yaml").write_text("categories: [\n", encoding="utf-8")
    run = gwstd("build", new, "-o", tmp_path / "out", "--only", "html", "--since", str(old))
    assert run.code == 0 and "GW004" in run.err  # said, as for one county; not a reason to refuse it
    assert (tmp_path / "out" / "示例002县" / "html" / "index.html").is_file()
