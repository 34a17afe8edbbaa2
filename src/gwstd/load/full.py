"""The full loader: PyYAML's composer, then our own builder from nodes to data and positions.

loader.py sends here what the C fast path hands over (and everything, where the fast path is not built):
documents with anchors, aliases, tags, duplicate or merge keys, several documents, syntax errors, deep
nesting. Building plain JSON-like data from the nodes ourselves instead of using PyYAML's constructor lets us
reject duplicate keys (PyYAML silently keeps the last one), bound alias expansion and nesting, and refuse tags
that would construct objects, each reported with its line.
"""

from __future__ import annotations

import ast
import functools
import re
from typing import Any

import yaml
from yaml.reader import ReaderError

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load import yaml11
from gwstd.load.document import MAX_DEPTH, Document, LoadError, Record, gc_paused

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


# What the parsers say, in Chinese. Both families are covered: libyaml (CSafeLoader: libyaml's reader.c,
# scanner.c and parser.c, and PyYAML's _yaml.pyx, which composes) and PyYAML's pure-Python reader, scanner,
# parser and composer (SafeLoader, where PyYAML was built without libyaml). A table, not branches: the two
# word the same problem differently ("... in this context" / "... here", "did not find expected ',' or ']'"
# / "expected ',' or ']', but got ':'"), PyYAML quotes the character or name with %r, and libyaml's wording
# changes between releases (its nesting limit is "exceeded maximum nesting depth" in the copy PyYAML 6.0.4's
# wheels bundle, "Maximum nesting level reached, ..." upstream): a new wording is one more row here.
# A pattern is a regular expression matched, ignoring case, at the start of the parser's text; a group named
# "what" (the character, alias or handle PyYAML names) is shown in the message as 「…」, as is the character
# (as {what}) or byte (as {byte}) a reader error names. tests/test_loader.py
# checks that every wording of both families (PyYAML's read from its installed source) has a row.
_YAML_PROBLEMS: list[tuple[str, str, str]] = [
    # (pattern for the parser's problem, gwstd code, Chinese)
    # --- limits ---
    (r"exceeded maximum nesting depth", "GW007", ""),
    (r"maximum nesting level reached", "GW007", ""),
    (r"input is too long", "GW017", "文件过长,超出了 YAML 解析器能读取的长度"),
    # --- the composer: documents, anchors and aliases ---
    (r"but found another document", "GW009", ""),
    (r"second occurrence", "GW004", "锚点名称重复(同名的 &锚点 在第 {first} 行已经出现过)"),
    (r"found undefined alias(?: (?P<what>.+))?", "GW004", "引用了未定义的锚点{what}(*别名之前需要先用 &锚点 定义)"),
    # --- tabs ---
    (r"found a tab character", "GW004", "不能用 Tab 缩进或分隔,请改用空格"),
    (r"found character '\\t' that cannot start any token", "GW004", "不能用 Tab 缩进或分隔,请改用空格"),
    # --- indentation and structure ---
    (r"mapping values are not allowed (?:in this context|here)", "GW004",
     "此处不能出现“键: 值”(冒号后的内容里有“: ”,请给值加引号;或检查缩进)"),
    (r"(?:block )?sequence entries are not allowed (?:in this context|here)", "GW004",
     "此处不能开始“- ”列表项(检查缩进;“键:”之后的列表要换行缩进)"),
    (r"mapping keys are not allowed (?:in this context|here)", "GW004", "此处不能出现“? ”开头的键(检查缩进)"),
    (r"could not find expected ':'", "GW004", "找不到应有的冒号“:”(检查上一行是否缺少冒号或引号未闭合)"),
    (r"did not find expected key", "GW004", "缩进不一致,没有找到应有的键"),
    (r"did not find expected '-' indicator", "GW004", "缩进不一致,列表项应以“- ”开头并对齐"),
    (r"expected <block end>", "GW004", "缩进不一致:这一行的缩进与上文不对齐"),
    (r"did not find expected node content|expected the node content", "GW004", "缺少内容(检查“- ”或“: ”后面)"),
    (r"found unexpected ':'", "GW004", "此处不能出现冒号,请给含冒号的值加引号"),
    (r"found character (?:(?P<what>.+) )?that cannot start any token", "GW004",
     "这个字符{what}不能作为值的开头(如 @ 或 `),请给值加引号"),
    # --- brackets and quotes ---
    (r"(?:did not find expected|expected) ',' or '\]'", "GW004", "方括号列表没有闭合,缺少“,”或“]”"),
    (r"(?:did not find expected|expected) ',' or '\}'", "GW004", "花括号映射没有闭合,缺少“,”或“}”"),
    (r"found unexpected end of stream", "GW004", "文件意外结束(引号或括号没有闭合?)"),
    (r"found unexpected document (?:indicator|separator)", "GW004",
     "引号内的文本中出现了行首的“---”或“...”(引号没有闭合?)"),
    # --- escapes in double-quoted text ---
    (r"found unknown escape character(?: (?P<what>.+))?", "GW004",
     "双引号字符串中有无法识别的转义字符{what}(反斜杠 \\),可改用单引号"),
    (r"did not find expected hexdecimal number|expected escape sequence of \d+ hexadecimal numbers", "GW004",
     "双引号字符串中的转义(\\x、\\u、\\U)后应为十六进制数字,可改用单引号"),
    (r"found invalid unicode character escape code", "GW004", "双引号字符串中的 \\u 或 \\U 转义不是有效的 Unicode 字符"),
    # --- block scalars (| and >) ---
    (r"found an indentation indicator equal to 0|expected indentation indicator in the range 1-9", "GW004",
     "多行文本(| 或 >)的缩进指示符应为 1 到 9,不能是 0"),
    (r"expected chomping or indentation indicators", "GW004", "多行文本的“|”或“>”后只能跟 +、- 或 1 到 9 的数字"),
    (r"(?:did not find expected|expected a) comment or (?:a )?line break", "GW004", "这里应为注释(#)或换行,后面不能再有内容"),
    # --- anchors, aliases, tags ---
    (r"(?:did not find )?expected alphabetic or numeric character", "GW004",
     "这里应为字母或数字(锚点、别名和指令的名称只能用字母、数字、- 和 _)"),
    (r"found undefined tag handle(?: (?P<what>.+))?", "GW004", "使用了未定义的标签前缀{what}"),
    (r"did not find the expected '>'|expected '>'", "GW004", "标签“!<…>”缺少结尾的“>”"),
    (r"did not find expected '!'|expected '!'", "GW004", "标签前缀缺少结尾的“!”"),
    (r"did not find expected tag uri|expected uri, but", "GW004", "标签缺少内容(URI)"),
    (r"did not find uri escaped octet|expected uri escape sequence", "GW004", "标签中的“%”后应为两位十六进制数字"),
    (r"found an incorrect (?:leading|trailing) utf-8 octet|'utf-8' codec can't decode", "GW004",
     "标签中用“%”转义的字节不是合法的 UTF-8"),
    # --- directives (%YAML, %TAG) and documents ---
    (r"found incompatible yaml document", "GW004", "不支持的 YAML 版本声明(只支持 %YAML 1.x)"),
    (r"found duplicate %?yaml directive", "GW004", "%YAML 版本声明重复"),
    (r"found duplicate %tag directive|duplicate tag handle(?: (?P<what>.+))?", "GW004", "%TAG 指令重复定义了同一个标签前缀{what}"),
    (r"found unknown directive name", "GW004", "未知的“%”指令(只有 %YAML 和 %TAG)"),
    (r"could not find expected directive name|found unexpected non-alphabetical character", "GW004",
     "“%”指令的名称不正确(只有 %YAML 和 %TAG)"),
    (r"did not find expected version number|did not find expected digit or '\.' character|expected a digit",
     "GW004", "%YAML 的版本号格式不正确(应写作 %YAML 1.1)"),
    (r"found extremely long version number", "GW004", "%YAML 的版本号过长"),
    (r"did not find expected whitespace|expected ' ', but", "GW004", "这里应有空格或换行"),
    (r"did not find expected <document start>|expected '<document start>'", "GW004",
     "这里应开始一个新文档(---);文档结束标记“...”之后不能再写内容"),
    (r"did not find expected <stream-start>", "GW004", "无法识别文件的开头"),
    # --- characters and encodings (the reader) ---
    (r"(?:control|special) characters are not allowed", "GW004",
     "文件含有不允许的字符{what}(控制字符等不可见的字符,常见于从网页或其他软件复制的文字,请删除)"),
    # libyaml's own words, then the reasons of Python's codecs that PyYAML's reader passes on for bytes
    (r"invalid leading utf-8 octet|invalid trailing utf-8 octet|invalid length of a utf-8 sequence|"
     r"incomplete utf-8 octet sequence|invalid unicode character|invalid start byte|invalid continuation byte|"
     r"unexpected end of data|illegal encoding|truncated data|illegal utf-16 surrogate", "GW004",
     "文件中有无法解码的字节{byte}(文件不是 UTF-8 编码?)"),
    (r"(?:expected|unexpected) low surrogate area|incomplete utf-16", "GW004", "文件中有不完整的 UTF-16 字符"),
    (r"input error", "GW004", "YAML 解析器读取内容时出错"),
]

_YAML_CONTEXTS: list[tuple[str, str]] = [
    # (pattern for the parser's context, Chinese: where it happened; "" where the problem says it all)
    (r"while scanning a simple key", "读取键时"),
    (r"while (?:scanning|parsing) an? (?:(?:double|single)-)?quoted scalar", "读取引号内的文本时"),
    (r"while scanning a block scalar", "读取多行文本(| 或 >)时"),
    (r"while scanning a plain scalar", "读取文本时"),
    (r"while parsing a block collection", "读取“- ”列表时"),
    (r"while parsing a block mapping", "读取“键: 值”映射时"),
    (r"while parsing a flow sequence", "读取方括号列表“[ ]”时"),
    (r"while parsing a flow mapping", "读取花括号映射“{ }”时"),
    (r"while parsing an? (?:\w+ )?node", "读取值时"),
    (r"while (?:scanning|parsing) an? (?:%tag |%yaml |tag )?directive", "读取“%”指令时"),
    (r"while (?:scanning|parsing) an? tag", "读取标签(!)时"),
    (r"while scanning an? anchor", "读取锚点(&)时"),
    (r"while scanning an? alias", "读取别名(*)时"),
    (r"while scanning for the next token", ""),
    (r"while increasing (?:flow|block) level", ""),
    (r"found duplicate anchor(?: .+)?; first occurrence", ""),
    (r"expected a single document in the stream", ""),
    (r"while parsing$", ""),
]

# Where an unclosed bracket or quote is reported: at the end of the file, or wherever the parser gave up.
_OPENED_CONTEXTS = ("flow", "quoted scalar", "block scalar")
_TAB = "不能用 Tab 缩进或分隔,请改用空格"


@functools.cache
def _rules() -> tuple[list[tuple[re.Pattern[str], str, str]], list[tuple[re.Pattern[str], str]]]:
    # Compiled on the first syntax error, not on import: most runs never meet one.
    return ([(re.compile(p, re.IGNORECASE), code, chinese) for p, code, chinese in _YAML_PROBLEMS],
            [(re.compile(p, re.IGNORECASE), chinese) for p, chinese in _YAML_CONTEXTS])


def _problem_in_chinese(problem: str) -> tuple[str, str, str] | None:
    """(code, Chinese, the quoted part PyYAML names) for a parser's problem, or None when it is not known."""
    for pattern, code, chinese in _rules()[0]:
        found = pattern.match(problem.strip())
        if found:
            return code, chinese, found.groupdict().get("what") or ""
    return None


def _context_in_chinese(context: str) -> str | None:
    """Where the parser was, in Chinese ("" where that adds nothing), or None when it is not known."""
    for pattern, chinese in _rules()[1]:
        if pattern.match(context.strip()):
            return chinese
    return None


def _shown(quoted: str) -> str:
    """PyYAML's %r of a character or name as 「…」; characters that do not print as their code point."""
    if not quoted:
        return ""
    try:
        value = ast.literal_eval(quoted)
    except (ValueError, SyntaxError):
        value = quoted
    if not isinstance(value, str):
        value = str(value)
    if len(value) == 1 and not value.isprintable():
        value = f"U+{ord(value):04X}"
    return f"「{value}」"


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


def _reader_mark(exc: ReaderError, source: str) -> tuple[int, int, int]:
    """(line, column, index), 0-based, of a reader error, which gives only an offset into the input.

    PyYAML's reader counts characters of the text; libyaml counts bytes of the UTF-8 that PyYAML hands it.
    """
    offset = max(int(exc.position), 0)
    if exc.encoding == "unicode":
        index = min(offset, len(source))
    else:
        index = len(source.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
    breaks = list(_LINE_BREAK.finditer(source, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks), index - start, index


def _yaml_error(exc: yaml.YAMLError, file: str, source: str) -> Diagnostic:
    """A parser's error as a gwstd diagnostic: our code, a Chinese message, the line and column."""
    fields: dict[str, Any] = {"limit": MAX_DEPTH, "detail": ""}
    hint = ""
    if isinstance(exc, ReaderError):  # no marks: an offset into the input, and the character itself
        problem, context = str(exc.reason or ""), ""
        line, column, index = _reader_mark(exc, source)
        # A code point, or a byte that would not decode (an int from PyYAML's reader, bytes elsewhere).
        value = exc.character[0] if isinstance(exc.character, bytes) and exc.character else exc.character
        valid = isinstance(value, int) and value >= 0
        shown = f"「U+{value:04X}」" if valid else ""
        byte = f"「0x{value:02X}」" if valid and value < 256 else ""
        original = str(exc).splitlines()[0]
    else:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = str(getattr(exc, "problem", "") or "")
        context = str(getattr(exc, "context", "") or "")
        if not problem and not context:
            problem = str(exc)
        opened = getattr(exc, "context_mark", None)
        if opened is not None:
            fields["first"] = opened.line + 1
        if opened is not None and mark is not None and opened.line != mark.line and any(
                what in context for what in _OPENED_CONTEXTS):
            # An unclosed bracket or quote is found where the parser gave up; where it was opened is what to fix.
            hint = f"从这里开始的括号或引号没有闭合(解析到第 {mark.line + 1} 行时发现)。"
            mark = opened
        line, column, index = (mark.line, mark.column, mark.index) if mark is not None else (-1, -1, -1)
        shown = byte = ""
        original = "; ".join(" ".join(part.split()) for part in (context, problem) if part)
    translated = _problem_in_chinese(problem) if problem else None
    if translated is None:
        code, chinese = "GW004", f"无法解析(解析器原文:{original})"
    else:
        code, chinese, quoted = translated
        # Not str.format: the Chinese texts quote braces.
        chinese = (chinese.replace("{what}", shown or _shown(quoted)).replace("{byte}", byte)
                   .replace("{first}", str(fields.get("first", "?"))))
    # libyaml does not say which character it stopped at; a tab is by far the most common one.
    if code == "GW004" and 0 <= index < len(source) and source[index] == "\t":
        chinese = _TAB
    where = _context_in_chinese(context) if context else ""
    fields["problem"] = f"{where},{chinese}" if where else chinese
    return codes.make(code, file=file, line=line + 1, column=column + 1, hint=hint, **fields)


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
        raise LoadError(_yaml_error(exc, file, text)) from None
    except MemoryError:
        raise _too_large(file) from None
    return deepest


def compose(text: str, file: str) -> yaml.Node | None:
    if _may_be_too_deep(text):
        _measured_depth(text, file)
    try:
        return _Loader(text).get_single_node()
    except yaml.YAMLError as exc:
        problem = _yaml_error(exc, file, text)
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

