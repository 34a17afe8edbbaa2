"""gwstd init: a new catalogue repository (catalogue files, schemas, pre-commit hook, CI configuration)."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from pathlib import Path
from typing import Annotated

import typer

NAME, SHORT_HELP = "init", "创建目录仓库(含 pre-commit 钩子和 CI 配置)。"


def command(
    directory: Annotated[Path, typer.Argument(help="新目录仓库的文件夹(不存在时创建)。", metavar="文件夹")],
    from_sample: Annotated[bool, typer.Option("--from-sample", help="复制随附的示例县完整目录,而不是空白样例。")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的文件。")] = False,
) -> None:
    """创建目录仓库:catalog/(目录说明、部门名册和每个试点领域一个文件)、schemas/、pre-commit 钩子、GitHub 和 GitLab 的 CI 配置和说明。"""
    from gwstd.cli.output import fail, finish, stop
    from gwstd.scaffold.repository import repository_files
    from gwstd.seams.files import (
        OutputError,
        atomic_write_text,
        ensure_dir,
        existing_files,
    )

    files = repository_files(from_sample=from_sample)
    existing = existing_files(directory, files, force=force)
    if existing:
        fail("以下文件已存在,为避免覆盖没有创建(可加 --force 覆盖):" + "、".join(sorted(existing)))
    try:
        for name, text in files.items():
            ensure_dir((directory / name).parent)
            atomic_write_text(directory / name, text)
    except OutputError as exc:
        stop(exc, command=NAME)
    typer.echo(f"已在 {directory} 中创建目录仓库({len(files)} 个文件)。")
    if from_sample:
        typer.echo(f"下一步:cd {directory} && gwstd validate && gwstd build")
    else:
        typer.echo(f"下一步:编辑 {directory / 'catalog'} 中的文件,把“待填写”和 XX 换成实际内容,再运行 gwstd validate。")
    finish()
