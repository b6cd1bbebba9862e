"""批量下载: the current filter's reports, values and findings as CSV, Excel and
Parquet, and the database snapshot itself — each with the data dictionary and a
line naming the snapshot."""

from __future__ import annotations

import streamlit as st

from dashboard import bulk, data, ui
from dashboard.filters import describe

MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024

filters = ui.filters()
path = data.db_path()
counts = data.totals_by(filters, (), ())
n = int(counts["n_reports"].iloc[0]) if len(counts) else 0
if n == 0:
    ui.no_data_for_filter()
    st.stop()
snapshot = bulk.snapshot_line(path, data.store().n_reports, describe(filters))
st.caption(snapshot)
st.markdown(
    f"当前筛选下共 **{n:,}** 份年报。下载包含三张表：年报（元数据与质量摘要）、数值（长表，"
    "每个数值一行，附出处定位）和问题（每条检查结果），并附数据字典和说明快照的一行文字。"
)


def frames() -> dict:
    return {
        "reports": data.uncached("bulk_reports", filters),
        "values": data.uncached("bulk_values", filters),
        "findings": data.uncached("bulk_findings", filters),
    }


row = st.container(horizontal=True, gap="small")
row.download_button(
    "CSV（zip）",
    data=lambda: bulk.csv_zip(frames(), snapshot),
    file_name="xxgk-data-csv.zip",
    mime="application/zip",
    key="bulk-csv",
    on_click="ignore",
    icon=":material/download:",
)
row.download_button(
    "Excel",
    data=lambda: bulk.xlsx_bytes(frames(), snapshot),
    file_name="xxgk-data.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="bulk-xlsx",
    on_click="ignore",
    icon=":material/table_view:",
)
row.download_button(
    "Parquet（zip）",
    data=lambda: bulk.parquet_zip(frames(), snapshot),
    file_name="xxgk-data-parquet.zip",
    mime="application/zip",
    key="bulk-parquet",
    on_click="ignore",
    icon=":material/dataset:",
)

st.subheader("整个数据库快照")
size = path.stat().st_size
if size > MAX_SNAPSHOT_BYTES:
    st.info(f"数据库文件有 {size / 2**30:.1f} GB，太大，不在网页中提供下载；请直接复制文件：")
    st.code(str(path.resolve()), language=None)
else:
    st.caption(f"DuckDB 文件本身（{size / 2**20:.1f} MB，不受筛选影响），附数据字典。")
    st.download_button(
        "DuckDB 快照（zip）",
        data=lambda: bulk.snapshot_zip(path, bulk.snapshot_line(path, data.store().n_reports)),
        file_name="xxgk-snapshot.zip",
        mime="application/zip",
        key="bulk-duckdb",
        on_click="ignore",
        icon=":material/database:",
    )
