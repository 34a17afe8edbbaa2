"""Errors that stop a command, each carrying the Diagnostic that says why.

An output file that cannot be written, an edition that cannot be read, a template that cannot be rendered:
the stage that meets one raises a ``GwstdError`` subclass naming its code in the catalogue (codes.py), and the
CLI reports its diagnostic like any other problem (in a machine format, as one of the diagnostics; for
people, ``gwstd:<message>`` on stderr) and exits 2.
"""

from __future__ import annotations

from typing import ClassVar

from gwstd.diagnostics import Diagnostic


class GwstdError(Exception):
    """An error whose message is for users (Chinese), with its code and, where known, its file.

    ``reason`` fills the code's template; ``str(error)`` is the diagnostic's message.
    """

    code: ClassVar[str] = ""

    def __init__(self, reason: str = "", *, file: object = "", **fields: object) -> None:
        from gwstd.diagnostics.codes import make

        self.diagnostic: Diagnostic = make(self.code, file=str(file), reason=reason, **fields)
        super().__init__(self.diagnostic.message)

    @classmethod
    def of(cls, diagnostic: Diagnostic) -> "GwstdError":
        """An error carrying ``diagnostic`` as it is."""
        error = cls.__new__(cls)
        error.diagnostic = diagnostic
        Exception.__init__(error, diagnostic.message)
        return error

    def __str__(self) -> str:
        return self.diagnostic.message

    def __reduce__(self):  # noqa: ANN204 - the diagnostic survives a process pool, not only the message
        return (_restore, (type(self), self.diagnostic))


def _restore(cls: type[GwstdError], diagnostic: Diagnostic) -> GwstdError:
    return cls.of(diagnostic)
