"""Case 9 of issue 12: a reader crash is retried in a fresh worker; re-runs retry crashes."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.parse import READERS
from etl.pipeline import IngestOptions, ingest
from tests.hostile.make_hostile import report_text

OPTS = IngestOptions(
    timeout=20.0, readers={**READERS, ".flaky": ("tests.hostile.slow_reader", "read_after_crashes")}
)


def _flaky(folder: Path, crashes: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.flaky"
    path.write_text(f"{crashes}\n" + report_text("某市某局", 2023), encoding="utf-8")
    return path


def _reports(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        con.close()


def test_one_crash_is_retried_in_a_fresh_worker(tmp_path):
    _flaky(tmp_path / "in", crashes=1)
    summary = ingest([tmp_path / "in"], tmp_path / "x.duckdb", options=OPTS)
    assert len(summary.loaded) == 1 and not summary.rejected, summary.rejected
    assert summary.worker_restarts >= 1


def test_plain_rerun_retries_a_crash_rejection(tmp_path):
    _flaky(tmp_path / "in", crashes=2)  # the automatic retry crashes too
    db = tmp_path / "x.duckdb"
    first = ingest([tmp_path / "in"], db, options=OPTS)
    assert [Path(p).name for p, _ in first.rejected] == ["report.flaky"]
    second = ingest([tmp_path / "in"], db, options=OPTS)
    assert len(second.loaded) == 1 and not second.skipped
    assert _reports(db) == 1
