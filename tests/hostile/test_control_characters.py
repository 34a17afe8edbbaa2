"""Control characters from a catalogue (ESC, BEL, NUL, DEL, C1) never reach a terminal, an XML document or a
book raw: validate reports them (GW220), every report format shows or escapes them, the books drop them."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from xml.dom import minidom

import pytest

from gwstd.reports import registry

ROOT = Path(__file__).resolve().parents[2]
# What must never be written raw: C0 but tab, line feed and carriage return; DEL; C1.
RAW = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TITLE = "\x1b]0;PWNED\x07"  # sets a terminal's window title
RED_NAME = "征地\x1b[31m补偿法律法规"
NUL_URL = "https://www.example.gov.cn/zrzyj/\x00zcfg/"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar for ``value``, control characters as escapes."""
    return json.dumps(value, ensure_ascii=False).replace("\\u001b", "\\e")


@pytest.fixture
def hostile(sample_catalog) -> Path:
    """The bundled catalogue with control characters in a name, an update cycle, a URL and a department."""
    domain = sample_catalog / "zhengdi-buchang.yaml"
    _edit(domain, "name: 征地补偿法律法规", f"name: {_quoted(RED_NAME)}")
    _edit(domain, "update_cycle: 动态更新", f"update_cycle: {_quoted(TITLE)}")
    _edit(domain, "url: https://www.example.gov.cn/zrzyj/zcfg/", f"url: {_quoted(NUL_URL)}")
    meta = sample_catalog / "catalog.yaml"
    text = meta.read_text(encoding="utf-8")
    name = re.search(r"^    name: (\S+)$", text, re.M)
    assert name is not None
    meta.write_text(text.replace(name[0], f'    name: "{name[1]}\\x85\\x7f"', 1), encoding="utf-8")
    return sample_catalog


def _clean(text: str) -> bool:
    return RAW.search(text) is None


@pytest.mark.parametrize("args", [
    ("validate",), ("validate", "-f", "github"), ("validate", "-f", "json"), ("validate", "-f", "junit"),
    ("stats",), ("stats", "-f", "csv"), ("stats", "-f", "markdown"), ("stats", "-f", "json"),
    ("coverage",), ("coverage", "-f", "markdown"), ("coverage", "-f", "json"),
], ids=" ".join)
def test_reports_of_a_catalogue_carry_no_raw_control_character(gwstd, hostile, args):
    run = gwstd(*args, hostile)
    assert _clean(run.out), [m.group() for m in RAW.finditer(run.out)]
    assert _clean(run.err)


@pytest.mark.parametrize("fmt", ["human", "markdown", "json"])
def test_diff_carries_no_raw_control_character(gwstd, hostile, fmt):
    run = gwstd("diff", ROOT / "catalog", hostile, "-f", fmt)
    assert _clean(run.out) and _clean(run.err)
    if fmt == "json":  # escaped in JSON's syntax: the value itself comes back
        names = [item["name"] for item in json.loads(run.out)["items"]]
        assert RED_NAME in names
    else:
        assert "\\x1b[31m" in run.out  # shown, not obeyed


def test_text_reports_show_the_characters_as_escapes(gwstd, hostile):
    run = gwstd("stats", hostile, "-f", "csv")
    assert "\\x1b]0;PWNED\\x07" in run.out  # the update cycle's row, as \xNN
    run = gwstd("validate", hostile, "-f", "github")
    assert "\\x1b]0;PWNED\\x07" in run.out


def test_colours_of_our_own_still_reach_a_terminal(gwstd, hostile, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    for args in (("stats", hostile), ("validate", hostile), ("diff", ROOT / "catalog", hostile)):
        out = gwstd(*args).out
        assert "\x1b[" in out, args  # rich's styles
        assert "\x07" not in out and "\x1b]" not in out and "\x00" not in out, args
        # every escape sequence written is a style (SGR) of ours; the catalogue's own ESC shows as text
        assert all(re.match(r"\x1b\[[0-9;]*m", out[m.start():]) for m in re.finditer("\x1b", out)), args
        assert "\\x1b" in out, args


def test_gw220_names_each_value_with_its_field_and_the_characters(gwstd, hostile):
    run = gwstd("validate", hostile, "-f", "json")
    found = [d for d in json.loads(run.out)["diagnostics"] if d["code"] == "GW220"]
    messages = {d["message"] for d in found}
    assert "「公开事项名称」含有控制字符 U+001B,请删除" in messages
    assert "「信息更新周期」含有控制字符 U+001B、U+0007,请删除" in messages
    assert "「公开网址」含有控制字符 U+0000,请删除" in messages  # a URL with NUL passed validate before
    assert any("U+0085、U+007F" in m for m in messages), messages  # catalog.yaml: C1 and DEL
    assert all(d["severity"] == "error" and d["line"] and d["column"] for d in found)
    assert run.code == 1
    # the vocabulary rule still quotes the value: as escapes for people, as the value itself in JSON
    vocab = [d["message"] for d in json.loads(run.out)["diagnostics"] if d["code"] == "GW104"]
    assert any(TITLE in m for m in vocab)
    assert "GW104 「信息更新周期」的取值「\\x1b]0;PWNED\\x07」不在规定范围内" in gwstd("validate", hostile).out


def test_junit_is_xml_1_0_whatever_the_catalogue_holds(gwstd, hostile, tmp_path):
    run = gwstd("validate", hostile, "-f", "junit")
    document = minidom.parseString(run.out.encode("utf-8"))
    assert document.getElementsByTagName("testcase")
    report = tmp_path / "junit.xml"
    gwstd("validate", hostile, "-f", "junit", "-o", report)
    minidom.parse(str(report))


def _hostile_report():
    from gwstd.diagnostics import Diagnostic, Severity, Summary
    from gwstd.reports.base import Report

    d = Diagnostic("GW207", Severity.ERROR, f"占位内容{TITLE}\x85", file="jy\x1b.yaml", line=3, column=5,
                   path=("categories", 0, "name\x00"), hint="提示\x07", source_line=f"name: {TITLE}\r")
    return Report(command="validate", diagnostics=[d], summary=Summary.of([d], 1), files=["jy\x1b.yaml"])


@dataclass
class _Column:
    column: int
    header: str
    target: str

    @property
    def label(self) -> str:
        return f"字段{self.header}"


@dataclass
class _Skipped:
    row: int
    reason: str
    text: str


@dataclass
class _Sheet:
    sheet: str
    domain: str
    header_rows: tuple
    columns: list
    items: int
    skipped: list
    diagnostics: list
    file: str


def _hostile_import():
    from gwstd.reports.base import ImportReport

    report = _hostile_report()
    sheet = _Sheet(f"表{TITLE}", "义务\x9b教育", (1, 2), [_Column(0, "名称\x1b[2J", "name")], 3,
                   [_Skipped(5, "重复的表头行", "事项\x00名称")], report.diagnostics, "目录\x1b.xlsx")
    return ImportReport(report=report, sheets=[sheet], written=["out/\x1bjy.yaml"])


@pytest.mark.parametrize("kind, make", [("diagnostics", _hostile_report), ("import", _hostile_import)])
def test_every_format_of_the_registry_escapes(kind, make):
    from io import StringIO

    for name, chosen in registry.FORMATS[kind].items():
        out = StringIO()
        registry.renderer(kind, name)(make(), out)
        assert _clean(out.getvalue()), (kind, name)
        if chosen.stream_kind == registry.XML:
            minidom.parseString(out.getvalue().encode("utf-8"))
        elif chosen.stream_kind == registry.JSON:
            assert TITLE in json.loads(out.getvalue())["diagnostics"][0]["message"]  # the value, unchanged


def test_rules_listing_is_clean(gwstd):
    run = gwstd("rules")
    assert _clean(run.out) and "GW220" in run.out


def test_values_that_look_like_markup_are_text(gwstd, sample_catalog):
    """rich read values as markup: a [/x] in a name crashed stats, diff and coverage, a [red] coloured them."""
    _edit(sample_catalog / "catalog.yaml", "region: 示例县", 'region: "示例县[/x]"')
    _edit(sample_catalog / "zhengdi-buchang.yaml", "name: 征地补偿法律法规", 'name: "征地[red]补偿[/red]法律法规"')
    for args in (("stats", sample_catalog), ("diff", ROOT / "catalog", sample_catalog), ("coverage", sample_catalog)):
        run = gwstd(*args)
        assert "示例县[/x]" in run.out, args
    assert "征地[red]补偿" in gwstd("diff", ROOT / "catalog", sample_catalog).out.replace("\n", "").replace(" ", "").replace("│", "")


def test_a_line_break_or_bar_in_a_value_keeps_markdown_tables_whole(gwstd, sample_catalog):
    _edit(sample_catalog / "catalog.yaml", "name: 示例县教育局", 'name: "示例县|教育局\\n(本级)"')
    out = gwstd("stats", sample_catalog, "-f", "markdown").out
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 3 for row in rows)
    assert "| 示例县\\|教育局 (本级) |" in out


def test_the_html_book_and_the_workbook_carry_no_control_character(gwstd, hostile, tmp_path):
    out = tmp_path / "dist"
    run = gwstd("build", hostile, "--force", "-o", out, "--only", "html", "--only", "excel")
    assert run.code == 0, run.err
    html = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert _clean(html)
    assert "征地\ufffd[31m补偿法律法规" in html  # replaced, so the gap is seen
    import openpyxl

    (book,) = out.glob("*.xlsx")
    workbook = openpyxl.load_workbook(book)
    cells = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert cells and not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", v) for v in cells)


def test_the_book_of_a_user_template_is_cleaned_too(gwstd, hostile, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    page = templates / "index.html"
    # a value and literal text of the user's own
    page.write_text("{% extends \"base.html\" %}{% block header %}<p id=mine>{{ '\\x00\\x1b' }}\x01</p>"
                    "{% endblock %}", encoding="utf-8")
    out = tmp_path / "dist"
    run = gwstd("build", hostile, "--force", "-o", out, "--only", "html", "--templates", templates)
    assert run.code == 0, run.err
    html = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert _clean(html) and "<p id=mine>\ufffd\ufffd\ufffd</p>" in html


class _Pair(NamedTuple):
    a: str
    b: int


@dataclass(frozen=True, slots=True)
class _Frozen:
    text: str
    pairs: tuple
    counts: Counter
    groups: defaultdict


def test_visible_in_copies_only_what_holds_a_control_character():
    from gwstd.seams.streams import visible_in

    clean = _Frozen("a", (_Pair("b", 1),), Counter({"c": 2}), defaultdict(list, {"d": ["e"]}))
    assert visible_in(clean) is clean
    dirty = _Frozen("a\x1b", (_Pair("b\x07", 1),), Counter({"c\x00": 2}), defaultdict(list, {"d": ["e\x85"]}))
    shown = visible_in(dirty)
    assert shown is not dirty and dirty.text == "a\x1b"  # the original is left as it was
    assert shown.text == "a\\x1b" and shown.pairs == (_Pair("b\\x07", 1),)
    assert isinstance(shown.counts, Counter) and shown.counts == Counter({"c\\x00": 2})
    assert isinstance(shown.groups, defaultdict) and shown.groups["d"] == ["e\\x85"]
    assert shown.groups["new"] == []  # the factory is kept
    assert visible_in("tab\tand\nline") == "tab\tand\nline"


def test_messages_of_a_command_that_cannot_go_on_show_controls_escaped(gwstd, tmp_path):
    run = gwstd("build", tmp_path / "cat", "--templates", tmp_path / "no\x1b]0;PWNED\x07such")
    assert run.code == 2 and "\x1b" not in run.err and "\x07" not in run.err
    assert "no\\x1b]0;PWNED\\x07such" in run.err
