"""A report stored on one line reads as its lines, and its values point at the file's line."""

from __future__ import annotations

from pathlib import Path

from etl.parse import parse_file
from etl.readers.runon import break_run_on
from etl.readers.text import read_text

REAL = Path(__file__).resolve().parents[2] / "golden" / "real" / "pingtan-2024.txt"


def test_one_line_report_breaks_at_headings_and_rows():
    body = REAL.read_text(encoding="utf-8").splitlines()[-1]
    pieces = break_run_on(body)
    assert len(pieces) > 40
    assert "二、主动公开政府信息情况" in pieces
    assert "规章000" in pieces
    assert "1.属于国家秘密4000004" in pieces
    # Nothing is lost or reordered: only line breaks (and the spaces at them) differ.
    assert "".join(pieces).replace(" ", "") == body.replace(" ", "")


def test_ordinary_lines_are_left_alone():
    line = "规章 | 0 | 0 | 0 |"
    assert break_run_on(line) == [line]
    prose = "二、主动公开政府信息情况" + "全年主动公开政府信息。" * 80
    assert break_run_on(prose) == [prose]


def test_values_point_at_the_files_line():
    doc = read_text(REAL)
    lines = {c.locator.line for row in doc.blocks[0].rows for c in row}
    assert max(lines) <= len(REAL.read_text(encoding="utf-8").splitlines())
    report = parse_file(REAL)
    assert report.read_values()["apply.new.total"] == 218
    assert report.read_values()["appeal.suit_after_review.total"] == 19


def test_run_on_example_lines():
    run = "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
    run += "规章000行政规范性文件6233440第二十条第（五）项信息内容本年处理决定数量行政许可4529"
    run += "三、收到和处理政府信息公开申请情况（三）不予公开1.属于国家秘密40000042.其他法律行政法规禁止公开0000000"
    run += "3.危及“三安全一稳定”0000000（六）其他处理3.其他1100002（七）总计21710000218"
    run += "四、结转下年度继续办理0000000五、存在的主要问题及改进情况" + "工作仍有不足。" * 60
    assert break_run_on(run)[:14] == [
        "二、主动公开政府信息情况",
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数",
        "规章000",
        "行政规范性文件6233440",
        "第二十条第（五）项信息内容本年处理决定数量",
        "行政许可4529",
        "三、收到和处理政府信息公开申请情况",
        "（三）不予公开",
        "1.属于国家秘密4000004",
        "2.其他法律行政法规禁止公开0000000",
        "3.危及“三安全一稳定”0000000",
        "（六）其他处理",
        "3.其他1100002",
        "（七）总计21710000218",
    ]


def test_a_table_heading_with_its_table_run_on_is_cut_after_the_heading():
    line = "四、政府信息公开行政复议、行政诉讼情况行政复议结果维持总计000000000000000"
    assert break_run_on(line) == [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议结果维持总计000000000000000",
    ]
    assert break_run_on("二、主动公开政府信息情况 | | |") == ["二、主动公开政府信息情况 | | |"]


def test_a_misprinted_heading_still_cuts_the_run():
    body = (REAL.parent / "pingtan-2022.txt").read_text(encoding="utf-8").splitlines()[-1]
    pieces = break_run_on(body)
    assert "四、结转下年度继续办理 0000000" in pieces
    assert "四、政府信息公开行政法复议、行政诉讼情况" in pieces


def test_a_part_titled_its_own_way_still_ends_the_tables():
    # failed before: '五、存在的主要问题及明年工作计划' (not the template's 及改进情况) was no
    # heading, so part 四's fifteen cells stayed on one line with part 五's prose and part 四
    # was not found (pingtan-gaj-2024)
    body = (REAL.parent / "pingtan-gaj-2024.txt").read_text(encoding="utf-8").splitlines()[-1]
    pieces = break_run_on(body)
    assert any(p.endswith("总计 000000000000000") for p in pieces)
    assert "五、存在的主要问题" in pieces
    assert break_run_on("四、结转下年度继续办理 0000000") == ["四、结转下年度继续办理 0000000"]


def test_part_four_titled_with_yu_still_cuts_the_run():
    # failed before: '四、政府信息公开行政复议与行政诉讼情况' (与, not 、) was no heading: part 四
    # was not found and 结转下年度继续办理's cells ran into it (pingtan-jjf-2023)
    body = (REAL.parent / "pingtan-jjf-2023.txt").read_text(encoding="utf-8").splitlines()[-1]
    pieces = break_run_on(body)
    assert "四、结转下年度继续办理0000000" in pieces
    assert any(p.startswith("四、政府信息公开行政复议") for p in pieces)


def test_prose_after_a_rows_cells_is_cut_off():
    # failed before: '行政事业性收费18651.064104 (二)主动公开政府信息的主要类别…' stayed one piece
    # and the fee was lost (pingtan-czj-2024)
    body = (REAL.parent / "pingtan-czj-2024.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert "行政事业性收费18651.064104" in break_run_on(body)
    body = (REAL.parent / "pingtan-czj-2023.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert "行政事业性收费5949.09" in break_run_on(body)  # no space before '(二)'
