"""发布及时性: whether reports came out by 31 January of the following year (条例) —
on-time rate by year, level and region, the late list, and the reports that print
no date (lateness cannot be told for those)."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, static_table, ui
from dashboard.labels import UI_COLUMNS, meta_label

filters = ui.filters()
LABELS = dict(UI_COLUMNS)

by_year = data.office("timeliness_by", filters, ("year",))
if by_year.empty or int(by_year["n_reports"].sum()) == 0:
    ui.no_data_for_filter()
    st.stop()
st.caption(
    "《政府信息公开条例》要求每年 1 月 31 日前公布上一年度的年度报告。"
    f"{meta_label('published_on')}取自年报的发布时间、成文日期或落款日期；"
    "未印日期的年报无法判断是否逾期，单独列出。"
    "按时率 = 按时发布 ÷ 载明日期的年报。"
)
last = by_year.iloc[-1]
cols = st.columns(4)
year = int(last["year"])
rate = last["on_time_pct"]
cols[0].metric(f"{year} 年按时率", "—" if rate != rate else f"{rate:.1f}%", border=True)
cols[1].metric(f"{year} 年逾期发布", f"{int(last['n_late']):,}", border=True)
cols[2].metric(f"{year} 年未载明日期", f"{int(last['n_undated']):,}", border=True)
cols[3].metric(f"{year} 年年报份数", f"{int(last['n_reports']):,}", border=True)

ui.chart(
    ui.figure(
        charts.stacked_bars,
        by_year,
        "year",
        ["n_on_time", "n_late", "n_undated"],
        LABELS,
        title="逐年",
        value_title="份数",
    ),
    by_year,
    "timeliness-by-year",
    LABELS,
)
left, right = st.columns(2)
with left:
    st.subheader("按层级")
    static_table.show(
        data.office("timeliness_by", filters, ("year", "level")), "timeliness-by-level", LABELS
    )
with right:
    st.subheader("按地区")
    region = filters.region_level()
    static_table.listing(
        data.office("timeliness_by", filters, ("year", region)),
        "timeliness-by-region",
        LABELS,
        order="按年度、地区排列",
        head=40,
    )

st.subheader("逾期发布的年报")
late = data.office("late_reports", filters)
if late.empty:
    st.success("当前筛选下没有逾期发布的年报。", icon=":material/check_circle:")
else:
    static_table.listing(
        late.drop(columns=["report_id"]),
        "timeliness-late",
        LABELS,
        order="逾期天数多的在前",
        grid={"height": 360},
    )

st.subheader(f"未载明{meta_label('published_on')}的年报")
undated = data.office("undated_reports", filters)
if undated.empty:
    st.caption(f"所有年报都印有{meta_label('published_on')}。")
else:
    st.caption("这些年报没有印出发布时间、成文日期或落款日期，无法判断是否按时发布。")
    static_table.listing(
        undated.drop(columns=["report_id"]),
        "timeliness-undated",
        LABELS,
        order="按年度（新的在前）、机关排列",
        grid={"height": 300},
    )
