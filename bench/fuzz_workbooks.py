"""Mutated workbooks through ``gwstd import`` for as long as asked (issue 16, "Hostile workbooks").

    .venv/bin/python bench/fuzz_workbooks.py --minutes 5 [--seed S] [--jobs J] [--out bench/out/fuzz_workbooks]
    .venv/bin/python bench/fuzz_workbooks.py --replay SEED      # one case again: its mutations, its output

The engine is tests/hostile/workbooks.py (the one tests/hostile/test_workbook_fuzz.py runs a bounded number of
seeds of): each case is a seed, gwstd's book of the bundled catalogue with one to three mutations of its XML
parts (bytes flipped, deleted or duplicated; numbers in r= attributes made huge; closing tags dropped; control
characters inserted; values changed; members removed, emptied or swapped; sometimes the zip truncated), imported
in-process with GWSTD_DEBUG=1. Worker j of J takes seeds S+j, S+j+J, ... A case that fails (a traceback, an
exit code outside 0-2, a failure without a Chinese message, an exception's class name in the message) is saved
as OUT/seed-N/ (the workbook and REPRODUCE.txt). Prints runs, failures, exit codes, the slowest case and each
worker's peak memory.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # hostile.workbooks

from hostile import workbooks as engine  # noqa: E402


def _save(out: Path, case, book: Path, outcome, found: list[str]) -> Path:
    folder = out / f"seed-{case.seed}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.xlsx").write_bytes(book.read_bytes())
    (folder / "REPRODUCE.txt").write_text("\n".join([
        f"# {case.describe()}", "",
        f"Replay: .venv/bin/python bench/fuzz_workbooks.py --replay {case.seed}",
        f"Or:     GWSTD_DEBUG=1 .venv/bin/gwstd import {folder / 'book.xlsx'} -o /tmp/out    # exit {outcome.code}",
        "", "Problems:", *found, "", "Output:", outcome.out, outcome.err]), encoding="utf-8")
    return folder


def _worker(args: tuple[int, int, float, str]) -> dict:
    first, step, deadline, out = args
    base = engine.gwstd_book()
    runs, codes, failures, slowest = 0, Counter(), [], (0.0, None)
    seed = first
    with tempfile.TemporaryDirectory() as tmp:
        while time.time() < deadline:
            started = time.perf_counter()
            case, book, outcome, found = engine.run_case(seed, Path(tmp), base)
            took = time.perf_counter() - started
            runs += 1
            codes[outcome.code] += 1
            slowest = max(slowest, (took, seed), key=lambda t: t[0])
            if found:
                failures.append((seed, str(_save(Path(out), case, book, outcome, found)), found[0].splitlines()[0]))
            book.unlink()
            seed += step
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return {"runs": runs, "codes": codes, "failures": failures, "slowest": slowest, "peak_mb": peak}


def replay(seed: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        case, _, outcome, found = engine.run_case(seed, Path(tmp))
    print(case.describe())
    print(f"exit {outcome.code}")
    print(outcome.out + outcome.err)
    if outcome.traceback:
        print(outcome.traceback)
    print("\n".join(found) if found else "no problem found")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 1_000_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fuzz_workbooks")
    parser.add_argument("--replay", type=int, default=None)
    args = parser.parse_args(argv)
    if args.replay is not None:
        return replay(args.replay)
    deadline = time.time() + args.minutes * 60
    started = time.time()
    jobs = [(args.seed + j, args.jobs, deadline, str(args.out)) for j in range(args.jobs)]
    print(f"fuzzing gwstd import: seeds from {args.seed}, {args.jobs} workers, {args.minutes:g} min", flush=True)
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        results = pool.map(_worker, jobs)
    runs = sum(r["runs"] for r in results)
    codes = sum((r["codes"] for r in results), Counter())
    failures = [f for r in results for f in r["failures"]]
    took, seed = max((r["slowest"] for r in results), key=lambda t: t[0])
    elapsed = time.time() - started
    print(f"runs: {runs} in {elapsed:.0f} s ({runs / max(elapsed, 1e-9):.1f}/s); exit codes: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items(), key=lambda kv: str(kv[0]))))
    print(f"slowest case: seed {seed}, {took:.2f} s; peak memory per worker: "
          + ", ".join(f"{r['peak_mb']} MB" for r in results))
    print(f"failures: {len(failures)}")
    for seed, folder, first in failures:
        print(f"  seed {seed}: {first}  → {folder}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
