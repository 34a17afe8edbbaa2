"""Domain rules: small declared units, listed in one explicit registry.

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


def _registry() -> tuple[Rule, ...]:
    from gwstd.rules import (
        channels,
        content,
        departments,
        docnumbers,
        domains,
        ids,
        names,
        phones,
        placeholders,
        quotes,
        scope,
        timelimits,
    )

    modules = (ids, names, departments, domains, phones, docnumbers, quotes, placeholders, timelimits,
               content, channels, scope)
    return tuple(rule for module in modules for rule in module.RULES)


RULES: tuple[Rule, ...] = _registry()
TEXT_RULES = tuple(r for r in RULES if r.scope == "text")
FILE_RULES = tuple(r for r in RULES if r.scope == "file")
CATALOGUE_RULES = tuple(r for r in RULES if r.scope == "catalogue")
