"""Coverage reports: a rich table for people, Markdown for reports, JSON for tools."""

from __future__ import annotations

import json
from typing import TextIO

from gwstd.catalogue.coverage import CatalogueCoverage, DomainCoverage
from gwstd.reports.base import CoverageReport
from gwstd.reports.base import markdown_cell as _md


def _percent(ratio: float) -> str:
    return f"{ratio * 100:.0f}%" if ratio in (0.0, 1.0) else f"{ratio * 100:.1f}%"


def _rate(covered: DomainCoverage | CatalogueCoverage) -> str:
    """The coverage rate, or — when no point was due: covering nothing of nothing is not 100%."""
    return _percent(covered.ratio) if covered.total else "—"


def _ratio(covered: DomainCoverage | CatalogueCoverage) -> float | None:
    return round(covered.ratio, 4) if covered.total else None


NOTHING_DUE = "没有应覆盖的范围要点"


def _items(ids: tuple[str, ...], limit: int = 6) -> str:
    return "、".join(ids[:limit]) + (f" 等 {len(ids)} 项" if len(ids) > limit else "")


def _state(domain: DomainCoverage) -> str:
    if not domain.present:
        return "目录中没有此领域" + ("" if domain.counted else "(不计入)")
    return f"{domain.covered}/{domain.total}"


def render_json(result: CoverageReport, stream: TextIO) -> None:
    reports, diagnostics = result.catalogues, result.diagnostics
    payload = {
        "catalogues": [{
            "region": r.region, "root": r.root, "baseline": r.baseline,
            "covered": r.covered, "total": r.total, "ratio": _ratio(r), "complete": r.complete,
            "extra_domains": list(r.extra_domains),
            "domains": [{
                "domain": d.domain, "present": d.present, "counted": d.counted, "covered": d.covered,
                "total": d.total, "ratio": _ratio(d),
                "points": [{"id": p.point.id, "title": p.point.title, "text": p.point.text, "covered": p.covered,
                            "items": list(p.items)} for p in d.points],
            } for d in r.domains],
        } for r in reports],
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
    stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def render_markdown(result: CoverageReport, stream: TextIO) -> None:
    reports, diagnostics = result.catalogues, result.diagnostics
    out: list[str] = []
    for r in reports:
        out += [f"# {_md(r.region or r.root)}:范围指引覆盖情况", "",
                (f"基准:{_md(r.baseline)}。计入的领域共 {r.total} 个范围要点,已覆盖 {r.covered} 个,"
                 f"覆盖率 {_percent(r.ratio)}。" if r.total else f"基准:{_md(r.baseline)}。{NOTHING_DUE}。"), "",
                "| 领域 | 已覆盖/要点数 | 覆盖率 |", "|---|---:|---:|"]
        out += [f"| {_md(d.domain)} | {_state(d)} | {_rate(d) if d.present else '—'} |" for d in r.domains]
        out += [f"| **合计** | {r.covered}/{r.total} | {_rate(r)} |", ""]
        for d in r.domains:
            out += [f"## {_md(d.domain)}({_state(d)})", "", "| 要点 | 标题 | 覆盖事项 |", "|---|---|---|"]
            out += [f"| {_md(p.point.id)} | {_md(p.point.title)} | {_md(_items(p.items)) if p.covered else '**未覆盖**'} |"
                    for p in d.points]
            out.append("")
        if r.extra_domains:
            out += ["范围指引以外的领域:" + "、".join(_md(d) for d in r.extra_domains), ""]
    if diagnostics:
        out += ["## 问题", ""]
        out += [f"- `{_md(d.file)}:{d.line}` {d.code} {_md(d.message)}" for d in diagnostics]
        out.append("")
    stream.write("\n".join(out))


def render_human(result: CoverageReport, stream: TextIO) -> None:
    reports, diagnostics = result.catalogues, result.diagnostics
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=False, markup=False)  # text, never tags
    if diagnostics:
        from gwstd.reports.human import print_diagnostics

        print_diagnostics(console, diagnostics)
    for r in reports:
        for d in r.domains:
            if not d.counted:
                continue  # a guide domain the catalogue has not taken up: one row in the summary says so
            table = Table(title=f"{r.region or r.root} · {d.domain}({_state(d)})", title_justify="left",
                          show_lines=False)
            table.add_column("要点")
            table.add_column("标题")
            table.add_column("覆盖事项", overflow="fold")
            for p in d.points:
                covered = Text(_items(p.items)) if p.covered else Text("未覆盖", style="bold red")
                table.add_row(p.point.id, p.point.title, covered)
            console.print(table)
        summary = Table(title=f"{r.region or r.root}:范围指引覆盖情况({r.baseline})", title_justify="left")
        summary.add_column("领域")
        summary.add_column("已覆盖/要点数", justify="right")
        summary.add_column("覆盖率", justify="right")
        for d in r.domains:
            style = "" if not d.counted or d.covered == d.total else "bold red"
            summary.add_row(d.domain, _state(d), _rate(d) if d.present else "—", style=style)
        summary.add_row("合计", f"{r.covered}/{r.total}", _rate(r), style="bold")
        console.print(summary)
        if r.extra_domains:
            console.print("范围指引以外的领域:" + "、".join(r.extra_domains))
        missing = r.uncovered
        if missing:
            console.print(Text(f"✗ 有 {len(missing)} 个范围要点未覆盖:" + "、".join(p.id for p in missing),
                               style="bold red"))
        elif not r.total:
            console.print(Text(f"{NOTHING_DUE}(目录中没有范围指引中的领域)。", style="bold yellow"))
        else:
            console.print(Text(f"✓ 覆盖了全部 {r.total} 个范围要点。", style="bold green"))
