from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # casekit

ROOT = Path(__file__).resolve().parent.parent
# No test starts a browser to print a PDF book unless it asks for one (tests/books/test_pdf.py): a build is
# a fraction of a second, and a print takes seconds. Subprocesses inherit it.
os.environ["GWSTD_BROWSER"] = "none"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(params=["fast", "full"])
def each_loader(request, monkeypatch):
    """Run a test once through the C fast path for ordinary YAML and once through the full loader alone."""
    from gwstd.load import loader

    if request.param == "fast":
        if loader._fastyaml is None:
            if os.environ.get("GWSTD_REQUIRE_FAST_PATH"):
                pytest.fail("the C fast path (gwstd.load._fastyaml) was not built: is libyaml-dev installed?")
            pytest.skip("the C fast path (gwstd.load._fastyaml) is not built here")
    else:
        monkeypatch.setattr(loader, "_fastyaml", None)
    return request.param


@pytest.fixture
def gwstd(capsys):
    """Run the real entry point (``gwstd.cli.app.main``) in-process: exit code, stdout and stderr."""
    from gwstd.cli.app import main

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err and "Traceback" not in captured.out
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def sample_catalog(tmp_path) -> Path:
    """A copy of the bundled catalogue, free to modify."""
    import shutil

    target = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", target)
    return target


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per module, with the flags a closed network needs; a machine
    without it fails (CI installs it) unless GWSTD_SKIP_BROWSER."""
    from browserkit import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        if os.environ.get("GWSTD_SKIP_BROWSER"):
            pytest.skip("no Chromium and GWSTD_SKIP_BROWSER is set")
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
