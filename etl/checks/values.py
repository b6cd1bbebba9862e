"""The template's consistency rules (勾稽关系) on one report's values: R1–R4, R6, V1.

Pure: values in, findings out. A rule is checked only where every cell it
involves is present; absent cells are reported by the matcher, not guessed.
The other single-report checks (T, N) sit beside this module in ``etl.checks``;
R5 needs other reports and is in :mod:`etl.checks.crossyear`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

from etl.findings import Finding
from etl.numbers import fmt_number
from etl.template import FLOW_ROWS, Template, is_amount, key_labels, may_be_negative
from etl.template.rules import SUM_RULES


def check_sums(values: Mapping[str, float], template: Template) -> list[Finding]:
    """Rules R1–R4: every row/column sum the template prints."""
    out: list[Finding] = []
    for rule in SUM_RULES:
        for scope, lhs, rhs in rule.instances(template):
            keys = lhs + rhs
            if any(values.get(k) is None for k in keys):
                continue
            left = sum(values[k] for k in lhs)
            right = sum(values[k] for k in rhs)
            if math.isclose(left, right, abs_tol=1e-6):
                continue
            lhs_txt = " + ".join(key_labels().get(k, k) for k in lhs)
            out.append(
                Finding(
                    rule.id,
                    f"{rule.title}不成立（{scope}）：{lhs_txt} = {fmt_number(left)}，"
                    f"但其余各项之和为 {fmt_number(right)}。",
                    tuple(keys),
                    expected=right,
                    found=left,
                )
            )
    return out


def check_counts(values: Mapping[str, float]) -> list[Finding]:
    """Rule R6: counts are non-negative whole numbers (增/减 and money excepted)."""
    out: list[Finding] = []
    labels = key_labels()
    for key, value in values.items():
        if value is None or is_amount(key) or key.startswith("narrative."):
            continue
        if value < 0 and not may_be_negative(key):
            out.append(
                Finding(
                    "R6",
                    f"“{labels.get(key, key)}”为负数 {fmt_number(value)}。",
                    (key,),
                    found=value,
                )
            )
        elif not float(value).is_integer():
            out.append(
                Finding(
                    "R6",
                    f"“{labels.get(key, key)}”不是整数：{fmt_number(value)}。",
                    (key,),
                    found=value,
                )
            )
    return out


def _exceeds(key: str, total_key: str, values: Mapping[str, float], scope: str) -> Finding:
    labels = key_labels()
    return Finding(
        "V1",
        f"“{labels.get(key, key)}”为 {fmt_number(values[key])}，大于{scope}"
        f"“{labels.get(total_key, total_key)}” {fmt_number(values[total_key])}，请核对这两个单元格。",
        (key, total_key),
        expected=values[total_key],
        found=values[key],
    )


def check_cells_within_totals(
    values: Mapping[str, float], template: Template, covered: Collection[str] = ()
) -> list[Finding]:
    """Rule V1: no part-3 cell above its row's 总计 or its column's （七）总计.

    Cells already named by an R1/R3 finding (``covered``) are skipped: the sum
    finding says the same thing with more context.
    """
    table = template.table("apply")
    out: list[Finding] = []
    for row in table.rows:  # each cell against its row's 总计
        total_key = table.cell_key(row, "total")
        for col in table.columns_of(row):
            key = table.cell_key(row, col)
            if col.key != "total" and _above(values, key, total_key, covered):
                out.append(_exceeds(key, total_key, values, "同一行的"))
    for row in table.rows:  # each result cell against its column's （七）总计
        if row.key in FLOW_ROWS:
            continue
        for col in table.columns_of(row):
            key, total_key = table.cell_key(row, col), table.cell_key("total", col)
            if _above(values, key, total_key, covered):
                out.append(_exceeds(key, total_key, values, "同一列的"))
    return out


def _above(values: Mapping[str, float], key: str, total_key: str, covered: Collection[str]) -> bool:
    """Whether a cell not already named by a sum finding exceeds a total; both shown."""
    if key in covered or values.get(key) is None or values.get(total_key) is None:
        return False
    return values[key] > values[total_key]


def check_values(values: Mapping[str, float], template: Template) -> list[Finding]:
    """All in-report rules (R1–R4, R6, V1)."""
    sums = check_sums(values, template)
    covered = {k for f in sums if f.rule in ("R1", "R3") for k in f.keys}
    return sums + check_counts(values) + check_cells_within_totals(values, template, covered)
