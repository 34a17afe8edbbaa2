"""From validated data to the model: catalog.yaml's data and each domain file's data, domains in pilot order."""

from __future__ import annotations

from typing import Any

from gwstd.catalogue.model import (
    Catalogue,
    Domain,
    catalogue_from_data,
    domain_from_data,
)
from gwstd.catalogue.vocab import PILOT_DOMAINS


def _domain_order(name: str, slug: str) -> tuple:
    pilots = list(PILOT_DOMAINS)
    return (0, pilots.index(name), "") if name in pilots else (1, 0, slug)


def model_from_data(meta: Any, domains: list[tuple[str, Any]], folder: str = "") -> Catalogue:
    """The model from catalog.yaml's data and (file stem, data) of each domain file, domains in pilot order;
    ``folder`` is catalog.yaml's folder when it is known (the emblem's path is relative to it)."""
    return model_from_domains(meta, [domain_from_data(data, slug=slug) for slug, data in domains
                                     if isinstance(data, dict)], folder)


def model_from_domains(meta: Any, models: list[Domain], folder: str = "") -> Catalogue:
    """The model from catalog.yaml's data and domain models already built (gwstd serve keeps those of the files
    that did not change), domains in pilot order."""
    models = sorted(models, key=lambda d: _domain_order(d.name, d.slug))
    return catalogue_from_data(meta if isinstance(meta, dict) else {}, models, folder)
