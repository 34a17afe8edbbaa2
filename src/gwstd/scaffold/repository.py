"""`gwstd init`: the files of a new catalogue repository, as text (the CLI writes them)."""

from __future__ import annotations

from datetime import date

from gwstd import __version__
from gwstd.catalogue.vocab import ID_PREFIXES, PILOT_DOMAINS
from gwstd.scaffold.editor import editor_files
from gwstd.scaffold.source import SOURCE_FILE, Source, parse, pre_commit_config
from gwstd.seams.resources import folder

CATALOG_TEMPLATE = """\
# yaml-language-server: $schema=../schemas/catalog.schema.json
# 目录说明与部门名册。请把所有“待填写”和 XX 换成本县的实际信息,然后运行 gwstd validate。
region: XX县                      # 地区,如“示例县”
office: XX县人民政府办公室          # 编制单位
edition: @YEAR@年版                 # 版本
date: @DATE@                  # 发布日期
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

GITHUB = """\
# 检查目录(问题标注在对应的行上,覆盖情况写入摘要),并生成 Excel 和 HTML 目录作为构件。
# gwstd 的来源见 .gwstd/source;修改后运行 gwstd init --update . 更新本文件。
name: 政务公开目录
on: [push, pull_request]
jobs:
  catalog:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
          cache-dependency-path: .gwstd/source
      - name: 安装 gwstd
        run: python -m pip install @INSTALL@
      - name: 检查(问题标注在对应的行上)
        run: gwstd validate catalog --format github
      - name: 对照范围指引(写入摘要)
        if: ${{ !cancelled() }}
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
# gwstd 的来源见 .gwstd/source;修改后运行 gwstd init --update . 更新本文件。
image: python:3.11
variables:
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
cache:
  key:
    files: [.gwstd/source]
  paths: [.cache/pip]
stages: [check]
catalog:
  stage: check
  timeout: 15 minutes
  script:
    - python -m pip install @INSTALL@
    # JUnit 报告供合并请求显示;有问题时再把问题逐条写入作业日志
    - gwstd validate catalog --format junit -o gwstd-report.xml || { gwstd validate catalog; exit 1; }
    # 覆盖情况:Markdown 文件作为构件,文字写入作业日志(有要点未覆盖时作业失败)
    - gwstd coverage catalog --format markdown -o coverage.md || true
    - gwstd coverage catalog
    - gwstd build catalog -o dist
  artifacts:
    when: always
    expire_in: 30 days
    reports:
      junit: gwstd-report.xml
    paths: [dist/, coverage.md]
"""

README = """\
# 政务公开事项标准目录

本仓库保存本县的政务公开事项标准目录:`catalog/catalog.yaml` 是目录说明和部门名册,`catalog/` 中其余每个文件
是一个领域的公开事项。用 gwstd 检查和编制。

## 工作流程

1. **编辑**:用编辑器(推荐 VS Code 加 YAML 插件,会按 `schemas/` 边写边检查并提示中文说明)修改 `catalog/` 中的文件。
   部门的名称、责任人和电话只在 `catalog.yaml` 的部门名册中写一次。
   边改边看:`gwstd serve --open` 在浏览器中打开网页目录的预览,每次保存自动更新,问题直接标在网页上。
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


def blank_catalog(today: date) -> str:
    """The blank catalog.yaml, its edition and date those of ``today`` (the day the repository is made)."""
    return CATALOG_TEMPLATE.replace("@YEAR@", f"{today.year:04d}").replace("@DATE@", today.isoformat())


def blank_files(today: date | None = None) -> dict[str, str]:
    files = {"catalog/catalog.yaml": blank_catalog(today or date.today())}
    for domain, slug in PILOT_DOMAINS.items():
        files[f"catalog/{slug}.yaml"] = DOMAIN_TEMPLATE.format(domain=domain, prefix=ID_PREFIXES[domain])
    return files


CATALOGUE = "catalog/"  # the county's own data: init --force and --update never write here


def managed_files(source: Source) -> dict[str, str]:
    """Relative path → text of the files `gwstd init --update` refreshes to the running version: the schemas,
    the CI files, the hook config, the source setting and the editor settings."""
    files = schema_files()
    files[SOURCE_FILE] = source.spec + "\n"
    files[".pre-commit-config.yaml"] = pre_commit_config(source)
    files[".github/workflows/catalog.yml"] = GITHUB.replace("@INSTALL@", source.pip_args)
    files[".gitlab-ci.yml"] = GITLAB.replace("@INSTALL@", source.pip_args)
    files.update(editor_files())
    return files


def repository_files(*, from_sample: bool, source: Source | None = None, today: date | None = None
                     ) -> dict[str, str]:
    """Relative path → text of every file `gwstd init` writes (``source``: where the automation gets gwstd
    from, by default the package index at the running version; ``today``: the blank catalogue's edition year
    and date, by default today's; the sample keeps its own)."""
    files = sample_files() if from_sample else blank_files(today)
    files.update(managed_files(source or parse(None, version=__version__)))
    files["README.md"] = README
    files[".gitignore"] = "dist/\n.cache/\n"
    return files

