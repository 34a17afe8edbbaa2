"""A real `gwstd serve` process on a free loopback port, for the CLI, browser and bench tests of the preview.

``serving(folder, *args)`` starts ``python -m gwstd serve FOLDER --port 0 ARGS``, waits for the line that gives
its address, and stops it with SIGINT on the way out (then kills it if it is still there). Its output is read by
a thread as it comes (``Served.out`` and ``Served.err``), so the pipes never fill.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

URL = re.compile(r"(http://\S+/)")


@dataclass
class Served:
    process: subprocess.Popen
    url: str = ""
    lines: list[str] = field(default_factory=list)  # stdout
    errors: list[str] = field(default_factory=list)  # stderr

    @property
    def out(self) -> str:
        return "".join(self.lines)

    @property
    def err(self) -> str:
        return "".join(self.errors)

    def wait_for_output(self, text: str, timeout: float = 10.0, *, stream: str = "out") -> str:
        """Wait until ``text`` appears in stdout (or stderr); the whole of that stream then."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = self.out if stream == "out" else self.err
            if text in seen:
                return seen
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"{text!r} not in gwstd serve's {stream} (exit {self.process.poll()}):\n"
                             f"stdout: {self.out}\nstderr: {self.err}")

    def stop(self, timeout: float = 5.0) -> float:
        """SIGINT (Ctrl+C), and the seconds until the process ended."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return time.monotonic() - started


def command(folder: Path | str, *args: str) -> list[str]:
    return [sys.executable, "-m", "gwstd", "serve", str(folder), *args]


def start(folder: Path | str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Served:
    """The process, started (not yet waited for: see ``serving``)."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    process = subprocess.Popen(command(folder, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=cwd, env=full_env)
    served = Served(process)

    def pump(stream, into: list[str]) -> None:
        for raw in iter(stream.readline, b""):
            into.append(raw.decode(full_env.get("PYTHONIOENCODING", "utf-8").split(":")[0], "replace"))

    threading.Thread(target=pump, args=(process.stdout, served.lines), daemon=True).start()
    threading.Thread(target=pump, args=(process.stderr, served.errors), daemon=True).start()
    return served


@contextmanager
def serving(folder: Path | str, *args: str, timeout: float = 20.0, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> Iterator[Served]:
    """A running preview of ``folder`` on a free port (``--port 0`` unless ``args`` name one)."""
    if "--port" not in args and "-p" not in args:
        args = (*args, "--port", "0")
    served = start(folder, *args, cwd=cwd, env=env)
    try:
        found = URL.search(served.wait_for_output("http://", timeout))
        assert found, served.out
        served.url = found.group(1)
        yield served
    finally:
        served.stop()
        assert "Traceback" not in served.err, served.err


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in ``path``, as an editor saves: a new file renamed over."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temporary, path)
