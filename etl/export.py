"""``xxgk export --parquet DIR``: the published tables as Parquet, for researchers' own tools.

``report_wide``, ``report_values``, ``reports`` and ``findings`` are written as Hive-style
datasets partitioned by the report's year (``DIR/reports/year=2023/….parquet``; rows of
reports whose year is unknown go under ``year=NULL``), so pandas, polars, Arrow, Spark or
DuckDB read one year without touching the others. ``agencies`` has no year (one row per
organ, with its first and last year) and is one file. The export reads the published
snapshot, so it can run while an ingest writes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb

from etl.store.fetch import one

#: table → SELECT giving its rows plus ``year`` (None: written as one file, no partition).
TABLES: dict[str, str | None] = {
    "reports": "SELECT * FROM reports",
    "report_wide": "SELECT w.*, r.year FROM report_wide w JOIN reports r USING (report_id)",
    "report_values": "SELECT v.*, r.year FROM report_values v JOIN reports r USING (report_id)",
    "findings": "SELECT f.*, r.year FROM findings f JOIN reports r USING (report_id)",
    "agencies": None,
}


def export_parquet(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Write every table of :data:`TABLES` under ``out``; returns rows written per table.

    A table's folder is replaced as a whole, so a second export never mixes with a first.
    ``progress(table, rows)`` is told before each table is written: at 10^6 reports
    ``report_values`` holds ~2×10^8 rows, a few minutes of writing on two cores.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # Row order within a year is not part of the export's meaning; letting DuckDB drop it
    # keeps the write streaming in bounded memory.
    con.execute("SET preserve_insertion_order = false")
    counts: dict[str, int] = {}
    for table, select in TABLES.items():
        target = out / table
        if target.exists():
            shutil.rmtree(target)
        counts[table] = one(con, f"SELECT count(*) FROM {table}")[0]
        if progress is not None:
            progress(table, counts[table])
        if select is None:
            target.mkdir()
            sql = f"COPY (SELECT * FROM {table}) TO '{_lit(target / (table + '.parquet'))}' "
            sql += "(FORMAT PARQUET, COMPRESSION ZSTD)"
        else:
            # No ORDER BY: sorting 2×10^8 value rows by year took 20 GB at 10^6 reports;
            # a partitioned write streams, each year's rows go to their own folder anyway.
            sql = (
                f"COPY ({select}) TO '{_lit(target)}' "
                "(FORMAT PARQUET, COMPRESSION ZSTD, PARTITION_BY (year))"
            )
        con.execute(sql)
    return counts


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
