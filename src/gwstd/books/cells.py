"""The text of a catalogue's cells, the same in both books: content with its ●/〇 marks, basis documents,
the subject with its responsible person, the channels an item uses, the 公开层级 columns of a domain, and how
wide text is on the page. Pure: the model in, strings out."""

from __future__ import annotations

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
