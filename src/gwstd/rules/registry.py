"""The explicit registry of domain rules, and the rules of each scope (text, file, catalogue)."""

from __future__ import annotations

from gwstd.rules.base import Rule


def _registry() -> tuple[Rule, ...]:
    from gwstd.rules import (
        channels,
        content,
        controls,
        departments,
        docnumbers,
        domains,
        emblem,
        ids,
        names,
        phones,
        placeholders,
        plain_scalars,
        quotes,
        scope,
        timelimits,
        vocabulary,
    )

    modules = (ids, names, departments, domains, phones, docnumbers, quotes, placeholders, timelimits,
               content, channels, vocabulary, scope, plain_scalars, controls, emblem)
    return tuple(rule for module in modules for rule in module.RULES)


RULES: tuple[Rule, ...] = _registry()
TEXT_RULES = tuple(r for r in RULES if r.scope == "text")
FILE_RULES = tuple(r for r in RULES if r.scope == "file")
CATALOGUE_RULES = tuple(r for r in RULES if r.scope == "catalogue")
