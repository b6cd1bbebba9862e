"""Independent readers and rule checks for the renderer tests.

The expected numbers are worked out here from the spec's own description of the
tables (printed row order, 7 applicant columns, 15 part-四 numbers), not by
calling the renderer's layout code.
"""

from __future__ import annotations

import re

from etl.synthetic.model import ReportSpec
from etl.template import get_template, is_amount

NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def unique_values(template_id: str) -> dict[str, float]:
    """Every key a different number (amounts with decimals) so misplacements show."""
    keys = get_template(template_id).keys()
    return {k: (i + 1 + 0.25 if is_amount(k) else float(i + 1)) for i, k in enumerate(keys)}


def make_spec(template_id: str, values: dict[str, float] | None = None, **kw) -> ReportSpec:
    year = 2020 if template_id == "2019" else 2024
    vals = unique_values(template_id) if values is None else values
    return ReportSpec("测试县审计局", year, template_id, vals, **kw)


def fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def printed_apply_rows(template_id: str, single_other: bool = False) -> list[str]:
    """Part 三 row keys in printed order, as the spec's table lists them."""
    keys = [r.key for r in get_template(template_id).table("apply").rows]
    if template_id == "2021" and single_other:
        return [k for k in keys if not k.startswith("other_")]
    return [k for k in keys if not (template_id == "2021" and k == "other")]


def expected_sequence(spec: ReportSpec, single_other: bool = False) -> list[str]:
    """All table numbers in reading order: part 二 rows, part 三 rows, part 四 row."""
    t = get_template(spec.template)
    out = []
    active = t.table("active")
    for header in active.headers:
        for row in (r for r in active.rows if r.group == header):
            out += [fmt(spec.values[active.cell_key(row, c)]) for c in active.columns_of(row)]
    apply = t.table("apply")
    for row_key in printed_apply_rows(spec.template, single_other):
        out += [fmt(spec.values[apply.cell_key(row_key, c)]) for c in apply.columns]
    appeal = t.table("appeal")
    for row in appeal.rows:
        out += [fmt(spec.values[appeal.cell_key(row, c)]) for c in appeal.columns]
    return out


def expand_spans(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """(text, rowspan, colspan) rows → a full grid, merged text repeated."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)]


_APPLICANTS = ["natural", "commercial", "research", "social", "legal", "other_org"]


def check_rules(template_id: str, values: dict[str, float]) -> list[str]:
    """The spec's consistency rules 1–4 and 6, with this test's own arithmetic."""
    apply_rows = [r.key for r in get_template(template_id).table("apply").rows]
    errors = [  # rule 1
        f"rule1 {row}"
        for row in apply_rows
        if sum(values[f"apply.{row}.{c}"] for c in _APPLICANTS) != values[f"apply.{row}.total"]
    ]
    for col in [*_APPLICANTS, "total"]:
        v = {row: values[f"apply.{row}.{col}"] for row in apply_rows}
        errors += _column_rules(template_id, col, v)
    for group in ("review", "suit_direct", "suit_after_review"):  # rule 4
        parts = sum(
            values[f"appeal.{group}.{c}"] for c in ("upheld", "corrected", "other", "pending")
        )
        if parts != values[f"appeal.{group}.total"]:
            errors.append(f"rule4 {group}")
    return errors + [f"rule6 {k}={v}" for k, v in values.items() if not _rule6_holds(k, v)]


def _column_rules(template_id: str, col: str, v: dict[str, float]) -> list[str]:
    """Rules 2 and 3 down one applicant column of part 三."""
    errors = []
    if v["new"] + v["carried_in"] != v["total"] + v["carried_out"]:  # rule 2
        errors.append(f"rule2 {col}")
    if template_id == "2021":
        subs = v["other_no_correction"] + v["other_unpaid_fee"] + v["other_misc"]
        if v["other"] != subs:
            errors.append(f"rule3 other {col}")
    results = (
        v["granted"]
        + v["partial"]
        + v["other"]
        + sum(n for k, n in v.items() if k.startswith(("withheld_", "unable_", "rejected_")))
    )
    if results != v["total"]:  # rule 3
        errors.append(f"rule3 {col}")
    return errors


def _rule6_holds(key: str, value: float) -> bool:
    """Rule 6: amounts are not negative, changes are whole, counts are whole and not negative."""
    if key.endswith("_yuan"):
        return value >= 0
    if key.endswith(".change"):
        return float(value).is_integer()
    return value >= 0 and float(value).is_integer()
