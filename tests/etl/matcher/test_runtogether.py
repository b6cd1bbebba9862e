"""Run-together rows: split only where the whole table's arithmetic allows one split."""

from __future__ import annotations

import json
from pathlib import Path

from etl.pipeline import parse_file
from tests.conftest import SAMPLES
from tests.fixtures.runtogether import collapse_rows

DATA = Path(__file__).parent / "data"


def _report(tmp_path: Path, body: str):
    path = tmp_path / "某县民政局2024年政府信息公开工作年度报告.txt"
    path.write_text("某县民政局2024年政府信息公开工作年度报告\n" + body, encoding="utf-8")
    return parse_file(path)


def test_real_archive_rows_are_split_by_the_whole_table():
    """平潭 2024 as archived: every part-三 cell run together; all recovered, none wrong."""
    expected = json.loads((DATA / "pingtan-2024-runtogether.expected.json").read_text("utf-8"))
    report = parse_file(DATA / expected["file"])
    got = report.read_values()
    assert {k: got.get(k) for k in expected["values"]} == expected["values"]
    split = [k for k, v in report.values.items() if v.locator.arithmetic == "split"]
    assert len(split) >= 180
    assert "连写数字按勾稽关系唯一拆分" in report.values["apply.new.natural"].locator.describe()
    p3 = [f for f in report.findings if f.rule == "P3"]
    assert [f.keys for f in p3] == [
        (
            "active.normative_docs.issued",
            "active.normative_docs.repealed",
            "active.normative_docs.in_force",
        )
    ]


def test_rows_ambiguous_alone_are_settled_by_the_table(tmp_path):
    """The real 保定 report with every row run together: part 三 comes back exactly."""
    source = SAMPLES / "baoding-xzspj-2024.txt"
    expected = json.loads((SAMPLES / "baoding-xzspj-2024.expected.json").read_text("utf-8"))
    path = tmp_path / source.name
    path.write_text(collapse_rows(source.read_text("utf-8")), encoding="utf-8")
    report = parse_file(path)
    got = report.read_values()
    apply = {k: v for k, v in expected["values"].items() if k.startswith("apply.")}
    assert {k: got.get(k) for k in apply} == apply
    assert report.values["apply.new.total"].locator.arithmetic == "split"


def test_an_ambiguous_run_stays_absent_with_its_cells_named(tmp_path):
    body = "二、主动公开政府信息情况\n规章000\n行政规范性文件6233440\n"
    report = _report(tmp_path, body)
    assert "active.normative_docs.issued" not in report.read_values()
    p3 = next(f for f in report.findings if f.rule == "P3")
    assert "active.normative_docs.in_force" in p3.keys and "多种拆分" in p3.message


PROSE = "一、总体情况\n本年度收到政府信息公开申请共计11件，涉及自然人{n}件、商业企业{c}件。\n"
RUN = "二、主动公开政府信息情况\n规章000\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量110000011\n"


def test_the_reports_own_prose_picks_between_splits_the_table_allows(tmp_path):
    # 110000011 is 1|10|0|0|0|0|11 or 11|0|0|0|0|0|11: the row's total holds for both;
    # part 一 says 自然人1件、商业企业10件
    report = _report(tmp_path, PROSE.format(n=1, c=10) + RUN)
    new = {k: v for k, v in report.values.items() if k.startswith("apply.new.")}
    assert new["apply.new.natural"].value == 1 and new["apply.new.commercial"].value == 10
    assert new["apply.new.total"].value == 11
    assert all(v.locator.arithmetic == "split" for v in new.values())
    assert not [f for f in report.findings if f.rule == "P3"]


def test_prose_no_split_agrees_with_leaves_the_row_absent(tmp_path):
    report = _report(tmp_path, PROSE.format(n=5, c=6) + RUN)  # 5 + 6 = 11, but no split
    assert not any(k.startswith("apply.new.") for k in report.read_values())
    assert any(f.rule == "P3" and "apply.new.natural" in f.keys for f in report.findings)


DOCS = (
    "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容本年制发件数本年废止件数现行有效件数\n"
    "规章000\n行政规范性文件15621\n第二十条第（五）项\n信息内容本年处理决定数量\n行政许可3\n"
)


def test_part_one_document_counts_pick_the_split_of_part_two(tmp_path):
    # pingtan-xzspj-2024: '15621' splits many ways; part 一 says 废止6件, 制定15件
    prose = "一、总体情况\n2024年，我局废止规范性文件6件，制定规范性文件15件。\n"
    values = _report(tmp_path, prose + DOCS).read_values()
    assert [values[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [
        15,
        6,
        21,
    ]
    # prose no split agrees with (现行有效 424): the row stays absent
    prose = "一、总体情况\n本年度制发规范性文件15件，现行有效件数424件。\n"
    report = _report(tmp_path, prose + DOCS)
    assert not any(k.startswith("active.normative_docs.") for k in report.read_values())
    assert any(f.rule == "P3" and "15621" in f.message for f in report.findings)
