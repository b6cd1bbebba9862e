"""Case 8 of issue 12: partial copies of one report are merged, never dropped silently."""

from __future__ import annotations

import os

import duckdb
import pytest

from etl.pipeline import IngestOptions, ingest
from tests.hostile.make_hostile import report_text

PART2, PART3 = "### 二、主动公开政府信息情况", "### 三、收到和处理政府信息公开申请情况"
PART4, PART5 = "#### 四、政府信息公开行政复议、行政诉讼情况", "#### 五、存在的主要问题及改进情况"


def _without(text: str, start: str, end: str) -> str:
    a, b = text.index(start), text.index(end)
    return text[:a] + text[b:]


@pytest.mark.parametrize("order", ["no4-first", "no2-first"])
def test_two_partial_files_of_one_report_merge(tmp_path, order):
    full = report_text("某市某局", 2022)
    no4, no2 = _without(full, PART4, PART5), _without(full, PART2, PART3)
    first, second = (no4, no2) if order == "no4-first" else (no2, no4)
    db = tmp_path / "x.duckdb"
    opts = IngestOptions(isolate=False)
    for i, text in enumerate((first, second)):
        folder = tmp_path / f"batch{i}"
        folder.mkdir()
        path = folder / f"part{i}.txt"
        path.write_text(text, encoding="utf-8")
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
        ingest([folder], db, options=opts)
    con = duckdb.connect(str(db), read_only=True)
    reports = con.execute("SELECT report_id, parts_found FROM reports").fetchall()
    assert len(reports) == 1, reports
    rid, parts = reports[0]
    keys = {k for (k,) in con.execute("SELECT key FROM report_values").fetchall()}
    wide_n = con.execute("SELECT count(*) FROM report_wide WHERE report_id = ?", [rid]).fetchone()
    rules = [r for (r,) in con.execute("SELECT rule FROM findings").fetchall()]
    sources = con.execute("SELECT count(*) FROM report_sources").fetchone()[0]
    appeal = con.execute(
        'SELECT count(*) FROM report_wide WHERE "appeal.review.total" IS NOT NULL'
    ).fetchone()
    con.close()
    assert any(k.startswith("active.") for k in keys) and any(k.startswith("appeal.") for k in keys)
    assert parts == "2,3,4"
    assert "S2" in rules and "P1" not in rules
    assert sources == 2
    assert wide_n == (1,) and appeal == (1,)
