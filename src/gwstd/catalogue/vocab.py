"""Closed vocabularies, and the variants people write for them.

Each vocabulary is written here once. The JSON Schema's enums (what editors complete) are generated from it
(``schema_with_vocabulary``; tests/catalogue/test_vocab.py fails when the shipped schema differs and rewrites it
when run as a script); the model, the books, the importer and the rules read the tuples below. This module also
adds the spellings seen in real published catalogues, so a message can say "did you mean …" and the importer can
normalise. Pure: no I/O.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from typing import Iterable

# The eight pilot domains of 川办发〔2017〕90号, in its order: (name, the file name the bundled catalogue uses,
# the item id prefix used when ids must be made by import and init).
_PILOTS = (
    ("征地补偿", "zhengdi-buchang", "zd"), ("拆迁安置", "chaiqian-anzhi", "cq"), ("保障性住房", "baozhang-zhufang", "bz"),
    ("农村危房改造", "nongcun-weifang", "wf"), ("扶贫救灾", "fupin-jiuzai", "fp"), ("市政服务", "shizheng-fuwu", "sz"),
    ("公共资源交易", "ggzy-jiaoyi", "gg"), ("义务教育", "yiwu-jiaoyu", "jy"),
)
PILOT_DOMAINS = {name: slug for name, slug, _ in _PILOTS}
ID_PREFIXES = {name: prefix for name, _, prefix in _PILOTS}

UPDATE_CYCLES = ("实时", "每日", "每周", "每月", "每季度", "每半年", "每年", "动态更新")

# 公开渠道和载体: the 13 channels of the national table layout; the last, 其他, is named in other_channels.
OTHER_CHANNEL = "其他"
CHANNELS = (
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
    "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "精准推送", OTHER_CHANNEL,
)
LEVELS = ("省级", "市级", "县级", "乡级", "村级")  # 公开层级
AUDIENCES = ("全社会", "特定群体")  # 公开对象
METHODS = ("主动", "依申请")  # 公开方式

# Between the numbers of one phone field: 、 , ; / or 或 (0838-2222222、12345).
PHONE_SEPARATORS = re.compile(r"\s*(?:[、,，;；/]|或)\s*")


def other_channel_text(names: Iterable[str]) -> str:
    """The channel 其他 as the books write it: 其他(乡镇广播站、村广播), or 其他 when no name is given."""
    names = list(names)
    return OTHER_CHANNEL + (f"({'、'.join(names)})" if names else "")


_OTHER_CHANNEL_TEXT = re.compile(rf"^{OTHER_CHANNEL}\s*[(（](.*)[)）]\s*$")


def other_channel_names(text: str) -> list[str] | None:
    """The names in a 其他(…) written as the books write it (or with full-width brackets, names separated by
    、 , or ;); None when ``text`` is not a 其他(…)."""
    found = _OTHER_CHANNEL_TEXT.match(text)
    if found is None:
        return None
    return [n.strip() for n in re.split(r"[、,，;；]", found.group(1)) if n.strip()]


# ------------------------------------------------------------------------------------------------------
# The schema's enums

# Each enum in a shipped schema, by the schema kind and the path to the node holding it.
SCHEMA_ENUMS: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
    "domain": {
        ("$defs", "item", "properties", "update_cycle"): UPDATE_CYCLES,
        ("$defs", "item", "properties", "channels", "items"): CHANNELS,
        ("$defs", "item", "properties", "audience", "items"): AUDIENCES,
        ("$defs", "item", "properties", "method", "items"): METHODS,
        ("$defs", "item", "properties", "level", "items"): LEVELS,
    },
}


def schema_with_vocabulary(schema: dict, kind: str) -> dict:
    """A copy of ``schema`` (of ``kind``: catalog, domain, baseline) with each enum set from the tuples here."""
    out = copy.deepcopy(schema)
    for path, values in SCHEMA_ENUMS.get(kind, {}).items():
        node = out
        for key in path:
            node = node[key]
        node["enum"] = list(values)
    return out


def schema_json(schema: dict) -> str:
    """A schema as the shipped files are written: two-space indents, Chinese as itself, a final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


SYNONYMS: dict[str, str] = {
    # update cycles
    "随时更新": "动态更新", "随时": "动态更新", "不定期": "动态更新", "不定期更新": "动态更新", "及时更新": "动态更新",
    "动态": "动态更新", "动态调整": "动态更新", "即时": "实时", "实时更新": "实时", "每天": "每日", "每星期": "每周",
    "月度": "每月", "按月": "每月", "每季": "每季度", "季度": "每季度", "按季度": "每季度", "半年": "每半年",
    "每半年度": "每半年", "年度": "每年", "每年度": "每年", "按年": "每年", "一年": "每年",
    # channels
    "网站": "政府网站", "门户网站": "政府网站", "政府门户网站": "政府网站", "政府信息公开网站": "政府网站",
    "公报": "政府公报", "微信": "两微一端", "微博": "两微一端", "政务微信": "两微一端", "政务微博": "两微一端",
    "政务新媒体": "两微一端", "新媒体": "两微一端", "客户端": "两微一端", "发布会": "发布会/听证会",
    "听证会": "发布会/听证会", "新闻发布会": "发布会/听证会", "广播": "广播电视", "电视": "广播电视",
    "报纸": "纸质媒体", "报刊": "纸质媒体", "查阅点": "公开查阅点", "信息公开查阅点": "公开查阅点",
    "政府信息公开查阅点": "公开查阅点", "政务大厅": "政务服务中心", "办事大厅": "政务服务中心",
    "政务服务大厅": "政务服务中心", "便民服务中心": "便民服务站", "便民服务点": "便民服务站",
    "入户": "入户/现场", "现场": "入户/现场", "公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "公开栏": "社区/企事业单位/村公示栏(电子屏)", "村公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "村务公开栏": "社区/企事业单位/村公示栏(电子屏)", "电子屏": "社区/企事业单位/村公示栏(电子屏)",
    "社区/企事业单位/村公示栏（电子屏）": "社区/企事业单位/村公示栏(电子屏)",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏(电子屏)", "短信": "精准推送", "推送": "精准推送",
    "微信公众号": "两微一端", "公众号": "两微一端", "政务公众号": "两微一端", "微信公众平台": "两微一端",
    "政务微信公众号": "两微一端", "政务APP": "两微一端", "政务app": "两微一端", "APP": "两微一端", "app": "两微一端",
    "政务客户端": "两微一端", "移动客户端": "两微一端", "手机APP": "两微一端", "微博微信": "两微一端",
    "双微一端": "两微一端", "两微一端(政务微博、微信、客户端)": "两微一端", "公告栏": "社区/企事业单位/村公示栏(电子屏)",
    "宣传栏": "社区/企事业单位/村公示栏(电子屏)", "公示牌": "社区/企事业单位/村公示栏(电子屏)",
    "社区公示栏": "社区/企事业单位/村公示栏(电子屏)", "电子显示屏": "社区/企事业单位/村公示栏(电子屏)",
    "听证": "发布会/听证会", "新闻发布": "发布会/听证会", "发布会、听证会": "发布会/听证会",
    "广播、电视": "广播电视", "报纸杂志": "纸质媒体", "纸媒": "纸质媒体", "政府网": "政府网站", "官网": "政府网站",
    "便民服务中心(站)": "便民服务站", "入户、现场": "入户/现场",
    # audience, method, level
    "社会公众": "全社会", "公众": "全社会", "特定群众": "特定群体", "特定对象": "特定群体",
    "主动公开": "主动", "依申请公开": "依申请", "申请公开": "依申请",
    "省": "省级", "市": "市级", "市(州)级": "市级", "县": "县级", "县(区)级": "县级", "县（区）级": "县级",
    "县区级": "县级", "区级": "县级", "县(市、区)级": "县级", "乡": "乡级", "乡镇": "乡级", "乡镇级": "乡级",
    "镇级": "乡级", "乡(镇)级": "乡级", "乡（镇）级": "乡级", "街道": "乡级", "村": "村级", "村(社区)级": "村级",
}


# The closed vocabularies of a domain file's item fields, by field name (the rule vocabulary-synonyms and
# `gwstd validate --fix` read them).
FIELD_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "update_cycle": UPDATE_CYCLES, "channels": CHANNELS, "audience": AUDIENCES, "method": METHODS, "level": LEVELS,
}


def synonym_of(value: object, allowed: tuple[str, ...] | list) -> str | None:
    """The vocabulary word ``value`` surely stands for: a known variant (SYNONYMS) or the word itself with
    full-width brackets or surrounding spaces, when that word is one of ``allowed`` and ``value`` is not.
    Never a guess by similarity (that is suggest's)."""
    if not isinstance(value, str) or value in allowed:
        return None
    text = value.strip().replace("（", "(").replace("）", ")")
    for candidate in (text, SYNONYMS.get(text), SYNONYMS.get(value.strip())):
        if candidate is not None and candidate in allowed:
            return candidate
    return None


def suggest(value: object, allowed: list | tuple) -> str | None:
    """The allowed value a user most likely meant, or None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in allowed:
        return text
    mapped = SYNONYMS.get(text)
    if mapped in allowed:
        return mapped
    for option in allowed:  # "政务服务中心大厅" → "政务服务中心"
        if isinstance(option, str) and len(option) >= 2 and (option in text or (len(text) >= 2 and text in option)):
            return option
    close = difflib.get_close_matches(text, [a for a in allowed if isinstance(a, str)], n=1, cutoff=0.5)
    return close[0] if close else None
