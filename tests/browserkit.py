"""Debian's Chromium for the book tests, and the flags a closed network needs (tests/books/conftest.py launches it)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("GWSTD_CHROMIUM", "/usr/bin/chromium")
# The flags a closed network needs: no background connections, no component updates.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
