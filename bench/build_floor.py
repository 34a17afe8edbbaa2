"""The floor for writing the workbook: the same cell values, dumped with openpyxl's write-only mode and no
styles, merges or print setup. Loads the catalogue with PyYAML's C loader.

    python bench/build_floor.py CATALOG_DIR OUT.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from openpyxl import Workbook

CHANNELS = ["政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点", "政务服务中心",
            "便民服务站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "精准推送", "其他"]


def main() -> None:
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    meta = {}
    wb = Workbook(write_only=True)
    for path in sorted(folder.rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if path.name == "catalog.yaml":
            meta = data
            continue
        depts = meta.get("departments", {})
        ws = wb.create_sheet(data["domain"])
        ws.append([f"{meta.get('region', '')}{data['domain']}领域基层政务公开标准目录"])
        ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                   "全社会", "特定群体", "主动", "依申请", "县级", "乡级", "信息更新周期", "咨询电话", "监督举报电话",
                   "公开网址", "备注", "范围要点", "事项编号"])
        n = 0
        for category in data["categories"]:
            for item in category["items"]:
                n += 1
                dept = depts.get(item["subject"]["department"], {})
                hot = item.get("hotlines", {})
                ws.append([
                    n, category["name"], item["name"],
                    "\n".join(["●" + e for e in item["content"]["required"]]
                              + ["〇" + e for e in item["content"].get("optional", [])]),
                    "\n".join(f"《{b['title']}》" + (f"（{b['number']}）" if b.get("number") else "")
                              + b.get("article", "") for b in item["basis"]),
                    item["time_limit"], dept.get("name", "") + "\n责任人:" + dept.get("person", ""),
                    "\n".join(("■" if c in item["channels"] else "□") + c for c in CHANNELS),
                    *["√" if a in item["audience"] else None for a in ("全社会", "特定群体")],
                    *["√" if m in item["method"] else None for m in ("主动", "依申请")],
                    *["√" if lv in item["level"] else None for lv in ("县级", "乡级")],
                    item["update_cycle"], hot.get("consult", dept.get("consult")),
                    hot.get("supervise", dept.get("supervise")), item.get("url"), item.get("note"),
                    "\n".join(item.get("scope", [])), item["id"],
                ])
    wb.save(out)


if __name__ == "__main__":
    main()
