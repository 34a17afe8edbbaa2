"""The province's tests share a small generated province: see provincekit.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from provincekit import make_province  # noqa: E402


@pytest.fixture
def province(tmp_path) -> Path:
    """A province folder of six counties (four good, two broken), free to modify."""
    return make_province(tmp_path / "全省目录")
