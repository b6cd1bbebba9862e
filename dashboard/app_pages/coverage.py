"""报送情况: which agency published a report for which year — published, missing,
or published with errors — as a per-year summary and an agency × year grid."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, metrics, ui

filters = ui.filters()
STATUS = {"published": "已发布", "errors": "有错误", "missing": "缺失"}
GRID_ROWS = 60

if filters.year_from is None or filters.year_to is None:
    ui.no_data_for_filter()
    st.stop()
years = list(range(filters.year_from, filters.year_to + 1))
cov = data.coverage(filters)
grid, summary = metrics.coverage_grid(cov, years)
if grid.empty:
    ui.no_data_for_filter()
    st.stop()

st.caption(
    "一个机关从它在库中的第一份年报起，之后每年都应有一份年报；缺少的年度记为“缺失”，"
    "年报有错误级问题的记为“有错误”。只统计当前筛选条件下的机关。"
)
cols = st.columns(3)
last = summary.iloc[-1]
for col, (status, label) in zip(cols, STATUS.items(), strict=True):
    col.metric(f"{int(last['year'])} 年{label}", f"{int(last[status]):,}", border=True)

ui.chart(
    charts.stacked_bars(
        summary,
        "year",
        list(STATUS),
        STATUS | {"year": "年度"},
        title="逐年",
        colors=charts.STATUS_COLORS,
        value_title="机关数",
    ),
    summary,
    "coverage-by-year",
    STATUS | {"year": "年度"},
)

st.subheader("机关 × 年度")
only_problems = st.toggle("只看有缺失或错误的机关", value=True, key="coverage-problems")
shown = grid
if only_problems:
    shown = grid[grid[years].isin(["missing", "errors"]).any(axis=1)]
st.caption(
    f"绿色 = {STATUS['published']}，橙色 = {STATUS['errors']}，红色 = {STATUS['missing']}。"
    f"共 {len(shown):,} 个机关；图中列出问题最多的前 {min(GRID_ROWS, len(shown))} 个，下表列出全部。"
)
if shown.empty:
    st.success("所选机关每年都已发布年报且没有错误。", icon=":material/check_circle:")
    st.stop()
head = shown.head(GRID_ROWS).set_index("agency")[years]
table = shown.copy()
for y in years:
    table[y] = table[y].map(STATUS).fillna("")
table.columns = [str(c) for c in table.columns]
ui.chart(
    charts.status_grid(head, STATUS),
    table,
    "coverage-grid",
)
ui.table(table.drop(columns=["agency_key"]), "coverage-table", height=400, download=False)
