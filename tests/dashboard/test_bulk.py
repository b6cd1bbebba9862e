"""Bulk downloads built from the factory database and opened again: CSV (BOM) zip,
Excel, Parquet zip and the snapshot zip, each with the dictionary and snapshot line."""

from __future__ import annotations

import io
import zipfile

import dash_factory as factory
import duckdb
import pandas as pd
import pytest

from dashboard import bulk, office_queries
from dashboard.filters import Filters

FILTER = Filters(year_from=2024, year_to=2024, provinces=("甲省",))


@pytest.fixture
def frames(cur):
    return {
        "reports": office_queries.bulk_reports(cur, FILTER),
        "values": office_queries.bulk_values(cur, FILTER),
        "findings": office_queries.bulk_findings(cur, FILTER),
    }


def expected_cases():
    return factory.select(province="甲省", year=2024)


def test_bulk_queries_follow_the_filter(frames):
    cases = expected_cases()
    assert set(frames["reports"]["report_id"]) == {c.report_id for c in cases}
    n_values = sum(len(factory.values_for(c)) for c in cases)
    assert len(frames["values"]) == n_values
    key = "apply.new.total"
    got = frames["values"].query("key == @key")["value"].sum()
    assert got == factory.total(key, province="甲省", year=2024)


def test_csv_zip_has_bom_tables_dictionary_and_snapshot(frames, dash_db):
    line = bulk.snapshot_line(dash_db, len(factory.REPORTS), "2024 · 甲省")
    z = zipfile.ZipFile(io.BytesIO(bulk.csv_zip(frames, line)))
    names = set(z.namelist())
    assert {"年报.csv", "数值.csv", "问题.csv", bulk.DICTIONARY_NAME, bulk.SNAPSHOT_NAME} <= names
    raw = z.read("数值.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    values = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert len(values) == len(frames["values"])
    assert "apply.new.total" in z.read(bulk.DICTIONARY_NAME).decode()
    snap = z.read(bulk.SNAPSHOT_NAME).decode()
    assert dash_db.name in snap and f"{len(factory.REPORTS)}" in snap and "甲省" in snap


def test_xlsx_has_sheets_dictionary_and_snapshot(frames, dash_db):
    line = bulk.snapshot_line(dash_db, len(factory.REPORTS))
    book = pd.read_excel(io.BytesIO(bulk.xlsx_bytes(frames, line)), sheet_name=None)
    assert set(book) == {"年报", "数值", "问题", "数据字典", "快照"}
    assert len(book["年报"]) == len(expected_cases())
    assert book["快照"].iloc[0, 0] == line
    assert book["数据字典"]["数据字典"].str.contains("apply.new.total").any()


def test_parquet_zip_keeps_types(frames, dash_db, tmp_path):
    z = zipfile.ZipFile(io.BytesIO(bulk.parquet_zip(frames, "快照行")))
    (tmp_path / "v.parquet").write_bytes(z.read("数值.parquet"))
    df = duckdb.sql(f"SELECT * FROM '{tmp_path / 'v.parquet'}'").df()
    assert len(df) == len(frames["values"]) and df["value"].dtype == "float64"
    assert z.read(bulk.SNAPSHOT_NAME).decode().strip() == "快照行"


def test_snapshot_zip_holds_the_database(dash_db, tmp_path):
    z = zipfile.ZipFile(io.BytesIO(bulk.snapshot_zip(dash_db, "快照行")))
    out = tmp_path / "x.duckdb"
    out.write_bytes(z.read(dash_db.name))
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == len(factory.REPORTS)
    con.close()
    assert bulk.DICTIONARY_NAME in z.namelist()
