"""Every format of every result kind against a golden file, produced through the CLI on a small catalogue:
the bundled catalog.yaml and its 义务教育 file, with one scope point left uncovered, and a next edition of it.

Regenerate after an intended change with ``GWSTD_UPDATE_GOLDEN=1 pytest tests/reports`` (the goldens are
written and those tests skip, so a regenerating run never passes as a check), then review ``git diff
tests/golden``. The diagnostics formats' goldens are validate.*.txt (test_reporters.py), the 调整说明 is
diff.markdown.md (tests/editions).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from gwstd.reports.registry import FORMATS

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parents[1] / "golden"
UPDATE = bool(os.environ.get("GWSTD_UPDATE_GOLDEN"))

# golden files kept by other tests: the diagnostics formats (tests/reports/test_reporters.py) and the
# 调整说明 (tests/editions/test_editions.py)
ELSEWHERE = {("changes", "markdown"): "diff.markdown.md",
             **{("diagnostics", name): f"validate.{name}.txt" for name in FORMATS["diagnostics"]}}


# kinds written as files, not text on a stream: the books are checked by tests/books (their cells read back,
# printed through LibreOffice, rendered in Chromium)
FILES = {"books"}


def golden_name(kind: str, fmt: str) -> str:
    return ELSEWHERE.get((kind, fmt), f"{kind}.{fmt}.txt")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def small(tmp_path, monkeypatch):
    """Two editions of a one-domain catalogue in the working directory, as ``old`` and ``new``; rich tables at
    a fixed width whatever the terminal running the tests."""
    for name in ("old", "new"):
        (tmp_path / name).mkdir()
        for file in ("catalog.yaml", "yiwu-jiaoyu.yaml"):
            shutil.copyfile(ROOT / "catalog" / file, tmp_path / name / file)
    _edit(tmp_path / "old" / "yiwu-jiaoyu.yaml", "        scope: [jy-01]\n", "")  # jy-01 left uncovered
    _edit(tmp_path / "new" / "catalog.yaml", "edition: 2024年版", "edition: 2025年版")
    _edit(tmp_path / "new" / "catalog.yaml", "person: 陈晓燕", "person: 李华")
    _edit(tmp_path / "new" / "yiwu-jiaoyu.yaml", "        name: 校级领导班子介绍\n", "        name: 学校领导班子\n")
    _edit(tmp_path / "new" / "yiwu-jiaoyu.yaml", "channels: [政府网站, 两微一端, 公开查阅点]", "channels: [政府网站, 公开查阅点]")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


# kind → (the command producing it, its exit code on the small catalogue, text every one of its formats shows)
RUNS = {
    "coverage": (["coverage", "old"], 1, "jy-01"),
    "stats": (["stats", "old"], 0, "示例县"),
    "changes": (["diff", "old", "new"], 0, "jy-gk-002"),
    "codes": (["rules"], 0, "GW201"),
    # the two editions side by side as a province's counties would be (jy-01 left uncovered in old)
    "county-stats": (["stats", "old", "new", "--by", "county"], 0, "示例县"),
    "county-coverage": (["coverage", "old", "new", "--by", "county"], 1, "示例县"),
    "import": (["import", "{workbook}", "-o", "imported"], 0, "义务教育"),
    # the next edition's book merged into the old one (a dry run): its changes beside the diagnostics (none here)
    "merge": (["import", "book/示例县政务公开标准目录.xlsx", "--into", "old", "--dry-run"], 0, "jy-gk-002"),
}


def _cases():
    for kind, fmts in FORMATS.items():
        for fmt in fmts:
            if kind not in FILES and golden_name(kind, fmt) == f"{kind}.{fmt}.txt":
                yield kind, fmt


@pytest.mark.parametrize("kind,fmt", list(_cases()), ids=[f"{k}-{f}" for k, f in _cases()])
def test_golden(gwstd, small, kind, fmt):
    args, code, marker = RUNS[kind]
    if kind == "import":
        args = [a.replace("{workbook}", str(_workbook(small))) for a in args]
    if kind == "merge":
        assert gwstd("build", "new", "-o", "book", "--only", "excel").code == 0
    run = gwstd(*args, "--format", fmt)
    assert run.code == code, run.err
    assert marker in run.out, run.out  # never two empty texts found equal
    golden = GOLDEN / golden_name(kind, fmt)
    if UPDATE:
        golden.write_text(run.out, encoding="utf-8")
        pytest.skip(f"regenerated {golden.name}: review git diff {golden.relative_to(ROOT)}")
    assert run.out == golden.read_text(encoding="utf-8")
    if fmt == "json":
        json.loads(run.out)


def test_every_format_of_every_kind_has_a_golden():
    missing = [(kind, fmt) for kind, fmts in FORMATS.items() if kind not in FILES for fmt in fmts
               if not (GOLDEN / golden_name(kind, fmt)).is_file()
               or not (GOLDEN / golden_name(kind, fmt)).read_text(encoding="utf-8").strip()]
    assert missing == []
    assert set(RUNS) == set(FORMATS) - {"diagnostics"} - FILES


def _workbook(folder: Path) -> Path:
    """A workbook named relatively, so that the paths in the report are the same on every machine."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "义务教育"
    ws.append(["某某县义务教育领域基层政务公开标准目录"])
    ws.append(["序号", "公开事项", None, "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "经办人"])
    ws.append([None, "一级事项", "二级事项"])
    ws.merge_cells("B2:C2")
    ws.append([1, "招生入学", "招生划片范围", "学校名称;划片范围", "《中华人民共和国义务教育法》",
               "信息形成之日起20个工作日内", "某某县教育局", "政府网站、乡镇广播站", "张三"])
    wb.save(folder / "目录.xlsx")
    return Path("目录.xlsx")
