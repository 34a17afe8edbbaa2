"""Statistics of a catalogue: what an office reports upward and a provincial office compares across counties.
Pure: a model in, counts out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from gwstd.catalogue.model import Catalogue, Item
from gwstd.catalogue.vocab import AUDIENCES, CHANNELS, LEVELS, METHODS, UPDATE_CYCLES

# the dimensions in which an item may have several values
MULTIPLE = ("channel", "method", "audience", "level")

DIMENSIONS = [("domain", "领域"), ("category", "一级事项"), ("department", "公开主体"), ("channel", "公开渠道"),
              ("method", "公开方式"), ("audience", "公开对象"), ("level", "公开层级"), ("update_cycle", "信息更新周期")]


@dataclass(slots=True)
class Stats:
    region: str
    edition: str
    items: int
    complete: int  # items with every element 川办发〔2017〕90号 requires
    counts: dict[str, Counter] = field(default_factory=dict)
    missing: Counter = field(default_factory=Counter)  # element label → items lacking it
    # dimension key (method, audience, level, channel) → items with more than one value in it: why the counts of
    # a dimension add up to more than the items (an item can be both 主动 and 依申请)
    overlap: Counter = field(default_factory=Counter)

    @property
    def completeness(self) -> float | None:
        """The share of items with every element; None for a catalogue without items (nothing is complete)."""
        return self.complete / self.items if self.items else None


def missing_elements(catalogue: Catalogue, item: Item) -> list[str]:
    """The required elements (name, basis, content, subject and person, time limit, update cycle, channels,
    method, consultation and supervision phones) an item lacks."""
    checks = [
        ("公开事项名称", bool(item.name.strip())),
        ("公开依据", any(b.title.strip() for b in item.basis)),
        ("公开内容", bool(item.required)),
        ("公开主体", item.department in catalogue.departments),
        ("责任人", bool(catalogue.person_of(item).strip())),
        ("公开时限", bool(item.time_limit.strip())),
        ("信息更新周期", item.update_cycle in UPDATE_CYCLES),
        ("公开渠道", bool(item.channels or item.other_channels)),
        ("公开方式", bool(item.method)),
        ("咨询电话", bool(catalogue.consult_of(item).strip())),
        ("监督举报电话", bool(catalogue.supervise_of(item).strip())),
    ]
    return [label for label, ok in checks if not ok]


def compute(catalogue: Catalogue) -> Stats:
    counts: dict[str, Counter] = {key: Counter() for key, _ in DIMENSIONS}
    # Closed vocabularies are listed in full, zeros included, so counties compare column by column.
    for key, vocabulary in (("channel", CHANNELS), ("method", METHODS), ("audience", AUDIENCES), ("level", LEVELS),
                            ("update_cycle", UPDATE_CYCLES)):
        counts[key].update({v: 0 for v in vocabulary})
    missing: Counter = Counter()
    overlap: Counter = Counter({key: 0 for key in MULTIPLE})
    complete = 0
    total = 0
    for domain in catalogue.domains:
        counts["domain"][domain.name] += 0
        for category, _, item in domain.rows():
            total += 1
            counts["domain"][domain.name] += 1
            counts["category"][f"{domain.name} / {category.name}"] += 1
            counts["department"][catalogue.department_of(item).name] += 1
            counts["channel"].update(item.channels)
            counts["method"].update(item.method)
            counts["audience"].update(item.audience)
            counts["level"].update(item.level)
            counts["update_cycle"][item.update_cycle or "(未填写)"] += 1
            for key, values in (("channel", item.channels), ("method", item.method), ("audience", item.audience),
                                ("level", item.level)):
                overlap[key] += len(set(values)) > 1
            lacks = missing_elements(catalogue, item)
            missing.update(lacks)
            complete += not lacks
    return Stats(catalogue.region, catalogue.edition, total, complete, counts, missing, overlap)
