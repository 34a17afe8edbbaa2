"""A loaded YAML file: its data, the record of where every key and value came from, and the limits both
loaders share. Any JSON path can be mapped back to a line and column when (and only when) a problem is
reported."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from gwstd.diagnostics import Diagnostic, JsonPath, codes

MAX_DEPTH = 64


class LoadError(Exception):
    """A file that cannot be turned into data at all."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


# Where things are: a record per collection, built beside the data. For a mapping, [pos, key_pos_0, value_0,
# key_pos_1, value_1, ...] in the order of the dict's keys; for a sequence, [pos, value_0, value_1, ...]; a
# value is the nested record of a collection or the position of a scalar. A position is one int,
# (line << 32) | column, 0-based: the C fast path makes these for every value of a province, so they must
# be cheap. The fast path (_fastyaml.c) and the full loader (full.py) make identical records.
Record = list


def _own_position(entry: int | Record) -> int:
    return entry[0] if entry.__class__ is list else entry  # type: ignore[index,return-value]


def _step(data: Any, entry: Any, part: Any) -> tuple[Any, Any, int | None] | None:
    """One step of a path: (child data, child record entry, position of the key naming it), or None."""
    if entry.__class__ is not list:
        return None
    if isinstance(data, dict) and isinstance(part, str) and part in data:
        i = list(data).index(part)
        return data[part], entry[2 + 2 * i], entry[1 + 2 * i]
    if isinstance(data, list) and isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(data):
        return data[part], entry[1 + part], None
    return None


@dataclass(slots=True)
class Document:
    """One loaded YAML file: its data, and the record of where every key and value came from."""

    file: str
    text: str
    data: Any
    record: Record | None = None

    def position_of(self, path: JsonPath, *, key: bool = False) -> int | None:
        """The position of the value at ``path`` (or of the deepest ancestor found); with ``key``, of the key
        that names it. None when the document has no record."""
        data, entry, key_pos = self.data, self.record, None
        if entry is None:
            return None
        for part in path:
            step = _step(data, entry, part)
            if step is None:
                key_pos = None
                break
            data, entry, key_pos = step
        return key_pos if (key and key_pos is not None) else _own_position(entry)

    def at(self, path: JsonPath) -> Document:
        """The part of the document at ``path``, as a document of its own (positions stay those of the file):
        for looking up many positions below one place without walking from the top each time."""
        data, entry = self.data, self.record
        for part in path:
            step = _step(data, entry, part)
            if step is None:
                return Document(self.file, self.text, None, None)
            data, entry, _ = step
        return Document(self.file, self.text, data, entry)

    def locate(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path``; with ``key``, of the key that names it."""
        pos = self.position_of(path, key=key)
        if pos is None:
            return (1, 1) if self.text else (0, 0)
        return (pos >> 32) + 1, (pos & 0xFFFFFFFF) + 1

    def diag(self, code: str, path: JsonPath = (), *, at_key: bool = False, **fields: Any) -> Diagnostic:
        """A diagnostic for this file, positioned at ``path`` (at the key naming it, with ``at_key``)."""
        line, column = self.locate(path, key=at_key)
        return codes.make(code, file=self.file, line=line, column=column, path=path, **fields)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading allocates a container or a node per value; the cycle collector, triggered again and again by
    those allocations, finds nothing (the trees have no cycles) yet nearly doubles the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
