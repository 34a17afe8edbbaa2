from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from gwstd.load import read, yaml_errors
from gwstd.load.document import LoadError
from gwstd.load.loader import load_file, load_text
from gwstd.load.read import decode

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
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 10)
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
        "from gwstd.load.loader import load_text\n"
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
    of 1,600 files once took over 1 GB that way). Measured in a fresh process, as the CLI runs: what earlier
    tests left in this one (caches, patched modules) is not what a file leaves."""
    import subprocess
    import sys
    from pathlib import Path

    script = """
import gc, sys
from pathlib import Path
from gwstd.validate.pipeline import ValidateOptions, check_file
files = sorted(Path(sys.argv[1]).glob("*.yaml"))
for path in files:  # first-time imports and caches are not counted
    check_file(path, ValidateOptions())
gc.collect()
gc.disable()
for path in files:
    check_file(path, ValidateOptions())
print(gc.collect())
"""
    root = Path(__file__).resolve().parents[2] / "catalog"
    run = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.strip()) < 10  # what a file leaves, every time it is checked


def test_numbers_that_are_none_stay_text():
    # "0b_" matches YAML 1.1's int pattern but has no digits: PyYAML's constructor raises on it.
    doc, problems = load_text("a: 0b_\nb: 0x_\nc: 0b1_0\n", "f")
    assert problems == [] and doc.data == {"a": "0b_", "b": "0x_", "c": 2}

# ------------------------------------------------------------------------------------------------------
# Parser errors in Chinese, from both families of parser messages

CJK = re.compile(r"[\u4e00-\u9fff]")
# Words a translated message may keep; any other run of Latin letters would be the parser's English.
_KEPT_WORDS = re.compile(r"YAML|TAG|Tab|UTF|Unicode|URI|U\+[0-9A-F]+")


def _nested_keys(levels: int) -> str:
    return "".join(" " * i + "k:\n" for i in range(levels)) + " " * levels + "v: 1\n"


@pytest.fixture(params=["libyaml", "python"])
def yaml_family(request, monkeypatch):
    """The full loader on libyaml (CSafeLoader, what PyYAML's wheels bundle) and on PyYAML's pure-Python
    scanner, parser and composer (SafeLoader), whose messages are worded differently."""
    import yaml

    from gwstd.load import full as fullload

    if request.param == "libyaml":
        if not issubclass(fullload._Loader, yaml.CSafeLoader if yaml.__with_libyaml__ else ()):
            if os.environ.get("GWSTD_REQUIRE_FAST_PATH"):
                pytest.fail("PyYAML was installed without libyaml")
            pytest.skip("PyYAML was installed without libyaml")
    else:
        monkeypatch.setattr(fullload, "_Loader", type("_PureLoader", (fullload._Resolving, yaml.SafeLoader), {}))
    return request.param


# (text, code, line): one document per kind of parser error gwstd translates.
MALFORMED = {
    "tab-indent": ("domain: 义务教育\ncategories:\n\t- name: 招生\n", "GW004", 3),
    "tab-before-key": ("a: 1\n\tb: 2\n", "GW004", 2),
    "unclosed-double-quote": ('a: "招生入学\nb: 1\n', "GW004", 1),
    "unclosed-single-quote": ("a: 'x\nb: 1\n", "GW004", 1),
    "unclosed-bracket": ("a: [1, 2\nb: 1\n", "GW004", 1),
    "unclosed-brace": ("a: {x: 1\nb: 1\n", "GW004", 1),
    "unclosed-brace-at-top": ("{a: 1, b\n", "GW004", 1),
    "document-marker-in-quotes": ("a: 'x\n---\n'\n", "GW004", 1),
    "value-indented-too-far": ("a: 1\n  b: 2\n", "GW004", 2),
    "list-indented-too-little": ("a:\n  - x\n - y\n", "GW004", 3),
    "key-indented-too-little": ("a:\n    b: 1\n  c: 2\n", "GW004", 3),
    "list-after-mapping": ("a: b\n- c\n", "GW004", 2),
    "mapping-after-list": ("- a\nb: 1\n", "GW004", 2),
    "colon-in-plain-value": ("name: 说明: 见附件\n", "GW004", 1),
    "key-without-colon": ("a\nb: 1\n", "GW004", 2),
    "unknown-escape": ('a: "C:\\q"\n', "GW004", 1),
    "bad-hex-escape": ('a: "\\xZZ"\n', "GW004", 1),
    "undefined-alias": ("a: *x1\n", "GW004", 1),
    "duplicate-anchor": ("a: &x 1\nb: &x 2\n", "GW004", 2),
    "control-character": ("domain: 义务教育\nname: 招生\x07入学\n", "GW004", 2),
    "escape-character": ("a: 1\nb: \x1b\n", "GW004", 2),
    "noncharacter": ("a: \ufffe\n", "GW004", 1),
    "at-sign": ("a: @招生\n", "GW004", 1),
    "backtick": ("a: `x`\n", "GW004", 1),
    "yaml-2": ("%YAML 2.0\n---\na: 1\n", "GW004", 1),
    "duplicate-yaml-directive": ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "GW004", 2),
    "duplicate-tag-directive": ("%TAG ! a\n%TAG ! b\n---\na: 1\n", "GW004", 2),
    "undefined-tag-handle": ("a: !x!y 1\n", "GW004", 1),
    "unclosed-verbatim-tag": ("a: !<x y\n", "GW004", 1),
    "bad-uri-escape": ("a: !<%ZZ> 1\n", "GW004", 1),
    "not-utf8-uri-escape": ("a: !<%FF> 1\n", "GW004", 1),
    "block-indicator-zero": ("a: |0\n  x\n", "GW004", 1),
    "block-indicator-junk": ("a: |x\n  x\n", "GW004", 1),
    "empty-anchor": ("a: & 1\n", "GW004", 1),
    "content-after-document-end": ("a: 1\n... x\n", "GW004", 2),
    "second-document": ("a: 1\n---\nb: 2\n", "GW009", 2),
    "nesting-beyond-64-flow": ("a: " + "[" * 70 + "]" * 70 + "\n", "GW007", 1),
    "nesting-beyond-64-block": (_nested_keys(70), "GW007", 66),
    # libyaml's own limit (about 1,000 levels) and the pure-Python composer's recursion; PyYAML's pure-Python
    # scanner takes seconds over deep flow or block nesting (its simple-key bookkeeping is quadratic)
    "nesting-beyond-1000-flow": pytest.param("domain: 义务教育\ncategories: " + "[" * 1100 + "]" * 1100 + "\n",
                                             "GW007", 2, marks=pytest.mark.slow),
    "nesting-beyond-1000-block": pytest.param(_nested_keys(1100), "GW007", 65, marks=pytest.mark.slow),
    "nesting-beyond-1000-dashes": ("- " * 1100 + "x\n", "GW007", 1),
}


@pytest.mark.parametrize("text,code,line", MALFORMED.values(), ids=MALFORMED)
def test_parser_errors_get_our_code_line_and_chinese(text, code, line, yaml_family):
    doc, problems = load_text(text, "f.yaml")
    assert doc is None and [(p.code, p.line) for p in problems] == [(code, line)], problems
    message = problems[0].message
    assert CJK.search(message), message
    assert "解析器原文" not in message, message  # translated, not the general message with the English kept
    assert not re.search(r"[A-Za-z]{4,}", _KEPT_WORDS.sub("", message)), message


def test_reader_errors_are_placed_by_character_in_both_families(yaml_family):
    # libyaml gives the offset in bytes of UTF-8, PyYAML's reader in characters: both are line 2, column 11.
    _, problems = load_text("domain: 义务教育\nname: 招生入学\x07\n", "f.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("GW004", 2, 11)]
    assert "U+0007" in problems[0].message


def test_an_unclosed_quote_is_reported_where_it_opens(yaml_family):
    _, problems = load_text('domain: 义务教育\nname: "招生\nid: 1\nx: 2\n', "f.yaml")
    assert (problems[0].line, problems[0].column) == (2, 7)
    assert "第 5 行" in problems[0].hint


# Every problem and context string libyaml can produce (libyaml's src/reader.c, scanner.c, parser.c and
# loader.c upstream; the nesting limit as worded in the copy PyYAML 6.0.4's wheels bundle) and those of
# PyYAML's _yaml.pyx, which composes for CSafeLoader.
LIBYAML_PROBLEMS = [
    "exceeded maximum nesting depth", "Maximum nesting level reached, set with yaml_set_max_nest_level())",
    "input is too long", "control characters are not allowed", "expected low surrogate area",
    "incomplete UTF-16 character", "incomplete UTF-16 surrogate pair", "incomplete UTF-8 octet sequence",
    "input error", "invalid Unicode character", "invalid leading UTF-8 octet", "invalid length of a UTF-8 sequence",
    "invalid trailing UTF-8 octet", "unexpected low surrogate area",
    "block sequence entries are not allowed in this context", "could not find expected ':'",
    "could not find expected directive name", "did not find URI escaped octet", "did not find expected '!'",
    "did not find expected alphabetic or numeric character", "did not find expected comment or line break",
    "did not find expected digit or '.' character", "did not find expected hexdecimal number",
    "did not find expected tag URI", "did not find expected version number",
    "did not find expected whitespace or line break", "did not find expected whitespace",
    "did not find the expected '>'", "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected", "found an incorrect leading UTF-8 octet",
    "found an incorrect trailing UTF-8 octet", "found an indentation indicator equal to 0",
    "found character that cannot start any token", "found extremely long version number",
    "found invalid Unicode character escape code", "found unexpected ':'", "found unexpected document indicator",
    "found unexpected end of stream", "found unexpected non-alphabetical character", "found unknown directive name",
    "found unknown escape character", "mapping keys are not allowed in this context",
    "mapping values are not allowed in this context", "did not find expected ',' or ']'",
    "did not find expected ',' or '}'", "did not find expected '-' indicator",
    "did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
    "did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
    "found incompatible YAML document", "found undefined tag handle", "found undefined alias",
    "second occurrence", "but found another document",
]
LIBYAML_CONTEXTS = [
    "while increasing flow level", "while increasing block level", "while parsing",
    "while parsing a block collection", "while parsing a block mapping", "while parsing a block node",
    "while parsing a flow mapping", "while parsing a flow node", "while parsing a flow sequence",
    "while parsing a node", "while parsing a %TAG directive", "while parsing a quoted scalar",
    "while parsing a tag directive", "while parsing a tag", "while scanning a %TAG directive",
    "while scanning a %YAML directive", "while scanning a block scalar", "while scanning a directive",
    "while scanning a plain scalar", "while scanning a quoted scalar", "while scanning a simple key",
    "while scanning a tag directive", "while scanning a tag", "while scanning an alias", "while scanning an anchor",
    "while scanning for the next token", "found duplicate anchor; first occurrence",
    "expected a single document in the stream",
]


def _pyyaml_wordings() -> tuple[list[set[str]], list[set[str]]]:
    """(problems, contexts) of PyYAML's pure-Python reader, scanner, parser and composer, read from the
    installed source: each literal an error is raised with, as the set of texts it can become (%s is filled
    with each name PyYAML passes, %r and %d with a sample value)."""
    import ast
    from pathlib import Path

    import yaml

    names = ("anchor", "alias", "directive", "tag", "block", "flow")

    def texts(node: ast.expr) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
            return {node.left.value.replace("%r", "'x'").replace("%d", "2").replace("%s", name) for name in names}
        return set()  # a message made at run time (str(exc), exc.reason): covered by the tests above

    problems: list[set[str]] = []
    contexts: list[set[str]] = []
    for module in ("reader", "scanner", "parser", "composer"):
        tree = ast.parse((Path(yaml.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                    and call.func.id in ("ReaderError", "ScannerError", "ParserError", "ComposerError")):
                continue
            if call.func.id == "ReaderError":
                problems.append(texts(call.args[4]))
                continue
            contexts.append(texts(call.args[0]))
            problems.append(texts(call.args[2]))
    problems, contexts = [t for t in problems if t], [t for t in contexts if t]
    assert len(problems) > 30 and len(contexts) > 20  # the source was read, not skipped
    return problems, contexts


def test_every_parser_wording_has_a_chinese_row():

    pure_problems, pure_contexts = _pyyaml_wordings()
    problems = [{p} for p in LIBYAML_PROBLEMS] + pure_problems
    contexts = [{c} for c in LIBYAML_CONTEXTS] + pure_contexts
    assert [sorted(t) for t in problems if not any(yaml_errors._problem_in_chinese(p) for p in t)] == []
    assert [sorted(t) for t in contexts if all(yaml_errors._context_in_chinese(c) is None for c in t)] == []
    for problem in LIBYAML_PROBLEMS:
        code, chinese, _ = yaml_errors._problem_in_chinese(problem)
        assert code in ("GW004", "GW007", "GW009", "GW017") and (chinese == "" or CJK.search(chinese))


def test_pyyaml_reader_errors_on_bytes_are_translated():
    # PyYAML's reader decodes bytes itself and passes the codec's reason on; gwstd hands it text, but the
    # shape (a byte, an offset in bytes, no marks) must still come out placed and in Chinese.
    import yaml


    raw = "domain: 义务教育\nname: 招生".encode() + b"\xff\n"
    with pytest.raises(yaml.reader.ReaderError) as info:
        yaml.reader.Reader(raw)
    problem = yaml_errors.yaml_error(info.value, "f.yaml", raw.decode("utf-8", "replace"))
    assert (problem.code, problem.line, problem.column) == ("GW004", 2, 9)
    assert "0xFF" in problem.message and "解析器原文" not in problem.message and CJK.search(problem.message)


def test_wordings_are_matched_ignoring_case_and_quoted_parts():

    assert yaml_errors._problem_in_chinese("Exceeded Maximum Nesting Depth")[0] == "GW007"
    assert yaml_errors._problem_in_chinese("MAPPING VALUES ARE NOT ALLOWED HERE")[0] == "GW004"
    code, chinese, quoted = yaml_errors._problem_in_chinese("found undefined alias 'id-01'")
    assert quoted == "'id-01'" and yaml_errors._shown(quoted) == "「id-01」"
    assert yaml_errors._shown("'\\x07'") == "「U+0007」"


def _error(problem: str, context: str | None = None):
    import yaml

    mark = yaml.Mark("f.yaml", 3, 0, 3, None, None)
    return yaml.scanner.ScannerError(context, mark if context else None, problem, mark)


def test_an_unknown_wording_keeps_the_original_as_a_detail():

    problem = yaml_errors.yaml_error(_error("found a frobnicated token", "while frobbing"), "f.yaml", "a: b\n")
    assert problem.code == "GW004" and (problem.line, problem.column) == (1, 4)
    assert problem.message == "YAML 语法错误:无法解析(解析器原文:while frobbing; found a frobnicated token)"
    # a known problem in an unknown context: the problem in Chinese, no English
    known = yaml_errors.yaml_error(_error("did not find expected key", "while frobbing"), "f.yaml", "a: b\n")
    assert known.message == "YAML 语法错误:缩进不一致,没有找到应有的键"


def test_libyaml_limits_get_our_codes():
    import yaml


    too_long = yaml.reader.ReaderError("<unicode string>", 0, -1, "?", "input is too long")
    problem = yaml_errors.yaml_error(too_long, "f.yaml", "a: b\n")
    assert problem.code == "GW017" and CJK.search(problem.message) and "too long" not in problem.message
    nest = _error("Maximum nesting level reached, set with yaml_set_max_nest_level())", "while parsing")
    problem = yaml_errors.yaml_error(nest, "f.yaml", "a: b\n")
    assert (problem.code, problem.line, problem.column) == ("GW007", 1, 4)
    assert problem.message == "嵌套层级超过 64 层"


def test_libyaml_running_out_of_memory_is_reported(monkeypatch):
    # PyYAML's C parser raises MemoryError (not a YAMLError) when libyaml reports a memory error.
    from gwstd.load import full as fullload

    class Exhausted(fullload._Loader):
        def get_single_node(self):
            raise MemoryError

    monkeypatch.setattr(fullload, "_Loader", Exhausted)
    _, problems = load_text("a: &a 1\n", "f.yaml")
    assert [p.code for p in problems] == ["GW017"] and CJK.search(problems[0].message)


def test_validate_reports_libyaml_nesting_limit_as_gw007(gwstd, tmp_path):
    import json
    import shutil
    from pathlib import Path

    root = tmp_path / "catalog"
    root.mkdir()
    shutil.copyfile(Path(__file__).parents[1] / "cases" / "_base" / "catalog.yaml", root / "catalog.yaml")
    (root / "jy.yaml").write_text("domain: 义务教育\ncategories: " + "[" * 5000 + "]" * 5000 + "\n",
                                  encoding="utf-8")
    run = gwstd("validate", root, "--format", "json")
    assert run.code == 1
    found = [d for d in json.loads(run.out)["diagnostics"] if d["file"].endswith("jy.yaml")]
    assert [(d["code"], d["line"]) for d in found] == [("GW007", 2)]
    assert CJK.search(found[0]["message"]) and "nesting" not in found[0]["message"]


def test_a_number_too_long_to_print_stays_text():
    long_hex = "0x" + "f" * 4000  # Python reads it, but refuses to print an int of so many digits
    doc, problems = load_text(f"a: {long_hex}\nb: 0x{'f' * 100}\n", "f")
    assert problems == [] and doc.data["a"] == long_hex and doc.data["b"] == int("f" * 100, 16)
