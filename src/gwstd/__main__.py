from __future__ import annotations

from gwstd.cli.app import run

run()
