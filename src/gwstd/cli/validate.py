"""gwstd validate: check the catalogue's files and report every problem with its file, line and column."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from gwstd.cli.options import (
    BaselineOption,
    EncodingOption,
    Format,
    FormatOption,
    JobsOption,
    OutputOption,
    StrictOption,
    check_encoding,
    process_count,
)

NAME, SHORT_HELP = "validate", "检查目录文件,报告每个问题的文件、行和列。"


def command(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="要检查的目录或文件,默认 ./catalog。目录中的 catalog.yaml 是目录说明与部门名册,其他 YAML 文件是领域文件。"
             "- 表示从标准输入读取一个文件(编辑器、git show 版本:文件 | gwstd validate -)。",
        show_default=False, metavar="[路径]...")] = None,
    fmt: FormatOption = Format.human,
    strict: StrictOption = False,
    encoding: EncodingOption = None,
    output: OutputOption = None,
    jobs: JobsOption = 0,
    baseline: BaselineOption = None,
    require_scope: Annotated[bool, typer.Option(
        "--require-scope", help="每个事项都必须标注范围要点(scope),否则警告。")] = False,
    stdin_name: Annotated[Optional[str], typer.Option(
        "--stdin-name", metavar="文件名",
        help="从标准输入(-)读取时,把内容当作这个文件检查并在报告中这样称呼它,如 catalog/yiwu-jiaoyu.yaml:"
             "同一目录的其他文件照常读取,用于核对编号和部门。")] = None,
    whole_catalogue: Annotated[bool, typer.Option(
        "--whole-catalogue",
        help="给出的每个文件代表它所属的整个目录(含 catalog.yaml 的文件夹):检查并报告该目录的全部文件。"
             "pre-commit 钩子用它发现跨文件的问题(如删除了仍被引用的部门)。")] = False,
    fix: Annotated[bool, typer.Option(
        "--fix", help="自动修正有把握的问题(gwstd rules 中标为“可自动修正”的规则),直接改写文件,保留注释和格式;"
                      "然后报告还剩下的问题。无法读取的文件不会改动。")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="与 --fix 一起用:只显示将要作的修改(diff),不改写文件。")] = False,
) -> None:
    """检查目录文件:JSON Schema 和领域规则,报告每个问题的文件、行和列。"""
    import gc

    from gwstd.cli.output import Progress, fail, finish, report_to
    from gwstd.reports.base import Report
    from gwstd.validate.pipeline import ValidateOptions, validate_paths

    # A short-lived run over large, acyclic data: reference counting frees it, and the cycle
    # collector would only walk it again and again.
    gc.disable()
    check_encoding(encoding)
    if dry_run and not fix:
        fail("--dry-run 只与 --fix 一起使用")
    if fix:
        if "-" in (paths or []):
            fail("--fix 不能用于标准输入(-):请给出要修正的文件或目录")
        if _fixed(paths or ["catalog"], encoding=encoding, dry_run=dry_run):
            raise typer.Exit(1)  # --dry-run: there is something to fix (the diff says what)
    sources, paths, failed_stdin = _standard_input(paths or ["catalog"], stdin_name, encoding)
    progress = Progress("检查目录文件")
    options = ValidateOptions(encoding=encoding, jobs=process_count(jobs), baseline_file=baseline,
                              require_scope=require_scope, progress=progress, sources=sources,
                              whole_catalogues=whole_catalogue)
    try:
        result = validate_paths(paths, options)
    finally:
        progress.close()
    if failed_stdin is not None:
        result.diagnostics.insert(0, failed_stdin)
        result.files.insert(0, failed_stdin.file)
    report_to("diagnostics", fmt.value, Report(command="validate", diagnostics=result.diagnostics,
                                               summary=result.summary, files=result.files, strict=strict), output)
    finish(result.diagnostics, strict=strict)


def _fixed(paths: list[str], *, encoding: Optional[str], dry_run: bool) -> bool:
    """``--fix``: every sure correction made, all files or none, and said on stderr; with ``dry_run``, the diff
    on stdout instead. True when a dry run found something to fix."""
    from gwstd.cli.output import stop
    from gwstd.seams.files import OutputError, write_files
    from gwstd.seams.streams import visible
    from gwstd.validate.fixing import plan_fixes

    unloaded: list[str] = []
    planned = plan_fixes(paths, encoding=encoding, unloaded=unloaded)
    # (a file that does not load was not looked at: "nothing to fix" would say too much)
    untouched = (f";无法读取的 {len(unloaded)} 个文件没有改动,改正其中的读取错误后再运行一次" if unloaded else "")
    problems = sum(f.fixed.removed for f in planned)
    if dry_run:
        for f in planned:
            typer.echo(visible(f.diff()), nl=False)
        if planned:
            typer.echo(f"gwstd:可自动修正 {problems} 个问题({len(planned)} 个文件);这是预览,没有改写文件,"
                       "去掉 --dry-run 即修正" + untouched, err=True)
        else:
            typer.echo(f"gwstd:没有可自动修正的问题{untouched}", err=True)
        return bool(planned)
    import os

    # A file its owner made read-only is not one to rewrite behind their back (a rename would do it).
    refused = [f for f in planned if not os.access(f.path, os.W_OK)]
    for f in refused:
        typer.echo(f"gwstd:{visible(f.shown)} 是只读文件,其中 {f.fixed.removed} 个可自动修正的问题没有修正", err=True)
    planned = [f for f in planned if f not in refused]
    if not planned:
        if not refused:
            typer.echo(f"gwstd:没有可自动修正的问题{untouched}", err=True)
        return False
    try:
        write_files({f.path: f.data for f in planned})
    except OutputError as exc:
        stop(exc, command="validate")
    problems = sum(f.fixed.removed for f in planned)
    typer.echo(f"gwstd:已自动修正 {problems} 个问题,改写了 {len(planned)} 个文件:"
               + "、".join(f"{visible(f.shown)}({len(f.fixed.fixes)} 处)" for f in planned) + untouched, err=True)
    return False


def _standard_input(paths: list[str], name: Optional[str], encoding: Optional[str]):  # noqa: ANN202
    """``-`` among the paths: the document read from standard input, as the text standing in for the file it
    is checked as (``name``, or ``-``). Gives (sources, paths, the diagnostic when it cannot be read)."""
    from gwstd.cli.output import fail
    from gwstd.diagnostics import codes
    from gwstd.load.document import LoadError
    from gwstd.load.read import read_stream
    from gwstd.seams.streams import printable_path, visible

    if name is not None and "-" not in paths:
        fail("--stdin-name 只在从标准输入读取(路径写 -)时使用")
    if "-" not in paths:
        return {}, paths, None
    if len(paths) > 1:
        # Alone, the file it stands for is found the one way it is named (its siblings through its folder);
        # beside other paths the same file could be reached twice, once from disk.
        fail("从标准输入读取(-)时不能再给其他路径;要核对同一目录的其他文件,请用 --stdin-name 指明它是哪个文件")
    if name is not None and (name.strip() in ("", "-") or Path(name).is_dir()):
        fail(f"--stdin-name 应是一个文件名(如 catalog/yiwu-jiaoyu.yaml),而不是「{visible(printable_path(name))}」")
    source = name or "-"
    shown = printable_path(source)
    stdin = getattr(sys.stdin, "buffer", None)
    if stdin is None:
        return {}, [], codes.make("GW001", file=shown, reason="没有可读取的标准输入")
    if sys.stdin.isatty():
        print("gwstd:正在从标准输入读取(输入完按 Ctrl+D,Windows 上按 Ctrl+Z 再回车)……", file=sys.stderr)
    try:
        text = read_stream(stdin, display=shown, encoding=encoding)
    except LoadError as exc:
        return {}, [], exc.diagnostic
    return {Path(source): text}, [source], None
