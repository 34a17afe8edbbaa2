"""Type mutations of the bundled catalogue through every command, for as long as asked (issue 16).

    .venv/bin/python bench/fuzz_types.py --minutes 5 [--seed S] [--jobs J] [--out bench/out/fuzz_types]
    .venv/bin/python bench/fuzz_types.py --replay SEED      # one case again, with its mutations and what failed

The engine is tests/hostile/type_mutations.py (the one tests/hostile/test_type_mutations.py runs a bounded number of
seeds of): each case is a seed, the bundled catalogue with one to five nodes given a value of another type,
removed or renamed, run in-process through validate (human and JSON), build (Excel and HTML, with and without
--force), stats (human and JSON), diff (against the bundled catalogue, both ways) and coverage. Worker j of J
takes seeds S+j, S+j+J, ... A case that fails (a traceback, an exit code outside 0-2, no Chinese in the output,
validate and build disagreeing) is saved as OUT/seed-N/ (the catalogue, and REPRODUCE.txt with the mutations,
the commands and what failed). Prints runs, failures and throughput.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # hostile.type_mutations
os.environ.setdefault("GWSTD_BROWSER", "none")

from hostile import type_mutations as engine  # noqa: E402


def _report(case, folder: Path, outcomes, found: list[str]) -> str:
    lines = [f"# {case.describe()}", "", "Mutations:", *[f"  - {m}" for m in case.mutations], "",
             f"Replay: .venv/bin/python bench/fuzz_types.py --replay {case.seed}", "",
             "Commands (from this folder; `original` is the bundled catalogue):"]
    for o in outcomes:
        argv = [a.replace(str(folder.parent), ".") for a in o.argv]
        lines.append(f"  GWSTD_DEBUG=1 gwstd {' '.join(argv)}    # exit {o.code}")
    lines += ["", "Problems:", *found]
    return "\n".join(lines) + "\n"


def _save(case, folder: Path, outcomes, found: list[str], out: Path) -> Path:
    target = out / f"seed-{case.seed}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(folder, target / "catalog")
    engine.write_pristine(target / "original")
    text = _report(case, folder, outcomes, found)
    (target / "REPRODUCE.txt").write_text(text.replace(str(folder.parent), "."), encoding="utf-8")
    return target


def _worker(args: tuple) -> tuple[int, int, int, list[tuple[int, str, str]]]:
    first, step, deadline, out, only = args
    runs = commands = 0
    failures: list[tuple[int, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="gwstd-fuzz-") as tmp:
        work = Path(tmp)
        original = engine.write_pristine(work / "original")
        seed = first
        while time.time() < deadline:
            case, folder, outcomes, found = engine.run_case(seed, work, original, only=only)
            runs += 1
            commands += len(outcomes)
            if found:
                saved = _save(case, folder, outcomes, found, Path(out))
                failures.append((seed, case.describe(), f"{found[0].splitlines()[0]} ({saved})"))
            shutil.rmtree(folder.parent, ignore_errors=True)
            seed += step
    return first, runs, commands, failures


def replay(seed: int) -> int:
    with tempfile.TemporaryDirectory(prefix="gwstd-fuzz-") as tmp:
        work = Path(tmp)
        case, folder, outcomes, found = engine.run_case(seed, work, engine.write_pristine(work / "original"))
        print(case.describe())
        for o in outcomes:
            print(f"  {o.name:<14} exit {o.code}{'  CRASH' if o.traceback else ''}")
        for f in found:
            print(f)
        return 1 if found else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to run (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPUs)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "fuzz_types"),
                        help="where failing cases are saved")
    parser.add_argument("--replay", type=int, metavar="SEED", help="run one seed and print what failed")
    names = [name for name, _ in engine.commands(Path("o"), Path("m"), Path("x"))]
    parser.add_argument("--commands", default=",".join(names),
                        help=f"the commands to run, comma-separated (default all: {','.join(names)})")
    args = parser.parse_args()
    if args.replay is not None:
        return replay(args.replay)
    start = time.time()
    deadline = start + args.minutes * 60
    jobs = max(1, args.jobs)
    only = {c.strip() for c in args.commands.split(",") if c.strip()}
    unknown = only - set(names)
    if unknown:
        parser.error(f"unknown commands: {', '.join(sorted(unknown))} (known: {', '.join(names)})")
    tasks = [(args.seed + j, jobs, deadline, args.out, only) for j in range(jobs)]
    print(f"fuzz_types: {jobs} worker(s), seeds from {args.seed}, {args.minutes:g} min; "
          f"{len(only)} commands per case ({', '.join(n for n in names if n in only)})")
    if jobs == 1:
        results = [_worker(tasks[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            results = pool.map(_worker, tasks)
    elapsed = time.time() - start
    runs = sum(r[1] for r in results)
    commands = sum(r[2] for r in results)
    failures = sorted(f for r in results for f in r[3])
    print(f"cases: {runs}  commands run: {commands}  failing cases: {len(failures)}  "
          f"time: {elapsed:.0f} s  throughput: {runs / elapsed:.2f} cases/s, {commands / elapsed:.1f} commands/s")
    for seed, described, first in failures:
        print(f"  {described}\n      {first}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
