"""数据质量's report list: the first rows as a static table in the list's order (errors
first), the whole list behind a switch (the sortable grid) and in the downloads; one
report's findings coloured by severity."""

from __future__ import annotations

import shutil

import dash_factory as factory
from test_app import run_app, shown_table

from dashboard.labels import meta_label
from etl.store import loader
from etl.store.publish import Writer

BROKEN = next(c for c in factory.REPORTS if c.broken)


def test_a_long_list_shows_its_head_and_the_rest_behind_a_switch(dash_db, tmp_path, monkeypatch):
    db = tmp_path / "more.duckdb"
    shutil.copy(dash_db, db)
    extra = [
        factory.Case(f"庚县第{i}局", "丁省", "戊市", "庚县", factory.COUNTY, factory.DEPT, 2023)
        for i in range(12)
    ]
    with Writer(db) as writer:
        for case in extra:
            loader.load_report(writer.con, factory.record(case))
        writer.changed()
    total = len(factory.REPORTS) + len(extra)
    at = run_app(db, monkeypatch, "quality")
    head = shown_table(at, "quality-reports")
    assert len(head) == 20 < total
    assert head.iloc[0][meta_label("agency")] == BROKEN.agency  # errors first
    assert any(f"共 {total} 份" in c.value for c in at.caption)
    assert not at.dataframe
    at.toggle(key="quality-browse").set_value(True).run()
    (grid,) = at.dataframe
    assert len(grid.value) == total
    assert list(grid.value[meta_label("agency")].head(20)) == list(head[meta_label("agency")])
    assert not [h for h in at.get("html") if 'data-table="quality-reports"' in h.value]


def test_one_reports_findings_name_the_rule_and_colour_the_severity(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "quality")
    at.selectbox(key="quality-report").set_value(BROKEN.report_id).run()
    found = shown_table(at, "quality-report-findings")
    assert found.iloc[0]["级别"] == "错误" and found.iloc[0]["规则"].startswith("R1 ")
    html = next(h.value for h in at.get("html") if "quality-report-findings" in h.value)
    assert 'style="color: #b42318; background-color: #fde8e7; font-weight: 600">错误<' in html
