"""The one text pass: every string value of a document, fed to the text rules that declare interest in it.

This runs on every value of every file, so it is written for speed: each field gets a plan once (the rules
that read it, and one combined search of their triggers), rules' triggers (necessary conditions) are tested
before the rules are called, each rule's Context is made once per field and kept, and a value's path is
built only when a rule fires.
"""

from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple

from gwstd.diagnostics import Diagnostic
from gwstd.load.document import Document
from gwstd.rules.base import Context, Rule
from gwstd.validate import schema


def check_texts(doc: Document, kind: str, rules: tuple[Rule, ...]) -> list[Diagnostic]:
    """One pass over every string value of ``doc``, feeding each text rule the values it reads."""
    pass_ = _TextPass(doc, kind, rules)
    pass_.visit(doc.data, "")
    return pass_.found


class Plan(NamedTuple):
    """The text rules for one field of one kind of document: those run on every value, and those behind one
    combined trigger, each with the Context it is called with."""

    always: tuple[tuple[Rule, Context], ...]
    gate: Callable[[str], Any] | None  # the search of all triggers at once: most values match none
    gated: tuple[tuple[Rule, Context], ...]


class _TextPass:
    # A class rather than a recursive closure: a closure that refers to itself is a reference cycle, which
    # would keep every document (data and positions) alive while the cycle collector is off.
    __slots__ = ("doc", "kind", "rules", "plans", "path", "found")

    def __init__(self, doc: Document, kind: str, rules: tuple[Rule, ...]):
        self.doc, self.kind, self.rules = doc, kind, rules
        # built once per field, kept for every file of the same kind
        self.plans = _PLANS.setdefault((id(rules), kind), (rules, {}))[1]
        self.path: list[Any] = []
        self.found: list[Diagnostic] = []

    def plan_for(self, name: str) -> Plan:
        plan = self.plans.get(name)
        if plan is None:
            plan = self.plans[name] = plan_of(self.rules, self.kind, name)
        return plan

    def visit(self, container: Any, field_name: str) -> None:
        plans = self.plans
        pairs = container.items() if container.__class__ is dict else enumerate(container)
        for key, value in pairs:
            if value.__class__ is str:
                name = key if key.__class__ is str else field_name  # list elements belong to their list's field
                plan = plans.get(name) or self.plan_for(name)
                if plan.always:
                    self.run(plan.always, value, key)
                if plan.gate is not None and plan.gate(value) is not None:
                    self.run(plan.gated, value, key)
            elif value.__class__ is dict or value.__class__ is list:
                self.path.append(key)
                self.visit(value, key if key.__class__ is str else field_name)
                self.path.pop()

    def run(self, rules: tuple[tuple[Rule, Context], ...], value: str, key: Any) -> None:
        for rule, context in rules:
            if rule.trigger is not None and rule.trigger.search(value) is None:
                continue
            for code, fields in rule.check(value, context):
                where = (*self.path, key)
                offset = fields.pop("offset", 0)
                found = self.doc.diag(code, where, label=schema.label_for(self.kind, where), **fields)
                if offset:
                    found = _moved(found, self.doc.text, value, offset)
                self.found.append(found)


def _moved(found: Diagnostic, text: str, value: str, offset: int) -> Diagnostic:
    """``found`` pointed at the part ``offset`` characters into ``value``, where the value is written as it
    reads (a plain or quoted scalar on one line); otherwise at the value's start, as it was."""
    from dataclasses import replace

    lines = text.splitlines()
    if not 0 < found.line <= len(lines):
        return found
    written = lines[found.line - 1][found.column - 1:]
    if written.startswith(value[:offset + 1]):
        return replace(found, column=found.column + offset)
    if written[:1] in "'\"" and written[1:].startswith(value[:offset + 1]):
        return replace(found, column=found.column + 1 + offset)
    return found


# (id(rules), kind) → (rules, their plan per field name); the rules are kept so their id cannot be reused.
_PLANS: dict[tuple[int, str], tuple[tuple[Rule, ...], dict[str, Plan]]] = {}

_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))


def plan_of(rules: tuple[Rule, ...], kind: str, name: str) -> Plan:
    """The plan for values of field ``name`` in a document of ``kind``."""
    reading = [r for r in rules if r.fields is None or name in r.fields]
    context = Context(kind=kind, field=name)
    gated = tuple(r for r in reading if r.trigger is not None)
    always = tuple((r, context) for r in reading if r.trigger is None)
    return Plan(always, gate(gated) if gated else None, tuple((r, context) for r in gated))


# ids of a set of gated rules → (the rules, kept so their ids cannot be reused; their combined search)
_GATES: dict[tuple[int, ...], tuple[tuple[Rule, ...], Callable[[str], Any]]] = {}


def gate(gated: tuple[Rule, ...]) -> Callable[[str], Any]:
    """One search for all the triggers of ``gated`` (fields share a few sets of rules: each compiled once)."""
    key = tuple(id(r) for r in gated)
    if key not in _GATES:
        _GATES[key] = (gated, _combined(gated))
    return _GATES[key][1]


def _combined(gated: tuple[Rule, ...]) -> Callable[[str], Any]:
    parts = []
    for rule in gated:
        trigger = rule.trigger
        assert trigger is not None
        letters = "".join(letter for flag, letter in _FLAG_LETTERS if trigger.flags & flag)
        parts.append(f"(?{letters}:{trigger.pattern})")
    try:
        return re.compile("|".join(parts)).search
    except re.error:  # e.g. a trigger with global inline flags, which cannot be combined: test each one
        return bool
