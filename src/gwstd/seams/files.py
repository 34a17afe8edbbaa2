"""Writing output files so that a failure never leaves half a file behind."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable

from gwstd.diagnostics.errors import GwstdError


class OutputError(GwstdError):
    """An output file could not be written (GW501); the message is for users (Chinese)."""

    code = "GW501"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` as they come (a large book need not be whole in memory) to a temporary file beside
    ``path``, then rename it into place. If producing a chunk fails, the temporary file is removed and the
    error goes on: ``path`` is untouched."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"无法写入 {path}:目录 {directory} 不存在", file=path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except PermissionError:
        raise OutputError(f"无法写入 {path}:没有写入目录 {directory} 的权限", file=path) from None
    except OSError as exc:
        raise OutputError(f"无法写入 {path}:{exc.strerror or exc}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode(path))  # mkstemp makes 0600; a report or book is for others to read too
    except BaseException as exc:
        _discard(tmp)
        if isinstance(exc, IsADirectoryError):
            raise OutputError(f"无法写入 {path}:这是一个目录", file=path) from None
        if isinstance(exc, OSError):
            raise OutputError(f"无法写入 {path}:{exc.strerror or exc}", file=path) from None
        raise
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        _discard(tmp)
        if isinstance(exc, IsADirectoryError) or (isinstance(exc, OSError) and path.is_dir()):
            raise OutputError(f"无法写入 {path}:这是一个目录", file=path) from None
        if isinstance(exc, PermissionError):
            raise OutputError(_replace_refused(path, exc), file=path) from None
        if isinstance(exc, OSError):
            raise OutputError(f"无法写入 {path}:{exc.strerror or exc}", file=path) from None
        raise


# Windows errors for a file another program holds open: a sharing or lock violation. Excel and WPS keep an
# open book locked, and renaming over it then fails (with ERROR_ACCESS_DENIED as often as with these).
_WINERROR_IN_USE = frozenset({32, 33})


def _replace_refused(path: Path, exc: PermissionError) -> str:
    """The message for a book that could be written beside ``path`` but not put in its place: on Windows,
    almost always because the old one is open in Excel or WPS."""
    if getattr(exc, "winerror", None) in _WINERROR_IN_USE:
        return f"无法写入 {path}:文件正被其他程序使用,可能正在 Excel 或 WPS 中打开。请关闭该文件后重试"
    return (f"无法写入 {path}:没有替换这个文件的权限。它可能正在 Excel 或 WPS 中打开(或是只读文件),"
            "请关闭该文件后重试")


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777  # keep an existing file's mode
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def safe_file_name(name: str, fallback: str) -> str:
    """``name`` usable as one file or folder name on any system: separators and characters Windows forbids
    become "_"; ``fallback`` when nothing is left."""
    return "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip(". ") or fallback


def atomic_write_text(path: Path, text: str) -> None:
    # A lone surrogate (a file name that was not UTF-8) is written as the \xNN it stands for, never a crash.
    from gwstd.seams.streams import TEXT

    atomic_write_bytes(path, text.encode("utf-8", TEXT))


def ensure_dir(path: Path) -> None:
    """Create an output directory (and its parents), or say in Chinese why it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"无法创建输出目录 {path}:已有同名文件", file=path) from None
    except PermissionError:
        raise OutputError(f"无法创建输出目录 {path}:没有写入权限", file=path) from None
    except OSError as exc:
        raise OutputError(f"无法创建输出目录 {path}:{exc.strerror or exc}", file=path) from None
    if not path.is_dir():
        raise OutputError(f"无法创建输出目录 {path}:已有同名文件", file=path)


def existing_files(folder: Path, names: Iterable[str], *, force: bool = False) -> list[str]:
    """The don't-overwrite guard of the commands that write a set of files into a folder (init, import): the
    names among ``names`` already present in ``folder``, in their order; none with ``force``."""
    if force:
        return []
    return [name for name in names if (folder / name).exists()]


def user_cache_dir(app: str = "gwstd") -> Path:
    """The platform's folder for ``app``'s cache files (what platformdirs gives, without the dependency):
    %LOCALAPPDATA%\\gwstd\\Cache on Windows, ~/Library/Caches/gwstd on macOS, $XDG_CACHE_HOME/gwstd or
    ~/.cache/gwstd elsewhere. Not created here. RuntimeError when there is no home folder to put it in."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        base = Path(local) if local else Path.home() / "AppData" / "Local"
        return base / app / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / app
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    # The XDG spec: a relative path in the variable is invalid and is to be ignored.
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / app
