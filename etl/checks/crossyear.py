"""Rule R5 across years: this year's carried-in requests against last year's carried-out.

Pure: two reports' part-3 values in, findings for the later report out. The
store (``etl.store.crossyear``) decides which reports belong to one organ and
calls this for every pair of consecutive years.
"""

from __future__ import annotations

from collections.abc import Mapping

from etl.findings import Finding, describe_locator
from etl.numbers import fmt_number
from etl.template import TEMPLATE_2021

_APPLY = TEMPLATE_2021.table("apply")  # both templates share the applicant columns
_CARRIED_IN = _APPLY.row("carried_in").label
_CARRIED_OUT = _APPLY.row("carried_out").label
#: (column, carried-in key, carried-out key) of each applicant column (checked per pair).
_CELLS = [
    (col, _APPLY.cell_key("carried_in", col), _APPLY.cell_key("carried_out", col))
    for col in _APPLY.columns
]


def carryover_findings(
    later: Mapping[str, float],
    earlier: Mapping[str, float],
    *,
    earlier_year: int,
    earlier_id: str,
    later_locators: Mapping[str, Mapping | str] | None = None,
    earlier_locators: Mapping[str, Mapping | str] | None = None,
) -> list[Finding]:
    """R5 per applicant column where both reports show the cell (locators as objects or
    their stored JSON text, read only for the cells a finding names)."""
    later_locators = later_locators or {}
    earlier_locators = earlier_locators or {}
    out: list[Finding] = []
    for col, k_in, k_out in _CELLS:
        if later.get(k_in) is None or earlier.get(k_out) is None:
            continue
        if later[k_in] == earlier[k_out]:
            continue
        locs = []
        if k_in in later_locators:
            locs.append(f"{k_in}: 本报告 {describe_locator(later_locators[k_in])}")
        if k_out in earlier_locators:
            locs.append(
                f"{k_out}: {earlier_year}年报告[{earlier_id}] "
                f"{describe_locator(earlier_locators[k_out])}"
            )
        out.append(
            Finding(
                "R5",
                f"跨年度结转不衔接（{col.label}）：本年“{_CARRIED_IN}”为"
                f"{fmt_number(later[k_in])}件，但{earlier_year}年度报告[{earlier_id}]"
                f"“{_CARRIED_OUT}”为{fmt_number(earlier[k_out])}件；请核对两份报告。",
                (k_in, k_out),
                expected=earlier[k_out],
                found=later[k_in],
                locators=tuple(locs),
            )
        )
    return out
