"""A small generated province (provincekit.make_province) for the province's tests: counties in two 市(州), one county with an error
(a department that does not exist), and one whose catalog.yaml does not load."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from generate import generate  # noqa: E402

GOOD = 4  # counties that build
REFUSED = "county-005"  # an item names a department that is not in the registry (GW204): no books
UNREADABLE = "county-006"  # catalog.yaml is not YAML: nothing of it loads


def make_province(root: Path, *, counties: int = GOOD + 2, items: int = 40) -> Path:
    """``counties`` generated counties under ``root`` (the last two broken as above); returns ``root``."""
    generate(root, counties=counties, items=items, province=True)
    if counties > GOOD:
        domain = root / REFUSED / "yiwu-jiaoyu.yaml"
        text = domain.read_text(encoding="utf-8")
        domain.write_text(text.replace("department: jiaoyu", "department: no-such-dept", 1), encoding="utf-8")
    if counties > GOOD + 1:
        meta = root / UNREADABLE / "catalog.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace("departments:", "departments: [\n", 1),
                        encoding="utf-8")
    return root


