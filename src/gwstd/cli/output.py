"""What commands give back: reports on stdout or written whole to a file, a progress bar, and the one
exit-code policy (0 clean, 1 problems, 2 usage or I/O).

Every command ends in ``finish`` (or ``fail`` / ``stop`` when it cannot go on), so that the exit code is
decided in one place from what the command found.
"""

from __future__ import annotations

import os
import sys
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, NoReturn, TextIO

import typer

from gwstd.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from gwstd.reports import registry as formats
from gwstd.seams import streams

if TYPE_CHECKING:
    from gwstd.diagnostics import Diagnostic, Summary
    from gwstd.diagnostics.errors import GwstdError

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "Progress",
    "emit",
    "exit_code",
    "fail",
    "finish",
    "problems_on_stderr",
    "report_to",
    "stop",
]


def exit_code(diagnostics: Iterable[Diagnostic] = (), *, strict: bool = False, accept_errors: bool = False,
              problems: bool = False, unusable: bool = False) -> int:
    """The one exit-code policy.

    2 when the command could not do its work: an I/O diagnostic (a code marked io in the catalogue: an
    unreadable file, an output that cannot be written, an edition that cannot be read), or ``unusable``
    (e.g. a scope guide that cannot be used). 1 when it found problems: an error (unless ``accept_errors``,
    build --force), a warning under ``strict``, or ``problems`` the command counts as failure (scope points
    left uncovered, changes under diff --exit-code). 0 otherwise; infos never fail.
    """
    from gwstd.diagnostics import Severity
    from gwstd.diagnostics.codes import is_io

    diagnostics = list(diagnostics)
    if unusable or any(is_io(d.code) for d in diagnostics):
        return EXIT_USAGE
    worst = {d.severity for d in diagnostics}
    if problems or (Severity.ERROR in worst and not accept_errors) or (strict and Severity.WARNING in worst):
        return EXIT_PROBLEMS
    return EXIT_OK


def finish(diagnostics: Iterable[Diagnostic] = (), **policy: bool) -> NoReturn:
    """End the command with the exit code ``exit_code`` decides."""
    raise typer.Exit(exit_code(diagnostics, **policy))


def fail(message: str) -> NoReturn:
    """A usage problem or one the command cannot go past: ``gwstd:<message>`` on stderr, exit 2."""
    typer.echo(f"gwstd:{streams.visible(message)}", err=True)  # (it may quote a path or a value)
    raise typer.Exit(EXIT_USAGE)


def stop(error: GwstdError, *, command: str, fmt: str = "human", output: Path | None = None,
         prefix: str = "") -> NoReturn:
    """A coded error (gwstd.diagnostics.errors) that stopped ``command``.

    People read ``gwstd:<message>`` on stderr. In a machine format (any but human) of a command with
    ``--format``, the error is also reported as a diagnostic, in the diagnostics format of that name (a
    changes or coverage format falls back to it: JSON stays JSON), so that tools read it like any other
    problem. The exit code is 2: the error's code is marked io in the catalogue.
    """
    from dataclasses import replace

    diagnostic = error.diagnostic
    if prefix:
        diagnostic = replace(diagnostic, message=prefix + diagnostic.message)
    typer.echo(f"gwstd:{streams.visible(diagnostic.message)}", err=True)
    if fmt != "human" and fmt in formats.names("diagnostics"):
        from gwstd.diagnostics import Summary
        from gwstd.reports.base import Report

        report = Report(command=command, diagnostics=[diagnostic], summary=Summary.of([diagnostic], 0), files=[])
        try:
            report_to("diagnostics", fmt, report, output)
        except typer.Exit:
            pass  # the report file cannot be written either: stderr has said why
    finish([diagnostic])


def emit(write: Callable[[TextIO], None], output: Path | None, *, kind: str | None = None) -> None:
    """Write a report to stdout, or whole to ``output`` (UTF-8, a temporary file renamed into place).

    On stdout, machine formats are written whole in what the stream's encoding can carry (a GBK console:
    JSON escapes, XML character references); text for people falls back symbol by symbol (streams.make_safe).
    A report file that cannot be written ends the command: ``gwstd:<why>`` on stderr, exit 2.
    """
    from gwstd.seams.files import OutputError, atomic_write_text

    if output is not None and str(output) == "-":  # -o - : standard output, as the option's users expect
        output = None
    if output is None:
        if kind is None:
            write(sys.stdout)
        else:
            buffer = StringIO()
            write(buffer)
            sys.stdout.write(streams.fit(buffer.getvalue(), sys.stdout, kind=kind))
        return
    buffer = StringIO()
    write(buffer)
    try:
        atomic_write_text(output, buffer.getvalue())
    except OutputError as exc:
        fail(str(exc))


def report_to(kind: str, name: str, result: object, output: Path | None = None) -> None:
    """Render ``result`` in the format ``name`` of its kind (the registry's), to stdout or ``output``. A file in a
    format the registry marks ``bom`` (CSV) starts with a UTF-8 BOM, which Excel needs to read it as UTF-8;
    stdout never does (a console has its own encoding, and a GBK console's redirected output is what Excel
    reads on a Chinese Windows)."""
    chosen = formats.get(kind, name)
    render = formats.renderer(kind, name)
    to_file = output is not None and str(output) != "-"

    def write(stream) -> None:  # noqa: ANN001
        if chosen.bom and to_file:
            stream.write("\ufeff")
        render(result, stream)

    emit(write, output, kind=chosen.stream_kind)


def problems_on_stderr(command: str, diagnostics: list[Diagnostic], summary: Summary | None = None) -> None:
    """Diagnostics shown as validate shows them, on stderr, when stdout carries something else."""
    from gwstd.diagnostics import Summary
    from gwstd.reports.base import Report

    report = Report(command=command, diagnostics=diagnostics, files=[],
                    summary=summary if summary is not None else Summary.of(diagnostics, 0))
    formats.renderer("diagnostics", "human")(report, sys.stderr)


PROGRESS_MIN_FILES = 100


class Progress:
    """A progress bar on stderr for long runs, and only on a terminal: nothing decorative in pipes or CI logs."""

    def __init__(self, description: str):
        self.description = description
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_MIN_FILES or not sys.stderr.isatty() or os.environ.get("CI"):
                return
            from rich.console import Console
            from rich.progress import Progress as Bar

            self.bar = Bar(console=Console(file=sys.stderr), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
