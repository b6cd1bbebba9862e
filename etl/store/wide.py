"""``report_wide``: every report's values in wide form, one row per report.

Columns: ``report_id``, then one DOUBLE per canonical key of either template, in
the order of ``etl.template.all_keys()`` and named by the key itself, so a column
is quoted in SQL: ``SELECT "apply.new.total" FROM report_wide``. (The part-wise
views ``v_active``/``v_apply``/``v_appeal`` keep the shorter ``<row>__<column>``
names of :func:`etl.template.wide_column`, which cannot name the narrative
keys and would repeat across parts.) NULL means the report does not show the
value, exactly like a missing row of ``report_values``, never 0.

``report_values`` stays the source of truth (derived flags, locators); this table
is its pivot, kept equal to it by the store:

- the loader deletes a replaced or superseded report's row in the same
  transaction as its long rows, so ``report_wide`` never holds a report that
  ``reports`` does not;
- :func:`refresh` adds, in one statement, the row of every report that has none,
  pivoted from ``report_values``. ``Writer.publish`` runs it before every
  publication, so every published snapshot holds one row per report. (Inserting
  each report's row in its own load transaction would cost ~12 ms a report, about
  as much as the rest of the load: a one-row insert into DuckDB costs ~40 µs per
  column. At publication it is ~0.5 ms a report.)
- ``xxgk synth`` writes the rows in bulk from its value matrices, and the
  schema 2 → 3 migration builds the table for an existing file.

Readers that find reports without a row (a file written by the loader without a
publication, or an older schema) pivot those reports themselves with
:func:`pivot_sql`.
"""

from __future__ import annotations

import re

import duckdb

from etl.store.fetch import one
from etl.template import all_keys

TABLE = "report_wide"
_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_PREFIX = re.compile(r"^([a-z_][a-z0-9_]*\.)?$")


def columns() -> list[str]:
    """The value columns, i.e. every canonical key, checked to be safe in SQL text.

    >>> columns()[:2]
    ['active.regulations.issued', 'active.regulations.repealed']
    """
    keys = all_keys()
    bad = [k for k in keys if not _KEY.match(k)]
    if bad:  # keys are embedded in SQL as literals and quoted names
        raise ValueError(f"canonical keys not usable as column names: {bad}")
    return keys


def quote(key: str) -> str:
    """The key as a quoted column name.

    >>> quote("apply.new.total")
    '"apply.new.total"'
    """
    return f'"{key}"'


def create_sql() -> str:
    """CREATE TABLE for ``report_wide``, its columns generated from the template."""
    cols = ",\n    ".join(f"{quote(k)} DOUBLE" for k in columns())
    return (
        f"CREATE TABLE IF NOT EXISTS {TABLE} (\n    report_id VARCHAR PRIMARY KEY,\n    {cols}\n)"
    )


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the table if missing and add a column for any key the template gained."""
    con.execute(create_sql())
    have = {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = current_schema() "
            "AND table_name = ?",
            [TABLE],
        ).fetchall()
    }
    for key in columns():
        if key not in have:
            con.execute(f"ALTER TABLE {TABLE} ADD COLUMN {quote(key)} DOUBLE")


def pivot_sql(prefix: str = "", where: str = "TRUE") -> str:
    """SELECT of ``report_id`` and every key column, one row per report of ``reports``.

    ``prefix`` qualifies the tables (``"src."`` for an attached file); ``where`` is a
    condition on ``reports`` choosing the reports (fixed SQL from the caller, never
    user text). A report without any value gets a row of NULLs.
    """
    if not _PREFIX.match(prefix):
        raise ValueError(f"bad table prefix {prefix!r}")
    keys = columns()
    chosen = f"SELECT report_id FROM {prefix}reports WHERE {where}"
    only = "" if where == "TRUE" else f" WHERE report_id IN ({chosen})"
    values = ", ".join(f"p.{quote(k)}" for k in keys)
    listed = ", ".join(f"'{k}'" for k in keys)
    return (
        f"SELECT c.report_id, {values}\n"
        f"FROM ({chosen}) c LEFT JOIN (\n"
        f"    PIVOT (SELECT report_id, key, value FROM {prefix}report_values{only})\n"
        f"    ON key IN ({listed}) USING first(value) GROUP BY report_id\n"
        ") p ON p.report_id = c.report_id"
    )


def refresh(con: duckdb.DuckDBPyConnection) -> int:
    """Add the rows of reports that have none (caller may hold a transaction); returns
    how many were added. Cheap when nothing is missing: one anti-join on report ids."""
    empty = one(con, f"SELECT count(*) = 0 FROM {TABLE}")[0]
    missing = "TRUE" if empty else f"report_id NOT IN (SELECT report_id FROM {TABLE})"
    n = one(con, f"SELECT count(*) FROM reports WHERE {missing}")[0]
    if n:
        con.execute(
            f"INSERT INTO {TABLE} BY NAME SELECT * FROM ({pivot_sql(where=missing)}) "
            "ORDER BY report_id"
        )
    return int(n)


def delete(con: duckdb.DuckDBPyConnection, report_id: str) -> None:
    """Remove one report's row (inside the caller's transaction)."""
    con.execute(f"DELETE FROM {TABLE} WHERE report_id = ?", [report_id])
