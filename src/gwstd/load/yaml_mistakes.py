"""The typing mistakes behind most YAML syntax errors in a Chinese catalogue, found and explained.

A clerk typing with a Chinese input method in full-width mode writes 「：」 for ":", 「，」 for "," and
「－」 for "-". YAML needs the ASCII characters there, and the parser either fails a line or two later with a
generic message, or (worse) reads something else than was meant: ``department：jiaoyu`` becomes a text,
``[政府网站，两微一端]`` one element, ``－ 政府网站`` a text instead of a list. The other common mistake is a key
indented one space more or less than its siblings. This module finds the line at fault and says what to
type instead; yaml_errors.py asks it about every syntax error, loader.py about documents that did load.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterator, NamedTuple

from gwstd.load.document import Document, gc_paused


class Mistake(NamedTuple):
    line: int  # 0-based
    column: int  # 0-based
    problem: str  # Chinese, without the "YAML 语法错误:" of GW004's template
    hint: str
    # The whole line as it should be, where that is sure (`gwstd validate --fix` writes it); else "".
    fixed: str = ""


_LEAD = r"(?P<lead>[ ]*(?:-[ ]+)*)"
# A key written with a full-width colon at the start of a line: in a syntax error's neighbourhood any key
# (Chinese ones too); in a document that loaded, only a key as the schema's are written (ASCII).
_COLON_ANY = re.compile(_LEAD + r"(?P<key>[^\s#'\"\[\]{}:：,，&*!|>%@`-][^\s:：]*)[ \t]*：[ \t]*(?P<rest>.*)$")
_COLON_KEY = re.compile(r"[A-Za-z_][\w-]*[ \t]*：")
_DASH = re.compile(_LEAD + r"－[ \t　]*(?P<rest>.*)$")
# Cheap tests on a whole document that loaded: the lines where one matches are looked at again. The regex
# engine is fast at finding a given character, slow at trying a pattern at every line start: a line-start
# pattern is tried only where the character it ends with is found.
_IN_FLOW = (re.compile(r"\[[^\]\n]*，"), re.compile(r"\{[^}\n]*[，：]"))
_KEY_AT_LINE_START = re.compile(r"[ ]*(?:-[ ]+)*[A-Za-z_][\w-]*[ \t]*", re.ASCII)
_AT_LINE_START = re.compile(r"[ ]*(?:-[ ]+)*")


def _candidate_offsets(text: str) -> list[int]:
    found = [match.start() for pattern in _IN_FLOW for match in pattern.finditer(text)]
    for ch, lead in (("：", _KEY_AT_LINE_START), ("－", _AT_LINE_START), ("　", _AT_LINE_START)):
        i = text.find(ch)
        while i >= 0:
            # (「：」 mostly follows Chinese text: the character before it settles most of them)
            if (ch == "－" or text[i - 1] < "\x80") and lead.fullmatch(text, text.rfind("\n", 0, i) + 1, i):
                found.append(i)
            i = text.find(ch, i + 1)
    return found


def _colon(lines: list[str], n: int, *, ascii_key: bool = False) -> Mistake | None:
    found = _COLON_ANY.match(lines[n])
    if found is None or (ascii_key and not _COLON_KEY.match(lines[n], found.end("lead"))):
        return None
    rest = found["rest"]
    fixed = f"{found['lead']}{found['key']}:{' ' + rest if rest else ''}"
    return Mistake(n, lines[n].index("：", found.end("lead")),
                   f"第 {n + 1} 行的「：」是全角冒号,键和值之间应使用半角冒号加空格“: ”",
                   f"应写作「{fixed.strip()}」", fixed)


# A full-width space (U+3000) in the indentation, or after a ":" or "- " indicator.
_SPACE = re.compile(r"(?P<lead>[ 　]*(?:[-－][ 　]+)*)(?:(?P<key>[^\s:：#'\"\[\]{},，][^:：]*?)[:：](?P<gap>[ 　]+))?")


def _space(lines: list[str], n: int) -> Mistake | None:
    found = _SPACE.match(lines[n])
    if found is None or "　" not in found.group(0) or found.end() == len(lines[n]):
        return None
    lead, key = found["lead"], found["key"]
    fixed = lead.replace("　", "  ").replace("－", "-")
    fixed += f"{key}: " if key is not None else ""
    fixed += lines[n][found.end():]
    if "　" in lead:
        problem, hint = f"第 {n + 1} 行的缩进用了全角空格「　」,缩进只能用半角空格", f"应写作「{fixed.strip()}」,前面用半角空格缩进"
    else:
        problem, hint = (f"第 {n + 1} 行冒号后面的「　」是全角空格,键和值之间应使用半角冒号加空格“: ”",
                         f"应写作「{fixed.strip()}」")
    # (an indent of full-width spaces: how many half-width ones were meant is a person's call)
    return Mistake(n, found.group(0).index("　"), problem, hint, "" if "　" in lead else fixed)


# A value that starts with a bracket YAML reads as a list or mapping, with text after its closing bracket:
# a 文号 typed [2011]45号, a note typed [注]……
_BRACKETED = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)*(?:[^\s#:][^:]*:[ ]+)?)(?P<open>[\[{])[^\]}]*[\]}](?P<rest>[^\s#,\]}].*)$")


def text_after_brackets(lines: list[str], n: int, column: int) -> Mistake | None:
    """Line ``n`` (0-based) has a value starting with [ or { and text after the bracket closing it, where the
    parser stopped (``column``): the brackets were meant as text."""
    if not 0 <= n < len(lines):
        return None
    found = _BRACKETED.match(lines[n])
    if found is None or column != found.start("rest"):
        return None
    value = lines[n][found.start("open"):].rstrip()
    year = re.match(r"\[((?:19|20)\d{2})\]", value)
    hint = f"文号的年份请用六角括号,写作「{value.replace(year.group(0), f'〔{year.group(1)}〕', 1)}」;" if year else ""
    hint += "如果括号是文字的一部分,请给整个值加引号"
    return Mistake(n, found.start("open"),
                   f"第 {n + 1} 行的值以「{found['open']}」开头,YAML 把它读作{'列表' if found['open'] == '[' else '映射'}的开始,"
                   "括号后面不能再接文字", hint)


def sure_fix(lines: list[str], n: int) -> str | None:
    """Line ``n`` (0-based) as it should be written, when its mistake is a key's full-width colon (an ASCII
    key, as the schema's are) or a full-width space after a key's colon; else None. For validate --fix."""
    if not 0 <= n < len(lines):
        return None
    mistake = _colon(lines, n, ascii_key=True) or _space(lines, n)
    return mistake.fixed if mistake is not None and mistake.fixed else None


def _dash(lines: list[str], n: int) -> Mistake | None:
    found = _DASH.match(lines[n])
    if found is None:
        return None
    fixed = f"{found['lead']}- {found['rest']}"
    return Mistake(n, found.end("lead"), f"第 {n + 1} 行的「－」是全角减号,列表项应以半角减号加空格“- ”开头",
                   f"应写作「{fixed.strip()}」")


_TEXT_OPEN, _TEXT_CLOSE = "（(《“「『【〔‘", "）)》”」』】〕’"


def _flow_comma(lines: list[str], n: int) -> Mistake | None:
    """A full-width comma (or colon) between the elements of a [ ] list or { } mapping written on one line."""
    line = lines[n]
    stack: list[str] = []
    quote = ""
    text_brackets = 0  # inside （…）, 《…》, “…” and the like a 「，」 is text (the importer splits cells so too)
    first: tuple[int, str, str] | None = None
    fixed = []
    for i, ch in enumerate(line):
        out = ch
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"" and (i == 0 or line[i - 1] in " \t[{,:"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            fixed.append(line[i:])
            break
        elif ch in "[{":
            stack.append(ch)
        elif ch in "]}":
            if stack:
                stack.pop()
        elif stack and ch in _TEXT_OPEN:
            text_brackets += 1
        elif stack and ch in _TEXT_CLOSE:
            text_brackets = max(text_brackets - 1, 0)
        elif stack and ch == "，" and not text_brackets:
            out = ", "
            first = first or (i, ch, stack[-1])
        elif stack and stack[-1] == "{" and ch == "：" and re.search(r"[{,][ \t]*[A-Za-z_][\w-]*[ \t]*$", line[:i]):
            out = ": "
            first = first or (i, ch, "{")
        fixed.append(out)
    if first is None:
        return None
    column, ch, bracket = first
    text = re.sub(r"(, |: ) +", r"\1", "".join(fixed)).strip()
    where = "方括号列表" if bracket == "[" else "花括号映射"
    if ch == "，":
        problem = f"第 {n + 1} 行的「，」是全角逗号,{where}的各项之间应使用半角逗号“,”"
        hint = f"应写作「{text}」;如果「，」是文字的一部分,请给这一项加引号"
    else:
        problem = f"第 {n + 1} 行的「：」是全角冒号,键和值之间应使用半角冒号加空格“: ”"
        hint = f"应写作「{text}」"
    return Mistake(n, column, problem, hint)


def in_syntax_error(lines: list[str], problem_line: int, context_line: int | None) -> Mistake | None:
    """The full-width character behind a syntax error the parser reports at ``problem_line`` (0-based),
    looked for on that line and the few before it, back to where the parser's context began."""
    first = problem_line - 1 if context_line is None else min(context_line, problem_line - 1)
    for n in range(min(problem_line, len(lines) - 1), max(first, problem_line - 5, 0) - 1, -1):
        mistake = _space(lines, n) or _colon(lines, n) or _dash(lines, n) or _flow_comma(lines, n)
        if mistake is not None:
            return mistake
    return None


def _leaves_on(data: Any, entry: Any, line: int, seen: dict[int, tuple[list, list[int]]]
               ) -> Iterator[tuple[str, int]]:
    """(text, position) of the strings, keys and values, that begin on ``line`` (0-based), found by descending
    into the collection(s) whose span covers it (a child's span ends where the next one begins)."""
    if entry.__class__ is not list:
        if isinstance(data, str) and entry >> 32 == line:
            yield data, entry
        return
    if id(entry) not in seen:  # the children of a collection and the lines they begin on, once per document
        children: list[tuple[Any, Any]] = []
        if isinstance(data, dict):
            for i, (key, value) in enumerate(data.items()):
                children.append((key, entry[1 + 2 * i]))
                children.append((value, entry[2 + 2 * i]))
        elif isinstance(data, list):
            children = list(zip(data, entry[1:]))
        seen[id(entry)] = children, [(e[0] if e.__class__ is list else e) >> 32 for _, e in children]
    children, starts = seen[id(entry)]
    # The last child beginning before the line, and every child beginning on it.
    first = max(bisect.bisect_left(starts, line) - 1, 0)
    for i in range(first, bisect.bisect_right(starts, line)):
        yield from _leaves_on(*children[i], line, seen)


def in_loaded(doc: Document) -> Mistake | None:
    """A full-width character where YAML needs ASCII in a document that loaded all the same, into something
    other than what was meant: a plain (unquoted) text at the start of a line that begins ``key：`` or
    ``－``, or a [ ] or { } element holding 「，」."""
    text = doc.text
    if "－" not in text and "：" not in text and "，" not in text and "　" not in text:
        return None
    found = _candidate_offsets(text)
    if not found or doc.record is None:
        return None
    candidates = {text.count("\n", 0, i) for i in sorted(found)[:20]}
    lines = [line.rstrip("\r") for line in text.split("\n")]  # (numbered as the candidates are)
    with gc_paused():  # (a tuple per child of a collection: the collector would walk the whole tree)
        return _first_in_loaded(doc, lines, sorted(candidates))


def _first_in_loaded(doc: Document, lines: list[str], candidates: list[int]) -> Mistake | None:
    seen: dict[int, tuple[list, list[int]]] = {}
    for n in candidates:
        if n >= len(lines):
            continue
        for value, position in _leaves_on(doc.data, doc.record, n, seen):
            column = position & 0xFFFFFFFF
            if column >= len(lines[n]) or lines[n][column] in "'\"|>":  # quoted or a block of text: as meant
                continue
            before = lines[n][:column].rstrip()
            if "，" in value and before[-1:] in ("[", "{", ",", ":"):
                mistake = _flow_comma(lines, n)
                if mistake is not None:
                    return mistake
            if _COLON_KEY.match(value) and before[-1:] in ("[", "{", ","):
                mistake = _flow_comma(lines, n)
                if mistake is not None:
                    return mistake
            # Only a text alone at the start of its line: a "- " item may well begin so (a "－" for "none", a
            # "PDF：…"), and gwstd writes every other text after its key.
            if not lines[n][:column].strip(" "):
                if value.startswith("　"):
                    mistake = _space(lines, n)
                    if mistake is not None:
                        return mistake
                if value.startswith("－"):
                    return _dash(lines, n)
                if _COLON_KEY.match(value):
                    mistake = _colon(lines, n, ascii_key=True)
                    if mistake is not None:
                        return mistake
    return None


# ------------------------------------------------------------------------------------------------------
# Indentation

def _columns(line: str) -> tuple[int, list[int], int | None, str]:
    """(indentation, the columns of its "- " items, the column of its key or None, the key)."""
    indent = len(line) - len(line.lstrip(" "))
    dashes = []
    i = indent
    while line.startswith("- ", i) or line[i:] == "-":
        dashes.append(i)
        i += 1
        while i < len(line) and line[i] == " ":
            i += 1
    rest = line[i:]
    key = None
    found = re.match(r"(?P<key>[^\s#'\"\[{][^#]*?|\"[^\"]*\"|'[^']*'):(?:[ \t]|$)", rest)
    if found:
        key = found["key"]
    return indent, dashes, (i if key is not None else None), key or ""


def misindented(lines: list[str], n: int) -> Mistake | None:
    """A line ``n`` (0-based) that starts a key or a "- " item at an indentation none of the open
    collections above it has, when a sibling one or two spaces off is there to align with."""
    if not 0 <= n < len(lines):
        return None
    indent, dashes, key_column, key = _columns(lines[n])
    if indent >= len(lines[n]) or lines[n].lstrip().startswith("#"):
        return None
    want_dash = bool(dashes)
    if not want_dash and key_column is None:
        return None
    # The open collections above: walking up, each line indented less than every line below it so far.
    candidates: list[tuple[int, int, str]] = []  # (column, line, key or "-")
    lowest = None
    for m in range(n - 1, -1, -1):
        above = lines[m]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        a_indent, a_dashes, a_key_column, a_key = _columns(above)
        if lowest is not None and a_indent >= lowest:
            continue
        if want_dash:
            candidates.extend((d, m, "-") for d in reversed(a_dashes) if lowest is None or d < lowest)
        elif a_key_column is not None and (lowest is None or a_key_column < lowest):
            candidates.append((a_key_column, m, a_key))
        lowest = a_indent
        if a_indent == 0:
            break
    if not candidates or any(column == indent for column, _, _ in candidates):
        return None
    column, m, sibling = min(candidates, key=lambda c: abs(c[0] - indent))  # the nearest; on a tie, the latest
    if abs(column - indent) > 2:
        return None
    if want_dash:
        return Mistake(n, indent, f"第 {n + 1} 行的缩进与同级的列表项不一致,应缩进 {column} 个空格(现在是 {indent} 个)",
                       f"与第 {m + 1} 行的“- ”对齐:把这一行开头的空格改为 {column} 个")
    return Mistake(n, indent, f"第 {n + 1} 行的缩进与同级的键不一致,应缩进 {column} 个空格(现在是 {indent} 个)",
                   f"与第 {m + 1} 行的「{sibling}」对齐:把这一行开头的空格改为 {column} 个")
