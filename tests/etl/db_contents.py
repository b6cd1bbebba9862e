"""Compare two databases by content: every table's rows, order and clock columns aside."""

from __future__ import annotations

from pathlib import Path

from etl.store.schema import open_read_only

#: Columns that record when something happened, not what was loaded.
CLOCK_COLUMNS = {
    "ingested_at", "added_at", "at", "superseded_at", "created_at", "refreshed_at",
    "screened_at", "seconds",  # copy_screens: when a year was screened and how long it took
}  # fmt: skip
#: Columns derived from a clock column: ``dash_info.fingerprint`` hashes ``reports.ingested_at``.
CLOCK_DERIVED = {("dash_info", "fingerprint")}


def _settled(x):
    """A float to 12 significant digits: DuckDB sums doubles in the order it meets the rows
    (``rollup_place``'s fee sums differ in the last bit when publications fall elsewhere)."""
    return float(f"{x:.12g}") if isinstance(x, float) else x


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every base table's rows (clock columns left out), sorted."""
    con = open_read_only(db)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' AND table_schema = current_schema() "
                "ORDER BY 1"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            cols = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "AND table_schema = current_schema() ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if c not in CLOCK_COLUMNS and (table, c) not in CLOCK_DERIVED
            ]
            listed = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f'SELECT {listed} FROM "{table}"').fetchall()
            rows = [tuple(map(_settled, r)) for r in rows]
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def assert_same_contents(a: Path, b: Path) -> None:
    """Both databases hold the same rows in every table."""
    left, right = contents(a), contents(b)
    assert sorted(left) == sorted(right)
    for table in left:
        assert len(left[table]) == len(right[table]), table
        assert left[table] == right[table], table
