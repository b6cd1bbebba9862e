"""``xxgk export --parquet``: every table comes back from Parquet as it is in the database."""

from __future__ import annotations

import pyarrow.dataset as ds
import pytest

from etl.cli import main
from etl.demo.synth import synthesize
from etl.store.schema import open_read_only


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "synth.duckdb"
    synthesize(300, path, seed=7)
    return path


def _dataset(folder):
    return ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pandas()


def test_every_table_is_written_partitioned_by_year(db, tmp_path, capsys):
    out = tmp_path / "pq"
    assert main(["export", "--parquet", str(out), "--db", str(db)]) == 0
    said = capsys.readouterr()
    assert "report_values" in said.out
    con = open_read_only(db)
    n_values = con.execute("SELECT count(*) FROM report_values").fetchone()[0]
    con.close()
    assert f"xxgk: writing report_values: {n_values:,} rows…" in said.err.splitlines()
    con = open_read_only(db)
    try:
        years = {y for (y,) in con.execute("SELECT DISTINCT year FROM reports").fetchall()}
        assert len(years) > 1
        for table in ("reports", "report_wide", "report_values", "findings"):
            parts = {p.name for p in (out / table).iterdir()}
            n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if n:
                assert parts <= {f"year={y}" for y in years}, table
            assert len(_dataset(out / table)) == n, table
        frame = _dataset(out / "agencies")
        assert len(frame) == con.execute("SELECT count(*) FROM agencies").fetchone()[0]
        wide = _dataset(out / "report_wide").set_index("report_id")
        rid, key, value, year = con.execute(
            "SELECT v.report_id, v.key, v.value, r.year FROM report_values v "
            "JOIN reports r USING (report_id) ORDER BY v.report_id, v.key LIMIT 1"
        ).fetchone()
        assert wide.loc[rid, key] == value
        assert int(wide.loc[rid, "year"]) == year
        one_year = ds.dataset(out / "reports" / f"year={year}", format="parquet").to_table()
        assert (
            one_year.num_rows
            == con.execute("SELECT count(*) FROM reports WHERE year = ?", [year]).fetchone()[0]
        )
    finally:
        con.close()


def test_a_second_export_replaces_the_first(db, tmp_path):
    out = tmp_path / "pq"
    main(["export", "--parquet", str(out), "--db", str(db)])
    main(["export", "--parquet", str(out), "--db", str(db)])
    con = open_read_only(db)
    try:
        n = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        con.close()
    assert len(_dataset(out / "reports")) == n
