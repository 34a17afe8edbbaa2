"""The one exit-code policy, the coded errors (GW5xx) reported through the chosen format, and the one
don't-overwrite guard of init and import."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from gwstd.cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, exit_code
from gwstd.diagnostics import Diagnostic, codes
from gwstd.diagnostics.errors import GwstdError

ROOT = Path(__file__).resolve().parents[2]


def _d(code: str) -> Diagnostic:
    """A diagnostic of ``code`` at the code's own severity."""
    return Diagnostic(code=code, severity=codes.CODES[code].severity, message=codes.CODES[code].title)


@pytest.mark.parametrize("diagnostics,policy,expected", [
    ([], {}, EXIT_OK),
    ([_d("GW213")], {"strict": True}, EXIT_OK),  # infos never fail
    ([_d("GW205")], {}, EXIT_OK),
    ([_d("GW205")], {"strict": True}, EXIT_PROBLEMS),
    ([_d("GW207")], {}, EXIT_PROBLEMS),
    ([_d("GW207")], {"accept_errors": True}, EXIT_OK),  # build --force
    ([], {"problems": True}, EXIT_PROBLEMS),  # uncovered scope points, diff --exit-code
    ([_d("GW207"), _d("GW002")], {}, EXIT_USAGE),  # I/O wins over problems
    ([_d("GW002")], {"accept_errors": True}, EXIT_USAGE),
    ([_d("GW501")], {}, EXIT_USAGE),
    ([], {"unusable": True}, EXIT_USAGE),
])
def test_exit_code_policy(diagnostics, policy, expected):
    assert exit_code(diagnostics, **policy) == expected


@pytest.mark.parametrize("module,name,code", [
    ("gwstd.seams.files", "OutputError", "GW501"),
    ("gwstd.seams.git", "EditionError", "GW502"),
    ("gwstd.books.html", "TemplateProblem", "GW503"),
])
def test_each_error_is_coded(module, name, code):
    import importlib

    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, GwstdError) and cls.code == code
    entry = codes.CODES[code]
    assert entry.io and entry.title and entry.description and entry.example
    error = cls("某个原因", file="out/a.xlsx")
    assert error.diagnostic.code == code and error.diagnostic.file == "out/a.xlsx"
    assert "某个原因" in str(error) == error.diagnostic.message
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls and again.diagnostic == error.diagnostic


def test_an_unreadable_edition_is_a_diagnostic_in_json(gwstd, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not a git repository
    run = gwstd("diff", "no-such-edition", ROOT / "catalog", "-f", "json")
    assert run.code == 2
    report = json.loads(run.out)
    assert report["command"] == "diff" and report["summary"]["errors"] == 1
    (diagnostic,) = report["diagnostics"]
    assert diagnostic["code"] == "GW502" and "no-such-edition" in diagnostic["message"]
    assert run.err.startswith("gwstd:") and "no-such-edition" in run.err
    human = gwstd("diff", "no-such-edition", ROOT / "catalog")
    assert human.code == 2 and human.out == "" and human.err == run.err


def test_an_unreadable_edition_in_json_written_to_a_file(gwstd, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = gwstd("diff", "no-such-edition", ROOT / "catalog", "-f", "json", "-o", tmp_path / "changes.json")
    assert run.code == 2 and run.out == ""
    report = json.loads((tmp_path / "changes.json").read_text(encoding="utf-8"))
    assert [d["code"] for d in report["diagnostics"]] == ["GW502"]


def test_a_broken_template_says_where_and_exits_2(gwstd, sample_catalog, tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "index.html").write_text("{% extends 'base.html' %}{% block header %}{% endblok %}", encoding="utf-8")
    run = gwstd("build", sample_catalog, "-o", tmp_path / "out", "--templates", custom)
    assert run.code == 2
    assert run.err.startswith("gwstd:模板错误:") and "index.html:1:" in run.err
    assert run.err.count("模板错误") == 1


def test_a_template_failing_in_python_is_a_template_error_on_its_line(gwstd, sample_catalog, tmp_path):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "index.html").write_text("{% extends 'base.html' %}\n{% block header %}\n{{ 1 // 0 }}{% endblock %}",
                                       encoding="utf-8")
    run = gwstd("build", sample_catalog, "-o", tmp_path / "out", "--templates", custom)
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err.startswith("gwstd:模板错误:") and "index.html:3:" in run.err and "ZeroDivisionError" in run.err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_unwritable_import_folder_is_reported_with_the_column_map(gwstd, workbook, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    run = gwstd("import", workbook, "-o", blocker, "-f", "json")
    assert run.code == 2
    report = json.loads(run.out)
    assert [d["code"] for d in report["diagnostics"] if d["code"].startswith("GW5")] == ["GW501"]
    assert report["sheets"][0]["sheet"] == "义务教育" and report["written"] == []
    assert "gwstd:无法创建输出目录" in run.err


def test_init_and_import_refuse_to_overwrite_through_one_guard(gwstd, workbook, tmp_path):
    from gwstd.seams.files import existing_files

    (tmp_path / "repo" / "catalog").mkdir(parents=True)
    (tmp_path / "repo" / "catalog" / "catalog.yaml").write_text("region: 原有\n", encoding="utf-8")
    (tmp_path / "repo" / "README.md").write_text("原有\n", encoding="utf-8")
    assert existing_files(tmp_path / "repo", ["README.md", "catalog/catalog.yaml", "nope.yaml"]) == [
        "README.md", "catalog/catalog.yaml"]
    assert existing_files(tmp_path / "repo", ["README.md"], force=True) == []
    run = gwstd("init", tmp_path / "repo")
    assert run.code == 2 and "README.md" in run.err and "catalog/catalog.yaml" in run.err
    run = gwstd("import", workbook, "-o", tmp_path / "repo" / "catalog")
    assert run.code == 2 and "GW407" in run.out
    assert (tmp_path / "repo" / "catalog" / "catalog.yaml").read_text(encoding="utf-8") == "region: 原有\n"
    assert (tmp_path / "repo" / "README.md").read_text(encoding="utf-8") == "原有\n"
