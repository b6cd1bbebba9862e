"""The DuckDB store: schema, one-transaction loads, idempotence, rejections."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import ingest, parse_file
from etl.store.ddl import report_columns
from etl.store.schema import SCHEMA_VERSION, connect
from etl.template import wide_column


def columns(con, table):
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def test_tables_have_contract_columns(tmp_db: Path):
    con = connect(str(tmp_db))
    contract = {"report_id", "agency", "year", "template", "province", "city", "county", "level",
                "kind", "source_path", "source_sha256", "source_format", "ingested_at",
                "published_on", "published_on_source"}  # fmt: skip
    assert contract <= set(columns(con, "reports"))
    assert columns(con, "reports") == list(report_columns())  # the one list, in file order
    assert columns(con, "report_values") == ["report_id", "key", "value", "derived", "locator"]
    assert columns(con, "findings")[:7] == [
        "report_id",
        "rule",
        "severity",
        "message",
        "keys",
        "expected",
        "found",
    ]
    # contract columns first; schema 2 adds the rejection's kind after them
    assert columns(con, "rejected_files")[:4] == ["source_path", "source_sha256", "reason", "at"]
    assert "kind" in columns(con, "rejected_files")
    assert con.execute("SELECT schema_version FROM schema_info").fetchone()[0] == SCHEMA_VERSION
    assert "new__natural" in columns(con, "v_apply")
    assert "review__total" in columns(con, "v_appeal")
    assert "licensing__decisions" in columns(con, "v_active")


def test_ingest_twice_is_idempotent(tmp_path: Path, seed_path: Path, tmp_db: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / "a.txt")
    first = ingest([folder], tmp_db)
    second = ingest([folder], tmp_db)
    assert (len(first.loaded), len(second.loaded), len(second.unchanged)) == (1, 0, 1)
    con = duckdb.connect(str(tmp_db), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    # 201 read values + 7 derived apply.other cells
    assert con.execute("SELECT count(*) FROM report_values").fetchone()[0] == 208
    assert con.execute("SELECT count(*) FROM report_values WHERE derived").fetchone()[0] == 7


def test_round_trip_values_equal_parsed(seed_path: Path, tmp_db: Path):
    ingest([seed_path], tmp_db)
    parsed = parse_file(seed_path).all_values()
    con = duckdb.connect(str(tmp_db), read_only=True)
    stored = dict(con.execute("SELECT key, value FROM report_values").fetchall())
    assert stored == parsed
    wide = con.execute("SELECT * FROM v_apply").df().iloc[0]
    assert wide[wide_column("apply.unable_not_held.natural")] == 16
    assert wide[wide_column("apply.withheld_law.total")] == 0
    meta = con.execute("SELECT agency, year, template, source_format FROM reports").fetchone()
    assert meta == ("保定市行政审批局", 2024, "2021", "text")


def test_broken_copy_loads_with_finding(tmp_path: Path, seed_path: Path, tmp_db: Path):
    text = seed_path.read_text(encoding="utf-8")
    broken = text.replace("(一) 予以公开\t8\t1", "(一) 予以公开\t9\t1", 1)
    assert broken != text
    # Another organ: the same organ and year with other values would be a new version (S1).
    broken = broken.replace("保定市行政审批局", "保定市测试局")
    bad = tmp_path / "broken.txt"
    bad.write_text(broken, encoding="utf-8")
    summary = ingest([seed_path, bad], tmp_db)
    assert len(summary.loaded) == 2 and summary.errors >= 1
    con = duckdb.connect(str(tmp_db), read_only=True)
    rules = con.execute(
        """SELECT DISTINCT f.rule FROM findings f JOIN reports r USING (report_id)
           WHERE r.source_path = ? ORDER BY 1""",
        [str(bad)],
    ).fetchall()
    assert [r[0] for r in rules] == ["R1", "R3"]
    n_err = con.execute("SELECT n_errors FROM reports WHERE source_path = ?", [str(bad)]).fetchone()
    assert n_err[0] == 2


def test_bad_files_rejected_batch_continues(tmp_path: Path, seed_path: Path, tmp_db: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbage.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "novel.txt").write_text("这是一篇与年报无关的文章。\n", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("x", encoding="utf-8")
    shutil.copy(seed_path, tmp_path / "good.txt")
    summary = ingest([tmp_path, tmp_path / "notes.xyz"], tmp_db)
    assert [Path(p).name for p in summary.loaded] == ["good.txt"]
    reasons = {Path(p).name: r for p, r in summary.rejected}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["garbage.txt"]
    assert "no table" in reasons["novel.txt"]
    assert "not a supported format" in reasons["notes.xyz"]
    con = duckdb.connect(str(tmp_db), read_only=True)
    assert con.execute("SELECT count(*) FROM rejected_files").fetchone()[0] == 4


def test_pre_2019_report_rejected(tmp_path: Path, tmp_db: Path):
    old = tmp_path / "old.txt"
    old.write_text(
        "某市某局2017年政府信息公开工作年度报告\n一、概述\n2017年，我局主动公开信息120条。\n",
        encoding="utf-8",
    )
    summary = ingest([old], tmp_db)
    [(path, reason)] = summary.rejected
    assert path == str(old) and reason.startswith("文件中没有找到")
    assert reason.endswith("（pre-2019 report, no standard tables）")


def test_failed_load_leaves_no_partial_report(seed_path: Path, tmp_db: Path, monkeypatch):
    from etl.store import loader

    con = connect(str(tmp_db))
    rec_report = parse_file(seed_path)
    from etl.pipeline import to_record

    rec = to_record(rec_report, seed_path, "f" * 64, "text")
    bad = loader.ReportRecord(**{**rec.__dict__, "findings": [object()]})  # breaks mid-load
    with pytest.raises(AttributeError):
        loader.load_report(con, bad)
    for table in ("reports", "report_values", "findings"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
