"""The channel 其他 and the list other_channels go together (GW212, a warning).

PASS::

    channels: [政府网站, 其他]
    other_channels: [乡镇政务公开栏]

FAIL::

    channels: [政府网站, 其他]          # GW212:勾选了“其他”,却没有写明是什么渠道

FAIL::

    channels: [政府网站]
    other_channels: [乡镇政务公开栏]    # GW212:写了其他渠道,却没有勾选“其他”
"""

from __future__ import annotations

from typing import Iterator

from gwstd.catalogue.vocab import OTHER_CHANNEL
from gwstd.diagnostics import Diagnostic
from gwstd.load.document import Document
from gwstd.load.walk import iter_items
from gwstd.rules.base import Context, Rule


def check(doc: Document, context: Context) -> Iterator[Diagnostic]:
    if context.kind != "domain":
        return
    for path, item, _ in iter_items(doc.data):
        channels = item.get("channels")
        if not isinstance(channels, list):
            continue
        has_other = OTHER_CHANNEL in channels
        others = item.get("other_channels")
        if has_other and not others:
            yield doc.diag("GW212", (*path, "channels"), problem="勾选了“其他”渠道,但没有在 other_channels(其他渠道)中写明是什么渠道")
        elif others and not has_other:
            yield doc.diag("GW212", (*path, "other_channels"), at_key=True,
                           problem="写了 other_channels(其他渠道),但公开渠道中没有勾选“其他”")


RULES = [Rule("other-channels", ("GW212",), "file", check, __doc__ or "", title="勾选“其他”渠道时写明其他渠道,反之亦然")]
