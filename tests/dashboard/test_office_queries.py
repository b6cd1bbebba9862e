"""The office queries (timeliness) against the factory database; expected numbers from
the factory's cases."""

from __future__ import annotations

from datetime import date

import dash_factory as factory

from dashboard import office_queries as oq
from dashboard.filters import Filters

ALL = Filters(year_from=2019, year_to=2024)


def late(case) -> bool:
    return case.published is not None and date.fromisoformat(case.published) > date(
        case.year + 1, 1, 31
    )


def test_timeliness_by_year_counts_dated_late_and_undated(cur):
    df = oq.timeliness_by(cur, ALL, ("year",)).set_index("year")
    for year in {c.year for c in factory.REPORTS}:
        cases = [c for c in factory.REPORTS if c.year == year]
        dated = [c for c in cases if c.published]
        row = df.loc[year]
        assert row["n_reports"] == len(cases)
        assert row["n_dated"] == len(dated)
        assert row["n_undated"] == len(cases) - len(dated)
        assert row["n_late"] == sum(late(c) for c in cases)
        if dated:
            on_time = sum(not late(c) for c in dated)
            assert row["on_time_pct"] == round(100 * on_time / len(dated), 1)


def test_the_deadline_day_itself_is_on_time(cur):
    df = oq.timeliness_by(cur, Filters(year_from=2023, year_to=2023), ())
    assert int(df["n_late"].iloc[0]) == 0  # published 2024-01-31


def test_late_list_names_the_late_reports_with_days(cur):
    df = oq.late_reports(cur, ALL)
    want = {(c.agency, c.year): c for c in factory.REPORTS if late(c)}
    assert set(zip(df["agency"], df["year"], strict=True)) == set(want)
    row = df[df["agency"] == "乙市行政审批局"].iloc[0]
    assert row["days_late"] == (date(2025, 3, 10) - date(2025, 1, 31)).days


def test_undated_reports_are_listed(cur):
    df = oq.undated_reports(cur, ALL)
    assert len(df) == sum(1 for c in factory.REPORTS if not c.published)
