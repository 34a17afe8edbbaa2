"""gwstd init: a new catalogue repository (catalogue files, schemas, pre-commit hook, CI configuration), or
--update: the automation of an existing one refreshed to the running version, its catalogue untouched."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

NAME, SHORT_HELP = "init", "创建目录仓库(含 pre-commit 钩子和 CI 配置),或用 --update 更新已有仓库的配置。"


def command(
    directory: Annotated[Path, typer.Argument(help="目录仓库的文件夹(不存在时创建)。", metavar="文件夹")],
    from_sample: Annotated[bool, typer.Option("--from-sample", help="复制随附的示例县完整目录,而不是空白样例。")] = False,
    source: Annotated[Optional[str], typer.Option(
        "--source", metavar="来源",
        help="CI 和 pre-commit 从哪里安装 gwstd(记在仓库的 .gwstd/source 中):版本号(默认为当前版本,从软件包索引安装)、"
             "带版本的 git 地址(git+https://…/gwstd.git@v0.1.0),或本仓库中存放安装包的文件夹(如 vendor/,内网不联网时用)。")] = None,
    update: Annotated[bool, typer.Option(
        "--update", help="更新已有仓库的 schemas/、CI 配置、pre-commit 配置和编辑器设置到当前版本;不改动 catalog/。")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的文件(catalog/ 中已有的目录文件除外)。")] = False,
    overwrite_catalog: Annotated[bool, typer.Option(
        "--overwrite-catalog", help="用空白样例(或 --from-sample 的示例)替换 catalog/ 中已有的目录文件,并列出替换了哪些。")] = False,
) -> None:
    """创建目录仓库:catalog/(目录说明、部门名册和每个试点领域一个文件)、schemas/、pre-commit 钩子、GitHub 和 GitLab 的 CI 配置和说明。"""
    from gwstd import __version__
    from gwstd.cli.output import fail, finish, stop
    from gwstd.scaffold.repository import CATALOGUE, managed_files, repository_files
    from gwstd.scaffold.source import SOURCE_FILE, SourceError, parse
    from gwstd.seams.files import OutputError, existing_files, write_files

    if update and (from_sample or force or overwrite_catalog):
        fail("--update 只更新配置文件,不能与 --from-sample、--force 或 --overwrite-catalog 同用")
    kept = directory / SOURCE_FILE
    if source is None and update and kept.exists():
        source = _kept_source(kept)  # the repository's own setting
    try:
        chosen = parse(source, version=__version__)
    except SourceError as exc:
        fail(str(exc))
    if update:
        if not (directory / CATALOGUE).is_dir():
            fail(f"{directory} 不是目录仓库(没有 catalog/ 文件夹);新建仓库请去掉 --update")
        files = managed_files(chosen)
    else:
        files = repository_files(from_sample=from_sample, source=chosen, today=today())
        ours = [name for name in files if name.startswith(CATALOGUE)]
        present = existing_files(directory, ours)
        if present and not overwrite_catalog:
            if force:  # the county's filled-in catalogue is never replaced by blank templates
                files = {name: text for name, text in files.items() if not name.startswith(CATALOGUE)}
                typer.echo("catalog/ 中已有目录文件,没有改动(要替换它们须另加 --overwrite-catalog)。")
        elif present:
            typer.echo("将替换 catalog/ 中的以下文件:" + "、".join(present))
        guarded = [name for name in files if not (overwrite_catalog and name.startswith(CATALOGUE))]
        existing = existing_files(directory, guarded, force=force)
        if existing:
            fail("以下文件已存在,为避免覆盖没有创建(可加 --force 覆盖配置文件;catalog/ 中的目录文件须加 "
                 "--overwrite-catalog):" + "、".join(sorted(existing)))
    try:  # every file or none: a full disk leaves no half a repository
        write_files({directory / name: text.encode("utf-8") for name, text in files.items()})
    except OutputError as exc:
        stop(exc, command=NAME)
    if update:
        typer.echo(f"已更新 {directory} 中的 {len(files)} 个文件(gwstd {__version__},来源 {chosen.spec}):"
                   + "、".join(files))
        typer.echo("catalog/ 没有改动。请检查改动后提交:git diff")
    else:
        typer.echo(f"已在 {directory} 中写入 {len(files)} 个文件(gwstd 的来源:{chosen.spec})。")
        if from_sample:
            typer.echo(f"下一步:cd {directory} && gwstd validate && gwstd build")
        else:
            typer.echo(f"下一步:编辑 {directory / 'catalog'} 中的文件,把“待填写”和 XX 换成实际内容,再运行 gwstd validate。")
    finish()


def today() -> date:
    """The day a new repository is made: its blank catalogue's edition (年版) and date (tests replace this)."""
    return date.today()


def _kept_source(path: Path) -> str:
    """The install source a repository keeps in .gwstd/source: one short line, read as such (a FIFO or a huge
    file there ends the command with a message, instead of a hang)."""
    from gwstd.cli.output import fail
    from gwstd.seams.files import InputTooLarge, NotRegularFile, os_reason, read_capped

    try:
        return read_capped(path, 64 * 1024).decode("utf-8").strip()
    except NotRegularFile as exc:
        fail(f"无法读取 {path}:它不是普通文件(是{exc.kind})")
    except InputTooLarge:
        fail(f"无法读取 {path}:文件过大,这里应只有一行安装来源")
    except UnicodeDecodeError:
        fail(f"无法读取 {path}:不是 UTF-8 编码的文本")
    except OSError as exc:
        fail(f"无法读取 {path}:{os_reason(exc)}")
