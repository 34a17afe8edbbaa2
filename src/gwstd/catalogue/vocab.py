"""Closed vocabularies, and the variants people write for them.

The canonical lists live in the JSON Schema (it is what editors complete); this module adds the spellings
seen in real published catalogues, so a message can say "did you mean …" and the importer can normalise.
"""

from __future__ import annotations

import difflib

# The eight pilot domains of 川办发〔2017〕90号, in its order, with the file names the bundled catalogue uses.
PILOT_DOMAINS = {
    "征地补偿": "zhengdi-buchang", "拆迁安置": "chaiqian-anzhi", "保障性住房": "baozhang-zhufang",
    "农村危房改造": "nongcun-weifang", "扶贫救灾": "fupin-jiuzai", "市政服务": "shizheng-fuwu",
    "公共资源交易": "ggzy-jiaoyi", "义务教育": "yiwu-jiaoyu",
}

UPDATE_CYCLES = ("实时", "每日", "每周", "每月", "每季度", "每半年", "每年", "动态更新")

# Item id prefixes for the pilot domains, used when ids must be made (import, init).
ID_PREFIXES = {"征地补偿": "zd", "拆迁安置": "cq", "保障性住房": "bz", "农村危房改造": "wf", "扶贫救灾": "fp",
               "市政服务": "sz", "公共资源交易": "gg", "义务教育": "jy"}

CHANNELS = (
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
    "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "精准推送", "其他",
)

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
    # audience, method, level
    "社会公众": "全社会", "公众": "全社会", "特定群众": "特定群体", "特定对象": "特定群体",
    "主动公开": "主动", "依申请公开": "依申请", "申请公开": "依申请",
    "省": "省级", "市": "市级", "市(州)级": "市级", "县": "县级", "县(区)级": "县级", "县（区）级": "县级",
    "县区级": "县级", "区级": "县级", "县(市、区)级": "县级", "乡": "乡级", "乡镇": "乡级", "乡镇级": "乡级",
    "镇级": "乡级", "乡(镇)级": "乡级", "乡（镇）级": "乡级", "街道": "乡级", "村": "村级", "村(社区)级": "村级",
}


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
