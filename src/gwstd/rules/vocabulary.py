"""A closed-vocabulary field holds a known variant of one of its words (GW104, with the word to write).

People write what they call a channel (微信公众号, 公告栏, 新闻发布会) where the national layout has its own
word (两微一端, 社区/企事业单位/村公示栏(电子屏), 发布会/听证会); the same goes for update cycles (随时更新) and the
other closed lists. The variants are the vocabulary's SYNONYMS, shared with `gwstd import`. This rule reports
such a value with the word it stands for, and ``gwstd validate --fix`` writes that word; any other value outside
the vocabulary is the schema's GW104, with a guess and the allowed words.

PASS::

    channels: [政府网站, 两微一端]

FAIL::

    channels: [政府网站, 微信公众号]      # GW104:应写作 两微一端
"""

from __future__ import annotations

from typing import Iterator

from gwstd.catalogue.vocab import FIELD_VOCABULARIES, synonym_of
from gwstd.rules.base import Context, Rule


def check(text: str, context: Context) -> Iterator[tuple[str, dict]]:
    if context.kind != "domain":
        return
    word = synonym_of(text, FIELD_VOCABULARIES[context.field])
    if word is not None:
        yield "GW104", {"value": text, "hint": f"「{text}」属于「{word}」,应写作「{word}」(可用 gwstd validate --fix 自动修正)"}


def fix(text: str, context: Context) -> str | None:
    return synonym_of(text, FIELD_VOCABULARIES[context.field]) if context.kind == "domain" else None


RULES = [Rule("vocabulary-synonyms", ("GW104",), "text", check, __doc__ or "", title="规定范围内的取值用规定的写法",
              fields=frozenset(FIELD_VOCABULARIES), fix=fix)]
