"""The command line: each command turns its arguments into options, calls the core, reports, exits.

Exit codes: 0 clean, 1 problems found, 2 usage or I/O error. No Python traceback reaches the user.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations at start-up, and
# evaluating them from strings took longer than the rest of building --help.
import os
import sys
from enum import Enum
from io import StringIO
from pathlib import Path
from typing import Annotated, Callable, Optional, TextIO

# typer imports rich for its help when it is installed, which costs more start-up than the rest of a run.
os.environ.setdefault("TYPER_USE_RICH", "0")


def _speak_chinese() -> None:
    """Translate click's and typer's own words (Usage, Options, "Show this message and exit", their errors).

    Both mark those strings for gettext and look them up in the global domain when they are used, so gwstd
    binds its catalogue (locale/zh_CN/LC_MESSAGES/gwstd.mo, from gwstd.po) as that domain before typer is
    imported. gettext picks the language from the environment; gwstd speaks only Chinese, whatever the
    machine's locale (Chinese Windows sets no LANGUAGE), so the language is set here too. The catalogue is
    found in the package (gwstd/locale), not through importlib.resources, which costs start-up time on every run.
    """
    import gettext

    gettext.bindtextdomain("gwstd", os.path.join(os.path.dirname(os.path.dirname(__file__)), "locale"))
    gettext.textdomain("gwstd")
    os.environ["LANGUAGE"] = "zh_CN"


_speak_chinese()

import click  # noqa: E402
import typer  # noqa: E402

from gwstd import __version__
from gwstd.cli.helpformat import Command, Group
from gwstd.reports import registry as formats
from gwstd.seams import streams

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

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


def _choices(kind: str) -> type[Enum]:
    """The --format choices of a result kind, from the one registry of output formats."""
    return Enum(f"{kind.title()}Format", {name: name for name in formats.names(kind)}, type=str)


Format = _choices("diagnostics")
CoverageFormat = _choices("coverage")
DiffFormat = _choices("changes")
StatsFormat = _choices("stats")

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help=formats.help_text("diagnostics"),
                 case_sensitive=False, metavar="格式"),
]
OutputOption = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="把报告写入文件(先写临时文件再改名),而不是输出到屏幕。", dir_okay=False,
                 metavar="文件"),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="警告也视为失败(退出码 1)。")]
BaselineOption = Annotated[
    Optional[Path],
    typer.Option("--baseline", help="范围指引文件(YAML,格式见 schemas/baseline.schema.json);默认为内置的"
                                    "《基层政务公开范围指引》(川办发〔2017〕90号附件)。", dir_okay=False,
                 metavar="文件"),
]
class _Count(click.types.IntParamType):
    name = "整数"  # click names the type in "「abc」不是有效的…", and does not mark that name for gettext


JobsOption = Annotated[int, typer.Option("--jobs", "-j", metavar="进程数", show_default=False, click_type=_Count(),
                                         help="并行进程数,默认(0)为 CPU 核数;1 表示不并行。文件较少时自动不并行。")]
EncodingOption = Annotated[
    Optional[str],
    typer.Option("--encoding", metavar="编码",
                 help="不是 UTF-8 的文件按此编码读取并转换(如 gb18030);默认只读 UTF-8(可带 BOM)。"),
]


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


def _emit(write: Callable[[TextIO], None], output: Path | None, *, kind: str | None = None) -> None:
    """Write a report to stdout, or whole to ``output`` (UTF-8, a temporary file renamed into place).

    On stdout, machine formats are written whole in what the stream's encoding can carry (a GBK console:
    JSON escapes, XML character references); text for people falls back symbol by symbol (streams.make_safe).
    """
    from gwstd.seams.files import OutputError, atomic_write_text

    if output is not None and str(output) == "-":  # -o - : standard output, as the option's users expect
        output = None
    if output is None:
        if kind is None:
            write(sys.stdout)
        else:
            buffer = StringIO()
            write(buffer)
            sys.stdout.write(streams.fit(buffer.getvalue(), sys.stdout, kind=kind))
        return
    buffer = StringIO()
    write(buffer)
    try:
        atomic_write_text(output, buffer.getvalue())
    except OutputError as exc:
        _fail(str(exc))


def _report(kind: str, name: str, result: object, output: Path | None) -> None:
    """Render ``result`` in the format ``name`` of its kind, to stdout or ``output``."""
    chosen = formats.get(kind, name)
    render = formats.renderer(kind, name)
    _emit(lambda stream: render(result, stream), output, kind=chosen.stream_kind)


PROGRESS_MIN_FILES = 100


class _Progress:
    """A progress bar on stderr for long runs, and only on a terminal: nothing decorative in pipes or CI logs."""

    def __init__(self, description: str):
        self.description = description
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_MIN_FILES or not sys.stderr.isatty() or os.environ.get("CI"):
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(file=sys.stderr), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _jobs(requested: int) -> int:
    """--jobs 0 (the default) means one process per CPU core."""
    if requested < 0:
        _fail(f"--jobs 不能是负数(收到 {requested});0 表示按 CPU 核数,1 表示不并行")
    return requested or os.cpu_count() or 1


def _check_encoding(encoding: str | None) -> None:
    """A text encoding that decodes bytes: not a missing name, nor a codec such as "undefined" (refuses every
    byte) or "rot13" (text to text), which would only fail later, file by file."""
    if encoding:
        try:
            "gwstd 目录".encode("gb18030").decode(encoding, "replace")
        except (LookupError, UnicodeError, TypeError, ValueError):
            _fail(f"--encoding 指定的编码「{encoding}」不存在或不能用于读取文本,可用如 utf-8、gb18030")


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    typer.echo(f"gwstd:{message}", err=True)
    raise typer.Exit(code)


@_command(short_help="检查目录文件,报告每个问题的文件、行和列。")
def validate(
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
) -> None:
    """检查目录文件:JSON Schema 和领域规则,报告每个问题的文件、行和列。"""
    import gc

    from gwstd.reports.base import Report
    from gwstd.validate.pipeline import ValidateOptions, validate_paths

    # A short-lived run over large, acyclic data: reference counting frees it, and the cycle
    # collector would only walk it again and again.
    gc.disable()

    _check_encoding(encoding)
    paths = paths or ["catalog"]
    sources, paths, failed_stdin = _standard_input(paths, stdin_name, encoding)
    progress = _Progress("检查目录文件")
    options = ValidateOptions(encoding=encoding, jobs=_jobs(jobs), baseline_file=baseline,
                              require_scope=require_scope, progress=progress, sources=sources)
    try:
        result = validate_paths(paths, options)
        if failed_stdin is not None:
            result.diagnostics.insert(0, failed_stdin)
            result.files.insert(0, failed_stdin.file)
    finally:
        progress.close()
    summary = result.summary
    report = Report(command="validate", diagnostics=result.diagnostics, summary=summary, files=result.files,
                    strict=strict)
    _report("diagnostics", fmt.value, report, output)
    if result.io_failed:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_PROBLEMS if summary.failed(strict=strict) else EXIT_OK)


def _standard_input(paths: list[str], name: str | None, encoding: str | None):  # noqa: ANN202
    """``-`` among the paths: the document read from standard input, as the text standing in for the file it
    is checked as (``name``, or ``-``). Gives (sources, paths, the diagnostic when it cannot be read)."""
    from gwstd.diagnostics import codes
    from gwstd.load.document import LoadError
    from gwstd.load.read import read_stream
    from gwstd.seams.streams import printable_path

    if name is not None and "-" not in paths:
        _fail("--stdin-name 只在从标准输入读取(路径写 -)时使用")
    if "-" not in paths:
        return {}, paths, None
    if len(paths) > 1:
        # Alone, the file it stands for is found the one way it is named (its siblings through its folder);
        # beside other paths the same file could be reached twice, once from disk.
        _fail("从标准输入读取(-)时不能再给其他路径;要核对同一目录的其他文件,请用 --stdin-name 指明它是哪个文件")
    if name is not None and (name.strip() in ("", "-") or Path(name).is_dir()):
        _fail(f"--stdin-name 应是一个文件名(如 catalog/yiwu-jiaoyu.yaml),而不是「{printable_path(name)}」")
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


@_command(short_help="对照范围指引检查覆盖情况。")
def coverage(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="要检查的目录,默认 ./catalog;可以是包含多个县目录的文件夹。", show_default=False,
        metavar="[目录]...")] = None,
    fmt: Annotated[CoverageFormat, typer.Option(
        "--format", "-f", case_sensitive=False, metavar="格式",
        help=formats.help_text("coverage"))] = CoverageFormat.human,
    baseline: BaselineOption = None,
    all_domains: Annotated[bool, typer.Option(
        "--all-domains", help="范围指引中目录没有的领域也计入(其要点都算未覆盖)。")] = False,
    output: OutputOption = None,
    encoding: EncodingOption = None,
    jobs: JobsOption = 0,
) -> None:
    """检查目录对范围指引的覆盖:每个领域已覆盖和未覆盖的范围要点,以及覆盖率。有要点未覆盖时退出码为 1。"""
    from gwstd.catalogue.coverage import compute
    from gwstd.reports.base import CoverageReport
    from gwstd.validate.pipeline import ValidateOptions, validate_paths
    from gwstd.validate.scopeguide import load_baseline

    _check_encoding(encoding)
    guide, problems = load_baseline(baseline, encoding=encoding)
    if guide is None:  # the floor itself is unusable: say why, in the same format
        _report("coverage", fmt.value, CoverageReport([], problems), output)
        raise typer.Exit(EXIT_USAGE)
    options = ValidateOptions(encoding=encoding, jobs=_jobs(jobs))
    result = validate_paths(paths or ["catalog"], options, baseline=guide)
    # Coverage speaks of scope points; the rest of validate's findings are validate's to report.
    shown = [d for d in result.diagnostics if d.code == "GW214" or d.code.startswith("GW0")]
    reports = [compute(index, guide, root=group.root_name if group.root is not None else "", all_domains=all_domains)
               for group, index in result.catalogues if group.root is not None or index.items]
    _report("coverage", fmt.value, CoverageReport(reports, shown), output)
    if result.io_failed:
        raise typer.Exit(EXIT_USAGE)
    failed = any(not r.complete for r in reports) or any(d.severity.key == "error" for d in shown)
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


@_command(short_help="编制 Excel 目录和 HTML 目录。")
def build(
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
    only: Annotated[Optional[str], typer.Option(
        "--only", help="只生成一种:excel(Excel 目录)或 html(网页目录)。", show_default=False,
        metavar="[excel|html]")] = None,
    baseline: BaselineOption = None,
    encoding: EncodingOption = None,
    jobs: JobsOption = 0,
) -> None:
    """编制目录:生成 Excel 目录(全国通用表式)和可离线检索、打印的 HTML 目录(dist/html/index.html)。目录有错误时拒绝生成,除非 --force。"""
    from gwstd.books.build import BOOKS, BuildOptions, build_books
    from gwstd.books.html import TemplateProblem
    from gwstd.editions.read import EditionError
    from gwstd.reports.base import Report
    from gwstd.seams.files import OutputError
    from gwstd.validate.pipeline import ValidateOptions

    _check_encoding(encoding)
    if templates is not None and not templates.is_dir():
        _fail(f"--templates 指定的模板文件夹不存在:{templates}")
    if only is not None and only not in BOOKS:
        _fail(f"--only 只能是 excel 或 html,而不是「{only}」")
    validate_options = ValidateOptions(encoding=encoding, jobs=_jobs(jobs), baseline_file=baseline)
    books = frozenset({only}) if only else BOOKS
    try:
        outcome = build_books(paths or ["catalog"], BuildOptions(out_dir=out, force=force, templates=templates,
                                                                        since=since, books=books,
                                                                        validate=validate_options))
    except OutputError as exc:
        _fail(str(exc))
    except EditionError as exc:
        _fail(f"--since:{exc}")
    except TemplateProblem as exc:
        _fail(f"模板错误:{exc}")
    validation = outcome.validation
    problems = [d for d in validation.diagnostics if d.severity.key != "info"] + outcome.problems
    if problems:  # shown as validate shows them, on stderr: stdout says what was built
        report = Report(command="build", diagnostics=problems, summary=validation.summary, files=validation.files)
        formats.renderer("diagnostics", "human")(report, sys.stderr)
    if validation.io_failed:
        raise typer.Exit(EXIT_USAGE)
    if outcome.errors and not force:
        typer.echo("gwstd:目录有错误,未生成。请先修正上面的错误(或用 --force 强制生成)。", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    if not outcome.built:
        _fail("没有找到可编制的目录(需要 catalog.yaml)")
    for built in outcome.built:
        catalogue = built.catalogue
        for path in built.files:
            typer.echo(f"已生成 {path}({len(catalogue.domains)} 个领域,{len(catalogue.items)} 个事项,"
                       f"{path.stat().st_size / 1024:.0f} KB)")
    raise typer.Exit(EXIT_OK)


@_command("import", short_help="导入已有的 Excel 目录,生成 YAML 目录文件。")
def import_(
    files: Annotated[list[Path], typer.Argument(help="要导入的 Excel 工作簿(.xlsx),可以有多个(如每个领域一个)。",
                                                show_default=False, metavar="工作簿...")],
    out: Annotated[Path, typer.Option("--out", "-o", help="写入 YAML 目录文件的文件夹。",
                                      metavar="文件夹")] = Path("catalog"),
    force: Annotated[bool, typer.Option("--force", help="覆盖输出文件夹中已有的同名文件。")] = False,
    fmt: FormatOption = Format.human,
) -> None:
    """导入已有的 Excel 目录(全国通用表式及各地变体),生成 YAML 目录文件。源表缺少的内容保持缺失,由 gwstd validate 逐项列出。"""
    from gwstd.diagnostics import Summary
    from gwstd.excel_import.assemble import import_workbooks
    from gwstd.excel_import.write import write_catalogue
    from gwstd.reports.base import Report
    from gwstd.seams.files import OutputError

    result = import_workbooks(files)
    diagnostics = list(result.diagnostics)
    written: list[Path] = []
    if result.catalogue is not None:
        try:
            written, refused = write_catalogue(result.catalogue, out, force=force)
        except OutputError as exc:
            _fail(str(exc))
        diagnostics += refused
    if fmt.value == "human":
        for sheet in result.sheets:
            typer.echo(f"工作表「{sheet.sheet}」→ 领域「{sheet.domain}」:表头在第 {sheet.header_rows[0]} 行,"
                       f"数据从第 {sheet.header_rows[1] + 1} 行开始,{sheet.items} 个事项。列的对应:")
            for col in sheet.columns:
                if col.header:
                    typer.echo(f"    {_column_letter(col.column)} 列「{col.header}」→ {col.label}")
    report = Report(command="import", diagnostics=diagnostics, summary=Summary.of(diagnostics, len(files)),
                    files=[str(f) for f in files])
    if diagnostics or fmt.value != "human":
        _report("diagnostics", fmt.value, report, None)
    for path in written:
        typer.echo(f"已写入 {path}", err=fmt.value != "human")
    if written:
        typer.echo(f"请运行 gwstd validate {out} 查看源表缺少、需要补充的内容。", err=fmt.value != "human")
    from gwstd.diagnostics import codes

    if any(codes.is_io(d.code) for d in diagnostics):
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_PROBLEMS if report.summary.errors else EXIT_OK)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


@_command(short_help="比较两个版本的目录。")
def diff(
    editions: Annotated[list[str], typer.Argument(metavar="版本...",
        help="两个版本:目录文件夹或 git 版本(提交、标签、分支),如 `v2023 HEAD`、`v2023..HEAD`、`旧目录/ catalog/`;"
             "只给一个时与当前的目录文件夹比较。", show_default=False)],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", case_sensitive=False, metavar="格式",
                                            help=formats.help_text("changes"))] = DiffFormat.human,
    catalog: Annotated[Path, typer.Option("--catalog", help="仓库中目录文件夹的位置(按 git 版本读取时使用)。",
                                          metavar="文件夹")] = Path("catalog"),
    exit_code: Annotated[bool, typer.Option("--exit-code", help="有差别时退出码为 1(像 git diff --exit-code)。")] = False,
    output: OutputOption = None,
    encoding: EncodingOption = None,
) -> None:
    """比较两个版本的目录:新增、删除、修改(逐字段)和移动的事项,以及部门信息的变更。"""
    from gwstd.editions.read import EditionError
    from gwstd.editions.changes import changes_between
    from gwstd.reports.base import Report

    _check_encoding(encoding)
    if len(editions) == 1 and ".." in editions[0] and not Path(editions[0]).exists():
        editions = editions[0].split("..", 1)
    if len(editions) == 1:
        editions = [editions[0], str(catalog)]
    if len(editions) != 2:
        _fail("diff 需要两个版本,如 gwstd diff v2023 HEAD")
    try:
        changes, problems = changes_between(editions[0], editions[1] or "HEAD", catalog=catalog, encoding=encoding)
    except EditionError as exc:
        _fail(str(exc))
    if problems:
        from gwstd.diagnostics import Summary

        report = Report(command="diff", diagnostics=problems, summary=Summary.of(problems, 0), files=[])
        formats.renderer("diagnostics", "human")(report, sys.stderr)
        raise typer.Exit(EXIT_USAGE)
    _report("changes", fmt.value, changes, output)
    raise typer.Exit(EXIT_PROBLEMS if exit_code and not changes.empty else EXIT_OK)


@_command(short_help="统计事项数和要素完整率。")
def stats(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="目录文件夹,默认 ./catalog;可以是包含多个县目录的文件夹(每个县一份统计)。", show_default=False,
        metavar="[目录]...")] = None,
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", case_sensitive=False, metavar="格式",
                                             help=formats.help_text("stats"))] = StatsFormat.human,
    output: OutputOption = None,
    encoding: EncodingOption = None,
) -> None:
    """统计事项数:按领域、一级事项、部门、渠道、方式、对象、层级和更新周期,以及要素完整率。"""
    from gwstd.catalogue.stats import compute
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    _check_encoding(encoding)
    result, models = load_models(paths or ["catalog"], ValidateOptions(encoding=encoding))
    if result.io_failed or not models:
        _fail("没有找到可统计的目录(需要 catalog.yaml)" if not result.io_failed else
              ";".join(d.message for d in result.diagnostics if d.code.startswith("GW0")))
    all_stats = [compute(catalogue) for _, catalogue in models]
    _report("stats", fmt.value, all_stats, output)
    raise typer.Exit(EXIT_OK)


@_command(short_help="创建目录仓库(含 pre-commit 钩子和 CI 配置)。")
def init(
    directory: Annotated[Path, typer.Argument(help="新目录仓库的文件夹(不存在时创建)。", metavar="文件夹")],
    from_sample: Annotated[bool, typer.Option("--from-sample", help="复制随附的示例县完整目录,而不是空白样例。")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的文件。")] = False,
) -> None:
    """创建目录仓库:catalog/(目录说明、部门名册和每个试点领域一个文件)、schemas/、pre-commit 钩子、GitHub 和 GitLab 的 CI 配置和说明。"""
    from gwstd.scaffold.repository import repository_files
    from gwstd.seams.files import OutputError, atomic_write_text, ensure_dir

    files = repository_files(from_sample=from_sample)
    existing = sorted(name for name in files if (directory / name).exists())
    if existing and not force:
        _fail("以下文件已存在,为避免覆盖没有创建(可加 --force 覆盖):" + "、".join(existing))
    try:
        for name, text in files.items():
            target = directory / name
            ensure_dir(target.parent)
            atomic_write_text(target, text)
    except OutputError as exc:
        _fail(str(exc))
    typer.echo(f"已在 {directory} 中创建目录仓库({len(files)} 个文件)。")
    if from_sample:
        typer.echo(f"下一步:cd {directory} && gwstd validate && gwstd build")
    else:
        typer.echo(f"下一步:编辑 {directory / 'catalog'} 中的文件,把“待填写”和 XX 换成实际内容,再运行 gwstd validate。")
    raise typer.Exit(EXIT_OK)


@_command(short_help="列出所有问题代码及其说明。")
def rules(
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式:human 或 json。", metavar="格式")] = "human",
) -> None:
    """列出所有问题代码及其标题、说明和示例。"""
    from gwstd.diagnostics.codes import CODES

    if fmt not in ("human", "json"):
        _fail(f"--format 只能是 human 或 json,而不是「{fmt}」")
    if fmt == "json":
        import json

        rows = [{"code": c.code, "title": c.title, "severity": c.severity.key, "description": c.description,
                 "example": c.example} for c in CODES.values()]
        _emit(lambda stream: stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n"), None, kind=streams.JSON)
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


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


COMPLETE_VAR = "_GWSTD_COMPLETE"  # set by the completion scripts when the shell asks for candidates


@_command(short_help="命令补全:输出或安装 bash、zsh、fish、PowerShell 的补全脚本。")
def completion(
    shell: Annotated[Optional[Shell], typer.Argument(
        help="bash、zsh、fish、powershell 或 pwsh;不写时自动识别当前的 shell。", show_default=False,
        metavar="[shell]")] = None,
    install: Annotated[bool, typer.Option(
        "--install", help="把补全脚本装入当前用户的 shell 配置(重新打开终端后生效)。")] = False,
) -> None:
    """命令补全:按 Tab 补全命令、选项和取值。不加 --install 时输出补全脚本,可自行放入 shell 配置,如
    bash:gwstd completion bash >> ~/.bashrc;PowerShell:gwstd completion powershell >> $PROFILE。"""
    from typer.completion import completion_init, get_completion_script
    from typer.completion import install as install_script

    completion_init()
    name = shell.value if shell else _detect_shell()
    if not install:
        typer.echo(get_completion_script(prog_name="gwstd", complete_var=COMPLETE_VAR, shell=name))
        raise typer.Exit(EXIT_OK)
    try:
        installed, path = install_script(shell=name, prog_name="gwstd", complete_var=COMPLETE_VAR)
    except OSError as exc:
        _fail(f"无法写入 {name} 的配置文件:{exc.strerror or exc}")
    typer.echo(f"已为 {installed} 安装 gwstd 的命令补全:{path}。重新打开终端后生效。")
    raise typer.Exit(EXIT_OK)


def _detect_shell() -> str:
    import shellingham

    try:
        name, _ = shellingham.detect_shell()
    except (shellingham.ShellDetectionFailure, RuntimeError, OSError):
        _fail("无法识别当前的 shell,请指定,如:gwstd completion bash(可选 bash、zsh、fish、powershell、pwsh)")
    if name not in {s.value for s in Shell}:
        _fail(f"不支持 {name} 的命令补全,可选 bash、zsh、fish、powershell、pwsh")
    return name

# ------------------------------------------------------------------------------------------------------


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
