"""Full-width punctuation where YAML needs ASCII, and lines indented off their siblings: GW004 at the
character or line at fault, with the line as it should be written (yaml_mistakes.py)."""

from __future__ import annotations

import pytest
import yaml

from gwstd.load import full as fullload
from gwstd.load.loader import load_text

pytestmark = pytest.mark.usefixtures("each_loader")


@pytest.fixture(params=["libyaml", "python"])
def yaml_family(request, monkeypatch):
    """The full loader on libyaml and on PyYAML's pure-Python parser, whose errors are placed differently."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML was installed without libyaml")
    else:
        monkeypatch.setattr(fullload, "_Loader", type("_PureLoader", (fullload._Resolving, yaml.SafeLoader), {}))
    return request.param


ITEM = """\
domain: 义务教育
categories:
  - name: 招生入学
    items:
      - id: jy-001
        name: 招生划片范围
        content:
          required: [学校名称, 划片范围]
        subject:
          department: jiaoyu
        channels: [政府网站]
        level: [县级]
"""


def _with(old: str, new: str) -> str:
    assert old in ITEM
    return ITEM.replace(old, new, 1)


COLON = "是全角冒号,键和值之间应使用半角冒号加空格“: ”"
COMMA = "是全角逗号,方括号列表的各项之间应使用半角逗号“,”"
DASH = "是全角减号,列表项应以半角减号加空格“- ”开头"

# (text, line, column, the message after "YAML 语法错误:", the hint)
MISTAKES = {
    # syntax errors the parser reports elsewhere (a line later, or at the next ":")
    "colon-before-next-key": (_with("name: 招生划片范围", "name：招生划片范围"), 6, 13,
                              f"第 6 行的「：」{COLON}", "应写作「name: 招生划片范围」"),
    "colon-and-space": (_with("name: 招生划片范围", "name： 招生划片范围"), 6, 13,
                        f"第 6 行的「：」{COLON}", "应写作「name: 招生划片范围」"),
    "colon-after-dash": (_with("- id: jy-001", "- id：jy-001"), 5, 11, f"第 5 行的「：」{COLON}",
                         "应写作「- id: jy-001」"),
    "colon-before-nested": (_with("        subject:", "        subject："), 9, 16, f"第 9 行的「：」{COLON}",
                            "应写作「subject:」"),
    "colon-on-last-line": (_with("level: [县级]", "level：[县级]"), 12, 14, f"第 12 行的「：」{COLON}",
                           "应写作「level: [县级]」"),
    "dash-before-sibling": (_with("        channels: [政府网站]", "        channels:\n          - 政府网站\n          － 两微一端"),
                            13, 11, f"第 13 行的「－」{DASH}", "应写作「- 两微一端」"),
    "dash-item-mapping": (_with("      - id: jy-001", "      － id: jy-001"), 5, 7, f"第 5 行的「－」{DASH}",
                          "应写作「- id: jy-001」"),
    "comma-in-flow-mapping": ("jiaoyu: {name: 测试县教育局，person: 陈晓燕}\n", 1, 22,
                              "第 1 行的「，」是全角逗号,花括号映射的各项之间应使用半角逗号“,”",
                              "应写作「jiaoyu: {name: 测试县教育局, person: 陈晓燕}」;如果「，」是文字的一部分,请给这一项加引号"),
    # documents that load, into something else than was meant
    "colon-only-key": (_with("department: jiaoyu", "department：jiaoyu"), 10, 21, f"第 10 行的「：」{COLON}",
                       "应写作「department: jiaoyu」"),
    "comma-in-flow-list": (_with("[学校名称, 划片范围]", "[学校名称，划片范围]"), 8, 26, f"第 8 行的「，」{COMMA}",
                           "应写作「required: [学校名称, 划片范围]」;如果「，」是文字的一部分,请给这一项加引号"),
    "dash-item-text": (_with("        channels: [政府网站]", "        channels:\n          － 政府网站"), 12, 11,
                       f"第 12 行的「－」{DASH}", "应写作「- 政府网站」"),
    "dash-in-flow-mapping-key": ("a: {name：x}\n", 1, 9, f"第 1 行的「：」{COLON}", "应写作「a: {name: x}」"),
    # full-width spaces (U+3000)
    "space-indent": (_with("        name: 招生划片范围", "　　　　name: 招生划片范围"), 6, 1,
                     "第 6 行的缩进用了全角空格「　」,缩进只能用半角空格", "应写作「name: 招生划片范围」,前面用半角空格缩进"),
    "space-in-indent": (_with("        name: 招生划片范围", "      　name: 招生划片范围"), 6, 7,
                        "第 6 行的缩进用了全角空格「　」,缩进只能用半角空格", "应写作「name: 招生划片范围」,前面用半角空格缩进"),
    "space-after-colon": (_with("        name: 招生划片范围", "        name:　招生划片范围"), 6, 14,
                          "第 6 行冒号后面的「　」是全角空格,键和值之间应使用半角冒号加空格“: ”", "应写作「name: 招生划片范围」"),
    "space-indent-loads": (_with("          department: jiaoyu", "        　　department: jiaoyu"), 10, 9,
                           "第 10 行的缩进用了全角空格「　」,缩进只能用半角空格", "应写作「department: jiaoyu」,前面用半角空格缩进"),
    # a key indented off its siblings
    "key-one-more": (_with("        name: 招生划片范围", "         name: 招生划片范围"), 6, 10,
                     "第 6 行的缩进与同级的键不一致,应缩进 8 个空格(现在是 9 个)",
                     "与第 5 行的「id」对齐:把这一行开头的空格改为 8 个"),
    "key-one-less": (_with("        name: 招生划片范围", "       name: 招生划片范围"), 6, 8,
                     "第 6 行的缩进与同级的键不一致,应缩进 8 个空格(现在是 7 个)",
                     "与第 5 行的「id」对齐:把这一行开头的空格改为 8 个"),
    "key-after-nested": (_with("        subject:", "       subject:"), 9, 8,
                         "第 9 行的缩进与同级的键不一致,应缩进 8 个空格(现在是 7 个)",
                         "与第 7 行的「content」对齐:把这一行开头的空格改为 8 个"),
    "item-one-less": (_with("        channels: [政府网站]", "        channels:\n          - 政府网站\n         - 两微一端"),
                      13, 10, "第 13 行的缩进与同级的列表项不一致,应缩进 10 个空格(现在是 9 个)",
                      "与第 12 行的“- ”对齐:把这一行开头的空格改为 10 个"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_the_mistake_is_named_where_it_was_typed(name, yaml_family):
    text, line, column, problem, hint = MISTAKES[name]
    doc, problems = load_text(text, "f.yaml")
    assert doc is None
    assert [(p.code, p.line, p.column, p.message, p.hint) for p in problems] == [
        ("GW004", line, column, f"YAML 语法错误:{problem}", hint)]


# Full-width characters where they are text, not YAML: quoted, in a block of text, in a value.
AS_MEANT = [
    _with("[学校名称, 划片范围]", "['学校名称，划片范围']"),
    _with("[学校名称, 划片范围]", '["学校名称，划片范围", 校址]'),
    _with("name: 招生划片范围", "name: 招生：划片，范围－说明"),
    _with("name: 招生划片范围", "name: |\n          note：见附件\n          － 第一条\n          [附件一，附件二]"),
    _with("name: 招生划片范围", "name: >\n          id：x"),
    _with("name: 招生划片范围", "name: '多行\n          id：x'"),
    _with("[学校名称, 划片范围]", "[学校名称：含民办学校, 划片范围]"),
    _with("name: 招生划片范围", "name: 注：见附件"),
    "# [政府网站，两微一端]\na: 1\n",
    _with("name: 招生划片范围", "name: |\n          　　第一段。\n          　　第二段。"),  # paragraphs indented the Chinese way
    _with("name: 招生划片范围", "name: 第一段\n          　　第二段"),
    _with("name: 招生划片范围", "name: 　招生划片范围"),
]


@pytest.mark.parametrize("text", AS_MEANT)
def test_full_width_text_is_left_alone(text):
    doc, problems = load_text(text, "f.yaml")
    assert doc is not None and problems == [], problems


def test_a_colon_in_a_value_keeps_its_advice_to_quote(yaml_family):
    _, problems = load_text(_with("name: 招生划片范围", "name: 说明: 见附件"), "f.yaml")
    assert [(p.line, p.message) for p in problems] == [
        (6, "YAML 语法错误:此处不能出现“键: 值”(冒号后的内容里有“: ”,请给值加引号;或检查缩进)")]


@pytest.mark.parametrize(("old", "new", "line", "column"), [
    ("        name:", "\tname:", 6, 1),
    ("        name:", "    \tname:", 6, 5),
    ("      - id:", "      -\tid:", 5, 8),
])
def test_a_tab_is_reported_where_it_is(old, new, line, column, yaml_family):
    _, problems = load_text(_with(old, new), "f.yaml")
    assert [(p.code, p.line, p.column, p.message) for p in problems] == [
        ("GW004", line, column, "YAML 语法错误:不能用 Tab 缩进或分隔,请改用空格")]


# What gwstd itself writes (catalogue/to_yaml.py: a list item's text plain after "- ", a flow list's
# element plain unless it holds an ASCII , [ ] { }) loads as written.
WRITTEN = [
    _with("[学校名称, 划片范围]", "[招生计划（含公办，民办）, 划片范围]"),
    _with("[学校名称, 划片范围]", "[《关于招生工作的通知，2024年》]"),
    _with("        channels: [政府网站]", "        channels:\n          - －\n          - PDF：下载"),
]


@pytest.mark.parametrize("text", WRITTEN)
def test_text_as_gwstd_writes_it_is_left_alone(text):
    doc, problems = load_text(text, "f.yaml")
    assert doc is not None and problems == [], problems


def test_house_style_round_trip_keeps_full_width_text():
    from gwstd.catalogue.to_yaml import dump

    data = {"domain": "义务教育", "content": {"required": ["招生计划（含公办，民办）", "学校名称"]},
            "channels": ["－", "PDF：下载", "name：招生"] * 12, "name": "注：见附件，－"}
    doc, problems = load_text(dump(data), "f.yaml")
    assert problems == [] and doc is not None and doc.data == data
