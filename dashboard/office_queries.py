"""SQL for the office's pages (bulk data, meeting brief, timeliness, copies, 通报):
pure functions (cursor, Filters, …) → DataFrame on the dashboard's store, in the
manner of :mod:`dashboard.queries` (its gateway ``run`` and filter clause).

Kept apart from ``queries.py`` so that module stays about the analysis pages.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries import META_COLUMNS, _where, run

#: Bulk downloads stop at this many rows per table (ask for a narrower filter).
BULK_MAX_ROWS = 5_000_000


def bulk_reports(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every report of the filter with its metadata and quality summary."""
    where, params = _where(filters)
    cols = ", ".join(c for c in META_COLUMNS if c != "agency_key")
    return run(
        cur,
        f"SELECT {cols} FROM meta WHERE {where} ORDER BY year, agency, report_id LIMIT ?",
        [*params, BULK_MAX_ROWS],
    )


def bulk_values(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every value of the filter's reports in long form, with its locator."""
    where, params = _where(filters, "m")
    return run(
        cur,
        f"""SELECT v.report_id, m.agency, m.year, v.key, v.value, v.derived, v.locator
            FROM report_values v JOIN meta m USING (report_id) WHERE {where}
            ORDER BY m.year, m.agency, v.report_id, v.key LIMIT ?""",
        [*params, BULK_MAX_ROWS],
    )


def bulk_findings(cur: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every finding of the filter's reports."""
    where, params = _where(filters, "m")
    return run(
        cur,
        f"""SELECT f.report_id, m.agency, m.year, f.rule, f.severity, f.message, f.keys,
                   f.expected, f.found
            FROM findings f JOIN meta m USING (report_id) WHERE {where}
            ORDER BY m.year, m.agency, f.report_id, f.rule LIMIT ?""",
        [*params, BULK_MAX_ROWS],
    )
