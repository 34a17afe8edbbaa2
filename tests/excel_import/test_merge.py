"""Merging an edited book back into its YAML catalogue (gwstd import --into): the precise text patch it is
made of (catalogue/yaml_patch.py), then the merge through the CLI on a copy of the bundled catalogue under
git, where ``git diff`` must show exactly the edited fields, and the real office-suite round trip."""

from __future__ import annotations

import json
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
