"""Options shared by several commands, declared once: --format (its choices from the report registry),
--output, --strict, --baseline, --jobs, --encoding, and the checks of their values."""

# No `from __future__ import annotations`: these are read by typer at start-up as they are.
import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

from gwstd.reports import registry as formats


def choices(kind: str, *more: str) -> type[Enum]:
    """The --format choices of a result kind (and of ``more`` kinds the command also gives, after its own),
    from the one registry of output formats."""
    names = dict.fromkeys(name for k in (kind, *more) for name in formats.names(k))
    return Enum(f"{kind.title()}Format", {name: name for name in names}, type=str)


def format_option(kind: str, by_county: str | None = None) -> object:
    """The --format/-f option of a command whose result is of ``kind``; with ``by_county``, the kind its
    ``--by county`` gives, whose formats the command's own lacks are said to be for it alone."""
    text = formats.help_text(kind)
    if by_county is not None:
        extra = [f for name, f in formats.FORMATS[by_county].items() if name not in formats.FORMATS[kind]]
        text += "".join(f";{f.name} {f.description}(仅用于 --by county)" for f in extra)
    return typer.Option("--format", "-f", help=text, case_sensitive=False, metavar="格式")


Format = choices("diagnostics")
CoverageFormat = choices("coverage", "county-coverage")
DiffFormat = choices("changes")
StatsFormat = choices("stats", "county-stats")
ImportFormat = choices("import")
CodesFormat = choices("codes")
Book = choices("books")

FormatOption = Annotated[Format, format_option("diagnostics")]
CoverageFormatOption = Annotated[CoverageFormat, format_option("coverage", "county-coverage")]
DiffFormatOption = Annotated[DiffFormat, format_option("changes")]
StatsFormatOption = Annotated[StatsFormat, format_option("stats", "county-stats")]
ImportFormatOption = Annotated[ImportFormat, format_option("import")]
CodesFormatOption = Annotated[CodesFormat, format_option("codes")]
OnlyOption = Annotated[Optional[list[Book]], typer.Option(
    "--only", help=formats.help_text("books", lead="只生成这些(可重复,如 --only excel --only pdf):"),
    case_sensitive=False, show_default=False,
    metavar="[" + "|".join(formats.names("books")) + "]")]

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


class By(str, Enum):
    """What --by rolls figures up by: one row per county of a province."""

    county = "county"


ByOption = Annotated[Optional[By], typer.Option(
    "--by", help="按县汇总:每个县一行,便于省级比较(可传入省级文件夹)。", case_sensitive=False,
    show_default=False, metavar="county")]


class _Percent(click.types.FloatRange):
    """A percentage from 0 to 100; "nan" (which every comparison lets through) is refused too."""

    name = "百分比"

    def __init__(self) -> None:
        super().__init__(0, 100)

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"「{value}」不是 0 到 100 之间的数", param, ctx)
        return number


MinCoverageOption = Annotated[Optional[float], typer.Option(
    "--min-coverage", metavar="百分比", click_type=_Percent(), show_default=False,
    help="覆盖率下限(0–100,如 80):有县(或目录)的覆盖率低于它时退出码为 1,并在标准错误中列出;"
         "没有应覆盖的要点或无法读取的县也算低于下限。给出此项时,是否失败只看这个下限。")]
EncodingOption = Annotated[
    Optional[str],
    typer.Option("--encoding", metavar="编码",
                 help="不是 UTF-8 的文件按此编码读取并转换(如 gb18030);默认只读 UTF-8(可带 BOM)。"),
]


def process_count(requested: int) -> int:
    """--jobs 0 (the default) means one process per CPU core."""
    from gwstd.cli.output import fail

    if requested < 0:
        fail(f"--jobs 不能是负数(收到 {requested});0 表示按 CPU 核数,1 表示不并行")
    return requested or os.cpu_count() or 1


def check_encoding(encoding: Optional[str]) -> None:
    """A text encoding that decodes bytes: not a missing name, nor a codec such as "undefined" (refuses every
    byte) or "rot13" (text to text), which would only fail later, file by file."""
    from gwstd.cli.output import fail

    if encoding:
        try:
            "gwstd 目录".encode("gb18030").decode(encoding, "replace")
        except (LookupError, UnicodeError, TypeError, ValueError):
            fail(f"--encoding 指定的编码「{encoding}」不存在或不能用于读取文本,可用如 utf-8、gb18030")
