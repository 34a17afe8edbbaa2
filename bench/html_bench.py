"""The HTML book in headless Chromium: its size, time to first render, and search latency.

    python bench/html_bench.py [--items 500 10000] [--rounds 5]

For each size it generates a catalogue (bench/generate.py), builds it with `gwstd build`, opens
dist/html/index.html from file:// in Debian's Chromium (Playwright, /usr/bin/chromium) and measures:
- size: bytes of index.html;
- first render: first-contentful-paint from the Paint Timing API, and the load event;
- search: from setting a term and firing the input event (as a keystroke does) to the second animation frame
  after it, i.e. until the updated results have been laid out and painted; median and max over several terms,
  each searched from the whole book (the box cleared before it);
- clear: the same for emptying the box after each term, which shows every item again (not part of "search").
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
TERMS = ["招生", "公告", "政府网站", "0838", "补偿标准", "资金", "法规", "结果"]
SEARCH_JS = """async (term) => {
  const input = document.getElementById('q');
  const start = performance.now();
  input.value = term;
  input.dispatchEvent(new Event('input'));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - start;
}"""


def gwstd() -> str:
    local = Path(sys.executable).parent / "gwstd"
    return str(local) if local.exists() else "gwstd"


def measure(items: int, rounds: int, out: Path) -> dict:
    from playwright.sync_api import sync_playwright

    folder = out / f"html-{items}"
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    county = generate(folder / "corpus", counties=1, items=items)[0]
    subprocess.run([gwstd(), "build", str(county), "-o", str(folder / "dist"), "--only", "html"], check=True,
                   capture_output=True)
    page_path = folder / "dist" / "html" / "index.html"
    renders, loads, searches, clears = [], [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(rounds):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(page_path.as_uri(), wait_until="load", timeout=600_000)
            fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN")
            load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            renders.append(fcp)
            loads.append(load)
            for term in TERMS:
                searches.append(page.evaluate(SEARCH_JS, term))
                clears.append(page.evaluate(SEARCH_JS, ""))
            page.close()
        browser.close()
    return {"items": items, "bytes": page_path.stat().st_size, "fcp": statistics.median(renders),
            "load": statistics.median(loads), "search": statistics.median(searches), "search_max": max(searches),
            "clear": statistics.median(clears), "clear_max": max(clears)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, nargs="+", default=[500, 10_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    lines = ["| items | index.html | first contentful paint | load event | search (median) | search (max) | clear (median) | clear (max) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for items in args.items:
        r = measure(items, args.rounds, args.out)
        lines.append(f"| {items} | {r['bytes'] / 1024 / 1024:.2f} MB | {r['fcp']:.0f} ms | {r['load']:.0f} ms | "
                     f"{r['search']:.0f} ms | {r['search_max']:.0f} ms | {r['clear']:.0f} ms | {r['clear_max']:.0f} ms |")
        print(lines[-1], file=sys.stderr)
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results-html.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
