"""What a domain rule declares.

A rule has an id, the codes it emits, a scope and a check function:
- ``text`` rules get one string value and the name of its field, and yield (code, message fields); one pass
  over each document feeds every text rule, skipping values outside the rule's ``fields`` or not matching
  its ``trigger``, so adding a text rule costs almost nothing;
- ``file`` rules get one loaded Document and its kind ("catalog" or "domain");
- ``catalogue`` rules get the CatalogueIndex built from every file of one catalogue.
Rules only read what they are given and return diagnostics; they never print or touch files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from re import Pattern
from typing import Any, Callable, Iterable, Literal


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    codes: tuple[str, ...]
    scope: Literal["text", "file", "catalogue"]
    check: Callable[..., Iterable[Any]]
    doc: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    # text rules only: the field names they read (None: every field) and a quick pre-filter
    fields: frozenset[str] | None = None
    trigger: Pattern[str] | None = None
