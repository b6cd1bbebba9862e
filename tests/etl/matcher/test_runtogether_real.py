"""Run-together rows of real copies: a sign opens the signed cell; 2021 rows settle via 其他处理."""

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


def test_run_together_rows_settled_through_the_derived_other_row():
    """2021: rule 3 names (六)其他处理, derived from its sub-rows; the solver needs it."""
    from etl.matcher.runtogether import PendingRow, settle_run_together
    from etl.provenance import CanonicalValue, ValueSource
    from etl.template import get_template

    template = get_template("2021")
    cols = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    rows = {
        "granted": None,
        "partial": (5, 0, 0, 0, 0, 0, 5),
        "withheld_internal": (1, 0, 0, 0, 0, 0, 1),
        "withheld_enforcement": (6, 0, 0, 0, 0, 0, 6),
        "withheld_query": (1, 0, 0, 0, 0, 0, 1),
        "unable_not_held": (22, 0, 0, 0, 0, 3, 25),
        "other_misc": (1, 0, 0, 0, 0, 0, 1),
        "total": (63, 0, 0, 2, 0, 4, 69),
    }
    zero = (0,) * 7
    for key in [
        "withheld_state_secret",
        "withheld_law",
        "withheld_security",
        "withheld_third_party",
        "withheld_process",
        "unable_create",
        "unable_unclear",
        "rejected_petition",
        "rejected_repeat",
        "rejected_publication",
        "rejected_excessive",
        "rejected_confirm",
        "other_no_correction",
        "other_unpaid_fee",
    ]:
        rows[key] = zero
    values = {}
    for row, cells in rows.items():
        for col, v in zip(cols, cells or (), strict=False):
            k = f"apply.{row}.{col}"
            values[k] = CanonicalValue(k, float(v), False, ValueSource(part=3))
    keys = tuple(f"apply.granted.{c}" for c in cols)
    splits = ((27, 0, 0, 2, 0, 1, 30), (2, 7, 0, 0, 20, 1, 30))
    pending = [PendingRow(keys, splits, tuple(ValueSource(part=3) for _ in keys), "270020130")]
    findings = settle_run_together(values, pending, template)
    assert not findings
    assert values["apply.granted.natural"].value == 27
    assert values["apply.granted.social"].value == 2
