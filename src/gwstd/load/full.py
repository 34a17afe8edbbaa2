"""The full loader: PyYAML's composer, then our own builder from nodes to data and positions.

loader.py sends here what the C fast path hands over (and everything, where the fast path is not built):
documents with anchors, aliases, tags, duplicate or merge keys, several documents, syntax errors, deep
nesting. Building plain JSON-like data from the nodes ourselves instead of using PyYAML's constructor lets us
reject duplicate keys (PyYAML silently keeps the last one), bound alias expansion and nesting, and refuse tags
that would construct objects, each reported with its line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load import yaml11
from gwstd.load.document import MAX_DEPTH, Document, LoadError, Record, gc_paused
from gwstd.load.yaml_errors import yaml_error

try:  # libyaml makes composing several times faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVED: dict[str, str] = {}  # plain scalar → implicit tag (resolution depends on the text alone)


class _Resolving:
    """The safe loader's Python-side tag resolution, which the composer calls for every value, made cheap.

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


class _Loader(_Resolving, _BaseLoader):  # type: ignore[misc,valid-type]
    """The loader used here: libyaml's where PyYAML has it (tests swap in the pure-Python one)."""


# An alias may be expanded, but the expanded tree may not grow far beyond the written one.
ALIAS_BUDGET = 100_000
# libyaml's composer recurses on the C stack; beyond some tens of thousands of levels it crashes the
# process. Below this bound composing is safe; above it we measure the real depth from parser events first.
SAFE_COMPOSE_DEPTH = 20_000

_TAG = "tag:yaml.org,2002:"
SEQ, MAP, MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"

_Scalar = yaml.ScalarNode


def _position(mark: yaml.Mark) -> int:
    return (mark.line << 32) | mark.column


# ------------------------------------------------------------------------------------------------------
# Composing


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


def _too_large(file: str) -> LoadError:
    # libyaml reports running out of memory (or past the size of its stacks) as MemoryError, not YAMLError.
    return LoadError(codes.make("GW017", file=file, problem="YAML 解析器内存不足(文件过大,或结构异常庞大)"))


def _measured_depth(text: str, file: str) -> int:
    """The deepest nesting, from parser events (the parsers iterate, only the composers recurse); GW007 at the
    collection that first goes past MAX_DEPTH. A parser's own limit met first (libyaml's scanner reads a run
    of "[" to its end before the parser hands out an event) is reported at the place the parser gives."""
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
        raise LoadError(yaml_error(exc, file, text)) from None
    except MemoryError:
        raise _too_large(file) from None
    return deepest


def compose(text: str, file: str) -> yaml.Node | None:
    if _may_be_too_deep(text):
        _measured_depth(text, file)
    try:
        return _Loader(text).get_single_node()
    except yaml.YAMLError as exc:
        problem = yaml_error(exc, file, text)
    except RecursionError:  # PyYAML's pure-Python composer, some hundreds of levels down
        problem = codes.make("GW007", file=file, line=1, column=1, limit=MAX_DEPTH, detail="")
    except MemoryError:
        raise _too_large(file) from None
    if problem.code == "GW007":
        # A parser's own nesting limit (libyaml's is about 1,000 levels) or the composer's recursion: report,
        # as everywhere else, the collection that goes past our limit, found from the events.
        _measured_depth(text, file)
    raise LoadError(problem)


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
        tag = node.tag
        value = yaml11.value_of(tag[len(_TAG):], node.value) if tag.startswith(_TAG) else yaml11.FULL_LOADER_ONLY
        if value is yaml11.FULL_LOADER_ONLY:
            self.problems.append(self._at(node, "GW008", tag=_tag_text(node.tag)))
            return node.value  # the text as written, never an object built from the tag
        return value


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


_KIND_NAMES = {list: "列表", str: "文本", int: "数字", float: "数字", bool: "是/否值", type(None): "空值"}


def load_text_fully(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """The full loader: PyYAML's composer, then our builder, which reports every kind of problem."""
    try:
        with gc_paused():
            root = compose(text, file)
    except LoadError as exc:
        return None, [exc.diagnostic]
    if root is None:
        return None, [codes.make("GW011", file=file, line=1, column=1)]
    builder = _Builder(file)
    top: Record = []
    try:
        with gc_paused():
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

