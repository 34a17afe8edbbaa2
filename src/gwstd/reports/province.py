"""A province's counties side by side (``stats --by county``, ``coverage --by county``): one row per county,
and the province's totals, as a rich table, JSON, CSV or Markdown.

Each renders a catalogue.province.ProvinceSummary. Figures are those of each county alone (``gwstd stats`` /
``gwstd coverage`` on its folder); a county that does not load keeps its row, with its status and no figures,
and a rate where nothing was counted is "—" (JSON null): never 100% of nothing.
"""

from __future__ import annotations

import csv
import json
from typing import Callable, TextIO

from gwstd.catalogue.province import (
    REFUSED,
    UNREADABLE,
    CountySummary,
    DomainFigures,
    ProvinceSummary,
    Totals,
    status_label,
    totals,
)
from gwstd.reports.base import markdown_cell as _md

NONE = "—"
TOTAL = "全省合计"


def _stats_percent(ratio: float | None) -> str:
    """As ``gwstd stats`` writes a completeness: 97.5%, 100.0%."""
    return NONE if ratio is None else f"{ratio * 100:.1f}%"


def _coverage_percent(ratio: float | None) -> str:
    """As ``gwstd coverage`` writes a rate: 0%, 32.3%, 100%."""
    if ratio is None:
        return NONE
    return f"{ratio * 100:.0f}%" if ratio in (0.0, 1.0) else f"{ratio * 100:.1f}%"


def _round(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, 4)


def _loaded(province: ProvinceSummary) -> list[CountySummary]:
    return [c for c in province.counties if c.status != UNREADABLE]


# ---- the province's totals: every county that loaded, summed -------------------------------------------


# ---- rows shared by the text formats ----------------------------------------------------------------------


def _coverage_cell(figures: DomainFigures | CountySummary | Totals | None) -> str:
    if figures is None or not figures.due:
        return NONE
    return f"{figures.covered}/{figures.due}({_coverage_percent(figures.coverage)})"


def stats_header(province: ProvinceSummary) -> list[str]:
    return ["序号", "市(州)", "县(区)", "状态", *province.domain_names, "事项数", "要素齐全", "要素完整率",
            "范围覆盖率", "错误", "警告"]


def stats_rows(province: ProvinceSummary) -> list[list[str]]:
    """One row per county (their order as found), then the province's totals."""
    rows = []
    for c in province.counties:
        if c.status == UNREADABLE:
            rows.append([str(c.number), c.city, c.region, status_label(c), *[NONE] * len(province.domain_names),
                         NONE, NONE, NONE, NONE, str(c.errors), str(c.warnings)])
            continue
        figures = [c.domain(name) for name in province.domain_names]
        rows.append([str(c.number), c.city, c.region, status_label(c),
                     *[NONE if f is None else str(f.items) for f in figures],
                     str(c.items), str(c.complete), _stats_percent(c.completeness), _coverage_percent(c.coverage),
                     str(c.errors), str(c.warnings)])
    t = totals(province)
    rows.append(["", "", TOTAL, _counted(province), *[str(f.items) for f in t.domains], str(t.items), str(t.complete),
                 _stats_percent(t.completeness), _coverage_percent(t.coverage), str(province.errors),
                 str(province.warnings)])
    return rows


def coverage_header(province: ProvinceSummary) -> list[str]:
    return ["序号", "市(州)", "县(区)", "状态", *province.domain_names, "已覆盖/应覆盖", "覆盖率", "未覆盖要点数"]


def _coverage_rate(figures: DomainFigures | CountySummary | Totals | None) -> str:
    return NONE if figures is None or not figures.due else _coverage_percent(figures.coverage)


def coverage_rows(province: ProvinceSummary, cell: Callable[..., str] = _coverage_cell) -> list[list[str]]:
    """One row per county, then the totals; ``cell`` writes a domain's figures (covered/due(rate))."""
    rows = []
    for c in province.counties:
        if c.status == UNREADABLE:
            rows.append([str(c.number), c.city, c.region, status_label(c), *[NONE] * len(province.domain_names),
                         NONE, NONE, NONE])
            continue
        rows.append([str(c.number), c.city, c.region, status_label(c),
                     *[cell(c.domain(name)) for name in province.domain_names],
                     f"{c.covered}/{c.due}" if c.due else NONE, _coverage_percent(c.coverage), str(len(c.missing))])
    t = totals(province)
    rows.append(["", "", TOTAL, _counted(province), *[cell(f) for f in t.domains],
                 f"{t.covered}/{t.due}" if t.due else NONE, _coverage_percent(t.coverage),
                 str(sum(len(c.missing) for c in province.counties))])
    return rows


def _counted(province: ProvinceSummary) -> str:
    """The totals row's status cell: how many counties the totals count."""
    loaded = len(_loaded(province))
    return f"{loaded} 个县"


# ---- JSON ---------------------------------------------------------------------------------------------------


def _county_head(c: CountySummary) -> dict:
    return {"number": c.number, "folder": c.folder, "city": c.city, "region": c.region, "office": c.office,
            "edition": c.edition, "date": c.date, "status": c.status, "status_label": status_label(c),
            "errors": c.errors, "warnings": c.warnings, "by_code": dict(c.by_code),
            "problems": [{"code": p.code, "severity": p.severity, "message": p.message, "file": p.file,
                          "line": p.line} for p in c.problems]}


def _stats_figures(figures: DomainFigures | CountySummary | Totals | None, readable: bool = True) -> dict:
    if figures is None or not readable:
        return {"items": None, "complete": None, "completeness": None}
    return {"items": figures.items, "complete": figures.complete, "completeness": _round(figures.completeness)}


def _coverage_figures(figures: DomainFigures | CountySummary | Totals | None, readable: bool = True) -> dict:
    if figures is None or not readable or figures.due is None:
        return {"covered": None, "due": None, "coverage": None}
    return {"covered": figures.covered, "due": figures.due, "coverage": _round(figures.coverage)}


def stats_dict(province: ProvinceSummary) -> dict:
    t = totals(province)
    counties = []
    for c in province.counties:
        readable = c.status != UNREADABLE
        counties.append({**_county_head(c), **_stats_figures(c, readable),
                         "coverage": _round(c.coverage) if readable else None,
                         "domains": [{"name": d.name, **_stats_figures(d)} for d in c.domains]})
    return {"title": province.title, "baseline": province.baseline, "domains": province.domain_names,
            "counties": counties,
            "total": {"counties": len(province.counties), "readable": len(_loaded(province)),
                      **_stats_figures(t), "coverage": _round(t.coverage),
                      "errors": province.errors, "warnings": province.warnings,
                      "domains": [{"name": d.name, **_stats_figures(d)} for d in t.domains]}}


def coverage_dict(province: ProvinceSummary) -> dict:
    t = totals(province)
    counties = []
    for c in province.counties:
        readable = c.status != UNREADABLE
        counties.append({**_county_head(c), **_coverage_figures(c, readable),
                         "domains": [{"name": d.name, **_coverage_figures(d)} for d in c.domains],
                         "missing": [m.point for m in c.missing],
                         "missing_points": [{"domain": m.domain, "point": m.point, "title": m.title}
                                            for m in c.missing]})
    return {"title": province.title, "baseline": province.baseline, "domains": province.domain_names,
            "counties": counties,
            "total": {"counties": len(province.counties), "readable": len(_loaded(province)),
                      **_coverage_figures(t), "missing": sum(len(c.missing) for c in province.counties),
                      "domains": [{"name": d.name, **_coverage_figures(d)} for d in t.domains]}}


def render_stats_json(province: ProvinceSummary, stream: TextIO) -> None:
    stream.write(json.dumps(stats_dict(province), ensure_ascii=False, indent=2) + "\n")


def render_coverage_json(province: ProvinceSummary, stream: TextIO) -> None:
    stream.write(json.dumps(coverage_dict(province), ensure_ascii=False, indent=2) + "\n")


# ---- CSV ------------------------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell Excel shows as the text it is: one starting like a formula (= + - @) is prefixed with '."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write_csv(header: list[str], rows: list[list[str]], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")  # as stats writes it (a Windows console adds its \r)
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)


def render_stats_csv(province: ProvinceSummary, stream: TextIO) -> None:
    _write_csv(stats_header(province), stats_rows(province), stream)


def render_coverage_csv(province: ProvinceSummary, stream: TextIO) -> None:
    _write_csv(coverage_header(province), coverage_rows(province), stream)


# ---- Markdown -------------------------------------------------------------------------------------------------


def _markdown_table(header: list[str], rows: list[list[str]], numeric_from: int) -> list[str]:
    align = ["---:" if i >= numeric_from or i == 0 else "---" for i in range(len(header))]
    out = ["| " + " | ".join(_md(h) for h in header) + " |", "|" + "|".join(align) + "|"]
    for number, row in enumerate(rows):
        cells = [_md(cell) for cell in row]
        if number == len(rows) - 1:  # the totals
            cells = [f"**{cell}**" if cell else cell for cell in cells]
        out.append("| " + " | ".join(cells) + " |")
    return out


def _unreadable_markdown(province: ProvinceSummary) -> list[str]:
    broken = [c for c in province.counties if c.status == UNREADABLE]
    if not broken:
        return []
    out = ["## 无法读取的目录", ""]
    for c in broken:
        first = c.problems[0] if c.problems else None
        why = f":{first.code} {first.message}" if first is not None else ""
        out.append(f"- {_md(c.region)}(`{_md(c.folder)}`){_md(why)}")
    return out + [""]


def render_stats_markdown(province: ProvinceSummary, stream: TextIO) -> None:
    out = [f"# {_md(province.title)}:各县事项统计", "",
           f"共 {len(province.counties)} 个县的目录" + (f",范围指引:{_md(province.baseline)}" if province.baseline else "")
           + "。", ""]
    out += _markdown_table(stats_header(province), stats_rows(province), 4) + [""]
    out += _unreadable_markdown(province)
    stream.write("\n".join(out))


def render_coverage_markdown(province: ProvinceSummary, stream: TextIO) -> None:
    out = [f"# {_md(province.title)}:各县范围指引覆盖情况", "",
           f"共 {len(province.counties)} 个县的目录" + (f",基准:{_md(province.baseline)}" if province.baseline else "")
           + "。领域一栏为 已覆盖/应覆盖(覆盖率);— 表示没有应覆盖的要点或目录无法读取。", ""]
    out += _markdown_table(coverage_header(province), coverage_rows(province), 4) + [""]
    missing = [c for c in province.counties if c.missing]
    if missing:
        out += ["## 未覆盖的范围要点", ""]
        out += [f"- {_md(c.region)}({len(c.missing)} 个):" + "、".join(_md(m.point) for m in c.missing)
                for c in missing]
        out.append("")
    out += _unreadable_markdown(province)
    stream.write("\n".join(out))


# ---- human: a rich table ------------------------------------------------------------------------------------


def _render_human(title: str, header: list[str], rows: list[list[str]], province: ProvinceSummary,
                  stream: TextIO, style_of: Callable[[CountySummary], str]) -> None:
    from rich.console import Console
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=False, markup=False)  # values are text, never tags
    table = Table(title=title, title_justify="left")
    for i, name in enumerate(header):
        table.add_column(name, justify="right" if i == 0 or i >= 4 else "left", no_wrap=True)
    for county, row in zip(province.counties, rows):
        table.add_row(*row, style=style_of(county))
    table.add_row(*rows[-1], style="bold")
    # One line per county, however many domains: a table folded into the console's width is unreadable.
    wide = Measurement.get(console, console.options.update_width(10_000), table).maximum
    if wide > console.width:
        console = Console(file=stream, highlight=False, soft_wrap=False, markup=False, width=wide)
    console.print(table)
    for c in province.counties:
        if c.status == UNREADABLE:
            first = c.problems[0] if c.problems else None
            why = f":{first.code} {first.message}" if first is not None else ""
            console.print(Text(f"✗ {c.region}({c.folder})无法读取{why}", style="bold red"), width=min(wide, 100))

def render_stats_human(province: ProvinceSummary, stream: TextIO) -> None:
    def style(c: CountySummary) -> str:
        return "bold red" if c.status == UNREADABLE else ("yellow" if c.status == REFUSED else "")

    _render_human(f"{province.title}:各县事项统计(共 {len(province.counties)} 个县)", stats_header(province),
                  stats_rows(province), province, stream, style)


def render_coverage_human(province: ProvinceSummary, stream: TextIO) -> None:
    def style(c: CountySummary) -> str:
        return "bold red" if c.status == UNREADABLE or c.missing else ""

    baseline = f"({province.baseline})" if province.baseline else ""
    rows = coverage_rows(province, cell=_coverage_rate)  # a terminal's width: each domain's rate alone
    _render_human(f"{province.title}:各县范围指引覆盖情况{baseline}", coverage_header(province), rows, province,
                  stream, style)


# ---- --min-coverage -----------------------------------------------------------------------------------------


def threshold(minimum: float) -> str:
    """A --min-coverage as the user gave it: 80 → 80%, 62.5 → 62.5%."""
    return f"{minimum:g}%"


def shortfall(name: str, covered: int, due: int, minimum: float, *, unreadable: bool = False) -> str | None:
    """Why a county (or catalogue) falls below ``minimum`` percent, in Chinese; None when it reaches it.

    Nothing due counts as below: covering nothing of nothing proves nothing. Compared exactly (covered·100
    against minimum·due), not through a rounded rate."""
    floor = f"--min-coverage {threshold(minimum)}"
    if unreadable:
        return f"{name} 目录无法读取,没有覆盖率,视为低于 {floor}"
    if not due:
        return f"{name} 没有应覆盖的范围要点,没有覆盖率,视为低于 {floor}"
    if covered * 100 < minimum * due:
        return f"{name} 覆盖率 {_coverage_percent(covered / due)}({covered}/{due}),低于 {floor}"
    return None


def shortfalls(province: ProvinceSummary, minimum: float) -> list[str]:
    """Every county below ``minimum`` percent, in the order found, each with why."""
    found = (shortfall(c.region, c.covered, c.due, minimum, unreadable=c.status == UNREADABLE)
             for c in province.counties)
    return [reason for reason in found if reason is not None]
