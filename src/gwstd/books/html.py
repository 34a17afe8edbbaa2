"""The HTML book: one self-contained, offline, searchable and printable index.html.

``book_context`` turns the model into plain values for the templates (pure); ``write_book`` renders them
straight into the file (``render_book`` into a string) with Jinja2, from a search path (the user's --templates
directory first, then the templates shipped in the package), with autoescaping on: text from the catalogue is
never markup. Each domain is a table (in parts of about PART_ROWS rows) with real header rows, each 一级事项 an
h3 row; templates/book.css lays it out for screens, phones and A4 landscape paper; the emblem named in
catalog.yaml is embedded as a data: URI.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterator

from gwstd.books.cells import channel_labels, channels_used, levels_of
from gwstd.catalogue.coverage import CatalogueCoverage
from gwstd.catalogue.model import Catalogue
from gwstd.catalogue.vocab import AUDIENCES, CHANNELS, METHODS, PHONE_SEPARATORS
from gwstd.diagnostics.errors import GwstdError
from gwstd.editions.labels import compared_with

# The share of the table's width each column takes (the same on screen and on A4 landscape paper, where the
# table is about as many characters wide); ticks are the 公开对象/方式/层级 columns, one each.
# A domain's table is split (at 一级事项 boundaries) into parts of about this many rows, each a table with its
# own header; a longer 一级事项 is cut into parts of its own of at most this many rows. book.js lays out parts
# lazily in large books, one part at a time (see book.js), so a part is the unit of work that bounds a search.
PART_ROWS = 60
COLUMN_WEIGHTS = {"number": 2.4, "subcategory": 7.0, "name": 9.0, "content": 12.0, "basis": 15.9, "time": 7.6,
                  "subject": 9.6, "channels": 9.8, "tick": 2.7, "cycle": 4.6, "phone": 8.0}
THREE_LEVEL_ROOM = {"name": 3.0, "content": 1.5, "basis": 2.5}  # adds up to the subcategory column's weight
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")
_SAFE_MAIL = re.compile(r"^mailto:[^\s\"'<>]+$")


def phone_links(text: str) -> list[dict[str, str]]:
    """Each number of a phone field with its tel: href (digits only; an extension is dropped from the href)."""
    return [dict(link) for link in _phone_links(text)]  # (a department's numbers repeat on each of its items)


@functools.lru_cache(maxsize=4096)
def _phone_links(text: str) -> tuple[dict[str, str], ...]:
    out = []
    for number in PHONE_SEPARATORS.split(text.strip()) if text else []:
        if not number:
            continue
        main = re.split(r"转|分机|ext", number)[0]
        # the number itself: its first run of digits, dashes and spaces, so that a note after it (办公时间
        # 9:00-17:00) adds no digits to what is dialled
        found = re.search(r"\+?\d[\d\-－— ]*\d|\d", main)
        digits = re.sub(r"[^\d+]", "", found.group()) if found else ""
        out.append({"text": number, "href": f"tel:{digits}" if digits else ""})
    return tuple(out)


def safe_url(url: str) -> str:
    return url if _SAFE_URL.match(url or "") else ""


def feedback_href(feedback: str, subject: str) -> str:
    if _SAFE_MAIL.match(feedback or ""):
        from urllib.parse import quote

        return f"{feedback}?subject={quote('意见建议:' + subject)}"
    return safe_url(feedback)


def columns(three_levels: bool, ticks: int) -> list[dict[str, Any]]:
    """The table's columns, in order: each with its class and its width in percent of the table."""
    names = ["number", *(["subcategory"] if three_levels else []), "name", "content", "basis", "time", "subject",
             "channels", *["tick"] * ticks, "cycle", "phone", "phone"]
    weights = dict(COLUMN_WEIGHTS)
    if three_levels:  # the 二级事项 column's room comes from the long-text columns, not from the phones, which
        for name, share in THREE_LEVEL_ROOM.items():  # would no longer hold a number on one line in print
            weights[name] -= share
    total = sum(weights[n] for n in names)
    return [{"cls": f"c-{n}", "width": round(100 * weights[n] / total, 2)} for n in names]


def emblem_uri(catalogue: Catalogue) -> str:
    """The emblem named in catalog.yaml as a data: URI (the book stays one offline file); "" when there is none
    or it cannot be used (validate reports why, GW219)."""
    path = getattr(catalogue, "emblem_path", "")
    if not path:
        return ""
    from gwstd.rules.emblem import read_emblem

    found = read_emblem(Path(path))
    if isinstance(found, str):
        return ""
    import base64

    mime, data = found
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def css_string(text: str) -> Any:
    """``text`` as a CSS string literal (for @page margin boxes): quotes, backslashes and line ends escaped,
    and no '<' that could close the style element."""
    from markupsafe import Markup

    out = []
    for ch in str(text):
        if ch in '"\\<>&' or ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


def book_context(catalogue: Catalogue, coverage: CatalogueCoverage | None = None) -> dict[str, Any]:
    domains = []
    for d_index, domain in enumerate(catalogue.domains, 1):
        slug = domain.slug or f"domain-{d_index:02d}"
        categories: list[dict[str, Any]] = []
        rows = []
        for number, (category, sub, item) in enumerate(domain.rows(), 1):
            if not categories or categories[-1]["ref"] is not category:
                categories.append({"ref": category, "name": category.name,
                                   "anchor": f"{slug}-c{len(categories) + 1}", "first_item": item.id, "rows": [],
                                   "continued": False})
            dept = catalogue.department_of(item)
            categories[-1]["rows"].append(len(rows))
            rows.append({
                "number": number, "id": item.id, "category": category.name, "category_anchor": categories[-1]["anchor"],
                "subcategory": sub.name if sub else "", "at_second": sub is None, "name": item.name,
                "required": item.required, "optional": item.optional,
                "basis": [b.text() for b in item.basis], "time_limit": item.time_limit,
                "department_id": item.department, "department": dept.name, "person": catalogue.person_of(item),
                "channels": channel_labels(item), "channel_keys": channels_used(item),
                "audience": item.audience, "method": item.method, "level": item.level,
                "update_cycle": item.update_cycle,
                "consult": phone_links(catalogue.consult_of(item)),
                "supervise": phone_links(catalogue.supervise_of(item)),
                "url": safe_url(item.url), "note": item.note, "scope": item.scope,
                "feedback": feedback_href(catalogue.feedback, item.name),
            })
        for c in categories:
            del c["ref"]
            c["rows"] = [rows[i] for i in c["rows"]]
        levels = levels_of(domain)
        parts: list[list[dict[str, Any]]] = []
        for c in categories:
            if len(c["rows"]) > PART_ROWS:  # a long 一级事项 is cut into parts of its own, each labelled 续 after the first
                pieces = -(-len(c["rows"]) // PART_ROWS)
                size = -(-len(c["rows"]) // pieces)
                for at in range(0, len(c["rows"]), size):
                    parts.append([{**c, "rows": c["rows"][at:at + size], "continued": at > 0}])
                continue
            if not parts or sum(len(x["rows"]) for x in parts[-1]) + len(c["rows"]) > PART_ROWS:
                parts.append([])
            parts[-1].append(c)
        domains.append({"name": domain.name, "slug": slug, "description": domain.description,
                        "three_levels": domain.three_levels, "levels": levels, "categories": categories,
                        "rows": rows, "parts": parts, "columns": columns(domain.three_levels, len(AUDIENCES) + len(METHODS) + len(levels))})
    used_departments = {row["department_id"] for d in domains for row in d["rows"]}
    return {
        "catalogue": {
            "region": catalogue.region, "office": catalogue.office, "edition": catalogue.edition,
            "date": catalogue.date, "description": catalogue.description, "website": safe_url(catalogue.website),
            "feedback": feedback_href(catalogue.feedback, f"{catalogue.region}政务公开标准目录"),
            "emblem": emblem_uri(catalogue),
        },
        "counts": {"total": sum(len(d["rows"]) for d in domains), "domains": len(domains),
                   "categories": sum(len(d["categories"]) for d in domains), "departments": len(used_departments)},
        "domains": domains,
        "departments": [{"id": d.id, "name": d.name} for d in catalogue.departments.values() if d.id in used_departments],
        "channels": list(CHANNELS), "audiences": list(AUDIENCES), "methods": list(METHODS),
        "coverage": coverage,
    }


def environment(templates: Path | None = None) -> Any:
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        PackageLoader,
        StrictUndefined,
    )

    from gwstd.seams.cache import template_cache
    from gwstd.seams.resources import folder_path

    loaders: list[Any] = [_bounded_loader(FileSystemLoader)(str(templates))] if templates else []
    # the shipped templates: the package's copy, or templates/ in a source checkout (seams/resources.py)
    shipped = folder_path("templates")
    loaders.append(FileSystemLoader(str(shipped)) if shipped else PackageLoader("gwstd", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, bytecode_cache=template_cache())

    def asset(name: str) -> Any:
        """A stylesheet or script from the search path, inlined so the book works offline from one file."""
        from markupsafe import Markup

        source, _, _ = env.loader.get_source(env, name)
        return Markup(source.replace("</", "<\\/") if name.endswith(".js") else source.replace("</", ""))

    env.globals["asset"] = asset
    env.filters["css_string"] = css_string
    return env


class TemplateProblem(GwstdError):
    """A template (usually a user's, from --templates) that cannot be rendered (GW503); the message says where."""

    code = "GW503"


TEMPLATE_LIMIT = 4 * 1024 * 1024  # bytes of one template or asset: a real one is a few KB


def _bounded_loader(base: type) -> type:
    """Jinja's file loader for a user's --templates folder, reading as gwstd reads every input: a template
    that is there but not a regular file (a FIFO would hang the build) is an error, not skipped for the
    shipped one, and no more than TEMPLATE_LIMIT bytes are read."""
    import os
    import posixpath

    from jinja2.exceptions import TemplateNotFound
    from jinja2.loaders import split_template_path

    from gwstd.seams.files import (
        InputTooLarge,
        NotRegularFile,
        not_regular,
        os_reason,
        read_capped,
    )

    class BoundedLoader(base):  # type: ignore[misc,valid-type]
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            pieces = split_template_path(template)
            for searchpath in self.searchpath:
                filename = posixpath.join(searchpath, *pieces)
                kind = not_regular(filename)
                if kind is not None:
                    raise TemplateProblem(f"模板 {filename} 不是普通文件(是{kind}),没有读取", file=filename)
                if os.path.isfile(filename):
                    break
            else:
                raise TemplateNotFound(template)
            try:
                contents = read_capped(filename, TEMPLATE_LIMIT).decode("utf-8-sig")
            except NotRegularFile as exc:
                raise TemplateProblem(f"模板 {filename} 不是普通文件(是{exc.kind}),没有读取", file=filename) from None
            except InputTooLarge:
                raise TemplateProblem(f"模板 {filename} 超过 {TEMPLATE_LIMIT // (1 << 20)} MB,没有读取",
                                      file=filename) from None
            except UnicodeDecodeError:
                raise TemplateProblem(f"模板 {filename} 不是 UTF-8 编码", file=filename) from None
            except OSError as exc:
                raise TemplateProblem(f"无法读取模板 {filename}:{os_reason(exc)}", file=filename) from None
            mtime = os.path.getmtime(filename)
            return contents, os.path.normpath(filename), lambda: _unchanged(filename, mtime)

    return BoundedLoader


def _unchanged(filename: str, mtime: float) -> bool:
    import os

    try:
        return os.path.getmtime(filename) == mtime
    except OSError:
        return False


def changes_context(changes: Any) -> dict[str, Any] | None:
    if changes is None:
        return None
    from gwstd.catalogue.diff import (
        DEPARTMENT_KIND_LABELS,
        KIND_LABELS,
        detail,
        fields_text,
        summary,
    )

    return {
        "old_label": changes.old_label, "old_edition": changes.old_edition, "summary": summary(changes),
        "compared": compared_with(changes),  # "与2023年版相比", not "v2024"
        "rows": [{"kind": KIND_LABELS[c.kind], "id": c.id, "name": c.name, "place": c.place.text(),
                   "detail": detail(c), "linked": c.kind != "removed"}
                  for c in changes.ordered()],
        "departments": [{"name": d.name, "kind": DEPARTMENT_KIND_LABELS[d.kind], "detail": fields_text(d.fields),
                         "count": len(d.items)}
                        for d in changes.departments],
    }


def render_book(catalogue: Catalogue, coverage: CatalogueCoverage | None = None, *,
                templates: Path | None = None, generator: str = "gwstd", changes: Any = None,
                sections: dict | None = None) -> str:
    """The whole page as a string. ``sections``: a dict kept across renders of one catalogue (gwstd serve) in
    which each domain's rendered section is remembered, so that a render after one file changed renders only
    that file's domain again (see _with_remembered_sections); the page is the same, byte for byte."""
    return "".join(render_chunks(catalogue, coverage, templates=templates, generator=generator, changes=changes,
                                 sections=sections))


def write_book(path: Path, catalogue: Catalogue, coverage: CatalogueCoverage | None = None, *,
               templates: Path | None = None, changes: Any = None) -> None:
    """Render the book straight into ``path`` (atomically): a 20,000-item book is never whole in memory."""
    from gwstd.seams.files import atomic_write_chunks

    chunks = render_chunks(catalogue, coverage, templates=templates, changes=changes)
    atomic_write_chunks(path, (chunk.encode("utf-8") for chunk in _batched(chunks)))


# Control characters (C0 but tab, line feed and carriage return; DEL; C1): HTML forbids them in a document,
# browsers show them as boxes or drop them, and XML readers of the page stop at them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(html: str) -> str:
    """The rendered page with every control character replaced by U+FFFD: in text, attributes, the search
    data (JSON escapes C0 controls, not DEL or C1) and whatever a user's template writes. This runs on the
    output rather than as Jinja's finalize, which would miss literal template text and filters' Markup, and
    which a template compiled before (the bytecode cache) would not call. validate reports them (GW220)."""
    return _CONTROLS.sub("\ufffd", html) if _CONTROLS.search(html) else html


def _batched(chunks: Iterator[str], size: int = 1 << 16) -> Iterator[str]:
    """Jinja yields many tiny strings; join them into pieces of about ``size`` characters before writing."""
    pending: list[str] = []
    length = 0
    for chunk in chunks:
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)


def render_chunks(catalogue: Catalogue, coverage: CatalogueCoverage | None = None, *,
                  templates: Path | None = None, generator: str = "gwstd", changes: Any = None,
                  sections: dict | None = None) -> Iterator[str]:
    """The book's HTML, piece by piece; template problems come out as TemplateProblem."""
    from jinja2 import TemplateError

    context = book_context(catalogue, coverage)
    context["changes"] = changes_context(changes)
    try:
        template = environment(templates).get_template("index.html")
        if sections is None:
            chunks = template.generate(**context, generator=generator)
        else:
            chunks = _with_remembered_sections(template, {**context, "generator": generator}, sections)
        for chunk in _batched(chunks):
            yield without_controls(chunk)
    except TemplateError as exc:
        raise template_problem(exc) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # A user's template may fail in Python's words ({{ 1 / 0 }}, {{ items[99] }}): said like a Jinja
        # error, with its line. In the shipped templates it is gwstd's bug, and stays one.
        if templates is None:
            raise
        raise template_problem(exc) from None


# Jinja's messages, in Chinese: (its words, ours); anything else is quoted as Jinja says it
_JINJA_MESSAGES = [
    (r"Encountered unknown tag '([^']+)'.*", r"未知的标签「\1」(是否拼错了,或与前面的 {% block %}、{% if %}、{% for %} 不配对?)"),
    (r"Unexpected end of template.*", "模板意外结束:有没有闭合的 {% block %}、{% if %} 或 {% for %}"),
    (r"expected token '([^']+)', got '([^']+)'", r"此处应为「\1」,却是「\2」"),
    (r"unexpected '([^']+)'", r"此处不应出现「\1」"),
    (r"Expected an expression, got '([^']+)'", r"此处应有一个值或表达式,却是「\1」"),
    (r"'([^']+)' has no attribute '([^']+)'", r"「\1」没有「\2」这一项"),
    (r"'([^']+)' is undefined", r"「\1」没有定义"),
    (r"[Nn]o filter named '([^']+)'.*", r"没有名为「\1」的过滤器"),
    (r"[Nn]o test named '([^']+)'.*", r"没有名为「\1」的测试"),
    (r"block '([^']+)' defined twice", r"block「\1」定义了两次"),
    (r"tag name expected", "此处缺少标签名"),
]


def template_problem(exc: Exception) -> TemplateProblem:
    """A Jinja error as gwstd says it: the template and line (of a syntax error, or where rendering failed),
    what is wrong in Chinese, and Jinja's own words where there is no translation."""
    from jinja2 import TemplateNotFound, TemplatesNotFound, TemplateSyntaxError

    if isinstance(exc, (TemplateNotFound, TemplatesNotFound)):
        return TemplateProblem(f"找不到模板 {exc.name}(--templates 文件夹和内置模板中都没有)", file=str(exc.name))
    message = getattr(exc, "message", None) or str(exc)
    for pattern, chinese in _JINJA_MESSAGES:
        if re.fullmatch(pattern, message, flags=re.S):
            message = re.sub(pattern, chinese, message, flags=re.S)
            break
    else:
        from jinja2 import TemplateError

        message = (f"模板有误(Jinja:{message})" if isinstance(exc, TemplateError)
                   else f"模板运行出错({type(exc).__name__}:{message})")
    if isinstance(exc, TemplateSyntaxError):
        where, line = exc.filename or exc.name or "", exc.lineno
    else:  # Jinja rewrites the traceback of a rendering error to point at the template's own lines
        import traceback

        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".htm"))]
        where, line = (frames[-1].filename, frames[-1].lineno) if frames else ("", 0)
    return TemplateProblem(f"{where}:{line}:{message}" if where else message, file=where, line=line)


def _fingerprint(value: Any) -> bytes:
    """A digest that differs whenever ``value`` (template context: dicts, lists, text, numbers, dataclasses)
    does. Pickled: C speed, and the rows a domain's context holds three times (rows, categories, parts) are
    written once."""
    import hashlib
    import pickle

    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - something a template's context should not hold; text is as good a key
        data = repr(value).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).digest()


def _with_remembered_sections(template: Any, variables: dict[str, Any], sections: dict) -> Iterator[str]:
    """The template rendered as Template.generate renders it, except that the ``domain`` block (one section per
    domain, whichever template defines it) is taken from ``sections`` when it was rendered before from the same
    code with the same values: the domain's own context, its place, and everything else in the context but the
    other domains. Anything the block can see is in that key, so a remembered section is what rendering it
    again would give."""
    context = template.new_context(variables)
    # The block's definitions, most derived first: the child's are there now, its parents' are appended when
    # {% extends %} runs. Ours goes first and hands the rendering to the next (super() still finds its parent).
    chain = context.blocks.setdefault("domain", [])
    domains = variables.get("domains") or []
    common = _fingerprint({k: v for k, v in variables.items() if k != "domains"})
    used: set = set()

    def remembered(block_context: Any) -> Iterator[str]:
        real = chain[chain.index(remembered) + 1]
        d = block_context.get("d")
        place = next((i for i, x in enumerate(domains) if x is d), -1)
        key = (real.__code__, common, place, len(domains), _fingerprint(d))
        used.add(key)
        if key not in sections:
            sections[key] = "".join(real(block_context))
        yield sections[key]

    chain.insert(0, remembered)
    yield from template.root_render_func(context)
    for stale in set(sections) - used:  # (only the sections of this page are kept)
        del sections[stale]
