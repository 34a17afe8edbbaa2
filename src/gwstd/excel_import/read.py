"""Reading the Excel catalogues counties already have into the model.

Finds each sheet's header by its labels (not by position), maps every column to a field and says how, expands
merged cells (a merged 一级事项 applies to every row it spans), and parses the real-world ways cells are
written: ●/〇 lists, numbered lists, 《》 titles with 文号, ■/□ checklists or bare channel names, √/✓/●/是.
Nothing is invented: what a sheet lacks stays missing, for ``gwstd validate`` to list. Every problem is a
diagnostic with sheet, row and column.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from gwstd.catalogue.model import (
    BasisDoc,
    Catalogue,
    Category,
    Department,
    Domain,
    Item,
    Subcategory,
)
from gwstd.catalogue.vocab import (
    AUDIENCES,
    CHANNELS,
    ID_PREFIXES,
    LEVELS,
    METHODS,
    PILOT_DOMAINS,
    SYNONYMS,
    UPDATE_CYCLES,
    suggest,
)
from gwstd.diagnostics import Diagnostic, codes

# --- header labels ----------------------------------------------------------------------------------------
# field → the words a header cell may use for it (normalised: no spaces or brackets)
FIELDS: list[tuple[str, tuple[str, ...]]] = [
    ("number", ("序号", "编号")),
    ("category", ("一级事项",)),
    ("subcategory", ("二级事项",)),
    ("third", ("三级事项",)),
    ("content", ("公开内容", "公开要素", "内容要素")),
    ("basis", ("公开依据", "依据")),
    ("time_limit", ("公开时限", "时限")),
    ("subject", ("公开主体", "责任单位", "责任部门")),
    ("channels", ("公开渠道", "公开载体", "渠道")),
    ("update_cycle", ("信息更新周期", "更新周期")),
    ("hotlines", ("咨询及监督举报电话", "咨询和监督举报电话")),
    ("consult", ("咨询电话",)),
    ("supervise", ("监督举报电话", "监督电话", "举报电话", "投诉电话")),
    ("url", ("公开网址", "网址", "网站栏目")),
    ("note", ("备注",)),
    ("scope", ("范围要点",)),
    ("id", ("事项编号",)),
    ("subcategory", ("事项名称", "公开事项名称")),
]
GROUPS = {"公开对象": "audience", "公开方式": "method", "公开层级": "level", "公开事项": "item"}
LABELS = {"number": "序号", "category": "一级事项", "subcategory": "二级事项", "third": "三级事项",
          "content": "公开内容(要素)", "basis": "公开依据", "time_limit": "公开时限", "subject": "公开主体",
          "channels": "公开渠道和载体", "update_cycle": "信息更新周期", "hotlines": "咨询及监督举报电话",
          "consult": "咨询电话", "supervise": "监督举报电话", "url": "公开网址", "note": "备注", "scope": "范围要点",
          "id": "事项编号", "name": "事项名称"}
TRUTHY = set("√✓✔●■☑✅YyＹ是") | {"是", "有", "yes", "Yes", "Y"}
LEVEL_WORDS = {"省": "省级", "市": "市级", "州": "市级", "县": "县级", "区": "县级", "乡": "乡级", "镇": "乡级",
               "街道": "乡级", "村": "村级", "社区": "村级"}


def _norm(text: Any) -> str:
    return re.sub(r"[\s()（）【】\[\]:：]", "", str(text or ""))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(slots=True)
class ColumnMap:
    column: int
    header: str
    target: str  # field name, or "audience:全社会" / "method:主动" / "level:县级"; "" when not understood

    @property
    def label(self) -> str:
        kind, _, value = self.target.partition(":")
        if value:
            return {"audience": "公开对象", "method": "公开方式", "level": "公开层级"}[kind] + "·" + value
        return LABELS.get(self.target, "(未识别,已忽略)")


@dataclass(slots=True)
class SheetReport:
    sheet: str
    domain: str
    header_rows: tuple[int, int]
    columns: list[ColumnMap]
    items: int


@dataclass(slots=True)
class ImportResult:
    catalogue: Catalogue | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sheets: list[SheetReport] = field(default_factory=list)


class _Book:
    """One workbook's sheets as value grids, merged ranges filled from their first cell."""

    def __init__(self, path: Path, display: str):
        self.path, self.display = path, display

    def open(self) -> Any:
        import zipfile

        from openpyxl import load_workbook

        try:
            if not zipfile.is_zipfile(self.path):
                with open(self.path, "rb") as handle:
                    head = handle.read(8)
                if head.startswith(b"\xd0\xcf\x11\xe0"):
                    raise _ImportFailure("文件是加密的工作簿或旧版 .xls 格式:请在 Excel/WPS 中取消密码,另存为 .xlsx 后再导入")
                raise _ImportFailure("不是 Excel 工作簿(.xlsx)")
            return load_workbook(self.path, data_only=True)
        except _ImportFailure:
            raise
        except FileNotFoundError:
            raise _ImportFailure("文件不存在") from None
        except PermissionError:
            raise _ImportFailure("没有读取权限") from None
        except IsADirectoryError:
            raise _ImportFailure("这是一个目录,不是文件") from None
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
            raise _ImportFailure(f"工作簿已损坏,无法读取({type(exc).__name__})") from None


class _ImportFailure(Exception):
    pass


def grid_of(ws: Any) -> list[list[Any]]:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        anchor = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(rows) else None
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            row = rows[r]
            while len(row) < merged.max_col:
                row.append(None)
            for c in range(merged.min_col - 1, merged.max_col):
                row[c] = anchor
    return rows


# --- header detection ---------------------------------------------------------------------------------------


def _field_of(text: str) -> str:
    t = _norm(text)
    if not t:
        return ""
    for name, words in FIELDS:
        if any(t == w or t.startswith(w) for w in words):
            return name
    return ""


def _is_header_word(text: str) -> bool:
    t = _norm(text)
    return bool(_field_of(text)) or t in GROUPS


def find_header(rows: list[list[Any]], scan: int = 15) -> int | None:
    """Index of the header row: the first with at least three cells that are known header labels."""
    best, best_score = None, 2
    for index, row in enumerate(rows[:scan]):
        score = len({_norm(v) for v in row if v is not None and _is_header_word(_cell_text(v))})
        if score > best_score:
            best, best_score = index, score
    return best


def _level_targets(text: str) -> list[str]:
    t = _norm(text)
    if t in LEVELS:
        return [t]
    mapped = SYNONYMS.get(t) or SYNONYMS.get(text.strip())
    if mapped in LEVELS:
        return [mapped]
    found = []
    for word, level in LEVEL_WORDS.items():  # "乡、村级" → 乡级 and 村级
        if word in t and level not in found:
            found.append(level)
    return found


def map_columns(top: list[Any], sub: list[Any]) -> list[ColumnMap]:
    maps = []
    width = max(len(top), len(sub))
    last_group = None
    for index in range(width):
        head = _cell_text(top[index]) if index < len(top) else ""
        below = _cell_text(sub[index]) if index < len(sub) else ""
        group = GROUPS.get(_norm(head))
        if not head and below and last_group:  # a group header not merged over its columns
            group = last_group
        last_group = group if (head or below) else None
        header = head + (f"/{below}" if below and below != head else "")
        if group == "audience":
            value = "特定群体" if "特定" in below else ("全社会" if below else "")
            maps.append(ColumnMap(index, header, f"audience:{value}" if value else ""))
        elif group == "method":
            value = "依申请" if "申请" in below else ("主动" if "主动" in below else "")
            maps.append(ColumnMap(index, header, f"method:{value}" if value else ""))
        elif group == "level":
            levels = _level_targets(below)
            maps.append(ColumnMap(index, header, "level:" + "+".join(levels) if levels else ""))
        elif group == "item":
            name = _field_of(below) if below else ""
            maps.append(ColumnMap(index, header, name or "subcategory"))
        else:
            name = _field_of(head) or _field_of(below)
            maps.append(ColumnMap(index, header, name))
    return maps


# --- cell parsers ------------------------------------------------------------------------------------------

_NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）]|[(（]\d{1,3}[)）]|[①-⑳]|[一二三四五六七八九十]+\s*、)\s*")
_MARKS = "●〇○◎◯•·"


def _split_top_level(text: str, separators: str) -> list[str]:
    """Split on separators that are not inside brackets or 书名号."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "(（[【《〈":
            depth += 1
        elif char in ")）]】》〉" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_content(text: str) -> tuple[list[str], list[str]]:
    """Content elements: (required, optional). ● or no mark is required, 〇/○ optional."""
    if not text:
        return [], []
    pieces = _split_top_level(text, "\n;；")
    if len(pieces) == 1 and not any(m in pieces[0][1:] for m in _MARKS):
        pieces = _split_top_level(pieces[0], "、,，")
    elements: list[tuple[str, bool]] = []
    for piece in pieces:
        # "●文件名称●文号" on one line
        for chunk in re.split(rf"(?=[{_MARKS}])", piece):
            chunk = _NUMBERING.sub("", chunk.strip())
            if not chunk:
                continue
            optional = chunk[0] in "〇○◎◯"
            name = _NUMBERING.sub("", chunk.lstrip(_MARKS).strip())
            if name:
                elements.append((name, optional))
    required = list(dict.fromkeys(n for n, opt in elements if not opt))
    optional = list(dict.fromkeys(n for n, opt in elements if opt and n not in required))
    return required, optional


_TITLE = re.compile(r"《((?:[^《》]|〈[^〉]*〉)+)》")
_NUMBER = re.compile(r"^\s*[(（]([^()（）]*?(?:号|令|〕\d+|\]\d+)[^()（）]*)[)）]")


def parse_basis(text: str) -> list[BasisDoc]:
    if not text:
        return []
    docs = []
    matches = list(_TITLE.finditer(text))
    if not matches:
        for line in _split_top_level(text, "\n;；"):
            title = _NUMBERING.sub("", line).strip()
            if title:
                docs.append(BasisDoc(title))
        return docs
    for i, match in enumerate(matches):
        rest_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        rest = text[match.end():rest_end]
        number = ""
        found = _NUMBER.match(rest)
        if found:
            number = found.group(1).strip()
            rest = rest[found.end():]
        article = rest.split("\n")[0].strip(" \t、,，;；。")
        article = _NUMBERING.sub("", article) if not article.startswith("第") else article
        article = article if re.match(r"^第.+[条款章节项]", article) else ""
        if match.group(1).strip():  # 《 》 with only spaces or a line break in it names nothing
            docs.append(BasisDoc(match.group(1).strip(), number, article))
    return docs


def parse_channels(text: str) -> tuple[list[str], list[str], list[str]]:
    """(channels, other channel names, names not understood)."""
    if not text:
        return [], [], []
    used: list[str] = []
    others: list[str] = []
    unknown: list[str] = []
    marked = "■" in text or "□" in text or "☑" in text or "☐" in text
    if marked:
        entries = [(seg.strip()[1:].strip(), seg.strip()[0] in "■☑")
                   for seg in re.split(r"(?=[■□☑☐])", text) if seg.strip() and seg.strip()[0] in "■□☑☐"]
    else:
        entries = [(seg, True) for seg in _split_top_level(text, "\n、,，;；/ ") if seg]
        # "发布会/听证会", "入户/现场" and "社区/企事业单位/村公示栏" contain the separator "/": rejoin them
        entries = _rejoin_slashed(text, entries)
    for label, on in entries:
        if not on:
            continue
        other = re.match(r"^其他\s*[(（](.*)[)）]\s*$", label)
        if other:
            names = [n.strip() for n in re.split(r"[、,，;；]", other.group(1)) if n.strip()]
            others += names
            if "其他" not in used:
                used.append("其他")
            continue
        channel = label if label in CHANNELS else suggest(label, CHANNELS)
        if channel is None:
            unknown.append(label)
            others.append(label)
            if "其他" not in used:
                used.append("其他")
        elif channel not in used:
            used.append(channel)
    return [c for c in CHANNELS if c in used], others, unknown


def _rejoin_slashed(text: str, entries: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    compact = text.replace(" ", "")
    for channel in CHANNELS:
        if "/" in channel and channel.split("(")[0] in compact:
            parts = channel.split("(")[0].split("/")
            entries = [(l, on) for l, on in entries if l not in parts or l == channel]
            entries.append((channel, True))
    return entries


def is_ticked(value: Any) -> bool:
    text = _cell_text(value)
    return bool(text) and (text in TRUTHY or text[0] in TRUTHY)


def parse_subject(text: str) -> tuple[str, str]:
    """(department name, responsible person)."""
    if not text:
        return "", ""
    lines = [l.strip() for l in text.split("\n") if l.strip()]
    person = ""
    names = []
    for line in lines:
        m = re.match(r"^(?:责任人|负责人|联系人)\s*[:：]\s*(.+)$", line)
        if m:
            person = m.group(1).strip()
        else:
            names.append(line)
    return "、".join(names), person


def _split_list(text: str) -> list[str]:
    return [p for p in _split_top_level(text, "\n、,，;；") if p]


# --- sheets ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    display: str
    diagnostics: list[Diagnostic]

    def warn(self, code: str, sheet: str, row: int, column: int, **fields: Any) -> None:
        cell = f"{get_column_letter(column)}{row}" if column else str(row)
        self.diagnostics.append(codes.make(code, file=self.display, line=row, column=column, path=(sheet, cell),
                                           sheet=sheet, cell=cell, **fields))


def _domain_name(title: str, sheet: str) -> str:
    for name in PILOT_DOMAINS:
        if name in title or name in sheet:
            return name
    match = re.search(r"(?:县|区|市|旗)?(.{2,12}?)领域", title)
    return match.group(1) if match else sheet.strip()


def _region(title: str, domain: str) -> str:
    if domain and domain in title:
        before = title.split(domain)[0].strip()
        if before:
            return before
    match = re.match(r"^(.{2,12}?(?:县|区|市|旗))", title)
    return match.group(1) if match else ""


@dataclass(slots=True)
class _Row:
    category: str
    subcategory: str
    item: Item
    person: str
    department_name: str
    consult: str
    supervise: str


def read_sheet(ws: Any, ctx: _Context) -> tuple[SheetReport, list[_Row], str] | None:
    rows = grid_of(ws)
    header = find_header(rows)
    if header is None:
        ctx.warn("GW402", ws.title, 1, 0)
        return None
    title = next((_cell_text(v) for r in rows[:header] for v in r if _cell_text(v)), "")
    domain = _domain_name(title, ws.title)
    top = rows[header]
    sub = rows[header + 1] if header + 1 < len(rows) else []
    # The second header row holds sub-headers only if it names some (一级事项, 全社会, 县级 …).
    has_sub = any(_norm(_cell_text(v)) in ("一级事项", "二级事项", "三级事项", "全社会", "特定群体", "特定群众", "主动",
                                          "依申请", "依申请公开") or _level_targets(_cell_text(v))
                  for v in sub if _cell_text(v) and _norm(_cell_text(v)) not in GROUPS)
    columns = map_columns(top, sub if has_sub else [])
    first_data = header + (2 if has_sub else 1)
    for col in columns:
        if not col.target and col.header.strip():
            ctx.warn("GW403", ws.title, header + 1, col.column + 1, header=col.header)
    targets = {c.target: c.column for c in columns if c.target}
    # Where only one 公开事项 column exists it is the item name; with two, the second is; with three, the third.
    item_levels = [t for t in ("category", "subcategory", "third") if t in targets]
    name_col = targets.get(item_levels[-1]) if item_levels else None
    three = len(item_levels) == 3
    out: list[_Row] = []
    heading = ""  # a row that is one merged heading ("一、法规政策") names the 一级事项 of the rows below it
    for r_index in range(first_data, len(rows)):
        row = rows[r_index]
        excel_row = r_index + 1

        def get(name: str) -> str:
            index = targets.get(name)
            return _cell_text(row[index]) if index is not None and index < len(row) else ""

        texts = [_cell_text(v) for v in row]
        if not any(texts):
            continue  # spacer row
        first_text = next(t for t in texts if t)
        if re.match(r"^(注|备注|说明)\s*[:：]", first_text) or first_text in ("注", "注:"):
            continue  # trailing notes
        if len({t for t in texts if t}) == 1 and sum(1 for t in texts if t) > 1:
            heading = re.sub(r"^[一二三四五六七八九十]+\s*[、.．]\s*", "", first_text)
            continue
        name = _cell_text(row[name_col]) if name_col is not None and name_col < len(row) else ""
        if not name or (len(item_levels) > 1 and name == get(item_levels[-2]) and not get("content")):
            ctx.warn("GW405", ws.title, excel_row, 0, text=first_text[:30])
            continue
        required, optional = parse_content(get("content"))
        channels, others, unknown = parse_channels(get("channels"))
        for label in unknown:
            ctx.warn("GW404", ws.title, excel_row, (targets.get("channels") or 0) + 1, value=label)
        audience = [c.target.split(":")[1] for c in columns if c.target.startswith("audience:") and is_ticked(
            row[c.column] if c.column < len(row) else None)]
        method = [c.target.split(":")[1] for c in columns if c.target.startswith("method:") and is_ticked(
            row[c.column] if c.column < len(row) else None)]
        level: list[str] = []
        for c in columns:
            if c.target.startswith("level:") and is_ticked(row[c.column] if c.column < len(row) else None):
                level += [lv for lv in c.target.split(":")[1].split("+") if lv not in level]
        cycle = get("update_cycle")
        if cycle and cycle not in UPDATE_CYCLES:
            mapped = suggest(cycle, UPDATE_CYCLES)
            if mapped and (SYNONYMS.get(cycle) == mapped or mapped in cycle):
                cycle = mapped
            else:
                ctx.warn("GW406", ws.title, excel_row, (targets.get("update_cycle") or 0) + 1,
                         label="信息更新周期", value=cycle)
        consult, supervise = get("consult"), get("supervise")
        if "hotlines" in targets and not (consult or supervise):
            consult, supervise = _split_hotlines(get("hotlines"))
        department_name, person = parse_subject(get("subject"))
        item = Item(
            id=get("id"), name=name, required=required, optional=optional, basis=parse_basis(get("basis")),
            time_limit=get("time_limit"), update_cycle=cycle, department="", channels=channels,
            other_channels=list(dict.fromkeys(others)), audience=[a for a in AUDIENCES if a in audience],
            method=[m for m in METHODS if m in method], level=[lv for lv in LEVELS if lv in level],
            url=get("url"), note=get("note"), scope=_split_list(get("scope")),
        )
        category = get("category") if "category" in targets and name_col != targets["category"] else heading
        subcategory = get("subcategory") if three else ""
        out.append(_Row(category or "(未分类)", subcategory, item, person, department_name, consult, supervise))
    report = SheetReport(ws.title, domain, (header + 1, first_data), columns, len(out))
    return report, out, title


def _split_hotlines(text: str) -> tuple[str, str]:
    consult, supervise = [], []
    for line in [l.strip() for l in re.split(r"[\n;；]", text) if l.strip()]:
        bare = re.sub(r"^.*?[:：]", "", line).strip()
        (supervise if re.search(r"监督|举报|投诉", line) else consult).append(bare)
    if not supervise and len(consult) > 1:
        supervise = consult[1:]
        consult = consult[:1]
    return "、".join(consult), "、".join(supervise)


# --- the whole import -------------------------------------------------------------------------------------


def _read_summary(ws: Any) -> tuple[dict[str, str], list[Department], dict[str, str]]:
    """Metadata, department registry and domain descriptions from a 目录说明 sheet gwstd wrote."""
    rows = [[_cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
    meta: dict[str, str] = {}
    keys = {"地区": "region", "编制单位": "office", "版本": "edition", "发布日期": "date", "政府网站": "website",
            "意见建议": "feedback", "说明": "description"}
    departments: list[Department] = []
    descriptions: dict[str, str] = {}
    mode = ""
    for row in rows:
        first = row[0] if row else ""
        if first in keys and len(row) > 1 and mode == "":
            meta[keys[first]] = row[1]
        elif first == "部门编号":
            mode = "departments"
        elif first == "领域" and len(row) > 3 and row[3] == "领域说明":
            mode = "domains"
        elif not first:
            mode = "" if mode else mode
        elif mode == "departments" and len(row) >= 5:
            departments.append(Department(row[0], row[1], row[2], row[3], row[4], row[5] if len(row) > 5 else ""))
        elif mode == "domains" and len(row) > 3 and first != "合计":
            descriptions[first] = row[3]
    return meta, departments, descriptions


def import_workbooks(paths: list[Path]) -> ImportResult:
    diagnostics: list[Diagnostic] = []
    result = ImportResult(None, diagnostics)
    meta: dict[str, str] = {}
    registry: list[Department] = []
    descriptions: dict[str, str] = {}
    domains: dict[str, Domain] = {}
    rows_by_domain: dict[str, list[_Row]] = {}
    region = ""
    for path in paths:
        display = str(path)
        ctx = _Context(display, diagnostics)
        try:
            wb = _Book(path, display).open()
        except _ImportFailure as exc:
            diagnostics.append(codes.make("GW401", file=display, reason=str(exc)))
            continue
        for ws in wb.worksheets:
            if ws.title == "调整说明":
                continue  # the change log a gwstd book carries: not items
            if ws.title == "目录说明":
                m, d, desc = _read_summary(ws)
                meta.update(m)
                registry += [x for x in d if x.id not in {r.id for r in registry}]
                descriptions.update(desc)
                continue
            read = read_sheet(ws, ctx)
            if read is None:
                continue
            report, rows, title = read
            result.sheets.append(report)
            region = region or _region(title, report.domain)
            rows_by_domain.setdefault(report.domain, []).extend(rows)
            domains.setdefault(report.domain, Domain(report.domain))
    if not rows_by_domain:
        if not any(codes.is_io(d.code) for d in diagnostics):
            sources = ", ".join(str(p) for p in paths)
            diagnostics.append(codes.make("GW408", file=sources, source=sources))
        return result
    catalogue = Catalogue(region=meta.get("region", region), office=meta.get("office", ""),
                          edition=meta.get("edition", ""), date=meta.get("date", ""),
                          website=meta.get("website", ""), feedback=meta.get("feedback", ""),
                          description=meta.get("description", ""))
    _assign_departments(catalogue, registry, rows_by_domain)
    for name, rows in rows_by_domain.items():
        domain = domains[name]
        domain.description = descriptions.get(name, "")
        domain.slug = PILOT_DOMAINS.get(name, "")
        _group(domain, rows)
        _assign_ids(domain)
        catalogue.domains.append(domain)
    unnamed = [d for d in catalogue.domains if not d.slug]
    for n, domain in enumerate(unnamed, 1):
        domain.slug = f"domain-{n:02d}"
    result.catalogue = catalogue
    return result


def _assign_departments(catalogue: Catalogue, registry: list[Department], rows_by_domain: dict[str, list[_Row]]) -> None:
    """Departments by name: the registry a gwstd book carries, else collected from the items."""
    by_name = {d.name: d for d in registry}
    catalogue.departments = {d.id: d for d in registry}
    seen: dict[str, list[_Row]] = {}
    for rows in rows_by_domain.values():
        for row in rows:
            seen.setdefault(row.department_name, []).append(row)
    next_id = 1
    for name, rows in seen.items():
        if not name:
            continue
        dept = by_name.get(name)
        if dept is None:
            # The most common person and phones of a department's items become its registry entry.
            def common(values: list[str]) -> str:
                values = [v for v in values if v]
                return Counter(values).most_common(1)[0][0] if values else ""

            while f"dept-{next_id:02d}" in catalogue.departments:
                next_id += 1
            dept = Department(f"dept-{next_id:02d}", name, common([r.person for r in rows]),
                              common([r.consult for r in rows]), common([r.supervise for r in rows]))
            catalogue.departments[dept.id] = dept
            by_name[name] = dept
        for row in rows:
            row.item.department = dept.id
            row.item.person = row.person if row.person and row.person != dept.person else ""
            row.item.consult = row.consult if row.consult and row.consult != dept.consult else ""
            row.item.supervise = row.supervise if row.supervise and row.supervise != dept.supervise else ""


def _group(domain: Domain, rows: list[_Row]) -> None:
    for row in rows:
        if not domain.categories or domain.categories[-1].name != row.category:
            domain.categories.append(Category(row.category))
        category = domain.categories[-1]
        if row.subcategory:
            if not category.subcategories or category.subcategories[-1].name != row.subcategory:
                category.subcategories.append(Subcategory(row.subcategory))
            category.subcategories[-1].items.append(row.item)
        else:
            category.items.append(row.item)


def _assign_ids(domain: Domain) -> None:
    """Items without a 事项编号 column get one, stable for the same workbook: prefix and row order."""
    prefix = ID_PREFIXES.get(domain.name, "sx")
    taken = {item.id for item in domain.items if item.id}
    n = 0
    for item in domain.items:
        if item.id:
            continue
        n += 1
        while f"{prefix}-{n:03d}" in taken:
            n += 1
        item.id = f"{prefix}-{n:03d}"
        taken.add(item.id)
