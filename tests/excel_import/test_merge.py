"""Merging an edited book back into its YAML catalogue (gwstd import --into): the precise text patch it is
made of (catalogue/yaml_patch.py), then the merge through the CLI on a copy of the bundled catalogue under
git, where ``git diff`` must show exactly the edited fields, and the real office-suite round trip."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from gwstd.catalogue.yaml_patch import (
    FIRST,
    Edit,
    PatchError,
    apply,
    delete,
    edits_between,
    insert,
    replace,
)

ROOT = Path(__file__).resolve().parents[2]

# --- yaml_patch: text in, text out ----------------------------------------------------------------------

TEXT = """\
# yaml-language-server: $schema=../schemas/domain.schema.json
domain: 义务教育   # 领域
description: "带引号的说明"
categories:
  - name: 招生
    items:
      - id: jy-zs-001
        name: 招生计划
        channels: [政府网站, 两微一端]
        level:
          - 县级
          - 乡级  # 两级

      # 第二个事项
      - id: jy-zs-002
        name: 划片范围
        subject:
          department: jiaoyu
"""


def test_replace_a_plain_scalar_keeps_the_comment_after_it():
    out = replace(TEXT, ["domain"], "教育")
    assert out == TEXT.replace("domain: 义务教育   # 领域", "domain: 教育   # 领域")


def test_replace_a_quoted_scalar_writes_the_house_style():
    out = replace(TEXT, ["description"], "新的说明")
    assert out == TEXT.replace('description: "带引号的说明"', "description: 新的说明")
    out = replace(TEXT, ["description"], "a: b")  # YAML would not read it back plain
    assert yaml.safe_load(out)["description"] == "a: b" and 'description: "a: b"' in out


def test_replace_a_flow_list():
    out = replace(TEXT, ["categories", 0, "items", 0, "channels"], ["政府网站"])
    assert out == TEXT.replace("channels: [政府网站, 两微一端]", "channels: [政府网站]")


def test_replace_a_block_list_trims_its_trailing_blank_lines_and_comments():
    out = replace(TEXT, ["categories", 0, "items", 0, "level"], ["县级"])
    assert out == TEXT.replace("level:\n          - 县级\n          - 乡级  # 两级\n",
                               "level: [县级]  # 两级\n")
    assert "\n\n      # 第二个事项\n" in out


def test_replace_a_mapping_and_a_list_element():
    out = replace(TEXT, ["categories", 0, "items", 1, "subject"], {"department": "zfb", "person": "李华"})
    assert out == TEXT.replace("department: jiaoyu\n", "department: zfb\n          person: 李华\n")
    out = replace(TEXT, ["categories", 0, "items", 0, "level", 1], "村级")
    assert out == TEXT.replace("- 乡级  # 两级", "- 村级  # 两级")


def test_add_a_key_after_another_first_or_at_the_end():
    item = ["categories", 0, "items", 1]
    out = replace(TEXT, item + ["url"], "https://x.example/", after="name")
    assert out == TEXT.replace("name: 划片范围\n", "name: 划片范围\n        url: https://x.example/\n")
    out = replace(TEXT, item + ["note"], "备注")
    assert out == TEXT + "        note: 备注\n"
    out = replace(TEXT, item + ["aa"], 1, after=FIRST)
    assert "      - aa: 1\n        id: jy-zs-002\n" in out and yaml.safe_load(out)["categories"][0]["items"][1]["aa"] == 1


def test_insert_a_list_element_goes_before_the_comment_above_the_next_one():
    new = {"id": "jy-zs-003", "name": "新事项", "level": ["县级"]}
    out = insert(TEXT, ["categories", 0, "items"], 1, new)
    assert out == TEXT.replace("      # 第二个事项\n",
                               "      - id: jy-zs-003\n        name: 新事项\n        level: [县级]\n"
                               "      # 第二个事项\n")
    out = insert(TEXT, ["categories", 0, "items"], 2, new)
    assert out.endswith("department: jiaoyu\n      - id: jy-zs-003\n        name: 新事项\n        level: [县级]\n")
    out = insert(TEXT, ["categories", 0, "items", 0, "channels"], 2, "政务服务中心")
    assert "channels: [政府网站, 两微一端, 政务服务中心]" in out


def test_delete_a_list_element_a_key_and_the_first_key_after_a_dash():
    out = delete(TEXT, ["categories", 0, "items", 1])
    assert out == TEXT[:TEXT.index("      - id: jy-zs-002")]
    out = delete(TEXT, ["categories", 0, "items", 0, "level"])
    assert out == TEXT.replace("        level:\n          - 县级\n          - 乡级  # 两级\n", "")
    out = delete(TEXT, ["categories", 0, "items", 1, "id"])
    assert "      - name: 划片范围\n        subject:" in out
    out = delete(TEXT, ["categories", 0, "items", 0, "channels", 0])
    assert "channels: [两微一端]" in out


def test_several_edits_at_once_use_the_original_paths():
    edits = [Edit("delete", ("categories", 0, "items", 0)),
             Edit("insert", ("categories", 0, "items"), {"id": "x-1", "name": "甲"}, index=2),
             Edit("replace", ("categories", 0, "items", 1, "name"), "划片")]
    data = yaml.safe_load(apply(TEXT, edits))
    assert [i["id"] for i in data["categories"][0]["items"]] == ["jy-zs-002", "x-1"]
    assert data["categories"][0]["items"][0]["name"] == "划片"
    with pytest.raises(PatchError):
        apply(TEXT, [Edit("delete", ("categories", 0, "items", 0)),
                     Edit("replace", ("categories", 0, "items", 0, "name"), "x")])


def test_crlf_and_bom_are_kept():
    text = "\ufeff" + TEXT.replace("\n", "\r\n")
    out = replace(text, ["categories", 0, "items", 1, "subject"], {"department": "zfb", "person": "李华"})
    out = insert(out, ["categories", 0, "items"], 0, {"id": "a", "name": "b"})
    assert out.startswith("\ufeff#") and "\n" not in out.replace("\r\n", "")
    assert yaml.safe_load(out.lstrip("\ufeff"))["categories"][0]["items"][2]["subject"]["person"] == "李华"


def test_unchanged_text_stays_byte_for_byte():
    assert apply(TEXT, []) is TEXT
    assert replace(TEXT, ["domain"], "义务教育") == TEXT
    bundled = (ROOT / "catalog" / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(bundled)
    assert apply(bundled, edits_between(data, data)) == bundled


def test_edits_between_two_versions_of_the_data():
    old = yaml.safe_load(TEXT)
    new = json.loads(json.dumps(old))
    item = new["categories"][0]["items"][1]
    item["name"] = "新名称"
    item["subject"]["person"] = "李华"
    new["categories"][0]["items"][1] = {"id": item["id"], "name": item["name"], "url": "u", **{
        k: v for k, v in item.items() if k not in ("id", "name")}}
    del new["description"]
    out = apply(TEXT, edits_between(old, new))
    assert yaml.safe_load(out) == new
    assert "# 第二个事项" in out and "domain: 义务教育   # 领域" in out


def test_a_path_that_is_not_there():
    with pytest.raises(PatchError):
        replace(TEXT, ["categories", 5, "name"], "x")
    with pytest.raises(PatchError):
        delete(TEXT, ["nothing"])


# --- the merge, through the CLI, on a copy of the bundled catalogue under git -----------------------------


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


@pytest.fixture(scope="module")
def built_book(tmp_path_factory) -> Path:
    """The bundled catalogue's workbook, built once for the module."""
    from gwstd.cli.app import main

    out = tmp_path_factory.mktemp("book")
    assert main(["build", str(ROOT / "catalog"), "-o", str(out), "--only", "excel"]) == 0
    (book,) = out.glob("*.xlsx")
    return book


@pytest.fixture
def repo(tmp_path, built_book) -> Path:
    """A git repository holding a copy of the bundled catalogue (committed) and its workbook (目录.xlsx)."""
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    shutil.copyfile(built_book, tmp_path / "目录.xlsx")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "catalog")
    git(tmp_path, "commit", "-qm", "catalogue")
    return tmp_path


def clean(text: object) -> str:
    return str(text or "").replace("\u200b", "").replace("\n", "")


class Book:
    """The workbook opened with openpyxl, its cells found by sheet, 事项编号 and column header."""

    def __init__(self, path: Path):
        from openpyxl import load_workbook

        self.path = path
        self.wb = load_workbook(path)

    def columns(self, sheet: str) -> dict[str, int]:
        ws = self.wb[sheet]
        return {clean(ws.cell(r, c).value): c for r in (2, 3) for c in range(1, ws.max_column + 1)
                if ws.cell(r, c).value}

    def row_of(self, sheet: str, item_id: str) -> int:
        ws, column = self.wb[sheet], self.columns(sheet)["事项编号"]
        return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, column).value == item_id)

    def set(self, sheet: str, item_id: str, header: str, value: object) -> None:
        self.wb[sheet].cell(self.row_of(sheet, item_id), self.columns(sheet)[header]).value = value

    def unmerge(self, sheet: str) -> None:
        """The data rows' merged cells split, each cell holding the value (as staff do before moving rows)."""
        ws = self.wb[sheet]
        for merged in [m for m in ws.merged_cells.ranges if m.min_row > 3]:
            value = ws.cell(merged.min_row, merged.min_col).value
            ws.unmerge_cells(str(merged))
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    ws.cell(r, c).value = value

    def delete(self, sheet: str, item_id: str) -> None:
        self.unmerge(sheet)
        self.wb[sheet].delete_rows(self.row_of(sheet, item_id))

    def copy_after(self, sheet: str, item_id: str, **values: object) -> int:
        """A new row after the row of ``item_id``, a copy of it with ``values`` (header → value) and no id."""
        self.unmerge(sheet)
        ws = self.wb[sheet]
        row = self.row_of(sheet, item_id)
        ws.insert_rows(row + 1)
        for c in range(1, ws.max_column + 1):
            ws.cell(row + 1, c).value = ws.cell(row, c).value
        columns = self.columns(sheet)
        ws.cell(row + 1, columns["事项编号"]).value = None
        for header, value in values.items():
            ws.cell(row + 1, columns[header]).value = value
        return row + 1

    def save(self) -> Path:
        self.wb.save(self.path)
        return self.path


def changed_lines(repo: Path) -> list[str]:
    """The lines git diff shows removed and added, file by file."""
    out = git(repo, "diff", "-U0", "--no-color")
    return [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_an_unedited_book_changes_nothing(gwstd, repo):
    before = snapshot(repo / "catalog")
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert "没有差别" in run.out and "没有需要合并的修改" in run.err
    assert snapshot(repo / "catalog") == before  # not even rewritten


def test_the_edited_fields_and_nothing_else(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.set("义务教育", "jy-gk-002", "二级事项", "学校领导班子")
    book.set("义务教育", "jy-gk-001", "公开时限", "信息形成之日起10个工作日内")
    book.set("义务教育", "jy-gk-001", "公开主体", "示例县教育局\n责任人:李华")
    book.set("征地补偿", "zd-fg-001", "咨询电话", "0838-6209999")
    book.set("征地补偿", "zd-fg-002", "信息更新周期", "每月")
    book.save()
    before = snapshot(repo / "catalog")
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert "修改 4 项" in run.out and "已写入" in run.err
    assert changed_lines(repo) == [
        "-        time_limit: 信息形成或者变更之日起20个工作日内",
        "+        time_limit: 信息形成之日起10个工作日内",
        "+          person: 李华",
        "-        name: 校级领导班子介绍",
        "+        name: 学校领导班子",
        "+        hotlines:",
        "+          consult: 0838-6209999",
        "-        update_cycle: 动态更新",
        "+        update_cycle: 每月",
    ]
    after = snapshot(repo / "catalog")
    assert [n for n in before if before[n] != after[n]] == ["yiwu-jiaoyu.yaml", "zhengdi-buchang.yaml"]
    assert gwstd("validate", repo / "catalog").code == 0


@pytest.mark.slow
def test_a_person_equal_to_the_departments_is_no_override(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.set("义务教育", "jy-gk-001", "公开主体", "示例县人民政府办公室\n责任人:李明")  # zfb and its own person
    book.set("义务教育", "jy-gk-001", "咨询电话", "0838-6200001")
    book.set("义务教育", "jy-gk-001", "监督举报电话", "0838-6200002、12345")
    book.save()
    assert gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog").code == 0
    assert changed_lines(repo) == ["-          department: jiaoyu", "+          department: zfb"]


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_new_row_gets_the_next_id_of_its_category_at_its_place(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.copy_after("义务教育", "jy-zs-001", **{"二级事项": "招生咨询方式", "公开时限": "招生开始前"})
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert "新增 1 项" in run.out
    lines = changed_lines(repo)
    assert all(line.startswith("+") for line in lines)
    assert "+      - id: jy-zs-005" in lines and "+        name: 招生咨询方式" in lines  # git may align the copy
    data = yaml.safe_load((repo / "catalog" / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8"))
    ids = [i["id"] for c in data["categories"] for i in c.get("items", [])]
    assert ids[ids.index("jy-zs-001") + 1] == "jy-zs-005"
    new = next(i for c in data["categories"] for i in c.get("items", []) if i["id"] == "jy-zs-005")
    assert new["time_limit"] == "招生开始前" and new["subject"] == {"department": "jiaoyu"}
    assert gwstd("validate", repo / "catalog").code == 0


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_deleted_row_is_reported_and_removed_only_with_delete(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.delete("义务教育", "jy-zs-002")
    book.save()
    before = snapshot(repo / "catalog")
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0
    assert "GW425" in run.err and "jy-zs-002" in run.err and "--delete" in run.err
    assert snapshot(repo / "catalog") == before
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog", "--delete")
    assert run.code == 0, run.err
    assert "删除 1 项" in run.out
    lines = changed_lines(repo)
    assert lines[0] == "-      - id: jy-zs-002" and all(line.startswith("-") for line in lines)
    assert "jy-zs-002" not in (repo / "catalog" / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8")


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_row_whose_category_changed_moves_within_its_file(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.unmerge("义务教育")
    book.set("义务教育", "jy-gk-003", "一级事项", "招生入学")
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert "移动 1 项" in run.out
    data = yaml.safe_load((repo / "catalog" / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8"))
    names = {c["name"]: [i["id"] for i in c["items"]] for c in data["categories"]}
    assert "jy-gk-003" not in names["学校概况"] and "jy-gk-003" in names["招生入学"]
    assert git(repo, "diff", "--stat").count("|") == 1


@pytest.mark.slow
def test_a_renamed_category_is_one_edit(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.unmerge("义务教育")
    for item_id in ("jy-gk-001", "jy-gk-002", "jy-gk-003", "jy-gk-004"):
        book.set("义务教育", item_id, "一级事项", "学校基本情况")
    book.save()
    assert gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog").code == 0
    assert changed_lines(repo) == ["-  - name: 学校概况", "+  - name: 学校基本情况"]


def test_dry_run_shows_the_change_and_writes_nothing(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.set("义务教育", "jy-gk-002", "二级事项", "学校领导班子")
    book.save()
    before = snapshot(repo / "catalog")
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog", "--dry-run")
    assert run.code == 0
    assert "学校领导班子" in run.out and "修改 1 项" in run.out and "没有写入" in run.err
    assert snapshot(repo / "catalog") == before
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog", "--dry-run", "-f", "json")
    changes = json.loads(run.out)["changes"]
    assert changes["counts"]["changed"] == 1 and changes["items"][0]["id"] == "jy-gk-002"


def _conflict(gwstd, repo: Path, code: str, *, sheet: str, row: int) -> str:
    before = snapshot(repo / "catalog")
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 1, run.err
    assert code in run.err and f"工作表「{sheet}」第 {row} 行" in run.err, run.err
    assert "没有写入" in run.err
    assert snapshot(repo / "catalog") == before
    return run.err


def test_conflict_an_id_twice(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    row = book.row_of("义务教育", "jy-gk-002")
    book.set("义务教育", "jy-gk-002", "二级事项", "改了名")  # an edit elsewhere is not written either
    book.set("义务教育", "jy-gk-002", "事项编号", "jy-gk-001")
    book.save()
    _conflict(gwstd, repo, "GW420", sheet="义务教育", row=row)


@pytest.mark.slow
def test_conflict_an_id_from_another_domain(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    row = book.copy_after("义务教育", "jy-gk-001")
    book.wb["义务教育"].cell(row, book.columns("义务教育")["事项编号"]).value = "zd-fg-099"
    book.save()
    _conflict(gwstd, repo, "GW421", sheet="义务教育", row=row)


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_conflict_a_row_moved_to_another_domains_sheet(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.delete("征地补偿", "zd-fg-001")
    row = book.row_of("义务教育", "jy-gk-001")
    book.set("义务教育", "jy-gk-001", "事项编号", "zd-fg-001")
    book.save()
    err = _conflict(gwstd, repo, "GW422", sheet="义务教育", row=row)
    assert "征地补偿" in err


@pytest.mark.slow  # builds or waits out a timeout: kept out of the quick loop
def test_conflict_a_department_that_does_not_exist(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    row = book.row_of("义务教育", "jy-gk-003")
    book.set("义务教育", "jy-gk-003", "公开主体", "示例县不存在局")
    book.save()
    err = _conflict(gwstd, repo, "GW423", sheet="义务教育", row=row)
    assert "示例县不存在局" in err


@pytest.mark.slow
def test_conflict_a_sheet_without_ids(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    ws = book.wb["义务教育"]
    ws.delete_cols(book.columns("义务教育")["事项编号"])
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 1 and "GW427" in run.err and "义务教育" in run.err
    assert git(repo, "status", "--porcelain", "catalog") == ""


@pytest.mark.parametrize("case", ["missing", "not-a-workbook", "no-catalog", "no-folder"])
def test_bad_input_is_a_message_naming_the_file(gwstd, repo, case):
    book, folder = repo / "目录.xlsx", repo / "catalog"
    if case == "missing":
        book = repo / "没有这个.xlsx"
    elif case == "not-a-workbook":
        book = repo / "catalog" / "catalog.yaml"
    elif case == "no-catalog":
        folder = repo / "空文件夹"
        folder.mkdir()
    else:
        folder = repo / "没有这个文件夹"
    run = gwstd("import", book, "--into", folder)
    assert run.code == 2, (run.out, run.err)
    named = book if case in ("missing", "not-a-workbook") else folder
    assert str(named) in run.err and any("\u4e00" <= ch <= "\u9fff" for ch in run.err)
    assert git(repo, "status", "--porcelain", "catalog") == ""


def test_delete_and_dry_run_need_into(gwstd, repo):
    run = gwstd("import", repo / "目录.xlsx", "--dry-run")
    assert run.code == 2 and "--into" in run.err


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_the_registry_and_facts_of_the_summary_sheet_are_merged_into_catalog_yaml(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    ws = book.wb["目录说明"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 8).value == "jiaoyu")
    header = next(r for r in range(row, 0, -1) if ws.cell(r, 8).value == "部门编号")
    person = next(c for c in range(1, 8) if ws.cell(header, c).value == "责任人")
    ws.cell(row, person).value = "李华"
    edition = next(r for r in range(1, 12) if ws.cell(r, 1).value == "版本")
    ws.cell(edition, 2).value = "2025年版"
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    # the items still show the old person: they follow the registry, no override is written
    assert changed_lines(repo) == ["-edition: 2024年版", "+edition: 2025年版", "-    person: 陈晓燕", "+    person: 李华"]
    assert "部门" in run.out and "李华" in run.out


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_content_and_channels_edited(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.set("义务教育", "jy-gk-001", "公开内容(要素)", "●学校名称\n●办学地址\n●办学性质\n●办学规模\n●联系电话\n●招生范围\n〇学校简介")
    book.set("义务教育", "jy-gk-001", "公开渠道和载体", "■政府网站 ■公开查阅点 ■政务服务中心")
    book.set("义务教育", "jy-gk-001", "备注", "新备注")
    book.save()
    assert gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog").code == 0
    assert changed_lines(repo) == [
        "-          required: [学校名称, 办学地址, 办学性质, 办学规模, 联系电话]",
        "+          required: [学校名称, 办学地址, 办学性质, 办学规模, 联系电话, 招生范围]",
        "-        channels: [政府网站, 两微一端, 公开查阅点]",
        "+        channels: [政府网站, 公开查阅点, 政务服务中心]",
        "+        note: 新备注",
    ]


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_crlf_file_keeps_its_line_endings(gwstd, repo):
    path = repo / "catalog" / "yiwu-jiaoyu.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    book = Book(repo / "目录.xlsx")
    book.set("义务教育", "jy-gk-002", "二级事项", "学校领导班子")
    book.copy_after("义务教育", "jy-zs-004")
    book.save()
    assert gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog").code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert "name: 学校领导班子\r\n" in raw.decode("utf-8") and "id: jy-zs-005\r\n" in raw.decode("utf-8")


@pytest.mark.slow
def test_the_office_suite_round_trip(gwstd, repo, tmp_path):
    """The book as Excel or WPS leave it: cells changed, then the whole workbook re-saved by LibreOffice."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    book = Book(repo / "目录.xlsx")
    book.set("义务教育", "jy-gk-002", "二级事项", "学校领导班子")
    book.set("义务教育", "jy-gk-001", "公开渠道和载体", "■政府网站 □两微一端 ■公开查阅点 ■政务服务中心")
    book.set("征地补偿", "zd-fg-002", "信息更新周期", "每月")
    book.set("征地补偿", "zd-fg-001", "咨询电话", "0838-6209999")
    book.save()
    out = tmp_path / "resaved"
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(repo / "目录.xlsx")],
                   check=True, capture_output=True, timeout=180)
    run = gwstd("import", out / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert changed_lines(repo) == [
        "-        channels: [政府网站, 两微一端, 公开查阅点]",
        "+        channels: [政府网站, 公开查阅点, 政务服务中心]",
        "-        name: 校级领导班子介绍",
        "+        name: 学校领导班子",
        "+        hotlines:",
        "+          consult: 0838-6209999",
        "-        update_cycle: 动态更新",
        "+        update_cycle: 每月",
    ]


def _item_text(item_id: str, name: str, indent: int) -> str:
    p = " " * indent
    return (f"{p}- id: {item_id}\n{p}  name: {name}\n{p}  content:\n{p}    required: [名单]\n{p}  basis:\n"
            f"{p}    - title: 中华人民共和国义务教育法\n{p}  time_limit: 信息形成或者变更之日起20个工作日内\n"
            f"{p}  update_cycle: 每年\n{p}  subject:\n{p}    department: jiaoyu\n{p}  channels: [政府网站]\n"
            f"{p}  audience: [全社会]\n{p}  method: [主动]\n{p}  level: [县级]\n")


def _education_file(tmp_path: Path, rest: str) -> Path:
    """A catalogue folder (the bundled catalog.yaml) whose one domain file opens with 招生入学: an item named at
    二级, then the 二级事项 招生政策 with two 三级事项, then ``rest``; the domain file's path."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copyfile(ROOT / "catalog" / "catalog.yaml", folder / "catalog.yaml")
    path = folder / "yiwu-jiaoyu.yaml"
    path.write_text(
        "domain: 义务教育\ncategories:\n  - name: 招生入学\n    items:\n" + _item_text("jy-zs-001", "招生计划", 6)
        + "      - name: 招生政策\n        items:\n" + _item_text("jy-zc-001", "划片范围", 10)
        + _item_text("jy-zc-002", "随迁子女", 10) + rest, encoding="utf-8")
    return path


def test_a_new_item_named_at_the_second_level_after_a_group_goes_after_it(gwstd, tmp_path):
    """A row named at 二级 below a 二级事项's rows is an entry after that 二级事项, not before it (found by a user
    trial: it went after the last item named at 二级 above instead)."""
    path = _education_file(tmp_path, _item_text("jy-zs-002", "招生结果", 6))
    folder = path.parent
    assert gwstd("build", folder, "-o", tmp_path, "--only", "excel").code == 0
    (built,) = tmp_path.glob("*.xlsx")
    book = Book(built)
    book.copy_after("义务教育", "jy-zc-002", **{"二级事项": "招生须知", "三级事项": None})
    book.save()
    run = gwstd("import", built, "--into", folder)
    assert run.code == 0, run.err
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.get("id") or e["name"] for e in data["categories"][0]["items"]] == [
        "jy-zs-001", "招生政策", "jy-zs-003", "jy-zs-002"]
    assert data["categories"][0]["items"][2]["name"] == "招生须知"


def test_three_levels_and_mixed_depth(gwstd, tmp_path):
    """A 一级事项 of items and 二级事项 side by side (items form), one of 二级事项 only (subcategories form)."""
    path = _education_file(tmp_path, "  - name: 学生资助\n    subcategories:\n      - name: 资助政策\n        items:\n"
                           + _item_text("jy-zz-001", "资助标准", 10) + "      - name: 资助结果\n        items:\n"
                           + _item_text("jy-zz-002", "受助名单", 10) + _item_text("jy-zz-003", "资金发放", 10))
    folder = path.parent
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "catalog")
    git(tmp_path, "commit", "-qm", "catalogue")
    assert gwstd("build", folder, "-o", tmp_path, "--only", "excel").code == 0
    (built,) = tmp_path.glob("*.xlsx")
    run = gwstd("import", built, "--into", folder)
    assert run.code == 0 and "没有差别" in run.out
    book = Book(built)
    book.set("义务教育", "jy-zc-002", "三级事项", "随迁子女入学")
    book.unmerge("义务教育")
    book.set("义务教育", "jy-zz-002", "二级事项", "资助政策")  # moves to the 二级事项 above
    book.copy_after("义务教育", "jy-zc-001", **{"三级事项": "新的三级事项"})
    book.save()
    run = gwstd("import", built, "--into", folder)
    assert run.code == 0, run.err
    assert "新增 1 项" in run.out and "移动 1 项" in run.out and "修改 1 项" in run.out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first, second = data["categories"]
    assert [e.get("id") or e["name"] for e in first["items"]] == ["jy-zs-001", "招生政策"]
    assert [i["id"] for i in first["items"][1]["items"]] == ["jy-zc-001", "jy-zc-003", "jy-zc-002"]
    assert first["items"][1]["items"][2]["name"] == "随迁子女入学"
    assert {g["name"]: [i["id"] for i in g["items"]] for g in second["subcategories"]} == {
        "资助政策": ["jy-zz-001", "jy-zz-002"], "资助结果": ["jy-zz-003"]}
    assert gwstd("validate", folder).code == 0
    git(tmp_path, "commit", "-qam", "merged")
    assert gwstd("build", folder, "-o", tmp_path / "again", "--only", "excel").code == 0
    (built,) = (tmp_path / "again").glob("*.xlsx")
    book = Book(built)
    book.unmerge("义务教育")
    for item_id in ("jy-zc-001", "jy-zc-002", "jy-zc-003"):
        book.set("义务教育", item_id, "二级事项", "入学政策")
    book.save()
    assert gwstd("import", built, "--into", folder).code == 0
    assert changed_lines(tmp_path) == ["-      - name: 招生政策", "+      - name: 入学政策"]


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_new_category_and_an_emptied_one(gwstd, repo):
    path = repo / "catalog" / "yiwu-jiaoyu.yaml"
    names = [c["name"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["categories"]]
    book = Book(repo / "目录.xlsx")
    book.delete("义务教育", "jy-xj-001")
    book.delete("义务教育", "jy-xj-002")
    book.copy_after("义务教育", "jy-gk-004", **{"一级事项": "新的一级事项", "二级事项": "新事项"})
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog", "--delete")
    assert run.code == 0, run.err
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    gone = next(c["name"] for c in yaml.safe_load(git(repo, "show", "HEAD:catalog/yiwu-jiaoyu.yaml"))["categories"]
                if c["items"][0]["id"].startswith("jy-xj"))
    expected = [n for n in names if n != gone]
    expected.insert(names.index("学校概况") + 1, "新的一级事项")
    assert [c["name"] for c in data["categories"]] == expected
    new = data["categories"][names.index("学校概况") + 1]["items"]
    assert [(i["id"], i["name"]) for i in new] == [("jy-001", "新事项")]
    assert gwstd("validate", repo / "catalog").code == 0


@pytest.fixture(params=["libyaml", "python"])
def each_composer(request, monkeypatch):
    """The patch through libyaml's composer and through PyYAML's own (their marks differ after a BOM)."""
    if request.param == "python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    return request.param


def test_both_composers_patch_alike(each_composer):
    text = "\ufeff" + TEXT.replace("\n", "\r\n")
    out = apply(text, [Edit("replace", ("domain",), "教育"),
                       Edit("insert", ("categories", 0, "items"), {"id": "a", "name": "b"}, index=1),
                       Edit("delete", ("categories", 0, "items", 0, "level"))])
    expected = TEXT.replace("domain: 义务教育", "domain: 教育").replace(
        "        level:\n          - 县级\n          - 乡级  # 两级\n", "").replace(
        "      # 第二个事项\n", "      - id: a\n        name: b\n      # 第二个事项\n")
    assert out == "\ufeff" + expected.replace("\n", "\r\n")


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_domain_without_its_sheet_is_left_alone(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    del book.wb["公共资源交易"]
    book.set("义务教育", "jy-gk-002", "二级事项", "学校领导班子")
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert "GW428" in run.err and "ggzy-jiaoyi.yaml" in run.err
    assert git(repo, "status", "--porcelain", "catalog").split() == ["M", "catalog/yiwu-jiaoyu.yaml"]


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_conflict_a_sheet_of_a_domain_the_catalogue_lacks(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    ws = book.wb["义务教育"]
    ws.title = "社会救助"
    ws["A1"] = "示例县社会救助领域基层政务公开标准目录"
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog", "-f", "github")
    assert run.code == 1
    assert "GW424" in run.out and "社会救助" in run.out and run.out.startswith("::error")
    assert git(repo, "status", "--porcelain", "catalog") == ""


# --- the user trial's findings -------------------------------------------------------------------------


def test_json_carries_the_changes_and_the_problems_of_a_dry_run(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.set("义务教育", "jy-gk-002", "二级事项", "学校领导班子")
    book.delete("义务教育", "jy-zs-002")
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog", "--dry-run", "-f", "json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)  # one document on stdout
    assert doc["command"] == "import" and doc["dry_run"] is True and doc["written"] == []
    assert doc["summary"]["files"] == 1 and doc["summary"]["warnings"] == 1
    assert [d["code"] for d in doc["diagnostics"]] == ["GW425"]
    assert "jy-zs-002" in doc["diagnostics"][0]["message"]
    assert doc["changes"]["counts"]["changed"] == 1 and doc["changes"]["items"][0]["id"] == "jy-gk-002"
    diff = json.loads(gwstd("diff", repo / "catalog", repo / "catalog", "-f", "json").out)
    assert set(doc["changes"]) == set(diff)  # the object gwstd diff --format json gives


def test_json_on_a_conflict_is_the_problems_on_stdout(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    row = book.row_of("义务教育", "jy-gk-002")
    book.set("义务教育", "jy-gk-002", "事项编号", "jy-gk-001")
    book.save()
    before = snapshot(repo / "catalog")
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog", "-f", "json")
    assert run.code == 1
    doc = json.loads(run.out)
    assert doc["changes"] is None and doc["summary"]["ok"] is False and doc["summary"]["errors"] == 1
    (problem,) = doc["diagnostics"]
    assert problem["code"] == "GW420" and f"第 {row} 行" in problem["message"]
    assert snapshot(repo / "catalog") == before


def test_the_human_report_counts_the_workbook(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.delete("义务教育", "jy-zs-002")
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog", "--dry-run")
    assert run.code == 0 and "GW425" in run.err
    assert "检查了 1 个文件" in run.err and "检查了 0 个文件" not in run.err
    assert "GW425" not in run.out and "没有差别" in run.out  # the human format is unchanged: changes on stdout


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_ticked_channel_takes_its_vocabulary_place_in_a_list_in_that_order(gwstd, repo):
    path = repo / "catalog" / "chaiqian-anzhi.yaml"
    book = Book(repo / "目录.xlsx")
    ws, column = book.wb["拆迁安置"], book.columns("拆迁安置")["公开渠道和载体"]
    for item_id in ("cq-zb-002", "cq-fg-003"):
        cell = ws.cell(book.row_of("拆迁安置", item_id), column)
        cell.value = cell.value.replace("□政府公报", "■政府公报")
    ws.cell(book.row_of("拆迁安置", "cq-zb-002"), book.columns("拆迁安置")["乡级"]).value = "√"  # with 县级
    book.save()
    # cq-fg-003's channels are not in the vocabulary's order: the new one goes at the end, as before; cq-zb-002's
    # level is [乡级] (one value is in order): 县级, ticked in the book, goes before it
    text = path.read_text(encoding="utf-8")
    assert text.count("channels: [政府网站, 两微一端]\n") == 1
    text = text.replace("channels: [政府网站, 两微一端]\n", "channels: [两微一端, 政府网站]\n")
    zb = text.index("id: cq-zb-002")
    level = text.index("level: [县级]", zb)
    path.write_text(text[:level] + "level: [乡级]" + text[level + len("level: [县级]"):], encoding="utf-8")
    git(repo, "commit", "-qam", "out of order")
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert changed_lines(repo) == [
        "-        channels: [两微一端, 政府网站]", "+        channels: [两微一端, 政府网站, 政府公报]",
        "-        channels: [政府网站, 政务服务中心, 社区/企事业单位/村公示栏(电子屏)]",
        "+        channels: [政府网站, 政府公报, 政务服务中心, 社区/企事业单位/村公示栏(电子屏)]",
        "-        level: [乡级]", "+        level: [县级, 乡级]",
    ]


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_department_added_in_the_summary_sheet_with_an_id_joins_the_registry(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    ws = book.wb["目录说明"]
    last = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 8).value == "xiangzhen")
    header = next(r for r in range(last, 0, -1) if ws.cell(r, 8).value == "部门编号")
    at = {ws.cell(header, c).value: c for c in range(1, 9) if ws.cell(header, c).value}
    for key, value in {"部门名称": "示例县统计局", "责任人": "钱多多", "咨询电话": "0838-6200111",
                       "监督举报电话": "0838-6200112", "部门编号": "tongji"}.items():
        ws.cell(last + 1, at[key]).value = value
    book.set("义务教育", "jy-gk-001", "公开主体", "示例县统计局\n责任人:钱多多")
    book.set("义务教育", "jy-gk-001", "咨询电话", "0838-6200111")
    book.set("义务教育", "jy-gk-001", "监督举报电话", "0838-6200112")
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert changed_lines(repo) == [
        "+  tongji:", "+    name: 示例县统计局", "+    person: 钱多多", "+    consult: 0838-6200111",
        "+    supervise: 0838-6200112",
        "-          department: jiaoyu", "+          department: tongji",
    ]
    assert gwstd("validate", repo / "catalog").code == 0


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_department_added_in_the_summary_sheet_without_an_id_is_said_with_its_row(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    ws = book.wb["目录说明"]
    last = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 8).value == "xiangzhen")
    ws.cell(last + 1, 1).value = "示例县统计局"
    ws.cell(last + 1, 3).value = "钱多多"
    row = book.row_of("义务教育", "jy-gk-001")
    book.set("义务教育", "jy-gk-001", "公开主体", "示例县统计局")
    book.save()
    err = _conflict(gwstd, repo, "GW423", sheet="义务教育", row=row)
    assert "GW431" in err and f"工作表「目录说明」第 {last + 1} 行" in err and "示例县统计局" in err
    assert "部门编号" in err and "catalog.yaml" in err
    run = gwstd("rules", "-f", "json")
    hint = next(c for c in json.loads(run.out) if c.get("code") == "GW423")
    assert "部门编号" in json.dumps(hint, ensure_ascii=False)


def test_another_department_with_its_phones_untouched_takes_that_departments_phones(gwstd, repo):
    """Only the 公开主体 cell edited: the item's phones follow its new department, the old one's numbers the
    cells still show are not written onto the item (found by a user trial)."""
    book = Book(repo / "目录.xlsx")
    book.set("义务教育", "jy-gk-001", "公开主体", "示例县人民政府办公室")
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert changed_lines(repo) == ["-          department: jiaoyu", "+          department: zfb"]


@pytest.mark.slow  # a book edited and merged: the quick loop keeps one of each kind
def test_a_line_break_inside_a_department_name_still_names_it(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.set("征地补偿", "zd-fg-003", "公开主体", "示例县自\n然资源局 责任人:王建国")
    book.set("征地补偿", "zd-fg-003", "信息更新周期", "每月")
    book.save()
    run = gwstd("import", repo / "目录.xlsx", "--into", repo / "catalog")
    assert run.code == 0, run.err
    assert changed_lines(repo) == ["-        update_cycle: 每年", "+        update_cycle: 每月"]
