"""A bounded fuzz of ``gwstd import`` (issue 16): gwstd's own book of the bundled catalogue, its XML parts
mutated with fixed seeds (bytes flipped, deleted or duplicated; numbers in ``r=`` attributes made huge; closing
tags dropped; control characters inserted; values changed; members removed, emptied or swapped; the zip
truncated). Every case is imported in-process: no traceback, no 内部错误, an exit code of 0, 1 or 2, a Chinese
message when it fails, and no exception's class name. The engine is tests/hostile/workbooks.py; for as long as
you like: ``.venv/bin/python bench/fuzz_workbooks.py --minutes 5``."""

from __future__ import annotations

import subprocess
import sys

import pytest
import workbooks as wb


def _fuzz(tmp_path, seeds: range) -> None:
    base = wb.gwstd_book()
    failures = []
    for seed in seeds:
        case, _, _, found = wb.run_case(seed, tmp_path, base)
        if found:
            failures.append(f"{case.describe()}\n" + "\n".join(found)
                            + f"\nReplay: .venv/bin/python bench/fuzz_workbooks.py --replay {seed}")
    assert not failures, "\n\n".join(failures)


def test_mutated_books_import_or_are_refused_in_chinese(tmp_path):
    _fuzz(tmp_path, range(8))  # about 2 s, and the book built once


@pytest.mark.slow
def test_mutated_books_more_seeds(tmp_path):
    _fuzz(tmp_path, range(1000, 1035))  # about 9 s on this 2-core machine, idle


def test_the_cases_are_reproducible():
    base = wb.gwstd_book()
    assert wb.make_case(7, base).data == wb.make_case(7, base).data
    assert wb.make_case(7, base).mutations != wb.make_case(8, base).mutations


def _swapped(members):
    a, b = "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"
    members[a], members[b] = members[b], members[a]


def _sheet_removed(members):
    del members["xl/worksheets/sheet3.xml"]


@pytest.mark.parametrize("mutate", [_swapped, _sheet_removed], ids=["rels-swapped", "sheet-removed"])
def test_library_notices_stay_out_of_the_output(tmp_path, mutate):
    """Found by the fuzz: openpyxl's UserWarnings (invalid relationships; defined names of a missing sheet)
    reached stderr in English, with the path of openpyxl's source. Run as a user runs it (pytest would catch
    the warnings itself)."""
    members = wb.members_of(wb.gwstd_book())
    mutate(members)
    book = wb.write(tmp_path / "变异.xlsx", wb.zip_bytes(members))
    run = subprocess.run([sys.executable, "-c", "import sys; from gwstd.cli.app import main; sys.exit(main())",
                          "import", str(book), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode in (0, 1, 2) and "Traceback" not in run.stderr, run.stdout + run.stderr
    assert "UserWarning" not in run.stdout + run.stderr and "site-packages" not in run.stdout + run.stderr
