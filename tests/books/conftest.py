"""What the book tests share: Debian's Chromium, the flags a closed network needs, and one browser per module."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browserkit import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser():
    """Chromium driven by Playwright; a machine without it fails (CI installs it) unless GWSTD_SKIP_BROWSER."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("GWSTD_SKIP_BROWSER"):
            pytest.skip("no Chromium and GWSTD_SKIP_BROWSER is set")
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
