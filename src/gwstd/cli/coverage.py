"""gwstd coverage: how much of the scope guide each catalogue covers; --by county: a province's counties side
by side (its by_county is stats --by county's too)."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from pathlib import Path
from typing import Annotated, Optional

import typer

from gwstd.cli.options import (
    BaselineOption,
    ByOption,
    CoverageFormat,
    CoverageFormatOption,
    EncodingOption,
    JobsOption,
    MinCoverageOption,
    OutputOption,
    check_encoding,
    process_count,
)
from gwstd.reports import registry as formats

NAME, SHORT_HELP = "coverage", "对照范围指引检查覆盖情况。"


def command(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="要检查的目录,默认 ./catalog;可以是包含多个县目录的文件夹。", show_default=False,
        metavar="[目录]...")] = None,
    fmt: CoverageFormatOption = CoverageFormat.human,
    by: ByOption = None,
    min_coverage: MinCoverageOption = None,
    baseline: BaselineOption = None,
    all_domains: Annotated[bool, typer.Option(
        "--all-domains", help="范围指引中目录没有的领域也计入(其要点都算未覆盖)。")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="表格中逐个列出每个领域每个范围要点的覆盖情况和覆盖它的事项(默认只列汇总和未覆盖的要点;"
                                "json、markdown 格式总是包含全部要点)。")] = False,
    output: OutputOption = None,
    encoding: EncodingOption = None,
    jobs: JobsOption = 0,
) -> None:
    """检查目录对范围指引的覆盖:每个领域已覆盖和未覆盖的范围要点,以及覆盖率。有要点未覆盖时退出码为 1;
    给出 --min-coverage 时,只在有目录低于该覆盖率时退出码为 1。"""
    from gwstd.cli.output import fail, finish, report_to
    from gwstd.reports.base import CoverageReport

    check_encoding(encoding)
    if by is not None:
        by_county("county-coverage", paths, fmt.value, output, encoding=encoding, jobs=jobs, baseline=baseline,
                  all_domains=all_domains, min_coverage=min_coverage)
    if fmt.value not in formats.names("coverage"):
        fail(f"--format {fmt.value} 只能与 --by county 一起使用;单个目录的覆盖情况可用 "
             + "、".join(formats.names("coverage")))

    from gwstd.catalogue.coverage import compute
    from gwstd.validate.pipeline import ValidateOptions, validate_paths
    from gwstd.validate.scopeguide import load_baseline

    guide, problems = load_baseline(baseline, encoding=encoding)
    if guide is None:  # the floor itself is unusable: say why, in the same format
        report_to("coverage", fmt.value, CoverageReport([], problems), output)
        finish(problems, unusable=True)
    result = validate_paths(paths or ["catalog"], ValidateOptions(encoding=encoding, jobs=process_count(jobs)),
                            baseline=guide)
    # Coverage speaks of scope points; the rest of validate's findings are validate's to report.
    shown = [d for d in result.diagnostics if d.code == "GW214" or d.code.startswith("GW0")]
    reports = [compute(index, guide, root=group.root_name if group.root is not None else "", all_domains=all_domains)
               for group, index in result.catalogues if group.root is not None or index.items]
    report_to("coverage", fmt.value, CoverageReport(reports, shown, verbose=verbose), output)
    # A catalogue without domain files (GW020, shown above) covers nothing: that is a failure, not "all of 0".
    empty = [group.root_name for group, _ in result.catalogues if group.meta is not None and not group.domains]
    if empty:
        # (a folder found under the paths given names itself)
        from gwstd.seams.streams import visible

        typer.echo(f"gwstd:目录 {visible('、'.join(empty))} 只有 catalog.yaml,没有任何领域文件,无法核对覆盖情况。", err=True)
    if min_coverage is not None:
        # The threshold decides: points left uncovered fail only below it (I/O problems still exit 2).
        from gwstd.reports.province import shortfall

        below = [reason for reason in (shortfall(r.region or r.root, r.covered, r.total, min_coverage)
                                       for r in reports) if reason is not None]
        _say_shortfalls(below, len(reports), min_coverage, what="个目录")
        # (a file that does not load, GW0xx, leaves its domain out of the figure: that fails whatever the figure)
        finish([d for d in shown if d.code.startswith("GW0")], problems=bool(below) or not reports)
    # (no point due is not a failure; validate's I/O problems are GW0xx: shown)
    finish(shown, problems=bool(empty) or any(r.uncovered for r in reports))


def by_county(kind: str, paths: Optional[list[str]], fmt: str, output: Optional[Path], *, encoding: Optional[str],
              jobs: int = 0, baseline: Optional[Path] = None, all_domains: bool = False,
              min_coverage: Optional[float] = None) -> None:
    """``stats``/``coverage --by county``: one row per county found under ``paths`` (a province folder), in
    the format ``fmt`` of ``kind``; never returns.

    Exit codes: 2 when nothing can be summarised (a path that does not exist, an unusable scope guide, no
    catalogue at all, a report file that cannot be written). Otherwise 1 when a county does not load (its row
    says 无法读取, its problems go to stderr), or, under --min-coverage, when a county falls below it (a county
    with nothing due or that does not load counts as below); without --min-coverage, coverage also exits 1
    when a county leaves scope points uncovered, as it does for one catalogue. 0 otherwise: statistics are no
    check of validation errors (a county with errors is summarised, status 有错误).
    """
    import os

    from gwstd.catalogue.province import UNREADABLE
    from gwstd.cli.output import Progress, fail, finish, problems_on_stderr, report_to
    from gwstd.province.pipeline import ProvinceOptions, summarise_province
    from gwstd.reports.province import shortfalls
    from gwstd.validate.pipeline import ValidateOptions

    command = kind.removeprefix("county-")
    paths = paths or ["catalog"]
    for path in paths:
        if not os.path.exists(path):
            fail(f"路径不存在:{path}")
    progress = Progress("正在汇总各县目录")
    try:
        run = summarise_province(paths, ProvinceOptions(
            validate=ValidateOptions(encoding=encoding, jobs=process_count(jobs), baseline_file=baseline,
                                     progress=progress),
            all_domains=all_domains))
    finally:
        progress.close()
    if run.unusable:
        problems_on_stderr(command, run.unusable)
        finish(run.unusable, unusable=True)
    province = run.province
    if not province.counties:
        fail("没有找到可汇总的目录(需要 catalog.yaml)")
    # What kept a county from loading, and what discovery found, for people on stderr: the report has its row.
    shown = [d for d in run.diagnostics if d.code.startswith("GW0")]
    if shown:
        from gwstd.diagnostics import Summary

        problems_on_stderr(command, shown, Summary.of(shown, run.files))
    report_to(kind, fmt, province, output)
    unreadable = [c for c in province.counties if c.status == UNREADABLE]
    if unreadable:
        from gwstd.seams.streams import visible

        typer.echo("gwstd:" + visible("、".join(c.region for c in unreadable))
                   + f" 的目录无法读取(共 {len(unreadable)} 个县),其行没有数据,原因见上。", err=True)
    if min_coverage is not None:
        below = shortfalls(province, min_coverage)
        _say_shortfalls(below, len(province.counties), min_coverage, what="个县")
        finish(problems=bool(below))
    # as for one catalogue: points left uncovered, or a county with no domain file (nothing to check), fail
    uncovered = kind == "county-coverage" and any(c.missing or (c.status != UNREADABLE and not c.domains)
                                                  for c in province.counties)
    finish(problems=bool(unreadable) or uncovered)


def _say_shortfalls(below: list[str], total: int, minimum: float, *, what: str) -> None:
    from gwstd.reports.province import threshold
    from gwstd.seams.streams import visible

    for reason in below:
        typer.echo(f"gwstd:{visible(reason)}", err=True)
    if not total:
        typer.echo(f"gwstd:没有可核对覆盖率的目录,视为低于 --min-coverage {threshold(minimum)}。", err=True)
    elif below:
        typer.echo(f"gwstd:{total} {what}中有 {len(below)} 个低于 --min-coverage {threshold(minimum)}。", err=True)
    else:
        every = "的覆盖率不低于" if total == 1 else "的覆盖率都不低于"
        typer.echo(f"gwstd:{total} {what}{every} --min-coverage {threshold(minimum)}。", err=True)
