"""Debian's Chromium for the browser tests, the flags a closed network needs (tests/conftest.py's ``browser``
launches it), and axe-core from the npm registry, for the county book's and the province index's checks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = os.environ.get("GWSTD_CHROMIUM", "/usr/bin/chromium")
# The flags a closed network needs: no background connections, no component updates.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

AXE_VERSION = "4.14.1"
AXE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "gwstd-tests" / f"axe-core-{AXE_VERSION}"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def axe_script() -> Path:
    """axe-core from the npm registry, installed into a cache outside the repository on first use."""
    import pytest

    script = AXE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed (tests/setup-system.sh installs it)")
        AXE.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(AXE), f"axe-core@{AXE_VERSION}"],
                       check=True, capture_output=True, timeout=300)
    return script


def axe_results(page) -> dict:
    """axe-core's results for ``page`` as it is now, for the WCAG 2.x A and AA rules (AXE_TAGS)."""
    page.add_script_tag(path=str(axe_script()))
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)


def wait_until(page, predicate: str, arg=None, timeout: float = 5_000, interval: float = 0.05) -> None:
    """Wait until the JavaScript function ``predicate`` returns something truthy on ``page``, polled from Python.

    Playwright's own ``wait_for_function`` compiles the predicate inside the page with ``eval``, which a page
    whose Content-Security-Policy leaves out 'unsafe-eval' (the preview's) refuses in the Playwright versions
    before 1.41 or so; ``page.evaluate`` goes through the DevTools protocol, which that policy does not govern.
    A reload under way (its context destroyed) is waited out, as wait_for_function does."""
    import time

    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(predicate, arg):
                return
        except Error as exc:
            if "context" not in str(exc).lower() and "navigat" not in str(exc).lower():
                raise
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout} ms: {predicate}")
        time.sleep(interval)
