"""``report_wide`` equals the pivot of ``report_values``: after ingest, replacement,
supersession, a failed load, and the schema 2 → 3 migration."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import IngestOptions, ingest
from etl.reportmeta import ReportMeta
from etl.store import loader, wide
from etl.store.schema import SCHEMA_VERSION, connect, open_read_only, schema_version
from etl.template import TEMPLATE_2021, all_keys
from tests.etl.store.wide_check import assert_wide_is_pivot, wide_rows
from tests.fixtures.schema import rewind
from tests.hostile.make_hostile import report_text

INLINE = IngestOptions(isolate=False)
KEYS = TEMPLATE_2021.keys()


def record(sha: str, values: dict[str, float], *, mtime: float, agency: str = "甲市乙局"):
    return loader.ReportRecord(
        report_id=sha[:16],
        meta=ReportMeta(agency=agency, year=2024, template="2021", level="市级"),
        values=[(k, v, False, {"line": i}) for i, (k, v) in enumerate(values.items())],
        findings=[],
        source_path=f"/in/{sha[:8]}.txt",
        source_sha256=sha,
        source_format="text",
        source_mtime=mtime,
    )


def ids(con) -> set[str]:
    return {r for (r,) in con.execute("SELECT report_id FROM reports").fetchall()}


def test_columns_are_generated_from_the_template(tmp_db: Path):
    con = connect(str(tmp_db))
    assert schema_version(con) == SCHEMA_VERSION
    assert_wide_is_pivot(con)  # empty, with the right columns
    assert "CREATE TABLE IF NOT EXISTS report_wide" in wide.create_sql()
    assert wide.columns() == all_keys()
    con.close()


def test_ingest_publishes_one_row_per_report(tmp_path: Path, tmp_db: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, name in enumerate(("甲市一局", "甲市二局", "甲市三局")):
        (folder / f"{i}.txt").write_text(report_text(name, 2024, licensing=10 + i), "utf-8")
    summary = ingest([folder], tmp_db, options=INLINE)
    assert len(summary.loaded) == 3
    con = open_read_only(tmp_db)
    assert assert_wide_is_pivot(con) == 3
    licensing = con.execute(
        'SELECT list_sort(list("active.licensing.decisions")) FROM report_wide'
    ).fetchone()[0]
    assert licensing == [10.0, 11.0, 12.0]
    con.close()


def test_a_newer_version_replaces_the_row(tmp_path: Path, tmp_db: Path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(report_text("甲市乙局", 2024, licensing=5), "utf-8")
    new.write_text(report_text("甲市乙局", 2024, licensing=7), "utf-8")
    os.utime(old, (1_600_000_000, 1_600_000_000))
    os.utime(new, (1_700_000_000, 1_700_000_000))
    ingest([old], tmp_db, options=INLINE)
    summary = ingest([new], tmp_db, options=INLINE)
    assert len(summary.replaced) == 1
    con = open_read_only(tmp_db)
    assert assert_wide_is_pivot(con) == 1
    assert con.execute('SELECT "active.licensing.decisions" FROM report_wide').fetchone() == (7.0,)
    assert con.execute("SELECT count(*) FROM superseded_reports").fetchone() == (1,)
    con.close()


def test_replace_supersede_copy_and_older_keep_the_invariant(tmp_db: Path):
    con = connect(str(tmp_db))
    base = {k: float(i % 7) for i, k in enumerate(KEYS[:40])}
    first = record("a" * 64, base, mtime=1_600_000_000)
    assert loader.load_report(con, first).status == "loaded"
    # Between publications a loaded report may lack its row; refresh adds it.
    assert_wide_is_pivot(con, complete=False)
    assert wide.refresh(con) == 1 and wide.refresh(con) == 0
    assert_wide_is_pivot(con)

    fuller = record("b" * 64, {**base, KEYS[50]: 3.0}, mtime=1_600_000_000)
    assert loader.load_report(con, fuller).status == "replaced"  # a more complete copy
    assert_wide_is_pivot(con, complete=False)  # the old row left with the old report
    assert set(wide_rows(con)) == set()
    wide.refresh(con)
    assert set(wide_rows(con)) == ids(con) == {"b" * 16}
    assert_wide_is_pivot(con)

    changed = record("c" * 64, {**base, KEYS[0]: 99.0}, mtime=1_700_000_000)
    assert loader.load_report(con, changed).status == "replaced"  # a newer version
    wide.refresh(con)
    assert set(wide_rows(con)) == {"c" * 16}
    assert_wide_is_pivot(con)

    stale = record("d" * 64, {**base, KEYS[0]: 1.0}, mtime=1_500_000_000)
    assert loader.load_report(con, stale).status == "older"  # kept in superseded_reports only
    same = record("e" * 64, {**base, KEYS[0]: 99.0}, mtime=1_700_000_000)
    assert loader.load_report(con, same).status == "copy"
    assert wide.refresh(con) == 0
    assert set(wide_rows(con)) == {"c" * 16}
    assert_wide_is_pivot(con)
    con.close()


def test_a_report_without_values_gets_a_row_of_nulls(tmp_db: Path):
    con = connect(str(tmp_db))
    loader.load_report(con, record("f" * 64, {}, mtime=1_600_000_000))
    wide.refresh(con)
    assert wide_rows(con) == {"f" * 16: {}}
    assert_wide_is_pivot(con)
    con.close()


def test_a_failed_replacement_keeps_the_old_row(tmp_db: Path):
    con = connect(str(tmp_db))
    base = {k: 1.0 for k in KEYS[:10]}
    loader.load_report(con, record("a" * 64, base, mtime=1_600_000_000))
    wide.refresh(con)
    newer = record("b" * 64, {**base, KEYS[0]: 2.0}, mtime=1_700_000_000)
    broken = loader.ReportRecord(**{**newer.__dict__, "findings": [object()]})
    with pytest.raises(AttributeError):
        loader.load_report(con, broken)
    assert set(wide_rows(con)) == ids(con) == {"a" * 16}
    assert_wide_is_pivot(con)
    con.close()


def make_v2(db: Path, folder: Path) -> None:
    """A schema-2 file: what the previous xxgk left (no report_wide)."""
    for i, name in enumerate(("丙县一局", "丙县二局")):
        (folder / f"{i}.txt").write_text(report_text(name, 2023 + i), "utf-8")
    ingest([folder], db, options=INLINE)
    rewind(db, 2, "DROP TABLE report_wide")


def test_v2_is_migrated_with_the_wide_table(tmp_path: Path, tmp_db: Path):
    make_v2(tmp_db, tmp_path)
    con = connect(str(tmp_db))
    assert schema_version(con) == SCHEMA_VERSION
    assert assert_wide_is_pivot(con) == 2
    con.close()


def test_failed_migration_leaves_version_2(tmp_path: Path, tmp_db: Path, monkeypatch):
    make_v2(tmp_db, tmp_path)

    def boom(con):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(wide, "refresh", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        connect(str(tmp_db))
    con = duckdb.connect(str(tmp_db), read_only=True)
    assert schema_version(con) == 2
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "report_wide" not in tables
    con.close()


def test_a_key_new_to_the_template_gets_a_column(tmp_db: Path, monkeypatch):
    connect(str(tmp_db)).close()
    grown = [*all_keys(), "narrative.new_field"]
    monkeypatch.setattr(wide, "all_keys", lambda: grown)
    con = connect(str(tmp_db))
    cols = [c[0] for c in con.execute("DESCRIBE report_wide").fetchall()]
    assert cols == ["report_id", *grown]
    con.close()
