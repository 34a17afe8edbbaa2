from __future__ import annotations

import json
from pathlib import Path

import casekit
import jsonschema
import pytest

from gwstd.load.loader import load_file
from gwstd.validate import schema

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", schema.KINDS)
def test_top_level_copy_is_the_shipped_schema(kind):
    shipped = schema.schema_text(kind)
    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == shipped


@pytest.mark.parametrize("kind", schema.KINDS)
def test_schema_is_valid_draft_2020_12(kind):
    document = schema.load_schema(kind)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def _property_schemas(node, path=()):
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            yield (*path, key), sub
        for key, sub in node.items():
            if isinstance(sub, (dict, list)):
                yield from _property_schemas(sub, (*path, key))
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _property_schemas(sub, (*path, i))


@pytest.mark.parametrize("kind", schema.KINDS)
def test_every_property_has_chinese_title_and_description(kind):
    found = list(_property_schemas(schema.load_schema(kind)))
    assert len(found) > 10
    for path, sub in found:
        assert sub.get("title") and any("\u4e00" <= c <= "\u9fff" for c in sub["title"]), path
        assert sub.get("description"), path


@pytest.mark.parametrize("kind", schema.KINDS)
def test_objects_are_closed(kind):
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, node.get("title")
            for sub in node.values():
                walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(schema.load_schema(kind))


def test_fast_and_detailed_validators_agree_on_the_corpus():
    pytest.importorskip("jsonschema_rs")
    checked = 0
    for name in casekit.case_names():
        for path in (casekit.CASES / name).glob("*.yaml"):
            doc, _ = load_file(path)
            if doc is None:
                continue
            kind = "catalog" if path.name == "catalog.yaml" else "domain"
            detailed = schema._detailed_validator(kind).is_valid(doc.data)
            assert schema.is_valid(doc.data, kind) == detailed, path
            checked += 1
    assert checked > 30


def test_labels_follow_the_schema():
    assert schema.label_for("domain", ("categories", 0, "items", 3, "time_limit")) == "公开时限"
    assert schema.label_for("domain", ("categories", 0, "subcategories", 1, "items", 0, "hotlines", "consult")) == "咨询电话"
    assert schema.label_for("catalog", ("departments", "jiaoyu", "person")) == "责任人"


def test_scaffolded_files_point_editors_at_the_schema():
    for path in (ROOT / "catalog").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "catalog" if path.name == "catalog.yaml" else "domain"
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json", path
        assert json.loads((path.parent / first.split("=", 1)[1]).read_text(encoding="utf-8"))
