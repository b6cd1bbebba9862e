"""``xxgk synth``: row counts, the real schema, distributions and findings, determinism.

Speed is not tested here; ``benchmarks/bench_synth.py`` measures it.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from etl.checks.values import check_values
from etl.demo.synth import synthesize
from etl.store.agencies import agencies_listing
from etl.store.schema import connect, open_read_only
from etl.template import derived_keys, get_template
from tests.etl.store.wide_check import assert_wide_is_pivot

N = 3000


@pytest.fixture(scope="module")
def synth_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("synth") / "synth.duckdb"
    summary = synthesize(N, db, seed=11)
    return db, summary


def _q(db, sql, params=()):
    con = open_read_only(db)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_writes_exactly_n_reports_all_simulated(synth_db):
    db, summary = synth_db
    assert f"{N} reports" in summary
    assert _q(
        db, "SELECT count(*), count(DISTINCT report_id), bool_and(is_simulated) FROM reports"
    ) == [(N, N, True)]
    assert _q(db, "SELECT count(*) FROM report_sources") == [(N,)]
    n_values = _q(db, "SELECT count(*) FROM report_values")[0][0]
    assert 190 * N < n_values < 215 * N


def test_agencies_span_levels_provinces_and_years(synth_db):
    db, _ = synth_db
    levels = dict(_q(db, "SELECT level, count(*) FROM reports GROUP BY level"))
    assert set(levels) >= {"省级", "市级", "县级", "乡镇街道"}
    assert levels["县级"] > levels["市级"] > levels["省级"]
    assert _q(db, "SELECT count(DISTINCT province) FROM reports")[0][0] >= 25
    years = [y for (y,) in _q(db, "SELECT DISTINCT year FROM reports ORDER BY year")]
    assert years == list(range(2019, 2025))
    blanks = _q(
        db,
        "SELECT count(*) FROM reports WHERE agency IS NULL OR level IS NULL OR kind IS NULL "
        "OR organ_key IS NULL OR (level <> '国务院部门' AND province = '')",
    )
    assert blanks == [(0,)]
    per_organ_year = _q(
        db, "SELECT max(n) FROM (SELECT count(*) n FROM reports GROUP BY organ_key, year)"
    )
    assert per_organ_year == [(1,)]


def test_agency_tables_are_built_as_after_an_ingest(synth_db):
    """`xxgk agencies`, coverage and the export read ``agencies``: a synth file has it too."""
    db, _ = synth_db
    assert _q(db, "SELECT count(*) FROM agencies") == _q(
        db, "SELECT count(DISTINCT agency_id) FROM reports"
    )
    assert _q(db, "SELECT count(*) FROM agencies")[0][0] > 100
    con = open_read_only(db)
    try:
        listing = agencies_listing(con)
    finally:
        con.close()
    assert len(listing) == _q(db, "SELECT count(*) FROM agencies")[0][0]


def test_templates_follow_the_year_with_a_few_laggards(synth_db):
    db, _ = synth_db
    rows = dict(
        _q(
            db,
            "SELECT template || ':' || (year >= 2021)::VARCHAR, count(*) FROM reports GROUP BY 1",
        )
    )
    assert "2021:false" not in rows
    assert 0 < rows.get("2019:true", 0) < 0.1 * rows["2021:true"]


def test_only_the_2021_other_row_is_derived(synth_db):
    db, _ = synth_db
    derived = {k for (k,) in _q(db, "SELECT DISTINCT key FROM report_values WHERE derived")}
    assert derived == set(derived_keys(get_template("2021")))
    templates = {
        t
        for (t,) in _q(
            db,
            "SELECT DISTINCT template FROM reports JOIN report_values USING (report_id) WHERE derived",
        )
    }
    assert templates == {"2021"}


def test_wide_table_is_the_pivot_of_the_values(synth_db):
    db, _ = synth_db
    con = open_read_only(db)
    try:
        assert assert_wide_is_pivot(con) == N
    finally:
        con.close()


def _values_by_report(db):
    out = defaultdict(dict)
    for rid, key, value in _q(db, "SELECT report_id, key, value FROM report_values"):
        out[rid][key] = value
    return out


def test_findings_match_the_values(synth_db):
    db, _ = synth_db
    values = _values_by_report(db)
    meta = dict(_q(db, "SELECT report_id, template FROM reports"))
    findings = defaultdict(set)
    for rid, rule in _q(db, "SELECT report_id, rule FROM findings"):
        findings[rid].add(rule)
    share = len(findings) / N
    assert 0.02 < share < 0.15, share
    for rid, vals in values.items():
        in_report = {f.rule for f in check_values(vals, get_template(meta[rid]))}
        assert in_report == findings[rid] - {"R5", "P1"}, rid
    counts = dict(_q(db, "SELECT report_id, n_errors FROM reports"))
    errors = defaultdict(int)
    for rid, severity in _q(db, "SELECT report_id, severity FROM findings"):
        errors[rid] += severity == "error"
    assert all(counts[r] == errors[r] for r in counts)


def test_missing_part_four_is_absent_not_zero(synth_db):
    db, _ = synth_db
    rows = _q(
        db,
        "SELECT r.report_id, r.parts_found, count(v.key) FROM reports r "
        "JOIN findings f ON f.report_id = r.report_id AND f.rule = 'P1' "
        "LEFT JOIN report_values v ON v.report_id = r.report_id AND v.key LIKE 'appeal.%' GROUP BY ALL",
    )
    assert rows and all(parts == "2,3" and n == 0 for _, parts, n in rows)


def test_carry_over_chains_hold_unless_a_finding_says_otherwise(synth_db):
    db, _ = synth_db
    rows = _q(
        db,
        """SELECT later.report_id, later.v, earlier.v FROM
             (SELECT r.organ_key, r.year, r.report_id, v.value v FROM reports r JOIN report_values v
              USING (report_id) WHERE v.key = 'apply.carried_in.total') later
           JOIN
             (SELECT r.organ_key, r.year, v.value v FROM reports r JOIN report_values v
              USING (report_id) WHERE v.key = 'apply.carried_out.total') earlier
           ON later.organ_key = earlier.organ_key AND later.year = earlier.year + 1""",
    )
    r5 = {rid for (rid,) in _q(db, "SELECT report_id FROM findings WHERE rule = 'R5'")}
    assert len(rows) > N / 2
    broken = {rid for rid, a, b in rows if a != b}
    assert broken == r5 and r5


def test_township_requests_small_city_requests_larger(synth_db):
    db, _ = synth_db
    med = dict(
        _q(
            db,
            "SELECT level, median(value) FROM reports JOIN report_values USING (report_id) "
            "WHERE key = 'apply.new.total' GROUP BY level",
        )
    )
    assert med["乡镇街道"] <= 2 < med["市级"] < med["省级"]


def test_same_seed_same_values(tmp_path, synth_db):
    db, _ = synth_db
    again = tmp_path / "again.duckdb"
    synthesize(N, again, seed=11)
    digest = "SELECT sum(hash(report_id || key || value::VARCHAR)) FROM report_values"
    assert _q(again, digest) == _q(db, digest)
    other = tmp_path / "other.duckdb"
    synthesize(N, other, seed=12)
    assert _q(other, digest) != _q(db, digest)


def test_replaces_its_own_database_but_never_one_with_real_reports(tmp_path):
    db = tmp_path / "s.duckdb"
    synthesize(50, db, seed=1)
    synthesize(40, db, seed=1)
    assert _q(db, "SELECT count(*) FROM reports") == [(40,)]
    real = tmp_path / "real.duckdb"
    con = connect(str(real))
    con.execute(
        "INSERT INTO reports (report_id, source_path, source_sha256, source_format, ingested_at) "
        "VALUES ('r1', 'a.txt', 'abc', 'text', now())"
    )
    con.close()
    with pytest.raises(ValueError, match="not synthetic"):
        synthesize(10, real, seed=1)
    assert _q(real, "SELECT count(*) FROM reports") == [(1,)]


def test_rejects_a_non_positive_count(tmp_path):
    with pytest.raises(ValueError):
        synthesize(0, tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()
