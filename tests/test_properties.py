"""Arbitrary input never produces a traceback: property-based tests on the loader and the validator."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwstd.load.document import LoadError
from gwstd.load.loader import load_text
from gwstd.load.read import decode
from gwstd.validate.pipeline import check_document

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_alphabet = st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`,?\n\t 0123456789") + ["义务", "《", "》", "\ufeff"])
yaml_like = st.lists(yaml_alphabet, max_size=80).map("".join)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
field_names = st.sampled_from(["domain", "categories", "name", "items", "id", "content", "required", "basis",
                               "title", "number", "channels", "hotlines", "consult", "subject", "department",
                               "time_limit", "level", "x"])
structures = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(field_names, inner, max_size=5)), max_leaves=30)


@SETTINGS
@given(st.text(max_size=200))
def test_loader_takes_any_text(text):
    doc, problems = load_text(text, "f.yaml")
    assert doc is not None or problems


@SETTINGS
@given(yaml_like)
def test_loader_takes_yaml_like_noise(text):
    doc, problems = load_text(text, "f.yaml")
    assert doc is not None or problems
    for p in problems:
        assert p.code.startswith("GW0")


@SETTINGS
@given(st.binary(max_size=200))
def test_decoder_takes_any_bytes(raw):
    try:
        decode(raw, file="f")
    except LoadError as exc:
        assert exc.diagnostic.code == "GW003"


@pytest.mark.slow
@SETTINGS
@given(st.dictionaries(field_names, structures, max_size=6), st.sampled_from(["catalog", "domain"]))
def test_validator_takes_any_structure(data, kind):
    text = yaml.safe_dump(data, allow_unicode=True)
    doc, problems = load_text(text, "f.yaml")
    if doc is None:
        return
    for d in check_document(doc, kind):
        assert d.code and d.message and d.line >= 1


cell_text = st.lists(st.sampled_from(list("●〇○■□√《》〈〉()（）、,;；\n 1.2号第条")
                                    + ["政府网站", "其他", "国务院令第711号", "县级", "责任人:"]), max_size=30).map("".join)


@SETTINGS
@given(cell_text)
def test_import_cell_parsers_take_any_text(text):
    from gwstd.excel_import.cells import (
        is_ticked,
        parse_basis,
        parse_channels,
        parse_content,
        parse_subject,
    )

    required, optional = parse_content(text)
    assert not set(required) & set(optional)
    for doc in parse_basis(text):
        assert doc.title
    channels, others, unknown = parse_channels(text)
    assert set(unknown) <= set(others)
    parse_subject(text)
    is_ticked(text)
