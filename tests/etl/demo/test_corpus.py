"""End to end: a small demo build parses back, through the real pipeline, to the simulated values.

One build per module (a sample of every rendition on both templates, every fault and the
seed organ's chain into the real 2024 report). Each rendition's reports must come back
from the database exactly as the renderer printed them (``etl.synthetic.layout.shown_values``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.demo.corpus import DEFAULT_REAL_DIR, MANIFEST, build_demo, format_available
from etl.demo.region import SEED_AGENCY, SEED_YEAR
from etl.demo.simulate import RENDITIONS, simulate_region
from etl.store.schema import open_read_only
from etl.synthetic.layout import shown_values
from tests.etl.store.wide_check import assert_wide_is_pivot

SEED = 2024
ITEMS = "narrative.items_published"
RENDITION_IDS = [
    (fmt, layout, style, template)
    for options in RENDITIONS.values()
    for fmt, layout, style in options
    for template in ("2019", "2021")
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    out, db = root / "out", root / "demo.duckdb"
    summary = build_demo(out, db, SEED, sample=1, real_dir=DEFAULT_REAL_DIR)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    return {"out": out, "db": db, "summary": summary, "manifest": manifest}


@pytest.fixture(scope="module")
def sim():
    corpus = simulate_region(SEED)
    return {(r.agency, r.year): r for r in corpus.reports}


def _query(db: Path, sql: str, params: list) -> list[tuple]:
    con = open_read_only(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _report_id(db: Path, sha: str) -> str:
    rows = _query(db, "SELECT report_id FROM reports WHERE source_sha256 = ?", [sha])
    assert rows, f"file {sha[:12]} was not loaded"
    return rows[0][0]


def _read_values(db: Path, report_id: str) -> dict[str, float]:
    rows = _query(
        db, "SELECT key, value FROM report_values WHERE report_id = ? AND NOT derived", [report_id]
    )
    return dict(rows)


def _rules(db: Path, report_id: str) -> set[str]:
    return {r[0] for r in _query(db, "SELECT rule FROM findings WHERE report_id = ?", [report_id])}


def _entry(demo, agency: str, year: int) -> dict:
    return next(e for e in demo["manifest"]["files"] if e["agency"] == agency and e["year"] == year)


def _diff(expected: dict, got: dict) -> dict:
    return {
        k: (expected.get(k), got.get(k))
        for k in set(expected) | set(got)
        if expected.get(k) != got.get(k)
    }


def _is_blank_zero_appeal_bug(entry: dict, diff: dict) -> bool:
    """Known reader gap: part 四 printed with every cell blank (all zero) is read as absent."""
    return (
        "blank_zeros" in entry["style"]
        and bool(diff)
        and all(
            k.startswith("appeal.") and exp == 0 and got is None for k, (exp, got) in diff.items()
        )
    )


@pytest.mark.parametrize("rendition", RENDITION_IDS, ids=lambda r: "-".join(x for x in r if x))
def test_each_rendition_parses_back_to_the_simulated_values(demo, sim, rendition):
    fmt, template = rendition[0], rendition[3]
    if not format_available("." + fmt):
        pytest.skip(f"no reader (or renderer) for .{fmt} files is installed here")
    entries = [
        e
        for e in demo["manifest"]["files"]
        if (e["format"], e["layout"], e["style"], e["template"]) == rendition and not e["faults"]
    ]
    if not entries:
        pytest.skip(
            f"the seed's corpus has no {template}-template report rendered as {rendition[:3]}"
        )
    for entry in entries:
        report = sim[(entry["agency"], entry["year"])]
        expected = {k: v for k, v in shown_values(report.spec()).items() if k != ITEMS}
        got = {
            k: v
            for k, v in _read_values(demo["db"], _report_id(demo["db"], entry["sha256"])).items()
            if k != ITEMS
        }
        diff = _diff(expected, got)
        if _is_blank_zero_appeal_bug(entry, diff):
            pytest.xfail("a part 四 whose 15 cells are all blank reads as absent (P1), not as 0")
        assert not diff, (
            f"{entry['path']}: {len(diff)} keys differ, e.g. {sorted(diff.items())[:5]}"
        )


def test_blank_all_zero_appeal_table_reads_as_zeros(demo, sim):
    """Spec: blank cells inside a table that is shown read as 0 — also when all of them are."""
    hits = [
        e
        for e in demo["manifest"]["files"]
        if "blank_zeros" in e["style"]
        and all(
            v == 0
            for k, v in sim[(e["agency"], e["year"])].values.items()
            if k.startswith("appeal.")
        )
    ]
    if not hits:
        pytest.skip("no report in the sample prints an all-blank part 四")
    entry = hits[0]
    got = _read_values(demo["db"], _report_id(demo["db"], entry["sha256"]))
    if not any(k.startswith("appeal.") for k in got):
        pytest.xfail(
            f"{entry['path']}: part 四 printed with every cell blank is read as absent (P1)"
        )
    assert all(got[k] == 0 for k in got if k.startswith("appeal."))


@pytest.mark.xfail(
    reason="the matcher does not read part 一's 主动公开信息 count (narrative.items_published) yet"
)
def test_items_published_are_read_from_part_one(demo, sim):
    entry = demo["manifest"]["files"][0]
    got = _read_values(demo["db"], _report_id(demo["db"], entry["sha256"]))
    assert got.get(ITEMS) == sim[(entry["agency"], entry["year"])].values[ITEMS]


def test_manifest_files_are_marked_simulated_and_the_real_report_is_not(demo):
    shas = [e["sha256"] for e in demo["manifest"]["files"]]
    flags = dict(_query(demo["db"], "SELECT source_sha256, is_simulated FROM reports", []))
    assert all(flags.get(s) is True for s in shas)
    real = [sha for sha, simulated in flags.items() if sha not in shas]
    assert len(real) == 1 and flags[real[0]] is False
    agency = _query(demo["db"], "SELECT agency, year FROM reports WHERE source_sha256 = ?", real)
    assert agency == [(SEED_AGENCY, SEED_YEAR)]


def test_broken_row_total_is_found(demo):
    fault = next(f for f in demo["manifest"]["faults"] if f["kind"] == "row_total")
    rid = _report_id(demo["db"], _entry(demo, fault["agency"], fault["year"])["sha256"])
    assert set(fault["rules"]) <= _rules(demo["db"], rid)


def test_restated_carry_over_is_found_across_years(demo):
    fault = next(f for f in demo["manifest"]["faults"] if f["kind"] == "carry_over")
    rid = _report_id(demo["db"], _entry(demo, fault["agency"], fault["year"])["sha256"])
    assert "R5" in _rules(demo["db"], rid)


def test_seed_organ_chain_into_the_real_report_holds(demo):
    rows = _query(
        demo["db"],
        "SELECT report_id, is_simulated FROM reports WHERE agency = ? AND year IN (?, ?)",
        [SEED_AGENCY, SEED_YEAR - 1, SEED_YEAR],
    )
    assert sorted(flag for _, flag in rows) == [False, True]
    real = next(rid for rid, flag in rows if not flag)
    assert "R5" not in _rules(demo["db"], real)


def test_typo_label_is_matched_and_reported(demo, sim):
    fault = next(f for f in demo["manifest"]["faults"] if f["kind"] == "typo_label")
    entry = _entry(demo, fault["agency"], fault["year"])
    label, typo = fault["note"].split(" → ")
    text = (demo["out"] / entry["path"]).read_text(encoding="utf-8")
    assert typo in text and label not in text
    rid = _report_id(demo["db"], entry["sha256"])
    report = sim[(fault["agency"], fault["year"])]
    expected = {k: v for k, v in shown_values(report.spec()).items() if k != ITEMS}
    got = {k: v for k, v in _read_values(demo["db"], rid).items() if k != ITEMS}
    assert not _diff(expected, got)
    assert "P5" in _rules(demo["db"], rid)


def test_template_lag_and_single_other_are_read_as_printed(demo, sim):
    lag = next(f for f in demo["manifest"]["faults"] if f["kind"] == "template_lag")
    rows = _query(
        demo["db"],
        "SELECT template FROM reports WHERE source_sha256 = ?",
        [_entry(demo, lag["agency"], lag["year"])["sha256"]],
    )
    assert rows == [("2019",)]
    single = next(f for f in demo["manifest"]["faults"] if f["kind"] == "single_other")
    entry = _entry(demo, single["agency"], single["year"])
    got = _read_values(demo["db"], _report_id(demo["db"], entry["sha256"]))
    report = sim[(single["agency"], single["year"])]
    assert got["apply.other.total"] == report.values["apply.other.total"]
    assert not any(k.startswith("apply.other_") for k in got)


def test_rebuilding_gives_identical_files_and_changes_nothing(demo):
    before = _query(demo["db"], "SELECT count(*) FROM reports", [])
    summary = build_demo(demo["out"], demo["db"], SEED, sample=1, real_dir=DEFAULT_REAL_DIR)
    n_files = len(demo["manifest"]["files"]) + 1  # and the real report
    assert f"loaded 0, unchanged {n_files}, copies 0" in summary
    again = json.loads((demo["out"] / MANIFEST).read_text(encoding="utf-8"))
    assert [e["sha256"] for e in again["files"]] == [e["sha256"] for e in demo["manifest"]["files"]]
    assert _query(demo["db"], "SELECT count(*) FROM reports", []) == before
    simulated = _query(demo["db"], "SELECT count(*) FROM reports WHERE is_simulated", [])
    assert simulated[0][0] == before[0][0] - 1


def test_published_demo_has_its_wide_table(demo):
    con = open_read_only(demo["db"])
    try:
        assert assert_wide_is_pivot(con) > 0  # ingest, copies, versions and the real report
    finally:
        con.close()


def test_late_reports_are_found_with_their_date(demo):
    late = [f for f in demo["manifest"]["faults"] if f["kind"] == "late"]
    assert len(late) == 2
    for fault in late:
        rid = _report_id(demo["db"], _entry(demo, fault["agency"], fault["year"])["sha256"])
        assert "L1" in _rules(demo["db"], rid)
        (published,) = _query(
            demo["db"], "SELECT published_on FROM reports WHERE report_id = ?", [rid]
        )[0]
        assert published.isoformat() > f"{fault['year'] + 1}-01-31"


def test_copied_report_is_a_suspected_copy(demo):
    from dashboard import office_queries
    from dashboard.brief.make import open_store
    from dashboard.filters import Filters

    fault = next(f for f in demo["manifest"]["faults"] if f["kind"] == "copied_tables")
    con = open_store(demo["db"])
    try:
        copies = office_queries.copied_tables(
            con, Filters(year_from=fault["year"], year_to=fault["year"])
        )
    finally:
        con.close()
    assert list(zip(copies["agency"], copies["year"], strict=True)) == [
        (fault["agency"], fault["year"])
    ]


def test_the_summary_counts_what_the_copy_screening_flagged(demo):
    # the per-year batches' screens: a year screened again replaces what it flagged before
    flagged = _query(
        demo["db"],
        "SELECT count(DISTINCT report_id) FROM findings WHERE rule IN ('C1', 'C2', 'C3')",
        [],
    )[0][0]
    years = _query(demo["db"], "SELECT count(DISTINCT year) FROM copy_screens", [])[0][0]
    assert flagged > 0 and years > 1
    assert f"copy screening of {years} years: {flagged} reports flagged (C1–C3)" in demo["summary"]
