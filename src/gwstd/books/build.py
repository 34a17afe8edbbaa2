"""The build of one catalogue: validate, assemble its model, and write its books (a folder of many
catalogues, a province, is built by gwstd.province.pipeline, a county at a time with these writers).

A book is a writer from the model (with coverage and changes) to one file in the output folder.

Nothing here prints: the CLI reports what ``build_books`` wrote or why it refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from gwstd.catalogue.coverage import CatalogueCoverage, compute
from gwstd.catalogue.diff import Changes
from gwstd.catalogue.model import Catalogue
from gwstd.diagnostics import Diagnostic, Severity
from gwstd.seams.browser import BrowserMissing, PrintFailed
from gwstd.validate.pipeline import ValidateOptions, ValidationResult


@dataclass(frozen=True, slots=True)
class Sources:
    """What every book is made from."""

    catalogue: Catalogue
    coverage: CatalogueCoverage | None = None
    changes: Changes | None = None  # since the --since edition: the 调整说明
    templates: Path | None = None  # a directory searched before the shipped templates
    browser: str | None = None  # the browser that prints the PDF book (--browser); None: look for one
    printer: object | None = None  # that browser, started before the catalogues were read (books/pdf.py)


# A book: a writer from the sources to one file in an output folder, giving the file written. The books
# gwstd has are listed, with their names and titles, in the one registry of output formats
# (gwstd.reports.registry, kind "books"); the CLI hands build_books the writers of those it is asked for.
BookWriter = Callable[[Sources, Path], Path]


def write_excel(sources: Sources, out_dir: Path) -> Path:
    """The workbook in the national layout, named after the catalogue."""
    from gwstd.books.excel import book_name, workbook_bytes
    from gwstd.seams.files import atomic_write_bytes

    target = out_dir / book_name(sources.catalogue)
    atomic_write_bytes(target, workbook_bytes(sources.catalogue, sources.coverage, sources.changes))
    return target


def write_html(sources: Sources, out_dir: Path) -> Path:
    """The offline HTML book, html/index.html."""
    from gwstd.books.html import write_book
    from gwstd.seams.files import ensure_dir

    html_dir = out_dir / "html"
    ensure_dir(html_dir)
    page = html_dir / "index.html"
    write_book(page, sources.catalogue, sources.coverage, templates=sources.templates, changes=sources.changes)
    return page


def write_pdf(sources: Sources, out_dir: Path) -> Path:
    """The PDF book: the HTML book printed on A4 by the local browser, named after the catalogue.

    No browser is BrowserMissing (GW504), which build_books reports as a notice: the other books still count.
    """
    from gwstd.books.html import write_book as write_html_page
    from gwstd.books.pdf import pdf_name, write_book

    def render(page: Path) -> None:
        write_html_page(page, sources.catalogue, sources.coverage, templates=sources.templates,
                        changes=sources.changes)

    return write_book(out_dir / pdf_name(sources.catalogue), sources.catalogue, render, browser=sources.browser,
                      printer=sources.printer)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    out_dir: Path
    force: bool = False
    templates: Path | None = None  # a directory searched before the shipped templates
    since: str | None = None  # an earlier edition (folder or git revision): adds the 调整说明
    books: tuple[BookWriter, ...]  # the books to write, in order
    browser: str | None = None  # the browser that prints the PDF book; None: look for one
    validate: ValidateOptions = field(default_factory=ValidateOptions)
    waiting: Callable[[str], None] | None = None  # told when another build holds the output folder


@dataclass(slots=True)
class Built:
    catalogue: Catalogue
    files: list[Path]


@dataclass(slots=True)
class BuildResult:
    validation: ValidationResult
    built: list[Built] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # reading the --since edition
    # books not written: no browser for the PDF (GW504, a notice) or a print that failed (GW505)
    skipped: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.validation.diagnostics if d.severity == Severity.ERROR]


def build_books(paths: Sequence[str | os.PathLike[str]], options: BuildOptions) -> BuildResult:
    """Validate, then (unless there are errors and no --force) write each catalogue's books."""
    printer = None
    if write_pdf in options.books:  # the browser starts while the catalogues are read: it takes as long
        from gwstd.books.pdf import start_printer

        printer = start_printer(options.browser)
    try:
        return _build(paths, options, printer)
    finally:
        if printer is not None:
            printer.__exit__(None, None, None)


def _build(paths: Sequence[str | os.PathLike[str]], options: BuildOptions, printer: object | None) -> BuildResult:
    from gwstd.editions.read import load_models
    from gwstd.seams.staging import OutputFolder

    validation, models = load_models(paths, options.validate)
    outcome = BuildResult(validation)
    if (outcome.errors and not options.force) or validation.io_failed or not models:
        return outcome
    # One transaction: every book is written into a staging folder, and put in place with the others only
    # when all are whole; a concurrent build into the same folder waits for this one.
    folder = OutputFolder(options.out_dir, waiting=options.waiting)
    with folder as staging, folder.naming_final_paths():
        for catalogue, written in _write_all(models, validation, options, printer, staging, outcome):
            outcome.built.append(Built(catalogue, written))
        folder.commit()
    for built in outcome.built:
        built.files = [folder.final(path) for path in built.files]
    return outcome


def _write_all(models, validation: ValidationResult, options: BuildOptions, printer: object | None,
               staging: Path, outcome: BuildResult):
    """Each catalogue's books, written under ``staging``: (catalogue, the files written)."""
    from gwstd.seams.files import ensure_dir

    for group, catalogue in models:  # (one: several catalogues at once are a province, gwstd.province's)
        out_dir = staging
        index = next(i for g, i in validation.catalogues if g is group)
        coverage = compute(index, validation.baseline, root=group.root_name) if validation.baseline else None
        changes = None
        if options.since:
            from gwstd.catalogue.diff import compare
            from gwstd.editions.read import load_edition

            previous, problems = load_edition(options.since, folder=group.root or Path("."),
                                              encoding=options.validate.encoding)
            outcome.problems += problems
            changes = compare(previous, catalogue, old_label=options.since, new_label="本版")
        ensure_dir(out_dir)
        sources = Sources(catalogue, coverage, changes, options.templates, options.browser, printer)
        written = []
        for write in options.books:
            try:
                written.append(write(sources, out_dir))
            except (BrowserMissing, PrintFailed) as exc:  # the PDF alone: the other books are written
                quiet = isinstance(exc, BrowserMissing) and exc.turned_off and len(options.books) > 1
                if not quiet and exc.diagnostic not in outcome.skipped:
                    outcome.skipped.append(exc.diagnostic)
        yield catalogue, written

