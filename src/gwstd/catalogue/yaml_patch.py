"""Precise edits of YAML text: replace the value at a JSON path, insert or delete a list element, add or delete
a mapping key. Text in, text out; only the edited value's span is rewritten (in the house style of
``to_yaml.py``, at the indentation it sits at), so comments, key order, quoting and blank lines elsewhere stay
as they were, and so do the file's line endings (LF or CRLF) and its BOM.

Spans come from PyYAML's composer (a node per value, with start and end marks). A block collection's end mark
runs past the blank lines and comments after it, so its end is taken from its last scalar instead; edits of
block collections work on whole lines, so that a deleted element takes its trailing comment with it and an
inserted one goes before the comment lines just above the element it precedes.

Several edits of one text go in one ``apply``: their paths are those of the original text, the spans are
found on one composition, and they must not overlap (an edit inside a value another edit replaces).
``edits_between`` turns two versions of the data into the edits from one to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import yaml

from gwstd.catalogue.to_yaml import _lines, scalar

Path = Sequence[str | int]
FIRST = "\x00first"  # Edit.after: the added key goes before every other key


class PatchError(ValueError):
    """An edit that cannot be made on this text (a path that is not there, overlapping edits)."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One edit. ``replace``: the value at ``path`` becomes ``value`` (a missing last key of a mapping is
    added: after the key ``after``, at the end when ``after`` is None, first when it is ``FIRST``).
    ``insert``: ``value`` becomes element ``index`` of the list at ``path``. ``delete``: the list element or
    mapping key at ``path`` goes."""

    op: str  # replace, insert, delete; scalar: replace a text value written as it was (see _scalar)
    path: tuple[str | int, ...]
    value: Any = None
    index: int = 0
    after: str | None = None


def replace(text: str, path: Path, value: Any, *, after: str | None = None) -> str:
    return apply(text, [Edit("replace", tuple(path), value, after=after)])


def insert(text: str, path: Path, index: int, value: Any) -> str:
    return apply(text, [Edit("insert", tuple(path), value, index=index)])


def delete(text: str, path: Path) -> str:
    return apply(text, [Edit("delete", tuple(path))])


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit made (paths of the original text), or PatchError."""
    if not edits:
        return text
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: ten times as fast on a big file
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # (the parser's own words are English: only where)
        raise PatchError("YAML 无法解析" + (f"(第 {mark.line + 1} 行第 {mark.column + 1} 列)" if mark else "")) from None
    if root is None:
        raise PatchError("文档是空的")
    # libyaml counts its marks from after a BOM, PyYAML's reader from before it
    patcher = _Patcher(text, root, 1 if loader is not yaml.SafeLoader and text.startswith("\ufeff") else 0)
    splices: list[tuple[int, int, int, str]] = []
    for n, edit in enumerate(edits):
        start, end, new = patcher.splice(edit)
        splices.append((start, end, n, new))
    splices.sort()
    out, at = [], 0
    for start, end, _, new in splices:
        if start < at:
            raise PatchError("修改的位置相互重叠")
        out += [text[at:start], new]
        at = end
    out.append(text[at:])
    return "".join(out)


# ------------------------------------------------------------------------------------------------------


class _Patcher:
    def __init__(self, text: str, root: yaml.Node, shift: int = 0):
        self.text = text
        self.root = root
        self.shift = shift
        self.newline = "\r\n" if "\r\n" in text else "\n"

    # --- positions ---

    def at(self, mark: yaml.Mark) -> int:
        """A mark's position in the text (marks count characters)."""
        return mark.index + self.shift

    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def line_end(self, pos: int) -> int:
        """The position after the line break ending the line ``pos`` is on (the text's end on its last line)."""
        at = self.text.find("\n", pos)
        return len(self.text) if at < 0 else at + 1

    def end(self, node: yaml.Node) -> int:
        """Where ``node``'s own text ends: blank lines and comments after a block collection are not its."""
        if isinstance(node, yaml.ScalarNode):
            end = self.at(node.end_mark)
            if node.style in ("|", ">"):
                while end > self.at(node.start_mark) and self.text[end - 1] in " \t\r\n":
                    end -= 1
            return end
        if node.flow_style or not node.value:
            return self.at(node.end_mark)
        last = node.value[-1]
        return self.end(last[1] if isinstance(node, yaml.MappingNode) else last)

    def column(self, node: yaml.Node) -> int:
        return node.start_mark.column

    def fix(self, rendered: str) -> str:
        return rendered.replace("\n", self.newline) if self.newline != "\n" else rendered

    # --- finding nodes ---

    def find(self, path: Path) -> tuple[yaml.Node | None, yaml.Node | None, Any]:
        """(the node at path, its parent, the key or index naming it in the parent)."""
        node, parent, part = self.root, None, None
        for part in path:
            parent = node
            node = self._child(node, part)
            if node is None:
                raise PatchError(f"找不到 {'/'.join(map(str, path))}")
        return node, parent, part

    @staticmethod
    def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return node.value[part]
        return None

    @staticmethod
    def _pair(mapping: yaml.MappingNode, key: str) -> int:
        return next(i for i, (k, _) in enumerate(mapping.value) if k.value == key)

    # --- the edits ---

    def splice(self, edit: Edit) -> tuple[int, int, str]:
        if not edit.path and edit.op != "insert":
            raise PatchError("不能替换或删除整个文档")
        if edit.op == "replace":
            parent, _, _ = self.find(edit.path[:-1])
            key = edit.path[-1]
            if isinstance(parent, yaml.MappingNode) and self._child(parent, key) is None:
                return self._add_key(parent, str(key), edit.value, edit.after)
            return self._replace(parent, key, edit.value)
        if edit.op == "scalar":
            node, parent, _ = self.find(edit.path)
            return self._scalar(node, parent, edit.value)
        if edit.op == "insert":
            seq, _, _ = self.find(edit.path)
            if not isinstance(seq, yaml.SequenceNode):
                raise PatchError(f"{'/'.join(map(str, edit.path))} 不是列表")
            return self._insert(seq, edit.index, edit.value)
        if edit.op == "delete":
            parent, _, _ = self.find(edit.path[:-1])
            return self._delete(parent, edit.path[-1])
        raise PatchError(f"未知的修改 {edit.op}")

    def _replace(self, parent: yaml.Node, key: Any, value: Any) -> tuple[int, int, str]:
        node = self._child(parent, key)
        assert node is not None
        if isinstance(parent, yaml.MappingNode) and not parent.flow_style:
            key_node = parent.value[self._pair(parent, key)][0]
            head = " " * self.column(key_node) + scalar(key)
            rendered = "\n".join(_lines({key: value}, self.column(key_node)))
            assert rendered.startswith(head)
            return self.at(key_node.end_mark), self.end(node), self.fix(rendered[len(head):])
        if isinstance(parent, yaml.SequenceNode) and not parent.flow_style:
            return self.at(node.start_mark), self.end(node), self.fix(self._element(value, self.column(node)))
        # inside a flow collection: a scalar or a flow list
        return self.at(node.start_mark), self.end(node), self._flow(value)

    def _scalar(self, node: yaml.Node | None, parent: yaml.Node | None, value: str) -> tuple[int, int, str]:
        """The text value ``node`` becomes ``value`` in its own style: double or single quotes as it had them,
        plain where plain will do (quoted when the new text needs it). A block scalar (| or >) is not
        rewritten: its line breaks are the author's."""
        if (not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">")
                or node.start_mark.line != node.end_mark.line):
            raise PatchError("这个值不是单行文本")
        if node.style == '"':
            import json

            rendered = json.dumps(value, ensure_ascii=False)
        elif node.style == "'":
            rendered = "'" + value.replace("'", "''") + "'"
        else:
            flow = isinstance(parent, (yaml.SequenceNode, yaml.MappingNode)) and bool(parent.flow_style)
            rendered = scalar(value, flow=flow)
        return self.at(node.start_mark), self.end(node), rendered

    def _flow(self, value: Any) -> str:
        if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            return "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
        if isinstance(value, (dict, list)):
            import json

            return json.dumps(value, ensure_ascii=False)
        return scalar(value, flow=True)

    @staticmethod
    def _element(value: Any, column: int) -> str:
        """A list element's text from its own column on (the dash and what precedes it are not part of it)."""
        if isinstance(value, dict) and value:
            return "\n".join(_lines(value, column)).lstrip(" ")
        lines = _lines({"x": value}, column)  # a scalar or a list, written as a mapping's value would be
        return "\n".join(lines)[column + 2:].lstrip(" ")

    def _add_key(self, mapping: yaml.MappingNode, key: str, value: Any, after: str | None) -> tuple[int, int, str]:
        if not mapping.value:
            raise PatchError("不能在空的映射中添加键")
        if mapping.flow_style:
            at = self.at(mapping.end_mark) - 1  # before the closing brace
            return at, at, f", {scalar(key, flow=True)}: {self._flow(value)}"
        column = self.column(mapping.value[0][0])
        rendered = "\n".join(_lines({key: value}, column))
        if after == FIRST:  # before the first key (which may follow a list's dash on its line)
            at = self.at(mapping.value[0][0].start_mark)
            return at, at, self.fix(rendered.lstrip(" ") + "\n" + " " * column)
        keys = [k.value for k, _ in mapping.value]
        previous = mapping.value[keys.index(after) if after in keys else -1][1]
        at = self.line_end(self.end(previous))
        return at, at, self.fix(("" if self.text[at - 1:at] == "\n" else "\n") + rendered + "\n")

    def _insert(self, seq: yaml.SequenceNode, index: int, value: Any) -> tuple[int, int, str]:
        if not 0 <= index <= len(seq.value):
            raise PatchError(f"位置 {index} 超出列表")
        if seq.flow_style:
            if not seq.value:
                at = self.at(seq.end_mark) - 1
                return at, at, self._flow(value)
            if index < len(seq.value):
                at = self.at(seq.value[index].start_mark)
                return at, at, self._flow(value) + ", "
            at = self.end(seq.value[-1])
            return at, at, ", " + self._flow(value)
        column = self.column(seq)  # a block sequence starts at its first dash
        first = seq.value[0]
        gap = first.start_mark.column - column - 1 if first.start_mark.line == seq.start_mark.line else 1
        gap = max(1, gap)
        element = " " * column + "-" + " " * gap + self._element(value, column + 1 + gap)
        if index < len(seq.value):
            at = self._above(self.line_start(self.at(seq.value[index].start_mark)))
            return at, at, self.fix(element + "\n")
        at = self.line_end(self.end(seq.value[-1]))
        return at, at, self.fix(("" if self.text[at - 1:at] == "\n" else "\n") + element + "\n")

    def _above(self, at: int) -> int:
        """The start of the comment lines right above the line starting at ``at`` (they belong to it)."""
        while at > 0:
            previous = self.line_start(at - 1)
            if not self.text[previous:at].strip().startswith("#"):
                break
            at = previous
        return at

    def _delete(self, parent: yaml.Node, key: Any) -> tuple[int, int, str]:
        if isinstance(parent, yaml.SequenceNode):
            if not isinstance(key, int) or not 0 <= key < len(parent.value):
                raise PatchError(f"找不到列表元素 {key}")
            nodes = parent.value
            node = nodes[key]
            if len(nodes) == 1:
                raise PatchError("不能删除列表中唯一的元素")
            if parent.flow_style:
                if key + 1 < len(nodes):
                    return self.at(node.start_mark), self.at(nodes[key + 1].start_mark), ""
                return self.end(nodes[key - 1]), self.end(node), ""
            return self.line_start(self.at(node.start_mark)), self.line_end(self.end(node)), ""
        if not isinstance(parent, yaml.MappingNode) or self._child(parent, key) is None:
            raise PatchError(f"找不到键 {key}")
        i = self._pair(parent, key)
        key_node, value_node = parent.value[i]
        if len(parent.value) == 1:
            raise PatchError("不能删除映射中唯一的键")
        if parent.flow_style:
            if i + 1 < len(parent.value):
                return self.at(key_node.start_mark), self.at(parent.value[i + 1][0].start_mark), ""
            return self.end(parent.value[i - 1][1]), self.end(value_node), ""
        start = self.line_start(self.at(key_node.start_mark))
        if self.text[start:self.at(key_node.start_mark)].strip():  # the first key, after a list's dash
            return self.at(key_node.start_mark), self.at(parent.value[i + 1][0].start_mark), ""
        return start, self.line_end(self.end(value_node)), ""


# ------------------------------------------------------------------------------------------------------


def edits_between(old: Any, new: Any, path: Path = ()) -> list[Edit]:
    """The edits that turn data ``old`` (the text's) into ``new``: changed values replaced, keys added after
    the key before them in ``new`` (or at the start), removed keys deleted; mappings and lists of the same
    length compared element by element, other lists replaced whole."""
    path = tuple(path)
    if isinstance(old, dict) and isinstance(new, dict):
        edits: list[Edit] = []
        for key in old:
            if key not in new:
                edits.append(Edit("delete", path + (key,)))
        previous: str = FIRST
        for key, value in new.items():
            if key not in old:
                edits.append(Edit("replace", path + (key,), value, after=previous))
            else:
                edits += edits_between(old[key], value, path + (key,))
                previous = key
        return edits
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new) and any(
            isinstance(v, (dict, list)) for v in old):
        return [e for i, (a, b) in enumerate(zip(old, new)) for e in edits_between(a, b, path + (i,))]
    if old == new and type(old) is type(new):
        return []
    return [Edit("replace", path, new)]
