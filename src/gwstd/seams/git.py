"""Running git: the one place gwstd starts a process."""

from __future__ import annotations

import subprocess
from pathlib import Path

from gwstd.diagnostics.errors import GwstdError


class EditionError(GwstdError):
    """An edition that cannot be read (GW502); the message is for users (Chinese)."""

    code = "GW502"


def git(args: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise EditionError("找不到 git 命令,无法按版本读取目录") from None
    except subprocess.TimeoutExpired:
        raise EditionError("git 命令超时") from None
    if result.returncode != 0:  # git's own words are English (or the user's locale): quoted after ours
        said = result.stderr.decode("utf-8", "replace").strip()
        raise EditionError(f"git {args[0]} 命令失败" + (f"(git 的原话:{said})" if said else ""))
    return result.stdout
