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
            "extra_domains": list(r.extra_domains), "unreadable": list(r.unreadable),
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
                *([f"**有文件无法读取({_md('、'.join(r.unreadable))}),其中的事项没有计入,覆盖情况不完整。**", ""]
                  if r.unreadable else []),
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


VERBOSE_HINT = "加 --verbose 查看每个要点的覆盖情况。"


def render_human(result: CoverageReport, stream: TextIO) -> None:
    """The summary first (the rate, then each domain's figure), then what is missing; each point of each
    domain only with ``--verbose``."""
    reports, diagnostics, verbose = result.catalogues, result.diagnostics, result.verbose
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=False, markup=False)  # text, never tags
    if diagnostics:
        from gwstd.reports.human import print_diagnostics

        print_diagnostics(console, diagnostics)
    for number, r in enumerate(reports):
        if number:
            console.print()
        # the heading above the table, not its title: a title wraps at the table's width
        # several catalogues (a province folder): each also by its folder, as two counties may share a name
        name = f"{r.region}({r.root})" if len(reports) > 1 and r.region and r.root else r.region or r.root
        console.print(Text.assemble((f"{name}:范围指引覆盖情况", "bold"), f"(基准:{r.baseline})"))
        missing = r.uncovered
        if r.unreadable:
            console.print(Text(f"✗ 有文件无法读取({'、'.join(r.unreadable)}),其中的事项没有计入,覆盖情况不完整。",
                               style="bold red"))
        elif missing:
            console.print(Text(f"✗ 覆盖率 {_rate(r)}:{r.total} 个范围要点中已覆盖 {r.covered} 个,"
                               f"有 {len(missing)} 个未覆盖。", style="bold red"))
        elif not r.total:
            console.print(Text(f"{NOTHING_DUE}(目录中没有范围指引中的领域)。", style="bold yellow"))
        else:
            console.print(Text(f"✓ 覆盖了全部 {r.total} 个范围要点,覆盖率 {_rate(r)}。", style="bold green"))
        summary = Table(show_lines=False)
        summary.add_column("领域", no_wrap=True)
        summary.add_column("已覆盖/要点数", justify="right", overflow="fold")
        summary.add_column("覆盖率", justify="right", no_wrap=True)
        for d in r.domains:
            style = "" if not d.counted or d.covered == d.total else "bold red"
            summary.add_row(d.domain, _state(d), _rate(d) if d.present else "—", style=style)
        summary.add_row("合计", f"{r.covered}/{r.total}", _rate(r), style="bold")
        console.print(summary)
        if r.extra_domains:
            console.print("范围指引以外的领域:" + "、".join(r.extra_domains))
        if missing:
            console.print(Text(f"未覆盖的范围要点({len(missing)} 个):", style="bold red"))
            gaps = Table(show_lines=False)
            gaps.add_column("领域", no_wrap=True)
            _code_column(gaps, [p.id for p in missing] + ["全部"])
            gaps.add_column("标题", overflow="fold")
            for d in r.counted:
                if not d.present:  # (--all-domains) a domain the catalogue lacks: one row, not each point
                    gaps.add_row(d.domain, "全部", f"目录中没有此领域,{d.total} 个要点都未覆盖")
                    continue
                for p in d.points:
                    if not p.covered:
                        gaps.add_row(d.domain, p.point.id, p.point.title)
            console.print(gaps)
        if verbose:
            for d in r.domains:
                if not d.counted:
                    continue  # a guide domain the catalogue has not taken up: one row in the summary says so
                console.print(Text(f"{name} · {d.domain}({_state(d)})", style="bold"))
                table = Table(show_lines=False)
                _code_column(table, [p.point.id for p in d.points])
                table.add_column("标题", overflow="fold")
                table.add_column("覆盖事项")
                for p in d.points:
                    # item ids apart by spaces: a cell wraps between ids, never inside one
                    covered = Text(" ".join(_listed(p.items))) if p.covered else Text("未覆盖", style="bold red")
                    table.add_row(p.point.id, p.point.title, covered)
                console.print(table)
    if not verbose and any(r.total for r in reports):
        console.print(VERBOSE_HINT)  # once, after every catalogue


def _code_column(table, codes: list[str]) -> None:  # noqa: ANN001
    """A column of scope-point codes ("bz-01"): never wrapped, never cut, as wide as the longest."""
    from rich.cells import cell_len

    table.add_column("要点", no_wrap=True, overflow="ignore", min_width=max((cell_len(c) for c in codes), default=4))


def _listed(ids: tuple[str, ...], limit: int = 6) -> list[str]:
    return list(ids[:limit]) + ([f"等 {len(ids)} 项"] if len(ids) > limit else [])
