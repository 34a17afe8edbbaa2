"""Each rule's pure logic, one line per case; the CLI side of every rule is in tests/cases."""

from __future__ import annotations

import inspect

import pytest

from gwstd.catalogue.vocab import suggest
from gwstd.diagnostics.codes import CODES
from gwstd.rules.base import SCOPES, Rule
from gwstd.rules.docnumbers import fix
from gwstd.rules.phones import problem as phone_problem
from gwstd.rules.placeholders import placeholder
from gwstd.rules.quotes import problem as quote_problem
from gwstd.rules.registry import RULES
from gwstd.rules.timelimits import Duration, chinese_number, parse, readable


@pytest.mark.parametrize("number", [
    "0838-2222222", "028-12345678", "08382222222", "(0838)2222222", "（0838）2222222", "0838-2222222转8001",
    "0838-2222222-123", "12345", "12388", "13800001111", "400-800-1234", "96111", "0838 2222222",
])
def test_valid_phones(number):
    assert phone_problem(number) is None


@pytest.mark.parametrize("number,fragment", [
    ("2222222", "缺少区号"), ("138000011", "11 位"), ("0838-22222", "7 或 8 位"), ("电话", "不是有效"),
    ("1234", "不是有效"), ("0838-2222222转", "不是有效"),
])
def test_invalid_phones(number, fragment):
    assert fragment in (phone_problem(number) or "")


@pytest.mark.parametrize("text,fixed", [
    ("川办发[2017]90号", "川办发〔2017〕90号"), ("川办发［2017］90号", "川办发〔2017〕90号"),
    ("贵府办发„2010‟12号", "贵府办发〔2010〕12号"), ("国办发﹝2017﹞42号", "国办发〔2017〕42号"),
    ("教基（2014）1号", "教基〔2014〕1号"), ("教基(2014)1号", "教基〔2014〕1号"), ("教基【2014】1号", "教基〔2014〕1号"),
    ("川办发〔2017〕90号", "川办发〔2017〕90号"), ("国务院令第711号", "国务院令第711号"),
    ("见川办发[2017]90号和国办发[2017]42号", "见川办发〔2017〕90号和国办发〔2017〕42号"),
])
def test_doc_number_fix(text, fixed):
    assert fix(text) == fixed


@pytest.mark.parametrize("text,ok", [
    ("《中华人民共和国政府信息公开条例》", True), ("关于印发〈实施方案〉的通知", True), ("《关于〈方案〉的通知》", True),
    ("没有书名号", True), ("《政府信息公开条例", False), ("政府信息公开条例》", False), ("《关于〈方案》的通知〉", False),
])
def test_title_marks(text, ok):
    assert (quote_problem(text) is None) is ok


@pytest.mark.parametrize("text,found", [
    ("待定", "待定"), (" 无 ", "无"), ("XX县教育局", "XX"), ("×××", "×××"), ("某某学校", "某某"), ("TBD", "TBD"),
    ("   ", "(空白)"), ("", "(空白)"), ("王建国", None), ("无障碍设施", None), ("县级", None), ("20个工作日", None),
])
def test_placeholders(text, found):
    assert placeholder(text) == found


@pytest.mark.parametrize("text,duration", [
    ("信息形成或者变更之日起20个工作日内", Duration(20, "工作日")), ("文件公开后3个工作日内", Duration(3, "工作日")),
    ("政策文件公开后三个工作日内", Duration(3, "工作日")), ("收到申请之日起十五日内", Duration(15, "日")),
    ("每年1月底前", None), ("实时", None),
])
def test_time_limit_parse(text, duration):
    assert parse(text) == duration


@pytest.mark.parametrize("text,ok", [
    ("信息形成或者变更之日起20个工作日内", True), ("实时", True), ("长期公开", True), ("招生工作开始前公开", True),
    ("每年1月底前公开上年度情况", True), ("征收土地公告时一并公开", True), ("尽快", False), ("看情况", False),
])
def test_time_limit_readable(text, ok):
    assert readable(text) is ok


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("二十", "十五", "三", "一百二十", "两", "20", "廿")] == [20, 15, 3, 120, 2, 20, None]


@pytest.mark.parametrize("value,allowed,expected", [
    ("随时更新", ["实时", "动态更新"], "动态更新"), ("网站", ["政府网站", "政府公报"], "政府网站"),
    ("乡镇级", ["县级", "乡级"], "乡级"), ("特定群众", ["全社会", "特定群体"], "特定群体"), ("火星", ["县级"], None),
])
def test_suggestions(value, allowed, expected):
    assert suggest(value, allowed) == expected


def test_rules_are_declared_completely():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.codes and rule.doc and "FAIL" in rule.doc, rule.id
        assert rule.scope in ("text", "file", "catalogue")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_a_rule_takes_its_severity_from_its_codes(rule):
    assert {CODES[c].severity for c in rule.codes} == {rule.severity}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_check_has_the_one_signature(rule):
    params = list(inspect.signature(rule.check).parameters.values())
    assert [p.kind for p in params] == [inspect.Parameter.POSITIONAL_OR_KEYWORD] * 2, rule.id
    assert params[1].name == "context", rule.id
    assert rule.scope in SCOPES
    assert rule.scope == "text" or (rule.fields is None and rule.trigger is None), "fields and trigger are for text rules"


def test_a_rule_declares_only_known_codes():
    with pytest.raises(ValueError):
        Rule("nonsense", ("GW999",), "text", lambda text, context: ())
    with pytest.raises(ValueError):
        Rule("nonsense", ("GW201",), "line", lambda text, context: ())  # type: ignore[arg-type]
