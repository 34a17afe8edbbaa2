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


# ------------------------------------------------------------------------------------------------------
# Line breaks on paper: gwstd breaks long cells itself, never inside a phone number, URL or 文号


from gwstd.books.cells import (
    SOFT_BREAK,
    channel_grid,
    channel_grid_em,
    longest_atom_em,
    soft_wrap,
    text_em,
    unwrap,
    wrap_lines,
)


def test_text_em_measures_chinese_and_latin():
    assert text_em("政府网站") == 4
    assert text_em("■政府网站") == 5
    assert 7 < text_em("0838-6200012") < 8  # DejaVu Sans digits, the widest the page meets
    assert text_em("a\u200bb") == text_em("ab")


def test_a_long_phone_list_breaks_only_after_its_separators():
    phones = "0838-6200011、0838-6200012、12345、028-12345678、13800000000"
    lines = wrap_lines(phones, 9)
    assert "".join(lines) == phones
    assert len(lines) > 1 and all(text_em(line) <= 9 for line in lines)
    for number in phones.split("、"):
        assert any(number in line for line in lines)  # every number whole on one line
    assert not any(line.startswith("、") for line in lines)
    assert lines[0] == "0838-6200011、"


def test_a_url_stays_whole_when_it_fits_and_is_cut_after_a_slash_or_dot_when_not():
    url = "https://www.example.gov.cn/zjj/bzxzf/zc/"
    assert wrap_lines("网址 " + url, 40) == ["网址 " + url]
    assert wrap_lines("网址 " + url, text_em(url) + 1) == ["网址 ", url]  # broken at the space, the URL whole
    pieces = wrap_lines(url, 8)
    assert "".join(pieces) == url and len(pieces) > 1
    assert all(p[-1] in "/." for p in pieces[:-1])


def test_a_document_number_is_never_cut():
    basis = "《国务院办公厅关于保障性安居工程建设和管理的指导意见》（国办发〔2011〕45号）第三条"
    for width in (12, 14, 16, 20):  # the （文号） is 11.84 em: no narrower line can hold it whole
        lines = wrap_lines(basis, width)
        assert "".join(lines) == basis
        assert any("国办发〔2011〕45号" in line for line in lines)
        assert not any(line[0] in "、》）〕，" for line in lines)
        assert not any(line[-1] in "《（〔" for line in lines)
    lines = wrap_lines("《中华人民共和国政府信息公开条例》（国务院令第711号）", 11)
    assert any("国务院令第711号" in line for line in lines)


def test_no_line_starts_with_a_pause_mark_or_closing_title_mark():
    text = "《中华人民共和国土地管理法》、《中华人民共和国土地管理法实施条例》、《基本农田保护条例》"
    for width in range(4, 30):
        lines = wrap_lines(text, width)
        assert "".join(lines) == text
        assert not any(line[0] in "、》" for line in lines), (width, lines)


def test_soft_wrap_is_undone_by_unwrap_and_keeps_the_texts_own_line_breaks():
    text = "示例县住房和城乡建设局\n责任人:张卫东 and some Latin words"
    wrapped = soft_wrap(text, 5)
    assert SOFT_BREAK in wrapped and wrapped.count("\n") > text.count("\n")
    assert unwrap(wrapped) == text
    assert soft_wrap("短", 5) == "短"


def test_longest_atom():
    assert longest_atom_em("0838-6200012、12345") == text_em("0838-6200012、")
    assert longest_atom_em("政府网站") == 1
    assert longest_atom_em("") == 0


@pytest.mark.parametrize("per_line", [3, 4])
def test_the_checklist_several_to_a_line_in_aligned_columns(per_line):
    from gwstd.excel_import.cells import parse_channels

    it = item(channels=["政府网站", "发布会/听证会", "社区/企事业单位/村公示栏(电子屏)"], other_channels=["乡镇广播站"])
    text = channel_grid(it, per_line)
    lines = text.split("\n")
    assert len(lines) <= 13 // per_line + 3
    assert sum(line.count("■") + line.count("□") for line in lines) == 13
    grid = [line for line in lines if line.count("■") + line.count("□") == per_line]
    assert len(grid) >= 2
    starts = [[text_em(line[:i]) for i, ch in enumerate(line) if ch in "■□"] for line in grid]
    assert all(s == starts[0] for s in starts)  # every entry under the one above it
    assert max(text_em(line) for line in grid) <= channel_grid_em(per_line) + 0.01
    assert lines[-1] == "■其他(乡镇广播站)" and "□发布会／听证会" not in text
    used, others, unknown = parse_channels(text)
    assert used == channels_used(it) and others == ["乡镇广播站"] and not unknown


@pytest.mark.parametrize("lines", [3, 4, 5])
def test_the_checklist_run_on_keeps_all_thirteen_entries_whole(lines):
    from gwstd.books.cells import channel_flow, channel_flow_em
    from gwstd.excel_import.cells import parse_channels

    items = [item(channels=["政府网站", "发布会/听证会", "社区/企事业单位/村公示栏(电子屏)"]),
             item(channels=["入户/现场", "其他"], other_channels=["乡镇广播站", "村广播"])]
    width = channel_flow_em(items, lines)
    assert width is not None
    assert channel_flow_em(items, lines) <= (channel_flow_em(items, lines - 1) or 1e9)
    for it in items:
        text = channel_flow(it, width)
        printed = text.split("\n")
        assert len(printed) <= lines
        assert all(text_em(line) <= width + 0.01 for line in printed)
        assert sum(line.count("■") + line.count("□") for line in printed) == 13
        assert "■社区／企事业单位／村公示栏（电子屏）" in printed[-1] or "□社区／企事业单位／村公示栏（电子屏）" in text
        assert not any(line.startswith(" ") or line.endswith(" ") for line in printed)
        used, others, unknown = parse_channels(text)
        assert used == channels_used(it) and others == it.other_channels and not unknown
    # one line narrower than the widest entry cannot be, and a wider one never needs more lines
    assert channel_flow_em(items[:1], 1) is None or channel_flow_em(items[:1], 1) >= text_em(
        "□社区／企事业单位／村公示栏（电子屏）")
