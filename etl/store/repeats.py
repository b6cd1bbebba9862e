"""``repeat_pairs``: reports whose every value equals the same organ's previous-year report
cell for cell (the 通报's 统计表与上一年逐格相同), found at the final publication of an
ingest (with ``etl.store.rollup``) and by ``xxgk synth``, so a dashboard store built on
the file only joins the few rows to its reports (``dashboard.repeats``).

Comparing ~230 key columns of every report with its organ's previous report took 6 s
per 通报 at 10^6 reports. Here each report's values get one ``hash`` of all its key
columns (equal values hash equal: NULL with NULL, -0.0 with 0.0); only the pairs of an
organ's consecutive years with equal hashes (a handful) are compared cell for cell
(``IS NOT DISTINCT FROM``, so a hash collision never lists a report) and their non-zero
cells counted. Rows: ``report_id``, ``previous_report_id``, ``previous_year`` and
``n_nonzero`` (at least ``MIN_NONZERO``).

Derived data like the rollup: no schema version, rebuilt whole each time. The one-row
``repeat_info`` holds the :func:`fingerprint` of ``reports`` (ids, years and the organ
columns) it was built from; a reader trusts the table only while that still matches and
the file's ``report_wide`` is complete, otherwise it computes the same rows itself with
:func:`pairs_sql`.
"""

from __future__ import annotations

import duckdb

from etl.checks import copies
from etl.store import wide as wide_table
from etl.store.fetch import one

TABLE = "repeat_pairs"
INFO = "repeat_info"
#: An empty report repeated is not a copy: the same bar as finding C3.
MIN_NONZERO = copies.MIN_COPIED_NONZERO
#: The identity of an organ across years, best first (organ_key since schema 2): the
#: first of these a report has is its organ.
ORGAN_KEYS = ("organ_key", "agency_id", "agency")
ORGAN = f"coalesce({', '.join(ORGAN_KEYS)})"


def compare_sql(a: str, b: str) -> tuple[str, str]:
    """(every key equal, number of non-zero keys of ``a``) as SQL over aliases a and b."""
    keys = [wide_table.quote(k) for k in wide_table.columns()]
    same = " AND ".join(f"{a}.{k} IS NOT DISTINCT FROM {b}.{k}" for k in keys)
    nonzero = " + ".join(f"(coalesce({a}.{k}, 0) <> 0)::INT" for k in keys)
    return same, f"({nonzero})"


def nonzero_sql(alias: str) -> str:
    """The number of non-zero keys of ``alias`` (NULL and 0 not counted), as one flat list:
    the planner took ~0.1 s over the sum of ~230 comparisons that ``compare_sql`` spells out
    (the count is the same)."""
    cells = ", ".join(f"nullif({alias}.{wide_table.quote(k)}, 0)" for k in wide_table.columns())
    return f"list_count([{cells}])::INTEGER"


def hash_sql(alias: str = "") -> str:
    """The hash of every key column (of table alias ``alias``)."""
    a = f"{alias}." if alias else ""
    return f"hash({', '.join(a + wide_table.quote(k) for k in wide_table.columns())})"


def pairs_sql(reports: str, wide: str) -> str:
    """SELECT of the rows of ``repeat_pairs``. ``reports`` is a SELECT with the columns
    ``report_id``, ``organ``, ``year``, ``h`` (:func:`hash_sql` of the report's values)
    and ``wide_row`` (the rowid of its row in the table ``wide``); fixed SQL from the
    caller. The minimum of non-zero cells is its one parameter."""
    same, _ = compare_sql("a", "b")
    return f"""WITH p AS (SELECT * FROM ({reports}) WHERE organ IS NOT NULL AND year IS NOT NULL),
            pairs AS MATERIALIZED (
                SELECT a.report_id, a.wide_row AS a_row, b.report_id AS previous_report_id,
                       b.year AS previous_year, b.wide_row AS b_row
                FROM p a JOIN p b ON a.organ = b.organ AND b.year = a.year - 1 AND a.h = b.h),
            w AS MATERIALIZED (
                SELECT rowid AS wide_row, * EXCLUDE (report_id) FROM {wide}
                WHERE rowid IN (SELECT a_row FROM pairs UNION SELECT b_row FROM pairs))
            SELECT * FROM (
                SELECT p.report_id, p.previous_report_id, p.previous_year,
                       {nonzero_sql("a")} AS n_nonzero
                FROM pairs p JOIN w a ON a.wide_row = p.a_row JOIN w b ON b.wide_row = p.b_row
                WHERE {same})
            WHERE n_nonzero >= ?"""


def fingerprint_sql(reports: str) -> str:
    """One value over ``reports`` (a current-schema table) that changes when a report is
    added or removed or its year or organ columns change."""
    cols = ", ".join(("report_id", "year", *ORGAN_KEYS))
    return f"SELECT coalesce(bit_xor(hash({cols})), 0) AS h FROM {reports}"


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``repeat_pairs`` of a database whose ``report_wide`` is complete (the
    caller has run ``wide.refresh``); the caller may hold a transaction."""
    w = wide_table.TABLE
    reports = (
        f"SELECT r.report_id, {ORGAN} AS organ, r.year, {hash_sql('w')} AS h, "
        f"w.rowid AS wide_row FROM reports r JOIN {w} w USING (report_id)"
    )
    con.execute(f"CREATE OR REPLACE TABLE {TABLE} AS {pairs_sql(reports, w)}", [MIN_NONZERO])
    h = one(con, fingerprint_sql("reports"))[0]
    con.execute(f"CREATE OR REPLACE TABLE {INFO} (fingerprint UBIGINT)")
    con.execute(f"INSERT INTO {INFO} VALUES (?)", [h])


def is_current(con: duckdb.DuckDBPyConnection, prefix: str = "") -> bool:
    """True when the database's ``repeat_pairs`` was built from its reports as they are
    now (``prefix``: ``"src."`` for an attached file)."""
    try:
        stored = con.execute(f"SELECT fingerprint FROM {prefix}{INFO}").fetchone()
        now = one(con, fingerprint_sql(f"{prefix}reports"))[0]
    except (duckdb.CatalogException, duckdb.BinderException):  # none, or an older file
        return False
    return stored is not None and stored[0] == now
