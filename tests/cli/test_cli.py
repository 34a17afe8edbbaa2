"""The command line end to end: in-process through the real entry point, and as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import casekit

from gwstd.diagnostics.codes import CODES

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_catalogue_is_valid(gwstd):
    run = gwstd("validate", ROOT / "catalog", "-f", "json")
    report = json.loads(run.out)
    assert run.code == 0, run.out
    assert report["summary"]["errors"] == 0 and report["summary"]["files"] >= 3


def test_default_path_is_catalog_in_the_working_directory(gwstd, sample_catalog, monkeypatch):
    monkeypatch.chdir(sample_catalog.parent)
    run = gwstd("validate", "-f", "json")
    assert run.code == 0
    assert all(f.startswith("catalog/") for f in [d["file"] for d in json.loads(run.out)["diagnostics"]])


def test_missing_path_is_an_io_error(gwstd, tmp_path):
    run = gwstd("validate", tmp_path / "nowhere")
    assert run.code == 2
    assert "路径不存在" in run.out


def test_empty_directory(gwstd, tmp_path):
    run = gwstd("validate", tmp_path)
    assert run.code == 2 and "没有找到 YAML 目录文件" in run.out


def test_usage_errors_are_chinese_and_exit_2(gwstd):
    run = gwstd("validate", "--no-such-option")
    assert run.code == 2
    assert "用法错误" in run.err and "没有这个选项" in run.err
    run = gwstd("validate", "--format", "xml")
    assert run.code == 2 and "用法错误" in run.err
    run = gwstd("frobnicate")
    assert run.code == 2 and "没有这个命令" in run.err


def test_strict_makes_warnings_fail(gwstd, tmp_path):
    root = casekit.assemble("time-limit", tmp_path)
    assert gwstd("validate", root).code == 0
    assert gwstd("validate", root, "--strict").code == 1


def test_infos_never_fail(gwstd, tmp_path):
    root = casekit.assemble("unused-department", tmp_path)
    assert gwstd("validate", root, "--strict").code == 0


def test_single_file_is_checked_against_its_siblings(gwstd, tmp_path):
    root = casekit.assemble("duplicate-id-across-files", tmp_path)
    report = json.loads(gwstd("validate", root / "jy2.yaml", "-f", "json").out)
    assert [d["code"] for d in report["diagnostics"]] == ["GW201"]
    assert report["summary"]["files"] == 1
    # the sibling is loaded for context but its own problems are not reported
    report = json.loads(gwstd("validate", root / "jy.yaml", "-f", "json").out)
    assert report["diagnostics"] == []


def test_a_province_of_catalogues_in_one_run(gwstd, tmp_path):
    a = casekit.assemble("valid", tmp_path / "province")
    b = casekit.assemble("department-ref", tmp_path / "province")
    report = json.loads(gwstd("validate", tmp_path / "province", "-f", "json").out)
    assert report["summary"]["files"] == 4
    codes = sorted((Path(d["file"]).parent.name, d["code"]) for d in report["diagnostics"])
    assert codes == [("department-ref", "GW203"), ("department-ref", "GW213")]
    assert a.exists() and b.exists()


def test_encoding_option(gwstd, tmp_path):
    root = casekit.assemble("gbk-encoding", tmp_path)
    assert gwstd("validate", root).code == 1
    assert gwstd("validate", root, "--encoding", "gb18030").code == 0
    run = gwstd("validate", root, "--encoding", "klingon")
    assert run.code == 2 and "klingon" in run.err


def test_output_file_is_written_whole(gwstd, tmp_path):
    root = casekit.assemble("placeholders", tmp_path)
    target = tmp_path / "report.xml"
    run = gwstd("validate", root, "-f", "junit", "-o", target)
    assert run.code == 1 and run.out == ""
    assert target.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unwritable_output(gwstd, tmp_path):
    root = casekit.assemble("valid", tmp_path)
    run = gwstd("validate", root, "-o", tmp_path / "no" / "such" / "dir" / "r.json")
    assert run.code == 2 and "不存在" in run.err
    run = gwstd("validate", root, "-o", tmp_path)
    assert run.code == 2


def test_failing_reporter_leaves_the_old_report_untouched(gwstd, tmp_path, monkeypatch):
    from gwstd.reports import json_report

    root = casekit.assemble("valid", tmp_path)
    target = tmp_path / "report.json"
    target.write_text("previous report", encoding="utf-8")

    def broken(report, stream):
        stream.write('{"half": ')
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(json_report, "render", broken)
    run = gwstd("validate", root, "-f", "json", "-o", target)
    assert run.code == 2 and "内部错误" in run.err
    assert target.read_text(encoding="utf-8") == "previous report"


def test_rules_lists_every_code(gwstd):
    run = gwstd("rules", "-f", "json")
    rows = json.loads(run.out)
    assert [r["code"] for r in rows] == list(CODES)
    assert all(r["title"] and r["description"] for r in rows)
    human = gwstd("rules").out
    assert "GW201" in human and "事项编号重复" in human


def test_version(gwstd):
    from gwstd import __version__

    run = gwstd("--version")
    assert run.code == 0 and __version__ in run.out
    assert "YAML 快速读取" in run.out  # says whether the C fast path was built


def test_version_says_when_the_fast_path_is_missing(gwstd, monkeypatch):
    from gwstd.load import loader

    monkeypatch.setattr(loader, "_fastyaml", None)
    assert "未编译" in gwstd("--version").out


def _subprocess(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "gwstd", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=60)


def test_python_dash_m(tmp_path):
    result = _subprocess("validate", "catalog")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查了" in result.stdout
    root = casekit.assemble("missing-required", tmp_path)
    result = _subprocess("validate", str(root), "-f", "github")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=")
    result = _subprocess("validate", "--bogus")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "用法错误" in result.stderr


def test_help_is_chinese():
    result = _subprocess("--help")
    assert result.returncode == 0
    assert "政务公开事项标准目录" in result.stdout and "validate" in result.stdout
    result = _subprocess("validate", "--help")
    assert "--strict" in result.stdout and "警告也视为失败" in result.stdout


def test_typer_runner(tmp_path):
    from typer.testing import CliRunner

    from gwstd.cli.app import app

    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(ROOT / "catalog")])
    assert result.exit_code == 0 and "没有发现问题" in result.output
    root = casekit.assemble("enum", tmp_path)
    result = runner.invoke(app, ["validate", str(root), "-f", "json"])
    assert result.exit_code == 1
    assert [d["code"] for d in json.loads(result.output)["diagnostics"]] == ["GW104", "GW104"]


def test_every_code_has_an_example():
    assert [c.code for c in CODES.values() if not c.example] == []


def test_progress_bar_only_on_a_terminal(tmp_path):
    """A long run shows a progress bar on a terminal (a pty here), and nothing decorative in a pipe."""
    import pty
    import select

    for n in range(110):
        folder = tmp_path / "province" / f"county-{n:03d}"
        folder.mkdir(parents=True)
        shutil.copyfile(casekit.CASES / "_base" / "catalog.yaml", folder / "catalog.yaml")
        shutil.copyfile(casekit.CASES / "valid" / "jy.yaml", folder / "jy.yaml")
    piped = _subprocess("validate", str(tmp_path / "province"), "-j", "1")
    assert piped.returncode == 0 and "检查目录文件" not in piped.stderr and "\x1b" not in piped.stderr
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "gwstd", "validate", str(tmp_path / "province"), "-j", "1"],
                            stdin=slave, stdout=slave, stderr=slave, env={**env, "TERM": "xterm"}, cwd=ROOT)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0
    assert "检查目录文件".encode() in seen
