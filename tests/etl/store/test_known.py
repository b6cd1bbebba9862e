"""Which files the database holds, asked many at once: the same answers as one by one."""

from __future__ import annotations

import shutil

from etl.pipeline import IngestOptions, ingest
from etl.store import loader
from etl.store.known import KnownFiles, held, sha256_of
from etl.store.schema import connect
from tests.etl.db_contents import contents
from tests.hostile.make_hostile import report_text


def _files(folder, n):
    folder.mkdir()
    out = []
    for i in range(n):
        p = folder / f"r{i}.txt"
        p.write_text(report_text(f"测试市第{i}局", 2022), encoding="utf-8")
        out.append(p)
    return out


def test_held_answers_as_report_exists_and_needs_backfill(tmp_path):
    files = _files(tmp_path / "in", 4)
    db = tmp_path / "x.duckdb"
    ingest(files[:2], db, options=IngestOptions(isolate=False))
    con = connect(str(db))
    try:
        # a report loaded before schema 6 lacks its prose: its file is read again
        con.execute("DELETE FROM report_prose WHERE report_id = ?", [sha256_of(files[1])[:16]])
        shas = [sha256_of(f) for f in files]
        expected = {
            s for s in shas if loader.report_exists(con, s) and not loader.needs_backfill(con, s)
        }
        assert expected == {shas[0]}
        assert held(con, shas) == expected
        known = KnownFiles(files, 1 << 24, ahead=2)
        assert [known.is_held(con, f, known.sha(f)) for f in files] == [True, False, False, False]
    finally:
        con.close()


def test_a_twin_in_the_same_batch_is_recorded_as_a_source_whatever_the_timing(tmp_path):
    # the twin is asked about before its original is stored (one query for the batch), so
    # the loader finds it unchanged and lists it, as a later ingest would
    files = _files(tmp_path / "in", 3)
    twin = tmp_path / "in" / "z_twin.txt"
    shutil.copyfile(files[0], twin)
    one_go = tmp_path / "one.duckdb"
    summary = ingest([tmp_path / "in"], one_go, options=IngestOptions(jobs=2))
    assert len(summary.loaded) == 3 and summary.unchanged == [str(twin)]
    two_goes = tmp_path / "two.duckdb"
    ingest(files, two_goes, options=IngestOptions(isolate=False))
    again = ingest([tmp_path / "in"], two_goes, options=IngestOptions(isolate=False))
    assert again.unchanged == [*map(str, files), str(twin)]
    assert contents(one_go)["report_sources"] == contents(two_goes)["report_sources"]
    sources = contents(one_go)["report_sources"]
    assert sum(1 for row in sources if row[1] == str(twin)) == 1
