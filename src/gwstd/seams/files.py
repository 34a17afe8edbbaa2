"""Writing output files so that a failure never leaves half a file behind."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
from pathlib import Path
from typing import Iterable

from gwstd.diagnostics.errors import GwstdError


class OutputError(GwstdError):
    """An output file could not be written (GW501); the message is for users (Chinese)."""

    code = "GW501"


# What a file that is not a regular file is, in the words of a message ("{target} 不是普通文件(是…)").
_KINDS = ((stat.S_ISFIFO, "命名管道(FIFO)"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
          (stat.S_ISSOCK, "套接字"), (stat.S_ISDIR, "文件夹"))

# The OS's reasons in Chinese: strerror is English ("No space left on device") whatever the user's language.
_REASONS = {
    errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "文件系统是只读的",
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一部分不是文件夹", errno.ELOOP: "符号链接循环(链接指向自己)",
    errno.ENAMETOOLONG: "文件名太长", errno.EIO: "读写设备出错(磁盘或网络盘故障)", errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多", errno.EBUSY: "文件正被占用", errno.ETXTBSY: "文件正被占用",
    errno.EFBIG: "文件超出文件系统允许的大小", errno.EEXIST: "已有同名文件", errno.EXDEV: "不能跨磁盘移动",
    errno.ENXIO: "设备不存在或没有连接", errno.ENODEV: "设备不存在", errno.EAGAIN: "资源暂时不可用",
    errno.EINVAL: "文件名或参数无效", errno.ENOTEMPTY: "文件夹不是空的", errno.ESTALE: "网络文件已失效",
}


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, in Chinese; the English reason (and errno) only for an errno not listed."""
    reason = _REASONS.get(exc.errno or 0)
    if reason is None and getattr(exc, "winerror", None) in _WINERROR_IN_USE:
        reason = "文件正被其他程序使用"
    if reason is not None:
        return reason
    return f"系统错误 {exc.errno}({exc.strerror})" if exc.errno else "系统错误"


class NotRegularFile(OSError):
    """An input that is not a regular file (a FIFO, a device, a socket): never read, since it may never end."""

    def __init__(self, kind: str):
        super().__init__(errno.EINVAL, kind)
        self.kind = kind


class InputTooLarge(OSError):
    """An input longer than the limit: reading stopped there."""

    def __init__(self, limit: int, size: int | None):
        super().__init__(errno.EFBIG, "too large")
        self.limit, self.size = limit, size  # size: None when only "more than the limit" is known


def kind_of(mode: int) -> str | None:
    """None for a regular file; otherwise what it is, in Chinese."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def read_capped(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, never more than ``limit`` of them.

    Opened without blocking, so that a FIFO with no writer cannot hang the open; then the open file itself
    is checked (not the name, which could be swapped in between). NotRegularFile for a FIFO, a device or a
    socket, InputTooLarge past ``limit`` (counted while reading: /dev/zero's size says 0, a growing file's
    size lies), and any other OSError as it comes.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    if "\0" in os.fspath(path):  # (os.open would raise ValueError)
        raise FileNotFoundError(errno.ENOENT, "NUL in the name", os.fspath(path))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        kind = not_regular(path)  # a socket cannot be opened at all (ENXIO): say what it is, not why
        if kind is not None:
            raise NotRegularFile(kind) from None
        raise exc
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
            raise NotRegularFile(kind)
        if info.st_size > limit:
            raise InputTooLarge(limit, info.st_size)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputTooLarge(limit, None)
        return b"".join(chunks)
    finally:
        os.close(fd)


def not_regular(path: Path | str) -> str | None:
    """What ``path`` is when it exists and is not a regular file (following links); None otherwise."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # (ValueError: a NUL in the name)
        return None
    return None if stat.S_ISDIR(mode) else kind_of(mode)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` as they come (a large book need not be whole in memory) to a temporary file beside
    ``path``, then rename it into place. If producing a chunk fails, the temporary file is removed and the
    error goes on: ``path`` is untouched."""
    put_in_place(stage(path, chunks), path)


def stage(path: Path, chunks: Iterable[bytes]) -> str:
    """``chunks`` written whole (flushed to disk) to a temporary file beside ``path``, whose name is returned:
    ``path`` itself not yet touched. OutputError, with nothing left behind, when it cannot be."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"无法写入 {path}:目录 {directory} 不存在", file=path)
    kind = not_regular(path)
    if kind is not None:  # renaming over it would replace a device node (or a FIFO) with a plain file
        raise OutputError(f"无法写入 {path}:它不是普通文件(是{kind}),没有改动它。要输出到屏幕请用 -o -", file=path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=directory)
    except PermissionError:
        raise OutputError(f"无法写入 {path}:没有写入目录 {directory} 的权限", file=path) from None
    except OSError as exc:
        raise OutputError(f"无法写入 {path}:{os_reason(exc)}", file=path) from None
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
            raise OutputError(f"无法写入 {path}:{os_reason(exc)}", file=path) from None
        raise
    return tmp


def put_in_place(tmp: str, path: Path) -> None:
    """Rename the staged ``tmp`` onto ``path`` (one atomic step); OutputError, ``tmp`` removed, when it fails."""
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        _discard(tmp)
        raise _replace_error(path, exc) from None


def _replace_error(path: Path, exc: BaseException) -> BaseException:
    if isinstance(exc, IsADirectoryError) or (isinstance(exc, OSError) and path.is_dir()):
        return OutputError(f"无法写入 {path}:这是一个目录", file=path)
    if isinstance(exc, PermissionError):
        return OutputError(_replace_refused(path, exc), file=path)
    if isinstance(exc, OSError):
        return OutputError(f"无法写入 {path}:{os_reason(exc)}", file=path)
    return exc


TEMP_SUFFIX = ".tmp"  # a staged file: .<name>.<random>.tmp beside its target
OLD_SUFFIX = ".old"  # a file being replaced, for the moment of replace_together: .<name>.<random>.old
# What a run that was killed can have left beside its outputs (see remove_stale).
_LEFT_BEHIND = re.compile(r"^\..+\.[A-Za-z0-9_]{8}(\.tmp|\.old)$")


def write_files(files: dict[Path, bytes]) -> None:
    """Write every file, or none of them: all are staged beside their targets first, and only when every one
    is whole on disk are they put in place together (replace_together). Folders that do not exist are created,
    and removed again when the writing fails. OutputError naming the file that failed."""
    created: list[Path] = []
    staged: list[tuple[str, Path]] = []
    try:
        for path in files:
            for folder in reversed([path.parent, *path.parent.parents]):
                if not folder.is_dir():
                    ensure_dir(folder)  # (a file in its place: "已有同名文件")
                    created.append(folder)
        for path, data in files.items():
            staged.append((stage(path, (data,)), path))
        replace_together(staged)
    except BaseException:
        for tmp, _ in staged:
            _discard(tmp)
        for folder in reversed(created):
            try:
                folder.rmdir()  # only if still empty
            except OSError:
                pass
        raise


def replace_together(staged: list[tuple[str, Path]]) -> None:
    """Put each staged file onto its target, all or none: each target replaced is first moved aside, and when a
    step fails every target done so far gets its old file back (or is removed, if it had none)."""
    done: list[tuple[Path, str | None]] = []
    current: Path | None = None
    try:
        for tmp, path in staged:
            current, aside = path, None
            if os.path.lexists(path) and not path.is_dir():
                aside = tempfile.mktemp(prefix=f".{path.name}.", suffix=OLD_SUFFIX, dir=path.parent)
                os.replace(path, aside)
            try:
                os.replace(tmp, path)
            except BaseException:
                if aside is not None:
                    os.replace(aside, path)
                raise
            done.append((path, aside))
    except BaseException as exc:
        for path, aside in reversed(done):
            try:
                if aside is not None:
                    os.replace(aside, path)
                else:
                    os.unlink(path)
            except OSError:
                pass
        for tmp, _ in staged:
            _discard(tmp)
        raise (_replace_error(current, exc) if current is not None else exc) from None
    for _, aside in done:
        if aside is not None:
            _discard(aside)


def remove_stale(folder: Path) -> list[Path]:
    """Remove what killed runs left in ``folder`` (not below it): staged files and files moved aside, by the
    names stage and replace_together give them. For a caller that holds the folder's lock: no other run of
    gwstd can be writing there."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if _LEFT_BEHIND.match(entry.name) and entry.is_file(follow_symlinks=False):
            _discard(entry.path)
            removed.append(Path(entry.path))
    return removed


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
    return "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F else ch
                   for ch in name).strip(". ") or fallback


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
        raise OutputError(f"无法创建输出目录 {path}:{os_reason(exc)}", file=path) from None
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
