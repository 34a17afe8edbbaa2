"""JUnit XML for CI test reports (GitLab, Jenkins): one test case per diagnostic, one per clean file.

What CI systems key on, and what each test case carries:
- ``classname`` is the file: GitLab and Jenkins group test cases by it. ``file`` (GitLab links the case to
  the file) and ``line`` are attributes as well; neither is part of the Jenkins schema, whose readers ignore
  attributes they do not know.
- ``name`` is the code, the file and the path inside the document (``GW207 jy.yaml categories[0].name``),
  never the line: CI compares test reports of two runs by classname and name, so an edit that shifts lines
  leaves every name as it was, and a problem fixed shows as a test that passes now. When several
  diagnostics share code, file and path (two YAML errors in one file have no path), the second and later,
  in report order, get `` #2``, `` #3``: names stay unique, which CI systems need to keep every case.
- Every diagnostic is a test case, whatever else its file has. What fails is what makes the command fail
  (gwstd.cli.output.exit_code): an error is a ``<failure>``, and so is a warning under ``--strict``. Other
  warnings and infos are passing test cases with the diagnostic in ``<system-out>``, which GitLab and
  Jenkins show with the case, so a report never counts failures for a run that passed.
- A file with no diagnostic at all is one passing test case named after the file.

Text is written as XML 1.0 allows whatever the catalogue holds: characters XML cannot carry (control
characters, lone surrogates) are shown as ``\\u0007``-style escapes; the rest is escaped by ElementTree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from typing import TextIO

from gwstd.diagnostics import Diagnostic, Severity
from gwstd.reports.base import Report

# What XML 1.0 cannot carry, even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report, stream: TextIO) -> None:
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in report.diagnostics:
        by_file[d.file].append(d)
    suite = ET.Element("testsuite", name=f"gwstd {report.command}")
    tests = failures = 0
    for file, name, d in _cases(report, by_file):
        tests += 1
        case = ET.SubElement(suite, "testcase", classname=_xml(file or "gwstd"), name=_xml(name))
        if file:
            case.set("file", _xml(file))
        if d is None:
            continue
        if d.line:
            case.set("line", str(d.line))
        if d.severity == Severity.ERROR or (report.strict and d.severity == Severity.WARNING):
            failures += 1
            failure = ET.SubElement(case, "failure", type=d.code, message=_xml(d.message))
            failure.text = _xml(_describe(d))
        else:
            ET.SubElement(case, "system-out").text = _xml(_describe(d))
    counts = {"tests": str(tests), "failures": str(failures), "errors": "0"}
    for key, value in counts.items():
        suite.set(key, value)
    root = ET.Element("testsuites", name="gwstd", **counts)
    root.append(suite)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")


def _cases(report: Report, by_file: dict[str, list[Diagnostic]]):
    """(file, test name, diagnostic or None for a clean file), files in report order, each file's diagnostics
    in report order."""
    seen: Counter[str] = Counter()
    for file in dict.fromkeys([*report.files, *by_file]):
        problems = by_file.get(file, [])
        if not problems:
            yield file, _unique(file or "gwstd", seen), None
        for d in problems:
            yield file, _unique(case_name(d), seen), d


def case_name(d: Diagnostic) -> str:
    """Code, file and path inside the document: what stays the same while lines move."""
    return " ".join(part for part in (d.code, d.file, d.path_text) if part)


def _unique(name: str, seen: Counter[str]) -> str:
    seen[name] += 1
    return name if seen[name] == 1 else f"{name} #{seen[name]}"


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _describe(d: Diagnostic) -> str:
    where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
    text = f"{where} {d.severity.label} {d.code} {d.message}"
    if d.path:
        text += f"\n位置:{d.path_text}"
    if d.hint:
        text += f"\n提示:{d.hint}"
    if d.source_line:
        text += f"\n    {d.source_line}"
    return text
