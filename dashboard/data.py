"""The only module that imports both streamlit and the query layer.

It owns the DuckDB connection (read-only, one cursor per call) and caches
query results, so pages never touch SQL or connections.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.queries import Filters


def db_path() -> Path:
    """The database the dashboard shows (``XXGK_DB`` or ``data/xxgk.duckdb``)."""
    return Path(os.environ.get("XXGK_DB", "data/xxgk.duckdb"))


@st.cache_resource
def _connection(path: str, mtime: float) -> duckdb.DuckDBPyConnection | None:
    if not Path(path).exists():
        return None
    return duckdb.connect(path, read_only=True)


def cursor() -> duckdb.DuckDBPyConnection | None:
    """A fresh cursor on the current database file, or None when there is none."""
    path = db_path()
    mtime = path.stat().st_mtime if path.exists() else 0.0
    con = _connection(str(path), mtime)
    return None if con is None else con.cursor()


def is_empty() -> bool:
    """True when there is no database file or it holds no report."""
    cur = cursor()
    if cur is None:
        return True
    try:
        return queries.report_count(cur) == 0
    except queries.QueryError:
        return True


@st.cache_data(ttl=60)
def available_years(_key: str) -> list[int]:
    """Years present in the database."""
    return queries.available_years(cursor())


@st.cache_data(ttl=60)
def reports_table(_key: str, filters: Filters) -> pd.DataFrame:
    """Loaded reports for the filter."""
    return queries.reports_table(cursor(), filters)


@st.cache_data(ttl=60)
def outcomes_by_agency(_key: str, filters: Filters) -> pd.DataFrame:
    """Outcome counts per agency for the filter."""
    return queries.outcomes_by_agency(cursor(), filters)


def cache_key() -> str:
    """Changes whenever the database file changes, so caches refresh after an ingest."""
    path = db_path()
    return f"{path}:{path.stat().st_mtime if path.exists() else 0}"
