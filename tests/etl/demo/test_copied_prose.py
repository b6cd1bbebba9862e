"""The demo region's copied prose: its 2023 and 2024 reports, rendered as text and ingested
for real, are screened with exactly the planted pairs flagged (C1 and C2) and no other."""

from __future__ import annotations

import pytest

from etl.demo import faults as fl
from etl.demo.simulate import simulate_region
from etl.pipeline import IngestOptions, ingest
from etl.store.schema import open_read_only
from etl.synthetic import render_text


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-prose")
    corpus = simulate_region(2024)
    for r in corpus.reports:
        if r.year in (2023, 2024):
            (folder / f"{r.agency}{r.year}.txt").write_text(render_text(r.spec()), "utf-8")
    db = folder / "x.duckdb"
    ingest([folder], db, options=IngestOptions(isolate=False))
    con = open_read_only(db)
    yield corpus, con
    con.close()


def test_only_the_planted_copies_are_flagged(screened):
    corpus, con = screened
    got = set(
        con.execute(
            """SELECT a.agency, a.year, f.rule FROM findings f JOIN reports a USING (report_id)
               WHERE f.rule IN ('C1', 'C2')"""
        ).fetchall()
    )
    planted = {(f.agency, f.year, r) for f in corpus.faults for r in f.rules if r in ("C1", "C2")}
    (source,) = fl.PROSE_SOURCES.values()
    assert planted == {("保定市水利局", 2024, "C1"), ("保定市清苑区民政局", 2024, "C2")}
    assert got == planted | {(source, 2024, "C2")}
    sims = con.execute("SELECT min(similarity) FROM copy_pairs").fetchone()[0]
    assert sims > 0.95
    n = con.execute("SELECT n_reports, skipped FROM copy_screens WHERE year = 2024").fetchone()
    assert n == (sum(r.year == 2024 for r in corpus.reports), False)
