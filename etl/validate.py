"""Check a parsed report against the template's consistency rules (勾稽关系).

Pure: values in, findings out. A rule is checked only where every cell it
involves is present; absent cells are reported by the matcher, not guessed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from etl.findings import Finding
from etl.template import Template, is_amount, key_labels, may_be_negative
from etl.template.rules import SUM_RULES


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


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
                    f"{rule.title}不成立（{scope}）：{lhs_txt} = {_fmt(left)}，"
                    f"但其余各项之和为 {_fmt(right)}。",
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
                    "R6", f"“{labels.get(key, key)}”为负数 {_fmt(value)}。", (key,), found=value
                )
            )
        elif not float(value).is_integer():
            out.append(
                Finding(
                    "R6", f"“{labels.get(key, key)}”不是整数：{_fmt(value)}。", (key,), found=value
                )
            )
    return out


def validate(values: Mapping[str, float], template: Template) -> list[Finding]:
    """All in-report rules (R1–R4, R6)."""
    return check_sums(values, template) + check_counts(values)
