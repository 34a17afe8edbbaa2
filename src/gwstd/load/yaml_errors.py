"""PyYAML's and libyaml's errors in Chinese: a gwstd diagnostic (code, message, line and column) for every
problem either parser family reports, from one table."""

from __future__ import annotations

import ast
import functools
import re
from typing import Any

import yaml
from yaml.reader import ReaderError

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load import yaml_mistakes
from gwstd.load.document import MAX_DEPTH

# What the parsers say, in Chinese. Both families are covered: libyaml (CSafeLoader: libyaml's reader.c,
# scanner.c and parser.c, and PyYAML's _yaml.pyx, which composes) and PyYAML's pure-Python reader, scanner,
# parser and composer (SafeLoader, where PyYAML was built without libyaml). A table, not branches: the two
# word the same problem differently ("... in this context" / "... here", "did not find expected ',' or ']'"
# / "expected ',' or ']', but got ':'"), PyYAML quotes the character or name with %r, and libyaml's wording
# changes between releases (its nesting limit is "exceeded maximum nesting depth" in the copy PyYAML 6.0.4's
# wheels bundle, "Maximum nesting level reached, ..." upstream): a new wording is one more row here.
# A pattern is a regular expression matched, ignoring case, at the start of the parser's text; a group named
# "what" (the character, alias or handle PyYAML names) is shown in the message as 「…」, as is the character
# (as {what}) or byte (as {byte}) a reader error names. tests/load/test_loader.py
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
# The problems a line indented one space off its siblings is reported as (yaml_mistakes.misindented).
_INDENTATION = re.compile(r"mapping values are not allowed|(?:block )?sequence entries are not allowed|"
                          r"did not find expected key|did not find expected '-' indicator|expected <block end>|"
                          r"could not find expected ':'", re.IGNORECASE)
# ... and those a full-width 「：」「，」「－」 for ":", "," or "-" is (yaml_mistakes.in_syntax_error).
_STRUCTURE = re.compile(_INDENTATION.pattern + r"|(?:did not find expected|expected) ',' or", re.IGNORECASE)


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


def yaml_error(exc: yaml.YAMLError, file: str, source: str) -> Diagnostic:
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
    where = _context_in_chinese(context) if context else ""
    # libyaml does not say which character it stopped at; a tab is by far the most common one.
    if code == "GW004" and 0 <= index < len(source) and source[index] == "\t":
        chinese, where = _TAB, ""
    elif code == "GW004" and not isinstance(exc, ReaderError) and line >= 0:
        # What the clerk typed wrong, where they typed it: a full-width character or a line indented off.
        lines = source.splitlines()
        problem_mark = getattr(exc, "problem_mark", None)
        problem_line = problem_mark.line if problem_mark is not None else line
        context_mark = getattr(exc, "context_mark", None)
        mistake = None
        if _STRUCTURE.match(problem.strip()):
            mistake = yaml_mistakes.in_syntax_error(lines, problem_line, context_mark.line if context_mark else None)
        if mistake is None:
            mistake = yaml_mistakes.text_after_brackets(lines, problem_line, problem_mark.column if problem_mark else -1)
        if mistake is None and _INDENTATION.match(problem.strip()):
            mistake = yaml_mistakes.misindented(lines, problem_line)
        if mistake is not None:
            line, column, chinese, hint, where = mistake.line, mistake.column, mistake.problem, mistake.hint, ""
    fields["problem"] = f"{where},{chinese}" if where else chinese
    return codes.make(code, file=file, line=line + 1, column=column + 1, hint=hint, **fields)
