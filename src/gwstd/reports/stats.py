"""Statistics as rich tables, JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from gwstd.catalogue.stats import DIMENSIONS, Stats
from gwstd.reports.base import markdown_cell as _md


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def to_dict(stats: Stats) -> dict:
    return {"region": stats.region, "edition": stats.edition, "items": stats.items, "complete": stats.complete,
            "completeness": None if stats.completeness is None else round(stats.completeness, 4),
            "counts": {key: dict(stats.counts[key]) for key, _ in DIMENSIONS},
            "missing": dict(stats.missing)}


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
        if s.missing:
            console.print("缺少的要素:" + "、".join(f"{k} {v} 项" for k, v in s.missing.most_common()))
