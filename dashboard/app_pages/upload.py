"""导入年报: drop report files here to load them through ``etl.pipeline.ingest``,
the same pipeline and rejection reasons as ``xxgk ingest``; the pages update on
the next run because the caches are keyed on the database file's version."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data, ui
from etl.errors import XxgkError, reason_sentence
from etl.parse import READERS


def _year(report: Any) -> int | None:
    """The year of a recognised report (a row of the database), None when unknown."""
    return int(report.year) if report and pd.notna(report.year) else None


SUFFIXES = sorted({s.lstrip(".") for s in READERS})
NEW: set[Path] = set()  # files written by this run of the page


def _save(folder: Path, name: str, body: bytes) -> Path:
    """Write one upload (noting it in ``NEW`` unless it was there); a name too long for the
    file system keeps its head and extension."""
    name = Path(name).name
    stem, suffix = Path(name).stem, Path(name).suffix
    while len(f"{stem}{suffix}".encode()) > 200:
        stem = stem[:-1]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}{suffix}"
    if not path.exists():
        path.write_bytes(body)
        NEW.add(path)
    return path


def _forget(paths: list[Path]) -> None:
    """Delete files this upload wrote (and their folder when empty) that were not loaded."""
    for path in paths:
        if path not in NEW:
            continue  # an earlier upload's file may be the source of a loaded report
        with contextlib.suppress(OSError):
            path.unlink()
            path.parent.rmdir()


st.caption(
    f"导入到数据库 {ui.literal(data.db_path())}。支持的格式：{'、'.join(SUFFIXES)}。"
    "同一文件重复导入不会产生重复数据；无法识别的文件会列出原因。"
)
# No ``type=`` filter: the browser would refuse other files in English; they are
# listed below with a Chinese reason instead.
files = st.file_uploader("把年报文件拖到这里", accept_multiple_files=True, key="upload-files")
if files and st.button("导入", type="primary", icon=":material/upload:", key="upload-go"):
    target = data.upload_dir()
    paths, refused, digests = [], [], {}
    for f in files:
        suffix = Path(f.name).suffix.lower().lstrip(".")
        if suffix not in SUFFIXES:
            kind = f"“.{suffix}”" if suffix else "没有扩展名的"
            refused.append((f.name, f"不支持{kind}文件；支持的格式：{'、'.join(SUFFIXES)}。"))
            continue
        body = f.getvalue()
        digests[Path(f.name).name] = hashlib.sha256(body).hexdigest()
        try:  # a long name, a full disk or a read-only folder: said here, never a traceback
            paths.append(_save(target / hashlib.sha256(body).hexdigest()[:16], f.name, body))
        except OSError as exc:
            refused.append(
                (f.name, f"无法保存上传的文件（{exc.strerror or '写入失败'}），请检查数据目录。")
            )
    with st.spinner("正在解析和导入…"):
        try:
            summary = data.ingest(paths)
        except Exception as exc:  # the database may be locked by another writer, or read-only
            known = isinstance(exc, XxgkError)
            st.error(
                f"导入失败。{exc if known else '如果命令行正在导入同一个数据库，请稍后再试。'}"
            )
            _forget(paths)
            st.stop()
    _forget([Path(p) for p, _ in summary.rejected])  # a rejected upload is not kept
    summary.rejected.extend(refused)
    st.session_state["upload-summary"] = summary
    st.session_state["upload-digests"] = digests

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
    rows += [(Path(p).name, "未能导入", reason_sentence(r)) for p, r in summary.rejected]
    for attr, status, note in (
        ("copies", "同一年报的另一份文件", "已记为该年报的另一来源"),
        ("older", "较旧的版本", "已保留为历史版本，库中保留较新的年报"),
        ("skipped", "已跳过", "此前读取超时或崩溃"),
    ):
        rows += [
            (Path(p).name, status, f"{note}（{other}）") for p, other in getattr(summary, attr, [])
        ]
    found = data.reports_by_sha(tuple(st.session_state.get("upload-digests", {}).values()))
    by_sha = {r.source_sha256: r for r in found.itertuples()}
    digests = st.session_state.get("upload-digests", {})
    recognised = [by_sha.get(digests.get(name, "")) for name, *_ in rows]
    table = pd.DataFrame(rows, columns=["file", "status", "reason_text"])
    table.insert(1, "agency", [r.agency if r else "" for r in recognised])
    table.insert(2, "year", [_year(r) for r in recognised])
    table.insert(3, "template", [r.template if r else "" for r in recognised])
    table["year"] = table["year"].astype("Int64")
    table["link"] = [f"report?report={r.report_id}" if r else None for r in recognised]
    n_found = len({r.report_id for r in recognised if r})
    if n_found:
        st.caption(f"识别出 {n_found} 份年报；点击表中的“打开年报”查看（「单份年报」页）。")
    ui.table(
        table,
        "upload-result",
        {"file": "文件", "link": "年报页面"},
        column_config={"link": st.column_config.LinkColumn(display_text="打开年报")},
    )
