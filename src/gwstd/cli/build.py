"""gwstd build: the Excel workbook and the HTML book of each catalogue."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from pathlib import Path
from typing import Annotated, Optional

import typer

from gwstd.cli.options import (
    BaselineOption,
    EncodingOption,
    JobsOption,
    OnlyOption,
    check_encoding,
    process_count,
)

NAME, SHORT_HELP = "build", "编制 Excel 目录、网页目录和 PDF 目录。"


def command(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="目录文件夹,默认 ./catalog;可以是包含多个县目录的文件夹。", show_default=False,
        metavar="[目录]...")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹。", metavar="文件夹")] = Path("dist"),
    force: Annotated[bool, typer.Option("--force", help="目录有错误时也生成(不建议用于正式发布)。")] = False,
    templates: Annotated[Optional[Path], typer.Option(
        "--templates", metavar="文件夹",
        help="自定义模板文件夹:先在这里找模板,找不到再用内置模板(可以只覆盖一个 block)。")] = None,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="版本",
        help="上一版(git 版本或目录文件夹):在 Excel 中加“调整说明”表,在网页中加“本版调整”。")] = None,
    only: OnlyOption = None,
    browser: Annotated[Optional[str], typer.Option(
        "--browser", metavar="程序",
        help="打印 PDF 目录的浏览器程序(Edge、Chrome 或 Chromium),默认自动查找;也可设置环境变量 GWSTD_BROWSER。",
        show_default=False)] = None,
    baseline: BaselineOption = None,
    encoding: EncodingOption = None,
    jobs: JobsOption = 0,
    title: Annotated[Optional[str], typer.Option(
        "--title", metavar="名称",
        help="省级汇总(文件夹中有多个县的目录时)的标题,如“四川省”;默认取文件夹名。", show_default=False)] = None,
) -> None:
    """编制目录:生成 Excel 目录(全国通用表式)、可离线检索、打印的网页目录(dist/html/index.html)和 A4 横向的 PDF 目录。目录有错误时拒绝生成,除非 --force。"""
    from gwstd.books.build import BuildOptions, build_books
    from gwstd.cli.output import fail, finish, problems_on_stderr, stop
    from gwstd.diagnostics.errors import GwstdError
    from gwstd.reports import registry as formats
    from gwstd.seams.git import EditionError
    from gwstd.validate.pipeline import ValidateOptions

    check_encoding(encoding)
    if str(out) == "-":  # (the other commands' -o - is the screen; books are files in a folder)
        fail("-o 是输出文件夹,不能是 -(屏幕):编制的目录是一组文件,请给出文件夹,如 -o dist")
    if templates is not None and not templates.is_dir():
        fail(f"--templates 指定的{'不是文件夹' if templates.exists() else '模板文件夹不存在'}:{templates}")
    chosen = {book.value for book in only or ()}
    books = [name for name in formats.names("books") if not chosen or name in chosen]  # in the registry's order
    options = BuildOptions(out_dir=out, force=force, templates=templates, since=since, browser=browser,
                           books=tuple(formats.writer(name) for name in books),
                           validate=ValidateOptions(encoding=encoding, jobs=process_count(jobs),
                                                    baseline_file=baseline),
                           waiting=lambda message: typer.echo(f"gwstd:{message}", err=True))
    from gwstd.load.discover import discover
    from gwstd.province.pipeline import is_province

    groups, _ = discover(paths or ["catalog"])  # (a path that does not exist: the build says so)
    if is_province(groups):  # a province's folder: every county, the index and 全省汇总.xlsx
        _build_province(paths or ["catalog"], options, force=force, title=title)
    empty = _without_domains(groups)
    if empty:  # nothing to build: no book of 0 domains is written, and the command fails
        typer.echo(f"gwstd:目录 {'、'.join(empty)} 只有 catalog.yaml,没有任何领域文件,未生成。"
                   "请在 catalog.yaml 旁边为每个领域添加一个 YAML 文件(如 yiwu-jiaoyu.yaml)。", err=True)
        finish(problems=True)
    try:
        outcome = build_books(paths or ["catalog"], options)
    except GwstdError as exc:  # an output, the --since edition or a template
        stop(exc, command=NAME, prefix="--since:" if isinstance(exc, EditionError) else "")
    validation = outcome.validation
    problems = [d for d in validation.diagnostics if d.severity.key != "info"] + outcome.problems
    if problems:  # shown as validate shows them, on stderr: stdout says what was built
        problems_on_stderr(NAME, problems, validation.summary)
    refused = outcome.errors and not force
    if refused and not validation.io_failed:  # (unreadable files are listed above; the exit code says the rest)
        typer.echo("gwstd:目录有错误,未生成。请先修正上面的错误(或用 --force 强制生成)。", err=True)
    if not (refused or validation.io_failed or outcome.built):
        fail("没有找到可编制的目录(需要 catalog.yaml)")
    for built in outcome.built:
        for path in built.files:
            typer.echo(f"已生成 {path}({len(built.catalogue.domains)} 个领域,{len(built.catalogue.items)} 个事项,"
                       f"{path.stat().st_size / 1024:.0f} KB)")
    for skipped in outcome.skipped:  # no PDF: a notice (exit 0), or a print that failed (exit 2)
        typer.echo(f"gwstd:{skipped.message}", err=True)
    finish(validation.diagnostics + outcome.skipped, accept_errors=force)


def _build_province(paths: list[str], options, *, force: bool, title: Optional[str]) -> None:
    """Each county's books (a county with errors or that does not load is listed, not built), the provincial
    index (index.html) and 全省汇总.xlsx. The exit code still reports every county's problems."""
    from dataclasses import replace

    from gwstd.catalogue.province import BUILT, status_label
    from gwstd.cli.output import Progress, fail, finish, problems_on_stderr, stop
    from gwstd.diagnostics.errors import GwstdError
    from gwstd.province.pipeline import ProvinceOptions, build_province
    from gwstd.seams.git import EditionError
    from gwstd.seams.streams import visible

    progress = Progress("编制各县目录")  # (a bar on a terminal only, for a province of 100 counties or more)
    checking = replace(options.validate, progress=progress)
    try:
        run = build_province(paths, replace(options, validate=checking), ProvinceOptions(validate=checking, title=title))
    except GwstdError as exc:  # an output or a template
        stop(exc, command=NAME, prefix="--since:" if isinstance(exc, EditionError) else "")
    finally:
        progress.close()
    if run.unusable:
        problems_on_stderr(NAME, run.unusable)
        fail("没有可编制的目录" if not run.province.counties else "范围指引无法使用,未生成")
    problems = [d for d in run.diagnostics if d.severity.key != "info"] + run.problems  # (the editions' own)
    if problems:
        problems_on_stderr(NAME, problems, run.summary)
    for summary, files in run.written:
        for path in files:
            typer.echo(f"已生成 {path}" + (f"({summary.items} 个事项,{path.stat().st_size / 1024:.0f} KB)"
                                           if summary is not None else f"({path.stat().st_size / 1024:.0f} KB)"))
    for folder, why, kept in run.removed:
        if kept is None:
            typer.echo(f"已删除 {visible(str(folder))}({why})")
        else:
            typer.echo(f"gwstd:未能删除 {visible(str(folder))}({why}):{kept}", err=True)
    if run.province.withdrawn:
        typer.echo(f"自 {visible(run.province.since or '')} 以来撤销的县(市、区)目录:"
                   f"{visible('、'.join(run.province.withdrawn))}")
    # (a county that is fine but whose only book asked for, the PDF, had no browser to print it is the notice's)
    left = [c for c in run.province.counties if not c.books and c.status != BUILT]
    for county in left:
        label = status_label(county)
        where = f"({visible(county.folder)})" if county.folder != county.region else ""
        typer.echo(f"gwstd:{visible(county.region)}{where}{label},未生成"
                   f":{county.errors} 个错误、{county.warnings} 个警告,见上面的报告和省级汇总 index.html。", err=True)
    built = sum(bool(c.books) for c in run.province.counties)
    typer.echo(f"省级汇总:{len(run.province.counties)} 个县(市、区),已生成 {built} 个"
               + (f",{len(left)} 个未生成" if left else "") + "。")
    for skipped in run.skipped:
        typer.echo(f"gwstd:{skipped.message}", err=True)
    finish(run.diagnostics + run.skipped, accept_errors=force, problems=bool(left))


def _without_domains(groups) -> list[str]:
    """The catalogue folders found that hold a catalog.yaml and no domain file (validate: GW020)."""
    # (a folder found under the paths given names itself)
    from gwstd.seams.streams import visible

    return [visible(group.root_name) for group in groups if group.meta is not None and not group.domains]
