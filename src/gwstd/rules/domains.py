"""Each domain is defined by one file (GW211).

PASS::

    # jiaoyu.yaml
    domain: 义务教育
    # shizheng.yaml
    domain: 市政服务

FAIL::

    # jiaoyu.yaml
    domain: 义务教育
    # xuexiao.yaml
    domain: 义务教育          # GW211:这个领域已在另一个文件中定义
"""

from __future__ import annotations

from typing import Iterator

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load.index import CatalogueIndex, DomainRef
from gwstd.rules.base import Context, Rule


def check(index: CatalogueIndex, context: Context) -> Iterator[Diagnostic]:
    first: dict[str, DomainRef] = {}
    for domain in index.domains:
        seen = first.setdefault(domain.name.strip(), domain)
        if seen is not domain:
            pos = domain.pos
            yield codes.make("GW211", file=pos.file, line=pos.line, column=pos.column, path=("domain",),
                             domain=domain.name, other=seen.pos.file)


RULES = [Rule("unique-domains", ("GW211",), "catalogue", check, __doc__ or "", title="每个领域只由一个文件定义")]
