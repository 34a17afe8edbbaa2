"""The cell text both books print, from the model alone."""

from __future__ import annotations

import pytest

from gwstd.books.cells import (
    channel_labels,
    channels_text,
    channels_used,
    display_width,
    levels_of,
)
from gwstd.catalogue.model import Category, Domain, Item
from gwstd.catalogue.vocab import CHANNELS


def item(**fields) -> Item:
    values = {"id": "jy-001", "name": "招生划片范围", "required": ["划片范围"], "optional": [], "basis": [],
              "time_limit": "", "update_cycle": "每年", "department": "jiaoyu", "channels": ["政府网站"],
              "audience": ["全社会"], "method": ["主动"], "level": ["县级"]}
    values.update(fields)
    return Item(**values)


@pytest.mark.parametrize("channels, others, used, labels", [
    (["政府网站"], [], ["政府网站"], ["政府网站"]),
    (["精准推送", "政府网站"], [], ["政府网站", "精准推送"], ["政府网站", "精准推送"]),  # the vocabulary's order
    (["政府网站", "其他"], [], ["政府网站", "其他"], ["政府网站", "其他"]),
    (["其他"], ["乡镇广播站", "村广播"], ["其他"], ["其他(乡镇广播站、村广播)"]),
    (["政府网站"], ["乡镇广播站"], ["政府网站", "其他"], ["政府网站", "其他(乡镇广播站)"]),  # named, not ticked
    (["不是渠道"], [], [], []),
])
def test_the_channels_an_item_uses(channels, others, used, labels):
    it = item(channels=channels, other_channels=others)
    assert channels_used(it) == used
    assert channel_labels(it) == labels


def test_the_channel_checklist_has_all_thirteen():
    lines = channels_text(item(channels=["政府网站"], other_channels=["乡镇广播站"])).split("\n")
    assert len(lines) == len(CHANNELS) == 13
    assert lines[0] == "■政府网站" and lines[1] == "□政府公报"
    assert lines[-1] == "■其他(乡镇广播站)"
    assert channels_text(item(channels=["政府公报"])).split("\n")[-1] == "□其他"


def test_levels_of_a_domain():
    domain = Domain("义务教育", [Category("招生", [item(level=["村级"]), item(level=["省级", "县级"])])])
    assert levels_of(domain) == ["省级", "县级", "乡级", "村级"]
    assert levels_of(Domain("空", [])) == ["县级", "乡级"]


@pytest.mark.parametrize("text, width", [("", 0), ("abc", 3), ("政府网站", 8), ("■政府网站", 10), ("0838-2222222", 12),
                                          ("（一）", 6)])
def test_display_width(text, width):
    assert display_width(text) == width


def test_build_writes_the_books_the_registry_lists(gwstd, sample_catalog, tmp_path):
    """--only takes its choices from the format registry's books, and build writes each of them."""
    from gwstd.reports.registry import names, writer

    assert names("books") == ["excel", "html", "pdf"]
    for name in names("books"):
        if name == "pdf":  # printed by a browser: tests/books/test_pdf.py
            continue
        out = tmp_path / name
        run = gwstd("build", sample_catalog, "-o", out, "--only", name)
        assert run.code == 0, run.err
        written = [p for p in out.rglob("*") if p.is_file()]
        assert len(written) == 1 and str(written[0]) in run.out
        assert writer(name).__name__ == f"write_{name}"
    refused = gwstd("build", sample_catalog, "-o", tmp_path / "word", "--only", "word")
    assert refused.code == 2 and all(name in refused.err for name in names("books"))
