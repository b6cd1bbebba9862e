"""导入年报: drop report files here to load them through ``etl.pipeline.ingest``,
the same pipeline and rejection reasons as ``xxgk ingest``; the pages update on
the next run because the caches are keyed on the database file's version."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import data, ui
from etl.parse import READERS

SUFFIXES = sorted({s.lstrip(".") for s in READERS})

st.caption(
    f"导入到数据库 {ui.literal(data.db_path())}。支持的格式：{'、'.join(SUFFIXES)}。"
    "同一文件重复导入不会产生重复数据；无法识别的文件会列出原因。"
)
files = st.file_uploader(
    "把年报文件拖到这里", type=SUFFIXES, accept_multiple_files=True, key="upload-files"
)
if files and st.button("导入", type="primary", icon=":material/upload:", key="upload-go"):
    target = data.upload_dir()
    paths = []
    for f in files:
        body = f.getvalue()
        folder = target / hashlib.sha256(body).hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(f.name).name
        path.write_bytes(body)
        paths.append(path)
    with st.spinner("正在解析和导入…"):
        try:
            summary = data.ingest(paths)
        except Exception as exc:  # the database may be locked by another writer
            st.error("导入失败。如果命令行正在导入同一个数据库，请稍后再试。原因：")
            st.code(str(exc), language=None)
            st.stop()
    st.session_state["upload-summary"] = summary

summary = st.session_state.get("upload-summary")
if summary is not None:
    cols = st.columns(3)
    cols[0].metric("已导入", len(summary.loaded), border=True)
    cols[1].metric("已存在（未改变）", len(summary.unchanged), border=True)
    cols[2].metric("未能导入", len(summary.rejected), border=True)
    st.caption(
        f"共发现 {summary.findings} 个问题，其中错误 {summary.errors} 个；详见「数据质量」页。"
    )
    rows = [(Path(p).name, "已导入", "") for p in summary.loaded]
    rows += [(Path(p).name, "已存在", "") for p in summary.unchanged]
    rows += [(Path(p).name, "未能导入", reason) for p, reason in summary.rejected]
    # later versions of the pipeline also report copies and older versions of loaded reports
    for attr, status, note in (
        ("copies", "同一年报的另一份文件", "已记为该年报的另一来源"),
        ("older", "较旧的版本", "已保留为历史版本，库中保留较新的年报"),
        ("skipped", "已跳过", "此前读取超时或崩溃"),
    ):
        rows += [
            (Path(p).name, status, f"{note}（{other}）") for p, other in getattr(summary, attr, [])
        ]
    ui.table(
        pd.DataFrame(rows, columns=["file", "status", "reason_text"]),
        "upload-result",
        {"file": "文件"},
        download=False,
    )
