"""The JUnit report as CI systems read it: valid against the Jenkins JUnit schema, parsed by junitparser, one
test case per diagnostic with a name that is unique and survives lines moving, and clean files passing.

The schema is tests/reports/jenkins-junit.xsd, vendored from the npm package junit-processor 0.0.6 (its
header says where from and under what licence). It predates the ``file`` and ``line`` attributes GitLab reads
on a test case, so those two, and only those, are taken off before validating.
"""

from __future__ import annotations

import io
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import casekit
import pytest
import xmlschema
from junitparser import Attr, IntAttr, JUnitXml, TestCase

from gwstd.diagnostics import Diagnostic, Severity, Summary
from gwstd.reports import junit
from gwstd.reports.base import Report
from gwstd.seams import streams

ROOT = Path(__file__).resolve().parents[2]
XSD = Path(__file__).with_name("jenkins-junit.xsd")
# what GitLab reads beyond the Jenkins schema
EXTENSIONS = {"testcase": {"file", "line"}}


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(XSD)


def assert_schema_valid(xml: str, schema: xmlschema.XMLSchema) -> None:
    root = ET.fromstring(xml.split("\n", 1)[1])  # the declaration: ET refuses a str that declares an encoding
    for element in root.iter():
        for name in EXTENSIONS.get(element.tag, ()):
            element.attrib.pop(name, None)
    schema.validate(root)


class Case(TestCase):
    """A test case with the attributes GitLab reads, which junitparser leaves out."""

    file = Attr()
    line = IntAttr()


def cases(xml: str) -> list[Case]:
    report = JUnitXml.fromstring(xml.split("\n", 1)[1].encode("utf-8"))
    return [case for suite in report for case in suite.iterchildren(Case)]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def mixed(tmp_path, monkeypatch) -> Path:
    """jy.yaml with two errors; jy2.yaml with an error and a warning; jy3.yaml and catalog.yaml clean."""
    root = casekit.assemble("placeholders", tmp_path)
    shutil.copyfile(casekit.CASES / "time-limit" / "jy.yaml", root / "jy2.yaml")
    _edit(root / "jy2.yaml", "domain: 义务教育", "domain: 市政服务")
    _edit(root / "jy2.yaml", "jy-001", "sz-001")
    _edit(root / "jy2.yaml", "department: jiaoyu", "department: jiaoyu\n          person: 待定")
    shutil.copyfile(casekit.CASES / "valid" / "jy.yaml", root / "jy3.yaml")
    _edit(root / "jy3.yaml", "domain: 义务教育", "domain: 社会救助")
    _edit(root / "jy3.yaml", "jy-001", "sj-001")
    monkeypatch.chdir(tmp_path)
    return Path(root.name)


def test_every_diagnostic_is_a_case_and_clean_files_pass(gwstd, mixed, schema):
    run = gwstd("validate", mixed, "-f", "junit")
    assert run.code == 1
    assert_schema_valid(run.out, schema)
    found = cases(run.out)
    rows = [(c.classname, c.name, c.file, c.line, [type(r).__name__ for r in c.result]) for c in found]
    assert rows == [
        ("placeholders/catalog.yaml", "placeholders/catalog.yaml", "placeholders/catalog.yaml", None, []),
        ("placeholders/jy.yaml", "GW207 placeholders/jy.yaml categories[0].items[0].content.required[1]",
         "placeholders/jy.yaml", 8, ["Failure"]),
        ("placeholders/jy.yaml", "GW207 placeholders/jy.yaml categories[0].items[0].subject.person",
         "placeholders/jy.yaml", 15, ["Failure"]),
        # the warning is there although its file also has an error, and passes: the run fails on errors only
        ("placeholders/jy2.yaml", "GW208 placeholders/jy2.yaml categories[0].items[0].time_limit",
         "placeholders/jy2.yaml", 11, []),
        ("placeholders/jy2.yaml", "GW207 placeholders/jy2.yaml categories[0].items[0].subject.person",
         "placeholders/jy2.yaml", 15, ["Failure"]),
        ("placeholders/jy3.yaml", "placeholders/jy3.yaml", "placeholders/jy3.yaml", None, []),
    ]
    assert "公开时限「尽快公开」无法识别为期限" in found[3].system_out
    report = JUnitXml.fromstring(run.out.split("\n", 1)[1].encode("utf-8"))
    assert (report.tests, report.failures, report.errors) == (6, 3, 0)
    failure = found[1].result[0]
    assert failure.type == "GW207" and failure.message == "「内容要素」是占位内容「XX」,请填写实际内容"


def test_strict_makes_warnings_failures(gwstd, mixed, schema):
    run = gwstd("validate", mixed, "-f", "junit", "--strict")
    assert_schema_valid(run.out, schema)
    warning = next(c for c in cases(run.out) if c.name.startswith("GW208"))
    assert [type(r).__name__ for r in warning.result] == ["Failure"]
    assert JUnitXml.fromstring(run.out.split("\n", 1)[1].encode("utf-8")).failures == 4


def test_infos_never_fail(gwstd, tmp_path, monkeypatch, schema):
    root = casekit.assemble("unused-department", tmp_path)
    monkeypatch.chdir(tmp_path)
    run = gwstd("validate", root.name, "-f", "junit", "--strict")
    assert run.code == 0
    assert_schema_valid(run.out, schema)
    info = [c for c in cases(run.out) if c.name.startswith("GW213")]
    assert len(info) == 1 and info[0].is_passed and info[0].line == 12


def test_a_clean_catalogue_is_one_passing_case_per_file(gwstd, sample_catalog, tmp_path, monkeypatch, schema):
    monkeypatch.chdir(tmp_path)
    run = gwstd("validate", "catalog", "-f", "junit")
    assert run.code == 0
    assert_schema_valid(run.out, schema)
    found = cases(run.out)
    files = sorted(f"catalog/{p.name}" for p in sample_catalog.glob("*.yaml"))
    assert len(files) == 9
    assert sorted(c.name for c in found) == sorted(c.file for c in found) == sorted(c.classname for c in found) \
        == files
    assert all(c.is_passed and c.system_out is None for c in found)


def test_import_report(gwstd, tmp_path, monkeypatch, schema):
    from openpyxl import Workbook

    monkeypatch.chdir(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "义务教育"
    ws.append(["序号", "公开事项", None, "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "经办人"])
    ws.append([None, "一级事项", "二级事项"])
    ws.merge_cells("B1:C1")
    ws.append([1, "招生入学", "招生划片范围", "学校名称;划片范围", "《中华人民共和国义务教育法》",
               "信息形成之日起20个工作日内", "某某县教育局", "政府网站、乡镇广播站", "张三"])
    wb.save("目录.xlsx")
    run = gwstd("import", "目录.xlsx", "-o", "imported", "--format", "junit")
    assert run.code == 0, run.err
    assert_schema_valid(run.out, schema)
    assert [(c.classname, c.name, c.file, c.line, c.is_passed) for c in cases(run.out)] == [
        ("目录.xlsx", "GW403 目录.xlsx 义务教育.I1", "目录.xlsx", 1, True),
        ("目录.xlsx", "GW404 目录.xlsx 义务教育.H3", "目录.xlsx", 3, True),
    ]


# ------------------------------------------------------------------------------------------------------
# Names: unique on every case of the corpus, and the same after lines move


def _validate_case(gwstd, name: str, root: Path) -> str:
    return gwstd("validate", root.name, *casekit.args(name, root), "-f", "junit").out


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> dict[str, Path]:
    monkeypatch.chdir(tmp_path)
    return {name: casekit.assemble(name, tmp_path) for name in casekit.case_names()}


@pytest.mark.slow  # every case through the CLI: seconds
def test_names_are_unique_on_every_case(gwstd, corpus, schema):
    for name, root in corpus.items():
        xml = _validate_case(gwstd, name, root)
        assert_schema_valid(xml, schema)
        found = cases(xml)
        counts = Counter(c.name for c in found)
        assert [n for n, k in counts.items() if k > 1] == [], name
        assert all(not re.search(r"第 \d+ 行", c.name) for c in found), name
        # every diagnostic the case expects is a case of its own
        assert len([c for c in found if c.name.startswith("GW")]) == len(casekit.expected(name)), name


# cases whose files a comment line on top changes in meaning: bytes that are not UTF-8 text (or a BOM that
# must stay first), an empty file (a comment makes it a file with no document, reported on its first line)
NOT_SHIFTED = {"binary-file", "gbk-encoding", "utf16-encoding", "valid-bom-crlf", "empty-file"}


@pytest.mark.slow  # every case through the CLI, twice
def test_names_stay_when_lines_move(gwstd, corpus):
    shifted = 0
    for name, root in corpus.items():
        if name in NOT_SHIFTED:
            continue
        before = cases(_validate_case(gwstd, name, root))
        for path in [*root.glob("*.yaml"), *root.glob("*.guide")]:
            path.write_bytes(b"# \xe6\xb3\xa8\xe9\x87\x8a\n" + path.read_bytes())  # "# 注释"
        after = cases(_validate_case(gwstd, name, root))
        assert [(c.classname, c.name) for c in after] == [(c.classname, c.name) for c in before], name
        assert [c.line for c in after] == [c.line + 1 if c.line else c.line for c in before], name
        shifted += any(c.line for c in before)
    assert shifted > 30


# ------------------------------------------------------------------------------------------------------
# Below the CLI: names of problems that share code, file and path; text XML cannot carry


def _report(*diagnostics: Diagnostic, files: tuple[str, ...] = (), strict: bool = False) -> Report:
    ds = list(diagnostics)
    return Report(command="validate", diagnostics=ds, summary=Summary.of(ds, len(files)), files=list(files),
                  strict=strict)


def _render(report: Report) -> str:
    out = io.StringIO()
    junit.render(report, out)
    return out.getvalue()


def test_problems_sharing_code_file_and_path_get_numbered_in_order(schema):
    def dup(line: int, key: str) -> Diagnostic:
        return Diagnostic("GW005", Severity.ERROR, f"键「{key}」重复出现(第 {line - 1} 行已有)", "jy.yaml", line, 3)

    xml = _render(_report(dup(12, "a"), dup(20, "b"), dup(31, "c"), files=("jy.yaml",)))
    assert_schema_valid(xml, schema)
    assert [(c.name, c.line) for c in cases(xml)] == [("GW005 jy.yaml", 12), ("GW005 jy.yaml #2", 20),
                                                      ("GW005 jy.yaml #3", 31)]
    shifted = _render(_report(dup(13, "a"), dup(21, "b"), dup(32, "c"), files=("jy.yaml",)))
    assert [c.name for c in cases(shifted)] == [c.name for c in cases(xml)]


HOSTILE = "引号\"'<标签>&amp; \x07铃\x00空\x1b[31m 红\ud800 \ufffe 换\r\n行\t制表 😀"


def test_any_text_makes_well_formed_schema_valid_xml(schema):
    d = Diagnostic("GW207", Severity.ERROR, HOSTILE, f"目录/{HOSTILE[:6]}.yaml", 3, 1, ("categories", 0, "name"),
                   hint=HOSTILE, source_line=HOSTILE)
    xml = _render(_report(d, Diagnostic("GW208", Severity.WARNING, HOSTILE, "b.yaml", 1, 1),
                          files=(d.file, "b.yaml", "c\x01.yaml")))
    assert_schema_valid(xml, schema)
    found = cases(xml)
    failure = found[0].result[0]
    assert failure.message.startswith("引号\"'<标签>&amp; \\u0007铃\\u0000空\\u001b[31m 红\\ud800 \\ufffe 换")
    assert failure.message.endswith("行\t制表 😀")
    assert found[0].classname == found[0].file == '目录/引号"\'<标.yaml'
    assert "引号\"'<标签>&amp;" in found[1].system_out
    assert found[2].name == "c\\u0001.yaml"
    # on a GBK console the same document in ASCII with character references
    class Gbk:
        encoding = "gbk"

    ascii_xml = streams.fit(xml, Gbk(), kind=streams.XML)
    assert ascii_xml.isascii()
    assert_schema_valid(ascii_xml, schema)
    assert ET.tostring(ET.fromstring(ascii_xml.split("\n", 1)[1])) == ET.tostring(ET.fromstring(xml.split("\n", 1)[1]))


def test_a_problem_with_no_file_or_line():
    xml = _render(_report(Diagnostic("GW015", Severity.WARNING, "未找到 catalog.yaml")))
    [case] = cases(xml)
    assert (case.classname, case.name, case.file, case.line) == ("gwstd", "GW015", None, None)
