"""Required text is not blank or a placeholder (GW207).

Catalogues drafted from templates keep 待定, XXX, ×××, 无 or 某某 where real text belongs.

PASS::

    name: 招生划片范围
    subject:
      department: jiaoyu
      person: 王建国

FAIL::

    - name: 待定                  # GW207:占位内容
    - name: XX县义务教育招生方案    # GW207:占位内容 XX
    - subject:
        department: jiaoyu
        person: 某某              # GW207:占位内容 某某
"""

from __future__ import annotations

import re
from typing import Iterator

from gwstd.rules.base import Context, Rule

# Fields whose text must be real. Notes and descriptions may legitimately say 无.
CHECKED_FIELDS = frozenset({
    "name", "time_limit", "title", "number", "article", "person", "region", "office", "edition", "domain",
    "required", "optional", "other_channels",
})
PLACEHOLDERS = (
    "待定", "待补充", "待完善", "待填写", "待确认", "待更新", "无", "暂无", "空", "略", "不详", "未知", "见附件",
    "todo", "tbd", "tbc", "n/a", "na", "none", "null", "-", "--", "—", "——", "/", "\\", "?", "？", "？？",
    "...", "…", "……", "x", "xx", "xxx", "×", "××", "×××", "0",
)
# One regex per value keeps this cheap enough to run on every content element.
_PLACEHOLDER = re.compile(
    r"^\s*$|^\s*(?:" + "|".join(re.escape(p) for p in sorted(PLACEHOLDERS, key=len, reverse=True)) + r")\s*$"
    r"|[XＸ×]{2,}|[xｘ]{3,}|某某|○○|〇〇|\?\?|？？",
    re.IGNORECASE,
)


def placeholder(text: str) -> str | None:
    """The placeholder found in ``text`` ("(空白)" for blank text), or None."""
    match = _PLACEHOLDER.search(text)
    if match is None:
        return None
    return match.group(0).strip() or "(空白)"


def check(text: str, context: Context) -> Iterator[tuple[str, dict]]:
    found = placeholder(text)
    if found:
        yield "GW207", {"value": found}


RULES = [Rule("no-placeholders", ("GW207",), "text", check, __doc__ or "", title="必填内容不是空白或占位符", fields=CHECKED_FIELDS,
              trigger=_PLACEHOLDER)]
