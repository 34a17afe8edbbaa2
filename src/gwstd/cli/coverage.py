"""gwstd coverage: how much of the scope guide each catalogue covers."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from typing import Annotated, Optional

import typer

from gwstd.cli.options import (
    BaselineOption,
    CoverageFormat,
    CoverageFormatOption,
    EncodingOption,
    JobsOption,
    OutputOption,
    check_encoding,
    process_count,
)

NAME, SHORT_HELP = "coverage", "对照范围指引检查覆盖情况。"


def command(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="要检查的目录,默认 ./catalog;可以是包含多个县目录的文件夹。", show_default=False,
        metavar="[目录]...")] = None,
    fmt: CoverageFormatOption = CoverageFormat.human,
    baseline: BaselineOption = None,
    all_domains: Annotated[bool, typer.Option(
        "--all-domains", help="范围指引中目录没有的领域也计入(其要点都算未覆盖)。")] = False,
    output: OutputOption = None,
    encoding: EncodingOption = None,
    jobs: JobsOption = 0,
) -> None:
    """检查目录对范围指引的覆盖:每个领域已覆盖和未覆盖的范围要点,以及覆盖率。有要点未覆盖时退出码为 1。"""
    from gwstd.catalogue.coverage import compute
    from gwstd.cli.output import finish, report_to
    from gwstd.reports.base import CoverageReport
    from gwstd.validate.pipeline import ValidateOptions, validate_paths
    from gwstd.validate.scopeguide import load_baseline

    check_encoding(encoding)
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
    report_to("coverage", fmt.value, CoverageReport(reports, shown), output)
    # A catalogue without domain files (GW020, shown above) covers nothing: that is a failure, not "all of 0".
    empty = [group.root_name for group, _ in result.catalogues if group.meta is not None and not group.domains]
    if empty:
        # (a folder found under the paths given names itself)
        from gwstd.seams.streams import visible

        typer.echo(f"gwstd:目录 {visible('、'.join(empty))} 只有 catalog.yaml,没有任何领域文件,无法核对覆盖情况。", err=True)
    # (no point due is not a failure; validate's I/O problems are GW0xx: shown)
    finish(shown, problems=bool(empty) or any(r.uncovered for r in reports))
