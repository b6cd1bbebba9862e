"""``rollup_place`` is rebuilt at every publication and equals the sums over reports."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.pipeline import IngestOptions, ingest
from etl.store import rollup
from tests.hostile.make_hostile import report_text


def test_publication_builds_the_rollup_from_every_report(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, year in enumerate((2022, 2023, 2024)):
        (folder / f"r{i}.txt").write_text(
            report_text(f"甲市{'乙丙丁'[i]}局", year), encoding="utf-8"
        )
    db = tmp_path / "x.duckdb"
    ingest([folder], db, options=IngestOptions(isolate=False))
    con = duckdb.connect(str(db), read_only=True)
    got = con.execute(
        f'SELECT year, level, n_reports, n_apply, "apply.new.total", "appeal.review.total" '
        f"FROM {rollup.PLACE} ORDER BY ALL"
    ).fetchall()
    want = con.execute(
        """SELECT year, level, count(*), count(w."apply.total.total"),
                  sum(w."apply.new.total"), sum(w."appeal.review.total")
           FROM reports JOIN report_wide w USING (report_id) GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    assert got == want and sum(r[2] for r in got) == 3
    assert con.execute(f"SELECT * FROM {rollup.INFO}").fetchone() == rollup.fingerprint(con)
    con.close()


def test_rollup_is_built_at_the_end_even_after_a_publication_on_the_last_file(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, year in enumerate((2023, 2024)):
        (folder / f"r{i}.txt").write_text(report_text(f"甲市{'乙丙'[i]}局", year), encoding="utf-8")
    db = tmp_path / "x.duckdb"
    # Every change publishes, so nothing is pending when the ingest ends.
    ingest([folder], db, options=IngestOptions(isolate=False, publish_every=1))
    con = duckdb.connect(str(db), read_only=True)
    assert rollup.is_current(con)
    assert con.execute(f"SELECT sum(n_reports) FROM {rollup.PLACE}").fetchone()[0] == 2
    con.close()
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE reports SET n_errors = n_errors + 1")
        assert not rollup.is_current(con)
