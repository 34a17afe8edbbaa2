from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def workbook(tmp_path) -> Path:
    """A small county workbook: a title row, two header rows (公开事项 over 一级/二级事项), one item and a
    column the importer does not know (经办人)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "义务教育"
    ws.append(["某某县义务教育领域基层政务公开标准目录"])
    ws.append(["序号", "公开事项", None, "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
               "信息更新周期", "经办人"])
    ws.append([None, "一级事项", "二级事项"])
    ws.merge_cells("B2:C2")
    ws.append([1, "招生入学", "招生划片范围", "学校名称;划片范围", "《中华人民共和国义务教育法》",
               "信息形成之日起20个工作日内", "某某县教育局", "政府网站", "每年", "张三"])
    path = tmp_path / "某某县目录.xlsx"
    wb.save(path)
    return path
