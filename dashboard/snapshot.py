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
  ``_agency_counts``), ``meta_values`` (every year × level × kind × template present: the sidebar's options)
  ``agency_intake`` (applications per agency over every dated report, which orders
  the agency picker when no filter narrows it) and ``agency_totals`` (per agency over
  every dated report: the agency's key, name and ``name_order``, the counts and the sums
  of ``AGENCY_KEYS_SUMMED``; in name order, so a page's 175 000 agencies at 10^6 reports
  need no join);
* ``repeated_tables`` (reports whose values repeat the organ's previous year cell for
  cell, :mod:`dashboard.repeats`: the file's ``repeat_pairs`` while current);
* the views ``findings``, ``rejected_files`` and ``report_values`` of the file, and
  ``roster`` (who should publish; empty when the file has none).

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
from etl.store import repeats as repeat_pairs
from etl.store import rollup
from etl.store import roster as roster_table
from etl.store import wide as wide_table
from etl.store.ddl import REPORTS
from etl.store.fetch import one
from etl.template import all_keys

SRC = "src"
#: Report columns the pages read (every column but the organ's ids, which ``agency_key``
#: stands for), with what to show for a column a file of an older schema lacks.
REPORT_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (c.name, c.missing) for c in REPORTS if c.group != "identity"
)
#: Keys summed per agency over every year in ``agency_totals`` (what the per-agency charts
#: of the outcomes, denials and appeals pages read): part 三's 总计 column and all of part 四.
AGENCY_KEYS_SUMMED = tuple(
    k
    for k in all_keys()
    if (k.startswith("apply.") and k.endswith(".total")) or k.startswith("appeal.")
)
#: The identity of an organ across years, best first (organ_key since schema 2).
AGENCY_KEYS = repeat_pairs.ORGAN_KEYS
_log = logging.getLogger(__name__)


class SnapshotError(RuntimeError):
    """The attached file is not an xxgk database."""


def report_select(present: set[str]) -> str:
    """The SELECT list over ``reports`` given the columns it has: defaults, agency_key.

    >>> report_select({"report_id", "agency", "year"}).split(", ")[:4]
    ['report_id', 'agency', 'coalesce(agency) AS agency_key', 'year']
    """
    cols = [c if c in present else f"{default} AS {c}" for c, default in REPORT_FIELDS]
    ids = [k for k in AGENCY_KEYS if k in present]
    cols.insert(2, f"coalesce({', '.join(ids)}) AS agency_key" if ids else "NULL AS agency_key")
    return ", ".join(cols)


def _columns(mem: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = mem.execute(
        "SELECT column_name FROM duckdb_columns() "
        "WHERE database_name = ? AND schema_name = 'main' AND table_name = ?",
        [SRC, table],
    ).fetchall()
    return {name for (name,) in rows}


def _make_meta(mem: duckdb.DuckDBPyConnection, wide: str, select: str) -> None:
    """``meta`` in the physical order of ``wide`` (its rowid), which the view relies on."""
    mem.execute(
        f"""CREATE OR REPLACE TABLE meta AS
            WITH rep AS (SELECT {select} FROM {SRC}.reports),
                 ks AS (SELECT agency_key,
                               (row_number() OVER (ORDER BY agency_key) - 1)::INTEGER AS agency_ix
                        FROM (SELECT DISTINCT agency_key FROM rep WHERE agency_key IS NOT NULL))
            SELECT rep.*, ks.agency_ix
            FROM (SELECT report_id, rowid AS wide_row FROM {wide}) w
            JOIN rep USING (report_id) LEFT JOIN ks USING (agency_key)
            ORDER BY w.wide_row"""
    )


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


def _agency_counts(mem: duckdb.DuckDBPyConnection) -> None:
    """What agency counts of the rollup path read instead of every report:
    ``cell_agencies`` (distinct agencies per rollup cell), ``agency_cells`` (a row per
    agency and level, kind, province with the ``year/template`` pairs it reported) and
    ``store_flags``: ``one_cell_per_year`` (no agency has reports in two cells of one
    year, so per-year counts add up over cells) and ``one_row_per_agency`` (agencies
    are counted by counting rows)."""
    dims = ", ".join(rollup.PLACE_DIMS)
    mem.execute(
        f"""CREATE OR REPLACE TABLE cell_agencies AS
            SELECT {dims}, count(DISTINCT agency_ix) AS n FROM meta GROUP BY {dims}"""
    )
    other = ", ".join(d for d in rollup.PLACE_DIMS if d not in ("year", "template"))
    mem.execute(
        f"""CREATE OR REPLACE TABLE agency_cells AS
            SELECT agency_ix, {other},
                   list(DISTINCT concat_ws('/', year, template)) AS cells FROM meta
            WHERE agency_ix IS NOT NULL GROUP BY agency_ix, {other}"""
    )
    mem.execute(
        f"""CREATE OR REPLACE TABLE store_flags AS
            SELECT (SELECT count(*) = 0 FROM (
                      SELECT agency_ix, year FROM meta WHERE agency_ix IS NOT NULL
                      GROUP BY agency_ix, year HAVING count(DISTINCT (template, {other})) > 1)
                   ) AS one_cell_per_year,
                   (SELECT count(*) = count(DISTINCT agency_ix) FROM agency_cells)
                   AS one_row_per_agency"""
    )


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


def build(mem: duckdb.DuckDBPyConnection, *, lazy: bool = False) -> int:
    """Make the store's tables and views in ``mem`` (``src`` attached); returns the report
    count. Raises SnapshotError when the file has no ``reports`` or ``report_values``.

    ``lazy``: ``agency_intake`` and ``agency_totals`` (what the sidebar's picker and the
    per-agency charts of the usual view read: ~1.2 s of processor time at 10^6 reports)
    become views, summed when a query reads them: for one-off commands (``xxgk brief``,
    ``xxgk notice``) that seldom do."""
    present = _columns(mem, "reports")
    if not present or not _columns(mem, "report_values"):
        raise SnapshotError("no reports or report_values table")
    select = report_select(present)
    made_as = "VIEW" if lazy else "TABLE"
    mem.execute("SET preserve_insertion_order = true")  # meta keeps its ORDER BY, as r needs
    file_wide = _columns(mem, wide_table.TABLE)
    wide = f"{SRC}.{wide_table.TABLE}"
    usable = set(wide_table.columns()) <= file_wide
    if usable:
        _make_meta(mem, wide, select)
    if not usable or not _aligned(mem, wide):
        _log.warning("report_wide missing or incomplete in the file: pivoting in memory")
        _wide_in_memory(mem, usable)  # a row lacking a key column is pivoted again
        wide = "wide"
        _make_meta(mem, wide, select)
        if not _aligned(mem, wide):
            raise SnapshotError("report ids are not unique")
    mem.execute(
        f"""CREATE OR REPLACE VIEW r AS
            SELECT m.*, w.* EXCLUDE (report_id) FROM meta m POSITIONAL JOIN {wide} w"""
    )
    _rollup(mem, wide != "wide")
    repeats.build(mem, wide, SRC if wide != "wide" else None)
    mem.execute(
        """CREATE OR REPLACE TABLE agencies AS
           SELECT *, row_number() OVER (ORDER BY agency, agency_ix)::INTEGER AS name_order
           FROM (SELECT agency_ix, any_value(agency_key) AS agency_key,
                        arg_max(agency, year) AS agency, arg_max(level, year) AS level,
                        arg_max(kind, year) AS kind, arg_max(province, year) AS province,
                        arg_max(city, year) AS city, arg_max(county, year) AS county
                 FROM meta WHERE agency_ix IS NOT NULL GROUP BY agency_ix)
           ORDER BY name_order"""
    )
    mem.execute(  # the sidebar's picker in its usual view (every year): busiest first
        f"""CREATE OR REPLACE {made_as} agency_intake AS
           SELECT agency_ix, sum("apply.new.total") AS n FROM r
           WHERE agency_ix IS NOT NULL AND year IS NOT NULL GROUP BY agency_ix"""
    )
    sums = ", ".join(
        f"sum({wide_table.quote(k)}) AS {wide_table.quote(k)}" for k in AGENCY_KEYS_SUMMED
    )
    mem.execute(  # per-agency rankings in the usual view (every year)
        f"""CREATE OR REPLACE {made_as} agency_totals AS
            SELECT a.agency_key, a.agency, a.name_order, t.*
            FROM (SELECT agency_ix, count(*) AS n_reports, count("apply.total.total") AS n_apply,
                         count_if(is_simulated)::BIGINT AS n_simulated,
                         count_if(n_errors > 0)::BIGINT AS n_error_reports, {sums}
                  FROM r WHERE agency_ix IS NOT NULL AND year IS NOT NULL GROUP BY agency_ix) t
            JOIN agencies a USING (agency_ix) ORDER BY a.name_order"""
    )
    _agency_counts(mem)
    mem.execute(
        """CREATE OR REPLACE TABLE meta_values AS
           SELECT DISTINCT year, level, kind, template FROM meta"""
    )
    mem.execute(
        """CREATE OR REPLACE TABLE places AS
           SELECT DISTINCT coalesce(province, '') AS province, coalesce(city, '') AS city,
                  coalesce(county, '') AS county FROM meta"""
    )
    _roster(mem)
    _copies(mem)
    for view, cols in (
        ("findings", "report_id, rule, severity, message, keys, expected, found"),
        ("rejected_files", 'source_path, source_sha256, reason, "at"'),
        ("report_values", "report_id, key, value, derived, locator"),
    ):
        mem.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT {cols} FROM {SRC}.{view}")
    return int(one(mem, "SELECT count(*) FROM meta")[0])
