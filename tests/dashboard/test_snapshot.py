"""The store reads the file's report_wide in place; files without it (or with rows
missing) are pivoted in memory and give the same rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import dash_factory as factory
import duckdb
import pandas as pd
import pytest

from dashboard import queries, snapshot
from etl.store import rollup, schema, store_tables


def build(db: Path) -> duckdb.DuckDBPyConnection:
    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, db, snapshot.SRC)
    snapshot.build(mem)
    return mem


def rows(mem: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    df = mem.execute("SELECT * FROM r ORDER BY report_id").df()
    return df[sorted(df.columns)]


def has_memory_table(mem: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        mem.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'memory' AND table_name = ?",
            [name],
        ).fetchone()[0]
    )


def test_values_are_read_in_place(store):
    assert not has_memory_table(store, "wide")  # nothing pivoted, nothing copied
    kinds = dict(
        store.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_catalog = 'memory'"
        ).fetchall()
    )
    assert kinds["r"] == "VIEW" and kinds["meta"] == "BASE TABLE"
    assert len(rows(store)) == len(factory.REPORTS)


def test_one_report_values_come_through_the_store(store):
    case = factory.REPORTS[0]
    df = queries.report_values(store.cursor(), case.report_id)
    assert dict(zip(df["key"], df["value"], strict=True)) == {
        k: v for k, (v, _) in factory.values_for(case).items()
    }
    assert df["locator"].str.contains('"line"').all()


@pytest.mark.parametrize("damage", ["rows missing", "orphan row", "schema 2", "key missing"])
def test_an_incomplete_wide_table_is_completed_in_memory(dash_db, store, tmp_path, damage):
    db = tmp_path / "copy.duckdb"
    shutil.copy(dash_db, db)
    con = duckdb.connect(str(db))
    ids = [c.report_id for c in factory.REPORTS]
    if damage == "rows missing":  # loaded without a publication
        con.execute("DELETE FROM report_wide WHERE report_id IN (?, ?)", ids[:2])
    elif damage == "orphan row":  # same row count, but one row belongs to no report
        con.execute("DELETE FROM report_wide WHERE report_id = ?", [ids[0]])
        con.execute("INSERT INTO report_wide (report_id) VALUES ('no-such-report')")
    elif damage == "schema 2":  # written by the previous xxgk
        con.execute("DROP TABLE report_wide")
        con.execute("UPDATE schema_info SET schema_version = 2")
    else:  # written when the template had fewer keys
        con.execute('ALTER TABLE report_wide DROP COLUMN "apply.new.total"')
    con.close()
    mem = build(db)
    assert has_memory_table(mem, "wide")
    pd.testing.assert_frame_equal(rows(mem), rows(store))
    mem.close()


def test_a_lazy_store_gives_the_same_agency_totals(dash_db):
    eager = build(dash_db)
    lazy = duckdb.connect(":memory:")
    schema.attach_read_only(lazy, dash_db, snapshot.SRC)
    snapshot.build(lazy, lazy=True)
    for name in ("agency_intake", "agency_totals"):
        assert has_memory_table(eager, name) and not has_memory_table(lazy, name)
        sql = f"SELECT * FROM {name} ORDER BY ALL"
        pd.testing.assert_frame_equal(lazy.execute(sql).df(), eager.execute(sql).df())
    assert len(eager.execute("SELECT * FROM agency_totals").df()) > 1
    eager.close()
    lazy.close()


def published(dash_db: Path, tmp_path: Path) -> Path:
    """A copy of the factory database with what a final publication adds."""
    db = tmp_path / "published.duckdb"
    shutil.copy(dash_db, db)
    with duckdb.connect(str(db)) as con:
        rollup.build(con)
        store_tables.build(con)
    return db


def table(mem: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    return mem.execute(f"SELECT * FROM {name} ORDER BY ALL").df()


@pytest.mark.parametrize("lazy", [False, True])
def test_a_published_file_s_store_tables_are_read_not_made(dash_db, store, tmp_path, lazy):
    db = published(dash_db, tmp_path)
    with duckdb.connect(str(db)) as con:  # what the store shows comes from the dash_ tables
        con.execute(f"UPDATE {store_tables.file_name('agencies')} SET city = city || '·'")
    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, db, snapshot.SRC)
    snapshot.build(mem, lazy=lazy)
    for name in (*store_tables.TABLES, "r", "repeated_tables", "roll_place"):
        if name in store_tables.TABLES:
            assert has_memory_table(mem, name) is not lazy, name  # lazy: a view of the file's
        got, want = table(mem, name), table(store, name)
        if name == "agencies":
            assert (got["city"] == want["city"] + "·").all()
            got["city"] = want["city"]
        pd.testing.assert_frame_equal(got, want)
    assert len(table(mem, "agency_totals")) > 1
    mem.close()


def test_store_tables_of_changed_reports_are_made_anew(dash_db, tmp_path):
    db = published(dash_db, tmp_path)
    case = factory.REPORTS[0]
    with duckdb.connect(str(db)) as con:  # e.g. a loader run without a publication
        assert store_tables.is_current(con)
        con.execute("UPDATE reports SET agency = '改名局' WHERE report_id = ?", [case.report_id])
        assert not store_tables.is_current(con)
    mem = build(db)
    assert has_memory_table(mem, "meta") and has_memory_table(mem, "agency_totals")
    names = mem.execute("SELECT agency FROM meta WHERE report_id = ?", [case.report_id])
    assert names.fetchone() == ("改名局",)
    mem.close()
