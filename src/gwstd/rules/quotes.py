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
    found = _unpaired(text)
    return found[1] if found else None


def _unpaired(text: str) -> tuple[int, str] | None:
    """(where the first unpaired or crossed mark is, what is wrong), or None when every mark pairs up."""
    stack: list[int] = []  # where each open mark is
    for i, char in enumerate(text):
        if char in _PAIRS:
            stack.append(i)
        elif char in _CLOSERS:
            if not stack:
                return i, f"多了一个「{char}」,前面没有对应的「{_CLOSERS[char]}」"
            if text[stack[-1]] != _CLOSERS[char]:
                return i, f"「{text[stack[-1]]}」与「{char}」交错,书名号内的书名号请用〈〉"
            stack.pop()
    if stack:
        return stack[-1], f"「{text[stack[-1]]}」没有对应的「{_PAIRS[text[stack[-1]]]}」"
    return None


def check_balance(text: str, context: Context) -> Iterator[tuple[str, dict]]:
    found = _unpaired(text)
    if found:
        sure = fix_balance(text, context)
        yield "GW206", {"problem": found[1], "offset": found[0],
                        "hint": f"应写作「{sure}」(可用 gwstd validate --fix 自动修正)" if sure is not None else ""}


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
