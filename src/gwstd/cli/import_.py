"""gwstd import: YAML catalogue files from the Excel workbooks counties already have, or an edited book merged
back into the catalogue it was built from (--into)."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from pathlib import Path
from typing import Annotated, Optional

import typer

from gwstd.cli.options import ImportFormat, ImportFormatOption
from gwstd.seams.streams import visible

NAME, SHORT_HELP = "import", "导入已有的 Excel 目录,生成 YAML 目录文件;或把修改过的目录工作簿合并回 YAML 目录。"


def command(
    files: Annotated[list[Path], typer.Argument(help="要导入的 Excel 工作簿(.xlsx),可以有多个(如每个领域一个)。",
                                                show_default=False, metavar="工作簿...")],
    out: Annotated[Path, typer.Option("--out", "-o", help="写入 YAML 目录文件的文件夹。",
                                      metavar="文件夹")] = Path("catalog"),
    force: Annotated[bool, typer.Option("--force", help="覆盖输出文件夹中已有的同名文件。")] = False,
    into: Annotated[Optional[Path], typer.Option(
        "--into", help="把 gwstd build 生成、在 Excel/WPS 中修改过的工作簿按事项编号合并回这个目录文件夹:只改动修改过的"
                       "内容,其余保持原样。", metavar="文件夹", show_default=False)] = None,
    delete: Annotated[bool, typer.Option("--delete", help="与 --into 一起使用:工作簿中删除了的事项也从 YAML 文件中删除"
                                                         "(不加时只提示)。")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="与 --into 一起使用:只显示将要做的修改(同 gwstd diff),"
                                                          "不写入任何文件。")] = False,
    fmt: ImportFormatOption = ImportFormat.human,
) -> None:
    """导入已有的 Excel 目录(全国通用表式及各地变体),生成 YAML 目录文件。源表缺少的内容保持缺失,由 gwstd validate 逐项列出。

    加 --into 时,把 gwstd build 生成、在 Excel 或 WPS 中修改过的工作簿合并回 YAML 目录:按事项编号逐项比较,只改写修改过的字段;没有事项编号的行是新增事项;先用 --dry-run 查看将要做的修改。"""
    if into is not None:
        merge_into(files, into, delete=delete, dry_run=dry_run, fmt=fmt.value)
    from gwstd.cli.output import fail, finish, report_to

    if delete or dry_run:
        fail("--delete 和 --dry-run 只能与 --into 一起使用")
    from gwstd.diagnostics import Summary
    from gwstd.excel_import.assemble import import_workbooks
    from gwstd.excel_import.write import write_catalogue
    from gwstd.reports.base import ImportReport, Report
    from gwstd.seams.files import OutputError

    result = import_workbooks(files)
    diagnostics, written = list(result.diagnostics), []
    if result.catalogue is not None:
        try:
            written, refused = write_catalogue(result.catalogue, out, force=force)
        except OutputError as exc:  # reported like GW407's refusal, with the column map
            if fmt.value != "human":  # (and said on stderr, beside a report for machines)
                typer.echo(f"gwstd:{visible(str(exc))}", err=True)
            refused = [exc.diagnostic]
        diagnostics += refused
    report = Report(command=NAME, diagnostics=diagnostics, summary=Summary.of(diagnostics, len(files)),
                    files=[str(f) for f in files])
    report_to("import", fmt.value, ImportReport(report=report, sheets=result.sheets, written=[str(p) for p in written]))
    for path in written:  # beside a machine format on stdout, what was written goes to stderr
        typer.echo(f"已写入 {visible(str(path))}", err=fmt.value != "human")
    if written:
        typer.echo(f"请运行 gwstd validate {out} 查看源表缺少、需要补充的内容。", err=fmt.value != "human")
    finish(diagnostics)


def merge_into(files: list[Path], into: Path, *, delete: bool, dry_run: bool, fmt: str) -> None:
    """--into: the changes (as gwstd diff shows them) on stdout, problems on stderr; json carries both in one
    document (reports.merges), github and junit the problems. Nothing is written when there is a conflict, or
    with --dry-run. The summary counts the one workbook read."""
    from gwstd.cli.output import fail, finish, problems_on_stderr, report_to
    from gwstd.diagnostics import Summary
    from gwstd.diagnostics.codes import is_io
    from gwstd.excel_import.merge import merge_book, write_merged
    from gwstd.reports.base import Report
    from gwstd.seams.files import OutputError

    if len(files) != 1:
        fail("--into 一次只合并一个工作簿")
    result = merge_book(files[0], into, delete=delete)
    diagnostics = list(result.diagnostics)
    written = []
    if not result.conflicts and not dry_run:
        try:
            written = write_merged(result)
        except OutputError as exc:
            if fmt != "human":  # (the human report lists it with the other problems)
                typer.echo(f"gwstd:{visible(str(exc))}", err=True)
            diagnostics.append(exc.diagnostic)
    report = Report(command=NAME, diagnostics=diagnostics, summary=Summary.of(diagnostics, 1), files=[str(files[0])])
    if fmt in ("github", "junit"):
        report_to("diagnostics", fmt, report)
    elif fmt == "json":
        from gwstd.reports.merges import MergeReport

        report_to("merge", fmt, MergeReport(report=report, changes=result.changes, dry_run=dry_run,
                                            written=tuple(str(result.displays.get(p, p)) for p in written)))
    else:
        if diagnostics:
            problems_on_stderr(NAME, diagnostics, report.summary)
        if result.changes is not None:
            report_to("changes", fmt, result.changes)
    if result.changes is not None:
        if dry_run:
            typer.echo("试运行(--dry-run):没有写入任何文件。", err=True)
        elif not result.files:
            typer.echo(f"工作簿与 {into} 一致,没有需要合并的修改。", err=True)
        for path in written:
            typer.echo(f"已写入 {visible(str(result.displays.get(path, path)))}", err=True)
    elif result.conflicts and not any(d.code == "GW429" or is_io(d.code) for d in diagnostics):  # (not read at all)
        typer.echo("有冲突,没有写入任何文件;请在工作簿中改正后重新导入。", err=True)
    finish(diagnostics)
