"""Conformity (T1–T4), prose against tables (N1, N2), cells above totals (V1), R5 across years."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.checks.crossyear import carryover_findings
from etl.checks.values import check_values
from etl.matcher.fee import find_fee
from etl.matcher.narrative import extract_narrative
from etl.matcher.sections import document_lines
from etl.parse import parse_file
from etl.readers.text import read_text
from etl.template import TEMPLATE_2019, TEMPLATE_2021
from tests.hostile.make_hostile import report_text


def parse_text(tmp_path: Path, text: str, name: str = "r.txt"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return parse_file(f)


def rules(report) -> list[str]:
    return sorted(f.rule for f in report.findings)


def test_generated_report_has_no_findings(tmp_path):
    assert rules(parse_text(tmp_path, report_text("保定市甲局", 2024))) == []


def test_n1_stated_requests_differ_from_table(tmp_path):
    text = report_text("保定市甲局", 2024).replace(
        "受理政府信息公开申请25件", "受理政府信息公开申请17件"
    )
    report = parse_text(tmp_path, text)
    (n1,) = [f for f in report.findings if f.rule == "N1"]
    assert (n1.expected, n1.found) == (25.0, 17.0)
    assert "17件" in n1.message and "25件" in n1.message
    assert n1.keys == ("apply.new.total", "apply.total.total")
    assert (
        n1.locators[0].startswith("正文: 第一部分") and "受理政府信息公开申请17件" in n1.locators[0]
    )
    assert any(loc.startswith("apply.new.total: 第三部分") for loc in n1.locators)


@pytest.mark.parametrize(
    "sentence",
    ["办理答复依申请公开25件", "共收到政府信息公开申请二十五件", "依申请公开事项办结25件"],
)
def test_n1_silent_when_a_reading_of_the_table_fits(tmp_path, sentence):
    text = report_text("保定市甲局", 2024).replace("受理政府信息公开申请25件", sentence)
    assert "N1" not in rules(parse_text(tmp_path, text))


def test_n2_reviews_and_suits_against_part_4(tmp_path):
    base = report_text("保定市甲局", 2024)  # part 4: 2 reviews, 1 suit after review
    said = base.replace("均已按期答复。", "均已按期答复。全年发生行政复议3件，行政诉讼1件。")
    report = parse_text(tmp_path, said)
    n2 = [f for f in report.findings if f.rule == "N2"]
    assert [(f.expected, f.found) for f in n2] == [(2.0, 3.0)]
    none = base.replace("均已按期答复。", "均已按期答复。未发生行政复议、行政诉讼案件。")
    assert sorted(f.found for f in parse_text(tmp_path, none).findings if f.rule == "N2") == [0, 0]
    corrected = base.replace("均已按期答复。", "均已按期答复。未发生行政复议纠错案件。")
    assert "N2" not in rules(parse_text(tmp_path, corrected))


def test_t4_period_year_differs_from_title(tmp_path):
    text = report_text("保定市甲局", 2024).replace(
        "统计期限为2024年1月1日至2024年12月31日", "统计期限为2023年1月1日至2023年12月31日"
    )
    report = parse_text(tmp_path, text)
    (t4,) = [f for f in report.findings if f.rule == "T4"]
    assert (t4.expected, t4.found) == (2024.0, 2023.0)


def test_t3_template_against_year(tmp_path):
    text = report_text("保定市甲局", 2020).replace("2020年1月1日", "2020年1月1日")
    assert "T3" in rules(parse_text(tmp_path, text))  # 2021 tables on a 2020 report
    assert "T3" not in rules(parse_text(tmp_path, report_text("保定市甲局", 2021)))


def test_t1_missing_rows_one_finding_per_table(tmp_path):
    lines = report_text("保定市甲局", 2024).splitlines()
    cut = [ln for ln in lines if not ln.startswith(("重复申请", "属于国家秘密"))]
    report = parse_text(tmp_path, "\n".join(cut) + "\n")
    (t1,) = [f for f in report.findings if f.rule == "T1"]
    assert "“属于国家秘密”" in t1.message and "“重复申请”" in t1.message and "共2行" in t1.message
    assert "apply.rejected_repeat.natural" in t1.keys and len(t1.keys) == 14


def test_t2_a_missing_column(tmp_path):
    lines = []
    for ln in report_text("保定市甲局", 2024).splitlines():
        cells = ln.split("\t")
        if len(cells) == 9 and cells[-1].isdigit():
            cells = [cells[0], *cells[2:4], *cells[5:]]  # no 科研机构 column, no blank cell
        lines.append("\t".join(cells))
    report = parse_text(tmp_path, "\n".join(lines) + "\n")
    assert "T2" in rules(report)
    (t2,) = [f for f in report.findings if f.rule == "T2"]
    assert "少于模板列数" in t2.message and "缺少" in t2.message


def test_2021_report_printing_single_other_row_is_not_missing_rows():
    values = {TEMPLATE_2021.table("apply").cell_key("other", c): 0.0 for c in ("natural", "total")}
    from etl.checks.conformity import check_missing_rows

    found = check_missing_rows(values, set(), [], {3}, TEMPLATE_2021)
    assert found and not any("other_misc" in k for f in found for k in f.keys)


def test_v1_cell_above_total_when_sums_cannot_be_checked():
    values = {"apply.granted.natural": 9.0, "apply.total.natural": 5.0}
    (v1,) = [f for f in check_values(values, TEMPLATE_2019) if f.rule == "V1"]
    assert v1.keys == ("apply.granted.natural", "apply.total.natural")
    assert (v1.expected, v1.found) == (5.0, 9.0)
    row = {"apply.new.natural": 7.0, "apply.new.total": 3.0}
    assert [f.rule for f in check_values(row, TEMPLATE_2019)] == ["V1"]


def test_v1_not_repeated_where_r1_or_r3_fired(tmp_path):
    values = parse_text(tmp_path, report_text("保定市甲局", 2024)).all_values()
    values["apply.granted.natural"] = 99.0
    found = {f.rule for f in check_values(values, TEMPLATE_2021)}
    assert "V1" not in found and {"R1", "R3"} <= found


def test_r5_pure_per_column():
    later = {"apply.carried_in.natural": 0.0, "apply.carried_in.total": 0.0}
    earlier = {
        "apply.carried_out.natural": 2.0,
        "apply.carried_out.total": 2.0,
        "apply.carried_out.legal": 1.0,
    }
    found = carryover_findings(later, earlier, earlier_year=2023, earlier_id="abc")
    assert [(f.keys[0], f.expected, f.found) for f in found] == [
        ("apply.carried_in.natural", 2.0, 0.0),
        ("apply.carried_in.total", 2.0, 0.0),
    ]
    assert "2023年度报告[abc]" in found[0].message


def test_narrative_reads_no_file_and_finds_the_period(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(report_text("保定市甲局", 2022), encoding="utf-8")
    doc = read_text(f)
    f.unlink()  # extraction works on the Document alone
    facts = extract_narrative(doc)
    assert facts.period_year == 2022
    assert [(s.kind, s.value) for s in facts.numbers] == [("applications_received", 25.0)]
    assert facts.numbers[0].where["part"] == 1 and facts.numbers[0].where["line"] == 8
    fee = find_fee(document_lines(doc))
    assert fee is not None and "信息处理费" in fee.sentence and fee.where["part"] == 6
