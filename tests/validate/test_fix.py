"""`gwstd validate --fix`: the rules' declared corrections, in place, keeping everything else byte for byte.

Through the CLI on a git copy of the bundled catalogue seeded with one instance of every fixable mistake
(afterwards `validate --strict` is clean and `git diff` shows exactly the fixed lines, comments intact), and
below it: each rule's fix, a fix never making a file of the case corpus worse, and fixing twice changing
nothing the second time (a property test)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import casekit
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwstd.load.loader import load_text
from gwstd.rules.base import Context
from gwstd.rules.phones import fix as fix_phones
from gwstd.rules.quotes import fix_balance
from gwstd.rules.registry import RULES
from gwstd.rules.vocabulary import fix as fix_vocabulary
from gwstd.validate.fix import fix_text
from gwstd.validate.pipeline import check_document

# (file, original line text, seeded line text): one of every mistake --fix corrects
SEEDS = [
    ("catalog.yaml", "    consult: 0838-6200001", "    consult: 0838—6200001  # 咨询电话(示例)"),
    ("catalog.yaml", "    consult: 0838-6200011", "    consult: ０８３８-６２０００１１"),
    ("yiwu-jiaoyu.yaml", "        channels: [政府网站, 两微一端, 公开查阅点]",
     "        channels: [政府网站, 微信公众号, 公开查阅点]  # 渠道"),
    ("yiwu-jiaoyu.yaml", "          - title: 中华人民共和国义务教育法", "          - title: 《中华人民共和国义务教育法"),
    ("yiwu-jiaoyu.yaml", "          - title: 中华人民共和国政府信息公开条例",
     "          - title: 《中华人民共和国政府信息公开条例》"),
    ("baozhang-zhufang.yaml", "            number: 国办发〔2011〕45号", "            number: 国办发[2011]45号"),
]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def _seed(folder: Path) -> None:
    for name, old, new in SEEDS:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old + "\n" in text, (name, old)
        path.write_text(text.replace(old + "\n", new + "\n", 1), encoding="utf-8")


def _git_copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[2] / "catalog", repo / "catalog")
    _git(repo, "init", "-q")
    _seed(repo / "catalog")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "seeded")
    return repo


def test_fix_on_a_seeded_bundled_catalogue_leaves_it_strict_clean_and_changes_only_the_fixed_spans(gwstd, tmp_path):
    repo = _git_copy(tmp_path)
    folder = repo / "catalog"
    before = json.loads(gwstd("validate", folder, "-f", "json").out)
    assert sorted(d["code"] for d in before["diagnostics"]) == ["GW104", "GW204", "GW204", "GW205", "GW206",
                                                                       "GW209"]
    untouched = {p.name: p.read_bytes() for p in folder.iterdir() if p.name not in {s[0] for s in SEEDS}}

    run = gwstd("validate", folder, "--fix")
    assert run.code == 0, run.err + run.out
    assert "已自动修正 6 个问题" in run.err
    assert "改写了 3 个文件" in run.err
    assert gwstd("validate", folder, "--strict").code == 0

    diff = _git(repo, "diff", "-U0", "--no-color")
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert sorted(removed) == sorted(s[2] for s in SEEDS)
    assert sorted(added) == sorted([
        "    consult: 0838-6200001  # 咨询电话(示例)",  # the comment stays
        "    consult: 0838-6200011",
        "        channels: [政府网站, 两微一端, 公开查阅点]  # 渠道",
        "          - title: 中华人民共和国义务教育法",  # 《 balanced, then the marks around a title gone
        "          - title: 中华人民共和国政府信息公开条例",
        "            number: 国办发〔2011〕45号",
    ])
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in untouched} == untouched

    fixed = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = gwstd("validate", folder, "--fix")
    assert again.code == 0 and "没有可自动修正的问题" in again.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == fixed
    assert gwstd("validate", folder, "--fix", "--dry-run").code == 0


def test_dry_run_shows_the_diff_and_writes_nothing(gwstd, tmp_path):
    repo = _git_copy(tmp_path)
    folder = repo / "catalog"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    run = gwstd("validate", folder, "--fix", "--dry-run")
    assert run.code == 1
    assert "-        channels: [政府网站, 微信公众号, 公开查阅点]  # 渠道" in run.out
    assert "+        channels: [政府网站, 两微一端, 公开查阅点]  # 渠道" in run.out
    assert f"+++ {folder}/yiwu-jiaoyu.yaml\n" in run.out
    assert "可自动修正 6 个问题(3 个文件)" in run.err and "没有改写文件" in run.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert gwstd("validate", folder, "--dry-run").code == 2  # without --fix it means nothing


def test_fix_keeps_a_bom_crlf_and_links(gwstd, tmp_path):
    folder = casekit.assemble("phone-corrections", tmp_path)
    path = folder / "jy.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    link = tmp_path / "linked"
    link.mkdir()
    (link / "catalog.yaml").symlink_to(folder / "catalog.yaml")
    (link / "jy.yaml").symlink_to(path)
    run = gwstd("validate", link, "--fix")
    assert run.code == 1  # 08x has no sure fix
    assert (link / "jy.yaml").is_symlink()
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "0838-6200032".encode() in data and "—".encode() not in data
    report = json.loads(gwstd("validate", link, "-f", "json").out)
    assert [d["message"] for d in report["diagnostics"]] == [
        "「监督举报电话」中的号码「08x」不是有效的电话号码(应为 区号-号码、12345 等热线、11 位手机号,可带分机 转123)"]


def test_a_file_that_does_not_load_is_never_touched(gwstd, tmp_path):
    folder = casekit.assemble("phone-corrections", tmp_path)
    broken = folder / "gbk.yaml"
    broken.write_bytes("domain: 测试\nchannels: [微信公众号]\nphone: 0838—6200032\n".encode("gb18030"))
    syntax = folder / "syntax.yaml"
    syntax.write_text("domain: 坏\ncategories: [\n  - 0838—6200032\n", encoding="utf-8")
    before = broken.read_bytes(), syntax.read_bytes()
    run = gwstd("validate", folder, "--fix")
    assert run.code == 1
    assert (broken.read_bytes(), syntax.read_bytes()) == before
    assert "改写了 1 个文件" in run.err and "无法读取的 2 个文件没有改动" in run.err
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(syntax, alone / "syntax.yaml")
    nothing = gwstd("validate", alone / "syntax.yaml", "--fix")
    assert "没有可自动修正的问题;无法读取的 1 个文件没有改动" in nothing.err


def test_a_field_keeps_the_number_no_fix_is_sure_of_and_the_others_are_fixed(gwstd, tmp_path):
    folder = casekit.assemble("phone-corrections", tmp_path)
    path = folder / "jy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "supervise: 0838-6200012、12345、08x", "supervise: 0838—6200012、12345、08x"), encoding="utf-8")
    gwstd("validate", folder, "--fix")
    assert "supervise: 0838-6200012、12345、08x" in path.read_text(encoding="utf-8")


def test_fix_refuses_standard_input(gwstd):
    run = gwstd("validate", "-", "--fix")
    assert run.code == 2 and "标准输入" in run.err


def test_rules_lists_the_fixable_rules(gwstd):
    rows = json.loads(gwstd("rules", "-f", "json").out)
    fixable = sorted(r["id"] for row in rows for r in row["rules"] if r["fixable"])
    assert fixable == sorted(r.id for r in RULES if r.fix is not None)
    assert {"phone-numbers", "doc-number-brackets", "balanced-title-marks", "bare-basis-titles",
            "vocabulary-synonyms"} <= set(fixable)
    assert "可自动修正" in gwstd("rules").out


@pytest.mark.parametrize(("text", "fixed"), [
    ("0838—6200032", "0838-6200032"),
    ("０８３８－６２０００３２", "0838-6200032"),
    ("12345、0838–6200032转8001", "12345、0838-6200032转8001"),
    ("0838-6200012 12345", "0838-6200012、12345"),
    ("0838-6200031转８００１", "0838-6200031转8001"),  # full-width digits in an extension too
    ("0838-6200012、08x", None),  # nothing sure: 08x is left for a person
    ("0838-6200012、０８３８—６２０００１３、08x", "0838-6200012、0838-6200013、08x"),
])
def test_phone_fix(text, fixed):
    assert fix_phones(text, Context("domain", "consult")) == fixed


@pytest.mark.parametrize(("field", "text", "fixed"), [
    ("title", "《中华人民共和国义务教育法", "《中华人民共和国义务教育法》"),  # a basis title is a title end to end
    ("title", "中华人民共和国义务教育法》", "《中华人民共和国义务教育法》"),
    ("note", "按《《政府信息公开条例》执行", "按《政府信息公开条例》执行"),
    ("note", "按《政府信息公开条例执行", None),  # where the 》 goes is a person's call
    ("name", "《义务教育法规定的学校基本情况", None),  # in a name or a sentence too
    ("time_limit", "信息形成之日起20个工作日内,依据政府信息公开条例》", None),
    ("title", "《甲》《乙", None),
])
def test_balance_fix(field, text, fixed):
    assert fix_balance(text, Context("domain", field)) == fixed


@pytest.mark.parametrize(("field", "text", "fixed"), [
    ("channels", "微信公众号", "两微一端"), ("channels", "公告栏", "社区/企事业单位/村公示栏(电子屏)"),
    ("channels", "新闻发布会", "发布会/听证会"), ("channels", "政务APP", "两微一端"),
    ("channels", "社区/企事业单位/村公示栏（电子屏）", "社区/企事业单位/村公示栏(电子屏)"),
    ("update_cycle", "随时更新", "动态更新"), ("level", "县(区)级", "县级"),
    ("channels", "乡镇政务公开栏", None),  # no sure word: 其他 with other_channels, a person's call
    ("level", "现场", None),  # a channel's variant is not a level
])
def test_vocabulary_fix(field, text, fixed):
    assert fix_vocabulary(text, Context("domain", field)) == fixed


@pytest.mark.parametrize("name", casekit.case_names())
def test_fix_never_makes_a_case_worse(name, tmp_path):
    """Every file of the corpus that loads: after its fixes, its problems are a subset of what they were, and
    a second fix finds nothing."""
    root = casekit.assemble(name, tmp_path)
    for path in sorted(root.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        doc, problems = load_text(text, path.name)
        if doc is None or problems:
            continue
        kind = "catalog" if path.name == "catalog.yaml" else "domain"
        fixed = fix_text(doc, kind, check_document)
        if fixed is None:
            continue
        new_doc, new_problems = load_text(fixed.text, path.name)
        assert new_doc is not None and not new_problems
        before = sorted((d.code, d.message) for d in check_document(doc, kind))
        after = sorted((d.code, d.message) for d in check_document(new_doc, kind))
        assert set(after) <= set(before) and len(after) < len(before)
        assert fix_text(new_doc, kind, check_document) is None


_MISTAKES = {
    "consult": ["0838—6200031", "０８３８-６２０００３１", "0838-6200031 12345", "08x", "0838－6200031、12345"],
    "channels": ["微信公众号", "公告栏", "新闻发布会", "政府网站", "微博"],
    "title": ["《中华人民共和国义务教育法", "《中华人民共和国义务教育法》", "义务教育法》", "教育法"],
    "number": ["国办发[2011]45号", "国办发（2011）45号", "国办发〔2011〕45号"],
}
_BASE = (Path(__file__).resolve().parents[1] / "cases" / "valid" / "jy.yaml")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(consult=st.sampled_from(_MISTAKES["consult"]), channels=st.lists(st.sampled_from(_MISTAKES["channels"]),
       min_size=1, max_size=3), title=st.sampled_from(_MISTAKES["title"]), number=st.sampled_from(_MISTAKES["number"]),
       quoted=st.booleans())
def test_fixing_twice_changes_nothing_the_second_time(consult, channels, title, number, quoted):
    q = '"' if quoted else ""
    text = (
        "domain: 义务教育\ncategories:\n  - name: 招生入学\n    items:\n      - id: jy-001\n        name: 招生\n"
        "        content:\n          required: [学校名称]\n        basis:\n"
        f"          - title: {q}{title}{q}  # 依据\n            number: {number}\n"
        "        time_limit: 信息形成或者变更之日起20个工作日内\n        update_cycle: 每年\n        subject:\n"
        f"          department: jiaoyu\n        channels: [{', '.join(channels)}]\n"
        "        audience: [全社会]\n        method: [主动]\n        level: [县级]\n"
        f"        hotlines:\n          consult: {q}{consult}{q}\n          supervise: 12345\n"
    )
    doc, problems = load_text(text, "jy.yaml")
    assert doc is not None and not problems
    once = fix_text(doc, "domain", check_document)
    if once is None:
        return
    assert "# 依据" in once.text
    fixed_doc, problems = load_text(once.text, "jy.yaml")
    assert fixed_doc is not None and not problems
    assert fix_text(fixed_doc, "domain", check_document) is None
    assert len(once.text.splitlines()) == len(text.splitlines())


def test_import_and_validate_read_one_synonym_table():
    """Every channel variant of the vocabulary's table: import reads it as the channel, and validate names
    (and --fix writes) the same channel."""
    from gwstd.catalogue.vocab import CHANNELS, SYNONYMS
    from gwstd.excel_import.cells import parse_channels

    variants = {k: v for k, v in SYNONYMS.items() if v in CHANNELS}
    assert {"微信公众号", "微博", "政务APP", "公告栏", "新闻发布会"} <= set(variants)
    for variant, channel in variants.items():
        if "/" in variant or "、" in variant:  # a checklist cell splits those; as a YAML value they are one word
            continue
        assert parse_channels(variant)[0] == [channel], variant
        assert fix_vocabulary(variant, Context("domain", "channels")) == channel, variant


def test_full_width_colons_in_keys_are_corrected_so_the_file_loads(gwstd, tmp_path):
    folder = casekit.assemble("valid", tmp_path)
    path = folder / "jy.yaml"
    text = path.read_text(encoding="utf-8")
    assert "        name: 招生划片范围\n" in text and "          department: jiaoyu\n" in text
    seeded = (text.replace("        name: 招生划片范围\n", "        name：招生划片范围  # 名称\n", 1)
              .replace("          department: jiaoyu\n", "          department ：jiaoyu\n", 1))
    path.write_text(seeded, encoding="utf-8")
    first = json.loads(gwstd("validate", folder, "-f", "json").out)["diagnostics"]
    assert [d["code"] for d in first] == ["GW004"]
    run = gwstd("validate", folder, "--fix")
    assert run.code == 0, run.err + run.out
    assert path.read_text(encoding="utf-8") == text.replace("        name: 招生划片范围\n",
                                                            "        name: 招生划片范围  # 名称\n", 1)
    assert "已自动修正 2 个问题" in run.err


@pytest.mark.parametrize("mistake", [
    "        name：招生划片范围\n        content: [\n",  # and a bracket never closed
    "　　　　name: 招生划片范围\n",  # full-width indentation: how many spaces were meant is a person's call
    "        name: [政府网站，两微一端]\n",  # a full-width comma may be part of the text
])
def test_other_syntax_errors_leave_the_file_untouched(gwstd, tmp_path, mistake):
    folder = casekit.assemble("valid", tmp_path)
    path = folder / "jy.yaml"
    seeded = path.read_text(encoding="utf-8").replace("        name: 招生划片范围\n", mistake, 1)
    path.write_text(seeded, encoding="utf-8")
    before = path.read_bytes()
    run = gwstd("validate", folder, "--fix")
    assert run.code == 1 and "GW004" in run.out
    assert path.read_bytes() == before


def test_fix_keeps_each_value_in_its_own_quotes_and_leaves_block_text(gwstd, tmp_path):
    folder = casekit.assemble("phone-corrections", tmp_path)
    path = folder / "jy.yaml"
    text = path.read_text(encoding="utf-8")
    text = (text.replace("consult: 0838-6200012 12345", 'consult: "0838-6200012 12345"  # 引号')
            .replace("supervise: ０８３８-６２０００３２", "supervise: >-\n            ０８３８-６２０００３２")
            .replace("        channels: [政府网站]\n", "        channels: ['政府网站', \"微博\"]\n", 1))
    path.write_text(text, encoding="utf-8")
    assert gwstd("validate", folder, "--fix").code == 1
    fixed = path.read_text(encoding="utf-8")
    assert 'consult: "0838-6200012、12345"  # 引号' in fixed
    assert "channels: ['政府网站', \"两微一端\"]" in fixed
    assert "supervise: >-\n            ０８３８-６２０００３２" in fixed  # a block's line breaks are its author's


def test_a_read_only_file_is_not_rewritten(gwstd, tmp_path):
    import os

    folder = casekit.assemble("phone-corrections", tmp_path)
    path = folder / "jy.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("root may write a read-only file")
        run = gwstd("validate", folder, "--fix")
        assert run.code == 1 and "是只读文件" in run.err and "没有修正" in run.err
        assert path.read_bytes() == before
        assert "GW204" in run.out  # what remains is listed all the same
    finally:
        path.chmod(0o644)


def test_a_read_only_file_is_refused_even_for_root(gwstd, tmp_path, monkeypatch):
    import os

    folder = casekit.assemble("phone-corrections", tmp_path)
    path = folder / "jy.yaml"
    before = path.read_bytes()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == path.resolve() and mode == os.W_OK
                        else real(p, mode, **kw))
    run = gwstd("validate", folder, "--fix")
    assert run.code == 1 and "是只读文件,其中 4 个可自动修正的问题没有修正" in run.err
    assert path.read_bytes() == before


def test_a_crlf_file_diffs_without_carriage_returns(gwstd, tmp_path):
    folder = casekit.assemble("phone-corrections", tmp_path)
    path = folder / "jy.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    run = gwstd("validate", folder, "--fix", "--dry-run")
    assert run.code == 1
    assert "\\x0d" not in run.out and "\r" not in run.out
    assert "+          consult: 0838-6200032\n" in run.out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=60), st.data())
def test_the_diff_is_difflibs_where_difflib_has_no_repeated_lines_to_skip(numbers, data):
    import difflib

    from gwstd.validate.fixing import unified_diff

    a = [f"line {i}: {n}" for i, n in enumerate(numbers)]  # all different: difflib's junk heuristic is idle
    changed = data.draw(st.sets(st.integers(0, len(a) - 1), min_size=1, max_size=8))
    b = [line + " x" if i in changed else line for i, line in enumerate(a)]
    assert unified_diff(a, b, "a/f", "b/f") == "".join(
        line + "\n" for line in difflib.unified_diff(a, b, "a/f", "b/f", lineterm=""))


def test_the_dry_run_diff_shows_only_the_fixed_lines_of_a_repetitive_file(gwstd, tmp_path):
    """difflib would take lines repeated all over a catalogue (update_cycle: 每年) for junk and show them as
    changed; the bundled catalogue's yiwu-jiaoyu.yaml cites 义务教育法 in nine items."""
    folder = tmp_path / "catalog"
    shutil.copytree(Path(__file__).resolve().parents[2] / "catalog", folder)
    path = folder / "yiwu-jiaoyu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("          - title: 中华人民共和国义务教育法\n",
                                                             "          - title: 《中华人民共和国义务教育法》\n"),
                    encoding="utf-8")
    run = gwstd("validate", folder, "--fix", "--dry-run")
    removed = [line for line in run.out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in run.out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) > 3
    assert set(removed) == {"-          - title: 《中华人民共和国义务教育法》"}
    assert set(added) == {"+          - title: 中华人民共和国义务教育法"}
