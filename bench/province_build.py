"""Build a whole province, side by side with building its counties one after another, in one run.

    python bench/province_build.py                   # 183 counties, about 88,000 items (issue 17's province)
    python bench/province_build.py --counties 20     # a smaller one
    python bench/province_build.py --pdf-counties 3  # also print 3 counties' PDF books, to say what PDFs cost

Commands compared (every county's workbook and HTML book; the province build also writes index.html,
全省汇总.xlsx and the search data):
- ``gwstd build 全省目录 --only excel --only html``: the province build, on every core (--jobs defaults to
  the number of cores);
- the same with ``--jobs 1``: one process, the counties one after another;
- ``gwstd build county-NNN`` run once per county, one after another: what an office without the province
  build would script (it writes no index and no comparison workbook).

Peak memory is the most the whole process tree held at once (the sum of every process's resident set,
sampled every 20 ms from /proc), not the largest single process: a build's workers count together.
Where Playwright and Chromium are installed, the index page of the province build is then opened and searched
(bench/province_page.py). Results go to stdout and bench/out/results-province-build.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import _bin, machine  # noqa: E402

BOOKS = ["--only", "excel", "--only", "html"]


def _tree_rss_kib(root: int) -> int:
    """The resident set of ``root`` and every process below it, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_measured(commands: list[list[str]], *, pdf: bool = False) -> tuple[float, int]:
    """Wall seconds of ``commands`` one after the other, and the peak of their process trees (KiB). Without
    ``pdf``, no browser is looked for (the commands ask for no PDF)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not pdf:
        env["GWSTD_BROWSER"] = "none"
    peak = 0
    start = time.perf_counter()
    for command in commands:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        done = threading.Event()

        def sample(pid: int = process.pid) -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss_kib(pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = process.communicate()
        done.set()
        sampler.join()
        if process.returncode != 0:
            raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{err.decode(errors='replace')}")
    return time.perf_counter() - start, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=183)
    parser.add_argument("--items", type=int, default=481, help="items per county (183 × 481 = 88,023)")
    parser.add_argument("--pdf-counties", type=int, default=0, help="counties whose PDF books are printed too")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    work = args.out / "province-build"
    corpus = work / "全省目录"
    if work.exists():
        shutil.rmtree(work)
    counties = generate(corpus, counties=args.counties, items=args.items, province=True)
    gwstd = _bin("gwstd")
    commands = {
        "gwstd build (province, every core)": [[gwstd, "build", str(corpus), "-o", str(work / "parallel"), *BOOKS]],
        "gwstd build --jobs 1 (province, one process)": [[gwstd, "build", str(corpus), "-o", str(work / "one"),
                                                          "--jobs", "1", *BOOKS]],
        "gwstd build per county, one after another": [[gwstd, "build", str(c), "-o", str(work / "each" / c.name),
                                                       "--jobs", "1", *BOOKS] for c in counties],
    }
    results = {}
    for name, command in commands.items():
        results[name] = run_measured(command)
        print(f"{name}: {results[name][0]:.1f} s, {results[name][1] / 1024:.0f} MiB", file=sys.stderr)
    first = next(iter(results.values()))[0]
    lines = [f"Machine: {machine()}.", "", f"### Building a province: {args.counties} counties, "
             f"{args.counties * args.items:,} items", "",
             "Every county's workbook and HTML book (no PDF); the province build also writes index.html, "
             "全省汇总.xlsx and the search data. Peak memory: the whole process tree at once.", "",
             "| command | wall | peak memory (tree) | vs the province build |", "|---|---:|---:|---:|"]
    for name, (seconds, peak) in results.items():
        lines.append(f"| {name} | {seconds:.1f} s | {peak / 1024:.0f} MiB | {seconds / first:.2f}× |")
    if args.pdf_counties:
        subset = work / "pdf-corpus"
        for county in counties[: args.pdf_counties]:
            shutil.copytree(county, subset / county.name)
        seconds, peak = run_measured([[gwstd, "build", str(subset), "-o", str(work / "pdf"), "--only", "pdf"]],
                                     pdf=True)
        each = seconds / args.pdf_counties
        lines += ["", f"PDF books, measured apart: {args.pdf_counties} counties' PDFs in {seconds:.1f} s "
                  f"({each:.1f} s a county, printed one after another by one browser), so about "
                  f"{each * args.counties / 60:.0f} minutes for all {args.counties}; peak {peak / 1024:.0f} MiB."]
    if Path("/usr/bin/chromium").exists():  # the index page of the province build, opened and searched
        page = subprocess.run([sys.executable, str(HERE / "province_page.py"), str(work / "parallel"), "--rounds", "5"],
                              capture_output=True, text=True)
        lines += ["", "The index page (bench/province_page.py, Chromium):", "", page.stdout.strip() or page.stderr.strip()]
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results-province-build.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
