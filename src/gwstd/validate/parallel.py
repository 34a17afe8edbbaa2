"""Checking many independent files in parallel: forked workers taking batches of files from a shared pipe.

Knows nothing of what checking a file means: ``check_all`` is given the function that checks one file, and
runs it here and in workers forked by ``fork_worker``, the one seam through which this package forks (tests
replace it to count or refuse forks).
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import Callable, Iterator, Mapping, TypeVar

Result = TypeVar("Result")

# Below this much YAML, starting workers costs more than it saves.
PARALLEL_MIN_BYTES = 256 * 1024

# Batch numbers are 4 bytes each and are all written into the pipe before anyone reads, so they must fit
# in the smallest pipe Linux gives (one 4 KiB page, when a user's pipes are over the soft limit).
MAX_BATCHES = 1024


def check_all(files: list[Path], check: Callable[[Path], Result], *, jobs: int, sizes: Mapping[Path, int],
              progress: Callable[[int, int], None] | None = None,
              before_fork: Callable[[], None] | None = None) -> dict[Path, Result]:
    """``check(f)`` for every file, in this process and, when there is enough work (``sizes`` in bytes) and
    the system can fork, in ``jobs - 1`` forked workers. ``progress`` is told (files done, files in all) in
    this process; ``before_fork`` prepares what workers should inherit rather than build each."""
    total = len(files)
    done = 0

    def advance(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    def check_here(f: Path) -> Result:
        result = check(f)
        advance()
        return result

    jobs = min(jobs, len(files))
    # Forked workers where the system can fork: asked of os itself (not os.name or sys.platform), so that
    # any system without fork, Windows above all, takes the one-process path, and tests can force it.
    if jobs <= 1 or sum(sizes.values()) < PARALLEL_MIN_BYTES or not hasattr(os, "fork"):
        return {f: check_here(f) for f in files}
    # Work is handed out a batch at a time from one pipe that every process reads: whoever is free takes
    # the next batch, so a heavy file or a core slowed by other work cannot leave the rest waiting.
    # Largest files first, so that the last batches are small.
    ordered = sorted(files, key=lambda f: sizes[f], reverse=True)
    batches = [ordered[i::MAX_BATCHES] for i in range(min(MAX_BATCHES, len(ordered)))]
    tasks, tasks_in = os.pipe()
    os.write(tasks_in, b"".join(i.to_bytes(4, "little") for i in range(len(batches))))  # fits: see MAX_BATCHES
    os.close(tasks_in)
    if before_fork is not None:
        before_fork()
    workers = [fork_worker(tasks, batches, check) for _ in range(jobs - 1)]
    results = {}
    for index in _take(tasks):  # this process takes batches too
        for f in batches[index]:
            results[f] = check_here(f)
    os.close(tasks)
    for worker in workers:
        theirs = _collect(worker)
        results.update(theirs)
        advance(len(theirs))
    for f in files:  # a worker that died took its batches with it: check them here
        if f not in results:
            results[f] = check_here(f)
    return results


def _take(tasks: int) -> Iterator[int]:
    """The batch numbers this process takes from the shared pipe, until it is empty. Pipe reads of a few
    bytes are atomic, so no two processes get the same batch."""
    while len(number := os.read(tasks, 4)) == 4:
        yield int.from_bytes(number, "little")


def fork_worker(tasks: int, batches: list[list[Path]], check: Callable[[Path], object]) -> tuple[int, int]:
    """Fork a process that checks the batches it takes from ``tasks`` and sends the pickled results back;
    gives (its pid, the read end of its pipe).

    A plain fork (rather than a process pool) inherits every imported module and costs a few milliseconds,
    which is what makes parallel checking pay off even for a single county.
    """
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker
        status = 1
        try:
            os.close(read_end)
            _die_with_parent(parent)
            done = [(f, check(f)) for i in _take(tasks) for f in batches[i]]
            payload = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _die_with_parent(parent: int) -> None:
    """On Linux, ask to be killed when the parent dies: a build killed (kill -9, a CI job cancelled) would
    otherwise leave its workers checking files for nobody. Elsewhere a worker finds out when it writes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _collect(worker: tuple[int, int]) -> dict[Path, object]:
    pid, read_end = worker
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status == 0 and payload:
        return dict(pickle.loads(payload))
    return {}  # the worker died: its files are checked again by the caller
