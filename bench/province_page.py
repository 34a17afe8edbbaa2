"""The provincial index page in headless Chromium: time to open it, until its search data is in, and to search.

    python bench/province_page.py 发布/ [--rounds 5] [--terms 招生 补偿 ...]

发布/ is a province's output folder (`gwstd build 全省目录/ -o 发布/`: index.html and index-data/). A big one
to try it on, 183 counties of 481 items (88,000 items), without building every county's books:

    python bench/generate.py /tmp/big --counties 183 --items 481 --province
    gwstd build /tmp/big -o /tmp/big-out --only html

It opens index.html from file:// in Debian's Chromium (Playwright, /usr/bin/chromium, or GWSTD_CHROMIUM) with
every network request refused, and measures, each over --rounds fresh page loads (median and max):
- load: the load event (performance timing), what the brief asks to stay under 2 s;
- ready: until every county's search data is loaded (<html data-search-ready>), counted from navigation;
- search: from setting a term and firing the input event (as a keystroke does) to the second animation frame
  after it, i.e. until the results are rendered and painted; median and max over the terms, each searched
  from an empty box, with the data loaded (the brief asks under 300 ms);
and prints the size of index.html and of index-data/, the items loaded and each term's result count.
--cpu-slowdown 4 runs the page four times slower (Chromium's CPU throttling), as on an older office PC.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

CHROMIUM = os.environ.get("GWSTD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
# common words (many results: rendering the first 200 is the cost), a department, two words, one character
TERMS = ["招生", "补偿", "公告", "住房和城乡建设局", "资金 公示", "县", "结果公开", "不存在的词语"]
SEARCH_JS = """async (term) => {
  const input = document.getElementById('q');
  input.value = '';
  input.dispatchEvent(new Event('input'));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const start = performance.now();
  input.value = term;
  input.dispatchEvent(new Event('input'));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const took = performance.now() - start;
  return [took, document.getElementById('search-status').textContent];
}"""
TIMING_JS = """() => {
  const t = performance.getEntriesByType('navigation')[0];
  return t.loadEventStart;
}"""


def size_of(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(folder: Path, rounds: int, terms: list[str], slowdown: float = 1) -> None:
    from playwright.sync_api import sync_playwright

    page_path = (folder / "index.html").resolve()
    if not page_path.is_file():
        sys.exit(f"{page_path} not found: give a province's output folder (gwstd build 全省目录/ -o 发布/)")
    network: list[str] = []
    loads, readies = [], []
    searches: dict[str, list[float]] = {t: [] for t in terms}
    counts: dict[str, str] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(rounds):
            context = browser.new_context(viewport={"width": 1400, "height": 900})

            def route(r):  # the page and its data are file://; anything else would be the network
                if r.request.url.startswith("file:"):
                    r.continue_()
                    return
                network.append(r.request.url)
                r.abort()

            context.route("**/*", route)
            page = context.new_page()
            if slowdown > 1:  # an older office PC: Chromium's CPU throttling
                context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.as_uri(), wait_until="load")
            loads.append(page.evaluate(TIMING_JS))
            page.wait_for_function("document.documentElement.dataset.searchReady === 'true'", timeout=120_000)
            readies.append(page.evaluate("performance.now()"))
            status = page.inner_text("#search-status")
            for term in terms:
                took, found = page.evaluate(SEARCH_JS, term)
                searches[term].append(took)
                counts[term] = found
            if errors:
                print("page errors:", *errors, sep="\n  ")
            context.close()
        browser.close()
    print(f"index.html: {size_of(page_path) / 1024:.0f} KB; index-data/: {size_of(folder / 'index-data') / 1e6:.1f} MB")
    print(f"search data: {status}")
    print(f"network requests: {len(network)}{' ' + ', '.join(network[:5]) if network else ''}")
    print()
    print(f"{'measure':<28}{'median ms':>12}{'max ms':>10}")
    print(f"{'load event':<28}{statistics.median(loads):>12.0f}{max(loads):>10.0f}")
    print(f"{'search data ready':<28}{statistics.median(readies):>12.0f}{max(readies):>10.0f}")
    every = [t for times in searches.values() for t in times]
    per_term = [statistics.median(times) for times in searches.values()]
    print(f"{'search (median of terms)':<28}{statistics.median(per_term):>12.0f}{max(every):>10.0f}")
    print()
    print(f"{'term':<20}{'median ms':>10}  result")
    for term in terms:
        print(f"{term:<20}{statistics.median(searches[term]):>10.0f}  {counts[term]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="a province's output folder (holds index.html)")
    parser.add_argument("--rounds", type=int, default=3, help="fresh page loads (default 3)")
    parser.add_argument("--terms", nargs="+", default=TERMS)
    parser.add_argument("--cpu-slowdown", type=float, default=1,
                        help="run the page N times slower (Chromium's CPU throttling), as on an older PC")
    args = parser.parse_args()
    measure(args.folder, args.rounds, args.terms, args.cpu_slowdown)


if __name__ == "__main__":
    main()
