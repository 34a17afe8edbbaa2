"""Load YAML catalogue files into plain data, keeping the position of every key and value.

Two ways in, with the same results. Ordinary documents (one document, a mapping at the top, no anchors,
aliases, tags, duplicate or merge keys) go through the C fast path (_fastyaml.c): libyaml's events straight
into dicts, lists and strings plus a compact position record. Everything else, and every file when the fast
path is not built, goes through the full loader: PyYAML's composer (C-accelerated through libyaml where
available) gives a node with a start mark for every key and value, and we build plain JSON-like data from the
nodes ourselves instead of using PyYAML's constructor. That lets us reject duplicate keys (PyYAML silently
keeps the last one), bound alias expansion and nesting, and refuse tags that would construct objects. Either
way any JSON path can be mapped back to a line and column when (and only when) a problem is reported.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from gwstd import codes
from gwstd.diagnostics import Diagnostic, JsonPath

try:  # libyaml makes composing several times faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

try:  # the C fast path for ordinary documents (setup.py builds it where libyaml's headers are installed)
    from gwstd import _fastyaml
except ImportError:  # pragma: no cover - depends on how gwstd was installed
    _fastyaml = None  # type: ignore[assignment]

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVED: dict[str, str] = {}  # plain scalar → implicit tag (resolution depends on the text alone)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with the Python-side tag resolution the composer calls for every value made cheap.

    Implicit resolvers are keyed by a value's first character; most catalogue text starts with a Chinese
    character no resolver is registered for, so it is a string without trying any regex. The safe loader
    registers no path resolvers, so descending and ascending need no bookkeeping.
    """

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        if kind is yaml.ScalarNode and implicit[0]:
            if value and value[0] not in self.yaml_implicit_resolvers:
                return _STR_TAG
            # Keys (name, title, number …) and short values repeat thousands of times: resolve each once.
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) < 50_000:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node, current_index):  # noqa: ANN001
        pass

    def ascend_resolver(self):
        pass

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
# An alias may be expanded, but the expanded tree may not grow far beyond the written one.
ALIAS_BUDGET = 100_000
# libyaml's composer recurses on the C stack; beyond some tens of thousands of levels it crashes the
# process. Below this bound composing is safe; above it we measure the real depth from parser events first.
SAFE_COMPOSE_DEPTH = 20_000

_TAG = "tag:yaml.org,2002:"
STR, NULL, BOOL, INT, FLOAT, TIMESTAMP = (_TAG + t for t in ("str", "null", "bool", "int", "float", "timestamp"))
SEQ, MAP, MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"

_Scalar = yaml.ScalarNode
_constructor = yaml.SafeLoader("")  # only its construct_yaml_* methods are used, for non-string scalars


class LoadError(Exception):
    """A file that cannot be turned into data at all."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


# Where things are: a record per collection, built beside the data. For a mapping, [pos, key_pos_0, value_0,
# key_pos_1, value_1, ...] in the order of the dict's keys; for a sequence, [pos, value_0, value_1, ...]; a
# value is the nested record of a collection or the position of a scalar. A position is one int,
# (line << 32) | column, 0-based: the C fast path makes these for every value of a province, so they must
# be cheap. The fast path (_fastyaml.c) and _Builder below make identical records.
Record = list


def _position(mark: yaml.Mark) -> int:
    return (mark.line << 32) | mark.column


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


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# ------------------------------------------------------------------------------------------------------
# Composing


_YAML_PROBLEMS = [
    # (English fragment from libyaml/PyYAML, Chinese explanation)
    ("found character '\\t' that cannot start any token", "不能用 Tab 缩进或分隔,请改用空格"),
    ("found a tab character", "不能用 Tab 缩进或分隔,请改用空格"),
    ("mapping values are not allowed", "此处不能出现“键: 值”(冒号后的内容里有“: ”,请给值加引号;或检查缩进)"),
    ("could not find expected ':'", "找不到应有的冒号“:”(检查上一行是否缺少冒号或引号未闭合)"),
    ("did not find expected key", "缩进不一致,没有找到应有的键"),
    ("did not find expected '-' indicator", "缩进不一致,列表项应以“- ”开头并对齐"),
    ("expected <block end>", "缩进不一致:这一行的缩进与上文不对齐"),
    ("did not find expected node content", "缺少内容(检查“- ”或“: ”后面)"),
    ("found undefined alias", "引用了未定义的锚点(*别名之前需要 &锚点)"),
    ("found duplicate anchor", "锚点名称重复"),
    ("found unexpected end of stream", "文件意外结束(引号或括号没有闭合?)"),
    ("found unknown escape character", "双引号字符串中有无法识别的转义字符(反斜杠 \\),可改用单引号"),
    ("control characters are not allowed", "文件含有不允许的控制字符"),
    ("special characters are not allowed", "文件含有不允许的控制字符"),
    ("found unexpected ':'", "此处不能出现冒号,请给含冒号的值加引号"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合,缺少“,”或“]”"),
    ("did not find expected ',' or '}'", "花括号映射没有闭合,缺少“,”或“}”"),
    ("found character that cannot start any token", "这个字符不能作为值的开头(如 @ 或 `),请给值加引号"),
    ("while scanning a simple key", "缺少冒号“:”"),
    ("found incompatible YAML document", "不支持的 YAML 版本声明"),
]


def _yaml_error(exc: yaml.YAMLError, file: str, source: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    hint = ""
    opened = getattr(exc, "context_mark", None)
    if opened is not None and mark is not None and opened.line != mark.line and any(
            what in context for what in ("flow", "quoted scalar", "block scalar")):
        # An unclosed bracket or quote is found where the parser gave up; where it was opened is what to fix.
        hint = f"从这里开始的括号或引号没有闭合(解析到第 {mark.line + 1} 行时发现)。"
        mark = opened
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    text = f"{context} {problem}"
    # libyaml does not say which character it stopped at; a tab is by far the most common one.
    if mark is not None and 0 <= mark.index < len(source) and source[mark.index] == "\t":
        text = "found a tab character"
    if "expected a single document" in text:
        return codes.make("GW009", file=file, line=line, column=column)
    for fragment, chinese in _YAML_PROBLEMS:
        if fragment in text:
            return codes.make("GW004", file=file, line=line, column=column, problem=chinese, hint=hint)
    return codes.make("GW004", file=file, line=line, column=column, problem=problem.strip() or "无法解析",
                      hint=hint)


# Thresholds for the cheap depth bound: below them, nesting cannot reach SAFE_COMPOSE_DEPTH.
_MAX_FLOW_OPENERS = 12_000
_DEEP_INDENT = " " * 2000  # YAML indents with spaces only
_INLINE_PAIR = re.compile(r"[-?][ \t]+[-?][ \t]")  # "- - ": rare, so the long search below seldom runs
_LONG_INLINE_CHAIN = re.compile(r"(?:[-?][ \t]+){2000}")


def _may_be_too_deep(text: str) -> bool:
    """False when the text cannot nest deeper than SAFE_COMPOSE_DEPTH (flow brackets + indentation + chains).

    Depth ≤ flow openers + 2 × (indentation + 1) + "- - -" chain length, so ruling out the three cheaply rules
    out a deep nest without parsing.
    """
    if text.count("[") + text.count("{") > _MAX_FLOW_OPENERS:
        return True
    if _DEEP_INDENT in text:
        return True
    return bool(_INLINE_PAIR.search(text) and _LONG_INLINE_CHAIN.search(text))


def _measured_depth(text: str, file: str) -> int:
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > MAX_DEPTH:
                        line = event.start_mark.line + 1
                        raise LoadError(codes.make("GW007", file=file, line=line, column=event.start_mark.column + 1,
                                                   limit=MAX_DEPTH, detail=""))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        raise LoadError(_yaml_error(exc, file, text)) from None
    return deepest


def compose(text: str, file: str) -> yaml.Node | None:
    if _may_be_too_deep(text):
        _measured_depth(text, file)
    try:
        return _Loader(text).get_single_node()
    except yaml.YAMLError as exc:
        raise LoadError(_yaml_error(exc, file, text)) from None


# ------------------------------------------------------------------------------------------------------
# Nodes to data


class _Builder:
    """Turns a node tree into dicts, lists and scalars and their position record, collecting problems."""

    __slots__ = ("file", "problems", "seen", "inside_alias", "alias_visits")

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.inside_alias = 0  # > 0 while expanding a collection met before (an alias)
        self.alias_visits = 0

    def _at(self, node: yaml.Node, code: str, **fields: Any) -> Diagnostic:
        mark = node.start_mark
        return codes.make(code, file=self.file, line=mark.line + 1, column=mark.column + 1, **fields)

    def build(self, node: yaml.Node, depth: int, record: Record) -> Any:
        """The value of ``node``; its position (or record, for a collection) is appended to ``record``."""
        if self.inside_alias:
            self.alias_visits += 1
            if self.alias_visits > ALIAS_BUDGET:
                raise LoadError(self._at(node, "GW006", limit=ALIAS_BUDGET))
        if depth > MAX_DEPTH:
            raise LoadError(self._at(node, "GW007", limit=MAX_DEPTH, detail="(或锚点引用了自身)"))
        if isinstance(node, yaml.ScalarNode):
            record.append(_position(node.start_mark))
            return self.scalar(node)
        # Only aliases make the composer hand out the same collection node twice: count what they expand to,
        # so that plain documents of any size never meet the budget.
        repeated = id(node) in self.seen
        if repeated:
            self.inside_alias += 1
        else:
            self.seen.add(id(node))
        own: Record = [_position(node.start_mark)]
        record.append(own)
        try:
            return self.collection(node, depth, own)
        finally:
            if repeated:
                self.inside_alias -= 1

    def collection(self, node: yaml.Node, depth: int, record: Record) -> Any:
        # An unsupported tag is reported, and the collection read as if untagged: never constructed.
        if isinstance(node, yaml.MappingNode):
            if node.tag != MAP:
                self.problems.append(self._at(node, "GW008", tag=_tag_text(node.tag)))
            return self.mapping(node, depth, record)
        if node.tag != SEQ:
            self.problems.append(self._at(node, "GW008", tag=_tag_text(node.tag)))
        return [self.build(child, depth + 1, record) for child in node.value]

    def mapping(self, node: yaml.MappingNode, depth: int, record: Record) -> dict:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not _Scalar:
                kind = "列表" if isinstance(key_node, yaml.SequenceNode) else "映射"
                self.problems.append(self._at(key_node, "GW012", kind=kind))
                continue
            if key_node.tag == MERGE:
                self.problems.append(self._at(key_node, "GW016"))
                continue
            # Keys are kept as written: "001" stays "001", not the integer 1.
            key = key_node.value
            if key in out:
                first = next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)
                self.problems.append(self._at(key_node, "GW005", key=key, first=first.start_mark.line + 1))
                # The dict keeps the first key's place and the last value: so does the record.
                i = list(out).index(key)
                later: Record = []
                out[key] = self.build(value_node, depth + 1, later)
                record[1 + 2 * i: 3 + 2 * i] = [_position(key_node.start_mark), later[0]]
                continue
            record.append(_position(key_node.start_mark))
            out[key] = self.build(value_node, depth + 1, record)
        return out

    def scalar(self, node: yaml.ScalarNode) -> Any:
        value = _scalar_value(node.tag, node.value)
        if value is _FULL_LOADER_ONLY:
            self.problems.append(self._at(node, "GW008", tag=_tag_text(node.tag)))
            return node.value  # the text as written, never an object built from the tag
        return value


_FULL_LOADER_ONLY = object()  # a scalar whose tag gwstd reports (GW008) rather than reads


def _scalar_value(tag: str, text: str) -> Any:
    if tag == STR:
        return text
    if tag == NULL:
        return None
    if tag == INT:
        return _constructor.construct_yaml_int(_Scalar(tag, text))
    if tag == FLOAT:
        return _constructor.construct_yaml_float(_Scalar(tag, text))
    if tag == BOOL:
        return _constructor.construct_yaml_bool(_Scalar(tag, text))
    if tag == TIMESTAMP:
        return text  # JSON has no dates; the text as written is what the schema checks
    return _FULL_LOADER_ONLY


_PLAIN_VALUES: dict[str, Any] = {}
_resolver = _Loader("")


def _plain_value(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar, for the fast path; values repeat, so remember them."""
    value = _PLAIN_VALUES.get(text, _PLAIN_VALUES)
    if value is _PLAIN_VALUES:
        value = _scalar_value(_resolver.resolve(_Scalar, text, (True, False)), text)
        if len(_PLAIN_VALUES) < 50_000:
            _PLAIN_VALUES[text] = value
    return value


# The characters a plain scalar must start with to be anything but a string (e.g. digits, "n" of null).
_RESOLVED_FIRST = "".join(c for c in _Loader.yaml_implicit_resolvers if c)


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


_KIND_NAMES = {list: "列表", str: "文本", int: "数字", float: "数字", bool: "是/否值", type(None): "空值"}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Composing allocates a node and two marks per value; the cycle collector, triggered again and again
    by those allocations, finds nothing (node trees have no cycles) yet nearly doubles the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_text(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Text to a Document; problems that make the file unusable come back with ``None``."""
    if _fastyaml is not None:  # ordinary documents, the C fast path; anything else, the full loader below
        with _gc_paused():
            fast = _fastyaml.load(text, _plain_value, _RESOLVED_FIRST, MAX_DEPTH, _FULL_LOADER_ONLY)
        if fast is not None:
            return Document(file=file, text=text, data=fast[0], record=fast[1]), []
    return load_text_fully(text, file)


def load_text_fully(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """The full loader: PyYAML's composer, then our builder, which reports every kind of problem."""
    try:
        with _gc_paused():
            root = compose(text, file)
    except LoadError as exc:
        return None, [exc.diagnostic]
    if root is None:
        return None, [codes.make("GW011", file=file, line=1, column=1)]
    builder = _Builder(file)
    top: Record = []
    try:
        with _gc_paused():
            data = builder.build(root, 0, top)
    except LoadError as exc:
        return None, [exc.diagnostic]
    except RecursionError:
        return None, [codes.make("GW007", file=file, line=1, column=1, limit=MAX_DEPTH, detail="")]
    if not isinstance(data, dict):
        mark = root.start_mark
        kind = _KIND_NAMES.get(type(data), "其他类型")
        return None, [*builder.problems,
                      codes.make("GW010", file=file, line=mark.line + 1, column=mark.column + 1, kind=kind)]
    return Document(file=file, text=text, data=data, record=top[0]), builder.problems


def load_file(path: Path, *, display: str | None = None, encoding: str | None = None
              ) -> tuple[Document | None, list[Diagnostic]]:
    display = display or str(path)
    try:
        text = read_file(path, display=display, encoding=encoding)
    except LoadError as exc:
        return None, [exc.diagnostic]
    return load_text(text, display)
