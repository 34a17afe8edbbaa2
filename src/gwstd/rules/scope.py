"""Items cite scope points of the guide that exist (GW214), and, when asked, cite at least one (GW215).

The scope guide (《基层政务公开范围指引》 by default, or ``--baseline FILE``) is the floor a catalogue must
reach; ``gwstd coverage`` counts which points the items' ``scope`` fields cover.

PASS::

    scope: [jy-04, jy-05]

FAIL::

    scope: [jy-99]      # GW214:范围指引中没有这个要点

FAIL::

    # gwstd validate --require-scope
    - id: jy-zs-001     # GW215:没有标注范围要点
    - id: jy-zs-002
      scope: [jy-04]
"""

from __future__ import annotations

import difflib
from typing import Iterator

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load.index import CatalogueIndex
from gwstd.rules.base import Context, Rule


def check_refs(index: CatalogueIndex, context: Context) -> Iterator[Diagnostic]:
    if index.scope_points is None:
        return
    known = sorted(index.scope_points)
    for item in index.items:
        for i, (ref, pos) in enumerate(item.scope):
            if ref in index.scope_points:
                continue
            close = difflib.get_close_matches(ref, known, n=3, cutoff=0.6)
            hint = ("是不是想写:" + "、".join(close) + "?") if close else ""
            hint += "用 gwstd coverage 可查看全部要点编号。"
            yield codes.make("GW214", file=pos.file, line=pos.line, column=pos.column,
                             path=(*item.path, "scope", i), ref=ref, baseline=index.baseline_name, hint=hint)


def check_required(index: CatalogueIndex, context: Context) -> Iterator[Diagnostic]:
    if not index.require_scope:
        return
    for item in index.items:
        if not item.scope:
            pos = item.id_pos
            yield codes.make("GW215", file=pos.file, line=pos.line, column=pos.column, path=item.path,
                             name=item.name or item.id)


RULES = [
    Rule("scope-refs", ("GW214",), "catalogue", check_refs, __doc__ or "", title="事项标注的范围要点在范围指引中"),
    Rule("scope-required", ("GW215",), "catalogue", check_required, __doc__ or "", title="每个事项都标注范围要点(--require-scope)"),
]
