"""Run-together rows with a sign: the sign opens the 本年增/减 cell, never ends the label."""

from __future__ import annotations

from pathlib import Path

from etl.parse import parse_file

REPORT = """2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（六）项
信息内容上一年项目数量本年增/减处理决定数量
行政处罚2648-18538
行政强制12+326
第二十条第（八）项
信息内容上一年项目数量本年增/减
行政事业性收费35-15
"""


def test_signed_runs(tmp_path: Path):
    path = tmp_path / "signed.txt"
    path.write_text(REPORT, encoding="utf-8")
    report = parse_file(path)
    values = report.read_values()
    # 35 and -15, not 1 and 5 read from the digits after the sign.
    assert values["active.fees.prev_items"] == 35
    assert values["active.fees.change"] == -15
    # Before the sign: one cell, certain; after it, 18538 has four cuts: absent.
    assert values["active.penalty.prev_items"] == 2648
    assert "active.penalty.change" not in values
    assert "active.penalty.decisions" not in values
    # 12 | +3 | 26 or 12 | +32 | 6: only the first cell is certain.
    assert values["active.coercion.prev_items"] == 12
    assert "active.coercion.change" not in values
    assert any(f.rule == "P3" and "行政处罚" in f.message for f in report.findings)
