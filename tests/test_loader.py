from __future__ import annotations

import subprocess
import sys

import pytest

from gwstd import loader
from gwstd.loader import LoadError, decode, load_file, load_text

pytestmark = pytest.mark.usefixtures("each_loader")  # every test here, through both ways of loading

TEXT = """\
domain: 义务教育
categories:
  - name: 招生入学
    items:
      - id: jy-001
        channels: [政府网站, 两微一端]
"""


def test_positions_of_keys_values_and_list_elements():
    doc, problems = load_text(TEXT, "f.yaml")
    assert problems == []
    assert doc.locate(("domain",)) == (1, 9)
    assert doc.locate(("domain",), key=True) == (1, 1)
    assert doc.locate(("categories", 0, "name")) == (3, 11)
    assert doc.locate(("categories", 0, "items", 0, "id")) == (5, 13)
    # columns count characters, not bytes: 政府网站 is four columns wide here
    assert doc.locate(("categories", 0, "items", 0, "channels", 1)) == (6, 26)


def test_missing_path_points_at_deepest_existing_node():
    doc, _ = load_text(TEXT, "f.yaml")
    assert doc.locate(("categories", 0, "items", 0, "nope")) == (5, 9)
    assert doc.locate(("categories", 5)) == (3, 3)


def test_keys_are_kept_as_written_and_dates_as_text():
    doc, _ = load_text("001: a\ndate: 2024-06-30\nn: 12345\non: yes\n", "f")
    assert doc.data == {"001": "a", "date": "2024-06-30", "n": 12345, "on": True}


def test_duplicate_keys_report_both_lines():
    _, problems = load_text("a: 1\nb: 2\na: 3\n", "f")
    assert [(p.code, p.line) for p in problems] == [("GW005", 3)]
    assert "第 1 行" in problems[0].message


def test_bom_and_crlf():
    raw = ("\ufeff" + TEXT).replace("\n", "\r\n").encode("utf-8")
    text = decode(raw, file="f")
    doc, problems = load_text(text, "f")
    assert problems == [] and doc.data["domain"] == "义务教育"
    assert doc.locate(("categories", 0, "name")) == (3, 11)


def test_gbk_is_named_and_explained(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(TEXT.encode("gb18030"))
    doc, problems = load_file(path)
    assert doc is None and problems[0].code == "GW003"
    assert "GB18030" in problems[0].message and "--encoding" in problems[0].hint
    doc, problems = load_file(path, encoding="gb18030")
    assert problems == [] and doc.data["domain"] == "义务教育"


def test_unreadable_paths(tmp_path):
    assert load_file(tmp_path)[1][0].code == "GW001"
    assert load_file(tmp_path / "missing.yaml")[1][0].code == "GW002"


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.yaml"
    path.write_text(TEXT, encoding="utf-8")
    assert load_file(path)[1][0].code == "GW013"


@pytest.mark.parametrize("text,code", [
    ("a: &a [x, x]\n" + "".join(f"b{i}: &b{i} [" + ", ".join([f"*{'a' if i == 0 else f'b{i - 1}'}"] * 10) + "]\n"
                                for i in range(7)), "GW006"),
    ("a: " + "[" * 70 + "]" * 70, "GW007"),
    ("a: &a [*a]", "GW007"),
    ("a: !!binary aGVsbG8=", "GW008"),
    ("a: 1\n---\nb: 2\n", "GW009"),
    ("- a\n", "GW010"),
    ("", "GW011"),
    ("[a]: 1\n", "GW012"),
    ("<<: {a: 1}\n", "GW016"),
    ("a: [1, 2\n", "GW004"),
])
def test_hostile_and_broken_text(text, code):
    doc, problems = load_text(text, "f")
    assert code in [p.code for p in problems]


@pytest.mark.slow
def test_extreme_nesting_does_not_crash_the_process():
    # libyaml's composer recurses on the C stack: without the depth guard this kills the interpreter.
    script = (
        "from gwstd.loader import load_text\n"
        "for text in ('a: ' + '[' * 200000 + ']' * 200000, '- ' * 200000 + 'x',"
        " ''.join(' ' * i + 'k:\\n' for i in range(0, 30000, 1))):\n"
        "    doc, problems = load_text(text, 'f')\n"
        "    assert doc is None and problems[0].code in ('GW007', 'GW004'), problems\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_load_error_carries_a_diagnostic():
    with pytest.raises(LoadError) as info:
        decode(b"\xff\xfe" + "a".encode("utf-16-le"), file="f")
    assert info.value.diagnostic.code == "GW003"


def test_checking_a_file_leaves_no_cyclic_garbage():
    """The CLI runs with the cycle collector off: anything cyclic per file would never be freed (a province
    of 1,600 files once took over 1 GB that way)."""
    import gc
    from pathlib import Path

    from gwstd.validate import ValidateOptions, check_file

    root = Path(__file__).resolve().parent.parent / "catalog"
    gc.collect()
    gc.disable()
    try:
        for path in sorted(root.glob("*.yaml")):
            check_file(path, ValidateOptions())
        assert gc.collect() < 50  # a few stray objects from first-time imports and caches, not a file's worth
    finally:
        gc.enable()


def test_numbers_that_are_none_stay_text():
    # "0b_" matches YAML 1.1's int pattern but has no digits: PyYAML's constructor raises on it.
    doc, problems = load_text("a: 0b_\nb: 0x_\nc: 0b1_0\n", "f")
    assert problems == [] and doc.data == {"a": "0b_", "b": "0x_", "c": 2}
