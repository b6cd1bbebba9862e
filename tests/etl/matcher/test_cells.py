"""The matcher on hand-made layouts: each shape the text reader yields."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.matcher.report import match_document
from etl.readers.text import read_text

HEAD_2021 = "某某市某某局\n2023年度政府信息公开工作年度报告\n二、主动公开政府信息情况\n"


def parse(tmp_path: Path, text: str, name: str = "r.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return match_document(read_text(p))


def test_title_meta(tmp_path):
    r = parse(
        tmp_path, HEAD_2021 + "第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t12\n"
    )
    assert r.meta.agency == "某某市某某局" and r.meta.year == 2023
    assert r.meta.template == "2021"
    assert r.read_values() == {"active.licensing.decisions": 12}


def test_pipe_rows_fullwidth_and_suffix(tmp_path):
    text = (
        HEAD_2021
        + "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | １ | 0件 | 1,234 |\n"
    )
    r = parse(tmp_path, text)
    assert r.read_values() == {
        "active.regulations.issued": 1,
        "active.regulations.repealed": 0,
        "active.regulations.in_force": 1234,
    }


def test_one_cell_per_line(tmp_path):
    text = (
        HEAD_2021
        + "信息内容\n|\n本年制发件数\n|\n本年废止件数\n|\n现行有效件数\n|\n规章\n|\n2\n|\n0\n|\n7\n|\n"
    )
    assert parse(tmp_path, text).read_values() == {
        "active.regulations.issued": 2,
        "active.regulations.repealed": 0,
        "active.regulations.in_force": 7,
    }


def test_traditional_characters_and_typo_alias(tmp_path):
    text = HEAD_2021 + "信息內容\t本年制發件數\t本年度止件數\t現行有效件數\n規範性文件\t3\t1\t9\n"
    r = parse(tmp_path, text)
    assert r.read_values() == {
        "active.normative_docs.issued": 3,
        "active.normative_docs.repealed": 1,
        "active.normative_docs.in_force": 9,
    }


def test_2019_template_detected_from_headers(tmp_path):
    text = (
        "某县某局2020年政府信息公开工作年度报告\n第二十条第（五）项\n"
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t10\t-2\t30\n"
    )
    r = parse(tmp_path, text)
    assert r.meta.template == "2019"
    assert r.read_values() == {
        "active.licensing.prev_items": 10,
        "active.licensing.change": -2,
        "active.licensing.decisions": 30,
    }


def test_run_together_unique_split(tmp_path):
    text = "某乡2019年政府信息公开工作年度报告\n信息内容本年新制作数量本年新公开数量对外公开总数量\n规章000\n规范性文件123\n"
    r = parse(tmp_path, text)
    assert r.read_values() == {
        "active.regulations.new_made": 0,
        "active.regulations.new_published": 0,
        "active.regulations.total_published": 0,
        "active.normative_docs.new_made": 1,
        "active.normative_docs.new_published": 2,
        "active.normative_docs.total_published": 3,
    }


def test_run_together_ambiguous_left_absent(tmp_path):
    text = HEAD_2021 + "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n行政规范性文件6233440\n"
    r = parse(tmp_path, text)
    assert not any(k.startswith("active.normative_docs") for k in r.read_values())
    assert any(f.rule == "P3" for f in r.findings)


def test_run_together_split_by_row_total(tmp_path):
    # 7 cells with a total: only one split makes total = sum of the others.
    text = (
        HEAD_2021
        + "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量120000012\n"
    )
    r = parse(tmp_path, text)
    got = {k: v for k, v in r.read_values().items() if k.startswith("apply.new")}
    assert got == {
        "apply.new.natural": 12,
        "apply.new.commercial": 0,
        "apply.new.research": 0,
        "apply.new.social": 0,
        "apply.new.legal": 0,
        "apply.new.other_org": 0,
        "apply.new.total": 12,
    }


def test_incomplete_row_mid_document_left_absent(tmp_path):
    text = (
        HEAD_2021
        + "三、收到和处理政府信息公开申请情况\n"
        + "一、本年新收政府信息公开申请数量 | 5 | 1 | 6 |\n"
        + "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    r = parse(tmp_path, text)
    values = r.read_values()
    assert not any(k.startswith("apply.new.") for k in values)
    assert values["apply.carried_in.total"] == 0
    assert any(f.rule == "P2" and "apply.new.total" in f.keys for f in r.findings)


def test_blank_between_numbers_of_tab_row_is_zero(tmp_path):
    text = (
        HEAD_2021
        + "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t\t5\t\t0\t0\t0\t0\t5\n"
    )
    values = parse(tmp_path, text).read_values()
    assert values["apply.new.natural"] == 5 and values["apply.new.commercial"] == 0
    assert values["apply.new.total"] == 5


def test_unknown_row_ignored_with_info(tmp_path):
    text = (
        "某街道办事处2020年政府信息公开工作年度报告\n"
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
        "规章 | 0 | 0 | 0 |\n规范性文件 | 1 | 1 | 1 |\n其他主动公开文件 | 9 | 9 | 9 |\n"
    )
    r = parse(tmp_path, text)
    assert len(r.read_values()) == 6
    assert any(f.rule == "P4" and f.severity == "info" for f in r.findings)


def test_fee_from_part6(tmp_path):
    r = parse(
        tmp_path, HEAD_2021 + "行政许可\t1\n六、其他需要报告的事项\n本年度收取信息处理费120元。\n"
    )
    assert r.read_values()["narrative.processing_fee_yuan"] == 120
    r = parse(
        tmp_path,
        HEAD_2021 + "行政许可\t1\n六、其他需要报告的事项\n本机关没有其他需要报告的事项。\n",
    )
    assert "narrative.processing_fee_yuan" not in r.read_values()


def test_fee_named_information_disclosure_processing_fee(tmp_path):
    # pingtan-tzcjj-2024: part 六 names the fee 信息公开处理费 (公开 inside the usual word).
    r = parse(
        tmp_path,
        HEAD_2021 + "行政许可\t1\n六、其他需要报告的事项\n2024年度我局无收取信息公开处理费。\n",
    )
    assert r.read_values()["narrative.processing_fee_yuan"] == 0


def test_missing_parts_finding(tmp_path):
    r = parse(tmp_path, HEAD_2021 + "第二十条第（五）项\n行政许可\t12\n")
    p1 = [f for f in r.findings if f.rule == "P1"]
    assert len(p1) == 1 and "第三部分" in p1[0].message and "第四部分" in p1[0].message


@pytest.mark.parametrize("layout_sep", ["\t", " | ", " "])
def test_part4_fifteen_numbers(tmp_path, layout_sep):
    nums = [1, 0, 0, 0, 1, 2, 1, 0, 0, 3, 0, 0, 0, 0, 0]
    text = (
        HEAD_2021
        + "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n结果维持\t结果纠正\n"
        + layout_sep.join(str(n) for n in nums)
        + "\n五、存在的主要问题及改进情况\n2023年，我局……\n"
    )
    values = parse(tmp_path, text).read_values()
    assert values["appeal.review.upheld"] == 1 and values["appeal.review.total"] == 1
    assert values["appeal.suit_direct.upheld"] == 2 and values["appeal.suit_direct.total"] == 3
    assert values["appeal.suit_after_review.total"] == 0


def test_part4_fifteen_digit_run_is_read_as_printed_even_with_a_broken_total(tmp_path):
    # pingtan-xzspj-2024: '…总计100000000000000' — fifteen digits, so one digit a cell is
    # the only cut; 维持 1 with 总计 0 is what the report prints (a rule check reports it).
    header = (
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    )
    text = HEAD_2021 + header + "100000000000000\n五、存在的主要问题及改进情况\n无。\n"
    report = parse(tmp_path, text)
    values = report.read_values()
    assert values["appeal.review.upheld"] == 1 and values["appeal.review.total"] == 0
    assert sum(1 for k in values if k.startswith("appeal.")) == 15
    assert any(f.rule == "P11" and "100000000000000" in f.message for f in report.findings)
    # a longer run is still cut only where the three totals hold: none here, so absent
    report = parse(tmp_path, HEAD_2021 + header + "1000100000000000\n五、存在的主要问题\n")
    assert not any(k.startswith("appeal.") for k in report.read_values())


def test_locator_traces_cell(seed_path):
    report = match_document(read_text(seed_path))
    loc = report.values["apply.unable_not_held.natural"].locator
    assert loc.cell == "16" and loc.part == 3 and loc.column == "自然人"
    assert "本机关不掌握" in loc.row_label
    line = seed_path.read_text(encoding="utf-8").splitlines()[loc.line - 1]
    assert "本机关不掌握相关政府信息" in line and "16" in line


def test_dashes_in_text_rows_are_zero(tmp_path):
    text = (
        HEAD_2021
        + "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 3 | — | — | / | 无 | - | 3 |\n"
    )
    values = parse(tmp_path, text).read_values()
    assert [values[f"apply.new.{c}"] for c in ("natural", "commercial", "legal", "total")] == [
        3,
        0,
        0,
        3,
    ]


def test_ragged_row_missing_total_is_not_shifted(tmp_path):
    # Six numbers after an empty merged-label cell: the total is missing, so no
    # column is certain; the row must stay absent rather than shift right.
    text = (
        HEAD_2021
        + "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t\t24\t1\t0\t0\t0\t0\n二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\n"
    )
    r = parse(tmp_path, text)
    assert not any(k.startswith("apply.new.") for k in r.read_values())
    assert any(f.rule == "P2" for f in r.findings)


def test_digit_runs_with_one_digit_per_column_are_read_whatever_the_spaces(tmp_path):
    # pingtan-gaj-2024: '10 0 0 0 01' prints seven digits for seven cells in five runs;
    # every cell holds a digit, so each digit is a cell (was left absent, P2)
    text = (
        HEAD_2021
        + "三、收到和处理政府信息公开申请情况\n"
        + "一、本年新收政府信息公开申请数量 10 0 0 0 01\n"
        + "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
        + "（一）予以公开 12 0 0 0 0 12\n"  # eight digits in six runs: not one split
        + "（二）部分公开 0 0 0 0 0 0 0\n"
    )
    got = parse(tmp_path, text).read_values()
    assert [got[f"apply.new.{c}"] for c in COLUMNS] == [1, 0, 0, 0, 0, 0, 1]
    assert not any(k.startswith("apply.granted.") for k in got)


COLUMNS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")


def test_part_four_digit_runs_with_one_digit_per_cell(tmp_path):
    # pingtan-czj-2024: '00 0 00 0 0 0 00 0 0 0 00' is fifteen digits for fifteen cells
    text = (
        HEAD_2021
        + "四、政府信息公开行政复议、行政诉讼情况\n"
        + "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 00 0 00 0 0 0 00 0 0 0 00\n"
        + "五、存在的主要问题及改进情况\n"
    )
    got = parse(tmp_path, text).read_values()
    assert [got.get(f"appeal.review.{c}") for c in ("upheld", "total")] == [0, 0]
    assert len([k for k in got if k.startswith("appeal.")]) == 15
