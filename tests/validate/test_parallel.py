"""Checking in parallel (forked workers taking batches from a shared pipe) gives what one process gives."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import casekit
import pytest

from gwstd.validate import pipeline as validate
from gwstd.validate.pipeline import ValidateOptions, validate_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="parallel checking forks")


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    """Several generated counties with problems planted in some files, big enough to be checked in parallel."""
    root = tmp_path_factory.mktemp("province")
    generate(root, counties=6, items=120)
    for county, broken in zip(sorted(root.iterdir()), ("departments", "schema", "duplicate")):
        domain = sorted(county.glob("*.yaml"))[3]
        text = domain.read_text(encoding="utf-8")
        if broken == "departments":
            text = text.replace("department: ", "department: nobody-", 1)
        elif broken == "schema":
            text = text.replace("  - name: ", "  - nmae: ", 1)
        else:
            shutil.copyfile(domain, domain.with_name("copy-" + domain.name))  # every id twice
        domain.write_text(text, encoding="utf-8")
    shutil.copytree(casekit.CASES / "syntax-error", root / "zz-broken")
    shutil.copyfile(casekit.CASES / "_base" / "catalog.yaml", root / "zz-broken" / "catalog.yaml")
    return root


def _summary(result) -> list[tuple]:
    return [(d.code, d.file, d.line, d.column, d.message) for d in result.diagnostics]


def test_parallel_equals_one_process(province):
    assert sum(f.stat().st_size for f in province.rglob("*.yaml")) > validate.PARALLEL_MIN_BYTES
    alone = validate_paths([province], ValidateOptions(jobs=1))
    together = validate_paths([province], ValidateOptions(jobs=3))
    assert {d.code for d in alone.diagnostics} >= {"GW203", "GW101", "GW201", "GW004"}
    assert _summary(together) == _summary(alone)
    assert together.files == alone.files


def test_a_worker_that_dies_loses_nothing(province, monkeypatch):
    parent = os.getpid()
    real = validate.check_file

    def dies_in_a_worker(path, options, **kwargs):
        if os.getpid() != parent:
            os._exit(3)
        return real(path, options, **kwargs)

    alone = validate_paths([province], ValidateOptions(jobs=1))
    monkeypatch.setattr(validate, "check_file", dies_in_a_worker)
    together = validate_paths([province], ValidateOptions(jobs=2))
    assert _summary(together) == _summary(alone)


def test_progress_counts_every_file_once(province):
    seen: list[tuple[int, int]] = []
    result = validate_paths([province], ValidateOptions(jobs=2, progress=lambda done, total: seen.append((done, total))))
    assert seen[-1] == (len(result.files), len(result.files))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_check_all_runs_any_check_in_workers_and_here(tmp_path, monkeypatch):
    """parallel.py knows nothing of validation: it runs the function it is given, forking through its one
    seam, fork_worker, only when there is enough work."""
    from gwstd.validate import parallel

    forked: list[int] = []
    real = parallel.fork_worker
    monkeypatch.setattr(parallel, "fork_worker", lambda *args: forked.append(1) or real(*args))
    files = [tmp_path / f"{i}.yaml" for i in range(40)]
    results = parallel.check_all(files, lambda f: f.stem, jobs=3, sizes={f: parallel.PARALLEL_MIN_BYTES for f in files})
    assert results == {f: f.stem for f in files} and forked == [1, 1]
    alone = parallel.check_all(files, lambda f: os.getpid(), jobs=3, sizes={f: 0 for f in files})
    assert set(alone.values()) == {os.getpid()} and forked == [1, 1]  # too little work to fork for
