"""The store's ``repeated_tables``: reports whose every value equals the same organ's
previous-year report cell for cell (the 通报's 统计表与上一年逐格相同), found once when the
store is built instead of on every request.

The pairs come from the file's ``repeat_pairs`` (``etl.store.repeats``, made at the final
publication of an ingest) while it is current; otherwise the store finds them itself with
the same SQL over ``meta`` and the wide table (~1.1 s of processor time at 10^6 reports).
The rows are those of the straightforward self-join of ``r`` (the test compares both):
the report's ``meta`` row, ``previous_report_id``, ``previous_year`` and ``n_nonzero``
(at least ``MIN_NONZERO``).
"""

from __future__ import annotations

import duckdb

from etl.store import repeats as pairs

TABLE = "repeated_tables"
MIN_NONZERO = pairs.MIN_NONZERO
compare_sql = pairs.compare_sql


def build(mem: duckdb.DuckDBPyConnection, wide: str, src: str | None = None) -> None:
    """Make ``repeated_tables`` in the store. ``src``: the attached file's name when its
    ``repeat_pairs`` may be read (its wide table is the one ``r`` reads); else they are
    found from ``meta``, which is in the physical order of ``wide`` (fixed SQL from the
    caller)."""
    if src is not None and pairs.is_current(mem, f"{src}."):
        found = f"SELECT * FROM {src}.{pairs.TABLE}"
        params: list = []
    else:
        reports = f"""SELECT m.report_id, m.agency_ix AS organ, m.year, w.h, w.wide_row
                      FROM meta m POSITIONAL JOIN
                           (SELECT {pairs.hash_sql()} AS h, rowid AS wide_row FROM {wide}) w"""
        found, params = pairs.pairs_sql(reports, wide), [MIN_NONZERO]
    mem.execute(
        f"""CREATE OR REPLACE TABLE {TABLE} AS
            SELECT m.*, p.previous_report_id, p.previous_year, p.n_nonzero
            FROM ({found}) p JOIN meta m ON m.report_id = p.report_id""",
        params,
    )
