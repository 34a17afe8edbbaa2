"""书名号 《》 are balanced, with 〈〉 inside them (GW206); basis titles carry none (GW209).

PASS::

    basis:
      - title: 关于印发〈实施方案〉的通知
    note: 按《中华人民共和国政府信息公开条例》执行

FAIL::

    note: 按《政府信息公开条例执行        # GW206:书名号不配对

FAIL::

    basis:
      - title: 《中华人民共和国土地管理法》    # GW209:文件名称不加书名号,输出时自动加上

``gwstd validate --fix`` removes the marks around a basis title, and balances 《》 where only one place can
be meant: in a basis title (a title from end to end), a lone 《 at the start gets its 》 at the end and a
lone 》 at the end its 《 at the start; anywhere, a mark typed twice (《《) loses one. Any other unpaired mark
(《义务教育法规定的……) is left for a person.
"""

from __future__ import annotations

import re
from typing import Iterator

from gwstd.rules.base import Context, Rule

_PAIRS = {"《": "》", "〈": "〉"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def problem(text: str) -> str | None:
    """None when every 《》 and 〈〉 pairs up and nests properly."""
    stack: list[str] = []
    for char in text:
        if char in _PAIRS:
            stack.append(char)
        elif char in _CLOSERS:
            if not stack:
                return f"多了一个「{char}」,前面没有对应的「{_CLOSERS[char]}」"
            if stack[-1] != _CLOSERS[char]:
                return f"「{stack[-1]}」与「{char}」交错,书名号内的书名号请用〈〉"
            stack.pop()
    if stack:
        return f"「{stack[-1]}」没有对应的「{_PAIRS[stack[-1]]}」"
    return None


def _offending(text: str) -> int:
    """Where the first unpaired or crossed mark of ``text`` is (its offset), for the diagnostic's column."""
    stack: list[int] = []
    for i, char in enumerate(text):
        if char in _PAIRS:
            stack.append(i)
        elif char in _CLOSERS:
            if not stack or text[stack[-1]] != _CLOSERS[char]:
                return i
            stack.pop()
    return stack[-1] if stack else 0


def check_balance(text: str, context: Context) -> Iterator[tuple[str, dict]]:
    what = problem(text)
    if what:
        sure = fix_balance(text, context) is not None
        yield "GW206", {"problem": what, "offset": _offending(text),
                        "hint": f"应写作「{fix_balance(text, context)}」(可用 gwstd validate --fix 自动修正)" if sure else ""}


def check_titles(text: str, context: Context) -> Iterator[tuple[str, dict]]:
    stripped = text.strip()
    if stripped.startswith("《") and stripped.endswith("》") and problem(stripped[1:-1]) is None:
        yield "GW209", {"value": stripped, "fixed": stripped[1:-1], "hint": "可用 gwstd validate --fix 自动修正"}


def fix_balance(text: str, context: Context) -> str | None:
    """The one balanced text ``text`` can be meant as, or None (see the module docstring)."""
    stripped = text.strip()
    marks = [c for c in stripped if c in _PAIRS or c in _CLOSERS]
    candidates = []
    # Only a basis title is a title from end to end; in a name or a sentence (《义务教育法规定的……) where the
    # title ends is a person's call.
    whole_title = context.field == "title"
    if whole_title and marks == ["《"] and stripped.startswith("《") and len(stripped) > 1:
        candidates.append(text.rstrip() + "》")
    elif whole_title and marks == ["》"] and stripped.endswith("》") and len(stripped) > 1:
        candidates.append(text[:len(text) - len(text.lstrip())] + "《" + text.lstrip())
    else:
        for doubled in ("《《", "》》", "〈〈", "〉〉"):
            if doubled in text:
                candidates.append(text.replace(doubled, doubled[0]))
    sure = [c for c in candidates if problem(c) is None]
    return sure[0] if len(sure) == 1 else None


def fix_title(text: str, context: Context) -> str | None:
    stripped = text.strip()
    return stripped[1:-1] if stripped.startswith("《") and stripped.endswith("》") else None


RULES = [
    Rule("balanced-title-marks", ("GW206",), "text", check_balance, __doc__ or "", title="书名号《》配对,书名中的书名号用〈〉",
         trigger=re.compile("[《》〈〉]"), fix=fix_balance),
    # only basis documents have a "title" field
    Rule("bare-basis-titles", ("GW209",), "text", check_titles, __doc__ or "", title="公开依据的文件名称不带书名号",
         fields=frozenset({"title"}), trigger=re.compile("^\\s*《"), fix=fix_title),
]
