"""Every output format, against golden files (regenerate with GWSTD_UPDATE_GOLDEN=1 and review the diff)."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import casekit
import pytest

from gwstd.reports.registry import names

GOLDEN = Path(__file__).parents[1] / "golden"


@pytest.fixture
def report_case(tmp_path, monkeypatch):
    """A small catalogue with an error, a warning and an info, checked from its parent by relative path."""
    root = casekit.assemble("placeholders", tmp_path)
    shutil.copyfile(casekit.CASES / "time-limit" / "jy.yaml", root / "jy2.yaml")
    (root / "jy2.yaml").write_text((root / "jy2.yaml").read_text(encoding="utf-8")
                                   .replace("domain: 义务教育", "domain: 市政服务").replace("jy-001", "sz-001"),
                                   encoding="utf-8")
    with (root / "catalog.yaml").open("a", encoding="utf-8") as f:
        f.write("  minzheng:\n    name: 测试县民政局\n    person: 王建国\n    consult: 0838-6200041\n"
                "    supervise: 0838-6200042\n")
    monkeypatch.chdir(tmp_path)
    return Path(root.name)


@pytest.mark.parametrize("fmt", sorted(names("diagnostics")))
def test_golden(fmt, report_case, gwstd):
    run = gwstd("validate", report_case, "--format", fmt)
    assert run.code == 1
    golden = GOLDEN / f"validate.{fmt}.txt"
    if os.environ.get("GWSTD_UPDATE_GOLDEN"):
        golden.write_text(run.out, encoding="utf-8")
    assert run.out == golden.read_text(encoding="utf-8")


def test_json_is_machine_readable(report_case, gwstd):
    report = json.loads(gwstd("validate", report_case, "-f", "json").out)
    assert report["summary"] == {"files": 3, "errors": 2, "warnings": 1, "infos": 1, "ok": False}
    assert {d["severity"] for d in report["diagnostics"]} == {"error", "warning", "info"}


def test_github_annotations(report_case, gwstd):
    lines = gwstd("validate", report_case, "-f", "github").out.splitlines()
    errors = [l for l in lines if l.startswith("::error ")]
    assert len(errors) == 2
    assert errors[0].startswith("::error file=placeholders/jy.yaml,line=8,col=")
    assert any(l.startswith("::warning file=placeholders/jy2.yaml,line=11") for l in lines)


def test_junit_parses_and_counts(report_case, gwstd):
    root = ET.fromstring(gwstd("validate", report_case, "-f", "junit").out)
    suite = root.find("testsuite")
    assert suite.get("failures") == "2"
    failures = suite.findall("testcase/failure")
    assert {f.get("type") for f in failures} == {"GW207"}
    strict = ET.fromstring(gwstd("validate", report_case, "-f", "junit", "--strict").out)
    assert strict.find("testsuite").get("failures") == "3"


def test_human_report_has_code_frame(report_case, gwstd):
    out = gwstd("validate", report_case).out
    assert "placeholders/jy.yaml:15:19  错误 GW207 「责任人」是占位内容「待定」" in out
    assert "   15 │           person: 待定" in out
    assert "      │                   ^" in out
    assert "检查了 3 个文件:2 个错误、1 个警告、1 个提示" in out
