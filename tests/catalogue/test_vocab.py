"""One vocabulary: the schema's enums are generated from gwstd.catalogue.vocab, and the shipped schemas are
what generation gives. Run this file as a script to regenerate them after changing a vocabulary:

    .venv/bin/python tests/catalogue/test_vocab.py
"""

from __future__ import annotations

import json
import sys
from typing import Any, Iterator

import pytest

from gwstd.catalogue import vocab
from gwstd.catalogue.vocab import (
    AUDIENCES,
    CHANNELS,
    ID_PREFIXES,
    LEVELS,
    METHODS,
    OTHER_CHANNEL,
    PILOT_DOMAINS,
    SCHEMA_ENUMS,
    UPDATE_CYCLES,
    other_channel_names,
    other_channel_text,
    schema_json,
    schema_with_vocabulary,
)
from gwstd.seams.resources import folder
from gwstd.validate.schema import KINDS

REGENERATE = ".venv/bin/python tests/catalogue/test_vocab.py"


def shipped(kind: str) -> str:
    return folder("schemas").joinpath(f"{kind}.schema.json").read_text(encoding="utf-8")


def enums(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, list]]:
    """Every enum in a schema, with the path to the node holding it."""
    if isinstance(node, dict):
        if "enum" in node:
            yield path, node["enum"]
        for key, value in node.items():
            yield from enums(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from enums(value, (*path, index))


@pytest.mark.parametrize("kind", [k for k in KINDS if k in SCHEMA_ENUMS])
def test_the_shipped_schema_is_what_generation_gives(kind):
    text = shipped(kind)
    assert schema_json(schema_with_vocabulary(json.loads(text), kind)) == text, (
        f"schemas/{kind}.schema.json differs from gwstd.catalogue.vocab: run {REGENERATE}")


@pytest.mark.parametrize("kind", KINDS)
def test_every_enum_of_a_schema_comes_from_the_vocabulary(kind):
    found = dict(enums(json.loads(shipped(kind))))
    assert set(found) == set(SCHEMA_ENUMS.get(kind, {})), "an enum written by hand in the schema"
    for path, values in SCHEMA_ENUMS.get(kind, {}).items():
        assert found[path] == list(values), path  # in order: editors offer them in this order


def test_the_domain_schema_enums_are_the_vocabularies_in_order():
    item = json.loads(shipped("domain"))["$defs"]["item"]["properties"]
    assert item["update_cycle"]["enum"] == list(UPDATE_CYCLES)
    assert item["channels"]["items"]["enum"] == list(CHANNELS)
    assert item["audience"]["items"]["enum"] == list(AUDIENCES)
    assert item["method"]["items"]["enum"] == list(METHODS)
    assert item["level"]["items"]["enum"] == list(LEVELS)


def test_generation_sets_enums_and_leaves_the_rest():
    schema = json.loads(shipped("domain"))
    schema["$defs"]["item"]["properties"]["level"]["items"]["enum"] = ["县级"]
    regenerated = schema_with_vocabulary(schema, "domain")
    assert regenerated["$defs"]["item"]["properties"]["level"]["items"]["enum"] == list(LEVELS)
    assert schema["$defs"]["item"]["properties"]["level"]["items"]["enum"] == ["县级"]  # a copy, not in place
    assert regenerated["$defs"]["document"] == schema["$defs"]["document"]


def test_the_vocabularies():
    assert len(CHANNELS) == 13 and CHANNELS[-1] == OTHER_CHANNEL == "其他"
    assert len(PILOT_DOMAINS) == 8 and list(PILOT_DOMAINS) == list(ID_PREFIXES)
    assert len(set(PILOT_DOMAINS.values())) == 8 and len(set(ID_PREFIXES.values())) == 8
    for values in (CHANNELS, LEVELS, AUDIENCES, METHODS, UPDATE_CYCLES):
        assert len(set(values)) == len(values)


def test_synonyms_name_values_of_a_vocabulary():
    known = set(CHANNELS + LEVELS + AUDIENCES + METHODS + UPDATE_CYCLES)
    assert {target for target in vocab.SYNONYMS.values()} <= known


@pytest.mark.parametrize("names, text", [
    ([], "其他"),
    (["乡镇广播站"], "其他(乡镇广播站)"),
    (["乡镇广播站", "村广播"], "其他(乡镇广播站、村广播)"),
])
def test_the_other_channel_text_reads_back(names, text):
    assert other_channel_text(names) == text
    if names:
        assert other_channel_names(text) == names


@pytest.mark.parametrize("text, names", [
    ("其他（乡镇广播站，村广播）", ["乡镇广播站", "村广播"]),
    ("其他 (乡镇广播站; 村广播)", ["乡镇广播站", "村广播"]),
    ("其他()", []),
    ("其他", None),
    ("政府网站", None),
])
def test_other_channel_names_as_people_write_them(text, names):
    assert other_channel_names(text) == names


@pytest.mark.parametrize("text, parts", [
    ("0838-2222222、12345", ["0838-2222222", "12345"]),
    ("0838-2222222 , 12345 ;13800001111", ["0838-2222222", "12345", "13800001111"]),
    ("12345或12388/0838-1", ["12345", "12388", "0838-1"]),
])
def test_phone_separators(text, parts):
    assert vocab.PHONE_SEPARATORS.split(text) == parts


def regenerate() -> list[str]:
    """Rewrite the checkout's schemas whose enums differ from the vocabulary; the names of those rewritten."""
    from gwstd.seams.files import atomic_write_text
    from gwstd.seams.resources import source_root

    root = source_root()
    if root is None:
        raise SystemExit("not a source checkout: the schemas to regenerate are at its root (schemas/)")
    changed = []
    for kind in SCHEMA_ENUMS:
        path = root / "schemas" / f"{kind}.schema.json"
        text = path.read_text(encoding="utf-8")
        new = schema_json(schema_with_vocabulary(json.loads(text), kind))
        if new != text:
            atomic_write_text(path, new)
            changed.append(str(path))
    return changed


if __name__ == "__main__":
    for name in regenerate():
        print(f"rewrote {name}")
    sys.exit(0)
