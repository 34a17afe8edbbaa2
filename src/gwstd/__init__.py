"""gwstd: compile government-affairs disclosure-standard catalogues (政务公开事项标准目录)."""

from __future__ import annotations

__version__ = "0.1.0"
