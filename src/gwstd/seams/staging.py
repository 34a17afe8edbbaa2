"""One build, one transaction on its output folder.

Every book of a run is written into a hidden staging folder inside the output folder (the same file system,
so that putting the books in place is renaming, never copying); only when all of them are whole are they put
in place together (files.replace_together). A failure on the way (a full disk, a print that crashed, Ctrl+C)
leaves the output folder as it was. A lock file keeps two builds into one folder from mixing their editions:
the second waits for the first. Whatever a killed run left behind is removed by the next run, once it holds
the lock.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from gwstd.seams.files import (
    OutputError,
    ensure_dir,
    os_reason,
    remove_stale,
    replace_together,
)

LOCK_FILE = ".gwstd-build.lock"
STAGING_PREFIX = ".gwstd-staging-"
WAIT_SECONDS = 600.0  # how long a build waits for another one writing into the same folder


class OutputFolder:
    """``with OutputFolder(dist) as staging:`` write the books under ``staging`` (laid out as they will be in
    ``dist``), then ``commit()``; leaving the block without committing discards them."""

    def __init__(self, target: Path, *, waiting: Callable[[str], None] | None = None,
                 wait_seconds: float = WAIT_SECONDS):
        self.target = target
        self.waiting = waiting  # told once, in Chinese, when another build holds the folder
        self.wait_seconds = wait_seconds
        self.staging: Path | None = None
        self._lock: int | None = None

    def __enter__(self) -> Path:
        ensure_dir(self.target)
        self._lock = _acquire(self.target, self.waiting, self.wait_seconds)
        try:
            self._clean()
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.target))
        except OSError as exc:
            self._release()
            raise OutputError(f"无法写入 {self.target}:{os_reason(exc)}", file=self.target) from None
        except BaseException:
            self._release()
            raise
        return self.staging

    def final(self, staged: Path) -> Path:
        """Where a file written under the staging folder will be once committed."""
        assert self.staging is not None
        return self.target / staged.relative_to(self.staging)

    @contextmanager
    def naming_final_paths(self) -> Iterator[None]:
        """An OutputError from writing under the staging folder names the file the user will look for."""
        try:
            yield
        except OutputError as exc:
            if self.staging is None or str(self.staging) not in str(exc):
                raise
            raise OutputError(str(exc).replace(str(self.staging), str(self.target)),
                              file=Path(str(exc.diagnostic.file).replace(str(self.staging), str(self.target)))) from None

    def commit(self) -> list[Path]:
        """Put every staged file in place, all or none; the final paths, in the order they were staged."""
        assert self.staging is not None
        pairs = []
        for folder, _, names in os.walk(self.staging):
            for name in sorted(names):
                staged = Path(folder) / name
                final = self.final(staged)
                ensure_dir(final.parent)
                pairs.append((str(staged), final))
        replace_together(pairs)
        return [final for _, final in pairs]

    def __exit__(self, *exc: object) -> None:
        try:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._release()

    def _clean(self) -> None:
        """What killed runs left: their staging folders, and staged or set-aside files beside the books."""
        for entry in os.scandir(self.target):
            if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
        for folder, dirs, _ in os.walk(self.target):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            remove_stale(Path(folder))

    def _release(self) -> None:
        if self._lock is not None:
            if os.name != "nt":  # removed while still locked, so that no other build locks it in between
                _discard(self.target / LOCK_FILE)
            _unlock(self._lock)
            os.close(self._lock)
            self._lock = None
            if os.name == "nt":  # Windows cannot remove an open file; another build may hold it by now
                _discard(self.target / LOCK_FILE)


def _acquire(folder: Path, waiting: Callable[[str], None] | None, wait_seconds: float) -> int:
    """The lock on ``folder``: its lock file, created and locked. The file is removed when the build ends (an
    output folder keeps nothing of gwstd's), so a lock taken on a file that another build removed meanwhile
    is no lock: it is taken again on the file now there."""
    path = folder / LOCK_FILE
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise OutputError(f"无法写入 {folder}:{os_reason(exc)}", file=folder) from None
        if _try_lock(fd):
            if _same_file(fd, path):
                return fd
            os.close(fd)  # removed by the build that just ended: lock the new one
            continue
        os.close(fd)
        if time.monotonic() >= deadline:
            raise OutputError(f"无法写入 {folder}:另一个 gwstd build 正在写入这个文件夹,等了 {wait_seconds:.0f} 秒"
                              "仍未结束。请等它完成后再试", file=folder)
        if not told and waiting is not None:
            waiting(f"另一个 gwstd build 正在写入 {folder},等待它完成……")
            told = True
        time.sleep(0.1)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _discard(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        except OSError:  # a file system without locks (some network shares): build as before, unlocked
            return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
