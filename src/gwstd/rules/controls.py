r"""Text holds no control characters (GW220).

A control character (NUL, ESC, BEL, DEL, or one of U+0080–U+009F) is invisible where people read a catalogue,
yet it breaks what is made from it: XML (the JUnit report, the web page) cannot carry most of them, Excel
refuses them, and a terminal obeys them (ESC ] 0 ; … BEL sets its window title). YAML writes them only as
escapes in double quotes (``"\e"``, ``"\0"``, ``"\x85"``), so they arrive from a copy and paste or an import
rather than on purpose. A tab, a line break and a carriage return are text, not controls. Every string value
of every file is checked, whatever its field; keys are names the schema knows, and anything else there is
reported as an unknown key.

PASS::

    time_limit: 信息形成或者变更之日起20个工作日内
    note: "第一行\n第二行\t(换行和 Tab 可以)"

FAIL::

    time_limit: "信息形成之日起\a20个工作日内"    # GW220:含有控制字符 U+0007
    url: "https://www.example.gov.cn/\0jy/"    # GW220:含有控制字符 U+0000
"""

from __future__ import annotations

import re
from typing import Iterator

from gwstd.rules.base import Context, Rule

# C0 controls but tab, line feed and carriage return; DEL; the C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SHOWN_AT_MOST = 5  # distinct characters named in one message


def controls(text: str) -> list[str]:
    """The distinct control characters of ``text``, in order of appearance, as U+XXXX."""
    found = dict.fromkeys(CONTROL.findall(text))
    return [f"U+{ord(c):04X}" for c in found]


def check(text: str, context: Context) -> Iterator[tuple[str, dict]]:
    found = controls(text)
    if found:
        shown = "、".join(found[:SHOWN_AT_MOST]) + (f" 等 {len(found)} 种" if len(found) > SHOWN_AT_MOST else "")
        yield "GW220", {"chars": shown}


RULES = [Rule("no-control-characters", ("GW220",), "text", check, __doc__ or "", title="文本中没有控制字符",
              trigger=CONTROL)]
