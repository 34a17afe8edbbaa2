"""The C fast path (gwstd.load._fastyaml) gives exactly what the full loader gives, or hands the document over."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gwstd.load import document, loader, read, yaml11
from gwstd.load import full as fullload

ROOT = Path(__file__).resolve().parents[2]

if loader._fastyaml is None:
    if os.environ.get("GWSTD_REQUIRE_FAST_PATH"):  # set by CI, so a missing libyaml-dev cannot hide here
        raise RuntimeError("the C fast path (gwstd.load._fastyaml) was not built: is libyaml-dev installed?")
    pytest.skip("the C fast path (gwstd.load._fastyaml) is not built here", allow_module_level=True)


def fast(text: str):
    return loader._fastyaml.load(text, yaml11.plain_value, yaml11.RESOLVED_FIRST, document.MAX_DEPTH,
                                 yaml11.FULL_LOADER_ONLY)


def full(text: str):
    doc, problems = fullload.load_text_fully(text, "f.yaml")
    return doc, problems


def assert_same(text: str) -> None:
    got = fast(text)
    doc, problems = full(text)
    assert got is not None, "an ordinary document must take the fast path"
    assert problems == []
    data, record = got
    assert data == doc.data
    assert [type(v) for v in _leaves(data)] == [type(v) for v in _leaves(doc.data)]  # 1 vs True vs 1.0
    assert record == doc.record


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def yaml_files() -> list[Path]:
    files = sorted((ROOT / "tests" / "cases").rglob("*.yaml")) + sorted((ROOT / "catalog").glob("*.yaml"))
    return [f for f in files if f.stat().st_size < 1_000_000]


@pytest.mark.parametrize("path", yaml_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_file_loads_the_same_either_way(path):
    try:
        text = read.decode(path.read_bytes(), file=str(path))
    except document.LoadError:
        return  # not text: neither loader sees it
    got = fast(text)
    doc, problems = full(text)
    if got is None:
        return  # handed over: the full loader's result is the only one
    assert doc is not None and problems == [], "the fast path took a document the full loader has problems with"
    assert got == (doc.data, doc.record)


SCALARS = """\
a: 12
b: -3
c: 1.5
d: .inf
e: 0x1F
f: 1_000
g: 012
h: yes
i: off
j: ~
k: null
l:
m: 2024-06-30
n: '12'
o: "true"
p: |
  多行
  文本
q: >-
  折叠
r: 义务教育
s: +1
t: .5
u: 1e3
v: [1, true, "x", ~]
w: {x: 1}
"""


def test_plain_scalars_resolve_as_the_full_loader_resolves_them():
    assert_same(SCALARS)
    data, _ = fast(SCALARS)
    assert data["a"] == 12 and data["h"] is True and data["j"] is None and data["l"] is None
    assert data["m"] == "2024-06-30" and data["n"] == "12" and data["o"] == "true"


def test_positions_count_characters_and_survive_flow_style():
    text = "甲乙: [丙, 丁]\nx:\n  - {y: 1, z: 二}\n"
    assert_same(text)
    data, record = fast(text)
    doc = document.Document("f", text, data, record)
    assert doc.locate(("甲乙", 1)) == (1, 9)
    assert doc.locate(("x", 0, "z"), key=True) == (3, 12)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "a: !!str 1\n",  # tags
    "a: !python/object:os.system x\n",
    "a: 1\na: 2\n",  # duplicate keys
    "<<: {a: 1}\n",  # merge keys
    "a: =\n",  # the value tag
    "a: 1\n---\nb: 2\n",  # several documents
    "- a\n",  # a list at the top
    "just text\n",
    "",  # nothing at all
    "? [a]\n: 1\n",  # a collection as a key
    "a: [1, 2\n",  # syntax errors
    "a:\n\t- b\n",  # a tab for indentation
    "".join(f"{' ' * 2 * i}k{i}:\n" for i in range(80)) + " " * 160 + "v: 1\n",  # deeper than the limit
])
def test_unusual_documents_are_handed_to_the_full_loader(text):
    assert fast(text) is None


def test_nesting_at_the_limit_takes_the_fast_path():
    text = "".join(f"{' ' * 2 * i}k{i}:\n" for i in range(document.MAX_DEPTH - 1)) + " " * 2 * (document.MAX_DEPTH - 1) + "v: 1\n"
    assert_same(text)


TEXTS = st.text(alphabet=st.sampled_from(list("ab 1-:#'\"\\\n\t《》〔〕号政务公开0.~@=&*!%|>{}[],?") + ["\u3000", "\ufeff"]),
                max_size=12)
VALUES = st.recursive(
    st.one_of(TEXTS, st.integers(-10**6, 10**6), st.booleans(), st.none(), st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXTS, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(TEXTS, VALUES, min_size=1, max_size=5), flow=st.sampled_from([None, True, False]),
       width=st.sampled_from([8, 80]))
@pytest.mark.slow
def test_any_dumped_document_loads_the_same_either_way(data, flow, width):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=width, sort_keys=False)
    got = fast(text)
    doc, problems = full(text)
    if got is None:
        return
    assert doc is not None and problems == []
    assert got == (doc.data, doc.record)
    assert [type(v) for v in _leaves(got[0])] == [type(v) for v in _leaves(doc.data)]


def _pyyaml_value(text: str):
    """What PyYAML's safe loader makes of ``text`` as a plain scalar, read the way gwstd reads it."""
    tag = yaml.SafeLoader("").resolve(yaml.ScalarNode, text, (True, False))
    kind = tag.rsplit(":", 1)[1]
    if kind in ("str", "timestamp"):
        return text
    if kind in ("merge", "value", "yaml"):
        return yaml11.FULL_LOADER_ONLY
    try:
        return yaml.SafeLoader("").construct_object(yaml.ScalarNode(tag, text))
    except ValueError:
        return text


PLAIN = ["", "~", "null", "Null", "NULL", "nul", "yes", "No", "ON", "oFF", "y", "true", "True", "TRUE", "tRUE",
         "0", "-0", "+0", "012", "08", "0o12", "0b101", "0b_", "0x1F", "0x_", "-0x1f", "1_000", "1:30", "190:20:30",
         "1.5", "-1.5e+3", "1e3", "1.e3", ".5", "+.inf", "-.Inf", ".NaN", ".nan", "1:30.5", "2024-06-30",
         "2024-6-30 1:02:03", "2001-12-14t21:59:43.10-05:00", "<<", "=", "0838-6200001", "12345678901",
         "+86 838 1234", "-", "+", ".", "1.2.3", "10:70", "Yes!", "offline", "n/a", "1__0", "0_1", "3e5"]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_scalars_are_read_as_pyyaml_reads_them(text):
    ours, theirs = yaml11.plain_value(text), _pyyaml_value(text)
    assert type(ours) is type(theirs) and (ours == theirs or ours != ours)  # NaN is not equal to itself


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789+-._:xXbBeEoOnNyYtTfFaluLsr~ <=!&*") + ["\t", "Z"]),
               max_size=14))
def test_any_plain_scalar_is_read_as_pyyaml_reads_it(text):
    ours, theirs = yaml11.plain_value(text), _pyyaml_value(text)
    assert type(ours) is type(theirs)
    assert ours == theirs or (ours != ours and theirs != theirs)


def test_a_run_on_ordinary_documents_does_not_import_pyyaml():
    import subprocess
    import sys

    script = ("import sys\nfrom pathlib import Path\nfrom gwstd.validate.pipeline import validate_paths\n"
              f"result = validate_paths([Path({str(ROOT / 'catalog')!r})])\n"
              "assert not result.diagnostics, result.diagnostics\n"
              "print('yaml' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


SCALAR_TEXT = st.sampled_from(
    ["a", "名称", "0838-6200001", "1", "-1", "0x1F", "012", "1_000", "1:30", "1.5", ".inf", "~", "null", "yes", "Off",
     "2024-06-30", "a b", "a:b", "a #b", "《条例》", "-x", "x-", "=", "''", "'q'", "'it''s'", '"d\\u53f7"', '"\\t"',
     "[1, b]", "{k: v}", "[]", "{}", "|\n  多行\n  文本", ">-\n  折叠", "!!str 1", "&x 1", "*x", "<<", "? k"])
KEY_TEXT = st.sampled_from(["id", "name", "名称", "'a b'", '"k"', "1", "yes", "~", "<<", "a:b", "? k", "x y"])


def _yamlish(depth: int):
    scalar = st.tuples(st.just("scalar"), SCALAR_TEXT)
    if depth == 0:
        return scalar
    inner = _yamlish(depth - 1)
    return st.one_of(
        scalar,
        st.tuples(st.just("map"), st.lists(st.tuples(KEY_TEXT, inner), min_size=1, max_size=4)),
        st.tuples(st.just("seq"), st.lists(inner, min_size=1, max_size=4)),
    )


def _emit(node, indent: int, comment: bool) -> list[str]:
    kind, body = node
    pad = " " * indent
    if kind == "scalar":
        return [pad + body.replace("\n", "\n" + pad)]
    lines = []
    for entry in body:
        key, value = entry if kind == "map" else ("- ", entry)
        head = pad + (f"{key}:" if kind == "map" else "-")
        if value[0] == "scalar":
            text = value[1].replace("\n", "\n" + pad + "  ")
            lines.append(f"{head} {text}" + (" # 注" if comment and "\n" not in text else ""))
        else:
            lines.append(head)
            lines.extend(_emit(value, indent + 2, comment))
    return lines


YAMLISH = st.tuples(st.tuples(st.just("map"), st.lists(st.tuples(KEY_TEXT, _yamlish(3)), min_size=1, max_size=4)),
                    st.booleans(), st.booleans()).map(
    lambda t: ("# 开头注释\n" if t[1] else "") + "\n".join(_emit(t[0], 0, t[2])) + "\n")


@pytest.mark.slow
@settings(max_examples=800, deadline=None)
@given(text=YAMLISH)
def test_any_yamlish_text_loads_the_same_either_way(text):
    got = fast(text)
    if got is None:
        return  # handed over to the full loader
    doc, problems = full(text)
    assert doc is not None and problems == [], (text, problems)
    assert got == (doc.data, doc.record), text
    assert [type(v) for v in _leaves(got[0])] == [type(v) for v in _leaves(doc.data)]
