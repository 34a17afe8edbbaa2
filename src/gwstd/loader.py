"""Load YAML catalogue files into plain data, keeping the position of every key and value.

Two ways in, with the same results. Ordinary documents (one document, a mapping at the top, no anchors,
aliases, tags, duplicate or merge keys) go through the C fast path (_fastyaml.c): libyaml's events straight
into dicts, lists and strings plus a compact position record, with YAML 1.1's implicit types read by
yaml11.py. Everything else, and every file when the fast path is not built, goes through the full loader
(fullload.py, PyYAML's composer and our own builder), which reports each kind of problem: duplicate keys,
alias bombs, deep nesting, tags that would construct objects. PyYAML is imported only when it is needed.
Either way any JSON path can be mapped back to a line and column when (and only when) a problem is reported.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from gwstd import codes, yaml11
from gwstd.diagnostics import Diagnostic, JsonPath

try:  # the C fast path for ordinary documents (setup.py builds it where libyaml's headers are installed)
    from gwstd import _fastyaml
except ImportError:  # pragma: no cover - depends on how gwstd was installed
    _fastyaml = None  # type: ignore[assignment]

MAX_FILE_BYTES = 32 * 1024 * 1024
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
# be cheap. The fast path (_fastyaml.c) and the full loader (fullload.py) make identical records.
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

# ------------------------------------------------------------------------------------------------------
# Decoding


def decode(raw: bytes, *, file: str, encoding: str | None = None) -> str:
    """Bytes to text: UTF-8 with or without BOM; files that are not UTF-8 in ``encoding`` when one is named.

    UTF-8 is tried first even when an encoding is named, because a repository often mixes files saved by
    different editors, and text in GBK is practically never valid UTF-8.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")) and not encoding:
        raise LoadError(codes.make(
            "GW003", file=file, line=1, column=1, detail="(是 UTF-16 编码)",
            hint="请在编辑器中另存为 UTF-8,或使用 --encoding utf-16 读取。"))
    if b"\x00" in raw[:8192] and not encoding:
        raise LoadError(codes.make("GW003", file=file, line=1, column=1, detail=",而且含有 NUL 字节:这不是文本文件",
                                   hint="请确认给出的是 YAML 目录文件,而不是图片、压缩包或 Office 文档。"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        if encoding:
            try:
                return raw.decode(encoding).lstrip("\ufeff")
            except LookupError:
                raise LoadError(codes.make("GW003", file=file, detail=f"(--encoding 指定的编码「{encoding}」不存在)")) from None
            except UnicodeDecodeError:
                raise LoadError(codes.make("GW003", file=file, line=line, column=column,
                                           detail=f",也无法按 {encoding} 解码")) from None
        try:
            raw.decode("gb18030")
            guess = "(看起来是 GBK/GB18030 编码)"
            hint = (f"请在编辑器中另存为 UTF-8,或执行 iconv -f GB18030 -t UTF-8 {file} -o 新文件名,"
                    "或在命令中加 --encoding gb18030 在读取时转换。")
        except UnicodeDecodeError:
            guess = ""
            hint = "请在编辑器中另存为 UTF-8 编码;如果知道原编码,可用 --encoding 指定。"
        raise LoadError(codes.make("GW003", file=file, line=line, column=column,
                                   detail=f"{guess}:第 {line} 行有无法按 UTF-8 解码的字节", hint=hint)) from None


def read_file(path: Path, *, display: str, encoding: str | None = None) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(codes.make("GW013", file=display, size=_mb(size), limit=_mb(MAX_FILE_BYTES)))
        raw = path.read_bytes()
    except LoadError:
        raise
    except IsADirectoryError:
        raise LoadError(codes.make("GW001", file=display, reason="这是一个目录,不是文件")) from None
    except PermissionError:
        raise LoadError(codes.make("GW001", file=display, reason="没有读取权限")) from None
    except FileNotFoundError:
        raise LoadError(codes.make("GW002", file=display, target=display)) from None
    except OSError as exc:
        raise LoadError(codes.make("GW001", file=display, reason=exc.strerror or str(exc))) from None
    return decode(raw, file=display, encoding=encoding)


def read_stream(stream: BinaryIO, *, display: str, encoding: str | None = None) -> str:
    """The text of an open stream whose size is not known beforehand (standard input): read no further than
    the file size limit, even from an endless stream."""
    raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(codes.make("GW013", file=display, size=f"超过 {_mb(MAX_FILE_BYTES)}",
                                   limit=_mb(MAX_FILE_BYTES)))
    return decode(raw, file=display, encoding=encoding)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"

# ------------------------------------------------------------------------------------------------------
# Loading


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


def load_text(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Text to a Document; problems that make the file unusable come back with ``None``."""
    if _fastyaml is not None:  # ordinary documents, the C fast path; anything else, the full loader
        with gc_paused():
            fast = _fastyaml.load(text, yaml11.plain_value, yaml11.RESOLVED_FIRST, MAX_DEPTH,
                                  yaml11.FULL_LOADER_ONLY)
        if fast is not None:
            return Document(file=file, text=text, data=fast[0], record=fast[1]), []
    from gwstd.fullload import load_text_fully

    return load_text_fully(text, file)


def load_file(path: Path, *, display: str | None = None, encoding: str | None = None
              ) -> tuple[Document | None, list[Diagnostic]]:
    display = display or str(path)
    try:
        text = read_file(path, display=display, encoding=encoding)
    except LoadError as exc:
        return None, [exc.diagnostic]
    return load_text(text, display)
