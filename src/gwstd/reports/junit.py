"""JUnit XML: one test case per file, and one failing test case per problem."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO

from gwstd.diagnostics import Severity
from gwstd.reports.base import Report


def render(report: Report, stream: TextIO) -> None:
    by_file = defaultdict(list)
    for d in report.diagnostics:
        by_file[d.file].append(d)
    files = list(dict.fromkeys([*report.files, *by_file]))
    suite = ET.Element("testsuite", name=f"gwstd {report.command}")
    tests = failures = 0
    for file in files:
        problems = by_file.get(file, [])
        failing = [d for d in problems if d.severity == Severity.ERROR
                   or (report.strict and d.severity == Severity.WARNING)]
        if not failing:
            tests += 1
            case = ET.SubElement(suite, "testcase", classname=file or "gwstd", name=file or "gwstd")
            notes = [d for d in problems if d not in failing]
            if notes:
                ET.SubElement(case, "system-out").text = "\n".join(_describe(d) for d in notes)
            continue
        for d in failing:
            tests += 1
            failures += 1
            name = f"{d.code} 第 {d.line} 行" if d.line else d.code
            case = ET.SubElement(suite, "testcase", classname=file or "gwstd", name=name)
            failure = ET.SubElement(case, "failure", type=d.code, message=d.message)
            failure.text = _describe(d)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites", name="gwstd", tests=str(tests), failures=str(failures), errors="0")
    root.append(suite)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")


def _describe(d) -> str:
    where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
    text = f"{where} {d.severity.label} {d.code} {d.message}"
    if d.hint:
        text += f"\n提示:{d.hint}"
    if d.source_line:
        text += f"\n    {d.source_line}"
    return text
