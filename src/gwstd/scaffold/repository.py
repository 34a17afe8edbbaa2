"""`gwstd init`: the files of a new catalogue repository, as text (the CLI writes them)."""

from __future__ import annotations

from gwstd import __version__
from gwstd.catalogue.vocab import ID_PREFIXES, PILOT_DOMAINS
from gwstd.seams.resources import folder

CATALOG_TEMPLATE = """\
# yaml-language-server: $schema=../schemas/catalog.schema.json
# 目录说明与部门名册。请把所有“待填写”和 XX 换成本县的实际信息,然后运行 gwstd validate。
region: XX县                      # 地区,如“示例县”
office: XX县人民政府办公室          # 编制单位
edition: 2024年版                 # 版本
date: 2024-01-01                  # 发布日期
# website: https://www.example.gov.cn        # 政府网站
# feedback: mailto:gongkai@example.gov.cn   # 征求意见期间接收意见建议的地址
departments:                      # 部门名册:名称、责任人和电话只在这里写一次,事项用部门编号引用
  zfb:
    name: XX县人民政府办公室
    person: 待填写
    consult: 待填写               # 咨询电话,如 0838-2222222
    supervise: 待填写             # 监督举报电话,如 0838-2222223、12345
"""

DOMAIN_TEMPLATE = """\
# yaml-language-server: $schema=../schemas/domain.schema.json
# {domain}领域的公开事项。下面的事项是要填写的样例:把“待填写”换成实际内容,再照样增加事项。
# 每个事项的写法(完整的例子见 gwstd init --from-sample 生成的示例目录):
#   - id: {prefix}-fg-001              # 事项编号:整个目录唯一,确定后不要改
#     name: 法律法规和政策文件         # 公开事项名称
#     content:
#       required: [文件名称, 文号]     # ● 必须公开的要素
#       optional: [政策解读]           # 〇 可选公开的要素
#     basis:                           # 公开依据(文件名称不带书名号)
#       - title: 中华人民共和国政府信息公开条例
#         number: 国务院令第711号
#     time_limit: 信息形成或者变更之日起20个工作日内
#     update_cycle: 动态更新           # 实时/每日/每周/每月/每季度/每半年/每年/动态更新
#     subject:
#       department: zfb                # catalog.yaml 部门名册中的编号
#     channels: [政府网站, 公开查阅点]
#     audience: [全社会]               # 全社会/特定群体
#     method: [主动]                   # 主动/依申请
#     level: [县级]                    # 省级/市级/县级/乡级/村级
#     scope: [{prefix}-01]             # 覆盖的范围指引要点(gwstd coverage 查看)
domain: {domain}
categories:
  - name: 法规政策
    items:
      - id: {prefix}-fg-001
        name: 待填写
        content:
          required: [待填写]
        basis:
          - title: 待填写
        time_limit: 信息形成或者变更之日起20个工作日内
        update_cycle: 动态更新
        subject:
          department: zfb
        channels: [政府网站]
        audience: [全社会]
        method: [主动]
        level: [县级]
"""

PRE_COMMIT = """\
# 每次提交前检查目录文件。安装:pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: gwstd-validate
        name: gwstd validate(政务公开目录检查)
        entry: gwstd validate
        language: system
        files: (^|/)catalog/.*\\.ya?ml$
"""

GITHUB = """\
# 检查目录,并生成 Excel 和 HTML 目录作为构件。
name: 政务公开目录
on: [push, pull_request]
jobs:
  catalog:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install gwstd=={version}
      - name: 检查(问题标注在对应的行上)
        run: gwstd validate catalog --format github
      - name: 对照范围指引
        run: gwstd coverage catalog --format markdown >> "$GITHUB_STEP_SUMMARY"
      - name: 编制目录
        run: gwstd build catalog -o dist
      - uses: actions/upload-artifact@v4
        with:
          name: 政务公开目录
          path: dist/
"""

GITLAB = """\
# 检查目录(JUnit 报告显示在合并请求中),并生成 Excel 和 HTML 目录作为构件。
image: python:3.11
stages: [check, build]
validate:
  stage: check
  script:
    - pip install gwstd=={version}
    - gwstd validate catalog --format junit -o gwstd-report.xml
  artifacts:
    when: always
    reports:
      junit: gwstd-report.xml
build:
  stage: build
  script:
    - pip install gwstd=={version}
    - gwstd build catalog -o dist
  artifacts:
    paths: [dist/]
"""

README = """\
# 政务公开事项标准目录

本仓库保存本县的政务公开事项标准目录:`catalog/catalog.yaml` 是目录说明和部门名册,`catalog/` 中其余每个文件
是一个领域的公开事项。用 gwstd 检查和编制。

## 工作流程

1. **编辑**:用编辑器(推荐 VS Code 加 YAML 插件,会按 `schemas/` 边写边检查并提示中文说明)修改 `catalog/` 中的文件。
   部门的名称、责任人和电话只在 `catalog.yaml` 的部门名册中写一次。
2. **检查**:`gwstd validate`,逐条列出问题所在的文件、行和列,改到没有错误为止;
   `gwstd coverage` 查看是否覆盖了《基层政务公开范围指引》的全部要点。
3. **编制**:`gwstd build`,在 `dist/` 中生成 Excel 目录(全国通用表式,可直接打印)和 `dist/html/index.html`
   (可离线检索的网页目录)。
4. **发布**:把 Excel 和网页目录发布到政府网站、政务服务中心和公开栏;调整目录时用
   `gwstd diff 上一版 HEAD --format markdown` 生成调整说明。

提交时 pre-commit 会自动检查(`pip install pre-commit && pre-commit install`);推送后 CI 会检查并生成目录。
"""


def schema_files() -> dict[str, str]:
    base = folder("schemas")
    return {f"schemas/{name}": base.joinpath(name).read_text(encoding="utf-8")
            for name in ("catalog.schema.json", "domain.schema.json")}


def sample_files() -> dict[str, str]:
    base = folder("sample")
    return {f"catalog/{p.name}": p.read_text(encoding="utf-8") for p in sorted(base.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".yaml")}


def blank_files() -> dict[str, str]:
    files = {"catalog/catalog.yaml": CATALOG_TEMPLATE}
    for domain, slug in PILOT_DOMAINS.items():
        files[f"catalog/{slug}.yaml"] = DOMAIN_TEMPLATE.format(domain=domain, prefix=ID_PREFIXES[domain])
    return files


def repository_files(*, from_sample: bool) -> dict[str, str]:
    """Relative path → text of every file `gwstd init` writes."""
    files = sample_files() if from_sample else blank_files()
    files.update(schema_files())
    files[".pre-commit-config.yaml"] = PRE_COMMIT
    files[".github/workflows/catalog.yml"] = GITHUB.format(version=__version__)
    files[".gitlab-ci.yml"] = GITLAB.format(version=__version__)
    files["README.md"] = README
    files[".gitignore"] = "dist/\n"
    return files
