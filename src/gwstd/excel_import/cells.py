"""Pure parsers for the cells of an imported sheet: values in (text, or what openpyxl read), values out.

The real-world ways cells are written: ●/〇 lists, numbered lists (also run on in one line), 《》 titles with
文号, ■/□ checklists or bare channel names, 其他 with its name (其他：…, 其他(…)), a channel cell that is a
sentence, √/✓/●/是 ticks or a word instead (申请人), a subject with its responsible person, phones in one cell
or two (labelled or not), 公开层级 headers such as 县(区)级 or 乡、村级, update cycles in their many
spellings. Nothing is invented: a parser gives what the text says and nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
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


_NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）](?!\d)|[(（]\d{1,3}[)）]|[①-⑳]|[一二三四五六七八九十]+\s*、)\s*")
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


_INLINE_NUMBER = r"(?:(?<![\d.．])N\s*[.、．](?!\d)|[(（]N[)）])"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_END = " \t。；;、,，"


@lru_cache(maxsize=None)
def _inline_number(n: int) -> re.Pattern[str]:
    return re.compile(_INLINE_NUMBER.replace("N", str(n)))


def _split_numbered(text: str) -> list[str]:
    """One line numbered run on ("1.学校名称2.划片范围", "①项目名称②建设地点", "（1）甲（2）乙"): split where
    the numbers follow each other from the start (1, 2, 3 …), so "第1、2条" or "1.5亩" stay whole."""
    if text[:1] in _CIRCLED:
        return [p for p in re.split(f"(?=[{_CIRCLED}])", text) if p.strip()]
    cuts, at = [], 0
    for n in range(1, 100):
        found = _inline_number(n).search(text, at)
        if found is None or (n == 1 and found.start() != 0):
            break
        cuts.append(found.start())
        at = found.end()
    if len(cuts) < 2:
        return [text]
    return [text[a:b] for a, b in zip(cuts, cuts[1:] + [len(text)])]


def parse_content(text: str) -> tuple[list[str], list[str]]:
    """Content elements: (required, optional). ● or no mark is required, 〇/○ optional. Elements are split at
    line breaks, ； and ;, numbering (1. 2、（1）①) and, in a cell of one line, at 、 — never at a comma, which
    is inside an element; no element keeps a final 。；; or 、."""
    if not text:
        return [], []
    pieces = [p for line in split_top_level(text, "\n;；") for p in _split_numbered(line.strip())]
    if len(pieces) == 1 and not any(m in pieces[0][1:] for m in _MARKS) and not _NUMBERING.match(pieces[0]):
        pieces = [p.replace("\0", "、") for p in split_top_level(re.sub(r"(?<=\d)、(?=\d)", "\0", pieces[0]), "、")]
    elements: list[tuple[str, bool]] = []
    for piece in pieces:
        # "●文件名称●文号" on one line
        for chunk in re.split(rf"(?=[{_MARKS}])", piece):
            chunk = _NUMBERING.sub("", chunk.strip())
            if not chunk:
                continue
            optional = chunk[0] in "〇○◎◯"
            name = _NUMBERING.sub("", chunk.lstrip(_MARKS).strip()).strip(_END)
            if name:
                elements.append((name, optional))
    required = list(dict.fromkeys(n for n, opt in elements if not opt))
    optional = list(dict.fromkeys(n for n, opt in elements if opt and n not in required))
    return required, optional


NO_BASIS = {"无", "暂无", "没有", "/", "-", "—", "——", "无依据"}  # a cell saying there is none: missing, not a title
_TITLE = re.compile(r"《((?:[^《》]|〈[^〉]*〉)+)》")
_BARE_NUMBERED = re.compile(r"^(.+?)\s*[(（]([^()（）]*?(?:号|令|〕\d+|\]\d+)[^()（）]*)[)）]\s*(第.+?[条款章节项])?$")
_NUMBER = re.compile(r"^\s*[(（]([^()（）]*?(?:号|令|〕\d+|\]\d+)[^()（）]*)[)）]")


def parse_basis(text: str) -> list[BasisDoc]:
    """Basis documents: each 《title》 with the （文号） after it and a 第…条 article; lines without 《》 are titles."""
    if not text or text.strip(" 。.") in NO_BASIS:
        return []
    docs = []
    matches = list(_TITLE.finditer(text))
    if not matches:
        for line in split_top_level(text, "\n;；"):
            title = _NUMBERING.sub("", line).strip().rstrip("。")
            found = _BARE_NUMBERED.match(title)  # 关于…的通知（教基〔2020〕2号）: the 文号 in its brackets
            if found:
                docs.append(BasisDoc(found.group(1).strip(), found.group(2).strip(), found.group(3) or ""))
            elif title:
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
        names = other_names(label)
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


_OTHER_NAMED = re.compile(rf"^{OTHER_CHANNEL}\s*(?:[:：_＿\-－—]+\s*(.*)|[(（](.*)[)）]?)?$", re.S)


def other_names(label: str) -> list[str] | None:
    """The names given to the channel 其他 in a checklist entry: 其他(…) as gwstd's book writes it, and
    其他：…, 其他_…, 其他（…）; [] for a bare 其他; None when ``label`` is not the channel 其他."""
    names = other_channel_names(label)
    if names is not None:
        return names
    found = _OTHER_NAMED.match(label.strip())
    if found is None:
        return None
    rest = (found.group(1) or found.group(2) or "").strip(" \t)）")
    return [n.strip() for n in re.split(r"[、,，;；\n]", rest) if n.strip()]


# A channel cell written as a sentence ("政府公报、政府网站……或其他便于公众知晓的方式"), not a list of names
_SENTENCE_WORDS = re.compile(r"或|等|方式|以及|及其|通过|便于|[。.]$|的")


def _exact_channel(label: str) -> str | None:
    label = label.strip().translate(_HALF_WIDTH)
    if label in CHANNELS:
        return label
    mapped = SYNONYMS.get(label)
    return mapped if mapped in CHANNELS else None


def channel_sentence(text: str) -> tuple[list[str], str] | None:
    """(the channels a sentence names without doubt, the sentence) when a channel cell is a sentence rather
    than a checklist or a list of names; None otherwise. Only words that are a channel or its usual name
    (报刊, 新闻发布会 …) count as ticks; the whole text is kept, as the name of the channel 其他."""
    if not text or any(m in text for m in "■□☑☐"):
        return None
    entries = split_top_level(text, "\n、,，;；/ ")
    strange = [e for e in entries if _exact_channel(e) is None and other_names(e) is None]
    if not any(_SENTENCE_WORDS.search(e) for e in strange):
        return None
    words = [re.sub(r"^(?:通过|利用|采取|采用|在)", "", w) for e in entries for w in re.split(r"或者|或|以及|及|和|等", e)]
    found = [c for c in (_exact_channel(w) for w in words) if c]
    sentence = re.sub(r"\s+", " ", text).strip()
    return [c for c in CHANNELS if c in found or c == OTHER_CHANNEL], sentence


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


# What says "no" in a tick cell; 〇/○ too (in a column of ●, the mark for not ticked)
FALSY = {"否", "×", "✗", "✘", "╳", "X", "x", "无", "没有", "不", "非", "-", "－", "—", "——", "/", "／", "\\", "N",
         "n", "No", "no", "NO", "0", "〇", "○", "□", "☐"}


def tick_of(value: Any) -> tuple[bool, str]:
    """(ticked, the word written instead of a tick): √ is (True, ""), 申请人 is (True, "申请人"), 否 × 无 - are
    (False, ""). A word in a tick cell says the column applies, and what it says is kept by the caller."""
    text = cell_text(value)
    if not text or text in FALSY:
        return False, ""
    if is_ticked(text) or text in ("1", "有"):
        return True, ""
    return True, text


def parse_subject(text: str) -> tuple[str, str]:
    """(department name, responsible person)."""
    if not text:
        return "", ""
    # "责任人:" at the end of a line, the name on the next: one line (a line break typed into the cell)
    text = re.sub(r"((?:责任人|负责人|联系人)\s*[:：])\s*\n\s*", r"\1", text)
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



_CONSULT_WORD = re.compile(r"咨询")
_SUPERVISE_WORD = re.compile(r"监督|举报|投诉")
# A label before a number: 咨询电话：, 监督举报电话:, 咨询 , 投诉电话 (the colon full- or half-width, or none)
_PHONE_LABEL = re.compile(r"(?:咨询|监督|举报|投诉)[^\d:：\n、；;/,，]{0,8}?\s*[:：]?\s*(?=[\d(（+]|$)|"
                          r"(?:咨询|监督|举报|投诉)[^\d:：\n、；;/,，]{0,8}?\s*[:：]")
_PHONE_SEPARATORS = re.compile(r"\s*[\n、；;/,，]\s*|\s{1,}(?![转\-－(（]|分机)(?<![转\-－]\s)")
_PHONE_END = " \t\n、；;/,，。"


@dataclass(frozen=True, slots=True)
class Hotlines:
    """The two phones of one combined 咨询及监督举报电话 cell, and how they were told apart: "labelled" (each
    named 咨询… or 监督/举报/投诉…), "order" (unlabelled: the first is consultation, the rest supervision),
    "single" (one unlabelled number: consultation only), "" (an empty cell)."""

    consult: str
    supervise: str
    how: str


def _label_kind(label: str) -> tuple[bool, bool]:
    return bool(_CONSULT_WORD.search(label)), bool(_SUPERVISE_WORD.search(label))


def read_hotlines(text: str) -> Hotlines:
    """Consultation and supervision numbers from one cell that holds both: labelled ("咨询电话：0838-1234567
    监督举报电话：0838-7654321", on one line or two, labels 咨询/监督/举报/投诉/…电话, either colon) or just
    separated (a line break, spaces, 、 ； /). A label naming both (咨询投诉电话) gives the number to both."""
    text = (text or "").strip()
    if not text:
        return Hotlines("", "", "")
    consult: list[str] = []
    supervise: list[str] = []
    labels = list(_PHONE_LABEL.finditer(text))
    if labels and not text[: labels[0].start()].strip(_PHONE_END):
        for n, label in enumerate(labels):  # each label starts a value running to the next label
            end = labels[n + 1].start() if n + 1 < len(labels) else len(text)
            value = text[label.end():end].strip(_PHONE_END)
            is_consult, is_supervise = _label_kind(label.group())
            if value and is_consult:
                consult.append(value)
            if value and (is_supervise or not is_consult):
                supervise.append(value)
        return Hotlines("、".join(consult), "、".join(supervise), "labelled" if consult or supervise else "")
    pieces: list[str] = []
    for piece in (p.strip(_PHONE_END) for p in _PHONE_SEPARATORS.split(text)):
        if piece and pieces and not re.match(r"[\d(（+]", piece) and _label_kind(piece) == (False, False):
            pieces[-1] += piece  # 转801, 分机 8001: the extension of the number before
        elif piece:
            pieces.append(piece)
    unnamed: list[str] = []
    for piece in pieces:  # a label after the number: 0838-1234567(咨询)
        is_consult, is_supervise = _label_kind(piece)
        bare = re.sub(r"[(（]?(?:咨询|监督|举报|投诉)[^\d(（)）]*[)）]?", "", piece).strip(_PHONE_END + ":：")
        if bare and is_consult:
            consult.append(bare)
        if bare and is_supervise:
            supervise.append(bare)
        if bare and not (is_consult or is_supervise):
            unnamed.append(bare)
    if consult or supervise:
        (supervise if consult and not supervise else consult).extend(unnamed)
        return Hotlines("、".join(consult), "、".join(supervise), "labelled")
    if not unnamed:  # separators, or labels, and no number
        return Hotlines("", "", "")
    if len(unnamed) == 1:
        return Hotlines(unnamed[0], "", "single")
    return Hotlines(unnamed[0], "、".join(unnamed[1:]), "order")


def split_hotlines(text: str) -> tuple[str, str]:
    """(consultation, supervision) numbers from one 咨询及监督举报电话 cell (``read_hotlines``)."""
    found = read_hotlines(text)
    return found.consult, found.supervise


def parse_update_cycle(text: str) -> tuple[str, bool]:
    """(the update cycle, whether it is one of the vocabulary's): a synonym or a cycle inside longer text is
    normalised (随时更新 → 动态更新, 每年更新一次 → 每年); other text is kept as written, to be reported."""
    if not text or text in UPDATE_CYCLES:
        return text, True
    mapped = suggest(text, UPDATE_CYCLES)
    if mapped and (SYNONYMS.get(text) == mapped or mapped in text):
        return mapped, True
    return text, False
