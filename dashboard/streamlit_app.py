"""The dashboard's frame: page config, sidebar filters and the pages."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import charts, data
from dashboard.queries import Filters

st.set_page_config(page_title="政府信息公开年报看板", layout="wide")
st.title("政府信息公开工作年度报告看板")

if data.is_empty():
    st.info(
        f"数据库 {data.db_path()} 中还没有年报。请先导入年报文件，例如：\n\n"
        "`xxgk ingest 报告文件夹/ --db data/xxgk.duckdb`，然后刷新本页。"
    )
    st.stop()

key = data.cache_key()
years = data.available_years(key)
chosen = st.sidebar.multiselect("统计年度", years, default=years[:1])
filters = Filters(years=tuple(sorted(chosen)))

reports = data.reports_table(key, filters)
st.subheader(f"已导入年报（{len(reports)} 份）")
st.dataframe(reports, hide_index=True, width="stretch")

outcomes = data.outcomes_by_agency(key, filters)
st.subheader("申请办理结果（按机关）")
if outcomes.empty:
    st.caption("所选年度没有包含第三部分统计表的年报。")
else:
    st.plotly_chart(charts.outcomes_stacked_bar(outcomes), width="stretch")
