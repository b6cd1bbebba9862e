"""R5 over the database (``etl.store.crossyear``): the findings sit on the later report of
each consecutive-year pair, follow replaced versions, and do not depend on how the reports
were batched; each report's warning count follows its findings."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from etl.pipeline import IngestOptions, ingest
from etl.store.schema import open_read_only
from tests.hostile.make_hostile import report_text

ORGAN, OTHER = "测试市甲局", "测试市乙局"


def _corpus(folder: Path) -> None:
    """甲局 carries 2 requests out of 2022 (2023 says 0 came in) and 3 out of 2023 (2024 says
    1): R5 on 2023 and on 2024. 乙局's three years carry over exactly: no R5."""
    folder.mkdir(parents=True, exist_ok=True)
    reports = {
        "a2022.txt": report_text(ORGAN, 2022, carried_out=2),
        "a2023.txt": report_text(ORGAN, 2023, carried_in=0, carried_out=3),
        "a2024.txt": report_text(ORGAN, 2024, carried_in=1),
        "b2022.txt": report_text(OTHER, 2022, carried_out=1),
        "b2023.txt": report_text(OTHER, 2023, carried_in=1, carried_out=2),
        "b2024.txt": report_text(OTHER, 2024, carried_in=2),
    }
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")


def _r5(db: Path) -> tuple[list[tuple], dict[tuple[str, int], int]]:
    """(R5 findings by organ, year and cell; warnings per report) of a published database."""
    con = open_read_only(db)
    try:
        found = con.execute(
            """SELECT r.agency, r.year, f.keys[1], f.expected, f.found
               FROM findings f JOIN reports r USING (report_id)
               WHERE f.rule = 'R5' ORDER BY ALL"""
        ).fetchall()
        warnings = {
            (a, y): n
            for a, y, n in con.execute("SELECT agency, year, n_warnings FROM reports").fetchall()
        }
    finally:
        con.close()
    return found, warnings


def test_r5_is_the_same_whether_reports_come_one_by_one_or_in_one_batch(tmp_path: Path):
    _corpus(tmp_path / "in")
    singly, together = tmp_path / "singly.duckdb", tmp_path / "together.duckdb"
    ingest([tmp_path / "in"], singly, options=IngestOptions(isolate=False, publish_every=1))
    ingest([tmp_path / "in"], together, options=IngestOptions(isolate=False))
    found, warnings = _r5(together)
    assert found == [
        (ORGAN, 2023, "apply.carried_in.natural", 2.0, 0.0),
        (ORGAN, 2023, "apply.carried_in.total", 2.0, 0.0),
        (ORGAN, 2024, "apply.carried_in.natural", 3.0, 1.0),
        (ORGAN, 2024, "apply.carried_in.total", 3.0, 1.0),
    ]
    assert warnings[(ORGAN, 2023)] == warnings[(ORGAN, 2024)] == 2
    assert warnings[(ORGAN, 2022)] == 0
    assert all(warnings[(OTHER, y)] == 0 for y in (2022, 2023, 2024))
    assert _r5(singly) == (found, warnings)


def test_a_corrected_version_clears_its_r5_and_its_warning_count(tmp_path: Path):
    _corpus(tmp_path / "in")
    db = tmp_path / "x.duckdb"
    ingest([tmp_path / "in"], db, options=IngestOptions(isolate=False))
    # A newer file of 甲局 2023 that takes in the 2 requests of 2022 and carries 1 out (as
    # 2024 says): both of 甲局's R5 findings go, and both reports' warnings with them.
    fixed = tmp_path / "fix" / "a2023-corrected.txt"
    fixed.parent.mkdir()
    fixed.write_text(report_text(ORGAN, 2023, carried_in=2, carried_out=1), encoding="utf-8")
    later = (tmp_path / "in" / "a2023.txt").stat().st_mtime + 100
    os.utime(fixed, (later, later))
    summary = ingest([tmp_path / "fix"], db, options=IngestOptions(isolate=False))
    assert summary.replaced, summary.line()
    found, warnings = _r5(db)
    assert found == []
    assert all(n == 0 for n in warnings.values()), warnings
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 6
    finally:
        con.close()
