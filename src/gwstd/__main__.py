from __future__ import annotations

from gwstd.cli import run

run()
