"""Every PASS and FAIL example of every rule's docstring, run through the validator.

An example is completed into a minimal valid catalogue as rules/base.py describes (tests/cases/_base's
catalog.yaml, and the one item of tests/cases/valid), written to files and validated: a PASS example gives
no diagnostic at all, a FAIL example exactly the codes its trailing comments name, on the commented lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import casekit
import pytest
import yaml

from gwstd.rules.base import Example, Rule
from gwstd.rules.registry import RULES
from gwstd.validate.pipeline import ValidateOptions, validate_paths

HEADER = re.compile(r"^#\s*([\w.-]+\.ya?ml)\s*$")  # a whole-line comment naming a file
DIRECTIVE = re.compile(r"^#\s*gwstd validate\b(.*)$")
COMMENT = re.compile(r"(?:^|\s)#(.*)$")
CODE = re.compile(r"GW\d{3}")
CATALOGUE_FILE = "catalog.yaml"
DEFAULT_DOMAIN_FILE = "jy.yaml"
FLAGS = {"--require-scope": "require_scope"}  # the options an example may ask for

BASE_CATALOGUE = (casekit.CASES / "_base" / CATALOGUE_FILE).read_text(encoding="utf-8")
_VALID = yaml.safe_load((casekit.CASES / "valid" / "jy.yaml").read_text(encoding="utf-8"))
BASE_DOMAIN = _VALID["domain"]
BASE_CATEGORY = _VALID["categories"][0]["name"]
BASE_ITEM = _VALID["categories"][0]["items"][0]


def _one_line(value) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip().removesuffix("\n...")


def filler(stem: str, number: int, keys: set[str]) -> list[str]:
    """``key: value`` lines completing an item that has ``keys``: the base item's other fields, with an id and
    a name of its own (``number`` counts the items of the file)."""
    own = {"id": f"{stem}-{number:03d}", "name": f"示例事项{number}"}
    return [f"{k}: {_one_line(own.get(k, v))}" for k, v in BASE_ITEM.items() if k not in keys]


@dataclass
class Section:
    file: str
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line in the example, text)


def sections(example: Example) -> tuple[list[Section], dict[str, bool]]:
    """The example's parts, one per file, and the validator options its directive asks for."""
    parts = [Section(DEFAULT_DOMAIN_FILE)]
    options: dict[str, bool] = {}
    for number, line in enumerate(example.text.splitlines()):
        if header := HEADER.match(line):
            parts.append(Section(header[1]))
        elif directive := DIRECTIVE.match(line):
            for flag in directive[1].split():
                options[FLAGS[flag]] = True  # a KeyError here: an option the examples cannot ask for yet
        else:
            parts[-1].lines.append((number, line))
    parts = [p for p in parts if p.lines or p.file != DEFAULT_DOMAIN_FILE]
    if all(p.file == CATALOGUE_FILE for p in parts):  # a file the example does not name is the base one
        parts.append(Section(DEFAULT_DOMAIN_FILE))
    if all(p.file != CATALOGUE_FILE for p in parts):
        parts.append(Section(CATALOGUE_FILE))
    return parts, options


class Builder:
    """One file's text, line by line, remembering where each line of the example went."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.where: dict[int, int] = {}  # line in the example → line of the file (1-based)

    def add(self, line: str) -> None:
        self.out.append(line)

    def add_example(self, number: int, line: str) -> None:
        self.out.append(line)
        self.where[number] = len(self.out)

    @property
    def text(self) -> str:
        return "\n".join(self.out) + "\n"


def _top_level_blocks(text: str) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            current = blocks.setdefault(line.split(":")[0], [])
        assert current is not None
        current.append(line)
    return blocks


def build_catalogue(section: Section) -> Builder:
    given = yaml.safe_load("\n".join(t for _, t in section.lines)) or {}
    built = Builder()
    for key, block in _top_level_blocks(BASE_CATALOGUE).items():
        if key not in given:
            for line in block:
                built.add(line)
    for number, line in section.lines:
        built.add_example(number, line)
    return built


def _item_nodes(node: yaml.Node, top_level: bool) -> list[yaml.MappingNode]:
    """The mapping nodes of the items an example writes: the list's elements, or those under categories."""
    if node is None:
        return []
    if not top_level:
        return [n for n in node.value if isinstance(n, yaml.MappingNode)]
    found = []

    def child(mapping: yaml.Node, key: str) -> yaml.Node | None:
        if isinstance(mapping, yaml.MappingNode):
            for k, v in mapping.value:
                if k.value == key:
                    return v
        return None

    for category in getattr(child(node, "categories"), "value", []):
        groups = [category] + list(getattr(child(category, "subcategories"), "value", []))
        for group in groups:
            found.extend(n for n in getattr(child(group, "items"), "value", []) if isinstance(n, yaml.MappingNode))
    return found


def build_domain(section: Section) -> Builder:
    stem = Path(section.file).stem
    lines = list(section.lines)
    node = yaml.compose("\n".join(t for _, t in lines))
    top_level = node is None or isinstance(node, yaml.MappingNode) and any(k.value in ("domain", "categories") for k, _ in node.value)
    if isinstance(node, yaml.MappingNode) and not top_level:  # the fields of one item: make it a list of one
        first = next(i for i, (_, t) in enumerate(lines) if t.strip() and not t.lstrip().startswith("#"))
        lines = [(n, ("- " if i == first else "  ") + t) for i, (n, t) in enumerate(lines)]
        node = yaml.compose("\n".join(t for _, t in lines))
    items = _item_nodes(node, top_level)
    assert items or top_level, f"{section.file}: the example writes no item"
    before: dict[int, list[str]] = {}  # index in ``lines`` → completing lines to write before it
    for number, item in enumerate(items, start=1):
        row, column = item.start_mark.line, item.start_mark.column
        text = lines[row][1]
        assert text[column - 2:column] == "- ", f"{section.file}: write items in block style: {text!r}"
        completing = filler(stem, number, {k.value for k, _ in item.value})
        if completing:
            lines[row] = (lines[row][0], text[:column - 2] + "  " + text[column:])
            before[row] = [" " * (column - 2) + "- " + completing[0]] + [" " * column + c for c in completing[1:]]
    built = Builder()
    indent = ""
    given = {k.value for k, _ in node.value} if top_level and node is not None else set()
    if "domain" not in given:
        built.add(f"domain: {BASE_DOMAIN}")
    if not top_level:
        built.add("categories:")
        built.add(f"  - name: {BASE_CATEGORY}")
        built.add("    items:")
        indent = " " * 6
    elif "categories" not in given:
        built.add("categories:")
        built.add(f"  - name: {BASE_CATEGORY}")
        built.add("    items:")
        completing = filler(stem, len(items) + 1, set())
        built.add("      - " + completing[0])
        for line in completing[1:]:
            built.add(" " * 8 + line)
    for row, (number, text) in enumerate(lines):
        for line in before.get(row, []):
            built.add(indent + line)
        built.add_example(number, indent + text if text.strip() else "")
    return built


def run(example: Example, folder: Path) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
    """(what the example's comments name, what the validator gives), each as sorted (file, line, code)."""
    parts, options = sections(example)
    folder.mkdir()
    expected = []
    lines = example.text.splitlines()
    for part in parts:
        built = build_catalogue(part) if part.file == CATALOGUE_FILE else build_domain(part)
        (folder / part.file).write_text(built.text, encoding="utf-8")
        for number, line in built.where.items():
            comment = COMMENT.search(lines[number])
            for code in CODE.findall(comment[1] if comment else ""):
                expected.append((part.file, line, code))
    result = validate_paths([folder], ValidateOptions(**options))
    actual = [(Path(d.file).name, d.line, d.code) for d in result.diagnostics]
    return sorted(expected), sorted(actual)


def _modules() -> dict[str, list[Rule]]:
    """The rules of each rule module (rules of one module share its docstring and so its examples)."""
    out: dict[str, list[Rule]] = {}
    for rule in RULES:
        out.setdefault(rule.check.__module__.rpartition(".")[2], []).append(rule)
    return out


MODULES = _modules()
CASES = [(name, i, example) for name, rules in MODULES.items() for i, example in enumerate(rules[0].examples)]


@pytest.mark.parametrize("module, index, example", CASES,
                         ids=[f"{m}-{'PASS' if e.passes else 'FAIL'}-{i}" for m, i, e in CASES])
def test_example(module, index, example, tmp_path):
    expected, actual = run(example, tmp_path / "example")
    if example.passes:
        assert actual == [], example.text
        assert expected == [], "a PASS example names no code"
    else:
        assert expected, "a FAIL example names the codes it gives in trailing comments"
        assert actual == expected, example.text


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_rule_shows_a_pass_and_a_fail(module):
    rules = MODULES[module]
    examples = rules[0].examples
    assert all(r.doc == rules[0].doc for r in rules)
    assert any(e.passes for e in examples), f"{module}: no PASS:: example"
    named = {c for e in examples if not e.passes for c in CODE.findall(e.text)}
    for rule in rules:
        assert set(rule.codes) <= named, f"{rule.id}: no FAIL:: example gives {rule.codes}"
    assert named <= {c for r in rules for c in r.codes}, f"{module}: examples name codes of other rules"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_example_comments_are_chinese(module):
    for example in MODULES[module][0].examples:
        for line in example.text.splitlines():
            comment = COMMENT.search(line)
            if comment and CODE.search(comment[1]):
                assert re.search(r"[\u4e00-\u9fff]", comment[1]), f"{module}: say why in Chinese: {line!r}"


def test_a_wrong_example_fails(tmp_path):
    """The check has teeth: an example claiming the wrong line, or a code it does not give, is caught."""
    right = Example(False, 'hotlines:\n  consult: "2222222"  # GW204:缺少区号\n')
    expected, actual = run(right, tmp_path / "right")
    assert actual == expected == [("jy.yaml", expected[0][1], "GW204")]
    for wrong in ('hotlines:  # GW204:缺少区号\n  consult: "2222222"\n',
                  'hotlines:\n  consult: "0838-2222222"  # GW204:缺少区号\n'):
        expected, actual = run(Example(False, wrong), tmp_path / str(len(wrong)))
        assert actual != expected
