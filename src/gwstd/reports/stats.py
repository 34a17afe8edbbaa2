"""Statistics as rich tables, JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from gwstd.catalogue.stats import DIMENSIONS, MULTIPLE, Stats
from gwstd.reports.base import markdown_cell as _md


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


# why a dimension's counts add up to more than the items: {n} is the number of items with several values
_OVERLAP = {
    "method": "一个事项可同时为主动公开和依申请公开,有 {n} 项两者都是",
    "audience": "一个事项可同时面向全社会和特定群体,有 {n} 项两者都是",
    "level": "一个事项可在多个层级公开,有 {n} 项在两个或更多层级公开",
    "channel": "一个事项可通过多个渠道公开,有 {n} 项使用两个或更多渠道",
}


def overlap_note(stats: Stats, key: str) -> str | None:
    """A note under a dimension whose counts add up to more than the items, saying by how many items; None when
    they do not."""
    if key not in _OVERLAP or sum(stats.counts[key].values()) <= stats.items or not stats.overlap[key]:
        return None
    return "(" + _OVERLAP[key].format(n=stats.overlap[key]) + ",故合计多于事项数)"


def to_dict(stats: Stats) -> dict:
    return {"region": stats.region, "edition": stats.edition, "items": stats.items, "complete": stats.complete,
            "completeness": None if stats.completeness is None else round(stats.completeness, 4),
            "counts": {key: dict(stats.counts[key]) for key, _ in DIMENSIONS},
            "missing": dict(stats.missing),
            # items with more than one value in a dimension: its counts add up to more than "items" by them
            "overlap": {key: stats.overlap[key] for key in MULTIPLE}}


def render_json(all_stats: list[Stats], stream: TextIO) -> None:
    stream.write(json.dumps([to_dict(s) for s in all_stats], ensure_ascii=False, indent=2) + "\n")


def render_csv(all_stats: list[Stats], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["地区", "版本", "统计项", "分类", "事项数"])
    for s in all_stats:
        writer.writerow([s.region, s.edition, "合计", "事项", s.items])
        writer.writerow([s.region, s.edition, "合计", "要素齐全的事项", s.complete])
        for key, label in DIMENSIONS:
            for name, count in s.counts[key].items():
                writer.writerow([s.region, s.edition, label, name, count])
        for name, count in s.missing.items():
            writer.writerow([s.region, s.edition, "缺少的要素", name, count])


def render_markdown(all_stats: list[Stats], stream: TextIO) -> None:
    out = []
    for s in all_stats:
        out += [f"# {_md(s.region)}政务公开事项标准目录统计({_md(s.edition)})", "",
                f"共 {s.items} 个事项,要素齐全的 {s.complete} 个,完整率 {_percent(s.completeness)}。", ""]
        for key, label in DIMENSIONS:
            out += [f"## 按{label}", "", f"| {label} | 事项数 |", "|---|---:|"]
            out += [f"| {_md(name)} | {count} |" for name, count in s.counts[key].items()]
            out.append("")
            note = overlap_note(s, key)
            if note:
                out += [note, ""]
        if s.missing:
            out += ["## 缺少的要素", "", "| 要素 | 缺少的事项数 |", "|---|---:|"]
            out += [f"| {_md(name)} | {count} |" for name, count in s.missing.most_common()]
            out.append("")
    stream.write("\n".join(out))


def render_human(all_stats: list[Stats], stream: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, markup=False)  # values are text, never tags
    for s in all_stats:
        console.print(Text.assemble((s.region, "bold"), f"({s.edition}):{s.items} 个事项,要素齐全 {s.complete} 个,"
                                    f"完整率 {_percent(s.completeness)}"))
        for key, label in DIMENSIONS:
            table = Table(title=f"按{label}", title_justify="left")
            table.add_column(label)
            table.add_column("事项数", justify="right")
            for name, count in s.counts[key].items():
                table.add_row(name, str(count))
            console.print(table)
            note = overlap_note(s, key)
            if note:
                console.print(note)
        if s.missing:
            console.print("缺少的要素:" + "、".join(f"{k} {v} 项" for k, v in s.missing.most_common()))
