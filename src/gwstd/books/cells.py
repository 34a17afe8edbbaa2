"""The text of a catalogue's cells, the same in both books: content with its ●/〇 marks, basis documents,
the subject with its responsible person, the channels an item uses, the 公开层级 columns of a domain, and how
wide text is on the page. Pure: the model in, strings out."""

from __future__ import annotations

import functools
import math
import re

from gwstd.catalogue.model import Catalogue, Domain, Item
from gwstd.catalogue.vocab import CHANNELS, LEVELS, OTHER_CHANNEL, other_channel_text

TICK = "√"
REQUIRED_MARK, OPTIONAL_MARK = "●", "〇"
USED, UNUSED = "■", "□"


def channels_used(item: Item) -> list[str]:
    """The channels an item uses, in the vocabulary's order; 其他 is used when other channels are named."""
    return [c for c in CHANNELS if c in item.channels or (c == OTHER_CHANNEL and bool(item.other_channels))]


def channel_label(item: Item, channel: str) -> str:
    """A channel as the books print it: 其他 with the names of the other channels, any other as itself."""
    return other_channel_text(item.other_channels) if channel == OTHER_CHANNEL else channel


def channel_labels(item: Item) -> list[str]:
    """The labels of the channels an item uses."""
    return [channel_label(item, c) for c in channels_used(item)]


def channels_text(item: Item) -> str:
    """The ■/□ checklist over the 13 channels; 其他 names the other channels."""
    used = channels_used(item)
    return "\n".join((USED if c in used else UNUSED) + channel_label(item, c) for c in CHANNELS)


def content_text(item: Item) -> str:
    return "\n".join([REQUIRED_MARK + e for e in item.required] + [OPTIONAL_MARK + e for e in item.optional])


def basis_text(item: Item) -> str:
    return "\n".join(doc.text() for doc in item.basis)


def subject_text(catalogue: Catalogue, item: Item) -> str:
    person = catalogue.person_of(item)
    return catalogue.department_of(item).name + (f"\n责任人:{person}" if person else "")


# The 公开层级 columns the national table always has: a county's catalogue is published at these two levels.
ALWAYS_SHOWN_LEVELS = frozenset({"县级", "乡级"})


def levels_of(domain: Domain) -> list[str]:
    """The 公开层级 columns: 县级 and 乡级 always, and any other level the domain's items use."""
    used = {level for item in domain.items for level in item.level} | ALWAYS_SHOWN_LEVELS
    return [level for level in LEVELS if level in used]


_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6■□●〇√]")


def display_width(text: str) -> int:
    """Width in columns of half-width characters (Excel's column units): a Chinese (wide) character takes two."""
    return len(text) + len(_WIDE.findall(text))


# ------------------------------------------------------------------------------------------------------
# Text on paper: how wide it prints, and line breaks that never split a phone number, URL or 文号


# Between the lines gwstd breaks a long cell into: an invisible zero-width space, then the line break. A reader
# (gwstd import) takes "\u200b\n" out again, so the model reads back unchanged; a line break the text itself
# has stays a plain "\n".
SOFT_BREAK = "\u200b\n"

# Advance widths (em) of the Latin characters in DejaVu Sans, the widest of the fonts a printed book meets
# (LibreOffice's fallback on Linux; 宋体 and 仿宋 print Latin at 0.5 em), so a line measured here fits on paper.
_LATIN_EM = {" ": 0.32, "-": 0.36, ".": 0.32, ",": 0.32, ":": 0.34, ";": 0.34, "/": 0.34, "(": 0.39, ")": 0.39,
             "[": 0.39, "]": 0.39, "i": 0.28, "j": 0.28, "l": 0.28, "f": 0.36, "t": 0.40, "r": 0.42, "m": 0.98,
             "w": 0.82, "W": 0.99, "M": 0.87, "@": 1.0, "%": 0.95, "&": 0.78, "_": 0.5, "'": 0.28, '"': 0.46,
             "!": 0.4, "|": 0.34, "=": 0.84, "+": 0.84, "#": 0.84, "~": 0.84}


@functools.lru_cache(maxsize=4096)
def _char_em(char: str) -> float:
    if char == "\u200b":
        return 0.0
    if _WIDE.match(char):
        return 1.0
    if char.isdigit() or char.islower():
        return _LATIN_EM.get(char, 0.64)
    if char.isupper():
        return _LATIN_EM.get(char, 0.74)
    return _LATIN_EM.get(char, 0.64 if ord(char) < 0x2000 else 1.0)


@functools.lru_cache(maxsize=65536)
def text_em(text: str) -> float:
    """How wide ``text`` prints, in em of its font: a Chinese (wide) character is 1, Latin as in DejaVu Sans."""
    return sum(map(_char_em, text))


# The atoms a line is made of: a 文号 (国办发〔2011〕45号, 国务院令第711号), a run of Latin text without spaces (a phone
# number, a URL, a word), or one character. Closing punctuation sticks to the atom before it, opening
# punctuation and the ●〇■□ marks to the atom after it, so no line starts with 、 or 》 and none ends with 《.
_ATOM = re.compile(r"[\u4e00-\u9fff]{0,4}[〔［\[]\d{4}[〕］\]]\d+号|[\u4e00-\u9fff]{0,4}令第\d+号|[!-~]+|\s+|.",
                   re.DOTALL)
_CLOSING = set("、，。；：！？）》〉〕」』】”’…,.;:!?)]}%％·")
_OPENING = set("（《〈〔「『【“‘([{●〇■□")


@functools.lru_cache(maxsize=16384)
def _atoms(paragraph: str) -> tuple[str, ...]:
    """The unbreakable pieces of one line of text, spaces kept as their own atoms."""
    atoms: list[str] = []
    glue_next = False
    for piece in _ATOM.findall(paragraph):
        if piece.isspace():
            atoms.append(piece)
            glue_next = False
        elif atoms and not atoms[-1].isspace() and (glue_next or piece[0] in _CLOSING):
            atoms[-1] += piece
            glue_next = piece[-1] in _OPENING
        else:
            atoms.append(piece)
            glue_next = piece[-1] in _OPENING
    return tuple(atoms)


def _split_long(atom: str, width: float) -> list[str]:
    """An atom wider than the line, cut as kindly as it allows: a URL after its / . ? & = - , anything else
    between characters."""
    pieces: list[str] = []
    parts = re.findall(r"[^/.?&=\-_]*[/.?&=\-_]*", atom) if re.fullmatch(r"[!-~]+", atom) else list(atom)
    current = ""
    for part in [p for p in parts if p]:
        if current and text_em(current + part) > width and part[0] not in _CLOSING:
            pieces.append(current)
            current = ""
        while text_em(part) > width and len(part) > 1:  # one part still too wide: by characters
            cut = max(1, max(n for n in range(1, len(part) + 1) if text_em(part[:n]) <= width or n == 1))
            pieces.append(part[:cut])
            part = part[cut:]
        current += part
    if current:
        pieces.append(current)
    return pieces


def wrap_lines(text: str, width: float) -> list[str]:
    """``text`` broken into lines at most ``width`` em wide, between atoms only (see ``_ATOM``): a break
    falls at a space, after 、 or ，, or between two Chinese characters, never inside a phone number, URL or
    文号 unless that token alone is wider than the line. The text's own line breaks are kept. A space a line is
    broken at stays at the end of that line, so joining the lines gives the text back."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if text_em(paragraph) <= width:
            lines.append(paragraph)
            continue
        current, current_em = "", 0.0
        for atom in _atoms(paragraph):
            em = text_em(atom)
            if atom.isspace():
                current, current_em = current + atom, current_em + em
                continue
            if current.strip() and current_em + em > width:
                lines.append(current)
                current, current_em = "", 0.0
            if em > width:
                pieces = _split_long(atom, width)
                lines += pieces[:-1]
                atom, em = pieces[-1], text_em(pieces[-1])
            current, current_em = current + atom, current_em + em
        lines.append(current)
    return lines


@functools.lru_cache(maxsize=65536)
def soft_wrap(text: str, width: float) -> str:
    """``text`` with gwstd's own line breaks (``SOFT_BREAK``) where ``wrap_lines`` breaks it."""
    out = []
    for paragraph in text.split("\n"):
        out.append(SOFT_BREAK.join(wrap_lines(paragraph, width)))
    return "\n".join(out)


def unwrap(text: str) -> str:
    """The text ``soft_wrap`` was given: gwstd's own line breaks taken out."""
    return text.replace("\u200b\r\n", "").replace(SOFT_BREAK, "").replace("\u200b", "")


@functools.lru_cache(maxsize=65536)
def longest_atom_em(text: str) -> float:
    """The width of the widest piece of ``text`` no line break may cut (0 for empty text)."""
    return max((text_em(a) for line in text.split("\n") for a in _atoms(line) if not a.isspace()), default=0.0)


# ------------------------------------------------------------------------------------------------------
# The channel checklist on paper: several entries to a line, in columns


# The vocabulary as printed in the Excel book's checklist: full-width ／（）, so that every label is a whole
# number of Chinese characters wide and the columns of the checklist line up. gwstd import reads both forms.
def print_label(channel: str) -> str:
    return channel.replace("/", "／").replace("(", "（").replace(")", "）")


_LONG_CHANNEL = max(CHANNELS, key=len)  # 社区/企事业单位/村公示栏(电子屏): on a line of its own
_IDEOGRAPHIC_SPACE = "\u3000"
CHECKLIST_GAP = " "  # between two entries on a line


def _pad(label: str, em: float) -> str:
    return label + _IDEOGRAPHIC_SPACE * max(0, round(em - text_em(label)))


def channel_grid(item: Item, per_line: int, width: float | None = None) -> str:
    """The ■/□ checklist over the 13 channels, ``per_line`` entries to a line in aligned columns (padded with
    ideographic spaces). The long 社区/企事业单位/村公示栏(电子屏), and 其他 when it names other channels, come
    last, on lines of their own (wrapped at ``width`` em when given)."""
    used = set(channels_used(item))
    mark = {c: (USED if c in used else UNUSED) for c in CHANNELS}
    named_other = bool(item.other_channels)
    grid = [c for c in CHANNELS if c != _LONG_CHANNEL and not (c == OTHER_CHANNEL and named_other)]
    labels = {c: mark[c] + (print_label(c) if c != OTHER_CHANNEL else channel_label(item, c)) for c in CHANNELS}
    columns = [max(text_em(labels[c]) for c in grid[j::per_line]) for j in range(per_line)]
    lines = []
    for start in range(0, len(grid), per_line):
        row = grid[start:start + per_line]
        cells = [_pad(labels[c], columns[j]) if j < len(row) - 1 else labels[c] for j, c in enumerate(row)]
        lines.append(CHECKLIST_GAP.join(cells))
    tail = [_LONG_CHANNEL] + ([OTHER_CHANNEL] if named_other else [])
    for channel in tail:
        text = labels[channel]
        lines.append(soft_wrap(text, width) if width else text)
    return "\n".join(lines)


def channel_grid_em(per_line: int) -> float:
    """How wide ``channel_grid`` prints its columns (the same for every item), in em."""
    grid = [c for c in CHANNELS if c != _LONG_CHANNEL]
    columns = [max(text_em(USED + print_label(c)) for c in grid[j::per_line]) for j in range(per_line)]
    return sum(round(c) for c in columns[:-1]) + columns[-1] + text_em(CHECKLIST_GAP) * (per_line - 1)


def _checklist_entries(item: Item) -> list[str]:
    """The 13 entries of the checklist with their marks, in the order ``channel_grid`` prints them: the short
    ones, then the long 社区/企事业单位/村公示栏(电子屏), then 其他 when it names other channels."""
    used = set(channels_used(item))
    named_other = bool(item.other_channels)
    short = [c for c in CHANNELS if c != _LONG_CHANNEL and not (c == OTHER_CHANNEL and named_other)]
    order = short + [_LONG_CHANNEL] + ([OTHER_CHANNEL] if named_other else [])
    return [(USED if c in used else UNUSED) + (print_label(c) if c != OTHER_CHANNEL else channel_label(item, c))
            for c in order]


def channel_flow(item: Item, width: float) -> str:
    """The ■/□ checklist over the 13 channels, run on like words: as many whole entries to a line as fit in
    ``width`` em, in the order of ``channel_grid`` (an entry wider than the line is wrapped on its own)."""
    lines: list[str] = []
    current = ""
    for entry in _checklist_entries(item):
        if current and text_em(current + CHECKLIST_GAP + entry) <= width:
            current += CHECKLIST_GAP + entry
            continue
        if current:
            lines.append(current)
        current = entry if text_em(entry) <= width else soft_wrap(entry, width)
    if current:
        lines.append(current)
    return "\n".join(lines)


def channel_flow_em(items: list[Item], lines: int) -> float | None:
    """The narrowest width (in quarter em) at which ``channel_flow`` gives every item at most ``lines`` lines,
    or None when even the widest entry's line does not bring it down that far."""
    entries = {tuple(_checklist_entries(item)) for item in items}
    if not entries:
        return None
    low = max(text_em(e) for es in entries for e in es)
    high = max(text_em(CHECKLIST_GAP.join(es)) for es in entries)
    width = math.ceil(low * 4) / 4
    while width <= high + 0.25:
        if all(len(_flow_lines(es, width)) <= lines for es in entries):
            return width
        width += 0.25
    return None


def _flow_lines(entries: tuple[str, ...], width: float) -> list[str]:
    lines: list[str] = []
    for entry in entries:
        if lines and text_em(lines[-1] + CHECKLIST_GAP + entry) <= width:
            lines[-1] += CHECKLIST_GAP + entry
        else:
            lines.append(entry)
    return lines


# A workbook's text cells (the county book's and 全省汇总.xlsx's): control characters stripped (XML 1.0 cannot
# carry most of them, and they have no place on paper), and text that starts like a formula flagged, so that
# it is written with Excel's quote prefix and neither Excel nor LibreOffice ever evaluates it.
_SHEET_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # (DEL and C1 too)
FORMULA_START = ("=", "+", "-", "@")


def sheet_text(text: str) -> tuple[str, bool]:
    """(``text`` as a cell holds it, whether it needs the quote prefix to stay text)."""
    text = _SHEET_CONTROLS.sub("", text)
    return text, text.startswith(FORMULA_START)
