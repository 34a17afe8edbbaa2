"""What `gwstd rules` and `gwstd import` report besides diagnostics: the domain rules with their examples, and
the column map of each imported sheet, for people and in JSON."""

from __future__ import annotations

import json
import re

from gwstd.diagnostics.codes import CODES
from gwstd.rules.registry import RULES


def test_rules_json_carries_each_rule_under_its_codes(gwstd):
    run = gwstd("rules", "-f", "json")
    assert run.code == 0
    rows = json.loads(run.out)
    assert [r["code"] for r in rows] == list(CODES)
    listed = {}
    for row in rows:
        for rule in row["rules"]:
            assert row["code"] in rule["codes"]
            listed[rule["id"]] = rule
    assert sorted(listed) == sorted(r.id for r in RULES)  # every rule, none invented
    for rule in RULES:
        entry = listed[rule.id]
        assert entry["codes"] == list(rule.codes) and entry["scope"] == rule.scope
        assert entry["summary"] == rule.summary and entry["scope_label"]
        assert entry["title"] == rule.title and re.search("[\u4e00-\u9fff]", entry["title"])
        # a rule shows its own examples: every PASS one, and the FAIL ones naming its codes
        shown = [(e["passes"], e["text"]) for e in entry["examples"]]
        assert shown == [(e.passes, e.text) for e in rule.own_examples]
        assert any(p for p, _ in shown) and any(not p for p, _ in shown), rule.id
        assert all(p or any(c in text for c in rule.codes) for p, text in shown), rule.id
        assert {e["label"] for e in entry["examples"]} <= {"通过", "不通过"}
    assert any(e["passes"] for r in listed.values() for e in r["examples"])
    assert any(not e["passes"] for r in listed.values() for e in r["examples"])


def test_rules_human_shows_every_rule_with_its_examples(gwstd):
    run = gwstd("rules")
    assert run.code == 0
    assert "gwstd 问题代码" in run.out and "领域规则" in run.out
    rules_part = run.out[run.out.index("领域规则"):]
    for rule in RULES:
        assert rule.id in rules_part
        block = rules_part[rules_part.index(rule.id):]
        assert rule.codes[0] in block.splitlines()[0]
        assert rule.title in block.splitlines()[1]
    some = next(r for r in RULES if any(e.passes for e in r.examples) and any(not e.passes for e in r.examples))
    block = rules_part[rules_part.index(some.id + " "):]
    assert "  通过:" in block and "  不通过:" in block
    failing = next(e for e in some.own_examples if not e.passes)
    for line in failing.text.splitlines():  # shown as written, never wrapped
        assert " " * 6 + line in block.splitlines()


def test_rules_format_choices_come_from_the_registry(gwstd):
    from gwstd.reports.registry import names

    assert names("codes") == ["human", "json"]
    run = gwstd("rules", "--format", "xml")
    assert run.code == 2 and "用法错误" in run.err


def test_import_json_carries_the_column_map(gwstd, workbook, tmp_path):
    out = tmp_path / "catalog"
    run = gwstd("import", workbook, "-o", out, "-f", "json")
    assert run.code == 0
    report = json.loads(run.out)
    assert report["command"] == "import" and report["summary"]["warnings"] == 1
    assert [d["code"] for d in report["diagnostics"]] == ["GW403"]
    (sheet,) = report["sheets"]
    assert (sheet["sheet"], sheet["domain"], sheet["header_rows"], sheet["first_data_row"], sheet["items"]) == (
        "义务教育", "义务教育", [2, 3], 4, 1)
    columns = {c["letter"]: c for c in sheet["columns"]}
    assert columns["B"] == {"letter": "B", "header": "公开事项/一级事项", "label": "一级事项", "field": "category"}
    assert columns["H"]["label"] == "公开渠道和载体" and columns["H"]["field"] == "channels"
    assert columns["J"] == {"letter": "J", "header": "经办人", "label": "(未识别,已忽略)", "field": ""}
    assert sorted(report["written"]) == sorted(str(out / n) for n in ("catalog.yaml", "yiwu-jiaoyu.yaml"))
    assert "已写入" in run.err and "已写入" not in run.out  # stdout stays JSON


def test_import_human_prints_the_same_column_map(gwstd, workbook, tmp_path):
    run = gwstd("import", workbook, "-o", tmp_path / "catalog")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "工作表「义务教育」→ 领域「义务教育」:表头在第 2 行,数据从第 4 行开始,1 个事项。列的对应:"
    assert lines[1:3] == ["    A 列「序号」→ 序号", "    B 列「公开事项/一级事项」→ 一级事项"]
    assert "    J 列「经办人」→ (未识别,已忽略)" in lines
    assert "GW403" in run.out and "已写入" in run.out


def test_column_letters():
    from gwstd.reports.imports import column_letter

    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
