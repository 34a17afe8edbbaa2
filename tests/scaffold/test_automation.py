"""A county repository's automation tried for real: the scaffolded pre-commit config through pre-commit
itself (gwstd not on PATH: pre-commit installs it into the hook's own environment), and the scaffolded CI
files' steps run in order in a clean virtualenv. gwstd's source is a clone of this checkout with its working
tree committed (pre-commit and pip both install from a revision)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SYSTEM_PATH = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                              if p and Path(p).resolve() != BIN.resolve()) or "/usr/bin:/bin"

pytestmark = pytest.mark.slow


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    """git+file://<a clone of this checkout, its working tree committed>@<that commit>."""
    clone = tmp_path_factory.mktemp("gwstd-source") / "gwstd"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    for name in _git("ls-files", cwd=ROOT).splitlines():
        src, dst = ROOT / name, clone / name
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    for name in ("user.name", "user.email"):
        _git("config", name, "gwstd tests" if name == "user.name" else "tests@example.invalid", cwd=clone)
    _git("add", "-A", cwd=clone)
    _git("commit", "-q", "--allow-empty", "-m", "working tree under test", cwd=clone)
    return f"git+file://{clone}@{_git('rev-parse', 'HEAD', cwd=clone)}"


def _init(repo: Path, source: str, *extra: str) -> None:
    run = subprocess.run([str(BIN / "gwstd"), "init", str(repo), "--source", source, *extra],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_pre_commit_installs_the_hook_and_catches_a_cross_file_break(source, tmp_path):
    repo = tmp_path / "county"
    _init(repo, source, "--from-sample")
    env = {**os.environ, "PATH": SYSTEM_PATH, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PYTHONIOENCODING": "utf-8"}
    env.pop("VIRTUAL_ENV", None)
    assert shutil.which("gwstd", path=SYSTEM_PATH) is None
    _git("init", "-q", cwd=repo)
    _git("config", "user.name", "示例县政府办", cwd=repo)
    _git("config", "user.email", "gongkai@example.invalid", cwd=repo)
    _git("add", "-A", cwd=repo)
    pre_commit = str(BIN / "pre-commit")
    run = subprocess.run([pre_commit, "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
    subprocess.run([pre_commit, "install"], cwd=repo, env=env, check=True, capture_output=True)
    commit = subprocess.run(["git", "commit", "-q", "-m", "示例目录"], cwd=repo, env=env, capture_output=True, text=True)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    # the break: a department items in another file still cite
    path = repo / "catalog" / "catalog.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("  jiaoyu:\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    _git("add", "catalog/catalog.yaml", cwd=repo)
    broken = subprocess.run(["git", "commit", "-m", "删除教育局"], cwd=repo, env=env, capture_output=True, text=True)
    assert broken.returncode != 0
    shown = broken.stdout + broken.stderr
    assert "catalog/yiwu-jiaoyu.yaml" in shown and "GW203" in shown and "jiaoyu" in shown
    assert _git("rev-list", "--count", "HEAD", cwd=repo) == "1"


def test_the_hook_with_fix_corrects_the_staged_file_and_the_next_commit_passes(source, tmp_path):
    """args: [--fix], as ruff's and prettier's hooks are used: the hook rewrites the file and fails (pre-commit
    reports the files it modified); staged again, the commit goes through."""
    repo = tmp_path / "county"
    _init(repo, source, "--from-sample")
    config = repo / ".pre-commit-config.yaml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    (hook,) = [h for r in settings["repos"] for h in r["hooks"] if h["id"] == "gwstd-validate"]
    hook["args"] = ["--fix"]
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PATH": SYSTEM_PATH, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PYTHONIOENCODING": "utf-8"}
    env.pop("VIRTUAL_ENV", None)
    _git("init", "-q", cwd=repo)
    _git("config", "user.name", "示例县政府办", cwd=repo)
    _git("config", "user.email", "gongkai@example.invalid", cwd=repo)
    _git("add", "-A", cwd=repo)
    pre_commit = str(BIN / "pre-commit")
    subprocess.run([pre_commit, "install"], cwd=repo, env=env, check=True, capture_output=True)
    first = subprocess.run(["git", "commit", "-q", "-m", "示例目录"], cwd=repo, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    path = repo / "catalog" / "yiwu-jiaoyu.yaml"
    other = repo / "catalog" / "shizheng-fuwu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[政府网站, 两微一端, 公开查阅点]",
                                                               "[政府网站, 微信公众号, 公开查阅点]  # 改", 1),
                    encoding="utf-8")
    # an unstaged mistake in another file of the catalogue: the hook fixes only the files it is given
    other_before = other.read_text(encoding="utf-8").replace("[政府网站]", "[政府网站, 微博]", 1)
    other.write_text(other_before, encoding="utf-8")
    _git("add", "catalog/yiwu-jiaoyu.yaml", cwd=repo)
    fixed = subprocess.run(["git", "commit", "-m", "渠道"], cwd=repo, env=env, capture_output=True, text=True)
    shown = fixed.stdout + fixed.stderr
    assert fixed.returncode != 0 and "files were modified by this hook" in shown, shown
    assert "[政府网站, 两微一端, 公开查阅点]  # 改" in path.read_text(encoding="utf-8")
    assert other.read_text(encoding="utf-8") == other_before
    _git("add", "catalog/yiwu-jiaoyu.yaml", cwd=repo)
    # the unstaged 微博 in the other file is in the working tree pre-commit stashes away: the commit passes
    again = subprocess.run(["git", "commit", "-m", "渠道"], cwd=repo, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _git("rev-list", "--count", "HEAD", cwd=repo) == "2"


def _bash(script: str, *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True)


def test_the_ci_steps_install_gwstd_validate_and_build(source, tmp_path):
    repo = tmp_path / "county"
    _init(repo, source, "--from-sample")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    summary = tmp_path / "summary.md"
    env = {**os.environ, "PATH": os.pathsep.join([str(venv / "bin"), SYSTEM_PATH]), "VIRTUAL_ENV": str(venv),
           "GITHUB_STEP_SUMMARY": str(summary), "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONIOENCODING": "utf-8"}
    workflow = yaml.safe_load((repo / ".github/workflows/catalog.yml").read_text(encoding="utf-8"))
    for step in workflow["jobs"]["catalog"]["steps"]:
        if "run" in step:
            run = _bash(step["run"], cwd=repo, env=env)
            assert run.returncode == 0, (step, run.stdout[-3000:], run.stderr[-3000:])
    assert (venv / "bin" / "gwstd").exists()
    assert "覆盖" in summary.read_text(encoding="utf-8")
    assert any((repo / "dist").glob("*.xlsx")) and (repo / "dist" / "html" / "index.html").is_file()
    shutil.rmtree(repo / "dist")
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    run = _bash("\n".join(gitlab["catalog"]["script"]), cwd=repo, env={**env, "CI_PROJECT_DIR": str(repo)})
    assert run.returncode == 0, (run.stdout[-3000:], run.stderr[-3000:])
    import junitparser

    report = junitparser.JUnitXml.fromfile(str(repo / gitlab["catalog"]["artifacts"]["reports"]["junit"]))
    assert sum(1 for _ in report) >= 1
    for artifact in gitlab["catalog"]["artifacts"]["paths"]:
        assert (repo / artifact).exists(), artifact
    assert any((repo / "dist").glob("*.xlsx"))
