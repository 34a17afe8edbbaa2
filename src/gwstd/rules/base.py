"""What a domain rule declares, and how it is called.

A rule declares an id, the codes it emits (its default severity is theirs, from the code catalogue
gwstd.diagnostics.codes.CODES, so it is written once), a scope and a check function. Every check has the one
signature ``check(subject, context) -> Iterable[...]``; what the subject is depends on the scope:

- ``text`` rules: the subject is one string value, the context says the document's kind and the value's
  field (a list element belongs to its list's field). They yield ``(code, message fields)``: only the text
  pass knows where the value is, and it positions a finding (builds its path) only when a rule fires. One
  pass over each document feeds every text rule, skipping values outside the rule's ``fields`` or not
  matching its ``trigger``; the pass makes one context per rule and field and reuses it for every value,
  so adding a text rule costs almost nothing;
- ``file`` rules: the subject is one loaded Document, the context says its kind ("catalog" or "domain");
  they yield Diagnostics;
- ``catalogue`` rules: the subject is the CatalogueIndex built from every file of one catalogue, the context
  is empty; they yield Diagnostics.

A text rule may also declare a ``fix``: ``fix(value, context) -> corrected value or None``, the correction gwstd
is sure of for a value the rule reports (``gwstd validate --fix`` applies it, ``gwstd rules`` lists the rule
as 可自动修正). It is called only on a value the rule's check reports, and returns None when no correction is
sure; the corrected value must leave fewer of the rule's problems (a field of several phone numbers may keep
one no correction is sure of).

Rules only read what they are given and return findings; they never print, touch files or change what they
are given. No rule has options: what could be tuned (the fields a rule reads, the placeholders it knows) is
declared as module constants, and the one switch, ``--require-scope``, reaches its rule through the index.

Examples. The docstring shows the rule with ``PASS::`` and ``FAIL::`` blocks (indented 4 spaces), which
``gwstd rules`` shows users and tests/rules/test_examples.py runs through the validator:

- An example is a fragment of the files of a catalogue, completed from a minimal valid catalogue (the one of
  tests/cases/_base, with one valid item). A whole-line comment naming a file (``# catalog.yaml``,
  ``# jiaoyu-2.yaml``) starts the part of the example that belongs to that file; lines before any such
  comment belong to a domain file. A file an example does not name is the base one.
- In ``catalog.yaml``, the fragment holds top-level keys, which replace the base file's.
- In a domain file, the fragment is read by its shape: a mapping with ``domain`` or ``categories`` holds
  top-level keys (replacing the base file's); a list (``- id: …``) is the items of the base 一级事项;
  any other mapping is the fields of the one base item (replacing its fields of the same name). Every item
  an example writes (in the list, or under ``categories``) is completed with the base item's fields it
  lacks, its id included, so an example shows only what matters.
- A leading comment line ``# gwstd validate --require-scope`` says the example is checked with that option.
- Trailing comments name the codes a line must give, in Chinese: ``consult: "2222222"  # GW204:缺少区号``.
  A PASS example gives no diagnostic at all; a FAIL example gives exactly the codes its comments name, on
  the commented lines. Items are written in block style (one key per line), so that lines can be mapped.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from re import Pattern
from typing import Any, Callable, Iterable, Literal, NamedTuple

from gwstd.diagnostics import Severity
from gwstd.diagnostics.codes import CODES

Scope = Literal["text", "file", "catalogue"]
SCOPES: tuple[Scope, ...] = ("text", "file", "catalogue")


class Context(NamedTuple):
    """What a check is told besides its subject (see the module docstring for each scope)."""

    kind: str = ""  # the document's kind, "catalog" or "domain": text and file rules
    field: str = ""  # the field a value belongs to: text rules


CATALOGUE_CONTEXT = Context()


class Example(NamedTuple):
    """A YAML fragment from a rule's docstring: one that passes the rule, or one that fails it."""

    passes: bool
    text: str


_EXAMPLE = re.compile(r"^(PASS|FAIL)::\n\n((?:(?: {4}.*)?\n)+)", re.M)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    codes: tuple[str, ...]
    scope: Scope
    check: Callable[[Any, Context], Iterable[Any]]
    doc: str = ""
    title: str = ""  # what the rule asks for, in Chinese, as `gwstd rules` shows it
    # text rules only: the field names they read (None: every field) and a quick pre-filter
    fields: frozenset[str] | None = None
    trigger: Pattern[str] | None = None
    # text rules only: the sure correction of a value the rule reports (see the module docstring)
    fix: Callable[[str, Context], str | None] | None = None

    def __post_init__(self) -> None:
        unknown = [c for c in self.codes if c not in CODES]
        if not self.codes or unknown or self.scope not in SCOPES or not self.title or (
                self.fix is not None and self.scope != "text"):
            raise ValueError(f"rule {self.id}: codes {self.codes} (unknown: {unknown}), scope {self.scope!r}, "
                             f"title {self.title!r}")

    @property
    def severity(self) -> Severity:
        """The default severity: that of the rule's codes in the code catalogue (the worst, should they
        differ; tests/rules check that they do not)."""
        return max(CODES[c].severity for c in self.codes)

    @property
    def summary(self) -> str:
        """The first line of the rule's docstring."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    @property
    def own_examples(self) -> tuple[Example, ...]:
        """The examples that show this rule, for users: every PASS example, and the FAIL examples naming one
        of its codes (rules of one module share its docstring, so a FAIL example may be another's)."""
        return tuple(e for e in self.examples if e.passes or any(code in e.text for code in self.codes))

    @property
    def examples(self) -> tuple[Example, ...]:
        """The PASS:: and FAIL:: blocks of the docstring, in their order, dedented."""
        return tuple(Example(m[1] == "PASS", textwrap.dedent(m[2]).strip("\n") + "\n")
                     for m in _EXAMPLE.finditer(self.doc + "\n"))
