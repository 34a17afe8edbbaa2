"""JSON Schema validation with positions and Chinese messages.

Valid files are the common case, so a compiled validator (jsonschema-rs) answers "valid?" first. Only for a
file that fails do we run Python's jsonschema, whose errors carry everything needed to write a precise Chinese
message, and map each error's JSON path back to a line through the document's position record.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import Any, Iterator

from gwstd.catalogue.vocab import FIELD_VOCABULARIES, suggest, synonym_of
from gwstd.diagnostics import Diagnostic, JsonPath
from gwstd.load.document import Document
from gwstd.seams import resources as bundled

KINDS = ("catalog", "domain", "baseline")


@cache
def load_schema(kind: str) -> dict:
    return json.loads(schema_text(kind))


def schema_text(kind: str) -> str:
    # bundled.folder reads a plain folder (installed package data or the checkout's schemas/) without
    # setting up importlib.resources, which would cost start-up time
    return bundled.folder("schemas").joinpath(f"{kind}.schema.json").read_text(encoding="utf-8")


@cache
def _fast_validator(kind: str) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # the slow path alone is still correct
        return None
    return jsonschema_rs.Draft202012Validator(load_schema(kind))


def prepare(kinds: tuple[str, ...] = ("catalog", "domain")) -> None:
    """Build the fast validators now: before worker processes are forked, so that they inherit them rather
    than each importing jsonschema_rs and compiling the schemas again."""
    for kind in kinds:
        _fast_validator(kind)


@cache
def _detailed_validator(kind: str) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema(kind))


def is_valid(data: Any, kind: str) -> bool:
    fast = _fast_validator(kind)
    if fast is not None:
        return fast.is_valid(data)
    return _detailed_validator(kind).is_valid(data)


def validate(doc: Document, kind: str) -> list[Diagnostic]:
    """Every schema problem in ``doc``, in Chinese, with positions."""
    if is_valid(doc.data, kind):
        return []
    translator = _Translator(doc, kind)
    out: list[Diagnostic] = []
    for error in _detailed_validator(kind).iter_errors(doc.data):
        out.extend(translator.translate(error))
    return out


# ------------------------------------------------------------------------------------------------------


_TYPE_NAMES = {"string": "文本", "array": "列表", "object": "“键: 值”映射", "integer": "整数",
               "number": "数字", "boolean": "是/否值", "null": "空值"}


def _kind_of(value: Any) -> str:
    if value is None:
        return "空值(没有填写)"
    if isinstance(value, bool):
        return f"是/否值({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "“键: 值”映射"
    return type(value).__name__


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_UNKNOWN: Any = object()  # no document given: the schema is found from the path alone


class SchemaNavigator:
    """Finds the schema of any JSON path; labels come from there (titles sit beside each $ref)."""

    def __init__(self, schema: dict):
        self.schema = schema

    def _resolve(self, node: Any) -> dict:
        hops = 0
        while isinstance(node, dict) and "$ref" in node and hops < 10:
            target: Any = self.schema
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            hops += 1
        return node if isinstance(node, dict) else {}

    def schema_at(self, path: JsonPath, data: Any = _UNKNOWN) -> dict:
        """The schema of the value at ``path``. Where the schema branches on the value (an entry of a 一级事项
        is an item, or a 二级事项 with items of its own), ``data`` (the whole document) decides; without it
        the rest of the path does (only a 二级事项 has ``items`` below it), and an item is assumed at the end."""
        node = self._branch(self._resolve(self.schema), data, path, 0)
        for depth, part in enumerate(path, 1):
            data = _child(data, part)
            if isinstance(part, int):
                node = self._resolve(node.get("items", {}))
            else:
                props = node.get("properties", {})
                if part in props:
                    node = self._resolve(props[part])
                elif isinstance(node.get("additionalProperties"), dict):
                    node = self._resolve(node["additionalProperties"])
                else:
                    return {}
            node = self._branch(node, data, path, depth)
        return node

    def _branch(self, node: dict, data: Any, path: JsonPath, depth: int) -> dict:
        if "if" not in node:
            return node
        needed = node["if"].get("required", [])
        refused = node["if"].get("not", {}).get("required", [])
        if data is not _UNKNOWN:
            chosen = isinstance(data, dict) and all(k in data for k in needed) and not all(k in data for k in refused)
        else:
            chosen = depth < len(path) and path[depth] in needed
        branch = self._resolve(node.get("then" if chosen else "else", {}))
        return {**branch, **{k: v for k, v in node.items() if k in ("title", "description") and k not in branch}}

    def label(self, path: JsonPath, data: Any = _UNKNOWN) -> str:
        title = self.schema_at(path, data).get("title")
        if title:
            return title
        return str(path[-1]) if path else "文件"


def _child(data: Any, part: Any) -> Any:
    if data is _UNKNOWN:
        return _UNKNOWN
    try:
        return data[part]
    except (KeyError, IndexError, TypeError):
        return _UNKNOWN


@cache
def navigator(kind: str) -> SchemaNavigator:
    return SchemaNavigator(load_schema(kind))


def label_for(kind: str, path: JsonPath) -> str:
    """The Chinese label users know a field by, e.g. ``公开时限`` for ``…items[3].time_limit``."""
    return navigator(kind).label(path)


class _Translator:
    def __init__(self, doc: Document, kind: str):
        self.doc, self.kind = doc, kind
        self.nav = navigator(kind)
        self.data = doc.data
        self.required_done: set[tuple] = set()

    def schema_at(self, path: JsonPath) -> dict:
        return self.nav.schema_at(path, self.data)

    def label(self, path: JsonPath) -> str:
        return self.nav.label(path, self.data)

    def where(self, path: JsonPath) -> str:
        """"在事项「招生划片范围」中" for an item; the container's label otherwise."""
        data: Any = self.doc.data
        for part in path:
            try:
                data = data[part]
            except (KeyError, IndexError, TypeError):
                data = None
                break
        label = self.label(path) if path else ""
        if isinstance(data, dict) and isinstance(data.get("name"), str) and data["name"].strip():
            return f"{label}「{_short(data['name'], 30)}」"
        return label

    # -- errors ---------------------------------------------------------------------------------------
    def translate(self, error: Any) -> Iterator[Diagnostic]:
        path = tuple(error.absolute_path)
        handler = getattr(self, "_" + str(error.validator), None)
        if handler is None:
            yield self.doc.diag("GW109", path, label=self.label(path), detail=error.message)
        else:
            yield from handler(error, path)

    def _required(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        where = self.where(path)
        for key in error.validator_value:
            if key in instance or (path, key) in self.required_done:
                continue
            self.required_done.add((path, key))
            yield self.doc.diag("GW101", path, at_key=True, where=where,
                                label=self.label((*path, key)), key=key,
                                hint=self.schema_at((*path, key)).get("description", ""))

    def _additionalProperties(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        node = self.schema_at(path)
        allowed = list(node.get("properties", {}))
        titles = {v.get("title"): k for k, v in node.get("properties", {}).items()}
        instance = error.instance if isinstance(error.instance, dict) else {}
        where = self.where(path)
        for key in instance:
            if key in allowed:
                continue
            guess = titles.get(key) or next(iter(difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)), None)
            if guess is None:
                guess = next((k for t, k in titles.items() if t and (key in t or t in key)), None)
            hint = f"是不是想写「{guess}」({self.label((*path, guess))})?" if guess else ""
            hint += ("允许的字段:" + "、".join(f"{k}({self.label((*path, k))})" for k in allowed)) if allowed else ""
            yield self.doc.diag("GW102", (*path, key), at_key=True, key=key,
                                where=f"(在{where}中)" if where else "", hint=hint)

    def _type(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected_text = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        value = error.instance
        hint = ""
        if "string" in expected and isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = f"YAML 会把纯数字读成数字,请加引号,如 \"{value}\"。"
        elif "string" in expected and isinstance(value, bool):
            hint = "YAML 会把 yes/no/on/off/true/false 读成是/否值,请加引号。"
        elif "array" in expected and isinstance(value, str):
            hint = f"请写成列表,如 [{value}],或每项一行以“- ”开头。"
        elif value is None:
            hint = "这一项没有填写内容。" + self.schema_at(path).get("description", "")
        yield self.doc.diag("GW103", path, label=self.label(path), expected=expected_text,
                            actual=_kind_of(value), hint=hint)

    def _enum(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        allowed = list(error.validator_value)
        field_name = next((p for p in reversed(path) if isinstance(p, str)), "")
        vocabulary = FIELD_VOCABULARIES.get(field_name)
        if self.kind == "domain" and vocabulary is not None and synonym_of(error.instance, vocabulary) is not None:
            return  # a known variant: the rule vocabulary-synonyms reports it, with the word to write
        guess = suggest(error.instance, allowed)
        hint = f"是不是想写「{guess}」?" if guess else ""
        hint += "可选:" + "、".join(str(a) for a in allowed)
        yield self.doc.diag("GW104", path, label=self.label(path), value=_short(error.instance), hint=hint)

    def _pattern(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        if "propertyNames" in error.schema_path:  # a key (a department id) that breaks the naming rule
            yield self.doc.diag("GW105", (*path, error.instance), at_key=True, label="部门编号",
                                value=_short(error.instance),
                                hint="部门编号由小写字母、数字、下划线和连字符组成,以字母或数字开头,如 jiaoyu。")
            return
        yield self.doc.diag("GW105", path, label=self.label(path), value=_short(error.instance),
                            hint=self.schema_at(path).get("description", ""))

    def _minLength(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        yield self.doc.diag("GW106", path, label=self.label(path), problem="不能为空",
                            hint=self.schema_at(path).get("description", ""))

    def _maxLength(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        yield self.doc.diag("GW106", path, label=self.label(path),
                            problem=f"太长({len(error.instance)} 字),不能超过 {error.validator_value} 字")

    def _minItems(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        problem = "不能为空列表" if error.validator_value == 1 else f"至少需要 {error.validator_value} 项"
        yield self.doc.diag("GW106", path, label=self.label(path), problem=problem,
                            hint=self.schema_at(path).get("description", ""))

    def _minProperties(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        yield self.doc.diag("GW106", path, label=self.label(path), problem="不能为空",
                            hint=self.schema_at(path).get("description", ""))

    def _uniqueItems(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        seen: list = []
        for index, value in enumerate(error.instance):
            if value in seen:
                yield self.doc.diag("GW107", (*path, index), label=self.label(path), value=_short(value))
            else:
                seen.append(value)

    def _anyOf(self, error: Any, path: JsonPath) -> Iterator[Diagnostic]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        name = instance.get("name") if isinstance(instance.get("name"), str) else "(未命名)"
        yield self.doc.diag("GW108", path, name=name, problem="这里两者都没有")
