"""报送情况: which agency published a report for which year — published, missing,
or published with errors — as a per-year summary and an agency × year grid."""

from __future__ import annotations

import streamlit as st

from dashboard import chart_layout, charts, coverage_status, data, static_table, ui
from dashboard.labels import meta_label

filters = ui.filters()
ROSTER_SOURCE = "upload"


def roster_form() -> None:
    """Upload an organ list that defines who should publish."""
    with st.expander("应发布名单（上传机关名单）", icon=":material/group_add:"):
        st.caption(
            "上传 CSV：第一行为列名，须有 agency 列（"
            f"{meta_label('agency')}），可另有 province、city、county、"
            "level、kind、from（起始年度）、to（截止年度）列；或每行写一个机关的纯文本文件。"
            "新名单替换之前上传的名单；导入时与年报同目录的 manifest.csv 也会作为名单。"
        )
        upload = st.file_uploader("机关名单", type=["csv", "txt"], key="coverage-roster-file")
        if upload is not None and st.button("载入名单", key="coverage-roster-go"):
            from etl.store.roster import RosterError

            try:
                n = data.load_roster(upload.getvalue(), ROSTER_SOURCE)
            except RosterError as exc:
                st.error(f"名单未能载入：{exc}", icon=":material/error:")
            else:
                st.success(f"已载入名单中的 {n:,} 个机关。", icon=":material/check_circle:")
                st.rerun()


STATUS = {"published": "已发布", "errors": "有错误", "missing": "缺失"}
GRID_ROWS = 60

if filters.year_from is None or filters.year_to is None:
    ui.no_data_for_filter()
    st.stop()
years = list(range(filters.year_from, filters.year_to + 1))
cov = data.coverage(filters)
grid, summary = coverage_status.coverage_grid(cov, years)

roster = data.has_roster()
st.caption(
    "一个机关从它在库中的第一份年报起，之后每年都应有一份年报"
    + (
        "；应发布名单中的机关从名单所列年度起（未列年度则每年）都应有年报，即使从未发布过"
        if roster
        else ""
    )
    + "。缺少的年度记为“缺失”，年报有错误级问题的记为“有错误”。只统计当前筛选条件下的机关。"
)
if grid.empty:
    ui.no_data_for_filter()
    roster_form()
    st.stop()
cols = st.columns(3)
last = summary.iloc[-1]
for col, (status, label) in zip(cols, STATUS.items(), strict=True):
    col.metric(f"{int(last['year'])} 年{label}", f"{int(last[status]):,}", border=True)

ui.chart(
    ui.figure(
        charts.stacked_bars,
        summary,
        "year",
        list(STATUS),
        STATUS | {"year": "年度"},
        title="逐年",
        colors=chart_layout.STATUS_COLORS,
        value_title="机关数",
    ),
    summary,
    "coverage-by-year",
    STATUS | {"year": "年度"},
)

if roster:
    never = data.roster_missing(filters, filters.year_to)
    st.subheader(f"名单中 {filters.year_to} 年未发布的机关")
    if never.empty:
        st.success(
            f"名单中的机关 {filters.year_to} 年都已发布年报。", icon=":material/check_circle:"
        )
    else:
        n_never = int(never["never_published"].sum())
        st.caption(
            f"共 {len(never):,} 个机关，其中 {n_never:,} 个在库中从未发布过年报（排在最前）。"
        )
        ui.table(
            never.drop(columns=["agency_key"]).assign(
                never_published=never["never_published"].map({True: "是", False: "否"}),
                last_year=never["last_year"].astype("Int64"),
            ),
            f"coverage-roster-missing-{filters.year_to}",
            {"last_year": "最近一次发布年度", "never_published": "从未发布"},
        )
roster_form()

st.subheader("机关 × 年度")
only_problems = st.toggle("只看有缺失或错误的机关", value=True, key="coverage-problems")
shown = grid
if only_problems:
    shown = grid[grid[years].isin(["missing", "errors"]).any(axis=1)]
if shown.empty:  # no legend and no "前 0 个" above an empty grid
    st.success("所选机关每年都已发布年报且没有错误。", icon=":material/check_circle:")
    st.stop()
st.caption(
    f"绿色 = {STATUS['published']}，橙色 = {STATUS['errors']}，红色 = {STATUS['missing']}。"
    f"共 {len(shown):,} 个机关；"
    + (
        f"图中列出问题最多的前 {GRID_ROWS} 个，下表列出全部。"
        if len(shown) > GRID_ROWS
        else "图和下表列出全部。"
    )
)
head = shown.head(GRID_ROWS).set_index("agency")[years].astype(object)
table = coverage_status.labelled(shown, years, STATUS)
ui.chart(
    ui.figure(charts.status_grid, head, STATUS),
    table,
    "coverage-grid",
)
# The first rows as static HTML, every agency behind a switch (the data grid cost the
# browser ~0.1-0.2 s on every load); the chart above exports the whole table.
static_table.listing(
    table.drop(columns=["agency_key"]),
    "coverage-table",
    order="问题多的机关在前",
    download=False,
    grid={"height": 400},
)
