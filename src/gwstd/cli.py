"""The command line: each command turns its arguments into options, calls the core, reports, exits.

Exit codes: 0 clean, 1 problems found, 2 usage or I/O error. No Python traceback reaches the user.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from io import StringIO
from pathlib import Path
from typing import Annotated, Optional

import typer

from gwstd import __version__
from gwstd.reporters import REPORTERS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="gwstd",
    help="gwstd:政务公开事项标准目录工具。检查 YAML 目录文件,编制 Excel 和 HTML 目录。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Format = Enum("Format", {name: name for name in REPORTERS}, type=str)  # choices come from the registry

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="输出格式:" + ";".join(f"{k} {v[1]}" for k, v in REPORTERS.items()),
                 case_sensitive=False),
]
OutputOption = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="把报告写入文件(先写临时文件再改名),而不是输出到屏幕。", dir_okay=False),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="警告也视为失败(退出码 1)。")]
EncodingOption = Annotated[
    Optional[str],
    typer.Option("--encoding", help="不是 UTF-8 的文件按此编码读取并转换(如 gb18030);默认只读 UTF-8(可带 BOM)。"),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gwstd {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="显示版本并退出。", callback=_version,
                                          is_eager=True)] = False,
) -> None:
    """gwstd:政务公开事项标准目录工具。"""


def _emit(report: object, fmt: Format, output: Path | None) -> None:
    from gwstd.fsutil import OutputError, atomic_write_text
    from gwstd.reporters import get_reporter

    render = get_reporter(fmt.value)
    if output is None:
        render(report, sys.stdout)
        return
    buffer = StringIO()
    render(report, buffer)
    try:
        atomic_write_text(output, buffer.getvalue())
    except OutputError as exc:
        _fail(str(exc))


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    typer.echo(f"gwstd:{message}", err=True)
    raise typer.Exit(code)


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="要检查的目录或文件,默认 ./catalog。目录中的 catalog.yaml 是目录说明与部门名册,其他 YAML 文件是领域文件。",
        show_default=False)] = None,
    fmt: FormatOption = Format.human,
    strict: StrictOption = False,
    encoding: EncodingOption = None,
    output: OutputOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
                                      help="并行进程数,默认为 CPU 核数;1 表示不并行。文件较少时自动不并行。")] = 0,
) -> None:
    """检查目录文件:JSON Schema 和领域规则,报告每个问题的文件、行和列。"""
    import gc

    from gwstd.reporters import Report
    from gwstd.validate import ValidateOptions, validate_paths

    # A short-lived run over large, acyclic node trees: reference counting frees them, and the cycle
    # collector would only walk them again and again.
    gc.disable()

    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            _fail(f"--encoding 指定的编码「{encoding}」不存在,可用如 utf-8、gb18030")
    options = ValidateOptions(encoding=encoding, jobs=jobs or os.cpu_count() or 1)
    result = validate_paths(paths or [Path("catalog")], options)
    summary = result.summary
    report = Report(command="validate", diagnostics=result.diagnostics, summary=summary, files=result.files,
                    strict=strict)
    _emit(report, fmt, output)
    if result.io_failed:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_PROBLEMS if summary.failed(strict=strict) else EXIT_OK)


@app.command()
def rules(
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式:human 或 json。")] = "human",
) -> None:
    """列出所有问题代码及其标题、说明和示例。"""
    from gwstd.codes import CODES

    if fmt not in ("human", "json"):
        _fail(f"--format 只能是 human 或 json,而不是「{fmt}」")
    if fmt == "json":
        import json

        rows = [{"code": c.code, "title": c.title, "severity": c.severity.key, "description": c.description,
                 "example": c.example} for c in CODES.values()]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="gwstd 问题代码", show_lines=True)
    for column in ("代码", "级别", "标题", "说明", "示例"):
        table.add_column(column, overflow="fold")
    for c in CODES.values():
        table.add_row(c.code, c.severity.label, c.title, c.description, c.example)
    Console(highlight=False).print(table)


# ------------------------------------------------------------------------------------------------------


_USAGE_PHRASES = [
    ("No such option", "没有这个选项"),
    ("No such command", "没有这个命令"),
    ("Missing argument", "缺少参数"),
    ("Missing option", "缺少选项"),
    ("Missing parameter", "缺少参数"),
    ("Invalid value for", "取值无效:"),
    ("Got unexpected extra arguments", "多余的参数"),
    ("Got unexpected extra argument", "多余的参数"),
    ("Option", "选项"),
    ("requires an argument", "需要一个值"),
    ("is not one of", "不是以下之一:"),
    ("Did you mean", "是不是想写"),
]


def _usage_message(exc: BaseException) -> str:
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    for english, chinese in _USAGE_PHRASES:
        text = text.replace(english, chinese)
    return text


def _is_usage_error(exc: BaseException) -> bool:
    # typer vendors its own click; match by class name so either works.
    return any(cls.__name__ in ("UsageError", "ClickException") for cls in type(exc).__mro__)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``gwstd`` script and ``python -m gwstd``."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="gwstd", standalone_mode=False)
    except KeyboardInterrupt:
        print("\ngwstd:已中断", file=sys.stderr)
        return 130
    except BaseException as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if isinstance(exc, SystemExit):
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        if type(exc).__name__ == "Abort":
            print("\ngwstd:已中断", file=sys.stderr)
            return 130
        if _is_usage_error(exc):
            print(f"gwstd:用法错误:{_usage_message(exc)}\n运行 gwstd --help 查看用法。", file=sys.stderr)
            return EXIT_USAGE
        if os.environ.get("GWSTD_DEBUG"):
            raise
        print(f"gwstd:内部错误({type(exc).__name__}: {exc})。这是 gwstd 的缺陷,请报告;"
              "设置环境变量 GWSTD_DEBUG=1 可显示详细信息。", file=sys.stderr)
        return EXIT_USAGE
    return result if isinstance(result, int) else EXIT_OK
