"""gwstd init through the CLI: --source variants, --update, and what --force may not touch (catalog/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gwstd import __version__

ROOT = Path(__file__).resolve().parents[2]
CHECK = str(Path(sys.executable).parent / "check-jsonschema")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _install_line(repo: Path) -> str:
    workflow = yaml.safe_load((repo / ".github/workflows/catalog.yml").read_text(encoding="utf-8"))
    (line,) = [s["run"] for s in workflow["jobs"]["catalog"]["steps"] if "pip install" in s.get("run", "")]
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert line in gitlab["catalog"]["script"]  # both CI systems install from the same source
    return line


def test_the_default_source_is_the_index_at_this_version(gwstd, tmp_path):
    repo = tmp_path / "repo"
    assert gwstd("init", repo).code == 0
    assert (repo / ".gwstd/source").read_text(encoding="utf-8") == f"gwstd=={__version__}\n"
    assert _install_line(repo) == f"python -m pip install gwstd=={__version__}"
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local" and hook["additional_dependencies"] == [f"gwstd=={__version__}"]
    assert hook["language"] == "python" and hook["require_serial"] is True


def test_the_local_hook_is_the_one_this_repository_defines():
    from gwstd.scaffold.source import HOOK

    (defined,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {k: defined[k] for k in HOOK} == HOOK


def test_a_git_source_uses_that_repository_s_hook(gwstd, tmp_path):
    repo = tmp_path / "repo"
    assert gwstd("init", repo, "--source", "git+https://git.example.gov.cn/tools/gwstd.git@v0.1.0").code == 0
    assert _install_line(repo) == "python -m pip install git+https://git.example.gov.cn/tools/gwstd.git@v0.1.0"
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["repos"] == [{"repo": "https://git.example.gov.cn/tools/gwstd.git", "rev": "v0.1.0",
                                "hooks": [{"id": "gwstd-validate"}]}]
    assert gwstd("init", tmp_path / "local", "--source", "git+file:///srv/gwstd@abc123").code == 0
    local = yaml.safe_load((tmp_path / "local/.pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert local["repos"][0]["repo"] == "/srv/gwstd" and local["repos"][0]["rev"] == "abc123"


def test_a_folder_or_wheel_source_installs_without_the_index(gwstd, tmp_path):
    repo = tmp_path / "repo"
    assert gwstd("init", repo, "--source", "vendor/").code == 0
    assert _install_line(repo) == f"python -m pip install --no-index --find-links vendor gwstd=={__version__}"
    assert "PIP_FIND_LINKS" in (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    wheel = tmp_path / "wheel"
    assert gwstd("init", wheel, "--source", "vendor/gwstd-0.2.0-cp311-cp311-linux_x86_64.whl").code == 0
    assert _install_line(wheel) == "python -m pip install --no-index --find-links vendor gwstd==0.2.0"


@pytest.mark.parametrize("spec", ["git+https://example.gov.cn/gwstd.git", "/abs/vendor", "../vendor",
                                  "vendor/other-1.0-py3-none-any.whl", "gwstd==latest", "https://x/y"])
def test_unusable_sources_are_refused(gwstd, tmp_path, spec):
    run = gwstd("init", tmp_path / "repo", "--source", spec)
    assert run.code == 2 and run.err and not (tmp_path / "repo").exists()


def test_update_refreshes_the_automation_and_leaves_the_catalogue_byte_identical(gwstd, tmp_path):
    repo = tmp_path / "repo"
    assert gwstd("init", repo, "--from-sample", "--source", "vendor/").code == 0
    (repo / "catalog/catalog.yaml").write_text("region: 本县\n", encoding="utf-8")
    (repo / "README.md").write_text("我们的说明\n", encoding="utf-8")
    (repo / "schemas/domain.schema.json").write_text("{}", encoding="utf-8")  # stale
    (repo / ".gitlab-ci.yml").unlink()
    catalogue = _tree(repo / "catalog")
    run = gwstd("init", repo, "--update")
    assert run.code == 0, run.err
    assert _tree(repo / "catalog") == catalogue
    assert (repo / "README.md").read_text(encoding="utf-8") == "我们的说明\n"
    assert (repo / "schemas/domain.schema.json").read_bytes() == (ROOT / "schemas/domain.schema.json").read_bytes()
    assert "--find-links vendor" in _install_line(repo)  # the repository's own source setting is kept
    from gwstd.scaffold.editor import editor_files

    assert set(editor_files()) <= set(run.out.split("\n")[0].split(":", 1)[1].split("、"))  # refreshed too
    # a new source given with --update is recorded and used
    assert gwstd("init", repo, "--update", "--source", "git+https://example.gov.cn/gwstd.git@v9").code == 0
    assert (repo / ".gwstd/source").read_text(encoding="utf-8") == "git+https://example.gov.cn/gwstd.git@v9\n"
    assert _tree(repo / "catalog") == catalogue
    assert gwstd("init", tmp_path / "nothing", "--update").code == 2


def test_force_never_replaces_the_catalogue_and_overwrite_catalog_lists_what_it_replaces(gwstd, tmp_path):
    repo = tmp_path / "repo"
    assert gwstd("init", repo, "--from-sample").code == 0
    catalogue = _tree(repo / "catalog")
    (repo / ".gitlab-ci.yml").write_text("old\n", encoding="utf-8")
    run = gwstd("init", repo)
    assert run.code == 2 and "catalog/catalog.yaml" in run.err and "--overwrite-catalog" in run.err
    run = gwstd("init", repo, "--force")
    assert run.code == 0 and "--overwrite-catalog" in run.out
    assert _tree(repo / "catalog") == catalogue and (repo / ".gitlab-ci.yml").read_text(encoding="utf-8") != "old\n"
    run = gwstd("init", repo, "--force", "--overwrite-catalog")
    assert run.code == 0
    assert "catalog/catalog.yaml" in run.out and "catalog/yiwu-jiaoyu.yaml" in run.out
    assert "待填写" in (repo / "catalog/catalog.yaml").read_text(encoding="utf-8")


@pytest.mark.slow  # check-jsonschema: 0.7 s a run
@pytest.mark.parametrize("spec", [None, "git+https://example.gov.cn/gwstd.git@v0.1.0", "vendor/"])
def test_scaffolded_ci_files_match_the_ci_systems_schemas(gwstd, tmp_path, spec):
    repo = tmp_path / "repo"
    assert gwstd("init", repo, *(["--source", spec] if spec else [])).code == 0
    for schema, name in (("vendor.github-workflows", ".github/workflows/catalog.yml"), ("vendor.gitlab-ci", ".gitlab-ci.yml")):
        run = subprocess.run([CHECK, "--builtin-schema", schema, str(repo / name)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    workflow = yaml.safe_load((repo / ".github/workflows/catalog.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["catalog"]
    assert job["timeout-minutes"] and job["steps"][1]["with"]["cache"] == "pip"
    runs = [s.get("run", "") for s in job["steps"]]
    assert any("--format github" in r for r in runs) and any("GITHUB_STEP_SUMMARY" in r for r in runs)
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in job["steps"])
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["catalog"]["timeout"] and gitlab["cache"]["paths"] and "dist/" in gitlab["catalog"]["artifacts"]["paths"]
