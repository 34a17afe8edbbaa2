"""The scope guide as data: sections and the checkable scope points a catalogue's items cover.

The bundled guide is 《基层政务公开范围指引》 (川办发〔2017〕90号附件); another province's guide, written in
the same form (schemas/baseline.schema.json), is passed with ``--baseline FILE``. Loading it is
gwstd.validate.scopeguide's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
