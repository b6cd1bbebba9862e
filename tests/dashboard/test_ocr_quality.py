"""The data-quality page's OCR list: reports whose values were read from page images."""

from __future__ import annotations

import shutil

import duckdb

from dashboard import queries, snapshot
from dashboard.filters import Filters
from etl.store import schema

ALL = Filters(year_from=2019, year_to=2024)


def test_reports_with_ocr_values_are_listed_with_their_settled_count(dash_db, tmp_path):
    path = tmp_path / "ocr.duckdb"
    shutil.copy(dash_db, path)
    con = duckdb.connect(str(path))
    report_id, n = con.execute(
        "SELECT report_id, count(*) FROM report_values GROUP BY 1 ORDER BY 1 LIMIT 1"
    ).fetchone()
    con.execute(
        """UPDATE report_values SET locator = json_merge_patch(locator,
               '{"ocr": {"box": [1, 2, 3, 4], "confidence": 0.97}}')
           WHERE report_id = ?""",
        [report_id],
    )
    con.execute(
        """UPDATE report_values SET locator = json_merge_patch(locator, '{"arithmetic": "confirmed"}')
           WHERE report_id = ? AND key = (SELECT min(key) FROM report_values WHERE report_id = ?)""",
        [report_id, report_id],
    )
    con.close()
    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, path, snapshot.SRC)
    snapshot.build(mem)
    df = queries.ocr_reports(mem.cursor(), ALL)
    mem.close()
    assert df["report_id"].tolist() == [report_id]
    assert int(df["n_ocr_values"].iloc[0]) == n and int(df["n_settled"].iloc[0]) == 1
