"""Schema 1 → 2 (→ 3): an old database is upgraded in one transaction a step, or left as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from etl.reportmeta import ReportMeta
from etl.store import crossyear
from etl.store.ddl import report_columns
from etl.store.schema import DDL_V1, SCHEMA_VERSION, connect, open_read_only, schema_version
from tests.etl.store.wide_check import assert_wide_is_pivot


def make_v1(path: Path) -> None:
    """A database as the schema-1 loader wrote it: two years of one organ."""
    con = duckdb.connect(str(path))
    con.execute(DDL_V1)
    con.execute("INSERT INTO schema_info VALUES (1, now())")
    for rid, year, carried_in, carried_out in (("r2023", 2023, 0, 2), ("r2024", 2024, 0, 0)):
        con.execute(
            "INSERT INTO reports (report_id, agency, year, template, source_path, source_sha256, "
            "source_format, ingested_at) VALUES (?, '保定市 甲局', ?, '2021', ?, ?, 'text', ?)",
            [rid, year, f"/in/{rid}.txt", rid * 4, datetime(2025, 1, 1)],
        )
        for col in ("natural", "total"):
            for key, value in (
                (f"apply.carried_in.{col}", carried_in),
                (f"apply.carried_out.{col}", carried_out),
            ):
                con.execute(
                    "INSERT INTO report_values VALUES (?, ?, ?, false, ?)",
                    [rid, key, value, json.dumps({"part": 3, "cell": str(value)})],
                )
    con.close()


def test_v1_is_migrated_on_first_write(tmp_path: Path):
    db = tmp_path / "old.duckdb"
    make_v1(db)
    con = connect(str(db))
    assert schema_version(con) == SCHEMA_VERSION
    assert assert_wide_is_pivot(con) == 2  # 1 → 2 → 3: report_wide built from report_values
    assert con.execute("SELECT DISTINCT organ_key FROM reports").fetchall() == [
        ("name:保定市甲局",)
    ]
    assert con.execute("SELECT count(*) FROM report_sources WHERE role = 'primary'").fetchone() == (
        2,
    )
    r5 = con.execute("SELECT report_id, keys FROM findings WHERE rule = 'R5' ORDER BY 2").fetchall()
    assert r5 == [
        ("r2024", ["apply.carried_in.natural", "apply.carried_out.natural"]),
        ("r2024", ["apply.carried_in.total", "apply.carried_out.total"]),
    ]
    assert con.execute("SELECT n_warnings FROM reports WHERE report_id = 'r2024'").fetchone() == (
        2,
    )
    assert "kind" in [r[0] for r in con.execute("DESCRIBE rejected_files").fetchall()]
    # The ALTERs of every step add the columns a new file has, in the same order.
    assert [r[0] for r in con.execute("DESCRIBE reports").fetchall()] == list(report_columns())
    con.close()
    con = connect(str(db))  # migrating is done once; opening again changes nothing
    assert con.execute("SELECT count(*) FROM findings").fetchone() == (2,)
    con.close()


def test_failed_migration_leaves_version_1(tmp_path: Path, monkeypatch):
    db = tmp_path / "old.duckdb"
    make_v1(db)

    def boom(con):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(crossyear, "recompute_all", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        connect(str(db))
    con = duckdb.connect(str(db), read_only=True)
    assert schema_version(con) == 1
    assert "organ_key" not in [r[0] for r in con.execute("DESCRIBE reports").fetchall()]
    con.close()


def test_readers_and_check_accept_a_v1_file(tmp_path: Path):
    db = tmp_path / "old.duckdb"
    make_v1(db)
    con = open_read_only(db)
    assert schema_version(con) == 1
    con.close()
    out = subprocess.run(
        [sys.executable, "-m", "etl.cli", "check", "--db", str(db)], capture_output=True, text=True
    )
    assert out.returncode == 0 and "0 findings" in out.stdout, out.stderr


def test_newer_schema_is_refused_with_a_sentence(tmp_path: Path):
    db = tmp_path / "new.duckdb"
    connect(str(db)).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_info VALUES (99, now())")
    con.close()
    out = subprocess.run(
        [sys.executable, "-m", "etl.cli", "check", "--db", str(db)], capture_output=True, text=True
    )
    assert out.returncode == 2 and "newer xxgk (schema 99)" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def make_v4(path: Path) -> None:
    """A database as schema 4 wrote it (report_values keyed by (report_id, key)), with
    reports loaded through the real loader."""
    from etl.findings import Finding
    from etl.store import wide
    from etl.store.loader import ReportRecord, load_report
    from etl.store.schema import DDL_V2, DDL_V4

    con = duckdb.connect(str(path))
    con.execute(DDL_V1)
    con.execute(DDL_V2)
    con.execute(DDL_V4)
    wide.ensure(con)
    con.execute("INSERT INTO schema_info VALUES (4, now())")
    for i, year in enumerate((2022, 2023)):
        load_report(
            con,
            ReportRecord(
                report_id=f"r{year}",
                meta=ReportMeta(agency="保定市乙局", year=year, template="2021"),
                values=[
                    ("apply.new.total", 10.0 + i, False, {"part": 3, "cell": str(10 + i)}),
                    ("apply.carried_out.total", 1.0, False, {"part": 3, "cell": "1"}),
                    ("apply.other.total", 0.0, True, {}),
                ],
                findings=[Finding("P1", "第四部分缺失")],
                source_path=f"/in/{year}.txt",
                source_sha256=f"{year}" * 16,
                source_format="text",
            ),
        )
    wide.refresh(con)
    con.close()


def test_v4_values_lose_their_primary_key_and_keep_every_row(tmp_path: Path):
    db = tmp_path / "v4.duckdb"
    make_v4(db)
    old = duckdb.connect(str(db), read_only=True)
    before = old.execute("SELECT * FROM report_values ORDER BY ALL").fetchall()
    assert old.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'report_values' "
        "AND constraint_type = 'PRIMARY KEY'"
    ).fetchone() == (1,)
    old.close()
    con = connect(str(db))
    assert schema_version(con) == SCHEMA_VERSION
    assert con.execute("SELECT * FROM report_values ORDER BY ALL").fetchall() == before
    assert len(before) == 6
    assert con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'report_values' "
        "AND constraint_type = 'PRIMARY KEY'"
    ).fetchone() == (0,)
    assert assert_wide_is_pivot(con) == 2
    assert con.execute("SELECT count(*) FROM v_apply").fetchone() == (2,)
    con.close()


def test_a_new_file_gets_its_whole_schema_or_none(tmp_path, monkeypatch):
    """Creating the schema is one transaction: a writer stopped half-way (a SIGKILL on a
    loaded machine once left a working file with `reports` but no `report_wide`) leaves no
    half schema behind, and the next connect creates it whole."""
    from etl.store import schema

    path = tmp_path / "new.duckdb"

    def stop(con):
        raise RuntimeError("stopped while creating the schema")

    monkeypatch.setattr(schema.wide, "ensure", stop)
    with pytest.raises(RuntimeError):
        connect(str(path))
    con = duckdb.connect(str(path))
    try:
        assert con.execute("SELECT count(*) FROM information_schema.tables").fetchone() == (0,)
    finally:
        con.close()
    monkeypatch.undo()
    con = connect(str(path))
    try:
        assert schema_version(con) == SCHEMA_VERSION
        assert assert_wide_is_pivot(con) == 0
    finally:
        con.close()
