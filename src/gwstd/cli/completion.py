"""gwstd completion: shell completion scripts for bash, zsh, fish and PowerShell, printed or installed."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from enum import Enum
from typing import Annotated, Optional

import typer

NAME, SHORT_HELP = "completion", "命令补全:输出或安装 bash、zsh、fish、PowerShell 的补全脚本。"
COMPLETE_VAR = "_GWSTD_COMPLETE"  # set by the completion scripts when the shell asks for candidates


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


def command(
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

    from gwstd.cli.output import fail, finish

    completion_init()
    name = shell.value if shell else _detect_shell()
    if not install:
        typer.echo(get_completion_script(prog_name="gwstd", complete_var=COMPLETE_VAR, shell=name))
        finish()
    try:
        installed, path = install_script(shell=name, prog_name="gwstd", complete_var=COMPLETE_VAR)
    except OSError as exc:
        from gwstd.seams.files import os_reason

        fail(f"无法写入 {name} 的配置文件:{os_reason(exc)}")
    typer.echo(f"已为 {installed} 安装 gwstd 的命令补全:{path}。重新打开终端后生效。")
    finish()


def _detect_shell() -> str:
    import shellingham

    from gwstd.cli.output import fail

    try:
        name, _ = shellingham.detect_shell()
    except (shellingham.ShellDetectionFailure, RuntimeError, OSError):
        fail("无法识别当前的 shell,请指定,如:gwstd completion bash(可选 bash、zsh、fish、powershell、pwsh)")
    if name not in {s.value for s in Shell}:
        fail(f"不支持 {name} 的命令补全,可选 bash、zsh、fish、powershell、pwsh")
    return name
