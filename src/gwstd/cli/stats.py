"""gwstd stats: counts of items by domain, department, channel…, and how complete they are."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from typing import Annotated, Optional

import typer

from gwstd.cli.options import (
    ByOption,
    EncodingOption,
    MinCoverageOption,
    OutputOption,
    StatsFormat,
    StatsFormatOption,
    check_encoding,
)

NAME, SHORT_HELP = "stats", "统计事项数和要素完整率。"


def command(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="目录文件夹,默认 ./catalog;可以是包含多个县目录的文件夹(每个县一份统计)。", show_default=False,
        metavar="[目录]...")] = None,
    fmt: StatsFormatOption = StatsFormat.human,
    by: ByOption = None,
    min_coverage: MinCoverageOption = None,
    output: OutputOption = None,
    encoding: EncodingOption = None,
) -> None:
    """统计事项数:按领域、一级事项、部门、渠道、方式、对象、层级和更新周期,以及要素完整率。
    --by county:每个县一行(事项数、要素完整率、范围覆盖率),有县无法读取或低于 --min-coverage 时退出码为 1。"""
    from gwstd.catalogue.stats import compute
    from gwstd.cli.output import fail, finish, report_to
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    check_encoding(encoding)
    if by is not None:
        from gwstd.cli.coverage import by_county

        by_county("county-stats", paths, fmt.value, output, encoding=encoding, min_coverage=min_coverage)
    if min_coverage is not None:
        fail("--min-coverage 只能与 --by county 一起使用(或用 gwstd coverage --min-coverage)")
    result, models = load_models(paths or ["catalog"], ValidateOptions(encoding=encoding))
    if result.io_failed:
        # (file names can hold control characters)
        from gwstd.seams.streams import visible

        fail(visible(";".join(d.message if not d.file or d.file in d.message else f"{d.file}:{d.message}"
                                for d in result.diagnostics if d.code.startswith("GW0"))))
    if not models:
        fail("没有找到可统计的目录(需要 catalog.yaml)")
    # A file that did not load leaves its items out of every figure: shown, said, and a failure.
    unread = [d for d in result.diagnostics if d.code.startswith("GW0") and d.severity.key == "error"]
    if unread:
        from gwstd.cli.output import problems_on_stderr
        from gwstd.diagnostics import Summary
        from gwstd.seams.streams import visible

        problems_on_stderr("stats", unread, Summary.of(unread, len(result.files)))
        files = sorted({d.file for d in unread if d.file})
        typer.echo(f"gwstd:有 {len(files)} 个文件无法读取({visible('、'.join(files))}),其中的事项没有统计,"
                   "下面的数字不完整。", err=True)
    report_to("stats", fmt.value, [compute(catalogue) for _, catalogue in models], output)
    # statistics are not a check: validate's other problems are validate's to report
    finish(problems=bool(unread))
