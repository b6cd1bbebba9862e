"""Chart and table data as downloadable files: CSV (UTF-8 with BOM) and Excel (openpyxl)."""

from __future__ import annotations

import io
import re

import pandas as pd


def relabel(df: pd.DataFrame, labels: dict[str, str] | None) -> pd.DataFrame:
    """A copy with Chinese column headers (columns without a label keep their name).

    >>> list(relabel(pd.DataFrame({"a": [1], "b": [2]}), {"a": "甲"}).columns)
    ['甲', 'b']
    """
    return df.rename(columns={k: v for k, v in (labels or {}).items() if k in df.columns})


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    """What a reader should see: yes/no as 是/否, absent text as empty, counts as integers
    (a float column whose values are all whole numbers becomes an integer column).

    >>> tidy(pd.DataFrame({"b": [True, False], "t": ["x", None], "n": [838.0, None]})).values.tolist()
    [['是', 'x', 838], ['否', '', <NA>]]
    >>> tidy(pd.DataFrame({"o": pd.Series([True, None, "x"], dtype=object)}))["o"].tolist()
    ['是', '', 'x']
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "是", False: "否"})
        elif pd.api.types.is_float_dtype(s):
            v = s.dropna()
            if len(v) and (v == v.round()).all() and v.abs().max() < 2**53:
                out[col] = s.astype("Int64")
        elif pd.api.types.is_string_dtype(s) and s.dtype != object:
            out[col] = s.fillna("")  # a text column holds no yes/no (and stays Arrow text)
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(_yes_no)
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out


def _yes_no(v: object) -> object:
    return ("是" if v else "否") if isinstance(v, bool) else v


def file_part(text: str, limit: int = 60) -> str:
    """Text safe in a file name on every system (no separators, quotes or spaces).

    >>> file_part("2021–2024 · 甲省 / 乙市")
    '2021–2024_甲省_乙市'
    """
    cleaned = re.sub(r'[\\/:*?"<>|\s·]+', "_", text).strip("_.")
    return cleaned[:limit].rstrip("_") or "全部"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe.

    >>> defuse(pd.DataFrame({"a": ["=1+1", "ok"], "n": [-1, 2]}))["a"].tolist()
    ["'=1+1", 'ok']
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v
            )
    return out


def to_csv_bytes(df: pd.DataFrame, header: str = "") -> bytes:
    """CSV bytes with a BOM, so that Excel opens the Chinese headers correctly; ``header``
    (the filter and data snapshot) is the first line, above the table.

    >>> to_csv_bytes(pd.DataFrame({"甲": [1]}))[:3] == b"\\xef\\xbb\\xbf"
    True
    >>> to_csv_bytes(pd.DataFrame({"甲": [1.0]}), "筛选：全部").decode("utf-8-sig").splitlines()
    ['筛选：全部', '甲', '1']
    """
    body = defuse(tidy(df)).to_csv(index=False)
    return ((header.replace("\n", " ") + "\n" if header else "") + body).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "数据", header: str = "") -> bytes:
    """An .xlsx workbook: the frame on one sheet, ``header`` (the filter and data
    snapshot) on a second sheet 说明."""
    buf = io.BytesIO()
    out = defuse(tidy(df))
    for col in out.columns:  # Excel has no time zones
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        out.to_excel(writer, sheet_name=sheet[:31], index=False)
        if header:
            pd.DataFrame({"说明": [header]}).to_excel(writer, sheet_name="说明", index=False)
    return buf.getvalue()
