"""The six parts of a report found once (etl.matcher.sections), and the fee read from one
sentence (etl.matcher.fee): value and locator never point at different sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.matcher.fee import FEE_KEY
from etl.matcher.sections import heading_part, part_starts, parts_of
from etl.parse import parse_file
from tests.hostile.make_hostile import report_text


@pytest.mark.parametrize(
    ("printed", "part"),
    [
        # Headings as the real golden corpus prints them.
        ("一、总体情况", 1),
        ("   一、 总体情况 ", 1),
        ("### 一、总体情况", 1),
        ("<p>一、总体情况</p>".removeprefix("<p>").removesuffix("</p>"), 1),
        ("一、概述", 1),
        ("二、主动公开政府信息情况", 2),
        ("二、行政机关主动公开政府信息情况", 2),
        ("## 二、主动公开政府信息情况", 2),
        ("三、收到和处理政府信息公开申", 3),  # cut by the page
        ("三、收到和处理政府信息公開申請情況", 3),  # traditional characters
        ("四、政府信息公开行政复议、行政诉讼情况", 4),
        ("#### 五、存在的主要问题及改进情况", 5),
        ("五、存在问题及改进措施", 5),
        ("## **六、其他需要报告的事项**", 6),
        ("第六部分 其他需要报告的事项", 6),
        ("主动公开政府信息情况", 2),  # the whole title, unnumbered (a table caption)
        # Not part headings.
        ("(一)主动公开政府信息情况", None),  # part 一's sub-heading
        ("（二）依申请公开情况", None),
        ("三、本年度办理结果", None),  # a part-三 row label
        ("第二十条第（一）项", None),
        ("本单位无其他需要报告的事项。", None),
        ("二、加强平台建设", None),
    ],
)
def test_heading_variants(printed, part):
    assert heading_part(printed) == part


def test_parts_only_move_forward():
    lines = ["一、总体情况", "（三）复议、诉讼情况", "二、主动公开政府信息情况", "一、总体情况"]
    assert parts_of(lines) == [1, 1, 2, 2]
    assert part_starts(lines) == {1: 0, 2: 2}


def _fee(tmp_path: Path, text: str):
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    return parse_file(f).values[FEE_KEY]


def test_fee_value_and_locator_come_from_one_sentence(tmp_path):
    """Part 六 names the fee in a line that does not settle it, then states it: the value
    and the quoted sentence are both the statement's (the locator used to quote the
    first line naming the fee)."""
    text = report_text("保定市甲局", 2024).replace(
        "2024年本机关未收取信息处理费。",
        "本机关按照《政府信息公开信息处理费管理办法》执行。\n\n2024年本机关收取信息处理费120元。",
    )
    fee = _fee(tmp_path, text)
    assert fee.value == 120.0
    assert fee.locator.text == "2024年本机关收取信息处理费120元"
    assert fee.locator.part == 6 and fee.locator.source == "narrative"


def test_fee_under_a_variant_part6_heading(tmp_path):
    """A part-六 heading worded its own way is part 六 for the value as for the locator."""
    text = report_text("保定市甲局", 2024).replace(
        "## 六、其他需要报告的事项", "## 六、其他需要报告事项"
    )
    text = text.replace(
        "## 二、", "本机关公开信息处理费收费标准，依规收取信息处理费30元。\n\n## 二、", 1
    )
    fee = _fee(tmp_path, text)
    assert (fee.value, fee.locator.part) == (0.0, 6)
    assert fee.locator.text == "2024年本机关未收取信息处理费"
