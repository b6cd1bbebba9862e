"""Rollups of ``report_wide`` for the dashboard, rebuilt when an ingest ends.

At 10^6 reports a chart that sums a few keys per year or per level would scan a
million rows on every request. A small table holds those sums instead, made by
:func:`build` at the last publication of an ingest (``Writer.publish(final=True)``) and
by ``xxgk synth``:

- ``rollup_place`` — one row per (year, template, level, kind, province):
  ``n_reports``, ``n_apply`` (reports showing part 三's total), ``n_simulated``,
  ``n_error_reports`` and, named by the key, the sum of every canonical key
  (NULL when no report of the cell shows it, never 0). About 2 000 rows at 10^6
  reports. Finer cells (city, county: ~40 000 at 10^5) cost more to build than the
  scans they would save, so queries by city, county or agency read the reports;
- ``rollup_info`` — the :func:`fingerprint` of ``reports`` it was built from;
- ``repeat_pairs`` (``etl.store.repeats``): tables equal to the organ's previous year.

It is derived data like ``agencies``: no schema version, rebuilt whole each time
(~0.3 s per 10^5 reports; not at the publications during an ingest, which would make
every one of them slower). A reader trusts it only while the fingerprint of
``reports`` still matches and ``report_wide`` is complete; otherwise (an older file,
a file written by the loader without a publication) it builds the same table in
memory from :func:`place_sql`.
"""

from __future__ import annotations

import duckdb

from etl.store import repeats, wide
from etl.store.fetch import one

PLACE = "rollup_place"
INFO = "rollup_info"
#: Grouping columns of ``rollup_place`` (every dimension a chart groups or filters by).
PLACE_DIMS = ("year", "template", "level", "kind", "province")
_COUNTS = (
    "count(*)::BIGINT AS n_reports",
    'count("apply.total.total")::BIGINT AS n_apply',
    "count_if(is_simulated)::BIGINT AS n_simulated",
    "count_if(n_errors > 0)::BIGINT AS n_error_reports",
)


def _sums() -> str:
    return ", ".join(f"sum({wide.quote(k)}) AS {wide.quote(k)}" for k in wide.columns())


def place_sql(source: str) -> str:
    """SELECT of ``rollup_place`` from ``source``: a relation with the report columns
    and one column per key (fixed SQL from the caller)."""
    dims = ", ".join(PLACE_DIMS)
    return (
        f"SELECT {dims}, {', '.join(_COUNTS)}, {_sums()} FROM {source} "
        f"GROUP BY {dims} ORDER BY {dims}"
    )


def fingerprint_sql(reports: str) -> str:
    """One row (n, h) over ``reports``: changes when a report is added, removed or its
    grouping columns, simulated flag or error count change (values change only with a new
    report id, or by a merge that drops the report's wide row until the next publication)."""
    cols = ", ".join(("report_id", "n_errors", "is_simulated", *PLACE_DIMS))
    return f"SELECT count(*) AS n, coalesce(bit_xor(hash({cols})), 0) AS h FROM {reports}"


def fingerprint(con: duckdb.DuckDBPyConnection, reports: str = "reports") -> tuple[int, int]:
    """The fingerprint of ``reports`` (a table name, e.g. ``src.reports``)."""
    n, h = one(con, fingerprint_sql(reports))
    return int(n), int(h)


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the rollup of a database whose ``report_wide`` is complete (the caller
    has run ``wide.refresh``); the caller may hold a transaction."""
    source = (
        f"(SELECT r.*, w.* EXCLUDE (report_id) "
        f"FROM reports r JOIN {wide.TABLE} w USING (report_id))"
    )
    con.execute(f"CREATE OR REPLACE TABLE {PLACE} AS {place_sql(source)}")
    n, h = fingerprint(con)
    con.execute(f"CREATE OR REPLACE TABLE {INFO} (n_reports BIGINT, fingerprint UBIGINT)")
    con.execute(f"INSERT INTO {INFO} VALUES (?, ?)", [n, h])
    repeats.build(con)


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database's rollup was built from its reports as they are now."""
    try:
        stored = con.execute(f"SELECT n_reports, fingerprint FROM {INFO}").fetchone()
    except duckdb.CatalogException:
        return False
    return stored is not None and tuple(stored) == fingerprint(con)
