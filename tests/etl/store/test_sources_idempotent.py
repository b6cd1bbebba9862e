"""Case 10 of issue 12: report_sources stays idempotent; renamed copies and paths are sources."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.pipeline import IngestOptions, ingest
from tests.hostile.make_hostile import report_text, text_to_html

OPTS = IngestOptions(isolate=False)


def _sources(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT report_id, source_path, role FROM report_sources ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    text = report_text("某市某局", 2023)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a.html").write_text(text_to_html(text, "某市某局2023年报"), encoding="utf-8")
    return folder


def test_rerun_after_a_version_change_adds_no_source_rows(tmp_path):
    folder = _corpus(tmp_path / "in")
    db = tmp_path / "x.duckdb"
    ingest([folder], db, options=OPTS)
    before = _sources(db)
    assert len(before) == 2
    con = duckdb.connect(str(db))  # as a database written before schema 4 would be
    con.execute("UPDATE reports SET published_on = NULL, published_on_source = NULL")
    con.close()
    ingest([folder], db, options=OPTS)
    ingest([folder], db, options=OPTS)
    assert _sources(db) == before


def test_renamed_identical_file_is_recorded_as_a_source(tmp_path):
    folder = _corpus(tmp_path / "in")
    db = tmp_path / "x.duckdb"
    ingest([folder], db, options=OPTS)
    (folder / "a.txt").rename(folder / "renamed.txt")
    summary = ingest([folder], db, options=OPTS)
    assert not summary.loaded
    paths = {Path(p).name for _, p, _ in _sources(db)}
    assert "renamed.txt" in paths
    ingest([folder], db, options=OPTS)
    assert len(_sources(db)) == 3


def test_source_paths_do_not_depend_on_the_working_folder(tmp_path, monkeypatch):
    _corpus(tmp_path / "in")
    db = tmp_path / "out" / "x.duckdb"
    monkeypatch.chdir(tmp_path)
    ingest([Path("in")], Path("out/x.duckdb"), options=OPTS)
    monkeypatch.chdir("/")
    for _, path, _ in _sources(db):
        resolved = Path(path) if Path(path).is_absolute() else db.parent / path
        assert resolved.exists(), path
    con = duckdb.connect(str(db), read_only=True)
    (main,) = con.execute("SELECT source_path FROM reports").fetchone()
    con.close()
    assert (Path(main) if Path(main).is_absolute() else db.parent / main).exists()
