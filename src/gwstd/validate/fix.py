"""`gwstd validate --fix`: the corrections the rules declare, made in a file's text. Pure: text in, text out.

Only a text rule's declared ``fix`` is ever applied (rules/base.py), and only to a value that rule reports.
The new value is written over the old one's span alone, in its own quotes (catalogue/yaml_patch.py's
"scalar" edit), so comments, quoting, blank lines, line endings and key order stay as they were; a block
scalar (| or >) is left as its author broke it. A result is kept only when it loads
and the file's own problems are a strict subset of what they were: a fix never makes a file worse.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from gwstd.catalogue import yaml_patch
from gwstd.diagnostics import Diagnostic
from gwstd.load.document import Document
from gwstd.load.loader import load_text
from gwstd.rules.base import Context, Rule
from gwstd.rules.registry import TEXT_RULES


@dataclass(frozen=True, slots=True)
class Fix:
    """One value corrected: where it is, what it was and becomes, and the rules whose fixes made it so."""

    path: tuple[Any, ...]
    before: str
    after: str
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FixedText:
    """A file's text with its fixes made, and how many of its problems that removed."""

    text: str
    fixes: tuple[Fix, ...]
    removed: int  # problems of the file before, less those after


FIXING_RULES: tuple[Rule, ...] = tuple(r for r in TEXT_RULES if r.fix is not None)


def fixes_for(doc: Document, kind: str, rules: tuple[Rule, ...] = FIXING_RULES) -> list[Fix]:
    """The fixes of every string value of ``doc`` (one per value: the rules' fixes made one after another)."""
    found: list[Fix] = []

    def visit(container: Any, field_name: str, path: tuple[Any, ...]) -> None:
        pairs = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in pairs:
            name = key if isinstance(key, str) else field_name  # list elements belong to their list's field
            if isinstance(value, str):
                fix = _fix_value(value, Context(kind=kind, field=name), rules)
                if fix is not None:
                    found.append(Fix((*path, key), value, fix[0], fix[1]))
            elif isinstance(value, (dict, list)):
                visit(value, name, (*path, key))

    if isinstance(doc.data, (dict, list)):
        visit(doc.data, "", ())
    return found


def _fix_value(value: str, context: Context, rules: tuple[Rule, ...]) -> tuple[str, tuple[str, ...]] | None:
    text, used = value, []
    for rule in rules:
        if rule.fields is not None and context.field not in rule.fields:
            continue
        if rule.trigger is not None and rule.trigger.search(text) is None:
            continue
        found = sum(1 for _ in rule.check(text, context))
        if not found:
            continue
        assert rule.fix is not None
        new = rule.fix(text, context)
        # (a field of several numbers may keep one no fix is sure of: fewer problems is enough)
        if new is not None and new != text and sum(1 for _ in rule.check(new, context)) < found:
            text = new
            used.append(rule.id)
    return (text, tuple(used)) if used else None


def fix_text(doc: Document, kind: str, check: Any) -> FixedText | None:
    """``doc``'s text with every sure fix made, or None when there is nothing to fix or the result would not
    be strictly better. ``check(doc, kind)`` gives a document's own problems (validate's check_document)."""
    fixes = fixes_for(doc, kind)
    if not fixes:
        return None
    before = check(doc, kind)
    tried = _tried(doc, kind, check, fixes, before)
    if tried is None and len(fixes) > 1:
        # Together they make something worse (两微一端 written twice in one list): each fix on its own,
        # kept when it still leaves the file strictly better.
        kept: list[Fix] = []
        best = None
        for fix in fixes[:_ONE_BY_ONE]:
            attempt = _tried(doc, kind, check, [*kept, fix], before)
            if attempt is not None and (best is None or len(attempt[1]) < len(best[1])):
                kept, best = [*kept, fix], attempt
        tried = best
        fixes = kept
    if tried is None:
        return None
    text, after = tried
    return FixedText(text, tuple(fixes), len(before) - len(after))


_ONE_BY_ONE = 500  # fixes tried one at a time in a file where all together would not do


def _tried(doc: Document, kind: str, check: Any, fixes: list[Fix], before: list[Diagnostic]
           ) -> tuple[str, list[Diagnostic]] | None:
    """(the text with ``fixes`` made, its problems), when it loads and is strictly better; else None."""
    try:
        text = yaml_patch.apply(doc.text, [yaml_patch.Edit("scalar", f.path, f.after) for f in fixes])
    except yaml_patch.PatchError:
        return None
    new_doc, problems = load_text(text, doc.file)
    if new_doc is None or problems:
        return None
    after = check(new_doc, kind)
    return (text, after) if _strictly_fewer(after, before) else None


def _strictly_fewer(after: list[Diagnostic], before: list[Diagnostic]) -> bool:
    """Every problem after was there before (by code and message), and some are gone."""
    old = Counter((d.code, d.message) for d in before)
    new = Counter((d.code, d.message) for d in after)
    return not (new - old) and sum(new.values()) < sum(old.values())
