"""Bulk downloads: the current filter's reports, values and findings as CSV (BOM),
Excel and Parquet, and the DuckDB snapshot itself — each file carrying the data
dictionary and one line naming the snapshot it was cut from.

Pure functions of DataFrames and paths (no Streamlit), so tests open what they make.
CSV and Parquet come as a zip (one file per table, ``数据字典.md``, ``快照.txt``);
Excel as one workbook with a sheet per table plus ``数据字典`` and ``快照`` sheets.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from dashboard import exports
from etl.template.dictionary import render_dictionary

#: Table name in the download → Chinese sheet / file stem.
TABLES: dict[str, str] = {"reports": "年报", "values": "数值", "findings": "问题"}
DICTIONARY_NAME = "数据字典.md"
SNAPSHOT_NAME = "快照.txt"
#: Excel holds at most 1 048 576 rows per sheet.
EXCEL_MAX_ROWS = 1_048_575


def snapshot_line(path: str | Path, n_reports: int, filter_text: str = "") -> str:
    """One line naming the snapshot: file, time it was published, size, report count."""
    path = Path(path)
    stat = path.stat()
    at = datetime.fromtimestamp(stat.st_mtime, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    line = f"数据快照：{path.name}，发布于 {at}，{stat.st_size:,} 字节，共 {n_reports:,} 份年报"
    if filter_text:
        line += f"；筛选：{filter_text}"
    return line + "。"


def dictionary_text() -> str:
    """The data dictionary (the same text as ``xxgk dictionary``)."""
    return render_dictionary()


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Lists (finding keys) as text, time zones dropped: what CSV and Excel can hold."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
        elif out[col].dtype == object:
            out[col] = out[col].map(
                lambda v: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v
            )
    return out


def _zip(files: dict[str, bytes], snapshot: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
        z.writestr(DICTIONARY_NAME, dictionary_text())
        z.writestr(SNAPSHOT_NAME, snapshot + "\n")
    return buf.getvalue()


def csv_zip(frames: dict[str, pd.DataFrame], snapshot: str) -> bytes:
    """A zip of one BOM-marked CSV per table, the dictionary and the snapshot line."""
    return _zip(
        {f"{TABLES.get(k, k)}.csv": exports.to_csv_bytes(_plain(df)) for k, df in frames.items()},
        snapshot,
    )


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """One frame as a Parquet file (written by DuckDB, types kept)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t.parquet"
        con = duckdb.connect(":memory:")
        try:
            con.register("frame", df)
            con.execute(f"COPY frame TO '{out}' (FORMAT parquet)")
        finally:
            con.close()
        return out.read_bytes()


def parquet_zip(frames: dict[str, pd.DataFrame], snapshot: str) -> bytes:
    """A zip of one Parquet file per table, the dictionary and the snapshot line."""
    return _zip(
        {f"{TABLES.get(k, k)}.parquet": parquet_bytes(df) for k, df in frames.items()}, snapshot
    )


def xlsx_bytes(frames: dict[str, pd.DataFrame], snapshot: str) -> bytes:
    """One workbook: a sheet per table (cut at Excel's row limit, said in 快照), the
    dictionary one line a row, and the snapshot line."""
    notes = [snapshot]
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for key, df in frames.items():
            name = TABLES.get(key, key)
            if len(df) > EXCEL_MAX_ROWS:
                notes.append(
                    f"{name}：共 {len(df):,} 行，超过 Excel 的行数上限，只写入前 "
                    f"{EXCEL_MAX_ROWS:,} 行；完整数据请下载 CSV 或 Parquet。"
                )
                df = df.head(EXCEL_MAX_ROWS)
            exports.defuse(_plain(df)).to_excel(writer, sheet_name=name, index=False)
        lines = dictionary_text().splitlines()
        pd.DataFrame({"数据字典": lines}).to_excel(writer, sheet_name="数据字典", index=False)
        pd.DataFrame({"快照": notes}).to_excel(writer, sheet_name="快照", index=False)
    return buf.getvalue()


def snapshot_zip(path: str | Path, snapshot: str) -> bytes:
    """The DuckDB file itself, with the dictionary and the snapshot line."""
    path = Path(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:  # DuckDB is compressed already
        z.write(path, path.name)
        z.writestr(DICTIONARY_NAME, dictionary_text())
        z.writestr(SNAPSHOT_NAME, snapshot + "\n")
    return buf.getvalue()
