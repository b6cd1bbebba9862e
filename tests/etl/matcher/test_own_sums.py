"""A report that breaks its own sums where its cells are certain is read as printed,
with the rule's finding (issue 11 class 4); only an unknowable column is declined."""

from __future__ import annotations

from pathlib import Path

from etl.parse import parse_file

REAL = Path(__file__).parents[2] / "golden" / "real"
ROW = "一、本年新收政府信息公开申请数量 | 0 | | | | | | 0 |"


def _variant(tmp_path: Path, row: str) -> Path:
    text = (REAL / "xuwen-sfj.txt").read_text(encoding="utf-8")
    assert ROW in text
    path = tmp_path / "report.txt"
    path.write_text(text.replace(ROW, row), encoding="utf-8")
    return path


def test_printed_total_that_breaks_the_sum_is_kept_with_a_finding(tmp_path: Path):
    # Natural persons 2, every other applicant blank, the printed total 5: all seven cells
    # are certain (pipe cells after the label), so they are read as printed.
    report = parse_file(_variant(tmp_path, "一、本年新收政府信息公开申请数量 | 2 | | | | | | 5 |"))
    values = report.read_values()
    assert values["apply.new.natural"] == 2 and values["apply.new.total"] == 5
    assert values["apply.new.commercial"] == 0
    broken = [f for f in report.findings if "apply.new.total" in f.keys and f.rule.startswith("R")]
    assert broken, [f.rule for f in report.findings]


def test_a_row_whose_columns_cannot_be_known_is_declined(tmp_path: Path):
    # Leading blanks may be merged label columns: with a total that does not hold, the
    # cells' columns are not certain, and nothing is guessed.
    report = parse_file(_variant(tmp_path, "一、本年新收政府信息公开申请数量 | | 2 | | | | 5 | |"))
    values = report.read_values()
    assert not any(k.startswith("apply.new.") for k in values)
    assert any(f.rule == "P2" and "apply.new.total" in f.keys for f in report.findings)
