"""The roster (who should publish): loaded into a copy of the factory database, read by
the query layer and shown on 报送情况, where organs that never published appear."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from test_app import run_app, shown_table

from dashboard import coverage_queries, coverage_status, snapshot
from dashboard.filters import Filters
from dashboard.labels import meta_label
from etl.store import roster, schema

NEVER = "壬县公安局"
LIST = (
    f"agency,province,city,county,from\n乙市行政审批局,甲省,乙市,,\n{NEVER},甲省,乙市,壬县,2023\n"
)


@pytest.fixture
def rostered(dash_db, tmp_path):
    db = tmp_path / "roster.duckdb"
    shutil.copy(dash_db, db)
    assert roster.load_roster_file(db, LIST.encode("gbk"), "test") == 2
    return db


def cursor(db):
    mem = duckdb.connect(":memory:")
    schema.attach_read_only(mem, db, snapshot.SRC)
    snapshot.build(mem)
    return mem


def test_roster_missing_names_the_organ_that_never_published(rostered):
    cur = cursor(rostered)
    missing = coverage_queries.roster_missing(cur, Filters(), 2024)
    assert list(missing["agency"]) == [NEVER]  # 乙市行政审批局 published 2024
    assert bool(missing["never_published"].iloc[0]) and missing["county"].iloc[0] == "壬县"
    gone = coverage_queries.roster_missing(
        cur, Filters(), 2020
    )  # 乙市行政审批局: first report 2021
    assert list(gone["agency"]) == ["乙市行政审批局"]  # the never-published one is due from 2023
    assert coverage_queries.roster_missing(cur, Filters(provinces=("丁省",)), 2024).empty
    assert coverage_queries.has_roster(cur)


def test_coverage_counts_roster_organs_from_their_first_due_year(rostered):
    cur = cursor(rostered)
    years = list(range(2019, 2025))
    grid, _ = coverage_status.coverage_grid(
        coverage_queries.coverage(cur, Filters(2019, 2024)), years
    )
    grid = grid.set_index("agency")[years].map(lambda s: s if isinstance(s, str) else "")
    assert list(grid.loc[NEVER]) == ["", "", "", "", "missing", "missing"]
    # on the roster without a first year: due every year, not only from its first report
    assert list(grid.loc["乙市行政审批局", years[:2]]) == ["missing", "missing"]
    assert grid.loc["乙市人民政府", 2023] == "missing"  # not on the roster: as before
    assert grid.loc["乙市人民政府", 2021] == ""


def test_without_a_roster_nothing_is_due_beyond_the_reports(cur):
    assert not coverage_queries.has_roster(cur)
    assert coverage_queries.roster_missing(cur, Filters(), 2024).empty


def test_a_manifest_is_a_roster(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,agency,year\na.txt,甲市教育局,2022\nb.txt,甲市教育局,2021\nc.txt,,2023\n",
        encoding="utf-8",
    )
    entries = roster.from_manifest(tmp_path / "manifest.csv")
    assert [(e.agency, e.from_year) for e in entries] == [("甲市教育局", 2021)]
    assert roster.manifests_under([tmp_path]) == [tmp_path / "manifest.csv"]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("agency,level\n甲局,不存在的层级\n", "第 2 行"),
        ("agency,from\n甲局,明年\n", "不是整数"),
        ("\n", "没有"),
    ],
)
def test_a_bad_list_says_why_in_chinese(text, reason):
    with pytest.raises(roster.RosterError, match=reason):
        roster.parse_roster(text)


def test_uploading_a_list_shows_never_published_organs(dash_db, tmp_path, monkeypatch):
    db = tmp_path / "up.duckdb"
    shutil.copy(dash_db, db)
    at = run_app(db, monkeypatch, "coverage")
    assert not [s for s in at.subheader if "未发布的机关" in s.value]
    at.file_uploader(key="coverage-roster-file").set_value(
        [("名单.csv", LIST.encode("utf-8"), "text/csv")]
    ).run()
    at.button(key="coverage-roster-go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [s for s in at.subheader if s.value == "名单中 2024 年未发布的机关"]
    missing = at.dataframe[0].value
    assert list(missing[meta_label("agency")]) == [NEVER]
    assert list(missing["从未发布"]) == ["是"]
    grid = shown_table(at, "coverage-table").set_index(meta_label("agency"))
    assert grid.loc[NEVER, "2024"] == "缺失" and grid.loc[NEVER, "2022"] == ""
