"""The one text pass: each text rule sees the values of the fields it reads, with one Context per field."""

from __future__ import annotations

import re

from gwstd.load.loader import load_text
from gwstd.rules.base import Context, Rule
from gwstd.validate.textpass import check_texts

TEXT = """\
domain: 义务教育
categories:
  - name: 招生入学
    items:
      - name: 甲
        note: 乙
        channels: [丙, 丁]
      - name: 戊
"""


def test_rules_see_their_fields_with_a_context_made_once_per_field():
    seen: list[tuple[str, Context]] = []

    def record(text, context):
        seen.append((text, context))
        return ()

    rules = (Rule("every-name", ("GW207",), "text", record, title="测试", fields=frozenset({"name", "channels"})),)
    doc, _ = load_text(TEXT, "jy.yaml")
    assert check_texts(doc, "domain", rules) == []
    assert [t for t, _ in seen] == ["招生入学", "甲", "丙", "丁", "戊"]  # list elements belong to their list's field
    assert {(c.kind, c.field) for _, c in seen} == {("domain", "name"), ("domain", "channels")}
    names = [c for t, c in seen if c.field == "name"]
    assert all(c is names[0] for c in names)  # not one per value: the pass stays allocation-free


def test_a_trigger_gates_the_rule_and_a_finding_is_positioned():
    rules = (Rule("no-wu", ("GW207",), "text", title="测试", check=lambda text, context: [("GW207", {"value": text})],
                  trigger=re.compile("戊")),)
    doc, _ = load_text(TEXT, "jy.yaml")
    (found,) = check_texts(doc, "domain", rules)
    assert (found.code, found.line, found.path) == ("GW207", 8, ("categories", 0, "items", 1, "name"))
