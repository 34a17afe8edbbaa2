"""Text that every output stream can carry, whatever its encoding.

A Chinese Windows console, and the pipe pre-commit reads hook output through there, encode in GBK (cp936),
which has no ✓ or ✗ and no „ (a quotation mark our messages quote from published files). Writing such a
character raised UnicodeEncodeError in the middle of a report. Each kind of output falls back in its own way:
- text for people: a symbol GBK does have (✓ → √), then a compatibility form, then a visible ``\\u2713``;
- JSON: the character as a JSON escape (``\\u2713``), so the document stays valid JSON;
- XML: a character reference (``&#x2713;``).
File names that are not valid UTF-8 arrive from the operating system as lone surrogates (os.fsdecode); they
are shown as the bytes they were (``\\xb2``) by :func:`printable_path`, before they reach any report.
"""

from __future__ import annotations

import codecs
import copy
import dataclasses
import enum
import re
import unicodedata
from pathlib import PurePath
from typing import Any, TextIO

# Symbols gwstd writes (or quotes), each with what to show instead, best first.
TEXT_FALLBACKS: dict[str, tuple[str, ...]] = {
    "✓": ("√", "OK"),
    "✔": ("√", "OK"),
    "✅": ("√", "OK"),
    "✗": ("×", "X"),
    "✘": ("×", "X"),
    "❌": ("×", "X"),
    "☑": ("■", "[x]"),
    "☐": ("□", "[ ]"),
    "◯": ("〇", "○", "O"),
    "●": ("*",),
    "〇": ("○", "o"),
    "■": ("[x]",),
    "□": ("[ ]",),
    "√": ("v",),
    "×": ("x",),
    "„": ('"',),
    "‟": ('"',),
    "“": ('"',),
    "”": ('"',),
    "‘": ("'",),
    "’": ("'",),
    "•": ("·", "*"),
    "·": ("*",),
    "…": ("...",),
    "—": ("-",),
    "–": ("-",),
    "│": ("|",),
    "─": ("-",),
    "→": ("->",),
    "↵": ("\\n",),
}

TEXT, JSON, XML = "gwstd-text", "gwstd-json", "gwstd-xml"


def _undecodable(char: str) -> bool:
    """A byte os.fsdecode could not decode, carried as a lone surrogate (surrogateescape)."""
    return 0xDC80 <= ord(char) <= 0xDCFF


def _escape(char: str) -> str:
    code = ord(char)
    if _undecodable(char):
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _text_handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start:error.end]:
        out.append(_fallback(char, error.encoding))
    return "".join(out), error.end


def _fallback(char: str, encoding: str) -> str:
    candidates = [*TEXT_FALLBACKS.get(char, ()), unicodedata.normalize("NFKC", char)]
    for candidate in candidates:
        if candidate and candidate != char and _encodable(candidate, encoding):
            return candidate
    return _escape(char)


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _json_handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start:error.end]:
        code = ord(char)
        if code > 0xFFFF:  # JSON escapes beyond the BMP as a surrogate pair
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


codecs.register_error(TEXT, _text_handler)
codecs.register_error(JSON, _json_handler)
def _xml_handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start:error.end]:
        # a lone surrogate has no character reference XML accepts: show the byte it stands for
        out.append(_escape(char) if 0xD800 <= ord(char) <= 0xDFFF else f"&#{ord(char)};")
    return "".join(out), error.end


codecs.register_error(XML, _xml_handler)


def encoding_of(stream: TextIO) -> str:
    """The encoding a stream writes in; in-memory buffers (reports bound for a UTF-8 file) count as UTF-8."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return "utf-8"


def is_unicode(stream: TextIO) -> bool:
    return encoding_of(stream).startswith("utf")


def fit(text: str, stream: TextIO, *, kind: str = TEXT) -> str:
    """``text`` made writable to ``stream``: unchanged where the stream can carry it."""
    encoding = encoding_of(stream)
    if kind in (JSON, XML) and not encoding.startswith("utf"):
        # A document for machines declares (XML) or is defined as (JSON) UTF-8: on a GBK console it is written
        # all in ASCII, the rest as escapes or character references, so its bytes mean the same in either.
        return text.encode("ascii", kind).decode("ascii")
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        if kind == XML:
            # All ASCII: character references for the rest, so the document's UTF-8 declaration stays true
            # whatever the stream's encoding (ASCII is the same bytes in GBK).
            return text.encode("ascii", kind).decode("ascii")
        return text.encode(encoding, kind).decode(encoding)


class _FittingWriter:
    """A stream that cannot be reconfigured (an IDE's console, a wrapper): text is fitted before writing."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(fit(text, self._stream))
        return len(text)

    def __getattr__(self, name: str):  # noqa: ANN204 - everything else is the stream's own
        return getattr(self._stream, name)


def make_safe(stream: TextIO) -> TextIO:
    """A standard stream that writes any text (with the people's fallbacks) instead of raising mid-report:
    the stream itself where it can be told to, a wrapper around it otherwise."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return stream if stream is None else _FittingWriter(stream)  # type: ignore[return-value]
    try:
        reconfigure(errors=TEXT)
    except (ValueError, OSError):  # a closed or detached stream: nothing will be written to it
        pass
    return stream


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Control characters (ESC, BEL, …) as \\xNN, so that text from a file never drives the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if _CONTROL.search(text) else text


def visible_in(value: Any) -> Any:
    """``value`` with :func:`visible` applied to every string inside it: in lists, tuples (named ones too),
    sets, dicts (keys and values) and the fields of dataclasses and gwstd's own objects, however nested.
    Whatever holds no control character is given back as the very same object, so a clean result (nearly
    every one) costs one search per string and no copy. Enums, numbers, paths, functions and foreign objects
    are left as they are."""
    return _Visible().of(value)


class _Visible:
    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done: dict[int, tuple[Any, Any]] = {}  # id → (the container, kept alive; what it became)

    def of(self, value: Any) -> Any:
        cls = value.__class__
        if cls is str:
            return visible(value) if _CONTROL.search(value) else value
        kind = _KINDS.get(cls)
        if kind is None:
            kind = _KINDS[cls] = _kind(cls)
        if kind is _LEAVE:
            return value
        if kind is _TEXT:
            return visible(value)
        if cls is tuple:  # immutable: only what it holds can lead back to it (a path, a pair)
            return self.sequence(value)
        key = id(value)
        done = self.done.get(key)
        if done is not None:
            return done[1]
        self.done[key] = (value, value)  # a cycle leads back to the original: good enough for reports
        result = kind(self, value)
        self.done[key] = (value, result)
        return result

    def sequence(self, value: Any) -> Any:
        of = self.of
        items = [v if v.__class__ in _PLAIN else of(v) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        if isinstance(value, tuple) and hasattr(value, "_make"):  # a NamedTuple
            return value._make(items)
        if isinstance(value, list) and value.__class__ is not list:
            rebuilt = copy.copy(value)
            rebuilt[:] = items
            return rebuilt
        return value.__class__(items)

    def mapping(self, value: Any) -> Any:
        of = self.of
        pairs = [(of(k), of(v)) for k, v in value.items()]
        if all(a is k and b is v for (a, b), (k, v) in zip(pairs, value.items())):
            return value
        rebuilt = copy.copy(value)  # the same kind of dict: a Counter, a defaultdict with its factory
        rebuilt.clear()
        dict.update(rebuilt, pairs)  # (Counter.update would count the pairs)
        return rebuilt

    def fields(self, value: Any) -> Any:
        of = self.of
        changed = {}
        for name in _attributes(value):
            try:
                current = getattr(value, name)
            except AttributeError:  # a slot never set
                continue
            if current.__class__ in _PLAIN:
                continue
            shown = of(current)
            if shown is not current:
                changed[name] = shown
        if not changed:
            return value
        rebuilt = copy.copy(value)
        for name, shown in changed.items():
            object.__setattr__(rebuilt, name, shown)  # frozen dataclasses too: this copy is ours
        return rebuilt


_LEAVE, _TEXT = object(), object()
_PLAIN = frozenset({int, float, bool, type(None)})  # what is never looked into: the common cases, inline
_KINDS: dict[type, Any] = {}  # class → how its values are made visible: _LEAVE, _TEXT or a _Visible method


def _kind(cls: type) -> Any:
    if issubclass(cls, str):
        return _TEXT
    if issubclass(cls, (list, tuple, set, frozenset)):
        return _Visible.sequence
    if issubclass(cls, dict):
        return _Visible.mapping
    if issubclass(cls, (enum.Enum, int, float, complex, bytes, bytearray, PurePath, type)) or cls is type(None):
        return _LEAVE
    if dataclasses.is_dataclass(cls) or cls.__module__.startswith("gwstd."):
        return _Visible.fields
    return _LEAVE


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _attributes(value: Any) -> tuple[str, ...]:
    """The data attributes of a dataclass instance or of an object of gwstd's own."""
    cls = value.__class__
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if dataclasses.is_dataclass(cls):
            names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
            return names
        found = []
        for klass in cls.__mro__:
            slots = getattr(klass, "__slots__", ())
            found += [n for n in ((slots,) if isinstance(slots, str) else slots) if n not in ("__dict__", "__weakref__")]
        names = _FIELD_NAMES[cls] = tuple(dict.fromkeys(found))
    instance = getattr(value, "__dict__", None)
    return (*names, *(n for n in instance if n not in names)) if instance else names


_RAW_IN_MARKUP = re.compile(r"[\x7f-\x9f]")


def escaped_controls(text: str, kind: str) -> str:
    """A JSON or XML document (``kind``) with DEL and the C1 controls (U+0080–U+009F) as escapes of the
    format (``\\u0085``, ``&#133;``): both formats may carry them raw, but a terminal showing the document
    would obey them. They can only stand inside strings there, where the escape means the same character."""
    if not _RAW_IN_MARKUP.search(text):
        return text
    if kind == XML:
        return _RAW_IN_MARKUP.sub(lambda m: f"&#{ord(m.group())};", text)
    return _RAW_IN_MARKUP.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def has_undecodable_bytes(name: str) -> bool:
    return any(map(_undecodable, name))


def printable_path(name: str) -> str:
    """A file name as people and every report format can carry it: bytes that were not UTF-8 as ``\\xNN``."""
    if not has_undecodable_bytes(name):
        return name
    return "".join(_escape(c) if _undecodable(c) else c for c in name)
