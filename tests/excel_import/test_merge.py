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
    changes = json.loads(run.out)
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


def test_conflict_a_row_moved_to_another_domains_sheet(gwstd, repo):
    book = Book(repo / "目录.xlsx")
    book.delete("征地补偿", "zd-fg-001")
    row = book.row_of("义务教育", "jy-gk-001")
    book.set("义务教育", "jy-gk-001", "事项编号", "zd-fg-001")
    book.save()
    err = _conflict(gwstd, repo, "GW422", sheet="义务教育", row=row)
    assert "征地补偿" in err


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
