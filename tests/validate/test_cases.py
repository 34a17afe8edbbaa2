"""The corpus of broken (and valid) catalogues in tests/cases, each with the diagnostics it must produce."""

from __future__ import annotations

import json

import casekit
import pytest

from gwstd.diagnostics.codes import CODES


@pytest.mark.parametrize("name", casekit.case_names())
def test_case(name, gwstd, tmp_path, each_loader):
    root = casekit.assemble(name, tmp_path)
    run = gwstd("validate", root, "--format", "json", *casekit.args(name, root))
    report = json.loads(run.out)
    assert casekit.actual(report["diagnostics"], root) == casekit.expected(name)
    found = casekit.actual_exact(report["diagnostics"], root)
    for where, message, hint in casekit.exact(name):
        matching = [f for f in found if f[0] == where and f[1] == message]
        assert matching, f"{where} {message}: not among {found}"
        if hint is not None:
            assert any(f[2] == hint for f in matching), f"{where} hint {hint!r}: not among {matching}"
    has_errors = any(d["severity"] == "error" for d in report["diagnostics"])
    assert run.code == (1 if has_errors else 0)
    for d in report["diagnostics"]:
        assert d["message"] and d["line"] >= 0
        assert any("\u4e00" <= ch <= "\u9fff" for ch in d["message"]), d["message"]  # messages are Chinese


def test_every_rule_code_has_a_failing_case():
    seen = {line.split()[0] for name in casekit.case_names() for line in casekit.expected(name)}
    rule_codes = {c for c in CODES if c.startswith(("GW1", "GW2"))} - {"GW109"}  # GW109: catch-all, unreachable
    assert rule_codes - seen == set()


def test_hostile_cases_are_rejected_quickly(gwstd, tmp_path):
    import time

    for name in ("billion-laughs", "deep-nesting", "recursive-alias"):
        root = casekit.assemble(name, tmp_path / name)
        start = time.perf_counter()
        run = gwstd("validate", root, "-f", "json")
        assert run.code == 1
        assert time.perf_counter() - start < 5  # generous: the point is "no hang", not speed
