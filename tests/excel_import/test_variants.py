"""Published catalogue workbooks in their real variants, imported with nothing lost: each variant has a workbook
of its own, made here, read through ``import_workbooks`` and through ``gwstd import``, and the exact fields
that result are asserted, with what the import report says about each decision."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from gwstd.catalogue.model import Item, Subcategory
from gwstd.excel_import.assemble import import_workbooks

TITLE = "某某县公共资源交易领域基层政务公开标准目录"
# A three-level sheet with the Sichuan columns: A 序号, B-D 一级/二级/三级事项, E 公开内容, F 公开依据, G 公开时限,
# H 公开主体, I 公开渠道和载体, J-K 全社会/特定群体, L-M 主动/依申请, N-O 县级/乡级, P 信息更新周期, Q the phones.
HEAD = ["序号", "公开事项", None, None, "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象",
        None, "公开方式", None, "公开层级", None, "信息更新周期", "咨询电话", "监督举报电话"]
SUB = [None, "一级事项", "二级事项", "三级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请",
       "县级", "乡级"]
HEAD_MERGES = ("A2:A3", "B2:D2", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:I3", "J2:K2", "L2:M2", "N2:O2", "P2:P3",
               "Q2:Q3", "R2:R3")
COLUMNS = {letter: n for n, letter in enumerate("ABCDEFGHIJKLMNOPQR")}


def row(n: int, category: str | None, second: str | None, third: str | None, **cells: object) -> list[object]:
    """A data row: its 序号 and 事项 names, the usual values elsewhere, ``cells`` by column letter over them."""
    out: list[object] = [n, category, second, third, "项目名称;招标人", "《中华人民共和国招标投标法》",
                         "信息形成之日起20个工作日内", "某某县公共资源交易中心", "政府网站", "√", None, "√", None, "√",
                         None, "实时", "0838-1234567", "0838-7654321"]
    for letter, value in cells.items():
        out[COLUMNS[letter]] = value
    return out


def workbook(path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), head: list | None = None,
             sub: list | None = None, head_merges: tuple[str, ...] = HEAD_MERGES) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "公共资源交易"
    ws.append([TITLE])
    ws.append(head or HEAD)
    ws.append(sub or SUB)
    for cells in head_merges:
        ws.merge_cells(cells)
    for r in rows:
        ws.append(r)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def items_of(path: Path) -> tuple[list[Item], object]:
    result = import_workbooks([path])
    assert result.catalogue is not None, [d.message for d in result.diagnostics]
    return result.catalogue.domains[0].items, result


def imported_yaml(gwstd, path: Path, tmp_path: Path, *extra: str) -> tuple[list[dict], object]:
    """``gwstd import`` of the workbook: every item of the domain file written (named at 二级 or at 三级), and
    the run."""
    out = tmp_path / "out"
    run = gwstd("import", path, "-o", out, "--force", *extra)
    assert run.code == 0, run.out + run.err
    data = yaml.safe_load((out / "ggzy-jiaoyi.yaml").read_text(encoding="utf-8"))
    items = []
    for category in data["categories"]:
        for entry in category.get("items", []) + category.get("subcategories", []):
            items += entry["items"] if "items" in entry else [entry]
    return items, run


def codes_at(result, code: str) -> list[str]:
    """The cells (or rows) of the diagnostics with ``code``."""
    return [d.path[1] for d in result.diagnostics if d.code == code]


# --- 1. mixed depth ------------------------------------------------------------------------------------------


def mixed_depth(path: Path, across: bool = True) -> Path:
    """With ``across``, row 7's 二级 cell is merged across 三级, as gwstd's book prints an item named at 二级;
    the sheet then tells a 三级 item named like its 二级 (row 8) from an item named at 二级 by that merge."""
    rows = [
        row(1, "交易信息", "工程建设", "招标公告"),  # C4:C5 merged down: a 二级事项 of two 三级 items
        row(2, None, None, "中标结果"),
        row(3, None, "政府采购公告", None),  # 三级 empty: an item named at 二级
        row(4, None, "交易规则", None),  # C7:D7 merged across: how gwstd's own book prints it
        row(5, None, "监督管理", "监督管理"),  # the same text in both (two cells)
        [None, "其他事项"],  # only a 一级 name: not an item
        row(6, "信用信息", "失信名单", None),  # a 一级事项 whose only item is named at 二级
        row(7, None, "履约评价", "施工履约"),
        row(8, None, None, "监理履约"),
    ]
    return workbook(path, rows, ("B4:B8", "C4:C5", "B10:B12", "C11:C12") + (("C7:D7",) if across else ()))


@pytest.mark.parametrize("across", [False, True])
def test_mixed_depth_items_named_at_the_second_level(tmp_path, across):
    _, result = items_of(mixed_depth(tmp_path / "混合.xlsx", across))
    first, second = result.catalogue.domains[0].categories
    assert first.name == "交易信息"
    # the same text in 二级 and 三级: an item named at 二级, unless the sheet marks those by merging across
    assert [(type(e).__name__, e.name) for e in first.entries] == [
        ("Subcategory", "工程建设"), ("Item", "政府采购公告"), ("Item", "交易规则"),
        ("Subcategory" if across else "Item", "监督管理")]
    assert [i.name for i in first.entries[0].items] == ["招标公告", "中标结果"]
    assert second.name == "信用信息"
    assert [(type(e).__name__, e.name) for e in second.entries] == [("Item", "失信名单"), ("Subcategory", "履约评价")]
    assert isinstance(second.entries[1], Subcategory) and [i.name for i in second.entries[1].items] == ["施工履约", "监理履约"]
    every = result.catalogue.domains[0].items
    assert all(i.required == ["项目名称", "招标人"] and i.channels == ["政府网站"] for i in every)  # nothing lost
    (said,) = [d for d in result.diagnostics if d.code == "GW410"]  # 三级 empty (not merged, not repeated): said once
    assert said.path == ("公共资源交易", "D6")
    if across:
        assert "第 6、10 行的三级事项为空" in said.message and "「政府采购公告」、「失信名单」" in said.message
    else:
        assert "第 6、7、10 行的三级事项为空" in said.message and "「政府采购公告」、「交易规则」、「失信名单」" in said.message
    assert codes_at(result, "GW405") == ["9"]  # the row with only a 一级 name
    sheet = result.sheets[0]
    assert [(s.row, s.reason, s.text) for s in sheet.skipped] == [(9, "没有事项名称", "其他事项")]
    assert sheet.items == 8


def test_an_empty_third_level_cell_inside_a_merged_block_stays_in_the_block(tmp_path):
    rows = [row(1, "交易信息", "工程建设", "招标公告"), row(2, None, None, None), row(3, None, None, "中标结果")]
    _, result = items_of(workbook(tmp_path / "块.xlsx", rows, ("B4:B6", "C4:C6")))
    (category,) = result.catalogue.domains[0].categories
    (block,) = category.entries
    assert isinstance(block, Subcategory) and [i.name for i in block.items] == ["招标公告", "工程建设", "中标结果"]
    (said,) = [d for d in result.diagnostics if d.code == "GW410"]
    assert said.path == ("公共资源交易", "D5") and "第 5 行的三级事项为空,而二级事项是向下合并的单元格" in said.message


def test_mixed_depth_through_the_cli(gwstd, tmp_path):
    path = mixed_depth(tmp_path / "混合.xlsx")
    out = tmp_path / "out"
    run = gwstd("import", path, "-o", out)
    assert run.code == 0, run.out
    data = yaml.safe_load((out / "ggzy-jiaoyi.yaml").read_text(encoding="utf-8"))
    first, second = data["categories"]
    assert [e["name"] for e in first["items"]] == ["工程建设", "政府采购公告", "交易规则", "监督管理"]
    assert [i["name"] for i in first["items"][0]["items"]] == ["招标公告", "中标结果"]
    assert "items" not in first["items"][1] and first["items"][1]["content"] == {"required": ["项目名称", "招标人"]}
    assert [e["name"] for e in second["items"]] == ["失信名单", "履约评价"]
    assert "未导入的行:第 9 行(没有事项名称)" in run.out and "GW410" in run.out
    assert gwstd("validate", out).code in (0, 1)  # readable by validate (what is missing is its business)
    report = json.loads(gwstd("import", path, "-o", out, "--force", "-f", "json").out)
    sheet = report["sheets"][0]
    assert sheet["skipped"] == [{"row": 9, "reason": "没有事项名称", "text": "其他事项"}]
    assert [(d["code"], d["cell"]) for d in sheet["decisions"]] == [("GW405", "9"), ("GW410", "D6")]


def test_names_written_once_and_not_merged_go_on_down(gwstd, tmp_path):
    """一级 and 二级 written on the first row of their block only, the cells below left empty (not merged)."""
    rows = [row(1, "交易信息", "工程建设", "招标公告"), row(2, None, None, "中标结果"), row(3, None, "政府采购", None),
            row(4, "信用信息", "履约评价", "施工履约"), row(5, None, None, "监理履约")]
    path = workbook(tmp_path / "未合并.xlsx", rows)
    _, result = items_of(path)
    first, second = result.catalogue.domains[0].categories
    assert [(type(e).__name__, e.name) for e in first.entries] == [("Subcategory", "工程建设"), ("Item", "政府采购")]
    assert [i.name for i in first.entries[0].items] == ["招标公告", "中标结果"]
    assert [i.name for i in second.entries[0].items] == ["施工履约", "监理履约"]
    (said,) = [d for d in result.diagnostics if d.code == "GW418"]
    assert "「公共资源交易」第 5、6、8 行的一级事项、第 5、8 行的二级事项为空,沿用上一行的名称" in said.message
    assert all(c.name != "(未分类)" for c in result.catalogue.domains[0].categories)
    items, run = imported_yaml(gwstd, path, tmp_path)
    assert [i["name"] for i in items] == ["招标公告", "中标结果", "政府采购", "施工履约", "监理履约"]
    assert "GW418" in run.out


# --- 2. one column for both phones ---------------------------------------------------------------------------

PHONE_HEADERS = ["咨询及监督举报电话", "咨询/监督举报电话", "咨询电话/监督举报电话", "咨询、监督举报电话", "咨询和投诉电话"]
LABELLED = [
    "咨询电话：0838-1234567 监督举报电话：0838-7654321",
    "咨询电话:0838-1234567\n监督举报电话:0838-7654321",
    "咨询：0838-1234567；举报：0838-7654321",
    "咨询电话 0838-1234567 投诉电话 0838-7654321",
    "监督电话：0838-7654321\n咨询电话：0838-1234567",
    "0838-1234567(咨询)\n0838-7654321(监督)",
]
UNLABELLED = ["0838-1234567\n0838-7654321", "0838-1234567 0838-7654321", "0838-1234567、0838-7654321",
              "0838-1234567；0838-7654321", "0838-1234567/0838-7654321"]


def phones(path: Path, header: str, *cells: str) -> Path:
    head = HEAD[:16] + [header]
    rows = [row(n, "交易信息", f"事项{n}", None, H=f"部门{n}", Q=text, R=None)[:17] for n, text in enumerate(cells, 1)]
    return workbook(path, rows, head=head)


@pytest.mark.parametrize("header", PHONE_HEADERS)
@pytest.mark.parametrize("text", LABELLED + UNLABELLED)
def test_one_column_for_both_phones_is_split(tmp_path, header, text):
    items, result = items_of(phones(tmp_path / "电话.xlsx", header, text))
    catalogue = result.catalogue
    assert [(catalogue.consult_of(i), catalogue.supervise_of(i)) for i in items] == [("0838-1234567", "0838-7654321")]
    assert result.sheets[0].columns[16].target == "hotlines"
    assert codes_at(result, "GW411") == ([] if text in LABELLED else ["Q4"])  # split by order: said


def test_one_unlabelled_number_is_the_consultation_phone(tmp_path):
    items, result = items_of(phones(tmp_path / "电话.xlsx", "咨询及监督举报电话", "0838-1234567",
                                    "咨询投诉电话:12345", "0838-1234567 转 8001\n12345"))
    catalogue = result.catalogue
    assert [(catalogue.consult_of(i), catalogue.supervise_of(i)) for i in items] == [
        ("0838-1234567", ""), ("12345", "12345"), ("0838-1234567 转 8001", "12345")]
    assert codes_at(result, "GW412") == ["Q4"]
    assert "只有一个号码「0838-1234567」" in next(d.message for d in result.diagnostics if d.code == "GW412")


def test_both_phones_in_one_column_through_the_cli(gwstd, tmp_path):
    path = phones(tmp_path / "电话.xlsx", "咨询/监督举报电话", LABELLED[0], "0838-1111111 0838-2222222", "0838-3333333")
    out = tmp_path / "out"
    run = gwstd("import", path, "-o", out)
    assert run.code == 0, run.out
    catalog = yaml.safe_load((out / "catalog.yaml").read_text(encoding="utf-8"))
    assert [(d["name"], d.get("consult"), d.get("supervise")) for d in catalog["departments"].values()] == [
        ("部门1", "0838-1234567", "0838-7654321"), ("部门2", "0838-1111111", "0838-2222222"),
        ("部门3", "0838-3333333", None)]
    assert "Q 列「咨询/监督举报电话」→ 咨询电话和监督举报电话" in run.out
    assert "GW411" in run.out and "GW412" in run.out


def test_a_phone_group_over_two_columns_is_two_columns(gwstd, tmp_path):
    """咨询及监督举报电话 merged over 咨询电话 and 监督举报电话 below it: two columns, not one cell to split."""
    path = workbook(tmp_path / "两列.xlsx", [row(1, "交易信息", "招标公告", None, Q="12345", R="0838-7654321")],
                    head=HEAD[:16] + ["咨询及监督举报电话"], sub=SUB + [None, "咨询电话", "监督举报电话"],
                    head_merges=HEAD_MERGES[:-2] + ("Q2:R2",))
    (item,), result = items_of(path)
    assert [c.target for c in result.sheets[0].columns[16:]] == ["consult", "supervise"]
    assert (result.catalogue.consult_of(item), result.catalogue.supervise_of(item)) == ("12345", "0838-7654321")
    assert codes_at(result, "GW411") == codes_at(result, "GW412") == []
    out = tmp_path / "out"
    assert gwstd("import", path, "-o", out).code == 0
    (dept,) = yaml.safe_load((out / "catalog.yaml").read_text(encoding="utf-8"))["departments"].values()
    assert (dept["consult"], dept["supervise"]) == ("12345", "0838-7654321")


@pytest.mark.parametrize("consult,supervise", [
    ("咨询电话：0838-1234567 监督举报电话：0838-7654321", None), (None, "咨询：0838-1234567\n举报：0838-7654321"),
])
def test_both_phones_labelled_in_one_of_two_columns(gwstd, tmp_path, consult, supervise):
    path = workbook(tmp_path / "电话.xlsx", [row(1, "交易信息", "招标公告", None, Q=consult, R=supervise)])
    (item,), result = items_of(path)
    assert (result.catalogue.consult_of(item), result.catalogue.supervise_of(item)) == ("0838-1234567", "0838-7654321")
    out = tmp_path / "out"
    assert gwstd("import", path, "-o", out).code == 0
    (dept,) = yaml.safe_load((out / "catalog.yaml").read_text(encoding="utf-8"))["departments"].values()
    assert (dept["consult"], dept["supervise"]) == ("0838-1234567", "0838-7654321")


# --- 3. 其他 with a name -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,channels,others", [
    ("■政府网站\n■其他：县公共资源交易网", ["政府网站", "其他"], ["县公共资源交易网"]),
    ("■其他:县公共资源交易网", ["其他"], ["县公共资源交易网"]),
    ("■其他_县公共资源交易网", ["其他"], ["县公共资源交易网"]),
    ("■其他（县公共资源交易网）", ["其他"], ["县公共资源交易网"]),
    ("■其他(县公共资源交易网)", ["其他"], ["县公共资源交易网"]),
    ("■其他：县公共资源交易网、乡镇广播", ["其他"], ["县公共资源交易网", "乡镇广播"]),
    ("政府网站、其他：县公共资源交易网", ["政府网站", "其他"], ["县公共资源交易网"]),
    ("■政府网站 □其他", ["政府网站"], []),
    ("■政府网站\n□其他：县公共资源交易网", ["政府网站"], []),  # not ticked: not used
    ("■政府网站\n■其他", ["政府网站", "其他"], []),
])
def test_the_other_channel_keeps_its_name(gwstd, tmp_path, text, channels, others):
    path = workbook(tmp_path / "其他.xlsx", [row(1, "交易信息", "招标公告", None, I=text)])
    (item,), result = items_of(path)
    assert (item.channels, item.other_channels) == (channels, others)
    assert codes_at(result, "GW404") == []
    (data,), _ = imported_yaml(gwstd, path, tmp_path)
    assert (data["channels"], data.get("other_channels", [])) == (channels, others)


# --- 4. content elements -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,required,optional", [
    ("项目名称、招标人、招标代理机构", ["项目名称", "招标人", "招标代理机构"], []),
    ("项目名称；招标人;招标代理机构。", ["项目名称", "招标人", "招标代理机构"], []),
    ("项目名称\n招标人\n招标代理机构", ["项目名称", "招标人", "招标代理机构"], []),
    ("1.项目名称、地点；\n2.招标人。\n3、招标代理机构", ["项目名称、地点", "招标人", "招标代理机构"], []),
    ("1.项目名称2.招标人3.招标代理机构", ["项目名称", "招标人", "招标代理机构"], []),
    ("（1）项目名称，建设地点（2）招标人", ["项目名称，建设地点", "招标人"], []),
    ("①项目名称②招标人③招标代理机构。", ["项目名称", "招标人", "招标代理机构"], []),
    ("项目名称，建设地点、招标人", ["项目名称，建设地点", "招标人"], []),  # never at a comma
    ("●项目名称；\n●招标人。\n〇代理机构;", ["项目名称", "招标人"], ["代理机构"]),
    ("招标文件(含补遗、澄清)、投标人须知", ["招标文件(含补遗、澄清)", "投标人须知"], []),
])
def test_content_elements(gwstd, tmp_path, text, required, optional):
    path = workbook(tmp_path / "内容.xlsx", [row(1, "交易信息", "招标公告", None, E=text)])
    (item,), _ = items_of(path)
    assert (item.required, item.optional) == (required, optional)
    assert not any(re.search(r"[。；;、,，]$", e) for e in item.required + item.optional)
    (data,), _ = imported_yaml(gwstd, path, tmp_path)
    assert data["content"] == ({"required": required} | ({"optional": optional} if optional else {}))


# --- 5. header rows repeated inside the sheet -----------------------------------------------------------------


def repeated_headers(path: Path) -> Path:
    rows = [
        row(1, "交易信息", "招标公告", None),
        row(2, "交易信息", "中标结果", None),
        [TITLE],  # row 6: the next page's title
        HEAD, SUB,  # rows 7-8: its header, merged as at the top
        row(3, "交易信息", "合同公示", None),
        HEAD, SUB,  # rows 10-11: a header copied without its merges
        row(4, "交易信息", "履约信息", None),
        HEAD,  # row 13: the first header row alone
        row(5, "交易信息", "投诉处理", None),
    ]
    merges = tuple(re.sub(r"(\d+)", lambda m: str(int(m.group(1)) + 5), c) for c in HEAD_MERGES)
    return workbook(path, rows, ("A6:R6",) + merges)


def test_repeated_header_rows_are_not_items(gwstd, tmp_path):
    path = repeated_headers(tmp_path / "分页.xlsx")
    items, result = items_of(path)
    assert [i.name for i in items] == ["招标公告", "中标结果", "合同公示", "履约信息", "投诉处理"]
    assert [c.name for c in result.catalogue.domains[0].categories] == ["交易信息"]
    assert all(i.level == ["县级"] and i.audience == ["全社会"] for i in items)
    sheet = result.sheets[0]
    assert [(s.row, s.reason) for s in sheet.skipped] == [
        (6, "重复的标题行"), (7, "重复的表头行"), (8, "重复的表头行"), (10, "重复的表头行"), (11, "重复的表头行"),
        (13, "重复的表头行")]
    assert codes_at(result, "GW409") == ["7", "8", "10", "11", "13"]
    assert codes_at(result, "GW405") == []
    names, run = imported_yaml(gwstd, path, tmp_path)
    assert [i["name"] for i in names] == ["招标公告", "中标结果", "合同公示", "履约信息", "投诉处理"]
    assert "未导入的行:第 6 行(重复的标题行);第 7、8、10、11、13 行(重复的表头行)" in run.out


def test_a_two_level_sheet_with_its_header_on_every_page(gwstd, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "义务教育"
    head = ["序号", "公开事项", None, "公开内容", "公开依据", "公开主体", "公开渠道和载体"]
    sub = [None, "一级事项", "二级事项"]
    item = [1, "招生入学", "招生划片范围", "学校名称;划片范围", "《中华人民共和国义务教育法》", "某某县教育局", "政府网站"]
    for r in (head, sub, item, head, sub, [2] + item[1:2] + ["入学条件"] + item[3:]):
        ws.append(r)
    for cells in ("B1:C1", "B4:C4", "A1:A2", "A4:A5"):
        ws.merge_cells(cells)
    path = tmp_path / "两级.xlsx"
    wb.save(path)
    result = import_workbooks([path])
    assert [i.name for i in result.catalogue.items] == ["招生划片范围", "入学条件"]  # not 公开事项/公开事项
    assert [(s.row, s.reason) for s in result.sheets[0].skipped] == [(4, "重复的表头行"), (5, "重复的表头行")]
    out = tmp_path / "out"
    run = gwstd("import", path, "-o", out)
    assert run.code == 0 and "第 4、5 行(重复的表头行)" in run.out
    data = yaml.safe_load((out / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8"))
    assert [i["name"] for i in data["categories"][0]["items"]] == ["招生划片范围", "入学条件"]


# --- 6. a channel cell that is a sentence --------------------------------------------------------------------

SENTENCE = "政府公报、政府网站、新闻发布会、报刊、广播、电视或其他便于公众知晓的方式"


@pytest.mark.parametrize("text,channels", [
    (SENTENCE, ["政府网站", "政府公报", "发布会/听证会", "广播电视", "纸质媒体", "其他"]),
    ("通过政府网站、公示栏等方式公开", ["政府网站", "社区/企事业单位/村公示栏(电子屏)", "其他"]),
    ("在交易中心电子屏及网站上公示。", ["其他"]),  # no channel named for certain: only kept
])
def test_a_channel_sentence_is_kept_whole(gwstd, tmp_path, text, channels):
    path = workbook(tmp_path / "渠道.xlsx", [row(1, "交易信息", "招标公告", None, I=text)])
    (item,), result = items_of(path)
    assert (item.channels, item.other_channels) == (channels, [text])
    (warning,) = [d for d in result.diagnostics if d.code == "GW413"]
    assert warning.path == ("公共资源交易", "I4") and warning.severity.key == "warning"
    assert codes_at(result, "GW404") == []
    (data,), run = imported_yaml(gwstd, path, tmp_path)
    assert (data["channels"], data["other_channels"]) == (channels, [text])
    assert "GW413" in run.out and "I4" in run.out


# --- 7. a word instead of a tick ------------------------------------------------------------------------------


def test_words_in_tick_cells(gwstd, tmp_path):
    rows = [
        row(1, "交易信息", "招标公告", None, J="×", K="申请人", L="主动公开", M="无", N="√", O="-"),
        row(2, "交易信息", "中标结果", None, J="村民", K="否", L="是", M="部分", N="县级", O="/"),
        row(3, "交易信息", "合同公示", None, J=None, K="投标人、中标人", L="-", M="依申请公开", N="—", O="乡镇"),
    ]
    path = workbook(tmp_path / "勾选.xlsx", rows)
    first, second, third = items_of(path)[0]
    assert (first.audience, first.method, first.level, first.note) == (
        ["特定群体"], ["主动"], ["县级"], "公开对象:申请人")
    assert (second.audience, second.method, second.level, second.note) == (
        ["全社会"], ["主动", "依申请"], ["县级"], "公开对象:村民；公开方式·依申请:部分")
    assert (third.audience, third.method, third.level, third.note) == (
        ["特定群体"], ["依申请"], ["乡级"], "公开对象:投标人、中标人")
    _, result = items_of(path)
    assert codes_at(result, "GW414") == ["K4", "J5", "M5", "K6"]  # 主动公开, 县级, 乡镇 name their column
    items, run = imported_yaml(gwstd, path, tmp_path)
    assert [(i.get("audience"), i.get("method"), i.get("level"), i.get("note")) for i in items] == [
        (["特定群体"], ["主动"], ["县级"], "公开对象:申请人"),
        (["全社会"], ["主动", "依申请"], ["县级"], "公开对象:村民；公开方式·依申请:部分"),
        (["特定群体"], ["依申请"], ["乡级"], "公开对象:投标人、中标人")]
    assert "「申请人」写在勾选列「公开对象·特定群体」中,视为勾选" in run.out


def test_a_word_in_a_tick_cell_joins_the_note_the_sheet_has(gwstd, tmp_path):
    path = workbook(tmp_path / "备注.xlsx", [row(1, "交易信息", "招标公告", None, K="申请人") + ["需要登录查看"]],
                    ("S2:S3",), head=HEAD + ["备注"])
    (item,), _ = items_of(path)
    assert item.note == "需要登录查看；公开对象:申请人" and item.audience == ["全社会", "特定群体"]
    (data,), _ = imported_yaml(gwstd, path, tmp_path)
    assert data["note"] == "需要登录查看；公开对象:申请人"


# --- 8. formula cells ----------------------------------------------------------------------------------------


def formulas(path: Path, cached: bool) -> Path:
    rows = [row(1, "交易信息", "招标公告", None, G='="信息形成之日起"&20&"个工作日内"', P="=P5"),
            row("=A4+1", "交易信息", "中标结果", None)]  # a 序号 formula: never imported, so never said
    workbook(path, rows)
    if cached:  # as Excel saves it: the formula and its value
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        sheet = sheet.replace('<c r="G4"><f>', '<c r="G4" t="str"><f>').replace(
            '</f><v /></c><c r="H4"', '</f><v>信息形成之日起20个工作日内</v></c><c r="H4"')
        sheet = sheet.replace('<c r="P4"><f>P5</f><v /></c>', '<c r="P4" t="str"><f>P5</f><v>实时</v></c>')
        assert sheet.count("<v>") >= 2
        parts["xl/worksheets/sheet1.xml"] = sheet.encode()
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def test_formula_values_the_workbook_saved_are_read(gwstd, tmp_path):
    path = formulas(tmp_path / "公式.xlsx", cached=True)
    (first, _), result = items_of(path)
    assert (first.time_limit, first.update_cycle) == ("信息形成之日起20个工作日内", "实时")
    assert codes_at(result, "GW415") == []
    (data, _), run = imported_yaml(gwstd, path, tmp_path)
    assert (data["time_limit"], data["update_cycle"]) == ("信息形成之日起20个工作日内", "实时")
    assert "GW415" not in run.out


def test_formulas_without_a_saved_value_are_reported(gwstd, tmp_path):
    path = formulas(tmp_path / "公式.xlsx", cached=False)
    (first, second), result = items_of(path)
    assert (first.time_limit, first.update_cycle) == ("", "")  # nothing to read, and said so
    assert (second.time_limit, second.update_cycle) == ("信息形成之日起20个工作日内", "实时")
    assert codes_at(result, "GW415") == ["G4", "P4"]
    message = next(d.message for d in result.diagnostics if d.code == "GW415")
    assert "工作表「公共资源交易」G4 是公式" in message and "没有保存它的计算结果" in message
    out = tmp_path / "out"
    run = gwstd("import", path, "-o", out, "-f", "json")
    assert run.code == 0
    found = [(d["code"], d["path"], d["line"], d["column"]) for d in json.loads(run.out)["diagnostics"]]
    assert ("GW415", "公共资源交易.G4", 4, 7) in found and ("GW415", "公共资源交易.P4", 4, 16) in found


def test_error_values_are_reported_and_not_imported(gwstd, tmp_path):
    path = workbook(tmp_path / "错误值.xlsx", [row(1, "交易信息", "招标公告", None, F="#REF!", P="#N/A")])
    (item,), result = items_of(path)
    assert (item.basis, item.update_cycle) == ([], "")
    assert codes_at(result, "GW419") == ["F4", "P4"]
    (data,), run = imported_yaml(gwstd, path, tmp_path)
    assert "basis" not in data and "update_cycle" not in data
    assert "工作表「公共资源交易」F4 是错误值「#REF!」" in run.out


def test_a_plain_workbook_is_opened_once(tmp_path, monkeypatch):
    import openpyxl

    path = workbook(tmp_path / "普通.xlsx", [row(1, "交易信息", "招标公告", None)])
    calls = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(k) or real(*a, **k))
    assert import_workbooks([path]).catalogue is not None
    assert calls == [{"read_only": True, "data_only": True}]


# --- 9. all or nothing over several workbooks ------------------------------------------------------------------


def damaged(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<broken")
    return path


@pytest.mark.parametrize("order", ["good-first", "bad-first"])
def test_one_unreadable_workbook_imports_nothing(gwstd, tmp_path, order):
    good = workbook(tmp_path / "甲.xlsx", [row(1, "交易信息", "招标公告", None)])
    bad = damaged(tmp_path / "损坏的.xlsx")
    paths = [good, bad] if order == "good-first" else [bad, good]
    result = import_workbooks(paths)
    assert result.catalogue is None
    assert [(d.code, d.file) for d in result.diagnostics if d.code in ("GW401", "GW416")] == [
        ("GW401", str(bad)), ("GW416", str(bad))]
    out = tmp_path / "out"
    run = gwstd("import", *paths, "-o", out)
    assert run.code == 2 and not out.exists()
    assert "损坏的.xlsx" in run.out and "没有导入任何工作簿" in run.out and "已写入" not in run.out + run.err


def test_a_sheet_beyond_the_importer_is_said_not_raised(gwstd, tmp_path, monkeypatch):
    import gwstd.excel_import.read as read

    good = workbook(tmp_path / "甲.xlsx", [row(1, "交易信息", "招标公告", None)])

    def broken(ws, ctx):
        raise ValueError("unexpected")

    monkeypatch.setattr(read, "read_sheet", broken)
    out = tmp_path / "out"
    run = gwstd("import", good, "-o", out)
    assert run.code != 0 and not out.exists()
    assert "GW417" in run.out and "工作表「公共资源交易」无法读取(其中的内容超出了导入能处理的范围)" in run.out
    assert "ValueError" not in run.out  # said in Chinese, not by the exception's class


# --- mixed depth, from gwstd's own book back -------------------------------------------------------------------


def test_a_mixed_depth_book_imports_back_to_its_catalogue(gwstd, tmp_path):
    """gwstd's Excel book prints an item named at 二级 in a three-level sheet as one cell merged across 二级
    and 三级: read back, each item is where it was, in its order."""
    import casekit

    from gwstd.catalogue.model import domain_to_data
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    source = casekit.assemble("valid-mixed-depth", tmp_path)
    assert gwstd("build", source, "-o", tmp_path / "dist", "--only", "excel").code == 0
    (book,) = (tmp_path / "dist").glob("*.xlsx")
    run = gwstd("import", book, "-o", tmp_path / "back")
    assert run.code == 0, run.out
    assert "GW405" not in run.out and "GW410" not in run.out  # merged across: nothing to question

    def shape(folder):
        _, models = load_models([folder], ValidateOptions())
        return [[(c["name"], [(e["name"], [i["name"] for i in e.get("items", [])]) for e in
                  c.get("items", []) + c.get("subcategories", [])]) for c in domain_to_data(d)["categories"]]
                for d in models[0][1].domains]

    assert shape(tmp_path / "back") == shape(source)


def test_the_declared_dimension_is_not_trusted(tmp_path):
    """Read-only reading pads rows to the sheet's declared dimension; rows are as wide as the real cells."""
    path = workbook(tmp_path / "宽.xlsx", [row(1, "交易信息", "招标公告", None)])
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in files if n.startswith("xl/worksheets/sheet"))
    files[sheet] = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', files[sheet])
    assert b"XFD1048576" in files[sheet]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    from gwstd.excel_import.read import open_workbook

    (ws,) = open_workbook(path).worksheets
    assert len(ws.rows) == 4 and {len(r) for r in ws.rows} == {18}
    assert import_workbooks([path]).catalogue is not None


# --- found by a user trial ---------------------------------------------------------------------------------


def test_a_continued_block_renamed_only_where_it_starts_stays_one_block(tmp_path):
    """The book labels a 一级事项 cut by a page break "X（续）" on the next page; a clerk renames the cell they
    see. The （续） cell still says the old name: it goes on the block above, not a new 一级事项."""
    path = workbook(tmp_path / "续.xlsx", [row(1, "征地审查报批", "报批材料", None), row(2, None, "报批结果", None),
                                           row(3, "征地报批（续）", "批复文件", None),
                                           row(4, "征地实施", "征收公告", None)], merges=("B4:B5",))
    items, result = items_of(path)
    assert [c.name for c in result.catalogue.domains[0].categories] == ["征地审查报批", "征地实施"]
    assert [i.name for i in result.catalogue.domains[0].categories[0].items] == ["报批材料", "报批结果", "批复文件"]


def test_phones_and_persons_a_row_lacks_are_not_taken_from_other_rows(tmp_path):
    """A department's registry entry takes a phone (or person) only when every row of it shows one: a row with
    none must not print another row's number."""
    path = workbook(tmp_path / "电话.xlsx", [row(1, "交易信息", "招标公告", None),
                                             row(2, None, "中标结果", None, Q="12345", R=None),
                                             row(3, None, "合同公示", None, Q=None, R=None)], merges=("B4:B6",))
    items, result = items_of(path)
    catalogue = result.catalogue
    assert [(catalogue.consult_of(i), catalogue.supervise_of(i)) for i in items] == [
        ("0838-1234567", "0838-7654321"), ("12345", ""), ("", "")]


def test_same_as_above_takes_the_item_above_and_none_is_missing(gwstd, tmp_path):
    path = workbook(tmp_path / "同上.xlsx", [row(1, "交易信息", "招标公告", None, F="《中华人民共和国招标投标法》"),
                                             row(2, None, "中标结果", None, F="同上", G="同上。"),
                                             row(3, None, "合同公示", None, F="无")], merges=("B4:B6",))
    items, result = items_of(path)
    assert [[b.title for b in i.basis] for i in items] == [["中华人民共和国招标投标法"]] * 2 + [[]]
    assert items[1].time_limit == items[0].time_limit
    assert [d.message for d in result.diagnostics if d.code == "GW430"] == [
        "工作表「公共资源交易」F5、G5 写的是“同上”,已按上一个事项的内容导入"]
    written, run = imported_yaml(gwstd, path, tmp_path)
    assert "basis" not in written[2] and "GW430" in run.out


def test_a_person_on_the_line_after_its_label(tmp_path):
    path = workbook(tmp_path / "主体.xlsx", [row(1, "交易信息", "招标公告", None, H="某某县公共资源交易中心 责任人:\n王建国")])
    items, result = items_of(path)
    assert result.catalogue.person_of(items[0]) == "王建国"
    assert result.catalogue.department_of(items[0]).name == "某某县公共资源交易中心"


def test_a_heading_row_above_rows_with_their_own_category_is_said(tmp_path):
    """A merged heading row names the 一级事项 of the rows below it only when the sheet has no 一级事项 column;
    otherwise its text goes nowhere, and the report says so (a warning) instead of calling it the 一级事项."""
    path = workbook(tmp_path / "标题.xlsx", [["一、保障政策"] * 18, row(1, "政策文件", "申请条件", None)],
                    merges=("A4:R4",))
    items, result = items_of(path)
    assert [c.name for c in result.catalogue.domains[0].categories] == ["政策文件"]
    assert [(d.code, d.line) for d in result.diagnostics if d.code == "GW405"] == [("GW405", 4)]
    assert [s.reason for s in result.sheets[0].skipped] == ["小标题(表中有一级事项列,这一行没有导入)"]


def test_a_note_on_several_rows_is_skipped_as_notes(tmp_path):
    path = workbook(tmp_path / "注.xlsx", [row(1, "交易信息", "招标公告", None), ["注：1.●为必须公开要素。"] + [None] * 17,
                                           ["2.本目录由县公共资源交易中心负责解释。"] + [None] * 17])
    items, result = items_of(path)
    assert len(items) == 1 and not [d for d in result.diagnostics if d.code == "GW405"]
    assert [s.reason for s in result.sheets[0].skipped] == ["注释行", "注释行"]
