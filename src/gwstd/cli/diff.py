"""gwstd diff: the changes between two editions of a catalogue (folders or git revisions)."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from pathlib import Path
from typing import Annotated

import typer

from gwstd.cli.options import (
    DiffFormat,
    DiffFormatOption,
    EncodingOption,
    OutputOption,
    check_encoding,
)

NAME, SHORT_HELP = "diff", "比较两个版本的目录。"


def command(
    editions: Annotated[list[str], typer.Argument(metavar="版本...",
        help="两个版本:目录文件夹或 git 版本(提交、标签、分支),如 `v2023 HEAD`、`v2023..HEAD`、`旧目录/ catalog/`;"
             "只给一个时与当前的目录文件夹比较。", show_default=False)],
    fmt: DiffFormatOption = DiffFormat.human,
    catalog: Annotated[Path, typer.Option("--catalog", help="仓库中目录文件夹的位置(按 git 版本读取时使用)。",
                                          metavar="文件夹")] = Path("catalog"),
    exit_code: Annotated[bool, typer.Option("--exit-code", help="有差别时退出码为 1(像 git diff --exit-code)。")] = False,
    output: OutputOption = None,
    encoding: EncodingOption = None,
) -> None:
    """比较两个版本的目录:新增、删除、修改(逐字段)和移动的事项,以及部门信息的变更。"""
    from gwstd.cli.output import fail, finish, problems_on_stderr, report_to, stop
    from gwstd.editions.changes import changes_between
    from gwstd.seams.git import EditionError

    check_encoding(encoding)
    if len(editions) == 1 and ".." in editions[0] and not Path(editions[0]).exists():
        editions = editions[0].split("..", 1)
    if len(editions) == 1:
        editions = [editions[0], str(catalog)]
    if len(editions) != 2:
        fail("diff 需要两个版本,如 gwstd diff v2023 HEAD")
    try:
        changes, problems = changes_between(editions[0], editions[1] or "HEAD", folder=catalog, encoding=encoding)
    except EditionError as exc:
        stop(exc, command=NAME, fmt=fmt.value, output=output)
    if problems:  # an edition with unreadable files: no changes to speak of
        problems_on_stderr(NAME, problems)
        finish(problems, unusable=True)
    report_to("changes", fmt.value, changes, output)
    finish(problems=exit_code and not changes.empty)
