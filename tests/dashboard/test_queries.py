"""The query layer against real DuckDB files: the factory database, an empty one."""

from __future__ import annotations

import math
from dataclasses import replace

import dash_factory as factory
import duckdb
import pandas as pd
import pytest

from dashboard import coverage_queries, coverage_status, metrics, queries, snapshot, sums
from dashboard import measures as ms
from dashboard.filters import Filters
from etl.store import schema
from etl.template import LEVELS, all_keys

ALL = Filters(year_from=2019, year_to=2024)
NEW = ms.intake()[0]


@pytest.fixture
def keys(cur) -> dict[str, str]:
    """Agency name → the key the store identifies it by (organ_key, agency_id or name)."""
    df = queries.run(cur, "SELECT DISTINCT agency, agency_key FROM r")
    return dict(zip(df["agency"], df["agency_key"], strict=True))


def test_store_pivots_every_value_of_every_report(cur):
    wide = queries.run(cur, "SELECT * FROM r")
    assert len(wide) == len(factory.REPORTS)
    by_id = wide.set_index("report_id")
    for case in factory.REPORTS:
        expected = {k: v for k, (v, _) in factory.values_for(case).items()}
        row = by_id.loc[case.report_id]
        got = {k: row[k] for k in all_keys() if pd.notna(row[k])}
        assert got == expected, case
    assert by_id["agency_key"].notna().all()
    assert by_id.groupby("agency")["agency_key"].nunique().eq(1).all()


def test_totals_by_year_match_the_reports(cur):
    df = sums.totals_by(cur, ALL, ("year",), (NEW, *ms.outcome_groups()))
    assert list(df["year"]) == sorted({c.year for c in factory.REPORTS})
    for _, row in df.iterrows():
        year = int(row["year"])
        assert row["n_reports"] == len(factory.select(year=year))
        assert row["n_agencies"] == len({c.agency for c in factory.select(year=year)})
        assert row["new__total"] == factory.total("apply.new.total", year=year)
        withheld = ms.by_name(ms.outcome_groups())["withheld__total"]
        assert row["withheld__total"] == sum(factory.total(k, year=year) for k in withheld.keys)


def test_a_report_without_part_three_is_absent_not_zero(cur):
    f = Filters(provinces=("丁省",), levels=(LEVELS[1],))
    df = sums.totals_by(cur, f, (), (NEW, ms.by_name(ms.active_cells())["licensing__decisions"]))
    row = df.iloc[0]
    assert (row["n_reports"], row["n_apply"]) == (1, 0)
    assert pd.isna(row["new__total"])
    assert row["licensing__decisions"] == factory.total(
        "active.licensing.decisions", agency="丁省人民政府办公厅"
    )


@pytest.mark.parametrize(
    ("filters", "where"),
    [
        (Filters(provinces=("甲省",)), {"province": "甲省"}),
        (Filters(cities=("戊市",)), {"city": "戊市"}),
        (Filters(counties=("丙县",)), {"county": "丙县"}),
        (Filters(levels=(LEVELS[3],)), {"level": LEVELS[3]}),
        (Filters(kinds=(factory.GOV,)), {"kind": factory.GOV}),
        (Filters(templates=("2019",)), {"template_id": "2019"}),
        (
            Filters(agencies=("乙市人民政府", "戊市审计局")),
            {"agency": ["乙市人民政府", "戊市审计局"]},
        ),
        (Filters(year_from=2022, year_to=2023), {"year": [2022, 2023]}),
        (
            Filters(provinces=("甲省",), year_from=2024, year_to=2024),
            {"province": "甲省", "year": 2024},
        ),
    ],
)
def test_each_filter_selects_the_right_reports(cur, keys, filters, where):
    filters = replace(filters, agencies=tuple(keys[a] for a in filters.agencies))
    row = sums.totals_by(cur, filters, (), (NEW,)).iloc[0]
    assert row["n_reports"] == len(factory.select(**where))
    assert (row["new__total"] if pd.notna(row["new__total"]) else 0) == factory.total(
        "apply.new.total", **where
    )


def test_filter_values_are_parameters_not_sql(cur):
    evil = Filters(provinces=("甲省' OR 1=1 --",), agencies=('x") OR TRUE --',))
    assert sums.totals_by(cur, evil, (), ()).iloc[0]["n_reports"] == 0


def test_identifiers_come_only_from_whitelists(cur):
    with pytest.raises(queries.QueryError):
        sums.totals_by(cur, ALL, ("agency; DROP TABLE r",), ())
    with pytest.raises(queries.QueryError):
        queries.distinct_values(cur, "source_path")
    with pytest.raises(ValueError, match="unknown keys"):
        ms.Measure("x", "x", ("apply.nope.total",))


def test_ranking_orders_and_limits(cur):
    df = sums.totals_by(cur, ALL, ("agency_key",), (NEW,), order_by="new__total", limit=2)
    per_agency = {
        a: factory.total("apply.new.total", agency=a) for a in {c.agency for c in factory.REPORTS}
    }
    best = sorted(per_agency.items(), key=lambda kv: -kv[1])[:2]
    assert list(df["agency"]) == [a for a, _ in best]
    assert list(df["new__total"]) == [v for _, v in best]


def test_levels_come_in_template_order(cur):
    df = sums.totals_by(cur, ALL, ("level",), ())
    assert list(df["level"]) == [lv for lv in LEVELS if factory.select(level=lv)]


def test_simulated_reports_are_detected(cur):
    assert sums.has_simulated(cur, ALL)
    assert not sums.has_simulated(cur, Filters(provinces=("甲省",)))


def test_findings_and_quality(cur):
    by_rule = queries.findings_by(cur, ALL, ("rule", "severity"))
    counts = {
        (r, s): n for r, s, n in by_rule[["rule", "severity", "n_findings"]].itertuples(False)
    }
    assert counts[("R1", "error")] == 1 and counts[("P1", "warning")] == 1
    assert set(counts) == {("R1", "error"), ("P1", "warning")}  # no R5: carry-overs chain
    reports = queries.quality_reports(cur, ALL)
    assert reports.iloc[0]["agency"] == "戊市审计局" and reports.iloc[0]["n_errors"] == 1
    broken = next(c for c in factory.REPORTS if c.broken)
    found = queries.report_findings(cur, broken.report_id)
    assert list(found["rule"]) == ["R1"] and found.iloc[0]["key"] == "apply.granted.total"
    rejected = queries.rejected_files(cur)
    assert list(rejected["source_path"]) == [factory.REJECTED[0]]
    assert rejected.iloc[0]["reason_text"] == factory.REJECTED[1]


def test_coverage_grid_marks_missing_and_errors(cur):
    years = list(range(2019, 2025))
    grid, summary = coverage_status.coverage_grid(coverage_queries.coverage(cur, ALL), years)
    status = grid.set_index("agency")
    assert status.loc["乙市人民政府", 2023] == "missing"
    assert pd.isna(status.loc["乙市人民政府", 2021])  # before its first report: not expected
    assert status.loc["戊市审计局", 2024] == "errors"
    assert status.loc["丙县教育局", 2021] == "missing"
    assert status.loc["乙市行政审批局", 2022] == "published"
    row_2024 = summary.set_index("year").loc[2024]
    assert row_2024["errors"] == 1
    assert row_2024["published"] + row_2024["errors"] == len(
        {c.agency for c in factory.select(year=2024)}
    )
    assert row_2024["missing"] == 0


def test_options_and_profiles(cur, keys):
    assert queries.available_years(cur) == sorted({c.year for c in factory.REPORTS})
    assert "己县" in set(queries.places(cur)["county"])
    found = queries.agency_options(cur, ALL, "审批", 10)
    assert list(found["agency"]) == ["乙市行政审批局"]
    assert queries.agency_names(cur, (keys["戊市审计局"],)) == {keys["戊市审计局"]: "戊市审计局"}
    profile = queries.agency_profile(cur, keys["丙县教育局"]).iloc[0]
    assert (profile["agency"], profile["county"]) == ("丙县教育局", "丙县")
    picked = queries.report_picker(cur, ALL, "教育", 10)
    assert list(picked["year"]) == [2024, 2020, 2019]


def test_report_values_come_from_the_file_with_locators(dash_db):
    case = factory.REPORTS[0]
    con = duckdb.connect(str(dash_db), read_only=True)
    try:
        df = queries.report_values(con.cursor(), case.report_id)
    finally:
        con.close()
    assert dict(zip(df["key"], df["value"], strict=True)) == {
        k: v for k, (v, _) in factory.values_for(case).items()
    }
    assert df["locator"].str.contains('"line"').all()


def test_an_empty_database_gives_empty_results(empty_db):
    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, empty_db, snapshot.SRC)
    assert snapshot.build(mem) == 0
    cur = mem.cursor()
    assert queries.report_count(cur) == 0
    assert queries.available_years(cur) == []
    row = sums.totals_by(cur, Filters(), (), (NEW,)).iloc[0]
    assert row["n_reports"] == 0 and pd.isna(row["new__total"])
    assert sums.totals_by(cur, Filters(), ("year",), (NEW,)).empty
    assert queries.findings_by(cur, Filters(), ("rule",)).empty
    assert queries.rejected_files(cur).empty
    assert not sums.has_simulated(cur, Filters())


def test_appeal_rates_and_cases_per_100(cur):
    df = metrics.add_appeal_rates(sums.totals_by(cur, ALL, (), (*ms.appeal_cells(), NEW)))
    row = df.iloc[0]
    corrected = sum(factory.total(f"appeal.{g}.corrected") for g in ms.appeal_groups())
    total = sum(factory.total(f"appeal.{g}.total") for g in ms.appeal_groups())
    pending = sum(factory.total(f"appeal.{g}.pending") for g in ms.appeal_groups())
    assert math.isclose(row["all__rate"], corrected / (total - pending) * 100)
    assert math.isclose(row["cases_per_100"], total / factory.total("apply.new.total") * 100)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT a.agency_key, a.agency, t.* FROM (SELECT agency_ix, count(*) AS n, "
        'sum("apply.new.total") AS s FROM r GROUP BY agency_ix) t '
        "LEFT JOIN agencies a USING (agency_ix) ORDER BY a.name_order",
        "SELECT agency, year, n_errors, is_simulated, completeness FROM meta ORDER BY report_id",
        "SELECT agency, year FROM meta WHERE year < 0",  # no row
        "SELECT NULL::VARCHAR AS a, NULL::BIGINT AS b, NULL::BOOLEAN AS c, 'x' AS d",
    ],
)
def test_names_through_arrow_give_the_frame_df_gives(cur, sql):
    fast = queries.run(cur, sql, [], names=True)
    pd.testing.assert_frame_equal(fast, cur.execute(sql).df())
    assert len(fast.columns) >= 2


def test_names_after_a_result_left_pending(cur):
    cur.execute("SELECT 1")  # not fetched: the relation API refuses a connection like this
    got = queries.run(cur, "SELECT agency FROM agencies ORDER BY name_order", names=True)
    assert list(got["agency"]) == sorted(got["agency"]) and len(got) > 3
