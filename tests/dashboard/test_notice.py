"""The 通报 from the factory database (and a copy of it with a repeated report): the
lists, the counts by level and kind, and the DOCX / XLSX read back."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import dash_factory as factory
import pandas as pd
import pytest
from docx import Document

from dashboard import notice
from dashboard.filters import Filters

JIA = Filters(provinces=("甲省",))


def test_last_years_publishers_without_a_report_are_missing(cur):
    n = notice.build_notice(cur, JIA, 2023, "快照")
    want = {
        c.agency
        for c in factory.REPORTS
        if c.province == "甲省" and c.year == 2022
        and not any(d.agency == c.agency and d.year == 2023 for d in factory.REPORTS)
    }  # fmt: skip
    assert set(n.lists["missing"]["agency"]) == want and want
    assert "上一年" in n.basis or "2022" in n.basis


def test_late_and_error_reports_are_listed(cur):
    n = notice.build_notice(cur, Filters(), 2024, "快照")
    late = {
        c.agency for c in factory.REPORTS
        if c.year == 2024 and c.published and date.fromisoformat(c.published) > date(2025, 1, 31)
    }  # fmt: skip
    assert set(n.lists["late"]["agency"]) == late
    broken = {c.agency for c in factory.REPORTS if c.year == 2024 and c.broken}
    assert set(n.lists["errors"]["agency"]) == broken
    assert n.lists["errors"]["rules"].str.contains("R1").all()
    assert n.lists["errors"]["cells"].str.contains("apply.granted.total").all()
    total = n.summary[list(notice.SECTIONS)].sum()
    assert total["late"] == len(late) and total["errors"] == len(broken)


@pytest.fixture
def copied_store(tmp_path):
    """The factory database plus a 2025 report of 乙市行政审批局 repeating its 2024 values."""
    path = tmp_path / "copied.duckdb"
    factory.build_db(path)
    src = next(c for c in factory.REPORTS if c.agency == "乙市行政审批局" and c.year == 2024)
    rec = factory.record(src)
    rec = replace(
        rec, report_id="copied-2025", meta=replace(rec.meta, year=2025), source_sha256="c" * 64
    )
    factory.add_reports(path, [rec])
    mem = factory.open_store(path)
    yield mem
    mem.close()


def test_tables_equal_to_last_year_are_suspected_copies(copied_store, cur):
    n = notice.build_notice(copied_store.cursor(), Filters(), 2025, "快照")
    copies = n.lists["copies"]
    assert list(copies["agency"]) == ["乙市行政审批局"] and list(copies["copy_kind"]) == ["tables"]
    assert list(copies["copied"]) == ["乙市行政审批局 2024 年"]
    assert notice.build_notice(cur, Filters(), 2024, "快照").lists["copies"].empty


def test_exports_read_back(cur):
    n = notice.build_notice(cur, Filters(), 2024, "数据快照：测试")
    book = pd.read_excel(io.BytesIO(notice.to_xlsx(n)), sheet_name=None)
    assert {"汇总", "说明"} <= set(book)
    late_sheet = book[notice.SECTIONS["late"].split("（")[0]]
    assert set(late_sheet.iloc[:, 0]) == set(n.lists["late"]["agency"])
    doc = Document(io.BytesIO(notice.to_docx(n)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "通报" in text and f"逾期发布 {len(n.lists['late'])} 份" in text
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert set(n.lists["late"]["agency"]) <= cells


def test_cli_writes_the_notice(dash_db, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "n.xlsx"
    res = subprocess.run(
        [sys.executable, "-m", "etl.cli", "notice", "--db", str(dash_db), "--region", "甲省",
         "--year", "2023", "--out", str(out)],
        capture_output=True, text=True, cwd=root, env=dict(os.environ, PYTHONPATH=str(root)),
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    book = pd.read_excel(out, sheet_name=None)
    assert "乙市人民政府" in set(book[notice.SECTIONS["missing"]].iloc[:, 0])


def test_the_page_shows_the_lists_as_static_tables(dash_db, monkeypatch):
    from test_app import run_app, shown_table

    at = run_app(dash_db, monkeypatch, "notice")
    assert not at.dataframe  # no data grid on a plain load
    late = {
        c.agency for c in factory.REPORTS
        if c.year == 2024 and c.published and date.fromisoformat(c.published) > date(2025, 1, 31)
    }  # fmt: skip
    assert set(shown_table(at, "notice-late")[notice.COLUMNS["agency"]]) == late
    summary = shown_table(at, "notice-summary")
    assert summary[notice.SECTIONS["late"]].sum() == len(late)
