"""Time gwstd against the tools a user would otherwise use, side by side in one run.

    python bench/run.py                # validate a county: 8 domains, about 500 items
    python bench/run.py --rounds 9     # more rounds for a noisy machine
    python bench/run.py --counties 20  # a larger corpus (every county is 500 items)
    python bench/run.py --suite build  # the Excel book of 500 and of 20,000 items against the write-only floor
    python bench/run.py --suite province  # validate a province: 183 counties, about 88,000 items, 1,647 files
    python bench/run.py --suite html   # the HTML book of 500 and 10,000 items: build time, size (and, where
                                       # Playwright and /usr/bin/chromium are installed, first paint and search)
    python bench/run.py --suite pdf    # the PDF book of the bundled catalogue and of 10,000 items (the local
                                       # Chromium printing the HTML book) beside LibreOffice printing the
                                       # workbook and, where installed, WeasyPrint printing the same HTML book
    python bench/run.py --suite startup  # `gwstd --help` and validating one small file (a pre-commit hook's cost)
    python bench/run.py --suite import   # importing the bundled catalogue's book and a 10,000-item book, and
                                         # merging each back (import --into --dry-run), beside openpyxl reading
                                         # the same workbook's values
    python bench/run.py --suite all    # all of the above in one run (about 20 minutes: check-jsonschema takes
                                       # about 7 of them on the province, so it runs once there)

Each round runs every command once, in an order that rotates from round to round, so that a slow spell of a
noisy machine hurts all commands alike; the table reports the median, min and max wall time and the peak
memory of each command, and the ratios of the medians. Results go to stdout and bench/out/results.md.

Commands compared:
- gwstd validate on the corpus (start-up included);
- check-jsonschema --schemafile with gwstd's own schemas on the same files (one call for the domain files,
  one for catalog.yaml, as a user would run them);
- the parse floor: a minimal script that only loads the same files with PyYAML's C loader.
With --suite build:
- gwstd build (validation, the styled book with merges and print setup), start-up included;
- the floor for writing xlsx: bench/build_floor.py, the same cell values dumped by openpyxl's write-only mode
  with no styles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

MEASURE = HERE / "measure.py"

PARSE_FLOOR = """
import sys, yaml
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def _bin(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else (shutil.which(name) or name)


def measure(commands: list[list[str]]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of ``commands`` run one after the other, measured in a fresh process."""
    out = subprocess.run([sys.executable, str(MEASURE), json.dumps(commands)], capture_output=True, text=True,
                         check=True)
    result = json.loads(out.stdout)
    if result["failed"]:
        raise SystemExit(f"benchmark command failed: {result['failed']}")
    return result["seconds"], result["peak_kib"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def compare(title: str, commands: dict[str, list[list[str]]], rounds: int, note: str,
            once: frozenset[str] = frozenset()) -> str:
    """Run every command once per round, in rotating order; a Markdown table of medians and ratios.
    Commands in ``once`` (minutes long) run in the first round only."""
    names = list(commands)
    samples: dict[str, list[float]] = {n: [] for n in names}
    peaks: dict[str, int] = {n: 0 for n in names}
    for name in names:  # warm-up, not timed: the files in the page cache, bytecode written
        if name not in once:
            measure(commands[name])
    for round_ in range(rounds):
        order = names[round_ % len(names):] + names[: round_ % len(names)]
        for name in order:
            if name in once and samples[name]:
                continue
            seconds, peak = measure(commands[name])
            samples[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
        print(f"{title} round {round_ + 1}/{rounds}: " + ", ".join(f"{n} {samples[n][-1]:.3f}s" for n in names),
              file=sys.stderr)
    median = {n: statistics.median(samples[n]) for n in names}
    base = median[names[0]]
    runs = f"{rounds} rounds, order rotating" + (f"; {', '.join(sorted(once))} once" if once else "")
    lines = [f"### {title}", "", f"{note} {runs}.", "",
             f"| command | runs | median | min | max | peak memory | vs {names[0]} |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for n in names:
        lines.append(f"| {n} | {len(samples[n])} | {median[n]:.3f} s | {min(samples[n]):.3f} s | "
                     f"{max(samples[n]):.3f} s | {peaks[n] / 1024:.0f} MiB | {median[n] / base:.2f}× |")
    return "\n".join(lines) + "\n"


def corpus(out: Path, name: str, counties: int, items: int) -> tuple[Path, list[str], str]:
    folder = out / name
    shutil.rmtree(folder, ignore_errors=True)
    dirs = generate(folder, counties=counties, items=items)
    files = sorted(str(p) for d in dirs for p in d.glob("*.yaml"))
    size = sum(Path(f).stat().st_size for f in files)
    note = (f"Corpus: {counties} county(ies), {counties * items} items, {len(files)} files, {size / 1024:.0f} KiB "
            "(bench/generate.py, seed 1).")
    return folder, files, note


def validate_commands(folder: Path, files: list[str]) -> dict[str, list[list[str]]]:
    domain_files = [f for f in files if not f.endswith("catalog.yaml")]
    catalog_files = [f for f in files if f.endswith("catalog.yaml")]
    schemas = ROOT / "schemas"
    return {
        "gwstd validate": [[_bin("gwstd"), "validate", str(folder)]],
        "check-jsonschema": [
            [_bin("check-jsonschema"), "--schemafile", str(schemas / "domain.schema.json"), *domain_files],
            [_bin("check-jsonschema"), "--schemafile", str(schemas / "catalog.schema.json"), *catalog_files],
        ],
        "parse floor (PyYAML C loader)": [[sys.executable, "-c", PARSE_FLOOR, *files]],
    }


def validate_suite(args: argparse.Namespace) -> str:
    folder, files, note = corpus(args.out, "corpus", args.counties, args.items)
    return compare(f"validate, {args.counties * args.items} items", validate_commands(folder, files), args.rounds,
                   note)


def province_suite(args: argparse.Namespace) -> str:
    counties, items = 183, 481
    folder, files, note = corpus(args.out, "province", counties, items)
    return compare(f"validate a province, {counties * items} items", validate_commands(folder, files),
                   args.province_rounds, note, once=frozenset({"check-jsonschema"}))


def html_suite(args: argparse.Namespace) -> str:
    out, sizes = [], []
    for items, rounds in ((500, args.rounds), (10_000, max(3, args.rounds // 3))):
        folder, _, note = corpus(args.out, f"htmlbook-{items}", 1, items)
        county = next(folder.iterdir())
        target = args.out / f"htmlbook-{items}-out"
        commands = {
            "gwstd build --only html": [[_bin("gwstd"), "build", str(county), "-o", str(target), "--only", "html"]],
            "gwstd validate (the same catalogue)": [[_bin("gwstd"), "validate", str(county)]],
        }
        out.append(compare(f"HTML book, {items} items", commands, rounds, note))
        sizes.append(f"| {items} | {(target / 'html' / 'index.html').stat().st_size / 1024 / 1024:.2f} MB |")
    out.append("\n".join(["### HTML book size", "", "| items | index.html |", "|---:|---:|", *sizes]) + "\n")
    if _browser_available():
        from html_bench import measure as in_browser

        rows = ["### HTML book in Chromium (bench/html_bench.py)", "",
                "| items | first contentful paint | load event | search (median) | search (max) |",
                "|---:|---:|---:|---:|---:|"]
        for items in (500, 10_000):
            r = in_browser(items, 3, args.out)
            rows.append(f"| {items} | {r['fcp']:.0f} ms | {r['load']:.0f} ms | {r['search']:.0f} ms | "
                        f"{r['search_max']:.0f} ms |")
        out.append("\n".join(rows) + "\n")
    else:
        out.append("(Chromium timings skipped: Playwright or /usr/bin/chromium is not installed.)\n")
    return "\n".join(out)


def _browser_available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return Path("/usr/bin/chromium").exists()


def build_suite(args: argparse.Namespace) -> str:
    out = []
    for items, rounds in ((500, args.rounds), (20_000, max(3, args.rounds // 3))):
        folder, _, note = corpus(args.out, f"build-{items}", 1, items)
        county = next(folder.iterdir())
        target = args.out / f"build-{items}-out"
        commands = {
            "gwstd build": [[_bin("gwstd"), "build", str(county), "-o", str(target), "--only", "excel",
                             "--only", "html"]],
            "openpyxl write-only floor": [[sys.executable, str(HERE / "build_floor.py"), str(county),
                                           str(args.out / f"floor-{items}.xlsx")]],
        }
        out.append(compare(f"build, {items} items", commands, rounds, note))
    return "\n".join(out)


def _browser() -> str | None:
    return os.environ.get("GWSTD_BROWSER") or shutil.which("chromium") or shutil.which("google-chrome") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def pdf_suite(args: argparse.Namespace) -> str:
    """The PDF book against what an office would otherwise do: print the workbook with LibreOffice (and, as
    the other engine considered, WeasyPrint on the same HTML book). The 10,000-item book runs once."""
    browser = _browser()
    if browser is None:
        return "### PDF book\n\n(skipped: no Chromium, Chrome or Edge; set GWSTD_BROWSER)\n"
    os.environ["GWSTD_BROWSER"] = browser
    out = []
    weasyprint = shutil.which("weasyprint")
    libreoffice = shutil.which("libreoffice") or shutil.which("soffice")
    for items in (167, 10_000):
        if items == 167:
            county, note = ROOT / "catalog", "The bundled catalogue (167 items)."
        else:
            folder, _, note = corpus(args.out, f"pdfbook-{items}", 1, items)
            county = next(folder.iterdir())
        target = args.out / f"pdfbook-{items}-out"
        # the other books, once, untimed: the inputs of LibreOffice and WeasyPrint
        subprocess.run([_bin("gwstd"), "build", str(county), "-o", str(target), "--only", "excel", "--only", "html"],
                       check=True, capture_output=True)
        commands = {"gwstd build --only pdf": [[_bin("gwstd"), "build", str(county), "-o", str(target),
                                                "--only", "pdf"]]}
        once = set()
        if libreoffice:
            profile = (args.out / "lo-profile").resolve().as_uri()
            workbook = next(target.glob("*.xlsx"))
            commands["LibreOffice: the workbook to PDF"] = [[libreoffice, f"-env:UserInstallation={profile}",
                                                             "--headless", "--convert-to", "pdf", "--outdir",
                                                             str(args.out / "lo-pdf"), str(workbook)]]
        if weasyprint and items == 167:  # minutes at 10,000 items
            commands["WeasyPrint: the HTML book to PDF"] = [[weasyprint, str(target / "html" / "index.html"),
                                                             str(args.out / "weasyprint.pdf")]]
        if items > 167:
            once = set(commands)
        rounds = args.rounds if items == 167 else 1
        out.append(compare(f"PDF book, {items} items", commands, rounds, note, once=frozenset(once)))
        pdf = next(target.glob("*.pdf"))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
        out.append(f"The PDF book: {pages} pages, {pdf.stat().st_size / 1024 / 1024:.1f} MB ({browser}).\n")
    return "\n".join(out)


# What any script reading a workbook pays: openpyxl opening it (a full load, as most scripts do, or read-only)
# and touching every value, with nothing made of them.
OPENPYXL_READ = ("import sys\nfrom openpyxl import load_workbook\n"
                 "wb = load_workbook(sys.argv[1], data_only=True, read_only=sys.argv[2] == 'ro')\n"
                 "n = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row)\n")


def import_suite(args: argparse.Namespace) -> str:
    out = []
    generated, _, generated_note = corpus(args.out, "import-10000", 1, 10_000)
    sources = [(ROOT / "catalog", "The bundled catalogue's book (167 items).", args.rounds),
               (next(generated.iterdir()), f"The book of a generated catalogue. {generated_note}",
                max(3, args.rounds // 3))]
    for n, (catalogue, note, rounds) in enumerate(sources):
        books = args.out / f"import-book-{n}"
        shutil.rmtree(books, ignore_errors=True)
        subprocess.run([_bin("gwstd"), "build", str(catalogue), "-o", str(books), "--only", "excel"], check=True,
                       capture_output=True)
        (book,) = books.glob("*.xlsx")
        target = args.out / f"import-{n}-yaml"
        commands = {
            "gwstd import": [[_bin("gwstd"), "import", str(book), "-o", str(target), "--force"]],
            "gwstd import --into --dry-run": [[_bin("gwstd"), "import", str(book), "--into", str(catalogue),
                                               "--dry-run"]],
            "openpyxl full load, every value": [[sys.executable, "-c", OPENPYXL_READ, str(book), "full"]],
            "openpyxl read-only, every value": [[sys.executable, "-c", OPENPYXL_READ, str(book), "ro"]],
        }
        out.append(compare(f"import, {'bundled' if n == 0 else '10,000 items'}", commands, rounds, note))
    return "\n".join(out)


def startup_suite(args: argparse.Namespace) -> str:
    one_file = ROOT / "catalog" / "yiwu-jiaoyu.yaml"
    commands = {
        "gwstd --help": [[_bin("gwstd"), "--help"]],
        "gwstd validate (one file)": [[_bin("gwstd"), "validate", str(one_file)]],
        "python -c pass (interpreter start-up)": [[sys.executable, "-c", "pass"]],
    }
    return compare("start-up", commands, max(args.rounds, 10), "The bundled catalogue's 义务教育 file.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", choices=("validate", "province", "build", "html", "pdf", "startup", "import", "all"),
                        default="validate")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--province-rounds", type=int, default=3)
    parser.add_argument("--counties", type=int, default=1)
    parser.add_argument("--items", type=int, default=500, help="items per county")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    sections = [f"Machine: {machine()}.", ""]
    if args.suite in ("validate", "all"):
        sections.append(validate_suite(args))
    if args.suite in ("province", "all"):
        sections.append(province_suite(args))
    if args.suite in ("build", "all"):
        sections.append(build_suite(args))
    if args.suite in ("html", "all"):
        sections.append(html_suite(args))
    if args.suite in ("pdf", "all"):
        sections.append(pdf_suite(args))
    if args.suite in ("startup", "all"):
        sections.append(startup_suite(args))
    if args.suite in ("import", "all"):
        sections.append(import_suite(args))
    text = "\n".join(sections)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"results-{args.suite}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
