"""Save to repaint with `gwstd serve`, side by side with what a user would otherwise do, in one run.

    python bench/serve_repaint.py [--rounds 10] [--items 2000]

Two catalogues: a copy of the bundled one (catalog/, 167 items) and one of --items items made by
`bench/generate.py OUT --counties 1 --items 2000`. For each, two ways from a save to the page showing it:
- live: `gwstd serve FOLDER --port 0` (a real process, tests/serve/servekit.py) with its page open in Debian's
  Chromium (Playwright, /usr/bin/chromium or GWSTD_CHROMIUM); the page reloads itself when the server has the
  new book;
- by hand: `gwstd build FOLDER --only html -o OUT`, then the file:// page reloaded in the same browser (the
  reader's reaction time, switching windows and pressing F5, is not counted).
Each round writes a unique marker into the name of the first item the page shows, as an editor saves (a new
file renamed over the old one), in a copy of the catalogue of its own for each way (the server watches only
its own). The clock starts just before the file is written (time.perf_counter()) and stops when the marker is
in that item's row and a frame has been painted since (a requestAnimationFrame, then a task after it: the
frame with the marker was painted), as Playwright reports it back to Python: so each figure includes one
round trip to the browser (printed apart, a few milliseconds). The row is scrolled into view first; both pages
keep their place over a reload. Every way runs once untimed first; the two ways alternate which goes first
from round to round. Medians and maxima against the targets (bundled < 1 s, 2,000 items < 2 s) go to stdout and
bench/out/results-serve-repaint.md; the server's own refresh time (its console line) is given apart.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "serve"))

from generate import generate  # noqa: E402
from run import _bin, machine  # noqa: E402
from servekit import serving  # noqa: E402

CHROMIUM = os.environ.get("GWSTD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
TARGETS = {"bundled": 1.0, "generated": 2.0}  # seconds, save to repaint with gwstd serve
SHOWS = "([id, marker]) => { const row = document.getElementById(id); " \
        "return !!row && row.querySelector('.name').textContent.includes(marker); }"
PAINTED = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"
REFRESH = re.compile(r"已更新.*用时 ([0-9.]+) 秒")


def first_item(page) -> str:
    return page.evaluate("() => document.querySelector('tr.item').id")


def name_line(folder: Path, item: str) -> tuple[Path, str]:
    """The file and the `name:` line of ``item`` (the line after its `- id:`)."""
    for path in sorted(folder.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            if line.strip() == f"- id: {item}":
                name = lines[n + 1]
                assert name.strip().startswith("name:"), name
                return path, name
    raise SystemExit(f"item {item} not found in {folder}")


class Save:
    """Saves of one item's name with a new marker each time, as an editor saves (a new file renamed over)."""

    def __init__(self, path: Path, line: str) -> None:
        self.path, self.line, self.text = path, line, path.read_text(encoding="utf-8")
        assert self.text.count(line) == 1, line

    def __call__(self, marker: str) -> float:
        """Write ``marker`` into the name; the perf_counter() from just before the writing began."""
        temporary = self.path.with_name(f".{self.path.name}.saving")
        started = time.perf_counter()
        temporary.write_text(self.text.replace(self.line, self.line + marker, 1), encoding="utf-8")
        os.replace(temporary, self.path)
        return started


def painted(page, item: str, marker: str) -> None:
    page.wait_for_function(SHOWS, arg=[item, marker], polling="raf", timeout=60_000)
    page.evaluate(PAINTED)


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    item = first_item(page)
    page.evaluate("id => document.getElementById(id).scrollIntoView({block: 'center'})", item)
    page.evaluate(PAINTED)
    return page, item


def measure(label: str, source: Path, work: Path, browser, rounds: int) -> dict:
    live_folder, hand_folder, out = work / f"{label}-live", work / f"{label}-build", work / f"{label}-out"
    shutil.copytree(source, live_folder)
    shutil.copytree(source, hand_folder)
    gwstd = _bin("gwstd")
    build = [gwstd, "build", str(hand_folder), "--only", "html", "-o", str(out)]
    subprocess.run(build, check=True, capture_output=True)
    book = next(out.rglob("index.html"))
    times: dict[str, list[float]] = {"live": [], "hand": []}
    refreshes: list[float] = []
    asked: list[float] = []  # from the save to the browser asking for the new page
    builds: list[float] = []  # from the save to the end of gwstd build
    with serving(live_folder, timeout=120) as served:
        live, item = open_page(browser, served.url)
        hand, hand_item = open_page(browser, book.as_uri())
        assert item == hand_item, (item, hand_item)
        items = live.locator("tr.item").count()
        live_save, hand_save = Save(*name_line(live_folder, item)), Save(*name_line(hand_folder, item))

        def by_server(marker: str) -> float:
            seen = served.out.count("已更新")
            wall = time.time()
            started = live_save(marker)
            painted(live, item, marker)
            took = time.perf_counter() - started
            # the new page's navigation began (the browser's wall clock; the same machine's): the server's share
            asked.append(live.evaluate("() => performance.timeOrigin") / 1000 - wall)
            deadline = time.monotonic() + 10
            while served.out.count("已更新") <= seen and time.monotonic() < deadline:
                time.sleep(0.01)
            found = REFRESH.findall(served.out)
            if found:
                refreshes.append(float(found[-1]))
            return took

        def by_hand(marker: str) -> float:
            started = hand_save(marker)
            subprocess.run(build, check=True, capture_output=True)
            builds.append(time.perf_counter() - started)
            hand.reload(wait_until="commit")
            painted(hand, item, marker)
            return time.perf_counter() - started

        ways = {"live": by_server, "hand": by_hand}
        for way, run in ways.items():  # untimed: files in the page cache, bytecode written, the browser warm
            run(f"(预热{way})")
        refreshes.clear()
        asked.clear()
        builds.clear()
        for n in range(rounds):
            order = list(ways) if n % 2 == 0 else list(reversed(ways))
            for way in order:
                times[way].append(ways[way](f"(第{n + 1}次{way})"))
        rtt = []
        for _ in range(20):
            started = time.perf_counter()
            live.evaluate("() => 1")
            rtt.append(time.perf_counter() - started)
        live.context.close()
        hand.context.close()
    return {"label": label, "items": items, "times": times, "refresh": refreshes, "asked": asked, "builds": builds,
            "rtt": statistics.median(rtt), "size": book.stat().st_size}


def report(results: list[dict], rounds: int, version: str, load: tuple[float, float]) -> str:
    lines = [f"Machine: {machine()}; Chromium {version}; load average {load[0]:.1f} before, {load[1]:.1f} after "
             f"(a busy machine slows both ways). {rounds} rounds each, the two ways alternating.", "",
             "| catalogue | items | `gwstd serve`: save → repaint, median | max | target | "
             "`gwstd build --only html` + reload, median | max | by hand / serve |",
             "|---|---:|---:|---:|---|---:|---:|---:|"]
    for r in results:
        live, hand = r["times"]["live"], r["times"]["hand"]
        target = TARGETS[r["label"]]
        met = "met" if max(live) < target else ("median met" if statistics.median(live) < target else "missed")
        name = "bundled (catalog/)" if r["label"] == "bundled" else "generated (bench/generate.py)"
        lines.append(f"| {name} | {r['items']:,} | {statistics.median(live):.3f} s | {max(live):.3f} s | "
                     f"< {target:g} s: {met} | {statistics.median(hand):.3f} s | {max(hand):.3f} s | "
                     f"{statistics.median(hand) / statistics.median(live):.1f}× |")
    lines.append("")
    for r in results:
        refresh = r["refresh"]
        lines.append(f"- {r['label']}: index.html {r['size'] / 1e6:.2f} MB; the server's refresh (its console line, "
                     f"the changed file checked, the book rendered) "
                     + (f"{statistics.median(refresh):.2f} s median, {max(refresh):.2f} s max" if refresh else "?")
                     + f"; from the save to the browser asking for the new page {statistics.median(r['asked']):.2f} s "
                     f"median (the save seen, the refresh, the event, the reload begun: the rest of the figure is the "
                     f"browser loading the page); by hand, `gwstd build` itself {statistics.median(r['builds']):.2f} s "
                     f"median"
                     + f"; one Playwright round trip (in every figure) {r['rtt'] * 1000:.1f} ms.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10, help="saves timed per catalogue and way (default 10)")
    parser.add_argument("--items", type=int, default=2000, help="items of the generated catalogue (default 2000)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found at {CHROMIUM} (set GWSTD_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as users have it (see bench/README.md)
    os.environ["GWSTD_BROWSER"] = "none"  # (no PDF is asked for; nothing looks for a browser)
    with tempfile.TemporaryDirectory(prefix="gwstd-serve-bench-") as temporary:
        work = Path(temporary)
        (generated,) = generate(work / "corpus", counties=1, items=args.items)
        results = []
        before = os.getloadavg()[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            version = browser.version
            for label, source in (("bundled", ROOT / "catalog"), ("generated", generated)):
                results.append(measure(label, source, work, browser, args.rounds))
                print(f"{label}: done", file=sys.stderr)
            browser.close()
    text = report(results, args.rounds, version, (before, os.getloadavg()[0]))
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results-serve-repaint.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
