"""The provincial index: one offline page (index.html) listing every county of a province build, and the
search data its cross-county search loads (index-data/county-NNN.js, one script per county).

``index_page`` renders the page from a ProvinceSummary with the county book's Jinja environment (the user's
--templates folder first, then the shipped templates; autoescaped; book.css, province.css and province.js
inlined), so it looks like the county books and works from file:// with no network. ``search_script`` is pure:
a county's items as one small script that calls ``gwstdProvince.add`` (templates/province.js), loaded by
<script src> elements (no fetch or XHR, which file:// does not allow) once the page has loaded.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gwstd.catalogue.model import Catalogue
from gwstd.catalogue.province import (
    BUILT,
    REFUSED,
    STATUS_LABELS,
    UNREADABLE,
    CountySummary,
    ProvinceSummary,
    status_label,
    totals,
)
from gwstd.editions.labels import around, compared_with_label, source_label
from gwstd.province.workbook import WORKBOOK_NAME

SEARCH_DIR = "index-data"  # beside index.html: the per-county search data
INDEX_FILE = "index.html"
# How each county's search data calls into the page (templates/province.js defines it).
SEARCH_GLOBAL = "gwstdProvince"
BOOK_LABELS = {"html": "网页目录", "excel": "Excel 目录", "pdf": "PDF 目录"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

# C0 controls (tab, line feed and carriage return too: the search data is one line of text per field), DEL,
# C1 and lone surrogates: none reaches the page raw (see books.html.without_controls for the page itself).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROLS_KEPT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # tab, LF, CR stay
_SPACES = re.compile(r"\s+")
# What JSON leaves as it is but must not be raw inside a script: markup (</script>, <!--) and the two line
# separators older JavaScript engines end a string literal at.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def search_file(number: int) -> str:
    """Where county ``number``'s search data goes, relative to index.html, in "/" form."""
    return f"{SEARCH_DIR}/county-{number:03d}.js"


def _clean(text: Any) -> str:
    """One line of text: control characters as U+FFFD (as the county book shows them), runs of white space as
    one space."""
    text = str(text or "")
    text = _SPACES.sub(" ", text)
    return _CONTROLS.sub("\ufffd", text).strip()


def _same(text: Any) -> str:
    """Text as the page shows it (books.html.without_controls' control characters as U+FFFD, and lone
    surrogates too): what the page and the search data must both spell alike (a region, an item's id)."""
    return _CONTROLS_KEPT.sub("\ufffd", str(text or ""))


def script_json(value: Any) -> str:
    """``value`` as compact JSON that is also safe inside an HTML <script> element: no '<', '>' or '&' (no
    </script> or <!-- can end or change it) and no U+2028/U+2029; non-ASCII text stays as it is (compact)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)


def search_data(catalogue: Catalogue) -> dict[str, Any]:
    """A county's items for the cross-county search: the domain and department names once each, then one
    [id, name, content, domain, department] per item (domain and department as indexes into those lists)."""
    domains: list[str] = []
    departments: dict[str, int] = {}
    items: list[list[Any]] = []
    for domain in catalogue.domains:
        domains.append(_clean(domain.name))
        d_index = len(domains) - 1
        for _, _, item in domain.rows():
            dept = _clean(catalogue.department_of(item).name)
            p_index = departments.setdefault(dept, len(departments))
            content = "、".join(c for c in (_clean(e) for e in [*item.required, *item.optional]) if c)
            items.append([_same(item.id), _clean(item.name), content, d_index, p_index])
    return {"r": _same(catalogue.region), "d": domains, "p": list(departments), "i": items}


def search_script(number: int, catalogue: Catalogue) -> bytes:
    """County ``number``'s search data as a script for index-data/ (see ``search_file``)."""
    return f"{SEARCH_GLOBAL}.add({int(number)},{script_json(search_data(catalogue))});\n".encode("utf-8")


def href(path: str) -> str:
    """A county's book path (relative, "/" form) as a link: every part percent-encoded, so that a folder
    named with '#', '?', '%' or ':' is still that folder, and no path can become a scheme (javascript:)."""
    parts = [p for p in str(path).replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(quote(_CONTROLS.sub("\ufffd", p), safe="") for p in parts)


def _percent(ratio: float | None) -> str:
    """A ratio as a percentage to one decimal; "—" for None; never "100%" unless it is all."""
    if ratio is None:
        return "—"
    if ratio >= 1:
        return "100%"
    text = f"{ratio * 100:.1f}"
    if text == "100.0":  # 99.96%: a county that misses a point does not read as complete
        text = "99.9"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def _generated(generated: date | None) -> str:
    if generated is not None:
        return generated.isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")  # reproducible builds
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
    return date.today().isoformat()


def county_context(county: CountySummary, domain_names: list[str], cities: list[str], since: str | None
                   ) -> dict[str, Any]:
    books = {kind: href(path) for kind, path in county.books.items() if path and kind in BOOK_LABELS}
    domains = []
    for name in domain_names:
        figures = county.domain(name)
        domains.append({
            "name": name, "item_count": figures.items if figures else None,
            "complete": figures.complete if figures else None,
            "covered": figures.covered if figures else None, "due": figures.due if figures else None,
        })
    problems = [{"code": p.code, "severity": SEVERITY_LABELS.get(p.severity, p.severity), "level": p.severity,
                 "message": p.message,
                 "place": f"{p.file}:{p.line}" if p.file and p.line else p.file}
                for p in county.problems]
    changes = county.changes
    readable = county.status != UNREADABLE
    return {
        "number": county.number, "folder": county.folder, "region": county.region or county.folder,
        "city": county.city, "office": county.office, "edition": county.edition, "date": county.date,
        "status": county.status, "status_label": status_label(county),
        "readable": readable, "built": bool(county.books),  # (--force builds a county with errors too)
        "item_count": county.items if readable else None,
        "domains": domains,
        "covered": county.covered, "due": county.due,
        "coverage": county.coverage if readable else None, "coverage_text": _percent(county.coverage if readable else None),
        "completeness": county.completeness if readable else None,
        "completeness_text": _percent(county.completeness if readable else None),
        "errors": county.errors, "warnings": county.warnings,
        "problems": problems, "problems_more": max(0, sum(county.by_code.values()) - len(problems)),
        "missing": [{"domain": m.domain, "domain_index": domain_names.index(m.domain) if m.domain in domain_names else -1,
                     "point": m.point, "title": m.title} for m in county.missing],
        "city_index": cities.index(county.city) if county.city in cities else -1,
        "books": [{"kind": kind, "label": BOOK_LABELS[kind], "href": books[kind]}
                  for kind in BOOK_LABELS if kind in books],
        "html": books.get("html", ""),
        "changes": ({"added": changes.added, "removed": changes.removed, "changed": changes.changed,
                     "departments": changes.departments, "total": changes.total}
                    if since is not None and changes is not None else None),
        # the search data of each county built (the pipeline writes it beside the books); a file that is
        # missing is skipped by the page
        "search": search_file(county.number) if "html" in county.books else "",
    }


def _province_figures(province: ProvinceSummary) -> dict[str, Any]:
    """The province's coverage and completeness over the counties that load (as 全省汇总.xlsx's 全省合计)."""
    t = totals(province)
    return {"covered": t.covered, "due": t.due, "coverage": f"{t.coverage:.1%}" if t.due else "—",
            "completeness": f"{t.completeness:.1%}" if t.items else "—"}


def index_context(province: ProvinceSummary, *, generated: date | None = None) -> dict[str, Any]:
    names = province.domain_names
    cities = province.cities
    counties = [county_context(c, names, cities, province.since) for c in province.counties]
    statuses = {s: sum(c.status == s for c in province.counties) for s in (BUILT, REFUSED, UNREADABLE)}
    page_data = {
        "domains": [_same(n) for n in names],
        "counties": [{"n": c["number"], "r": _same(c["region"]), "c": c["city_index"], "cn": _same(c["city"]), "h": c["html"],
                      "s": c["search"],
                      "d": [[d["item_count"], d["complete"], d["covered"], d["due"]] for d in c["domains"]]}
                     for c in counties],
    }
    since = source_label(province.since) if province.since is not None else None
    return {
        "title": province.title, "baseline": province.baseline, "since": province.since,
        # the revision or folder, said as such ("版本 v2024"): never the bare name in the page
        "since_label": since,
        "compared_with": compared_with_label(since) if since is not None else None,
        "since_heading": around("自", since, "以来的调整") if since is not None else None,
        "withdrawn": list(province.withdrawn),
        "generated": _generated(generated), "domains": names, "cities": cities,
        "counties": counties, "statuses": statuses, "status_labels": STATUS_LABELS,
        "totals": {"counties": len(counties), "item_count": sum(c["item_count"] or 0 for c in counties),
                   "errors": province.errors, "warnings": province.warnings,
                   "cities": len(cities), **_province_figures(province)},
        "workbook": WORKBOOK_NAME,
        "page_data": script_json(page_data),
        "search_global": SEARCH_GLOBAL,
    }


def index_page(province: ProvinceSummary, *, templates: Path | None = None, generated: date | None = None,
               generator: str = "gwstd") -> str:
    """The provincial index page (templates/province.html) as a string."""
    from jinja2 import TemplateError
    from markupsafe import Markup

    from gwstd.books.html import environment, template_problem, without_controls

    context = index_context(province, generated=generated)
    context["page_data"] = Markup(context["page_data"])
    try:
        page = environment(templates).get_template("province.html").render(**context, generator=generator)
    except TemplateError as exc:
        raise template_problem(exc) from None
    return without_controls(page)


def write_index(out_dir: Path, province: ProvinceSummary, *, templates: Path | None = None,
                generated: date | None = None) -> Path:
    """Write out_dir/index.html (atomically); returns its path."""
    from gwstd.seams.files import atomic_write_text, ensure_dir

    ensure_dir(out_dir)
    target = out_dir / INDEX_FILE
    atomic_write_text(target, index_page(province, templates=templates, generated=generated))
    return target
