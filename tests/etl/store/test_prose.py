"""``report_prose``: parts 一/五/六's text stored at ingest, added to schema-5 files by the
migration and filled for their old reports when their files are ingested again."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from etl.pipeline import IngestOptions, ingest
from etl.store import prose
from etl.store.schema import SCHEMA_VERSION, connect, schema_version
from tests.fixtures.schema import rewind
from tests.hostile.make_hostile import report_text

INLINE = IngestOptions(isolate=False)
OWN = "本局创新开设“政策直通车”栏目，由业务处室负责人逐条解读新出台的文件。"
STORED = unicodedata.normalize("NFKC", OWN)  # stored as read: NFKC, simplified


def _write(folder: Path) -> None:
    text = report_text("丁县一局", 2023).replace(
        "均已按期答复。", "均已按期答复。\n\n" + OWN
    )  # a paragraph of its own in part 一
    (folder / "a.txt").write_text(text, "utf-8")
    (folder / "b.txt").write_text(report_text("丁县二局", 2023), "utf-8")


def _stored(con) -> dict[str, dict[int, str]]:
    rows = con.execute(
        "SELECT r.agency, p.prose FROM report_prose p JOIN reports r USING (report_id)"
    ).fetchall()
    return {agency: prose.decode(blob) for agency, blob in rows}


def test_prose_of_parts_one_five_six_is_stored(tmp_path: Path, tmp_db: Path):
    _write(tmp_path)
    ingest([tmp_path], tmp_db, options=INLINE)
    con = connect(str(tmp_db))
    stored = _stored(con)
    assert set(stored) == {"丁县一局", "丁县二局"}
    a = stored["丁县一局"]
    assert sorted(a) == [1, 5, 6]
    assert STORED in a[1] and "受理政府信息公开申请" in a[1]
    assert "公开内容还需进一步丰富。" in a[5]
    assert "2023年本机关未收取信息处理费。" in a[6]
    assert STORED not in "".join(stored["丁县二局"].values())
    # No table row and nothing from parts 二–四 is kept.
    assert not any("\t" in t or "行政复议" in t for t in a.values())
    n_chars, parts = con.execute(
        "SELECT n_chars, parts FROM report_prose p JOIN reports r USING (report_id) "
        "WHERE r.agency = '丁县一局'"
    ).fetchone()
    assert parts == "1,5,6" and n_chars == sum(len(t) for t in a.values())
    con.close()


def test_replaced_report_takes_its_prose_with_it(tmp_path: Path, tmp_db: Path):
    (tmp_path / "old.txt").write_text(report_text("丁县三局", 2023), "utf-8")
    ingest([tmp_path], tmp_db, options=INLINE)
    newer = report_text("丁县三局", 2023, licensing=5).replace("均已按期答复。", OWN)
    (tmp_path / "new.txt").write_text(newer, "utf-8")
    ingest([tmp_path / "new.txt"], tmp_db, options=INLINE)
    con = connect(str(tmp_db))
    assert con.execute("SELECT count(*) FROM report_prose").fetchone() == (1,)
    assert STORED in _stored(con)["丁县三局"][1]
    con.close()


def test_schema_5_file_is_migrated_and_backfilled_on_reingest(tmp_path: Path, tmp_db: Path):
    _write(tmp_path)
    ingest([tmp_path], tmp_db, options=INLINE)
    rewind(tmp_db, 5, "DROP TABLE report_prose")  # what schema 5 wrote: no prose table

    con = connect(str(tmp_db))
    assert schema_version(con) == SCHEMA_VERSION
    assert _stored(con) == {}
    con.close()

    summary = ingest([tmp_path], tmp_db, options=INLINE)
    assert len(summary.unchanged) == 2 and not summary.loaded
    con = connect(str(tmp_db))
    assert STORED in _stored(con)["丁县一局"][1]
    assert con.execute("SELECT count(*) FROM reports").fetchone() == (2,)
    con.close()
    again = ingest([tmp_path], tmp_db, options=INLINE)  # every prose read: nothing parsed
    assert len(again.unchanged) == 2 and again.parse_seconds == 0
