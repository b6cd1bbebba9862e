"""The store's ``roll_place`` gives exactly what summing every report gives: for every
grouping and filter it can answer, from a file's published rollup and from one
computed in memory; a rollup that no longer matches the file's reports is not used."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import dash_factory as factory
import duckdb
import pandas as pd
import pytest

from dashboard import measures as ms
from dashboard import queries, snapshot, sums
from dashboard.filters import Filters
from etl.store import rollup, schema

MEASURES = (*ms.outcome_groups(), *ms.intake(), *ms.appeal_cells())
CASES = [
    (Filters(), ()),
    (Filters(year_from=2019, year_to=2024), ("year",)),
    (Filters(year_from=2022, year_to=2023), ("level",)),
    (Filters(), ("year", "template")),
    (Filters(), ("province",)),
    (Filters(), ("kind", "level")),
    (Filters(levels=("市级",)), ("year",)),
    (Filters(templates=("2019",), year_from=2020), ()),
    (Filters(provinces=("不存在省",)), ("year",)),  # nothing matches
    (Filters(year_from=2030, year_to=2031), ()),
    (Filters(year_from=2019, year_to=2024), ()),  # every dated report: agency_totals counts
    (Filters(year_from=2000, year_to=2100), ()),
]


def _totals(cur, filters, by, *, rolled: bool, monkeypatch) -> pd.DataFrame:
    monkeypatch.setattr(sums, "_rolled_up", lambda f, b: rolled)
    return sums.totals_by(cur, filters, by, MEASURES)


@pytest.mark.parametrize(("filters", "by"), CASES)
def test_rollup_equals_the_sum_over_reports(cur, filters, by, monkeypatch):
    assert sums._rolled_up(filters, by)  # the real routing takes the rollup here
    got = _totals(cur, filters, by, rolled=True, monkeypatch=monkeypatch)
    want = _totals(cur, filters, by, rolled=False, monkeypatch=monkeypatch)
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_rollup_is_not_used_for_cities_counties_or_agencies():
    assert not sums._rolled_up(Filters(cities=("甲市",)), ())
    assert not sums._rolled_up(Filters(counties=("乙县",)), ())
    assert not sums._rolled_up(Filters(agencies=("x",)), ())
    assert not sums._rolled_up(Filters(), ("agency_key",))
    assert not sums._rolled_up(Filters(), ("county",))


def _store(path: Path) -> duckdb.DuckDBPyConnection:
    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, path, snapshot.SRC)
    snapshot.build(mem)
    return mem


def _sums(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return con.execute(
        "SELECT year, level, sum(n_reports), sum(n_error_reports), "
        f'sum("apply.new.total") FROM {table} GROUP BY ALL ORDER BY ALL'
    ).fetchall()


def test_store_reads_a_current_rollup_and_recomputes_a_stale_one(dash_db: Path, tmp_path: Path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(dash_db, path)
    with duckdb.connect(str(path)) as con:
        rollup.build(con)
        # Mark the stored rollup so the test can tell it from one computed in memory.
        con.execute(f"UPDATE {rollup.PLACE} SET n_apply = n_apply + 1000")
    mem = _store(path)
    assert mem.execute("SELECT min(n_apply) FROM roll_place").fetchone()[0] >= 1000
    mem.close()

    with duckdb.connect(str(path)) as con:  # a write without a publication
        con.execute(
            "UPDATE reports SET n_errors = n_errors + 1 WHERE report_id = ?",
            [factory.REPORTS[0].report_id],
        )
    mem = _store(path)
    assert mem.execute("SELECT max(n_apply) FROM roll_place").fetchone()[0] < 1000
    want = mem.execute(
        """SELECT year, level, count(*), count_if(n_errors > 0), sum("apply.new.total")
           FROM r GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    assert _sums(mem, "roll_place") == want
    mem.close()


@pytest.mark.parametrize("search", ["", "局", "不存在"])
def test_agency_picker_in_the_usual_view_equals_summing_the_reports(cur, search, monkeypatch):
    years = Filters(year_from=2019, year_to=2024)
    assert queries._every_dated_report(cur, years)
    assert not queries._every_dated_report(cur, Filters(year_from=2022, year_to=2024))
    assert not queries._every_dated_report(cur, replace(years, levels=("市级",)))
    got = queries.agency_options(cur, years, search, 500)
    monkeypatch.setattr(queries, "_every_dated_report", lambda c, f: False)
    want = queries.agency_options(cur, years, search, 500)
    pd.testing.assert_frame_equal(got, want)
    assert len(want) or search == "不存在"


def test_sidebar_options_come_from_every_report(cur):
    assert queries.available_years(cur) == sorted({c.year for c in factory.REPORTS})
    assert queries.distinct_values(cur, "level") == sorted({c.level for c in factory.REPORTS})


def test_per_year_agency_counts_fall_back_when_an_agency_spans_two_cells(dash_db, monkeypatch):
    mem = _store(dash_db)
    assert mem.execute("SELECT one_cell_per_year FROM store_flags").fetchone()[0]
    mem.execute("UPDATE store_flags SET one_cell_per_year = FALSE")
    cur = mem.cursor()
    for filters, by in CASES[:4]:
        got = _totals(cur, filters, by, rolled=True, monkeypatch=monkeypatch)
        want = _totals(cur, filters, by, rolled=False, monkeypatch=monkeypatch)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    mem.close()


def test_reports_without_a_year_count_as_they_do_over_reports(dash_db, tmp_path, monkeypatch):
    path = tmp_path / "undated.duckdb"
    shutil.copy(dash_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "UPDATE reports SET year = NULL WHERE report_id = ?", [factory.REPORTS[0].report_id]
        )
    mem = _store(path)
    cur = mem.cursor()
    cases = [*CASES, (Filters(templates=("2021",)), ()), (Filters(templates=("2021",)), ("level",))]
    for filters, by in cases:
        got = _totals(cur, filters, by, rolled=True, monkeypatch=monkeypatch)
        want = _totals(cur, filters, by, rolled=False, monkeypatch=monkeypatch)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    mem.close()


@pytest.mark.parametrize(
    ("measures", "order_by", "limit"),
    [
        ((*ms.outcome_groups(), *ms.intake()), None, None),
        ((*ms.reasons(), ms.denied()), None, None),
        (ms.appeal_cells(), None, None),
        ((*ms.outcome_groups(), *ms.intake()), "new__total", 2),
        ((), None, None),
    ],
)
def test_per_agency_totals_in_the_usual_view_equal_summing_the_reports(
    cur, measures, order_by, limit, monkeypatch
):
    years = Filters(year_from=2019, year_to=2024)
    assert sums._agency_totals_hold(cur, years, measures)
    assert not sums._agency_totals_hold(cur, Filters(year_from=2023, year_to=2024), measures)
    assert not sums._agency_totals_hold(
        cur, years, (ms.by_name(ms.active_cells())["licensing__decisions"],)
    )
    got = sums.totals_by(cur, years, ("agency_key",), measures, order_by, limit)
    monkeypatch.setattr(sums, "_agency_totals_hold", lambda c, f, m: False)
    want = sums.totals_by(cur, years, ("agency_key",), measures, order_by, limit)
    assert len(want) == (limit or len(want)) and len(want) > 1
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
