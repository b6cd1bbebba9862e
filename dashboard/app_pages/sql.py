"""SQL 查询: the researcher's own questions on the published snapshot — read-only
connection, time limit, row cap; results as a table, a chart and downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, sqlconsole, ui
from etl.store.examples import EXAMPLE_QUERIES

RESULT_KEY = "sql-result"
CHART_ROWS = 200

st.caption(
    f"在已发布的数据库快照上运行 SQL（DuckDB 语法）。连接是只读的，任何语句都不能修改数据库文件，"
    f"也不能读写其他文件；每条查询最长 {sqlconsole.TIMEOUT_S:g} 秒，最多返回 "
    f"{sqlconsole.MAX_ROWS:,} 行。表和字段见数据字典（`xxgk dictionary`），数值列以字段键命名，"
    '如 `SELECT "apply.new.total" FROM report_wide`。'
)
titles = [q.title for q in EXAMPLE_QUERIES]
example = st.selectbox("示例查询（来自数据字典）", titles, index=0, key="sql-example")
chosen = EXAMPLE_QUERIES[titles.index(example)] if example in titles else EXAMPLE_QUERIES[0]
sql = st.text_area("SQL", value=chosen.sql, height=180, key=f"sql-text-{titles.index(example)}")
if st.button("运行查询", type="primary", icon=":material/play_arrow:", key="sql-run"):
    try:
        st.session_state[RESULT_KEY] = (sql, sqlconsole.run_query(data.db_path(), sql))
    except sqlconsole.SqlError as exc:
        st.session_state[RESULT_KEY] = (sql, str(exc))

held = st.session_state.get(RESULT_KEY)
if held is None:
    st.stop()
ran_sql, result = held
if isinstance(result, str):
    st.error(result, icon=":material/error:")
    st.stop()
df: pd.DataFrame = result.df
note = f"{len(df):,} 行，用时 {result.seconds:.2f} 秒"
if result.truncated:
    note += f"；结果超过 {sqlconsole.MAX_ROWS:,} 行，只显示前 {sqlconsole.MAX_ROWS:,} 行"
st.caption(note)
if df.empty:
    ui.empty("查询没有返回任何行。")
    st.stop()
ui.table(df, "sql-result", {c: c for c in df.columns}, height=360)

numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
if numeric and len(df.columns) >= 2:
    st.subheader("图表")
    left, right = st.columns(2)
    x = left.selectbox("横轴", list(df.columns), index=0, key="sql-x")
    ys = [c for c in numeric if c != x]
    if ys:
        y = right.selectbox("数值", ys, index=0, key="sql-y")
        shown = df.head(CHART_ROWS)
        st.plotly_chart(
            charts.stacked_bars(shown, x, [y], {x: x, y: y}, value_title=y),
            config=ui.plotly_config("sql-chart"),
            key="chart-sql",
        )
        if len(df) > CHART_ROWS:
            st.caption(f"图中只画前 {CHART_ROWS} 行。")
