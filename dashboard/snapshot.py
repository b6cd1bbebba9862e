"""The dashboard's store, made from the published snapshot without copying its values.

:func:`build` takes an in-memory DuckDB with the database file attached read-only
as ``src`` (``etl.store.schema.attach_read_only``) and makes there:

* ``meta`` — one row per report: the report columns the pages use (a default for a
  column an older schema lacks), ``agency_key`` (``organ_key``, else ``agency_id``,
  else the name) and ``agency_ix`` (a dense integer per agency, for fast grouping),
  stored in the physical order of the wide table;
* ``r`` — a view, ``meta`` POSITIONAL JOIN the wide table: one row per report with
  metadata and one column per canonical key, named by the key. Nothing is pivoted
  and no value is copied; a query reads only the key columns it names;
* ``roll_place`` — sums of every key per (year, template, level, kind, province): the
  file's ``rollup_place`` (``etl.store.rollup``, rebuilt at every publication) copied
  into memory (a few thousand rows), or, when the file has none or it no longer
  matches the file's reports, the same table computed here;
* ``agencies`` (latest name, level, kind and place per agency, and ``name_order``: its
  rank by name, which orders per-agency results with an integer sort), ``places``,
  ``cell_agencies``, ``agency_cells`` and ``store_flags`` (for agency counts, see
  ``etl.store.store_tables``), ``meta_values`` (every year × level × kind × template present: the sidebar's options)
  ``agency_intake`` (applications per agency over every dated report, which orders
  the agency picker when no filter narrows it) and ``agency_totals`` (per agency over
  every dated report: the agency's key, name and ``name_order``, the counts and the sums
  of ``AGENCY_KEYS_SUMMED``; in name order, so a page's 175 000 agencies at 10^6 reports
  need no join);
* ``repeated_tables`` (reports whose values repeat the organ's previous year cell for
  cell, :mod:`dashboard.repeats`: the file's ``repeat_pairs`` while current);
* the views ``findings``, ``rejected_files`` and ``report_values`` of the file, and
  ``roster`` (who should publish; empty when the file has none).

``meta`` to ``places`` are made once, at the final publication of an ingest (and by
``xxgk synth``), as the file's ``dash_`` tables (``etl.store.store_tables``); while they
are current the store copies them (views for ``lazy``), ~2 s of processor time at 10^6
reports. A file without them, or whose reports changed since (loaded without a
publication), gets the same tables made here from the same SQL (~8 s of processor
time at 10^6 reports).

The wide table is the file's ``report_wide`` (``etl.store.wide``), which every
publication keeps at one row per report. Should a file lack it (schema < 3), or
not match ``reports`` one to one (written by the loader without a publication),
an in-memory ``wide`` is made instead: the file's rows plus the pivot of the
reports missing there (of every report, when the file lacks a key column). That
is slower on a large file, until the next ``xxgk ingest`` migrates or refreshes it.
"""

from __future__ import annotations

import logging

import duckdb

from dashboard import repeats
from etl.store import rollup, store_tables
from etl.store import roster as roster_table
from etl.store import wide as wide_table
from etl.store.fetch import one

SRC = "src"
#: Keys summed per agency in ``agency_totals`` (``etl.store.store_tables``).
AGENCY_KEYS_SUMMED = store_tables.AGENCY_KEYS_SUMMED
_log = logging.getLogger(__name__)


class SnapshotError(RuntimeError):
    """The attached file is not an xxgk database."""


def _columns(mem: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = mem.execute(
        "SELECT column_name FROM duckdb_columns() "
        "WHERE database_name = ? AND schema_name = 'main' AND table_name = ?",
        [SRC, table],
    ).fetchall()
    return {name for (name,) in rows}


def _aligned(mem: duckdb.DuckDBPyConnection, wide: str) -> bool:
    """True when ``meta`` and ``wide`` hold the same reports, row for row, one per report."""
    n_reports = one(mem, f"SELECT count(*) FROM {SRC}.reports")[0]
    n_meta = one(mem, "SELECT count(*) FROM meta")[0]
    off = one(
        mem,
        f"""SELECT count(*) FROM (SELECT report_id AS a FROM meta)
            POSITIONAL JOIN (SELECT report_id AS b FROM {wide})
            WHERE a IS DISTINCT FROM b""",
    )[0]
    return n_meta == n_reports and off == 0


def _wide_in_memory(mem: duckdb.DuckDBPyConnection, file_rows: bool) -> None:
    """``wide``: the file's rows of its reports (when ``file_rows``), plus the pivot of the
    reports without one."""
    parts, missing = [], "TRUE"
    if file_rows:
        parts.append(
            f"SELECT * FROM {SRC}.report_wide "
            f"WHERE report_id IN (SELECT report_id FROM {SRC}.reports)"
        )
        missing = f"report_id NOT IN (SELECT report_id FROM {SRC}.report_wide)"
    parts.append(f"SELECT * FROM ({wide_table.pivot_sql(f'{SRC}.', missing)})")
    mem.execute("CREATE OR REPLACE TABLE wide AS " + " UNION ALL BY NAME ".join(parts))


def _roster(mem: duckdb.DuckDBPyConnection) -> None:
    """``roster`` (who should publish, ``etl.store.roster``): the file's, else empty."""
    if _columns(mem, roster_table.TABLE):
        mem.execute(f"CREATE OR REPLACE VIEW roster AS SELECT * FROM {SRC}.{roster_table.TABLE}")
    else:
        mem.execute(roster_table.DDL)  # a fresh in-memory database: the table is new


def _rollup(mem: duckdb.DuckDBPyConnection, file_wide: bool) -> None:
    """``roll_place``: the file's rollup when it was built from exactly these reports and
    their wide rows, else computed from ``r``."""
    usable = bool(file_wide and _columns(mem, rollup.PLACE) and _columns(mem, rollup.INFO))
    if usable:
        stored = mem.execute(f"SELECT n_reports, fingerprint FROM {SRC}.{rollup.INFO}").fetchone()
        usable = stored is not None and tuple(stored) == rollup.fingerprint(mem, f"{SRC}.reports")
    source = f"{SRC}.{rollup.PLACE}" if usable else f"({rollup.place_sql('r')})"
    if not usable:
        _log.info("no current rollup in the file: summing the reports in memory")
    mem.execute(f"CREATE OR REPLACE TABLE roll_place AS SELECT * FROM {source}")


#: Copy screening's tables (schema 6) and their columns; an older file gets empty ones.
COPY_TABLES = {
    "copy_pairs": "report_id VARCHAR, other_id VARCHAR, relation VARCHAR, similarity DOUBLE, "
    "n_shared INTEGER, n_own INTEGER",
    "report_prose": "report_id VARCHAR, parts VARCHAR, n_chars INTEGER, prose BLOB",
    "copy_boilerplate": "year INTEGER, sentence_key UBIGINT",
}


def _copies(mem: duckdb.DuckDBPyConnection) -> None:
    """Views over the file's copy tables, or empty tables when it has none."""
    for table, columns in COPY_TABLES.items():
        names = ", ".join(c.split()[0] for c in columns.split(", "))
        if _columns(mem, table):
            mem.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {names} FROM {SRC}.{table}")
        else:
            mem.execute(f"CREATE OR REPLACE TABLE {table} ({columns})")


def _stored(mem: duckdb.DuckDBPyConnection, lazy: bool) -> None:
    """The store's tables copied from the file's ``dash_`` tables (``etl.store.store_tables``:
    ~1.3 s of processor time at 10^6 reports, a sixth of making them), or views over them
    when ``lazy``. Pages query the copies: a scan of the file's compressed columns costs up
    to twice the processor time of one in memory."""
    for table in store_tables.TABLES:
        name = store_tables.file_name(table)
        made_as = "VIEW" if lazy else "TABLE"
        mem.execute(f"CREATE OR REPLACE {made_as} {table} AS SELECT * FROM {SRC}.{name}")


def _made(mem: duckdb.DuckDBPyConnection, present: set[str], usable: bool, lazy: bool) -> str:
    """The store's tables made in memory (``etl.store.store_tables.make``) over the file's
    wide table, or over an in-memory ``wide`` when the file's is missing or incomplete;
    returns the wide table ``meta`` follows."""
    wide = f"{SRC}.{wide_table.TABLE}"
    reports = f"{SRC}.reports"
    if usable:
        store_tables.make_meta(mem, reports, wide, present)
    if not usable or not _aligned(mem, wide):
        _log.warning("report_wide missing or incomplete in the file: pivoting in memory")
        _wide_in_memory(mem, usable)  # a row lacking a key column is pivoted again
        wide = "wide"
        store_tables.make_meta(mem, reports, wide, present)
        if not _aligned(mem, wide):
            raise SnapshotError("report ids are not unique")
    store_tables.make(mem, wide, lazy=lazy)
    return wide


def build(mem: duckdb.DuckDBPyConnection, *, lazy: bool = False) -> int:
    """Make the store's tables and views in ``mem`` (``src`` attached); returns the report
    count. Raises SnapshotError when the file has no ``reports`` or ``report_values``.

    The file's ``dash_`` tables are copied while current; otherwise they are made here
    (~8 s of processor time at 10^6 reports). ``lazy``, for one-off commands (``xxgk
    brief``, ``xxgk notice``) that ask a few questions: views over the file's tables, or
    ``agency_intake`` and ``agency_totals`` (~1.2 s of the 8) made as views, summed when a
    query reads them."""
    present = _columns(mem, "reports")
    if not present or not _columns(mem, "report_values"):
        raise SnapshotError("no reports or report_values table")
    mem.execute("SET preserve_insertion_order = true")  # meta keeps its ORDER BY, as r needs
    usable = set(wide_table.columns()) <= _columns(mem, wide_table.TABLE)
    if usable and store_tables.is_current(mem, SRC):
        _stored(mem, lazy)
        wide = f"{SRC}.{wide_table.TABLE}"
    else:
        wide = _made(mem, present, usable, lazy)
    mem.execute(
        f"""CREATE OR REPLACE VIEW r AS
            SELECT m.*, w.* EXCLUDE (report_id) FROM meta m POSITIONAL JOIN {wide} w"""
    )
    _rollup(mem, wide != "wide")
    repeats.build(mem, wide, SRC if wide != "wide" else None)
    _roster(mem)
    _copies(mem)
    for view, cols in (
        ("findings", "report_id, rule, severity, message, keys, expected, found"),
        ("rejected_files", 'source_path, source_sha256, reason, "at"'),
        ("report_values", "report_id, key, value, derived, locator"),
    ):
        mem.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT {cols} FROM {SRC}.{view}")
    return int(one(mem, "SELECT count(*) FROM meta")[0])
