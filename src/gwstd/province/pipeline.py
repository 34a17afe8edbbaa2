"""A province's counties, one at a time per process: each is checked, modelled, summarised and (for a build)
given its books, then the province's own books are written from the summaries.

A county is a unit of work: forked workers take counties from one queue (gwstd.validate.parallel), so both
cores are busy and no process ever holds more than one county's data. What comes back from a worker is the
county's summary and diagnostics, never its model. A county that does not load, or has errors, is a row of
the summary with its problems: it never stops the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from gwstd.books.build import BuildOptions, write_html, write_pdf
from gwstd.catalogue.coverage import compute as coverage_of
from gwstd.catalogue.diff import compare
from gwstd.catalogue.province import (
    BUILT,
    REFUSED,
    UNREADABLE,
    CountySummary,
    ProvinceSummary,
    edition_changes,
    summarise,
    unreadable,
)
from gwstd.catalogue.scopeguide import Baseline
from gwstd.diagnostics import Diagnostic, Severity, Summary, codes, sort_diagnostics
from gwstd.load.discover import CatalogueFiles, discover
from gwstd.seams.files import OutputError, safe_file_name
from gwstd.seams.streams import printable_path
from gwstd.validate import parallel
from gwstd.validate.pipeline import ValidateOptions, validate_paths

COUNTY_STAGING = ".county-"  # a county's books are written in .county-NNNN inside the staging folder, then renamed


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvinceOptions:
    validate: ValidateOptions = field(default_factory=ValidateOptions)
    all_domains: bool = False  # coverage counts the guide's domains a county has no file for
    title: str | None = None  # the province's name in its books; None: the province folder's name


@dataclass(frozen=True, slots=True)
class County:
    """A county to summarise: its catalogue folder (as shown, and for the file system), and where it sits."""

    number: int
    folder: str  # as shown: inside the province folder (德阳市/旌阳区), or as spelled when named itself
    path: str  # the folder for the file system
    city: str  # the folder its folder sits in, inside the province folder ("" at the top)
    since: str | None = None  # the edition it is compared with (its own folder in an earlier province folder)
    notes: tuple[Diagnostic, ...] = ()  # what the province says of it (GW023: inside another county's folder)


@dataclass(slots=True)
class CountyOutcome:
    summary: CountySummary
    diagnostics: list[Diagnostic]
    files: int
    written: list[str] = field(default_factory=list)  # books written, relative to the county's folder
    problems: list[Diagnostic] = field(default_factory=list)  # reading its --since edition (not its own)


@dataclass(slots=True)
class ProvinceRun:
    province: ProvinceSummary
    diagnostics: list[Diagnostic]  # every county's, and discovery's
    unusable: list[Diagnostic] = field(default_factory=list)  # what stopped the run before any county
    files: int = 0
    problems: list[Diagnostic] = field(default_factory=list)  # reading --since editions: not the counties' own
    skipped: list[Diagnostic] = field(default_factory=list)  # PDFs not printed (no browser)
    written: list[tuple[CountySummary, list[Path]]] = field(default_factory=list)  # a build's books, final paths
    # folders of counties no longer in the province (or renamed): (folder, why, None or why it is still there)
    removed: list[tuple[Path, str, str | None]] = field(default_factory=list)

    @property
    def summary(self) -> Summary:
        return Summary.of(self.diagnostics, self.files)


def is_province(groups: Sequence[CatalogueFiles]) -> bool:
    """Whether the catalogues discovered are more than one: a province's folder (or several counties named)."""
    return sum(group.meta is not None for group in groups) > 1


def title_of(paths: Sequence[str | os.PathLike[str]]) -> str:
    """The province's name from its folder (全省目录 → 全省; a folder named 四川省 stays so)."""
    names = [Path(os.fspath(p)).resolve().name for p in paths]
    name = names[0] if len(names) == 1 else ""
    if name.endswith("目录") and len(name) > 2:
        name = name[:-2]
    return name or "全省"


def _plan(paths: Sequence[str | os.PathLike[str]], since: str | None) -> tuple[list[County], list[Diagnostic]]:
    groups, problems = discover(paths)
    given = [Path(os.fspath(p)) for p in paths]
    counties = []
    for number, group in enumerate(sorted(groups, key=lambda g: g.root_name), 1):
        root = group.root
        if root is None:  # YAML files with no catalog.yaml (GW015): a row of their own
            folder = os.path.dirname(group.name_of(group.domains[0])) or "."
            counties.append(County(number, folder, folder, ""))
            continue
        top = next((p for p in given if root == p or p in root.parents), None)
        city = root.parent.name if top is not None and root != top and root.parent != top else ""
        edition = since
        if since is not None and Path(since).is_dir() and top is not None:  # an earlier province folder
            edition = os.path.join(since, os.path.relpath(root, top)) if root != top else since
        # shown as its place in the province (德阳市/旌阳区): a published index leaks no local folder
        shown = Path(os.path.relpath(root, top)).as_posix() if top is not None and root != top else group.root_name
        outer = next((g for g in groups if g.root is not None and g.meta is not None and g.root in root.parents), None)
        notes = (codes.make("GW023", file=group.name_of(group.meta), target=group.root_name,
                            outer=outer.root_name),) if outer is not None and group.meta is not None else ()
        counties.append(County(number, printable_path(shown), str(root), city, edition, notes))
    return counties, problems


@dataclass(frozen=True, slots=True)
class _Work:
    """What every county's work shares (inherited by forked workers)."""

    options: ProvinceOptions
    guide: Baseline
    build: BuildOptions | None = None
    staging: Path | None = None


def _county(county: County, work: _Work) -> CountyOutcome:
    """Check, model and summarise one county; for a build, write its books unless it has errors."""
    from gwstd.editions.read import catalogue_model

    options = replace(work.options.validate, keep_data=True, jobs=1, progress=None)
    result = validate_paths([county.path], options, baseline=work.guide)
    own = next((g for g, _ in result.catalogues if g.root is not None and str(g.root) == county.path), None)
    diagnostics = sort_diagnostics(result.diagnostics + list(county.notes))
    files = len(result.files)
    # A file of it that does not load (GW0xx: unreadable, not UTF-8, not YAML) would leave its domain out of
    # every figure, a county "covering" what it does not: the county does not load, and is said so.
    broken = result.io_failed or any(d.code.startswith("GW0") and d.severity == Severity.ERROR for d in diagnostics)
    if own is None or own.meta is None or own.meta not in result.data or broken:
        meta = result.data.get(own.meta) if own is not None else None
        meta = meta if isinstance(meta, dict) else {}
        region, city = meta.get("region"), meta.get("city")
        return CountyOutcome(unreadable(county.number, county.folder, diagnostics,
                                        city=city if isinstance(city, str) and city else county.city,
                                        region=region if isinstance(region, str) else ""), diagnostics, files)
    index = next(i for g, i in result.catalogues if g is own)
    catalogue = catalogue_model(own, result)
    result.data.clear()  # the model holds what the books need
    coverage = coverage_of(index, work.guide, root=own.root_name, all_domains=work.options.all_domains)
    build = work.build
    changes, problems = None, []
    if build is not None and build.since and county.since:
        from gwstd.diagnostics.errors import GwstdError
        from gwstd.editions.read import load_edition

        try:  # (the earlier edition's own problems are reported, as for one county, but are not this county's)
            previous, problems = load_edition(county.since, folder=Path(county.path), encoding=options.encoding)
        except GwstdError as exc:  # a county the edition lacks (new since): a warning of its own, no changes
            diagnostics = sort_diagnostics(diagnostics + [codes.make("GW021", file=county.path, since=build.since,
                                                                     reason=str(exc))])
        else:
            changes = compare(previous, catalogue, old_label=build.since, new_label="本版")
    outcome = CountyOutcome(summarise(county.number, county.folder, catalogue, coverage=coverage,
                                      diagnostics=diagnostics, city=county.city), diagnostics, files,
                            problems=problems)
    errors = any(d.severity == Severity.ERROR for d in diagnostics)
    status = UNREADABLE if not catalogue.domains else REFUSED if errors else BUILT  # (no domain file: GW020)
    if build is not None and status != UNREADABLE and (status == BUILT or build.force):
        # the county's books are those it would get built alone: coverage only where its items cite the guide
        cited = coverage if index.items and any(item.scope for item in index.items) else None
        try:
            outcome.written = _write_books(county, catalogue, cited, changes, work)
        except OutputError as exc:  # this county's books alone (a name too long for the file system)
            return _unwritten(county, catalogue, coverage, exc, outcome, work)
    outcome.summary = replace(outcome.summary, status=status,
                              changes=edition_changes(changes, build.since) if changes is not None else None)
    return outcome


def _discard(county: County, work: _Work) -> None:
    """What a county's worker wrote into the staging folder: none of it is committed."""
    import shutil

    if work.staging is not None:
        shutil.rmtree(work.staging / f"{COUNTY_STAGING}{county.number:04d}", ignore_errors=True)


def _guarded(county: County, work: _Work) -> CountyOutcome:
    """_county, and a county it fails on (gwstd's own bug) a row with GW024: it never stops the others."""
    try:
        return _county(county, work)
    except (OutputError, MemoryError):  # the output folder or the machine: the build's, not the county's
        raise
    except Exception as exc:  # noqa: BLE001 — reported as GW024, with what a bug report needs
        _discard(county, work)
        problem = codes.make("GW024", file=county.path, reason=f"{type(exc).__name__}: {exc}")
        return CountyOutcome(unreadable(county.number, county.folder, [problem], city=county.city), [problem], 0)


def _unwritten(county: County, catalogue, coverage, exc, outcome: CountyOutcome, work: _Work) -> CountyOutcome:
    """A county whose books could not be written: its row says why (GW501, named by its region, not the
    staging folder), nothing of it is left, and the other counties go on. (A full disk stops the build when the
    province's own books are written.)"""
    _discard(county, work)
    reason = exc.diagnostic.message.replace(str(work.staging / f"{COUNTY_STAGING}{county.number:04d}"),
                                            f"{catalogue.region}的目录")
    problem = replace(exc.diagnostic, message=reason, file=county.path)
    outcome.diagnostics = sort_diagnostics(outcome.diagnostics + [problem])
    outcome.summary = replace(summarise(county.number, county.folder, catalogue, coverage=coverage,
                                        diagnostics=outcome.diagnostics, city=county.city), status=REFUSED)
    outcome.written = []
    return outcome


PDF_PAGE, PDF_MODEL = ".pdf-page.html", ".pdf-model.pickle"  # a county's PDF, left for the main process


def _write_books(county: County, catalogue, coverage, changes, work: _Work) -> list[str]:
    """The county's books into its staging folder, and its search data for the province's index. The PDF is
    printed by the main process's one browser: what it needs (the page, the model for the outline) is left
    beside the books, so that no model crosses between processes through memory."""
    import pickle

    from gwstd.books.build import Sources
    from gwstd.books.html import write_book
    from gwstd.province.index import search_file, search_script
    from gwstd.seams.files import atomic_write_bytes, ensure_dir

    assert work.build is not None and work.staging is not None
    out_dir = work.staging / f"{COUNTY_STAGING}{county.number:04d}"
    ensure_dir(out_dir)
    sources = Sources(catalogue, coverage, changes, work.build.templates, work.build.browser, None)
    written = [write(sources, out_dir).relative_to(out_dir).as_posix() for write in work.build.books
               if write is not write_pdf]
    if write_pdf in work.build.books:
        write_book(out_dir / PDF_PAGE, catalogue, coverage, templates=work.build.templates, changes=changes)
        atomic_write_bytes(out_dir / PDF_MODEL, pickle.dumps(catalogue, protocol=pickle.HIGHEST_PROTOCOL))
    if write_html in work.build.books:  # (the index's search leads into the HTML books)
        data = work.staging / search_file(county.number)
        ensure_dir(data.parent)
        atomic_write_bytes(data, search_script(county.number, catalogue))
    return written


def _withdrawn_since(paths, since: str, counties: list[County]) -> tuple[str, ...]:
    """The counties' folders the --since edition of the province folder had and this one has not (for one
    province folder: several named at once have no earlier whole)."""
    from gwstd.diagnostics.errors import GwstdError
    from gwstd.editions.read import catalogue_folders

    if len(paths) != 1:
        return ()
    try:
        before = catalogue_folders(since, Path(os.fspath(paths[0])))
    except GwstdError:
        return ()
    now = {c.folder for c in counties}
    return tuple(f for f in before if f != "." and f not in now)


def _same_regions(counties: list[County], outcomes: list[CountyOutcome]) -> None:
    """GW022 on each county whose region another county has too (a catalogue copied, its region not changed)."""
    from gwstd.catalogue.province import problems_of

    by_region: dict[str, list[int]] = {}
    for i, outcome in enumerate(outcomes):
        if outcome.summary.status != UNREADABLE or outcome.summary.domains:
            by_region.setdefault(outcome.summary.region, []).append(i)
    for region, same in by_region.items():
        if len(same) < 2:
            continue
        for i in same:
            others = "、".join(counties[j].folder for j in same if j != i)
            note = codes.make("GW022", file=os.path.join(counties[i].path, "catalog.yaml"), region=region,
                              other=others)
            outcome = outcomes[i]
            outcome.diagnostics = sort_diagnostics(outcome.diagnostics + [note])
            kept, by_code, errors, warnings = problems_of(outcome.diagnostics)
            outcome.summary = replace(outcome.summary, problems=kept, by_code=by_code, errors=errors,
                                      warnings=warnings)


def _inside(file: str, county: County) -> str:
    """A county's file as its place in the province (德阳市/旌阳区/catalog.yaml), not the local folder."""
    prefix = county.path.rstrip("/\\") + os.sep
    if file.startswith(prefix) or file.startswith(prefix.replace(os.sep, "/")):
        return f"{county.folder}/{file[len(prefix):]}".replace("\\", "/")
    return file


def summarise_province(paths: Sequence[str | os.PathLike[str]], options: ProvinceOptions) -> ProvinceRun:
    """Every county under ``paths`` summarised (no books written)."""
    return _run(paths, options, None, None)


def _run(paths, options: ProvinceOptions, build: BuildOptions | None, staging: Path | None) -> ProvinceRun:
    from gwstd.validate.scopeguide import load_baseline

    if build is not None and build.since and not Path(build.since).is_dir():
        from gwstd.editions.read import repository_of

        repository_of(build.since)  # a revision that is none stops the build (EditionError), as for one county
    counties, found = _plan(paths, build.since if build is not None else None)
    title = options.title or title_of(paths)
    guide, guide_problems = load_baseline(options.validate.baseline_file, encoding=options.validate.encoding)
    if guide is None or not counties:
        return ProvinceRun(ProvinceSummary(title, ()), list(found) + guide_problems,
                           unusable=list(found) + guide_problems)
    work = _Work(options, guide, build, staging)
    sizes = {Path(c.path): 1 << 20 for c in counties}  # a county is always worth a worker
    by_path = {Path(c.path): c for c in counties}
    from gwstd.validate import schema

    outcomes = parallel.check_all(list(by_path), lambda p: _guarded(by_path[p], work), jobs=options.validate.jobs,
                                  sizes=sizes, progress=options.validate.progress, before_fork=schema.prepare)
    ordered = [outcomes[Path(c.path)] for c in counties]
    _same_regions(counties, ordered)
    for county, outcome in zip(counties, ordered):  # the index and the workbook name files inside the province
        outcome.summary = replace(outcome.summary, problems=tuple(
            replace(p, file=_inside(p.file, county)) for p in outcome.summary.problems))
    diagnostics = sort_diagnostics(list(found) + guide_problems + [d for o in ordered for d in o.diagnostics])
    withdrawn = _withdrawn_since(paths, build.since, counties) if build is not None and build.since else ()
    run = ProvinceRun(ProvinceSummary(title, tuple(o.summary for o in ordered), guide.name,
                                      build.since if build is not None else None, withdrawn),
                      diagnostics, files=sum(o.files for o in ordered))
    for outcome in ordered:
        run.problems += outcome.problems
    run.written = [(o.summary, [Path(w) for w in o.written]) for o in ordered]
    return run


def build_province(paths: Sequence[str | os.PathLike[str]], build: BuildOptions,
                   options: ProvinceOptions | None = None) -> ProvinceRun:
    """Every county's books, the index page and 全省汇总.xlsx, in one transaction into ``build.out_dir``:
    each county in a folder named after its region. Counties with errors (without --force) and counties that
    do not load get no books, but their rows; the others are built."""
    from gwstd.province.index import SEARCH_DIR, write_index
    from gwstd.province.workbook import write_workbook
    from gwstd.seams.staging import OutputFolder

    options = options or ProvinceOptions(validate=build.validate)
    folder = OutputFolder(build.out_dir, waiting=build.waiting)
    with folder as staging, folder.naming_final_paths():
        run = _run(paths, options, build, staging)
        if run.unusable:
            return run
        printer = None
        if write_pdf in build.books:  # started once the workers are done: they are forked without it
            from gwstd.books.pdf import start_printer

            printer = start_printer(build.browser)
        try:
            written = _place_counties(run, staging, build, printer)
        finally:
            if printer is not None:
                printer.__exit__(None, None, None)
        overview = [write_index(staging, run.province, templates=build.templates),
                    write_workbook(staging, run.province)]
        # withdrawn counties' folders are listed as still to remove until they are: a build stopped right after
        # the commit leaves them to the next one
        keep, remove = _plan_removal(_listed(build.out_dir), run.province)
        _write_list(staging, keep, list(remove))
        data = {p.name for p in (staging / SEARCH_DIR).glob("county-*.js")}
        folder.commit()
        run.removed = _remove_withdrawn(build.out_dir, keep, remove, data)
    run.written = [(s, [folder.final(p) for p in files]) for s, files in written]
    run.written.append((None, [folder.final(p) for p in overview]))  # type: ignore[arg-type]
    return run


COUNTY_LIST = "counties.json"  # in the search data's folder: the county folders province builds wrote there


def _listed(out_dir: Path) -> tuple[dict[str, str], list[str]]:
    """What the province build before this one listed: each built county's source folder → its books' folder,
    and the folders of withdrawn counties still to be removed. Empty when there was none."""
    import json

    from gwstd.province.index import SEARCH_DIR
    from gwstd.seams.files import read_capped

    try:
        listed = json.loads(read_capped(out_dir / SEARCH_DIR / COUNTY_LIST, 1 << 20))
        counties, removing = listed.get("counties", {}), listed.get("removing", [])
    except (OSError, ValueError, AttributeError):
        return {}, []

    def ours(name: object) -> bool:  # a plain folder name, never a path
        return isinstance(name, str) and bool(name) and name == safe_file_name(name, "")

    return ({k: v for k, v in counties.items() if isinstance(k, str) and ours(v)} if isinstance(counties, dict)
            else {}), [n for n in removing if ours(n)] if isinstance(removing, list) else []


def _plan_removal(previous: tuple[dict[str, str], list[str]], province: ProvinceSummary
                  ) -> tuple[dict[str, str], dict[str, str]]:
    """(the folders to list now: source → folder; the folders to remove: folder → why). A county built now
    lists its folder; one still in the province but not built now keeps its earlier folder (and books); a
    county gone from the province, or renamed, has its earlier folder removed, unless another county's books
    now live there."""
    listed, removing = previous
    built = {c.folder: c.books_folder for c in province.counties if c.books}
    present = {c.folder for c in province.counties}
    taken = {name.casefold() for name in built.values()}
    keep, remove = dict(built), {}
    for source, name in listed.items():
        if name.casefold() in taken:
            continue
        if source in built:
            remove[name] = f"这个县的地区已改,目录现在在 {built[source]}/ 中"
        elif source in present:
            keep[source] = name  # (not built this time: its earlier books stay until it is)
            taken.add(name.casefold())
        else:
            remove[name] = "这个县已不在全省目录中"
    for name in removing:
        if name.casefold() not in taken:
            remove.setdefault(name, "这个县已不在全省目录中")
    return keep, remove


def _write_list(folder: Path, keep: dict[str, str], removing: list[str]) -> None:
    import json

    from gwstd.province.index import SEARCH_DIR
    from gwstd.seams.files import atomic_write_bytes, ensure_dir

    ensure_dir(folder / SEARCH_DIR)
    atomic_write_bytes(folder / SEARCH_DIR / COUNTY_LIST, json.dumps(
        {"counties": dict(sorted(keep.items())), "removing": sorted(removing)}, ensure_ascii=False,
        indent=1).encode("utf-8"))


def _remove_withdrawn(out_dir: Path, keep: dict[str, str], remove: dict[str, str], written: set[str]) -> list:
    """After the commit: the folders of withdrawn (or renamed) counties, and search data this build did not
    write (a published folder must not keep a withdrawn catalogue). A folder is removed only when the list
    says an earlier build wrote it, and never one holding YAML files (a catalogue's sources). What cannot be
    removed now (a book open in Excel) stays listed, and the next build tries again. Gives (folder, why,
    None or the reason it is still there) for each."""
    import shutil

    from gwstd.province.index import SEARCH_DIR
    from gwstd.seams.files import os_reason

    done, still = [], []
    for name, why in sorted(remove.items()):
        folder = out_dir / name
        if name.casefold() in RESERVED or not folder.is_dir() or folder.is_symlink():
            continue
        if any(p.suffix in (".yaml", ".yml") for p in folder.rglob("*")):
            done.append((folder, why, "文件夹中有 YAML 文件(可能是目录的源文件),没有删除"))
            continue
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            still.append(name)
            done.append((folder, why, f"{os_reason(exc)},下次编制时再删除"))
        else:
            done.append((folder, why, None))
    _write_list(out_dir, keep, still)
    data = out_dir / SEARCH_DIR
    for script in sorted(data.glob("county-*.js")) if data.is_dir() else ():
        if script.name not in written:
            script.unlink(missing_ok=True)
    return done


def _place_counties(run: ProvinceRun, staging: Path, build: BuildOptions, printer) -> list:
    """Each built county's folder renamed after its region (and its PDF printed); the summaries updated with
    where their books are. Gives (summary, the files written) of each county built."""
    counties = []
    used: set[str] = set()
    written = []
    for summary, files in run.written:
        # every county has its folder's name, built or not (the next build keeps a county's earlier books while
        # it is in the province: see _remove_withdrawn)
        name = _unused(safe_file_name(summary.region or Path(summary.folder).name, "catalog"), summary, used)
        used.add(name.casefold())
        summary = replace(summary, books_folder=name)
        if not (staging / f"{COUNTY_STAGING}{summary.number:04d}").is_dir():  # not built: its row, no links
            counties.append(summary)
            continue
        os.replace(staging / f"{COUNTY_STAGING}{summary.number:04d}", staging / name)
        paths_written = [staging / name / f for f in files]
        if write_pdf in build.books:
            paths_written += _print_pdf(summary, staging / name, build, run, printer)
        if not paths_written:  # --only pdf, and no browser to print it (a notice): no empty folder is left
            (staging / name).rmdir()
            counties.append(summary)
            continue
        books = {_kind(p): f"{name}/{p.relative_to(staging / name).as_posix()}" for p in paths_written}
        summary = replace(summary, books=books)
        counties.append(summary)
        written.append((summary, paths_written))
    run.province = replace(run.province, counties=tuple(counties))
    return written


RESERVED = frozenset(n.casefold() for n in ("index.html", "index-data", "全省汇总.xlsx"))  # the province's own


def _unused(name: str, summary: CountySummary, used: set[str]) -> str:
    """``name``, or, when another county has it (case aside: Windows and macOS), or it is one of the province's
    own files, the name with the county's folder, then its number, added."""
    if name.casefold() not in used and name.casefold() not in RESERVED:
        return name
    for candidate in (f"{name}-{Path(summary.folder).name}", f"{name}-{summary.number}"):
        candidate = safe_file_name(candidate, "catalog")
        if candidate.casefold() not in used and candidate.casefold() not in RESERVED:
            return candidate
    return safe_file_name(f"county-{summary.number:04d}", "catalog")


def _kind(path: Path) -> str:
    return {".xlsx": "excel", ".html": "html", ".pdf": "pdf"}.get(path.suffix, path.suffix.lstrip("."))


def _print_pdf(summary: CountySummary, out_dir: Path, build: BuildOptions, run: ProvinceRun, printer) -> list[Path]:
    """The county's PDF book, printed here by the one browser of the build from the page its worker left."""
    import pickle
    import shutil

    from gwstd.books.pdf import pdf_name, write_book
    from gwstd.seams.browser import BrowserMissing, PrintFailed

    page, model = out_dir / PDF_PAGE, out_dir / PDF_MODEL
    try:
        catalogue = pickle.loads(model.read_bytes())  # (written by this build's own worker)
        return [write_book(out_dir / pdf_name(catalogue), catalogue, lambda target: shutil.copyfile(page, target),
                           browser=build.browser, printer=printer)]
    except (BrowserMissing, PrintFailed) as exc:  # the PDF alone: the other books are written
        quiet = isinstance(exc, BrowserMissing) and exc.turned_off and len(build.books) > 1
        if not quiet and exc.diagnostic not in run.skipped:  # one notice for all the counties
            run.skipped.append(exc.diagnostic)
        return []
    finally:
        page.unlink(missing_ok=True)
        model.unlink(missing_ok=True)
