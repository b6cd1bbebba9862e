"""Chart and table data as downloadable files: CSV (UTF-8 with BOM) and Excel (openpyxl)."""

from __future__ import annotations

import io

import pandas as pd


def relabel(df: pd.DataFrame, labels: dict[str, str] | None) -> pd.DataFrame:
    """A copy with Chinese column headers (columns without a label keep their name).

    >>> list(relabel(pd.DataFrame({"a": [1], "b": [2]}), {"a": "甲"}).columns)
    ['甲', 'b']
    """
    return df.rename(columns={k: v for k, v in (labels or {}).items() if k in df.columns})


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


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV bytes with a BOM, so that Excel opens the Chinese headers correctly.

    >>> to_csv_bytes(pd.DataFrame({"甲": [1]}))[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    return defuse(df).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "数据") -> bytes:
    """An .xlsx workbook with one sheet holding the frame."""
    buf = io.BytesIO()
    out = defuse(df)
    for col in out.columns:  # Excel has no time zones
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        out.to_excel(writer, sheet_name=sheet[:31], index=False)
    return buf.getvalue()
