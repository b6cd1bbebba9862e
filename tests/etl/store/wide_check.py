"""``report_wide`` against the pivot of ``report_values``, computed here in Python."""

from __future__ import annotations

import duckdb

from etl.template import all_keys


def pivot_of_values(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    """report_id → {key: value} from the long table, every report (even without values)."""
    out: dict[str, dict[str, float]] = {
        rid: {} for (rid,) in con.execute("SELECT report_id FROM reports").fetchall()
    }
    for rid, key, value in con.execute(
        "SELECT report_id, key, value FROM report_values"
    ).fetchall():
        out.setdefault(rid, {})[key] = value
    return out


def wide_rows(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    """report_id → {key: value} of the non-NULL cells of report_wide."""
    cur = con.execute("SELECT * FROM report_wide")
    names = [d[0] for d in cur.description]
    out: dict[str, dict[str, float]] = {}
    for row in cur.fetchall():
        assert row[0] not in out, f"two rows for {row[0]}"
        out[row[0]] = {k: v for k, v in zip(names[1:], row[1:], strict=True) if v is not None}
    return out


def assert_wide_is_pivot(con: duckdb.DuckDBPyConnection, *, complete: bool = True) -> int:
    """report_wide has one column per canonical key and equals the pivot of report_values
    (``complete=False``: rows may be missing, as in a working file between publications,
    but every row there is right). Returns the number of rows."""
    cols = con.execute("DESCRIBE report_wide").fetchall()
    assert [c[0] for c in cols] == ["report_id", *all_keys()]
    assert {c[1] for c in cols[1:]} == {"DOUBLE"}
    expected, got = pivot_of_values(con), wide_rows(con)
    if complete:
        assert got == expected
    else:
        assert set(got) <= set(expected)
        assert got == {rid: expected[rid] for rid in got}
    return len(got)
