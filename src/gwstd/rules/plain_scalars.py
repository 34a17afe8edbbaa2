"""Values the editor reads otherwise are quoted (GW218, a warning).

gwstd reads YAML 1.1 as PyYAML does; the editor's YAML library (eemeli/yaml, in yaml-language-server) reads a
few plain values as numbers or booleans where PyYAML reads text: digits-only values starting with 0 that
contain 8 or 9 (not octal), a bare y/Y/n/N, and exponents without a point or a sign (1e3, 1.5e3). No schema
can make the two agree, so gwstd asks for quotes, which both read as text.

PASS::

    hotlines:
      consult: "08386200001"
    note: 'y'

FAIL::

    hotlines:
      consult: 08386200001    # GW218:编辑器会读成数字,请加引号

FAIL::

    note: y    # GW218:编辑器会读成是/否值,请加引号
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterator

from gwstd.diagnostics import Diagnostic, JsonPath
from gwstd.load.document import Document
from gwstd.rules.base import Context, Rule

# The shapes, as whole values: (pattern, what the editor reads them as).
_NUMBER = r"0[0-9]*[89][0-9]*|[0-9]+(?:\.[0-9]+)?[eE][0-9]+"
_BOOLEAN = r"[yYnN]"
_VALUE = re.compile(rf"(?:{_NUMBER}|{_BOOLEAN})")
_IS_BOOLEAN = re.compile(_BOOLEAN)
# The cheap pre-filter over the whole text: such a value written plainly after "key: ", "- " or in a flow
# collection. Files without one (nearly all) are never walked.
_TRIGGER = re.compile(rf"(?:[:\-,][ \t]+|\[[ \t]*)(?:{_NUMBER}|{_BOOLEAN})[ \t]*(?:$|[,\]}}#])", re.M)

HINT = '请加引号,如 consult: "08386200001"'


def _strings(data: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def check(doc: Document, context: Context) -> Iterator[Diagnostic]:
    if not _TRIGGER.search(doc.text):
        return
    lines: list[str] | None = None
    for path, value in _strings(doc.data, ()):
        if not _VALUE.fullmatch(value):
            continue
        pos = doc.position_of(path)
        if pos is None:
            continue
        if lines is None:
            lines = doc.text.split("\n")
        line, column = pos >> 32, pos & 0xFFFFFFFF
        source = lines[line] if line < len(lines) else ""
        # Only a plain scalar: the value itself at its position, not a quote opening it.
        if source[column:column + len(value)] != value or source[column - 1:column] in ("'", '"'):
            continue
        kind = "是/否值" if _IS_BOOLEAN.fullmatch(value) else "数字"
        yield replace(doc.diag("GW218", path, value=value, kind=kind), hint=HINT)


RULES = [Rule("quoted-ambiguous-scalars", ("GW218",), "file", check, __doc__ or "",
              title="编辑器会读成数字或是/否值的写法加引号")]
