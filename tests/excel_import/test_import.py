"""Importing the Excel catalogues counties already have: the national layout and its real-world variants."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from gwstd.excel_import.assemble import import_workbooks

ROOT = Path(__file__).resolve().parents[2]


def variant_workbook(path: Path) -> Path:
    """A county's own workbook: title row, a blank row, two header rows with merged groups, merged 一级事项,
    县(区)级/乡镇级, 特定群众, 依申请公开, numbered content, several 《》 in one cell, bare channel names,
    ✓/是 marks, spacer and 注 rows, a second sheet with 三级事项 and a ■/□ checklist and no Sichuan columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = "义务教育"
    ws.append(["某某县义务教育领域基层政务公开标准目录"])
    ws.merge_cells("A1:R1")
    ws.append([])
    ws.append(["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
               "公开对象", None, "公开方式", None, "公开层级", None, "信息更新周期", "咨询电话", "监督举报电话", "经办人"])
    ws.append([None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开",
               "县（区）级", "乡镇级"])
    for cells in ("A3:A4", "B3:C3", "D3:D4", "E3:E4", "I3:J3", "K3:L3", "M3:N3"):
        ws.merge_cells(cells)
    ws.append([1, "招生入学", "招生划片范围", "1.学校名称;2.划片范围;3.招生计划",
               "1.《中华人民共和国义务教育法》第十二条\n2.《中华人民共和国政府信息公开条例》（国务院令第711号）",
               "信息形成或者变更之日起20个工作日内", "某某县教育局\n责任人：陈老师", "政府网站、两微一端、村公示栏",
               "✓", None, "是", None, "√", "√", "每年", "0838-1234567", "0838-7654321", "张三"])
    ws.append([])  # a spacer row inside the table
    ws.append([2, None, "随迁子女入学政策", "入学条件、报名程序、所需材料", "《国务院关于进一步完善城乡义务教育经费保障机制的通知》(国发[2015]67号)",
               "招生工作开始前公开", "某某县教育局", "政府网站\n政务服务中心\n乡镇广播站", None, "✓", "✓", None, "√", None,
               "随时", "0838-1234567", "0838-7654321"])
    ws.merge_cells("B5:B7")
    ws.append(["注：1.●为必须公开要素。2.本表由县政府办公室负责解释。"])
    ws2 = wb.create_sheet("公共资源交易")
    ws2.append(["某某县公共资源交易领域基层政务公开标准目录"])
    ws2.append(["序号", "公开事项", None, None, "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                "公开对象", None, "公开方式", None, "公开层级", None])
    ws2.append([None, "一级事项", "二级事项", "三级事项", None, None, None, None, None, "全社会", "特定群体", "主动",
                "依申请", "县级", "乡、村级"])
    ws2.append([1, "交易信息", "工程建设", "招标公告", "●项目名称\n●招标人\n〇代理机构", "《中华人民共和国招标投标法》",
                "招标公告发布时同步公开", "某某县公共资源交易中心",
                "■政府网站\n□政府公报\n□两微一端\n■其他(乡镇广播)", "●", None, "●", None, "●", "●"])
    ws2.append([2, None, None, "中标结果", "●中标人●中标金额", "《中华人民共和国招标投标法实施条例》（国务院令第613号）第五十四条",
                "公示期不少于3日", "某某县公共资源交易中心", "■政府网站", "●", None, "●", None, "●", None])
    ws2.merge_cells("B4:B5")
    ws2.merge_cells("C4:C5")
    wb.create_sheet("说明").append(["本工作簿收录两个领域。"])
    wb.save(path)
    return path


@pytest.fixture
def variant(tmp_path) -> Path:
    return variant_workbook(tmp_path / "某某县目录.xlsx")


def test_variant_workbook_reads_every_field(variant):
    result = import_workbooks([variant])
    catalogue = result.catalogue
    assert catalogue.region == "某某县"
    jy, gg = catalogue.domains
    assert (jy.name, jy.slug, gg.name, gg.slug) == ("义务教育", "yiwu-jiaoyu", "公共资源交易", "ggzy-jiaoyi")
    first, second = jy.items
    assert [c.name for c in jy.categories] == ["招生入学"] and len(jy.categories[0].items) == 2  # merged 一级事项
    assert first.name == "招生划片范围" and first.required == ["学校名称", "划片范围", "招生计划"]
    assert [(b.title, b.number, b.article) for b in first.basis] == [
        ("中华人民共和国义务教育法", "", "第十二条"), ("中华人民共和国政府信息公开条例", "国务院令第711号", "")]
    assert first.channels == ["政府网站", "两微一端", "社区/企事业单位/村公示栏(电子屏)"]
    assert (first.audience, first.method, first.level) == (["全社会"], ["主动"], ["县级", "乡级"])
    assert first.update_cycle == "每年"
    dept = catalogue.departments[first.department]
    assert (dept.name, dept.person, dept.consult, dept.supervise) == ("某某县教育局", "", "0838-1234567", "0838-7654321")
    # the person only the first row names is that item's own: the second, whose row names none, prints none
    assert (catalogue.person_of(first), catalogue.person_of(second)) == ("陈老师", "")
    assert second.required == ["入学条件", "报名程序", "所需材料"]
    assert second.basis[0].number == "国发[2015]67号"  # kept as written: validate suggests 〔〕
    assert second.audience == ["特定群体"] and second.method == ["主动"] and second.update_cycle == "动态更新"
    assert second.channels == ["政府网站", "政务服务中心", "其他"] and second.other_channels == ["乡镇广播站"]
    bid, award = gg.items
    assert gg.three_levels and gg.categories[0].subcategories[0].name == "工程建设"
    assert (bid.name, bid.required, bid.optional) == ("招标公告", ["项目名称", "招标人"], ["代理机构"])
    assert bid.channels == ["政府网站", "其他"] and bid.other_channels == ["乡镇广播"]
    assert bid.level == ["县级", "乡级", "村级"] and award.level == ["县级"]
    assert award.required == ["中标人", "中标金额"] and award.basis[0].article == "第五十四条"
    assert bid.update_cycle == "" and not bid.consult  # missing in the source: left missing
    codes = sorted((d.code, d.path[0], d.line) for d in result.diagnostics)
    assert ("GW403", "义务教育", 3) in codes  # 经办人: an unknown column
    assert ("GW404", "义务教育", 7) in codes  # 乡镇广播站 is not one of the 13 channels
    assert ("GW402", "说明", 1) in codes
    mapping = {c.header: c.label for c in result.sheets[0].columns}
    assert mapping["公开对象/特定群众"] == "公开对象·特定群体" and mapping["公开层级/乡镇级"] == "公开层级·乡级"


def test_import_cli_writes_yaml_that_validate_reads(gwstd, variant, tmp_path):
    out = tmp_path / "catalog"
    run = gwstd("import", variant, "-o", out)
    assert run.code == 0
    assert "工作表「义务教育」→ 领域「义务教育」:表头在第 3 行" in run.out
    assert "H 列「公开渠道和载体」→ 公开渠道和载体" in run.out
    assert "GW404" in run.out and "已写入" in run.out
    assert sorted(p.name for p in out.iterdir()) == ["catalog.yaml", "ggzy-jiaoyi.yaml", "yiwu-jiaoyu.yaml"]
    data = yaml.safe_load((out / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8"))
    assert data["categories"][0]["items"][0]["name"] == "招生划片范围"
    report = json.loads(gwstd("validate", out, "-f", "json").out)
    found = {(d["code"], Path(d["file"]).name) for d in report["diagnostics"]}
    # the gaps of the source, each with its line: no office/edition/date, no hotlines or cycle in 公共资源交易
    assert ("GW101", "catalog.yaml") in found and ("GW101", "ggzy-jiaoyi.yaml") in found
    assert ("GW205", "yiwu-jiaoyu.yaml") in found  # 国发[2015]67号
    missing = [d for d in report["diagnostics"] if d["code"] == "GW101" and "ggzy" in d["file"]]
    assert all(d["line"] > 0 for d in missing) and any("信息更新周期" in d["message"] for d in missing)


def test_import_does_not_overwrite(gwstd, variant, tmp_path):
    out = tmp_path / "catalog"
    out.mkdir()
    (out / "catalog.yaml").write_text("region: 原有\n", encoding="utf-8")
    run = gwstd("import", variant, "-o", out)
    assert run.code == 2 and "GW407" in run.out
    assert (out / "catalog.yaml").read_text(encoding="utf-8") == "region: 原有\n"
    assert gwstd("import", variant, "-o", out, "--force").code == 0
    assert "某某县" in (out / "catalog.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("content,fragment", [
    (b"just some text, not a workbook", "不是 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "加密"),
])
def test_files_that_are_not_workbooks(gwstd, tmp_path, content, fragment):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(content)
    run = gwstd("import", path, "-o", tmp_path / "out")
    assert run.code == 2 and "GW401" in run.out and fragment in run.out
    assert not (tmp_path / "out").exists()


def test_damaged_workbook(gwstd, tmp_path):
    path = tmp_path / "坏的.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<broken")
    run = gwstd("import", path, "-o", tmp_path / "out")
    assert run.code == 2 and "已损坏" in run.out


def test_missing_file(gwstd, tmp_path):
    run = gwstd("import", tmp_path / "nope.xlsx", "-o", tmp_path / "out")
    assert run.code == 2 and "文件不存在" in run.out


def test_workbook_without_a_catalogue(gwstd, tmp_path):
    path = tmp_path / "空.xlsx"
    Workbook().save(path)
    run = gwstd("import", path, "-o", tmp_path / "out")
    assert run.code == 1 and "GW408" in run.out


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_round_trip_build_then_import_gives_the_catalogue_back(gwstd, tmp_path):
    from gwstd.catalogue.model import catalogue_to_data, domain_to_data
    from gwstd.editions.read import load_models
    from gwstd.validate.pipeline import ValidateOptions

    assert gwstd("build", ROOT / "catalog", "-o", tmp_path / "dist").code == 0
    assert gwstd("import", tmp_path / "dist" / "示例县政务公开标准目录.xlsx", "-o", tmp_path / "back").code == 0

    def model(folder):
        _, models = load_models([folder], ValidateOptions())
        c = models[0][1]
        return catalogue_to_data(c), [(d.slug, domain_to_data(d)) for d in c.domains]

    assert model(tmp_path / "back") == model(ROOT / "catalog")
    assert gwstd("validate", tmp_path / "back", "--strict").code == 0


def test_round_trip_import_build_import_gives_the_same_yaml(gwstd, variant, tmp_path):
    assert gwstd("import", variant, "-o", tmp_path / "a").code == 0
    assert gwstd("build", tmp_path / "a", "-o", tmp_path / "dist", "--force").code == 0
    book = next((tmp_path / "dist").glob("*.xlsx"))
    assert gwstd("import", book, "-o", tmp_path / "b").code == 0
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_a_workbook_cut_short_is_damaged_not_foreign(gwstd, tmp_path, variant):
    data = variant.read_bytes()
    path = tmp_path / "不完整.xlsx"
    path.write_bytes(data[: len(data) // 2])
    run = gwstd("import", path, "-o", tmp_path / "out")
    assert run.code == 2 and "文件不完整" in run.out and "不是 Excel" not in run.out


def test_a_department_typed_into_the_registrys_blank_row_ends_at_the_next_table():
    """The 目录说明 sheet's registry ends at the next table's header even when the blank row after it was filled."""
    from gwstd.excel_import.read import SheetValues, read_summary

    rows = [("地区", "某县"), (), ("部门编号", "部门名称", "责任人"), ("jiaoyu", "某县教育局", "陈"),
            ("tongji", "某县统计局", "孙"), ("领域", "事项数", "一级事项数"), ("义务教育", 21, 4)]
    meta, departments, _, registry_rows = read_summary(SheetValues("目录说明", rows, []))
    assert [d.id for d in departments] == ["jiaoyu", "tongji"]
    assert registry_rows == [(4, "jiaoyu", "某县教育局"), (5, "tongji", "某县统计局")]
