"""The repository and its packages: no symlinks, a checkout without them works, and the wheel and the sdist
carry the sample catalogue, the templates and the schemas from their one source (the root's folders)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The package-data folder → the root folder it is built from (setup.py, gwstd.seams.resources).
BUNDLED = {"sample": "catalog", "templates": "templates", "schemas": "schemas"}
BOOK = "示例县政务公开标准目录.xlsx"


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _in_git_checkout() -> bool:
    return shutil.which("git") is not None and (ROOT / ".git").exists()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def test_bundled_table_matches_the_package():
    from gwstd.seams import resources as bundled

    assert bundled.SOURCES == BUNDLED
    for name, source in BUNDLED.items():
        found = bundled.folder(name)
        assert found.is_dir()
        assert _files(Path(found)) == _files(ROOT / source)


def test_bundled_folders_are_real_folders_at_the_root():
    for source in BUNDLED.values():
        assert (ROOT / source).is_dir() and not (ROOT / source).is_symlink()
        assert _files(ROOT / source)


@pytest.mark.skipif(not _in_git_checkout(), reason="not a git checkout (e.g. an unpacked sdist)")
def test_no_symlinks_in_the_repository():
    """A `git clone` on Windows (core.symlinks=false) turns a symlink into a small text file."""
    links = [line.split("\t", 1)[1] for line in _git("ls-files", "-s").splitlines() if line.startswith("120000 ")]
    assert links == []


@pytest.mark.slow
@pytest.mark.skipif(not _in_git_checkout(), reason="not a git checkout (e.g. an unpacked sdist)")
def test_a_clone_without_symlinks_validates_and_builds(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-c", "core.symlinks=false", str(ROOT), str(clone)], check=True,
                   capture_output=True)
    assert (clone / "catalog").is_dir() and (clone / "templates").is_dir()
    # the clone's own package, so its bundled templates and sample come from the clone as well
    env = {**os.environ, "PYTHONPATH": str(clone / "src"), "GWSTD_NO_CACHE": "1"}

    def gwstd(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gwstd", *args], cwd=clone, env=env, capture_output=True,
                              text=True, timeout=120)

    where = subprocess.run([sys.executable, "-c", "import gwstd.seams.resources as b; print(b.folder('templates'))"],
                           cwd=clone, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where) == clone / "templates"
    run = gwstd("validate", "catalog")
    assert run.returncode == 0, run.stdout + run.stderr
    run = gwstd("build", "catalog", "-o", "out")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (clone / "out" / BOOK).stat().st_size > 10_000
    assert "示例县" in (clone / "out" / "html" / "index.html").read_text(encoding="utf-8")
    run = gwstd("build", "catalog", "--templates", "templates", "-o", "out2")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (clone / "out2" / "html" / "index.html").read_bytes() == (clone / "out" / "html" / "index.html").read_bytes()
    run = gwstd("init", "new", "--from-sample")
    assert run.returncode == 0, run.stdout + run.stderr
    assert _files(clone / "new" / "catalog") == _files(clone / "catalog")


_IGNORED = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", "*.so",
                                  ".hypothesis", ".pytest_cache", "artifacts", "out")


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """An sdist of this working tree, and a wheel built from that sdist (`python -m build` does both)."""
    pytest.importorskip("build", reason="the test extra installs build")
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_IGNORED)
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)], check=True,
                   capture_output=True, timeout=600)
    (sdist,) = (work / "dist").glob("gwstd-*.tar.gz")
    (wheel,) = (work / "dist").glob("gwstd-*.whl")
    return work, sdist, wheel


@pytest.mark.slow
def test_the_wheel_carries_the_root_folders_byte_for_byte(packages):
    _, _, wheel = packages
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        for name, source in BUNDLED.items():
            inside = {n[len(f"gwstd/{name}/"):]: archive.read(n) for n in names
                      if n.startswith(f"gwstd/{name}/") and not n.endswith("/")}
            assert inside == _files(ROOT / source), name
        (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(license_file) == (ROOT / "LICENSE").read_bytes()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata and "Project-URL: Repository," in metadata


@pytest.mark.slow
def test_the_sdist_carries_sources_and_tests(packages):
    _, sdist, _ = packages
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for required in ("LICENSE", "pyproject.toml", "setup.py", "README.md", "src/gwstd/load/_fastyaml.c",
                     "tests/conftest.py", "tests/cases", ".pre-commit-hooks.yaml"):
        assert required in names, required
    for source in BUNDLED.values():
        assert {f"{source}/{n}" for n in _files(ROOT / source)} <= names, source
    assert not any(n.endswith((".so", ".pyc")) or "/__pycache__" in n for n in names)


@pytest.mark.slow
def test_the_quick_suite_passes_from_the_unpacked_sdist(packages):
    """The sdist on its own: gwstd installed from the wheel built from it (not this checkout's editable
    install), and the quick test loop run in the unpacked folder."""
    work, sdist, wheel = packages
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "unpacked", filter="data")
    (unpacked,) = (work / "unpacked").iterdir()
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True,
                   timeout=300)
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # the dependencies and pytest from this environment, without its editable gwstd: a folder named in a .pth
    # file is not a site folder, so its own .pth files (the editable install's among them) are not read
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = subprocess.run([python, "-c", "import gwstd.seams.resources as b; print(b.folder('sample'))"],
                           check=True, capture_output=True, text=True, cwd=work).stdout.strip()
    assert Path(where) == site / "gwstd" / "sample"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run([python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m",
                          "not slow and not browser"], cwd=unpacked, env=env, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout.splitlines()[-1]
