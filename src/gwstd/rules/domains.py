"""Each domain is defined by one file (GW211).

FAIL::

    # yiwu-jiaoyu.yaml          # jiaoyu-2.yaml
    domain: 义务教育             domain: 义务教育    # GW211
"""

from __future__ import annotations

from typing import Iterator

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load.index import CatalogueIndex, DomainRef
from gwstd.rules.base import Rule


def check(index: CatalogueIndex) -> Iterator[Diagnostic]:
    first: dict[str, DomainRef] = {}
    for domain in index.domains:
        seen = first.setdefault(domain.name.strip(), domain)
        if seen is not domain:
            pos = domain.pos
            yield codes.make("GW211", file=pos.file, line=pos.line, column=pos.column, path=("domain",),
                             domain=domain.name, other=seen.pos.file)


RULES = [Rule("unique-domains", ("GW211",), "catalogue", check, __doc__ or "")]
