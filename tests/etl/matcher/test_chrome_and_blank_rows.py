"""Page chrome never fills a value; all-blank rows of text copies are 0s, with care.

Built on a real report text (tests/golden/real) with a real-shaped catalogue
header put above it, as government sites print it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.parse import parse_file
from etl.template import TEMPLATE_2021

REAL = Path(__file__).parents[2] / "golden" / "real"
CASE = "changchun-styjrswj-2023"

HEADERS = {
    "pipe cells with colons": (
        "| 索引号: | 11220100/2024-00017 | 发布机构: | 长春市商务局 |\n"
        "| 规范性文件登记: | | 成文日期: | 2024-01-19 |\n"
        "| 文号: | | 有效性: | 有效 |\n"
    ),
    "cells without colons": (
        "索引号\t11220100/2024-00017\t发布机构\t长春市商务局\n"
        "规范性文件登记\t\t文号\t\n"
        "行政规范性文件\t\t\t\n"
    ),
    "one cell per line": "索引号\n11220100/2024-00017\n规范性文件登记\n\n文号\n\n公开方式\n主动公开\n",
}


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS.keys())
def test_catalogue_header_fills_no_value(tmp_path: Path, header: str):
    expected = json.loads((REAL / f"{CASE}.expected.json").read_text(encoding="utf-8"))
    text = (REAL / f"{CASE}.txt").read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_text(header + "\n" + text, encoding="utf-8")
    report = parse_file(path)
    assert report.read_values() == pytest.approx(expected["values"])


def _labels(table_key: str) -> list[str]:
    return [row.label for row in TEMPLATE_2021.table(table_key).rows]


def test_blank_rows_are_zeros_with_a_finding(tmp_path: Path):
    active = TEMPLATE_2021.table("active")
    lines = ["二、主动公开政府信息情况", *_labels("active"), "三、收到和处理政府信息公开申请情况"]
    path = tmp_path / "blank.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = parse_file(path)
    keys = [k for _, _, k in active.cells()]
    # Every row is followed by the next row's label or the part-三 heading: all 0.
    assert {k: report.read_values().get(k) for k in keys} == dict.fromkeys(keys, 0)
    assert sum(f.rule == "P9" for f in report.findings) == len(active.rows)


def test_blank_row_cut_by_the_end_stays_absent(tmp_path: Path):
    labels = _labels("active")
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(["二、主动公开政府信息情况", *labels[:3]]) + "\n", encoding="utf-8")
    values = parse_file(path).read_values()
    first, second, third = TEMPLATE_2021.table("active").rows[:3]
    assert all(k.startswith(("active." + first.key, "active." + second.key)) for k in values)
    assert not any(k.startswith("active." + third.key + ".") for k in values)


def test_labels_printed_apart_from_their_numbers_are_not_zeroed(tmp_path: Path):
    """A copy that prints the label column, then the numbers: a label alone says nothing."""
    table = TEMPLATE_2021.table("active")
    rows = table.rows[:2]
    n = sum(len(table.columns_of(r)) for r in rows)
    lines = ["二、主动公开政府信息情况", *(r.label for r in rows), *[str(i + 1) for i in range(n)]]
    lines.append("三、收到和处理政府信息公开申请情况")
    path = tmp_path / "apart.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    values = parse_file(path).read_values()
    assert not any(v == 0 for k, v in values.items() if k.startswith("active."))


@pytest.mark.parametrize("after", ["note", "prose"])
def test_last_blank_row_before_part_three_note_is_zero(tmp_path: Path, after: str):
    """A copy that drops part 三's heading still prints its balance note (hetang-ghjd-2019):
    the last row of part 二 it follows at once printed no cell, so it is 0; an ordinary
    line of prose after the row says nothing about it."""
    from etl.template.parts import BALANCE_NOTE

    labels = _labels("active")
    follow = BALANCE_NOTE if after == "note" else "全年在门户网站公开信息77条。"
    lines = ["二、主动公开政府信息情况", labels[0], "0", "0", "0", labels[-1], follow]
    path = tmp_path / "noheading.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    values = parse_file(path).read_values()
    table = TEMPLATE_2021.table("active")
    keys = [table.cell_key(table.rows[-1], c) for c in table.columns_of(table.rows[-1])]
    got = {k: values.get(k) for k in keys}
    assert got == (dict.fromkeys(keys, 0) if after == "note" else dict.fromkeys(keys))
