"""Phone numbers are valid (GW204).

Accepted: an area code and number (0838-2222222, 028-12345678, (0838)2222222), a 5-digit service hotline
(12345, 12388 …), an 11-digit mobile, 400/800 numbers, each optionally with an extension (转123, -123).
Several numbers are separated by 、 , ; or /.

PASS::

    hotlines:
      consult: 0838-2222222
      supervise: 12345、0838-2222223转8001

FAIL::

    hotlines:
      consult: "2222222"        # GW204:缺少区号
      supervise: "138000011"    # GW204:手机号应为 11 位

A number written with full-width digits or a dash other than "-" (０８３８－2222222, 0838—2222222), or
numbers separated by spaces (0838-2222222 12345), is reported with the corrected text, which
``gwstd validate --fix`` writes. The column is that of the offending number inside the value.

FAIL::

    hotlines:
      consult: 0838—2222222     # GW204:破折号,应写作 0838-2222222
      supervise: 0838-2222223
"""

from __future__ import annotations

import re
from typing import Iterator

from gwstd.catalogue.vocab import PHONE_SEPARATORS
from gwstd.rules.base import Context, Rule

PHONE_FIELDS = frozenset({"consult", "supervise"})

_EXTENSION = r"(?:(?:转|-|—|分机|ext\.?)\d{1,6})?"
# re.ASCII: \d is 0-9 alone, so that full-width digits (０８３８, an extension 转８００１) are reported
_VALID = [
    re.compile(r"^(?:0\d{2,3}-?|\(0\d{2,3}\)|（0\d{2,3}）)\d{7,8}" + _EXTENSION + "$", re.ASCII),  # landline
    re.compile(r"^1[0-2]\d{3}" + _EXTENSION + "$", re.ASCII),  # 12345, 12388, 12317 …
    re.compile(r"^9[56]\d{3,4}$", re.ASCII),  # 95xxx / 96xxx service lines
    re.compile(r"^1[3-9]\d{9}$", re.ASCII),  # mobile
    re.compile(r"^[48]00-?\d{3}-?\d{4}$", re.ASCII),
]


def problem(number: str) -> str | None:
    """None for a valid number, else what is wrong with it (in Chinese)."""
    compact = re.sub(r"[ \u3000]", "", number)
    if any(p.match(compact) for p in _VALID):
        return None
    digits = re.sub(r"\D", "", compact)
    if re.fullmatch(r"[2-9]\d{6,7}", compact):
        return "缺少区号,应写作“区号-号码”,如 0838-" + compact
    if digits.startswith("1") and len(digits) != 11 and len(digits) > 5 and "-" not in compact:
        return f"不是 11 位手机号(有 {len(digits)} 位)"
    if compact.startswith("0") and re.fullmatch(r"0\d{2,3}-?\d+", compact):
        return "区号后的号码应为 7 或 8 位"
    return "不是有效的电话号码(应为 区号-号码、12345 等热线、11 位手机号,可带分机 转123)"


# What people type for the ASCII digits and hyphen: full-width digits, and the dashes of a Chinese IME.
_DASHES = "－—–‐‑‒−﹣―"
_ASCII = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, **dict.fromkeys(_DASHES, "-")})
_WIDE = re.compile(f"[\uff10-\uff19{_DASHES}]")


def _numbers(text: str) -> Iterator[tuple[int, str]]:
    """(offset in ``text``, number) of each number of a phone field."""
    at = 0
    for separator in [*PHONE_SEPARATORS.finditer(text), None]:
        end = separator.start() if separator else len(text)
        part = text[at:end]
        stripped = part.strip()
        if stripped:
            yield at + (len(part) - len(part.lstrip())), stripped
        if separator:
            at = separator.end()


def corrected(number: str) -> tuple[str, str] | None:
    """(the sure correction of an invalid ``number``, what was wrong), or None when there is none."""
    if _WIDE.search(number):
        fixed = number.translate(_ASCII)
        if fixed != number and problem(fixed) is None:
            wrong = []
            if re.search("[\uff10-\uff19]", number):
                wrong.append("全角数字")
            dashes = sorted({c for c in number if c in _DASHES}, key=number.index)
            if dashes:
                wrong.append("「" + "」「".join(dashes) + "」(应为半角横线“-”)")
            return fixed, "用了" + "和".join(wrong)
    parts = number.split()
    if len(parts) > 1 and all(problem(p) is None for p in parts):
        return "、".join(parts), "几个号码之间只用了空格分隔"
    return None


def check(text: str, context: Context) -> Iterator[tuple[str, dict]]:
    for offset, number in _numbers(text):
        what = problem(number)
        if what:
            sure = corrected(number)
            if sure:
                what = f"{sure[1]},应写作「{sure[0]}」"
            yield "GW204", {"number": number, "problem": what, "offset": offset,
                            "hint": "可用 gwstd validate --fix 自动修正" if sure else ""}


def fix(text: str, context: Context) -> str | None:
    """Each number with a sure correction corrected; the others, and the separators, as they were."""
    out, at = [], 0
    for offset, number in _numbers(text):
        sure = corrected(number) if problem(number) else None
        if sure:
            out.append(text[at:offset] + sure[0])
            at = offset + len(number)
    if not out:
        return None
    return "".join(out) + text[at:]


RULES = [Rule("phone-numbers", ("GW204",), "text", check, __doc__ or "", title="咨询和监督举报电话是有效的号码",
              fields=PHONE_FIELDS, fix=fix)]
