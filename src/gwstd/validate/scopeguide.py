"""Loading the scope guide: the bundled one or a ``--baseline`` file, checked against its schema, to the
catalogue.scopeguide model with a diagnostic (and position) for every problem."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from gwstd.catalogue.scopeguide import Baseline, Point, Section
from gwstd.diagnostics import Diagnostic, Severity
from gwstd.load.loader import load_file, load_text
from gwstd.validate import schema

BUNDLED = "scope-guide.yaml"


def load_baseline(path: Path | None = None, *, encoding: str | None = None) -> tuple[Baseline | None, list[Diagnostic]]:
    """The bundled guide, or the one at ``path``; None with diagnostics when it cannot be used."""
    if path is None:
        text = resources.files("gwstd.data").joinpath(BUNDLED).read_text(encoding="utf-8")
        doc, problems = load_text(text, f"<内置>/{BUNDLED}")
    else:
        doc, problems = load_file(path, encoding=encoding)
    if doc is None:
        return None, problems
    if path is not None:  # the bundled guide is checked by the test suite, not on every run
        problems += schema.validate(doc, "baseline")
    if any(p.severity == Severity.ERROR for p in problems):
        return None, problems
    sections = []
    points: dict[str, Point] = {}
    for si, section in enumerate(doc.data["sections"]):
        own = []
        for pi, raw in enumerate(section["points"]):
            point = Point(raw["id"], raw["title"], raw["text"], section["domain"], section["name"])
            if point.id in points:
                problems.append(doc.diag("GW217", ("sections", si, "points", pi, "id"), id=point.id,
                                         other=points[point.id].section))
                continue
            points[point.id] = point
            own.append(point)
        sections.append(Section(section["name"], section["domain"], section.get("text", ""), tuple(own)))
    if problems:
        return None, problems
    return Baseline(doc.data["name"], doc.data.get("source", ""), tuple(sections), points), []
