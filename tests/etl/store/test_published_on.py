"""``reports.published_on``: written at load, added to schema-3 files by the migration,
and filled for their old reports when their files are ingested again."""

from __future__ import annotations

from pathlib import Path

from etl.pipeline import IngestOptions, ingest
from etl.store.record import NOT_PRINTED
from etl.store.schema import SCHEMA_VERSION, connect, schema_version
from tests.fixtures.schema import rewind
from tests.hostile.make_hostile import report_text

INLINE = IngestOptions(isolate=False)


def _write(folder: Path) -> None:
    signed = report_text("丙县一局", 2023) + "\n\n丙县一局\n2024年1月19日\n"
    (folder / "signed.txt").write_text(signed, "utf-8")
    (folder / "unsigned.txt").write_text(report_text("丙县二局", 2023), "utf-8")


def _dates(con) -> dict:
    rows = con.execute(
        "SELECT agency, CAST(published_on AS VARCHAR), published_on_source FROM reports"
    ).fetchall()
    return {agency: (when, source) for agency, when, source in rows}


def test_issue_date_is_stored_with_its_source(tmp_path: Path, tmp_db: Path):
    _write(tmp_path)
    ingest([tmp_path], tmp_db, options=INLINE)
    con = connect(str(tmp_db))
    assert _dates(con) == {
        "丙县一局": ("2024-01-19", "落款日期"),
        "丙县二局": (None, NOT_PRINTED),
    }
    assert con.execute("SELECT typeof(published_on) FROM reports LIMIT 1").fetchone() == ("DATE",)
    con.close()


def test_schema_3_file_is_migrated_and_backfilled_on_reingest(tmp_path: Path, tmp_db: Path):
    _write(tmp_path)
    ingest([tmp_path], tmp_db, options=INLINE)
    rewind(  # what schema 3 wrote: no date columns
        tmp_db,
        3,
        "ALTER TABLE reports DROP COLUMN published_on",
        "ALTER TABLE reports DROP COLUMN published_on_source",
    )

    con = connect(str(tmp_db))
    assert schema_version(con) == SCHEMA_VERSION
    assert _dates(con) == {"丙县一局": (None, None), "丙县二局": (None, None)}
    con.close()

    summary = ingest([tmp_path], tmp_db, options=INLINE)
    assert len(summary.unchanged) == 2 and not summary.loaded
    con = connect(str(tmp_db))
    assert _dates(con) == {
        "丙县一局": ("2024-01-19", "落款日期"),
        "丙县二局": (None, NOT_PRINTED),
    }
    assert con.execute("SELECT count(*) FROM reports").fetchone() == (2,)
    con.close()
    # Once every date was looked for, a third run reads nothing.
    again = ingest([tmp_path], tmp_db, options=INLINE)
    assert len(again.unchanged) == 2 and again.parse_seconds == 0
