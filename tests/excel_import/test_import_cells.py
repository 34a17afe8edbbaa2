"""The pure cell parsers of import: text (or a value openpyxl read) in, values out. One line per case."""

from __future__ import annotations

import pytest

from gwstd.catalogue.vocab import UPDATE_CYCLES, other_channel_text
from gwstd.excel_import.cells import (
    Hotlines,
    cell_text,
    channel_sentence,
    is_ticked,
    level_targets,
    norm,
    other_names,
    parse_basis,
    parse_channels,
    parse_content,
    parse_subject,
    parse_update_cycle,
    read_hotlines,
    split_hotlines,
    split_list,
    tick_of,
)


@pytest.mark.parametrize("text,required,optional", [
    ("●文件名称\n●文号\n〇政策解读", ["文件名称", "文号"], ["政策解读"]),
    ("1.文件名称;2.文号；3.发布日期", ["文件名称", "文号", "发布日期"], []),
    ("文件名称、文号、发布日期", ["文件名称", "文号", "发布日期"], []),
    ("(1)文件名称\n(2)文号", ["文件名称", "文号"], []),
    ("●暂停办理的事项(房产交易、租赁、水、电)", ["暂停办理的事项(房产交易、租赁、水、电)"], []),
    ("①项目名称②建设地点", ["项目名称", "建设地点"], []),  # numbering run on in one line
    ("1.学校名称2.划片范围；", ["学校名称", "划片范围"], []),
    ("（1）征收范围，四至界线（2）补偿标准。", ["征收范围，四至界线", "补偿标准"], []),  # never at a comma
    ("学校名称，地址、招生计划；", ["学校名称，地址", "招生计划"], []),
    ("1、批准文件；\n2、补偿方案。\n3、安置办法;", ["批准文件", "补偿方案", "安置办法"], []),
    ("第1、2条规定的情形", ["第1、2条规定的情形"], []),  # 、 between numbers, no numbering at the start
    ("1.5亩以上的地块\n面积", ["1.5亩以上的地块", "面积"], []),
])
def test_content_cells(text, required, optional):
    assert parse_content(text) == (required, optional)


@pytest.mark.parametrize("text,docs", [
    ("《A法》", [("A法", "", "")]),
    ("《A条例》（国务院令第1号）第二条、《B办法》(建房〔2011〕77号)", [("A条例", "国务院令第1号", "第二条"), ("B办法", "建房〔2011〕77号", "")]),
    ("1、《关于〈方案〉的通知》\n2、《C规定》第五章", [("关于〈方案〉的通知", "", ""), ("C规定", "", "第五章")]),
    ("中华人民共和国土地管理法\n土地管理法实施条例", [("中华人民共和国土地管理法", "", ""), ("土地管理法实施条例", "", "")]),
    ("《\n》《 》《D法》", [("D法", "", "")]),  # empty title marks name nothing (found by hypothesis)
    # run on, separated by ；, as the Excel book prints them
    ("《A法》；《B条例》（国务院令第743号）第三十一条；《C办法》", [("A法", "", ""), ("B条例", "国务院令第743号", "第三十一条"), ("C办法", "", "")]),
    # without 《》: the 文号 in brackets after the title is its number; a cell saying there is none is no basis
    ("关于做好招生入学工作的通知（教基〔2020〕2号）\nB条例(国务院令第7号)第十条。",
     [("关于做好招生入学工作的通知", "教基〔2020〕2号", ""), ("B条例", "国务院令第7号", "第十条")]),
    ("无", []), ("暂无。", []), ("/", []),
])
def test_basis_cells(text, docs):
    assert [(d.title, d.number, d.article) for d in parse_basis(text)] == docs


@pytest.mark.parametrize("text,channels,others,unknown", [
    ("■政府网站\n□政府公报\n■入户/现场", ["政府网站", "入户/现场"], [], []),
    ("政府网站、发布会/听证会、入户/现场", ["政府网站", "发布会/听证会", "入户/现场"], [], []),
    ("门户网站，公示栏", ["政府网站", "社区/企事业单位/村公示栏(电子屏)"], [], []),
    ("■其他(乡镇广播、宣传车)", ["其他"], ["乡镇广播", "宣传车"], []),
    ("火星电台", ["其他"], ["火星电台"], ["火星电台"]),
])
def test_channel_cells(text, channels, others, unknown):
    assert parse_channels(text) == (channels, others, unknown)


@pytest.mark.parametrize("names", [["乡镇广播站"], ["乡镇广播站", "村广播"]])
def test_the_other_channel_text_a_book_writes_is_read_back(names):
    assert parse_channels("■" + other_channel_text(names)) == (["其他"], names, [])
    assert parse_channels(other_channel_text(names)) == (["其他"], names, [])


@pytest.mark.parametrize("value,text", [
    (None, ""), (3.0, "3"), (2.5, "2.5"), (12345, "12345"), ("  政府网站 \r\n", "政府网站"), ("甲\r\n乙\r丙", "甲\n乙\n丙"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize("text,normal", [
    ("公开内容（要素）", "公开内容要素"), (" 公开 时限 ", "公开时限"), ("【备注】:", "备注"), (None, ""),
])
def test_header_text_is_compared_without_spaces_or_brackets(text, normal):
    assert norm(text) == normal


@pytest.mark.parametrize("text,levels", [
    ("县级", ["县级"]), ("县（区）级", ["县级"]), ("乡镇级", ["乡级"]), ("乡、村级", ["乡级", "村级"]),
    ("市(州)级", ["市级"]), ("街道", ["乡级"]), ("全社会", []),
])
def test_level_headers(text, levels):
    assert level_targets(text) == levels


@pytest.mark.parametrize("value,ticked", [
    ("√", True), ("✓", True), ("●", True), ("是", True), ("Y", True), (" √ ", True), ("√(部分)", True),
    (None, False), ("", False), ("否", False), ("×", False), (0, False),
])
def test_ticks(value, ticked):
    assert is_ticked(value) is ticked


@pytest.mark.parametrize("text,subject", [
    ("示例县教育局", ("示例县教育局", "")),
    ("示例县教育局\n责任人:张三", ("示例县教育局", "张三")),
    ("示例县教育局\n各乡镇人民政府\n联系人：李四", ("示例县教育局、各乡镇人民政府", "李四")),
    ("示例县自然资源局 责任人:王建国", ("示例县自然资源局", "王建国")),  # one line, as the Excel book prints it
    ("示例县教育局责任人：张三", ("示例县教育局", "张三")),
    ("", ("", "")),
])
def test_subject_cells(text, subject):
    assert parse_subject(text) == subject


@pytest.mark.parametrize("text,phones", [
    ("咨询电话:0838-1111111\n监督举报电话:0838-2222222", ("0838-1111111", "0838-2222222")),
    ("0838-1111111\n12345", ("0838-1111111", "12345")),
    ("0838-1111111；0838-3333333；投诉:12345", ("0838-1111111、0838-3333333", "12345")),
    ("0838-1111111", ("0838-1111111", "")),
    ("", ("", "")),
])
def test_hotline_cells(text, phones):
    assert split_hotlines(text) == phones


@pytest.mark.parametrize("text,parts", [
    ("jy-01、jy-02", ["jy-01", "jy-02"]), ("jy-01\njy-02；jy-03", ["jy-01", "jy-02", "jy-03"]), ("", []),
    ("《A法(2019、修订)》,B", ["《A法(2019、修订)》", "B"]),
])
def test_list_cells(text, parts):
    assert split_list(text) == parts


@pytest.mark.parametrize("text,cycle", [
    ("每年", ("每年", True)), ("随时更新", ("动态更新", True)), ("每年更新一次", ("每年", True)),
    ("季度", ("每季度", True)), ("", ("", True)), ("看情况", ("看情况", False)),
])
def test_update_cycle_cells(text, cycle):
    assert parse_update_cycle(text) == cycle
    assert cycle[1] is (cycle[0] in UPDATE_CYCLES or not cycle[0])


@pytest.mark.parametrize("text,consult,supervise,how", [
    ("咨询电话：0838-1234567 监督举报电话：0838-7654321", "0838-1234567", "0838-7654321", "labelled"),
    ("咨询:0838-1234567\n举报:12345", "0838-1234567", "12345", "labelled"),
    ("投诉电话：12345；咨询电话：0838-1234567", "0838-1234567", "12345", "labelled"),
    ("咨询投诉电话：12345", "12345", "12345", "labelled"),  # one label naming both
    ("0838-1234567（咨询）、12345（监督）", "0838-1234567", "12345", "labelled"),
    ("0838-1234567 12345", "0838-1234567", "12345", "order"),
    ("0838-1234567 转 801\n12345", "0838-1234567 转 801", "12345", "order"),
    ("0838-1234567", "0838-1234567", "", "single"),
    ("、；", "", "", ""), ("监督)", "", "", ""), ("", "", "", ""),  # separators or a label alone: nothing
])
def test_both_phones_in_one_cell(text, consult, supervise, how):
    assert read_hotlines(text) == Hotlines(consult, supervise, how)


@pytest.mark.parametrize("label,names", [
    ("其他", []), ("其他：县网", ["县网"]), ("其他:县网、乡镇广播", ["县网", "乡镇广播"]), ("其他_县网", ["县网"]),
    ("其他（县网）", ["县网"]), ("其他(县网)", ["县网"]), ("其他：", []), ("政府网站", None), ("其他人", None),
])
def test_names_of_the_other_channel(label, names):
    assert other_names(label) == names


@pytest.mark.parametrize("text,found", [
    ("政府公报、报刊或其他便于公众知晓的方式", (["政府公报", "纸质媒体", "其他"], "政府公报、报刊或其他便于公众知晓的方式")),
    ("政府网站、乡镇广播站", None), ("■政府网站等", None), ("", None),  # a list, a checklist, nothing
])
def test_channel_sentences(text, found):
    assert channel_sentence(text) == found


@pytest.mark.parametrize("value,tick", [
    ("√", (True, "")), ("申请人", (True, "申请人")), ("主动公开", (True, "主动公开")), (1, (True, "")),
    ("否", (False, "")), ("×", (False, "")), ("无", (False, "")), ("-", (False, "")), ("〇", (False, "")),
    (None, (False, "")),
])
def test_words_in_tick_cells(value, tick):
    assert tick_of(value) == tick
