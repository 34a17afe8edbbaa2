"""The scope guide as data: sections and checkable scope points, loaded from YAML with positions.

The bundled guide is 《基层政务公开范围指引》 (川办发〔2017〕90号附件); another province's guide, written in
the same form (schemas/baseline.schema.json), is passed with ``--baseline FILE``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from gwstd import schema
from gwstd.diagnostics import Diagnostic, Severity
from gwstd.loader import load_file, load_text

BUNDLED = "scope-guide.yaml"


@dataclass(frozen=True, slots=True)
class Point:
    id: str
    title: str
    text: str
    domain: str
    section: str


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    domain: str
    text: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Baseline:
    name: str
    source: str
    sections: tuple[Section, ...]
    points: dict[str, Point] = field(default_factory=dict)

    @property
    def domains(self) -> list[str]:
        """The domains the guide covers, in the guide's order."""
        return list(dict.fromkeys(s.domain for s in self.sections))

    def points_of(self, domain: str) -> list[Point]:
        return [p for s in self.sections if s.domain == domain for p in s.points]


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
