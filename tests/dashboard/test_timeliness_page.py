"""发布及时性's tables as static HTML: by level in full, the late and undated lists by
their first rows with the whole list behind a switch (the sortable grid) and in the
downloads. Expected numbers from the factory's cases."""

from __future__ import annotations

import shutil
from datetime import date

import dash_factory as factory
from test_app import run_app, shown_table

from dashboard.labels import meta_label
from etl.store import loader
from etl.store.publish import Writer


def late(case) -> bool:
    return case.published is not None and date.fromisoformat(case.published) > date(
        case.year + 1, 1, 31
    )


def test_level_table_and_late_list_show_the_late_reports(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "timeliness")
    assert not at.dataframe
    by_level = shown_table(at, "timeliness-by-level")
    got = {
        (int(r[meta_label("year")]), r[meta_label("level")]): r["逾期发布"]
        for _, r in by_level.iterrows()
    }
    for (year, level), n_late in got.items():
        cases = factory.select(year=year, level=level)
        assert n_late == sum(late(c) for c in cases), (year, level)
    listed = shown_table(at, "timeliness-late")
    want = {(c.agency, c.year) for c in factory.REPORTS if late(c)}
    assert set(zip(listed[meta_label("agency")], listed[meta_label("year")], strict=True)) == want
    assert "timeliness-late-browse" not in [t.key for t in at.toggle]  # short: no switch


def test_a_long_late_list_shows_its_head_and_the_rest_behind_a_switch(
    dash_db, tmp_path, monkeypatch
):
    db = tmp_path / "late.duckdb"
    shutil.copy(dash_db, db)
    extra = [
        factory.Case(
            f"庚县第{i}局",
            "丁省",
            "戊市",
            "庚县",
            factory.COUNTY,
            factory.DEPT,
            2023,
            published=f"2024-03-{i + 1:02d}",
        )
        for i in range(25)
    ]
    with Writer(db) as writer:
        for case in extra:
            loader.load_report(writer.con, factory.record(case))
        writer.changed()
    n_late = sum(late(c) for c in factory.REPORTS) + len(extra)
    at = run_app(db, monkeypatch, "timeliness")
    head = shown_table(at, "timeliness-late")
    assert len(head) == 20 < n_late
    days = list(head["逾期天数"])
    assert days == sorted(days, reverse=True)  # the caption's order: most days late first
    assert head.iloc[0][meta_label("agency")] == "庚县第24局"
    assert any(f"共 {n_late} 行" in c.value for c in at.caption)
    at.toggle(key="timeliness-late-browse").set_value(True).run()
    (grid,) = at.dataframe
    assert len(grid.value) == n_late
    assert not [h for h in at.get("html") if 'data-table="timeliness-late"' in h.value]
