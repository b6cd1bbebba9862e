"""The store's ``repeated_tables``: reports whose every value equals the same organ's
previous-year report cell for cell (the 通报's 统计表与上一年逐格相同), found once when the
store is built instead of on every request.

Comparing ~230 key columns of every report with its organ's previous report took 6 s
per 通报 at 10^6 reports. Here each report's values get one ``hash`` of all its key
columns (equal values hash equal: NULL with NULL, -0.0 with 0.0); only the pairs of an
organ's consecutive years with equal hashes (a handful) are compared cell for cell
(``IS NOT DISTINCT FROM``, so a hash collision never lists a report) and their non-zero
cells counted. The rows are those of the straightforward self-join of ``r`` (the test
compares both): the report's ``meta`` row, ``previous_report_id``, ``previous_year`` and
``n_nonzero`` (at least ``MIN_NONZERO``).
"""

from __future__ import annotations

import duckdb

from etl.checks import copies
from etl.store import wide as wide_table

TABLE = "repeated_tables"
#: An empty report repeated is not a copy: the same bar as finding C3.
MIN_NONZERO = copies.MIN_COPIED_NONZERO


def compare_sql(a: str, b: str) -> tuple[str, str]:
    """(every key equal, number of non-zero keys of ``a``) as SQL over aliases a and b."""
    keys = [wide_table.quote(k) for k in wide_table.columns()]
    same = " AND ".join(f"{a}.{k} IS NOT DISTINCT FROM {b}.{k}" for k in keys)
    nonzero = " + ".join(f"(coalesce({a}.{k}, 0) <> 0)::INT" for k in keys)
    return same, f"({nonzero})"


def build(mem: duckdb.DuckDBPyConnection, wide: str) -> None:
    """Make ``repeated_tables`` in the store; ``meta`` is in the physical order of ``wide``
    (the table ``r`` reads, fixed SQL from the caller)."""
    keys = ", ".join(wide_table.quote(k) for k in wide_table.columns())
    mem.execute(
        f"""CREATE OR REPLACE TEMP TABLE repeat_pairs AS
            WITH p AS (
                SELECT m.report_id, m.agency_ix, m.year, w.h, w.wide_row
                FROM meta m POSITIONAL JOIN
                     (SELECT hash({keys}) AS h, rowid AS wide_row FROM {wide}) w
                WHERE m.agency_ix IS NOT NULL AND m.year IS NOT NULL)
            SELECT a.report_id, a.wide_row AS a_row, b.report_id AS previous_report_id,
                   b.year AS previous_year, b.wide_row AS b_row
            FROM p a JOIN p b
              ON a.agency_ix = b.agency_ix AND b.year = a.year - 1 AND a.h = b.h"""
    )
    same, nonzero = compare_sql("a", "b")
    mem.execute(
        f"""CREATE OR REPLACE TABLE {TABLE} AS
            WITH w AS MATERIALIZED (
                SELECT rowid AS wide_row, * EXCLUDE (report_id) FROM {wide}
                WHERE rowid IN (SELECT a_row FROM repeat_pairs UNION SELECT b_row FROM repeat_pairs))
            SELECT m.*, p.previous_report_id, p.previous_year, {nonzero} AS n_nonzero
            FROM repeat_pairs p JOIN w a ON a.wide_row = p.a_row
                 JOIN w b ON b.wide_row = p.b_row JOIN meta m ON m.report_id = p.report_id
            WHERE {same} AND {nonzero} >= ?""",
        [MIN_NONZERO],
    )
    mem.execute("DROP TABLE repeat_pairs")
