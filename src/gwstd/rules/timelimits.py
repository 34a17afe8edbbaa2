"""公开时限 states a time limit that can be read as a duration (GW208, a warning).

The usual one is "信息形成或者变更之日起20个工作日内" (政府信息公开条例); special items have their own
("文件公开后3个工作日内"), or are tied to an event ("招生工作开始前公开"). Standing information may say
实时, 长期公开 or 及时.

PASS::

    - time_limit: 信息形成或者变更之日起20个工作日内
    - time_limit: 政策文件公开后三个工作日内
    - time_limit: 招生工作开始前公开

FAIL::

    - time_limit: 尽快公开     # GW208:无法识别为期限
    - time_limit: 看情况       # GW208:无法识别为期限
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from gwstd.diagnostics import Diagnostic
from gwstd.load.document import Document
from gwstd.load.walk import iter_items
from gwstd.rules.base import Context, Rule

_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
DURATION = re.compile(r"(\d+|[零一二两三四五六七八九十百]+)\s*个?\s*(工作日|自然日|日|天|个月|周|星期|小时)")
STANDING = ("实时", "即时", "长期", "常年", "常态", "随时", "及时", "立即", "当日", "当天", "即日", "同步", "定期", "动态")
# Limits tied to an event or a date rather than a duration: "招生工作开始前", "每年1月底前",
# "征收土地公告时一并公开", "与房屋征收决定同时公告".
EVENT_BOUND = re.compile(r"前|时一并|同时|同步|一并|届时|月底|月末|年底|年末|\d+月\d+日")


@dataclass(frozen=True, slots=True)
class Duration:
    amount: int
    unit: str  # as written: 工作日, 日, 个月 …


def chinese_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _NUMERALS:
            current = _NUMERALS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def parse(text: str) -> Duration | None:
    """The first duration in a time limit: "20个工作日内" → Duration(20, "工作日")."""
    match = DURATION.search(text)
    if not match:
        return None
    amount = chinese_number(match.group(1))
    return None if amount is None else Duration(amount, match.group(2))


def readable(text: str) -> bool:
    text = text.strip()
    return parse(text) is not None or any(word in text for word in STANDING) or bool(EVENT_BOUND.search(text))


def check(doc: Document, context: Context) -> Iterator[Diagnostic]:
    if context.kind != "domain":
        return
    for path, item, _ in iter_items(doc.data):
        value = item.get("time_limit")
        if isinstance(value, str) and value.strip() and not readable(value):
            yield doc.diag("GW208", (*path, "time_limit"), value=value.strip(),
                           hint="如“信息形成或者变更之日起20个工作日内”“实时”“长期公开”。")


RULES = [Rule("readable-time-limits", ("GW208",), "file", check, __doc__ or "", title="公开时限写明可识别的期限")]
