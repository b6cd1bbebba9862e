"""The dashboard store's tables (``dash_``) are made at the final publication and
stamped with the reports they were made from."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.pipeline import IngestOptions, ingest
from etl.store import store_tables
from tests.hostile.make_hostile import report_text


def _folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        text = report_text(f"甲市{'乙丙丁'[i]}局", 2022 + i)
        (folder / f"r{i}.txt").write_text(text, encoding="utf-8")
    return folder


def test_the_final_publication_makes_current_store_tables(tmp_path: Path):
    db = tmp_path / "x.duckdb"
    # Every change publishes, so nothing is pending when the ingest ends.
    ingest([_folder(tmp_path, 3)], db, options=IngestOptions(isolate=False, publish_every=1))
    with duckdb.connect(str(db), read_only=True) as con:
        assert store_tables.is_current(con)
        got = con.execute("SELECT agency, year FROM dash_meta ORDER BY year").fetchall()
        assert got == [("甲市乙局", 2022), ("甲市丙局", 2023), ("甲市丁局", 2024)]
        totals = con.execute("SELECT agency, n_reports FROM dash_agency_totals ORDER BY ALL")
        assert totals.fetchall() == [("甲市丁局", 1), ("甲市丙局", 1), ("甲市乙局", 1)]


def test_an_older_file_gets_them_at_its_next_ingest(tmp_path: Path):
    db = tmp_path / "x.duckdb"
    folder = _folder(tmp_path, 2)
    ingest([folder], db, options=IngestOptions(isolate=False))
    with duckdb.connect(str(db)) as con:  # as written by an xxgk without them
        for table in store_tables.TABLES:
            con.execute(f"DROP TABLE {store_tables.file_name(table)}")
        con.execute(f"DROP TABLE {store_tables.INFO}")
        assert not store_tables.is_current(con)
    ingest([folder], db, options=IngestOptions(isolate=False))  # nothing new to load
    with duckdb.connect(str(db), read_only=True) as con:
        assert store_tables.is_current(con)
        assert con.execute("SELECT count(*) FROM dash_meta").fetchone()[0] == 2


def test_a_report_without_its_wide_row_makes_them_stale(tmp_path: Path):
    db = tmp_path / "x.duckdb"
    ingest([_folder(tmp_path, 2)], db, options=IngestOptions(isolate=False))
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM report_wide WHERE rowid = 0")
        assert not store_tables.is_current(con)
