"""文号 write the year in 六角括号 〔〕 (GW205, a warning with the corrected text).

Published files often have [ ], ［］, „‟ (seed 004 shows „2010‟), ﹝﹞, （）, () or 【】 instead.

PASS::

    basis:
      - title: 关于开展基层政务公开标准化规范化试点工作的实施方案
        number: 川办发〔2017〕90号

FAIL::

    basis:
      - title: 关于开展基层政务公开标准化规范化试点工作的实施方案
        number: 川办发[2017]90号     # GW205:应写作 川办发〔2017〕90号
"""

from __future__ import annotations

import re
from typing import Iterator

from gwstd.rules.base import Context, Rule

SKIP_FIELDS = frozenset({"url", "website", "feedback", "consult", "supervise", "id"})

_OPEN = "[［【〔﹝(（„〈<「"
_CLOSE = "]］】〕﹞)）‟〉>」”"
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,16})\s*([" + re.escape(_OPEN) + r"])\s*((?:19|20)\d{2})\s*([" + re.escape(_CLOSE)
    + r"])\s*(第?\s*\d{1,5}\s*号)"
)


def fix(text: str) -> str:
    """The text with every 文号 written with 〔〕."""
    return DOC_NUMBER.sub(lambda m: f"{m.group(1)}〔{m.group(3)}〕{m.group(5).replace(' ', '')}", text)


def check(text: str, context: Context) -> Iterator[tuple[str, dict]]:
    if context.field in SKIP_FIELDS:
        return
    for match in DOC_NUMBER.finditer(text):
        if match.group(2) != "〔" or match.group(4) != "〕":
            found = match.group(0)
            yield "GW205", {"text": found, "fixed": fix(found), "hint": "可用 gwstd validate --fix 自动修正"}


def fix_value(text: str, context: Context) -> str | None:
    fixed = fix(text)
    return fixed if fixed != text else None


RULES = [Rule("doc-number-brackets", ("GW205",), "text", check, __doc__ or "", title="文号的年份用六角括号〔〕",
              trigger=re.compile("号"), fix=fix_value)]
