"""Suggestions for a department id that is not in the registry (GW203): the best one to three, by the id's
spelling or by the department's Chinese name, never the whole registry."""

from __future__ import annotations

import json

import pytest

from gwstd.load.index import DepartmentRef, Pos
from gwstd.rules.departments import suggestions

NAMES = {
    "jiaoyu": "测试县教育局", "jiaotong": "测试县交通运输局", "minzheng": "测试县民政局", "caizheng": "测试县财政局",
    "weijian": "测试县卫生健康局", "gongan": "测试县公安局", "sifa": "测试县司法局", "renshe": "测试县人力资源和社会保障局",
    "ziranziyuan": "测试县自然资源局", "zhujian": "测试县住房和城乡建设局", "shuiwu": "测试县水务局",
    "nongye": "测试县农业农村局", "shangwu": "测试县商务局", "yingji": "测试县应急管理局",
}
REGISTRY = {k: DepartmentRef(k, name, Pos("catalog.yaml", i + 7, 3)) for i, (k, name) in enumerate(NAMES.items())}


@pytest.mark.parametrize(("ref", "expected"), [
    ("jiaoyuju", ["jiaoyu"]),  # one letter group too many
    ("JiaoYu", ["jiaoyu"]),  # the case does not matter
    ("jiao", ["jiaoyu", "jiaotong"]),
    ("教育局", ["jiaoyu"]),  # the Chinese name without the county
    ("测试县教育局", ["jiaoyu"]),  # the full name
    ("教育", ["jiaoyu"]),  # a part of the name
    ("民政局", ["minzheng"]),  # not also 财政局, which only looks alike
    ("测试县民证局", ["minzheng"]),  # a wrong character in the name
    ("xyz", []),
    ("", []),
])
def test_suggestions(ref, expected):
    assert suggestions(ref, REGISTRY, "测试县") == expected


def test_never_more_than_three():
    assert len(suggestions("局", REGISTRY, "测试县")) == 3  # every name holds it
    assert len(suggestions("s", REGISTRY, "测试县")) <= 3


def test_the_hint_names_the_best_matches_and_not_the_registry(tmp_path, gwstd):
    departments = "".join(f"  {k}: {{name: {name}, person: 张伟, consult: 0838-6200031, supervise: 0838-6200032}}\n"
                          for k, name in NAMES.items())
    (tmp_path / "catalog.yaml").write_text(
        f"region: 测试县\noffice: 测试县人民政府办公室\nedition: 2024年版\ndate: 2024-06-30\ndepartments:\n{departments}",
        encoding="utf-8")
    item = ("      - id: jy-00{n}\n        name: 事项{n}\n        content:\n          required: [学校名称]\n"
            "        basis:\n          - title: 中华人民共和国义务教育法\n        time_limit: 20个工作日内\n"
            "        update_cycle: 每年\n        subject:\n          department: {dept}\n        channels: [政府网站]\n"
            "        audience: [全社会]\n        method: [主动]\n        level: [县级]\n")
    refs = ["jiaoyuju", "jiao", "qita"]
    (tmp_path / "jy.yaml").write_text(
        "domain: 义务教育\ncategories:\n  - name: 招生入学\n    items:\n"
        + "".join(item.format(n=i + 1, dept=d) for i, d in enumerate(refs)), encoding="utf-8")
    report = json.loads(gwstd("validate", tmp_path, "-f", "json").out)
    hints = [d["hint"] for d in report["diagnostics"] if d["code"] == "GW203"]
    assert hints == ["是不是想写「jiaoyu」(测试县教育局)?", "可能是:jiaoyu(测试县教育局)、jiaotong(测试县交通运输局)",
                     "请填写 catalog.yaml 部门名册中的部门编号"]
