"""Cases 6, 7 and 10 of issue 12: symlinked databases, stale working files, left-overs."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import IngestOptions, ingest
from etl.store.publish import work_path
from tests.hostile.make_hostile import report_text

OPTS = IngestOptions(isolate=False)


def _batch(folder: Path, *agencies: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in agencies:
        (folder / f"{name}.txt").write_text(report_text(name, 2023), encoding="utf-8")
    return folder


def _count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        con.close()


def test_ingest_through_a_symlink_writes_the_real_database(tmp_path):
    db = tmp_path / "x.duckdb"
    ingest([_batch(tmp_path / "a", "甲市统计局")], db, options=OPTS)
    link = tmp_path / "link.duckdb"
    link.symlink_to(db)
    ingest([_batch(tmp_path / "b", "乙市统计局")], link, options=OPTS)
    ingest([_batch(tmp_path / "c", "丙市统计局")], db, options=OPTS)
    assert link.is_symlink() and link.resolve() == db.resolve()
    assert _count(db) == 3
    assert not list(tmp_path.glob(".link*"))  # no lock or working file beside the link


def test_left_over_working_file_of_another_snapshot_is_rebuilt(tmp_path):
    db = tmp_path / "x.duckdb"
    ingest([_batch(tmp_path / "a", "甲市统计局", "乙市统计局")], db, options=OPTS)
    good = tmp_path / "good.bak"
    shutil.copyfile(db, good)
    db.write_bytes(b"\0garbage, not a database" * 1000)  # the snapshot is damaged
    with pytest.raises(Exception):  # noqa: B017 - any failure; it must not stick
        ingest([_batch(tmp_path / "b", "丙市统计局")], db, options=OPTS)
    shutil.copyfile(good, db)  # the user restores a good snapshot
    summary = ingest([tmp_path / "b"], db, options=OPTS)
    assert summary.loaded and summary.notice and "重建" in summary.notice
    assert _count(db) == 3
    assert not work_path(db).exists()


def test_unopenable_working_file_is_rebuilt_from_the_snapshot(tmp_path):
    db = tmp_path / "x.duckdb"
    ingest([_batch(tmp_path / "a", "甲市统计局")], db, options=OPTS)
    work_path(db).write_bytes(b"\0not a database" * 1000)
    summary = ingest([_batch(tmp_path / "b", "乙市统计局")], db, options=OPTS)
    assert summary.notice and "重建" in summary.notice
    assert _count(db) == 2


def test_failed_copy_leaves_no_temporary_file(tmp_path):
    from etl.store.publish import copy_atomically

    src = tmp_path / "src.duckdb"
    src.write_bytes(b"x" * (3 << 20))
    dst = tmp_path / "dst.duckdb"
    dst.mkdir()  # the replace fails (as on a full disk or an immutable file)
    (dst / "keep").write_text("x")
    with pytest.raises(OSError):
        copy_atomically(src, dst)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dst.duckdb", "src.duckdb"]


def test_read_only_database_is_refused_and_stays_read_only(tmp_path):
    from etl.store.publish import ReadOnlyDatabase

    db = tmp_path / "x.duckdb"
    ingest([_batch(tmp_path / "a", "甲市统计局")], db, options=OPTS)
    db.chmod(0o444)
    before = db.read_bytes()
    with pytest.raises(ReadOnlyDatabase, match="只读"):
        ingest([_batch(tmp_path / "b", "乙市统计局")], db, options=OPTS)
    assert db.stat().st_mode & 0o777 == 0o444 and db.read_bytes() == before
    assert not list(tmp_path.glob(".*tmp")) and not work_path(db).exists()
