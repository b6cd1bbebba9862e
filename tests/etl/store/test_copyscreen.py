"""Copy screening on real ingests of rendered reports: C1 (the organ's previous year),
C2 (another organ, same year), originals and template text never flagged."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from etl.pipeline import IngestOptions, ingest
from etl.store.schema import connect
from etl.synthetic import render_text
from tests.fixtures.copies import COPIER, COPY_LAST_YEAR, ORGANS, SOURCE
from tests.fixtures.copies import spec as _spec
from tests.fixtures.copies import write_corpus as _write

INLINE = IngestOptions(isolate=False)


def _pairs(con) -> dict[tuple[str, int, str], tuple[str, int, float]]:
    rows = con.execute(
        """SELECT a.agency, a.year, p.relation, b.agency, b.year, p.similarity
           FROM copy_pairs p JOIN reports a ON a.report_id = p.report_id
           JOIN reports b ON b.report_id = p.other_id"""
    ).fetchall()
    return {(a, y, rel): (b, by, sim) for a, y, rel, b, by, sim in rows}


def _findings(con) -> dict[tuple[str, int], list[tuple[str, str]]]:
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for agency, year, rule, message in con.execute(
        """SELECT r.agency, r.year, f.rule, f.message FROM findings f JOIN reports r
           USING (report_id) WHERE f.rule IN ('C1', 'C2', 'C3') ORDER BY ALL"""
    ).fetchall():
        out.setdefault((agency, year), []).append((rule, message))
    return out


@pytest.fixture(scope="module")
def screened_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    _write(folder)
    db = folder / "x.duckdb"
    return db, ingest([folder], db, options=INLINE)


@pytest.fixture(scope="module")
def screened(screened_run):
    con = connect(str(screened_run[0]), read_only=True)
    yield con
    con.close()


def test_the_ingest_summary_counts_what_the_screening_flagged(screened_run, screened):
    # failed before: the line counted parse-time findings only, so C1-C3 went unmentioned
    flagged = screened.execute(
        "SELECT count(DISTINCT report_id) FROM findings WHERE rule IN ('C1', 'C2', 'C3')"
    ).fetchone()[0]
    summary = screened_run[1]
    assert flagged > 0 and summary.copies_flagged == flagged
    assert summary.years_screened >= 1
    assert f"{flagged} reports flagged (C1–C3)" in summary.line()


def test_copies_are_flagged_with_their_pair_and_similarity(screened):
    pairs = _pairs(screened)
    assert set(pairs) == {
        (COPY_LAST_YEAR, 2024, "previous_year"),
        (COPIER, 2024, "same_year"),
        (SOURCE, 2024, "same_year"),
    }
    other, year, sim = pairs[(COPY_LAST_YEAR, 2024, "previous_year")]
    assert (other, year) == (COPY_LAST_YEAR, 2023)
    assert sim > 0.95  # the same own paragraphs; only names and figures differ
    assert pairs[(COPIER, 2024, "same_year")][:2] == (SOURCE, 2024)
    assert pairs[(SOURCE, 2024, "same_year")][:2] == (COPIER, 2024)
    found = _findings(screened)
    assert set(found) == {(COPY_LAST_YEAR, 2024), (COPIER, 2024), (SOURCE, 2024)}
    ((rule, message),) = found[(COPY_LAST_YEAR, 2024)]
    assert rule == "C1" and "丙县甲局 2023" in message and "相似度" in message
    assert found[(COPIER, 2024)][0][0] == "C2" and SOURCE in found[(COPIER, 2024)][0][1]
    counted, listed = screened.execute(
        """SELECT r.n_warnings, (SELECT count(*) FROM findings f WHERE f.report_id = r.report_id
                                 AND f.severity = 'warning')
           FROM reports r WHERE agency = ? AND year = 2024""",
        [COPIER],
    ).fetchone()
    assert counted == listed >= 1  # C2 is a warning, counted on the report


def test_originals_are_not_flagged_and_stay_below_the_threshold(screened):
    pairs = _pairs(screened)
    flagged = {(a, y) for a, y, _ in pairs}
    originals = [(a, y) for a in ORGANS for y in (2023, 2024) if (a, y) not in flagged]
    assert len(originals) == 2 * len(ORGANS) - 3
    assert not set(_findings(screened)) & set(originals)
    # The screen compared them: every report had enough own text to be judged.
    n, compared = screened.execute(
        "SELECT n_reports, n_pairs FROM copy_screens WHERE year = 2024"
    ).fetchone()
    assert n == len(ORGANS) and compared == 3


def test_template_text_alone_never_flags(tmp_path: Path):
    _write(tmp_path, own_text=False)  # every report: the template and the common phrases only
    db = tmp_path / "x.duckdb"
    summary = ingest([tmp_path], db, options=INLINE)
    con = connect(str(db))
    assert con.execute("SELECT count(*) FROM report_prose").fetchone() == (2 * len(ORGANS),)
    assert _pairs(con) == {} and _findings(con) == {}
    assert summary.copies_flagged == 0 and "0 reports flagged" in summary.line()
    con.close()


def test_screening_follows_the_reports(tmp_path: Path):
    _write(tmp_path)
    db = tmp_path / "x.duckdb"
    ingest([tmp_path], db, options=INLINE)
    # The copier publishes a corrected report of its own: the pair and findings go.
    rng = random.Random(3)
    fixed = render_text(_spec(COPIER, 2024, f"{COPIER}|2024|重写", rng))
    path = tmp_path / "fixed" / f"{COPIER}2024.txt"
    path.parent.mkdir()
    path.write_text(fixed, "utf-8")
    ingest([path], db, options=INLINE)
    con = connect(str(db))
    pairs = _pairs(con)
    assert (COPIER, 2024, "same_year") not in pairs and (SOURCE, 2024, "same_year") not in pairs
    assert (COPY_LAST_YEAR, 2024, "previous_year") in pairs
    assert set(_findings(con)) == {(COPY_LAST_YEAR, 2024)}
    # The source's warning count lost its C2 (counted from the findings again).
    assert con.execute(
        """SELECT r.n_warnings, (SELECT count(*) FROM findings f WHERE f.report_id = r.report_id
                                 AND f.severity = 'warning')
           FROM reports r WHERE agency = ? AND year = 2024""",
        [SOURCE],
    ).fetchone() in {(n, n) for n in range(10)}
    con.close()


def test_too_few_reports_are_not_screened(tmp_path: Path):
    rng = random.Random(5)
    for agency in (COPIER, SOURCE):  # a plain copy, but only two reports in the database
        spec = _spec(agency, 2024, f"{SOURCE}|2024", rng)
        (tmp_path / f"{agency}.txt").write_text(render_text(spec), "utf-8")
    db = tmp_path / "x.duckdb"
    ingest([tmp_path], db, options=INLINE)
    con = connect(str(db))
    assert _pairs(con) == {} and _findings(con) == {}
    assert con.execute("SELECT year, n_reports, skipped FROM copy_screens").fetchall() == [
        (2024, 2, True)
    ]
    con.close()


def test_tables_equal_to_last_year_are_found_even_in_a_small_corpus(tmp_path: Path):
    rng = random.Random(11)
    same = _spec("丙县丁局", 2023, "丙县丁局|2023", rng)
    values = dict(same.values)
    assert sum(v != 0 for v in values.values()) >= 10
    cell = next(k for k in sorted(values) if k.startswith("active.") and values[k] > 0)
    changed = dict(values) | {cell: values[cell] + 1}
    for agency, year, vals in (
        ("丙县丁局", 2023, values),
        ("丙县丁局", 2024, values),  # the same tables, its own new words
        ("丙县戊局", 2023, values),
        ("丙县戊局", 2024, changed),  # one cell differs: not a copy
    ):
        spec = _spec(agency, year, f"{agency}|{year}", rng)
        spec.values = vals
        (tmp_path / f"{agency}{year}.txt").write_text(render_text(spec), "utf-8")
    db = tmp_path / "x.duckdb"
    ingest([tmp_path], db, options=INLINE)
    con = connect(str(db))
    found = _findings(con)
    assert set(found) == {("丙县丁局", 2024)}
    ((rule, message),) = found[("丙县丁局", 2024)]
    assert rule == "C3" and "逐格相同" in message
    con.close()


def test_making_each_text_once_finds_what_making_it_at_every_read_finds(screened_run):
    """The screening makes a report's copy text once per run (``copytext.TextCache``), where
    it used to mask it at every read (up to four a year): the same screens either way."""
    import duckdb

    from etl.checks.copytext import TextCache
    from etl.store import copyscreen

    con = duckdb.connect(str(screened_run[0]), read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT year FROM copy_screens ORDER BY 1").fetchall()
        years = [y for (y,) in rows]
        memo = TextCache()
        shared = [copyscreen.screen_year(con, y, memo) for y in years]
        uncached = [copyscreen.screen_year(con, y, TextCache(limit=0)) for y in years]
    finally:
        con.close()

    assert any(s.pairs for s in shared)
    assert _screens(shared) == _screens(uncached)


def _screens(screens):
    return [(s.year, s.pairs, s.tables, s.boilerplate, s.n_compared) for s in screens]


@pytest.mark.parametrize("jobs", [1, 2])
def test_texts_made_by_the_parse_workers_screen_like_texts_made_by_the_writer(
    screened_run, screened, tmp_path, jobs
):
    """Each parse worker makes the reports' copy texts (``etl.checks.copytext``) and the
    screening takes them: the same pairs, findings and screens as the in-process ingest
    (``screened_run``) and as screening again from the stored prose alone."""
    import duckdb

    from etl.store import copyscreen

    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder)
    db = tmp_path / "x.duckdb"
    summary = ingest([folder], db, options=IngestOptions(jobs=jobs))
    assert summary.copies_flagged == screened_run[1].copies_flagged > 0
    assert summary.copy_texts_made == 2 * len(ORGANS)  # every report's, none made again
    con = connect(str(db), read_only=True)
    try:
        assert _pairs(con) == _pairs(screened) and _findings(con) == _findings(screened)
        rows = con.execute("SELECT DISTINCT year FROM copy_screens ORDER BY 1").fetchall()
        again = [copyscreen.screen_year(con, y) for (y,) in rows]
    finally:
        con.close()
    assert all(s.n_made == 0 for s in again)
    con = duckdb.connect(str(screened_run[0]), read_only=True)
    try:
        inline = [copyscreen.screen_year(con, y) for (y,) in rows]
    finally:
        con.close()
    assert _screens(again) == _screens(inline)


def test_year_fingerprints_read_at_once_equal_each_years_own_query(screened):
    """A year's fingerprint covers it and the year before; all are read in one query now,
    and equal what a query over the two years gives (so no screened year turns stale)."""
    from etl.store import copyscreen

    prints = copyscreen._fingerprints(screened)
    assert sorted(prints) == [2023, 2024]
    for year, fingerprint in prints.items():
        n, x = screened.execute(
            """SELECT count(*), coalesce(bit_xor(hash(r.report_id || coalesce(r.agency, ''))), 0)
               FROM reports r JOIN report_prose p USING (report_id) WHERE r.year IN (?, ? - 1)""",
            [year, year],
        ).fetchone()
        assert fingerprint == f"{copyscreen.METHOD}:{n}:{x}"
    stored = dict(screened.execute("SELECT year, fingerprint FROM copy_screens").fetchall())
    assert stored == prints and copyscreen.stale_years(screened) == []
