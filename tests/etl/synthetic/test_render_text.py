import json
import random
import re
from pathlib import Path

import pytest
from render_helpers import NUMBER, expected_sequence, make_spec, printed_apply_rows

from etl.synthetic.model import ReportSpec
from etl.synthetic.random_report import random_report
from etl.synthetic.text import LAYOUTS, render_text
from etl.template import PART_TITLES

FOOTER = re.compile(r"^- \d+ -$")


def table_numbers(text: str, layout: str) -> list[str]:
    """Numbers printed in table cells, in reading order (prose has no separators)."""
    if layout == "tab":
        fields = [f for line in text.splitlines() if "\t" in line for f in line.split("\t")]
    elif layout == "pipe":
        fields = [f.strip() for line in text.splitlines() if "|" in line for f in line.split("|")]
    elif layout == "cell_per_line":
        fields = text.splitlines()
    else:
        fields = [
            f for line in text.splitlines() if not FOOTER.match(line) for f in line.split(" ")
        ]
    return [f for f in fields if NUMBER.match(f)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_value_printed_in_order(template_id, layout):
    spec = make_spec(template_id)
    text = render_text(spec, layout)
    assert table_numbers(text, layout) == expected_sequence(spec)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_title_period_parts_and_fee(template_id, layout):
    spec = make_spec(template_id, narrative={"fee_yuan": 0, "items_published": 321})
    text = render_text(spec, layout)
    lines = text.splitlines()
    assert lines[0] == spec.agency
    assert lines[1 if layout != "tab" else 2] == f"{spec.year}年度政府信息公开工作年度报告"
    flat = text.replace("\n", "")
    assert f"{spec.year}年1月1日至{spec.year}年12月31日" in flat
    assert "未收取信息处理费" in flat
    assert "主动公开政府信息321条" in flat
    new_total = int(spec.values["apply.new.total"])
    assert f"政府信息公开申请{new_total}件" in flat
    numerals = "一二三四五六"
    positions = [flat.index(f"{numerals[p - 1]}、{PART_TITLES[p]}") for p in range(1, 7)]
    assert positions == sorted(positions)


def test_fee_charged_sentence():
    spec = make_spec("2021", narrative={"fee_yuan": 12.5})
    assert "收取信息处理费12.5元" in render_text(spec, "tab")
    spec = make_spec("2021", narrative={"fee_yuan": 40})
    assert "收取信息处理费40元" in render_text(spec, "tab")


def test_tab_part3_rows_are_ten_fields_with_ragged_tail():
    spec = make_spec("2021")
    lines = render_text(spec, "tab").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("（本列数据"))
    n_rows = 3 + len(printed_apply_rows("2021"))
    rows = [line.split("\t") for line in lines[start : start + n_rows]]
    assert lines[start + n_rows] == ""
    assert {len(r) for r in rows} == {10}
    assert rows[1][2] == "自然人" and rows[2][3] == "商业企业"  # split header rows
    body = {r[0] or r[1] or r[2]: r for r in rows[3:]}
    assert "3.其他" in body  # lost its leading tabs, as in the Baoding sample
    assert body["（七）总计"][0] == "（七）总计"
    assert any(r[0] == "" and r[1] == "" and r[2].startswith("2.") for r in rows[3:])
    values = [[f for f in r if re.fullmatch(r"\d+", f)] for r in rows[3:]]
    assert all(len(v) == 7 for v in values)


def test_tab_part4_is_one_row_of_fifteen_numbers():
    spec = make_spec("2021")
    lines = render_text(spec, "tab").splitlines()
    fifteen = [line for line in lines if re.fullmatch(r"(\d+\t){14}\d+", line)]
    assert len(fifteen) == 1
    assert "结果 维持" in "\n".join(lines)


def test_pipe_padded_rows_fill_the_grid():
    spec = make_spec("2021")
    lines = render_text(spec, "pipe", "padded").splitlines()
    note = next(line for line in lines if line.startswith("（本列数据"))
    assert note.count("|") == 10
    item = next(line for line in lines if line.startswith("第二十条第（五）项"))
    assert item == "第二十条第（五）项 | |||"


def test_cell_per_line_separates_cells_with_bar_lines():
    text = render_text(make_spec("2019"), "cell_per_line")
    assert "信息内容\n|\n本年新\n制作数量\n|" in text


def test_pdf_text_stacks_results_label_and_paginates():
    text = render_text(make_spec("2021"), "pdf_text")
    lines = text.splitlines()
    stacked = [line[0] for line in lines if re.match(r"^\S \d+\.", line)]
    assert "".join(stacked).startswith("三、本年度办理结果"[: len(stacked)])
    assert FOOTER.match(lines[-1])
    assert max(len(line) for line in lines if not line.isascii()) <= 60


def test_halfwidth_and_aliases_styles():
    text = render_text(make_spec("2021"), "pipe", "halfwidth+aliases")
    assert "第二十条第(一)项" in text and "（" not in text
    assert "本年度止件数" in text  # the template's first alias of 本年废止件数


def test_single_other_prints_one_other_row():
    spec = make_spec("2021")
    text = render_text(spec, "pipe", "single_other")
    assert "（六）其他处理 |" in text
    assert "逾期不补正" not in text
    assert table_numbers(text, "pipe") == expected_sequence(spec, single_other=True)
    assert "other" in printed_apply_rows("2021", single_other=True)


def test_blank_zeros_leave_cells_empty():
    spec = random_report(random.Random(2), "2021")
    plain = table_numbers(render_text(spec, "tab"), "tab")
    blank = table_numbers(render_text(spec, "tab", "blank_zeros"), "tab")
    assert [n for n in plain if n != "0"] == blank


def test_absent_table_is_left_out_and_partial_table_blank():
    spec = make_spec("2021")
    spec.values = {k: v for k, v in spec.values.items() if not k.startswith("appeal.")}
    del spec.values["apply.granted.natural"]
    text = render_text(spec, "pipe")
    assert "四、" + PART_TITLES[4] in text
    assert "行政复议 |" not in text
    granted = next(line for line in text.splitlines() if "（一）予以公开" in line)
    assert granted.split(" | ")[2] == ""


def test_unknown_layout_rejected():
    with pytest.raises(ValueError, match="unknown layout"):
        render_text(make_spec("2021"), "csv")


SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "golden" / "samples"


def _shape(line: str) -> str:
    return "".join(
        "n" if re.fullmatch(r"\d+", f) else "_" if f == "" else "t" for f in line.split("\t")
    )


def test_tab_layout_has_the_shape_of_the_baoding_sample():
    """Rendering Baoding's own values gives its tables field for field.

    The one difference: Baoding's site put 总计 in the first header row, the
    national template (and this renderer) in the second.
    """
    expected = json.loads((SAMPLES / "baoding-xzspj-2024.expected.json").read_text("utf-8"))
    spec = ReportSpec(
        expected["agency"], expected["year"], expected["template"], expected["values"]
    )
    mine = [line for line in render_text(spec, "tab").splitlines() if "\t" in line]
    real = (SAMPLES / "baoding-xzspj-2024.txt").read_text("utf-8").splitlines()
    real = [line for line in real if "\t" in line]
    assert len(mine) == len(real)
    header_rows = {14, 15}  # part 三's first two header rows
    for i, (a, b) in enumerate(zip(mine, real, strict=True)):
        if i not in header_rows:
            assert _shape(a) == _shape(b), (i, a, b)
        numbers = [[f for f in x.split("\t") if re.fullmatch(r"\d+", f)] for x in (a, b)]
        assert numbers[0] == numbers[1]
