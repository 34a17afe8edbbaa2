"""Deterministic generator of synthetic catalogues in gwstd's format, from the real vocabularies.

    python bench/generate.py OUT_DIR --counties 1 --items 500

writes OUT_DIR/county-001/catalog.yaml and one file per pilot domain. The same arguments always give the
same bytes, so timings can be compared across machines and runs.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DOMAINS = [
    ("zhengdi-buchang", "征地补偿", "zrzy", "zd"),
    ("chaiqian-anzhi", "拆迁安置", "zhujian", "cq"),
    ("baozhang-zhufang", "保障性住房", "zhujian", "bz"),
    ("nongcun-weifang", "农村危房改造", "zhujian", "wf"),
    ("fupin-jiuzai", "扶贫救灾", "xczx", "fp"),
    ("shizheng-fuwu", "市政服务", "chengguan", "sz"),
    ("ggzy-jiaoyi", "公共资源交易", "ggzy", "gg"),
    ("yiwu-jiaoyu", "义务教育", "jiaoyu", "jy"),
]
DEPARTMENTS = {
    "zfb": "人民政府办公室", "zrzy": "自然资源局", "zhujian": "住房和城乡建设局", "xczx": "乡村振兴局",
    "yingji": "应急管理局", "minzheng": "民政局", "chengguan": "综合行政执法局", "ggzy": "公共资源交易中心",
    "jiaoyu": "教育局", "caizheng": "财政局",
}
CATEGORIES = ["法规政策", "办理过程", "实施过程", "结果公开", "监督管理", "服务指南"]
TOPICS = ["征收土地公告", "补偿标准", "安置方案", "分配结果", "资金使用情况", "项目实施情况", "年度计划",
          "申请条件", "办理流程", "审核结果", "招生划片范围", "学生资助", "交易公告", "中标结果", "合同公示",
          "行政处罚", "行政许可", "投诉处理", "绿化覆盖率", "路灯亮灯率", "救助对象名单", "资金分配"]
ELEMENTS = ["文件名称", "文号", "发布日期", "实施范围", "补偿标准", "安置方式", "办理时限", "申请材料",
            "办理流程", "联系方式", "项目名称", "建设地点", "资金规模", "审核结果", "公示期限", "救济途径"]
BASIS = [
    ("中华人民共和国政府信息公开条例", "国务院令第711号"),
    ("中华人民共和国土地管理法", None),
    ("国有土地上房屋征收与补偿条例", "国务院令第590号"),
    ("中华人民共和国义务教育法", None),
    ("中华人民共和国招标投标法", None),
    ("社会救助暂行办法", "国务院令第649号"),
    ("城市市容和环境卫生管理条例", "国务院令第101号"),
    ("四川省开展基层政务公开标准化规范化试点工作实施方案", "川办发〔2017〕90号"),
]
CHANNELS = ["政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
            "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "精准推送"]
CYCLES = ["实时", "每月", "每季度", "每半年", "每年", "动态更新"]
LIMITS = ["信息形成或者变更之日起20个工作日内", "文件公开后3个工作日内", "实时", "收到批复之日起10个工作日内"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国晓燕卫东明华志强丽娟海涛秀英文静俊杰"


def _phone(rng: random.Random, area: str) -> str:
    return f"{area}-{rng.randint(2000000, 8999999)}"


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN[0::2]) + rng.choice(GIVEN[1::2])


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _scope_points() -> dict[str, list[str]]:
    """The bundled scope guide's point ids, by domain name."""
    import yaml

    guide = yaml.safe_load((Path(__file__).resolve().parent.parent / "src/gwstd/data/scope-guide.yaml")
                           .read_text(encoding="utf-8"))
    points: dict[str, list[str]] = {}
    for section in guide["sections"]:
        points.setdefault(section["domain"], []).extend(p["id"] for p in section["points"])
    return points


CITIES = 21  # Sichuan's 市(州); a small province has one for every three counties


def _cities(counties: int) -> int:
    return max(1, min(CITIES, counties // 3))


def county(out: Path, number: int, items: int, seed: int, *, province: int = 0) -> None:
    """One county; in a province of ``province`` counties (0: none), it also names its 市(州) and its items
    cite scope points, each county leaving a share of the guide uncovered (its own random draw, so the rest
    of the catalogue is the same bytes as without)."""
    rng = random.Random(seed * 100_003 + number)
    scope_rng = random.Random(seed * 7_919 + number)
    points = _scope_points() if province else {}
    diligence = scope_rng.uniform(0.55, 1.0)
    area = f"0{rng.randint(810, 839)}"
    region = f"示例{number:03d}县"
    out.mkdir(parents=True, exist_ok=True)
    lines = ["# yaml-language-server: $schema=../schemas/catalog.schema.json",
             f"region: {region}"] + ([f"city: 示例{(number - 1) * _cities(province) // province + 1:02d}市"] if province else []) + [
             f"office: {region}人民政府办公室", "edition: 2024年版", "date: 2024-06-30",
             "departments:"]
    for dept_id, dept in DEPARTMENTS.items():
        lines += [f"  {dept_id}:", f"    name: {region}{dept}", f"    person: {_person(rng)}",
                  f"    consult: {_phone(rng, area)}", f"    supervise: {_phone(rng, area)}、12345"]
    (out / "catalog.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    per_domain = [items // len(DOMAINS) + (1 if i < items % len(DOMAINS) else 0) for i in range(len(DOMAINS))]
    for (slug, name, dept, prefix), count in zip(DOMAINS, per_domain):
        lines = ["# yaml-language-server: $schema=../schemas/domain.schema.json", f"domain: {name}", "categories:"]
        categories = CATEGORIES[: max(1, min(len(CATEGORIES), count // 8))]
        for ci, category in enumerate(categories):
            share = range(ci, count, len(categories))
            if not share:
                continue
            lines += [f"  - name: {category}", "    items:"]
            for n in share:
                topic = rng.choice(TOPICS)
                elements = rng.sample(ELEMENTS, rng.randint(2, 5))
                optional = [e for e in rng.sample(ELEMENTS, 1) if e not in elements and rng.random() < 0.4]
                lines += [
                    f"      - id: {prefix}-{ci + 1:02d}-{n + 1:04d}",
                    f"        name: {name}{topic}(第{n + 1}项)",
                    "        content:",
                    f"          required: {_flow(elements)}",
                ]
                if optional:
                    lines.append(f"          optional: {_flow(optional)}")
                lines.append("        basis:")
                for title, number_ in rng.sample(BASIS, rng.randint(1, 2)):
                    lines.append(f"          - title: {title}")
                    if number_:
                        lines.append(f"            number: {number_}")
                lines += [
                    f"        time_limit: {rng.choice(LIMITS)}",
                    f"        update_cycle: {rng.choice(CYCLES)}",
                    "        subject:",
                    f"          department: {dept if n % 5 else rng.choice(list(DEPARTMENTS))}",
                    f"        channels: {_flow(rng.sample(CHANNELS, rng.randint(1, 3)))}",
                    f"        audience: [{rng.choice(['全社会', '特定群体'])}]",
                    f"        method: {_flow(rng.choice([['主动'], ['依申请'], ['主动', '依申请']]))}",
                    f"        level: {_flow(rng.choice([['县级'], ['县级', '乡级'], ['乡级', '村级']]))}",
                ]
                if rng.random() < 0.2:
                    lines += ["        hotlines:", f"          consult: {_phone(rng, area)}"]
                if rng.random() < 0.3:
                    lines.append(f"        url: https://www.example.gov.cn/{prefix}/{n + 1}.html")
                due = points.get(name, [])[: max(1, round(diligence * len(points.get(name, []))))]
                if due:
                    lines.append(f"        scope: [{scope_rng.choice(due)}]")
        (out / f"{slug}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(out: Path, *, counties: int, items: int, seed: int = 1, province: bool = False) -> list[Path]:
    """``counties`` catalogues of about ``items`` items each under ``out``; returns their directories. With
    ``province``, each names its 市(州) and its items cite scope points (coverage differs from county to county)."""
    dirs = []
    for number in range(1, counties + 1):
        directory = out / f"county-{number:03d}"
        county(directory, number, items, seed, province=counties if province else 0)
        dirs.append(directory)
    return dirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--counties", type=int, default=1)
    parser.add_argument("--items", type=int, default=500, help="items per county")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--province", action="store_true",
                        help="counties name their 市(州) and cite scope points, as a province's would")
    args = parser.parse_args()
    generate(args.out, counties=args.counties, items=args.items, seed=args.seed, province=args.province)


if __name__ == "__main__":
    main()
