"""Schema migrations: bring a file written by an older xxgk up to ``SCHEMA_VERSION``.

Each step runs in one transaction, so a crash leaves the file at the old version
(and the next writer migrates it again). Schema 1 → 2 adds ``reports.organ_key``,
``rejected_files.kind``, ``report_sources`` and ``superseded_reports``, fills them
from the existing reports and derives the cross-year rule R5 that schema 1 lacked.
Schema 2 → 3 adds ``report_wide`` and fills it with the pivot of ``report_values``
(about 10 s per 100 000 reports).
Schema 3 → 4 adds ``reports.published_on`` / ``published_on_source``; the old rows
keep both NULL (never looked for) until the next ``xxgk ingest`` of their files,
which reads the date again and fills them without reloading the report.
Schema 4 → 5 rebuilds ``report_values`` without its primary key (same rows, ordered by
report and key; see ``ddl.DDL_VALUES_V5``).
Schema 5 → 6 adds ``report_prose`` (empty): the next ``xxgk ingest`` of the old files
reads their prose and fills it without reloading the reports (``etl.store.prose``).
"""

from __future__ import annotations

import duckdb

from etl.agencies.identity import organ_key
from etl.store import crossyear, wide
from etl.store.ddl import DDL_V1, DDL_V2, DDL_V4, DDL_V6, DDL_VALUES_V5, SCHEMA_VERSION


def _v1_to_v2(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL_V1)
    con.execute(DDL_V2)
    rows = con.execute("SELECT report_id, agency_id, agency FROM reports").fetchall()
    updates = [(organ_key(aid, agency), rid) for rid, aid, agency in rows]
    if updates:
        con.executemany("UPDATE reports SET organ_key = ? WHERE report_id = ?", updates)
    con.execute(
        """INSERT INTO report_sources
           SELECT report_id, source_path, source_sha256, source_format, NULL, 'primary',
                  ingested_at
           FROM reports
           WHERE report_id NOT IN (SELECT report_id FROM report_sources)"""
    )
    crossyear.recompute_all(con)
    con.execute("INSERT INTO schema_info VALUES (2, now())")


def _v2_to_v3(con: duckdb.DuckDBPyConnection) -> None:
    wide.ensure(con)
    wide.refresh(con)
    con.execute("INSERT INTO schema_info VALUES (3, now())")


def _v3_to_v4(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL_V4)
    con.execute("INSERT INTO schema_info VALUES (4, now())")


def _v4_to_v5(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE report_values RENAME TO report_values_v4")
    con.execute(DDL_VALUES_V5)
    con.execute(
        "INSERT INTO report_values SELECT report_id, key, value, derived, locator "
        "FROM report_values_v4 ORDER BY report_id, key"
    )
    con.execute("DROP TABLE report_values_v4")
    con.execute("INSERT INTO schema_info VALUES (5, now())")


def _v5_to_v6(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL_V6)
    con.execute("INSERT INTO schema_info VALUES (6, now())")


MIGRATIONS = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6}


def migrate(con: duckdb.DuckDBPyConnection, from_version: int) -> None:
    """Apply every step from ``from_version`` to the current version, one transaction each."""
    version = from_version
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RuntimeError(
                f"cannot upgrade a schema-{version} database; re-create it with 'xxgk ingest'"
            )
        con.execute("BEGIN TRANSACTION")
        try:
            step(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        version += 1
