"""Catalogue repositories: `gwstd init` and the pre-commit hook."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
GWSTD = str(Path(sys.executable).parent / "gwstd")


def test_init_blank_fails_only_on_the_placeholders(gwstd, tmp_path):
    run = gwstd("init", tmp_path / "repo")
    assert run.code == 0
    repo = tmp_path / "repo"
    for name in (".pre-commit-config.yaml", ".github/workflows/catalog.yml", ".gitlab-ci.yml", "README.md",
                 "schemas/domain.schema.json", "catalog/catalog.yaml", "catalog/yiwu-jiaoyu.yaml"):
        assert (repo / name).is_file(), name
    assert len(list((repo / "catalog").glob("*.yaml"))) == 9
    for path in (repo / "catalog").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schemas/")
    report = json.loads(gwstd("validate", repo / "catalog", "-f", "json").out)
    codes = {d["code"] for d in report["diagnostics"]}
    assert codes == {"GW207", "GW204"}  # placeholders (待填写, XX) and the phones still to fill in
    assert all("待填写" in d["message"] or "XX" in d["message"] for d in report["diagnostics"])


def test_init_from_sample_validates_and_builds(gwstd, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    assert gwstd("init", repo, "--from-sample").code == 0
    monkeypatch.chdir(repo)
    assert gwstd("validate", "--strict").code == 0
    assert gwstd("build").code == 0
    assert (repo / "dist" / "示例县政务公开标准目录.xlsx").exists() and (repo / "dist" / "html" / "index.html").exists()


def test_init_refuses_to_overwrite(gwstd, tmp_path):
    repo = tmp_path / "repo"
    assert gwstd("init", repo).code == 0
    (repo / "README.md").write_text("我们自己的说明", encoding="utf-8")
    run = gwstd("init", repo)
    assert run.code == 2 and "README.md" in run.err
    assert (repo / "README.md").read_text(encoding="utf-8") == "我们自己的说明"
    assert gwstd("init", repo, "--force").code == 0
    assert (repo / "README.md").read_text(encoding="utf-8") != "我们自己的说明"


def test_scaffolded_ci_files_parse(gwstd, tmp_path):
    repo = tmp_path / "repo"
    gwstd("init", repo)
    workflow = yaml.safe_load((repo / ".github/workflows/catalog.yml").read_text(encoding="utf-8"))
    steps = " ".join(s.get("run", "") for s in workflow["jobs"]["catalog"]["steps"])
    assert "gwstd validate catalog --format github" in steps and "gwstd build" in steps
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["catalog"]["artifacts"]["reports"]["junit"] == "gwstd-report.xml"
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["repos"][0]["hooks"][0]["id"] == "gwstd-validate"


def _hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "gwstd-validate"]
    return hook


def test_pre_commit_hook_definition_runs_on_good_and_bad_catalogues(tmp_path):
    hook = _hook()
    assert hook["language"] == "python" and hook["entry"].split()[0] == "gwstd"
    assert hook["require_serial"] is True and "--whole-catalogue" in hook["entry"].split()
    pattern = re.compile(hook["files"])
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    (repo / ".github").mkdir()
    (repo / ".github" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    changed = [p.relative_to(repo).as_posix() for p in repo.rglob("*.yml")] + \
              [p.relative_to(repo).as_posix() for p in repo.rglob("*.yaml")]
    selected = [name for name in changed if pattern.search(name)]
    assert ".github/ci.yml" not in selected and "catalog/yiwu-jiaoyu.yaml" in selected
    # pre-commit runs the entry with the selected file names appended, from the repository root
    command = [GWSTD, *hook["entry"].split()[1:]]
    good = subprocess.run(command + ["catalog/yiwu-jiaoyu.yaml"], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert good.returncode == 0, good.stdout + good.stderr
    path = repo / "catalog" / "yiwu-jiaoyu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("update_cycle: 每年", "update_cycle: 随时", 1),
                    encoding="utf-8")
    bad = subprocess.run(command + ["catalog/yiwu-jiaoyu.yaml"], cwd=repo, capture_output=True, text=True,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert bad.returncode == 1
    assert "catalog/yiwu-jiaoyu.yaml:" in bad.stdout and "GW104" in bad.stdout


def _drop_department(catalog: Path, department: str) -> None:
    """Remove one department from catalog.yaml's registry (items elsewhere still cite it)."""
    path = catalog / "catalog.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  {department}:\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_the_hook_entry_checks_the_whole_catalogue_of_a_changed_file(tmp_path):
    """pre-commit hands over only catalog.yaml; the items citing the removed department are in other files."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    _drop_department(repo / "catalog", "jiaoyu")
    command = [GWSTD, *_hook()["entry"].split()[1:], "-f", "json", "catalog/catalog.yaml"]
    run = subprocess.run(command, cwd=repo, capture_output=True, text=True,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 1, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert {d["file"] for d in report["diagnostics"]} == {"catalog/yiwu-jiaoyu.yaml"}
    assert len(report["diagnostics"]) == 19 and report["summary"]["files"] == 9
    # without the option only the file named is reported
    alone = subprocess.run([c for c in command if c != "--whole-catalogue"], cwd=repo, capture_output=True, text=True,
                           env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert alone.returncode == 0, alone.stdout


def test_whole_catalogue_names_files_as_given_and_keeps_standard_input(gwstd, sample_catalog, monkeypatch):
    monkeypatch.chdir(sample_catalog.parent)
    every = json.loads(gwstd("validate", "catalog", "-f", "json").out)
    whole = json.loads(gwstd("validate", "--whole-catalogue", "catalog/yiwu-jiaoyu.yaml", "catalog/catalog.yaml",
                             "-f", "json").out)
    assert whole["summary"] == every["summary"] and whole["summary"]["files"] == 9
    # a file outside any catalogue is checked alone, as without the option
    (sample_catalog.parent / "stray.yaml").write_text("domain: 义务教育\ncategories: []\n", encoding="utf-8")
    stray = json.loads(gwstd("validate", "--whole-catalogue", "stray.yaml", "-f", "json").out)
    assert stray["summary"]["files"] == 1 and {d["file"] for d in stray["diagnostics"]} <= {"stray.yaml"}
    # standard input standing in for catalog.yaml: the whole catalogue is checked against the text given
    text = (sample_catalog / "catalog.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", _Stdin(text.replace("  jiaoyu:", "  jiaoyu-old:", 1)))
    run = gwstd("validate", "--whole-catalogue", "-", "--stdin-name", "catalog/catalog.yaml", "-f", "json")
    report = json.loads(run.out)
    assert run.code == 1 and report["summary"]["files"] == 9
    assert {d["file"] for d in report["diagnostics"] if d["code"] == "GW203"} == {"catalog/yiwu-jiaoyu.yaml"}


class _Stdin:
    def __init__(self, text: str) -> None:
        import io

        self.buffer = io.BytesIO(text.encode("utf-8"))

    def isatty(self) -> bool:
        return False
