"""gwstd import: YAML catalogue files from the Excel workbooks counties already have."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from pathlib import Path
from typing import Annotated

import typer

from gwstd.cli.options import ImportFormat, ImportFormatOption

NAME, SHORT_HELP = "import", "导入已有的 Excel 目录,生成 YAML 目录文件。"


def command(
    files: Annotated[list[Path], typer.Argument(help="要导入的 Excel 工作簿(.xlsx),可以有多个(如每个领域一个)。",
                                                show_default=False, metavar="工作簿...")],
    out: Annotated[Path, typer.Option("--out", "-o", help="写入 YAML 目录文件的文件夹。",
                                      metavar="文件夹")] = Path("catalog"),
    force: Annotated[bool, typer.Option("--force", help="覆盖输出文件夹中已有的同名文件。")] = False,
    fmt: ImportFormatOption = ImportFormat.human,
) -> None:
    """导入已有的 Excel 目录(全国通用表式及各地变体),生成 YAML 目录文件。源表缺少的内容保持缺失,由 gwstd validate 逐项列出。"""
    from gwstd.cli.output import finish, report_to
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
        except OutputError as exc:  # reported like GW407's refusal, with the column map; and said on stderr
            typer.echo(f"gwstd:{exc}", err=True)
            refused = [exc.diagnostic]
        diagnostics += refused
    report = Report(command=NAME, diagnostics=diagnostics, summary=Summary.of(diagnostics, len(files)),
                    files=[str(f) for f in files])
    report_to("import", fmt.value, ImportReport(report=report, sheets=result.sheets, written=[str(p) for p in written]))
    for path in written:  # beside a machine format on stdout, what was written goes to stderr
        typer.echo(f"已写入 {path}", err=fmt.value != "human")
    if written:
        typer.echo(f"请运行 gwstd validate {out} 查看源表缺少、需要补充的内容。", err=fmt.value != "human")
    finish(diagnostics)
