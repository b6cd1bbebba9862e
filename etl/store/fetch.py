"""Reading a result DuckDB always returns, typed: no ``Optional`` row to check at each call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb


def one(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
    """The one row a query always returns (a count, a row known to exist)."""
    row = con.execute(sql, list(params)).fetchone()
    if row is None:
        raise LookupError(f"the query returned no row: {' '.join(sql.split())[:80]}")
    return row
