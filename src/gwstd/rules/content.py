"""A content element is either required (●) or optional (〇), not both (GW210).

PASS::

    content:
      required: [文件名称, 文号]
      optional: [发布日期]

FAIL::

    content:
      required: [文件名称, 文号]
      optional: [文号]          # GW210:同时列为必须公开和可选公开
"""

from __future__ import annotations

from typing import Iterator

from gwstd.diagnostics import Diagnostic
from gwstd.load.document import Document
from gwstd.load.walk import iter_items
from gwstd.rules.base import Context, Rule


def check(doc: Document, context: Context) -> Iterator[Diagnostic]:
    if context.kind != "domain":
        return
    for path, item, _ in iter_items(doc.data):
        content = item.get("content")
        if not isinstance(content, dict):
            continue
        required, optional = content.get("required"), content.get("optional")
        if not isinstance(required, list) or not isinstance(optional, list):
            continue
        both = {e for e in required if isinstance(e, str)}
        for index, element in enumerate(optional):
            if isinstance(element, str) and element in both:
                yield doc.diag("GW210", (*path, "content", "optional", index), value=element)


RULES = [Rule("content-marks", ("GW210",), "file", check, __doc__ or "", title="一项内容不同时列为必须公开和可选公开")]
