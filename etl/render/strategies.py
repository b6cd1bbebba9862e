"""Hypothesis strategies for consistent reports, generated from the template.

The only module of ``etl.render`` that imports hypothesis (a dev dependency):
import it from tests, not from production code. Free cells are drawn as small
integers that shrink towards 0; every total is then derived by
:func:`etl.render.random_report.complete_values`, so each example satisfies
all consistency rules and a failing example shrinks to a nearly empty report.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from etl.render.model import ReportSpec
from etl.render.random_report import YEARS, complete_values, component_cells
from etl.template import get_template

_AGENCIES = ("保定市行政审批局", "淮安市洪泽区人民政府", "桃江县审计局", "抚远市自然资源局")


def _free_cell(kind: str, max_count: int) -> st.SearchStrategy[float]:
    if kind == "amount":  # money with up to two decimals
        return st.integers(0, 10**6).map(lambda cents: cents / 100)
    if kind == "change":
        return st.integers(-max_count, max_count).map(float)
    return st.integers(0, max_count).map(float)


def consistent_values(template: str, max_count: int = 60) -> st.SearchStrategy[dict[str, float]]:
    """Full canonical values of ``template`` that satisfy every consistency rule."""
    t = get_template(template)
    free = st.fixed_dictionaries({c.key: _free_cell(c.kind, max_count) for c in component_cells(t)})
    return free.map(lambda cells: complete_values(t, cells))


def consistent_reports(
    template: str, styles: Sequence[str] = ("default",), max_count: int = 60
) -> st.SearchStrategy[ReportSpec]:
    """Whole reports (organ, year, values, style) following ``template``."""
    return st.builds(
        ReportSpec,
        agency=st.sampled_from(_AGENCIES),
        year=st.sampled_from(YEARS[template]),
        template=st.just(template),
        values=consistent_values(template, max_count),
        style=st.sampled_from(list(styles)),
    )
