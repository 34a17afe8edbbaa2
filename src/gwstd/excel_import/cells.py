"""Pure parsers for the cells of an imported sheet: values in (text, or what openpyxl read), values out.

The real-world ways cells are written: ●/〇 lists, numbered lists, 《》 titles with 文号, ■/□ checklists or bare
channel names, √/✓/●/是 ticks, a subject with its responsible person, phones in one cell or two, 公开层级 headers
such as 县(区)级 or 乡、村级, update cycles in their many spellings. Nothing is invented: a parser gives what
the text says and nothing more.
"""

from __future__ import annotations

import re
from typing import Any

from gwstd.catalogue.model import BasisDoc
from gwstd.catalogue.vocab import (
    CHANNELS,
    LEVELS,
    OTHER_CHANNEL,
    SYNONYMS,
    UPDATE_CYCLES,
    other_channel_names,
    suggest,
)

TRUTHY = set("√✓✔●■☑✅YyＹ是") | {"是", "有", "yes", "Yes", "Y"}
LEVEL_WORDS = {"省": "省级", "市": "市级", "州": "市级", "县": "县级", "区": "县级", "乡": "乡级", "镇": "乡级",
               "街道": "乡级", "村": "村级", "社区": "村级"}


def norm(text: Any) -> str:
    """Header text compared without spaces, brackets or colons: 公开内容（要素） is 公开内容要素."""
    return re.sub(r"[\s()（）【】\[\]:：]", "", str(text or ""))


# gwstd's Excel book breaks long cells into lines itself, each break a zero-width space and a line break
# (gwstd.books.cells.SOFT_BREAK): taken out again here, so the text reads back as the catalogue has it.
_SOFT_BREAK = re.compile("\u200b\r?\n?")


def cell_text(value: Any) -> str:
    """A cell's value as text: nothing is "", 3.0 is "3", line breaks are \\n, no surrounding space, and the
    line breaks gwstd's own book put in to fit the paper taken out."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _SOFT_BREAK.sub("", text).strip()


def level_targets(text: str) -> list[str]:
    """The levels a 公开层级 sub-header names: 县(区)级 → [县级], 乡、村级 → [乡级, 村级]."""
    t = norm(text)
    if t in LEVELS:
        return [t]
    mapped = SYNONYMS.get(t) or SYNONYMS.get(text.strip())
    if mapped in LEVELS:
        return [mapped]
    found = []
    for word, level in LEVEL_WORDS.items():  # "乡、村级" → 乡级 and 村级
        if word in t and level not in found:
            found.append(level)
    return found


_NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）]|[(（]\d{1,3}[)）]|[①-⑳]|[一二三四五六七八九十]+\s*、)\s*")
_MARKS = "●〇○◎◯•·"


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on separators that are not inside brackets or 书名号."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "(（[【《〈":
            depth += 1
        elif char in ")）]】》〉" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_content(text: str) -> tuple[list[str], list[str]]:
    """Content elements: (required, optional). ● or no mark is required, 〇/○ optional."""
    if not text:
        return [], []
    pieces = split_top_level(text, "\n;；")
    if len(pieces) == 1 and not any(m in pieces[0][1:] for m in _MARKS):
        pieces = split_top_level(pieces[0], "、,，")
    elements: list[tuple[str, bool]] = []
    for piece in pieces:
        # "●文件名称●文号" on one line
        for chunk in re.split(rf"(?=[{_MARKS}])", piece):
            chunk = _NUMBERING.sub("", chunk.strip())
            if not chunk:
                continue
            optional = chunk[0] in "〇○◎◯"
            name = _NUMBERING.sub("", chunk.lstrip(_MARKS).strip())
            if name:
                elements.append((name, optional))
    required = list(dict.fromkeys(n for n, opt in elements if not opt))
    optional = list(dict.fromkeys(n for n, opt in elements if opt and n not in required))
    return required, optional


_TITLE = re.compile(r"《((?:[^《》]|〈[^〉]*〉)+)》")
_NUMBER = re.compile(r"^\s*[(（]([^()（）]*?(?:号|令|〕\d+|\]\d+)[^()（）]*)[)）]")


def parse_basis(text: str) -> list[BasisDoc]:
    """Basis documents: each 《title》 with the （文号） after it and a 第…条 article; lines without 《》 are titles."""
    if not text:
        return []
    docs = []
    matches = list(_TITLE.finditer(text))
    if not matches:
        for line in split_top_level(text, "\n;；"):
            title = _NUMBERING.sub("", line).strip()
            if title:
                docs.append(BasisDoc(title))
        return docs
    for i, match in enumerate(matches):
        rest_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        rest = text[match.end():rest_end]
        number = ""
        found = _NUMBER.match(rest)
        if found:
            number = found.group(1).strip()
            rest = rest[found.end():]
        article = rest.split("\n")[0].strip(" \t、,，;；。")
        article = _NUMBERING.sub("", article) if not article.startswith("第") else article
        article = article if re.match(r"^第.+[条款章节项]", article) else ""
        if match.group(1).strip():  # 《 》 with only spaces or a line break in it names nothing
            docs.append(BasisDoc(match.group(1).strip(), number, article))
    return docs


def parse_channels(text: str) -> tuple[list[str], list[str], list[str]]:
    """(channels, other channel names, names not understood)."""
    if not text:
        return [], [], []
    used: list[str] = []
    others: list[str] = []
    unknown: list[str] = []
    marked = "■" in text or "□" in text or "☑" in text or "☐" in text
    if marked:
        entries = [(seg.strip()[1:].strip(), seg.strip()[0] in "■☑")
                   for seg in re.split(r"(?=[■□☑☐])", text) if seg.strip() and seg.strip()[0] in "■□☑☐"]
    else:
        entries = [(seg, True) for seg in split_top_level(text, "\n、,，;；/ ") if seg]
        # "发布会/听证会", "入户/现场" and "社区/企事业单位/村公示栏" contain the separator "/": rejoin them
        entries = _rejoin_slashed(text, entries)
    for label, on in entries:
        if not on:
            continue
        if label.translate(_HALF_WIDTH) in CHANNELS:  # 发布会／听证会, as gwstd's printed checklist writes it
            label = label.translate(_HALF_WIDTH)
        names = other_channel_names(label)
        if names is not None:
            others += names
            if OTHER_CHANNEL not in used:
                used.append(OTHER_CHANNEL)
            continue
        channel = label if label in CHANNELS else suggest(label, CHANNELS)
        if channel is None:
            unknown.append(label)
            others.append(label)
            if OTHER_CHANNEL not in used:
                used.append(OTHER_CHANNEL)
        elif channel not in used:
            used.append(channel)
    return [c for c in CHANNELS if c in used], others, unknown


_HALF_WIDTH = str.maketrans({"／": "/", "（": "(", "）": ")"})


def _rejoin_slashed(text: str, entries: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    compact = text.replace(" ", "")
    for channel in CHANNELS:
        if "/" in channel and channel.split("(")[0] in compact:
            parts = channel.split("(")[0].split("/")
            entries = [(l, on) for l, on in entries if l not in parts or l == channel]
            entries.append((channel, True))
    return entries


def is_ticked(value: Any) -> bool:
    """A tick in a 公开对象/方式/层级 cell: √ ✓ ● ■ 是 Y and the like."""
    text = cell_text(value)
    return bool(text) and (text in TRUTHY or text[0] in TRUTHY)


def parse_subject(text: str) -> tuple[str, str]:
    """(department name, responsible person)."""
    if not text:
        return "", ""
    lines = [l.strip() for l in text.split("\n") if l.strip()]
    person = ""
    names = []
    for line in lines:
        # 责任人 on a line of its own, or after the department on the same line (示例县自然资源局 责任人:王建国)
        m = re.match(r"^(.*?)\s*(?:责任人|负责人|联系人)\s*[:：]\s*(.+)$", line)
        if m:
            person = m.group(2).strip()
            if m.group(1).strip():
                names.append(m.group(1).strip())
        else:
            names.append(line)
    return "、".join(names), person


def split_list(text: str) -> list[str]:
    """A list written in one cell: one per line, or separated by 、 , or ;."""
    return [p for p in split_top_level(text, "\n、,，;；") if p]



def split_hotlines(text: str) -> tuple[str, str]:
    """(consultation, supervision) numbers from one 咨询及监督举报电话 cell: a line naming 监督, 举报 or 投诉 is a
    supervision number, the others consultation; two unnamed lines are one of each."""
    consult, supervise = [], []
    for line in [l.strip() for l in re.split(r"[\n;；]", text) if l.strip()]:
        bare = re.sub(r"^.*?[:：]", "", line).strip()
        (supervise if re.search(r"监督|举报|投诉", line) else consult).append(bare)
    if not supervise and len(consult) > 1:
        supervise = consult[1:]
        consult = consult[:1]
    return "、".join(consult), "、".join(supervise)


def parse_update_cycle(text: str) -> tuple[str, bool]:
    """(the update cycle, whether it is one of the vocabulary's): a synonym or a cycle inside longer text is
    normalised (随时更新 → 动态更新, 每年更新一次 → 每年); other text is kept as written, to be reported."""
    if not text or text in UPDATE_CYCLES:
        return text, True
    mapped = suggest(text, UPDATE_CYCLES)
    if mapped and (SYNONYMS.get(text) == mapped or mapped in text):
        return mapped, True
    return text, False
