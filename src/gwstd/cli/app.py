"""The command line: the typer app, its commands (one module each beside this one), main() and run().

Each command turns its arguments into options, calls the core, hands the result to a report and exits with
the code output.exit_code decides: 0 clean, 1 problems found, 2 usage or I/O error. No Python traceback
reaches the user.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations at start-up, and
# evaluating them from strings took longer than the rest of building --help.
import os
import sys
from typing import Annotated, Callable

# typer imports rich for its help when it is installed, which costs more start-up than the rest of a run.
os.environ.setdefault("TYPER_USE_RICH", "0")


def _speak_chinese() -> None:
    """Translate click's and typer's own words (Usage, Options, "Show this message and exit", their errors).

    Both mark those strings for gettext and look them up in the global domain when they are used, so gwstd
    binds its catalogue (locale/zh_CN/LC_MESSAGES/gwstd.mo, from gwstd.po) as that domain before typer is
    imported. gettext picks the language from the environment; gwstd speaks only Chinese, whatever the
    machine's locale (Chinese Windows sets no LANGUAGE), so the language is set here too. The catalogue is
    found in the package folder (gwstd/locale, through gwstd.seams.resources), not through importlib.resources,
    which costs start-up time on every run.
    """
    import gettext

    from gwstd.seams.resources import package_dir

    gettext.bindtextdomain("gwstd", str(package_dir() / "locale"))
    gettext.textdomain("gwstd")
    os.environ["LANGUAGE"] = "zh_CN"


_speak_chinese()

import click  # noqa: E402
import typer  # noqa: E402

from gwstd import __version__
from gwstd.cli import build, completion, coverage, diff, import_, init, rules, serve, stats, validate
from gwstd.cli.helpformat import Command, Group
from gwstd.cli import EXIT_OK, EXIT_USAGE
from gwstd.seams import streams

app = typer.Typer(
    name="gwstd",
    help="gwstd:政务公开事项标准目录工具。检查 YAML 目录文件,编制 Excel 和 HTML 目录。",
    no_args_is_help=True,
    suggest_commands=False,  # typer appends "Did you mean …" in English; click's own suggestion is translated
    # typer's own --install-completion speaks English; `gwstd completion` does the same in Chinese.
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help, however typer was first imported: rich's boxed help measures Chinese by its own rules
    # and costs start-up time (helpformat.py lays help out by display width instead).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=Group,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
)


def _command(name: str | None = None, *, short_help: str) -> Callable:
    """A command with the Chinese help layout and placeholders (click's defaults are [OPTIONS], PATH, TEXT)."""
    return app.command(name, cls=Command, options_metavar="[选项]", short_help=short_help)


# In the order `gwstd --help` lists them.
COMMANDS = (validate, coverage, build, serve, import_, diff, stats, init, rules, completion)
for _module in COMMANDS:
    _command(_module.NAME, short_help=_module.SHORT_HELP)(_module.command)
del _module

COMPLETE_VAR = completion.COMPLETE_VAR


def _version(value: bool) -> None:
    if value:
        from gwstd.load import loader

        fast = "已启用" if loader._fastyaml is not None else "未编译(安装时缺少 C 编译器或 libyaml 开发文件;结果相同,大目录检查会慢一些)"
        typer.echo(f"gwstd {__version__}\nYAML 快速读取(C 扩展):{fast}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="显示版本并退出。", callback=_version,
                                          is_eager=True)] = False,
) -> None:
    """gwstd:政务公开事项标准目录工具。"""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``gwstd`` script and ``python -m gwstd``."""
    sys.stdout = streams.make_safe(sys.stdout)
    sys.stderr = streams.make_safe(sys.stderr)
    command = typer.main.get_command(app)
    if os.environ.get(COMPLETE_VAR):  # a shell asking for completions: typer answers it in command.main
        from typer.completion import completion_init

        completion_init()
    try:
        result = command.main(args=argv, prog_name="gwstd", standalone_mode=False, complete_var=COMPLETE_VAR)
    except (KeyboardInterrupt, click.exceptions.Abort):
        print("\ngwstd:已中断", file=sys.stderr)
        return 130
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `gwstd` or `gwstd init`: the help, nothing else
        print(exc.ctx.get_help())
        return EXIT_USAGE
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "gwstd"
        print(f"gwstd:用法错误:{exc.format_message()}\n运行 {where} --help 查看用法。", file=sys.stderr)
        return EXIT_USAGE
    except click.ClickException as exc:
        print(f"gwstd:{exc.format_message()}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except BaseException as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("GWSTD_DEBUG"):
            raise
        print(f"gwstd:内部错误({type(exc).__name__}: {exc})。这是 gwstd 的缺陷,请报告;"
              "设置环境变量 GWSTD_DEBUG=1 可显示详细信息。", file=sys.stderr)
        return EXIT_USAGE
    return result if isinstance(result, int) else EXIT_OK


def run() -> None:
    """The ``gwstd`` script: main(), then exit without tearing the interpreter down.

    Freeing every object one by one at exit costs a pre-commit hook about 10 ms on each run and does nothing
    useful here: outputs are written and closed (atomically) before main() returns, and gwstd registers no
    exit handlers. The streams are flushed first.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # e.g. `gwstd validate | head`: the reader has gone
            pass
    os._exit(code)
