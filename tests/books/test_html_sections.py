"""Remembered domain sections (gwstd serve renders the book again after each save): the page is the one a
plain render gives, byte for byte, whatever changed and whichever template defines the domain block."""

from __future__ import annotations

import pytest

from gwstd.books.html import render_book
from gwstd.editions.read import load_models
from gwstd.validate.pipeline import ValidateOptions


def _model(folder):
    _, models = load_models([folder], ValidateOptions())
    return models[0][1]


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


OVERRIDES = {
    "shipped": None,
    "the block overridden, with loop and super()": (
        '{% extends "base.html" %}{% block domain %}<p class="mine">第 {{ loop.index }} 个领域:{{ d.name }},'
        "共 {{ domains|length }} 个</p>{{ super() }}{% endblock %}"),
    "another block overridden": '{% extends "base.html" %}{% block cover %}<p>{{ counts.total }}</p>{% endblock %}',
    "no domain block": "<p>{% for d in domains %}{{ d.name }}{% endfor %}</p>",
}


@pytest.mark.parametrize("override", OVERRIDES.values(), ids=OVERRIDES.keys())
def test_remembered_sections_give_the_plain_page(sample_catalog, tmp_path, override):
    templates = None
    if override is not None:
        templates = tmp_path / "templates"
        templates.mkdir()
        (templates / "index.html").write_text(override, encoding="utf-8")
    sections: dict = {}
    edits = [
        ("yiwu-jiaoyu.yaml", "区域内学校基本情况", "区域内学校基本情况(一)"),  # one domain
        ("catalog.yaml", "示例县", "另一县"),  # the region: in every section's heading
        ("shizheng-fuwu.yaml", "", ""),  # nothing
    ]
    for name, old, new in [(None, None, None), *edits]:
        if name is not None:
            _edit(sample_catalog / name, old, new)
        catalogue = _model(sample_catalog)
        plain = render_book(catalogue, templates=templates)
        assert render_book(catalogue, templates=templates, sections=sections) == plain
    if override is None or "super()" in override:
        assert len(sections) == 8  # one a domain: those of earlier pages are not kept


def test_a_removed_domain_leaves_no_section_behind(sample_catalog):
    sections: dict = {}
    render_book(_model(sample_catalog), sections=sections)
    (sample_catalog / "yiwu-jiaoyu.yaml").unlink()
    catalogue = _model(sample_catalog)
    assert render_book(catalogue, sections=sections) == render_book(catalogue)
    assert len(sections) == 7
