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

import re
import textwrap
from dataclasses import dataclass, field
from re import Pattern
from typing import Any, Callable, Iterable, Literal, NamedTuple


class Example(NamedTuple):
    """A YAML fragment from a rule's docstring: one that passes the rule, or one that fails it."""

    passes: bool
    text: str


_EXAMPLE = re.compile(r"^(PASS|FAIL)::\n\n((?:(?: {4}.*)?\n)+)", re.M)


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

    @property
    def summary(self) -> str:
        """The first line of the rule's docstring."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    @property
    def examples(self) -> tuple[Example, ...]:
        """The PASS:: and FAIL:: blocks of the docstring, in their order, dedented."""
        return tuple(Example(m[1] == "PASS", textwrap.dedent(m[2]).strip("\n") + "\n")
                     for m in _EXAMPLE.finditer(self.doc + "\n"))
