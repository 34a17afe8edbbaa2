"""Mixed depth: a 一级事项 holding items named at 二级 beside 二级事项 with 三级事项, in their order, through
the model, the YAML written, both books, diff and stats (the case is tests/cases/valid-mixed-depth)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import casekit
import yaml
from openpyxl import load_workbook

from gwstd.books.cells import unwrap
from gwstd.catalogue.model import Item, Subcategory, domain_from_data, domain_to_data
from gwstd.catalogue.to_yaml import dump

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "book.mixed-depth.txt"
BOOK = "测试县政务公开标准目录.xlsx"


def _case_data() -> dict:
    return yaml.safe_load((casekit.CASES / "valid-mixed-depth" / "jy.yaml").read_text(encoding="utf-8"))


def test_the_model_keeps_items_and_subcategories_in_their_order():
    domain = domain_from_data(_case_data())
    first = domain.categories[0]
    assert [type(e).__name__ for e in first.entries] == ["Item", "Subcategory", "Item"]
    assert [i.name for i in first.items] == ["招生划片范围", "招生计划"]
    assert [s.name for s in first.subcategories] == ["招生结果"]
    assert domain.three_levels
    assert [(c.name, s.name if s else None, i.id) for c, s, i in domain.rows()] == [
        ("招生入学", None, "jy-001"), ("招生入学", "招生结果", "jy-002"), ("招生入学", "招生结果", "jy-003"),
        ("招生入学", None, "jy-004"), ("学校管理", "招生政策", "jy-005"), ("学校管理", "招生结果", "jy-006")]


def test_the_yaml_data_round_trips_in_both_forms():
    data = _case_data()
    out = domain_to_data(domain_from_data(data))
    mixed, grouped = out["categories"]
    assert list(mixed) == ["name", "items"]  # mixed: one list, the 二级事项 inline where they stand
    assert [e["name"] for e in mixed["items"]] == ["招生划片范围", "招生结果", "招生计划"]
    assert "id" not in mixed["items"][1] and [i["id"] for i in mixed["items"][1]["items"]] == ["jy-002", "jy-003"]
    assert list(grouped) == ["name", "subcategories"]  # three levels throughout: the familiar form
    assert domain_to_data(domain_from_data(out)) == out
    # a category written with both keys reads items first, then subcategories
    both = {"domain": "义务教育", "categories": [{"name": "甲", "items": data["categories"][0]["items"][:1],
                                                 "subcategories": data["categories"][1]["subcategories"]}]}
    entries = domain_from_data(both).categories[0].entries
    assert [type(e) for e in entries] == [Item, Subcategory, Subcategory]


def test_the_yaml_written_for_it_validates(gwstd, tmp_path):
    root = casekit.assemble("valid-mixed-depth", tmp_path)
    text = dump(domain_to_data(domain_from_data(_case_data())), schema="../schemas/domain.schema.json")
    (root / "jy.yaml").write_text(text, encoding="utf-8")
    run = gwstd("validate", root)
    assert run.code == 0, run.out + run.err


def _sheet_dump(ws) -> str:
    """The cells of a domain sheet's body and the merges over its 公开事项 columns, as text."""
    lines = []
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=5, values_only=True):
        lines.append(" | ".join("" if v is None else unwrap(str(v)).replace("\n", "⏎") for v in row))
    merges = sorted((r.min_row, r.min_col, str(r)) for r in ws.merged_cells.ranges if 4 <= r.min_row and r.max_col <= 4)
    return "\n".join(lines + ["merged: " + " ".join(m for _, _, m in merges)]) + "\n"


def _html_rows(html: str) -> str:
    """Each item row's 二级事项 and name cells: which columns they take and what they say."""
    out = []
    for row_id, body in re.findall(r'<tr id="(jy-\d+)" class="item".*?>(.*?)</tr>', html, re.S):
        cells = []
        for tag, attrs, inner in re.findall(r'<(td|th)([^>]*)>(.*?)</(?:td|th)>', body, re.S)[1:3]:
            label = re.search(r'data-label="([^"]+)"', attrs)[1]
            span = " colspan=2" if 'colspan="2"' in attrs else ""
            name = re.sub(r"<span class=\"(?:note|links)\">.*", "", inner)
            cells.append(f"{tag}{span}[{label}]={re.sub(r'<[^>]+>', '', name)}")
        out.append(f"{row_id}: " + " ".join(cells))
    return "\n".join(out) + "\n"


def test_the_books_show_each_item_at_its_depth(gwstd, tmp_path):
    """The golden book: in the workbook an item named at 二级 spans the 二级 and 三级 columns and the 二级事项
    is merged down over its 三级事项; in the HTML book the name cell spans both columns."""
    root = casekit.assemble("valid-mixed-depth", tmp_path)
    run = gwstd("build", root, "-o", tmp_path / "out", "--only", "excel", "--only", "html")
    assert run.code == 0, run.err
    ws = load_workbook(tmp_path / "out" / BOOK)["义务教育"]
    html = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    text = _sheet_dump(ws) + "\n" + _html_rows(html)
    if os.environ.get("GWSTD_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C4:D4", "C5:C6", "C7:D7"} <= merged  # jy-001 and jy-004 span; 招生结果 merged down


def test_diff_sees_an_item_move_between_subcategories_and_stats_count_every_item(gwstd, tmp_path):
    old = casekit.assemble("valid-mixed-depth", tmp_path / "old")
    new = casekit.assemble("valid-mixed-depth", tmp_path / "new")
    path = new / "jy.yaml"
    text = path.read_text(encoding="utf-8")
    # jy-006 goes from 学校管理 / 招生结果 to 学校管理 / 招生政策: the second group is renamed
    path.write_text(text.replace("      - name: 招生结果\n        items:\n", "      - name: 招生公告\n        items:\n"),
                    encoding="utf-8")
    run = gwstd("diff", old, new, "--format", "json")
    assert run.code == 0, run.err
    items = json.loads(run.out)["items"]
    assert [(c["kind"], c["id"], c["old_subcategory"], c["subcategory"]) for c in items] == [
        ("moved", "jy-006", "招生结果", "招生公告")]
    run = gwstd("stats", new, "--format", "json")
    assert run.code == 0, run.err
    stats = json.loads(run.out)[0]
    assert stats["items"] == 6 and stats["counts"]["category"] == {"义务教育 / 招生入学": 4, "义务教育 / 学校管理": 2}
    run = gwstd("coverage", new, "--format", "json")
    assert run.code in (0, 1) and "Traceback" not in run.err


def test_the_walk_goes_in_the_files_order():
    """Rules, the index and coverage see the items as the file lists them: a 二级事项's items right after it."""
    from gwstd.load.walk import iter_entries, iter_items

    data = _case_data()
    assert [item["id"] for _, item, _ in iter_items(data)] == [f"jy-00{n}" for n in range(1, 7)]
    levels = [(entry.get("id") or entry["name"], level) for _, entry, _, level in iter_entries(data)]
    assert levels[:5] == [("jy-001", "二级"), ("招生结果", "二级"), ("jy-002", "三级"), ("jy-003", "三级"),
                          ("jy-004", "二级")]
    # a 二级事项 without its items is still no item
    assert list(iter_items({"categories": [{"name": "甲", "subcategories": [{"name": "乙"}]}]})) == []
