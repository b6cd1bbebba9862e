"""The store's ``repeated_tables`` (tables equal to the organ's previous year) give the rows
of the straightforward self-join of ``r``, on the factory database plus planted repeats:
an exact copy, a copy with one number changed, one that shows a 0 where
the previous report showed nothing, and copies with 9 and 10 non-zero cells."""

from __future__ import annotations

from dataclasses import replace

import dash_factory as factory
import pandas as pd
import pytest

from dashboard import office_queries, repeats, snapshot
from dashboard.filters import Filters
from dashboard.queries import _where
from etl.store import repeats as pairs
from etl.store import rollup, schema

FILTERS = (
    Filters(),
    Filters(year_from=2025, year_to=2025),
    Filters(year_from=2024, year_to=2024),
    Filters(provinces=("甲省",)),
    Filters(provinces=("丁省",), levels=(factory.PROVINCE,)),
)


def _case(agency: str, year: int) -> factory.Case:
    return next(c for c in factory.REPORTS if c.agency == agency and c.year == year)


def _copy(rec, report_id: str, year: int, values=None):
    return replace(
        rec,
        report_id=report_id,
        meta=replace(rec.meta, year=year),
        source_sha256=report_id.ljust(64, "0"),
        values=rec.values if values is None else values,
    )


def _sparse(rec, report_id: str, year: int, nonzero: int):
    """A copy of ``rec`` for ``year`` under another organ with ``nonzero`` non-zero cells."""
    values = [(k, v if i < nonzero else 0.0, d, loc) for i, (k, v, d, loc) in enumerate(rec.values)]
    assert sum(v != 0 for _k, v, _d, _loc in values) == nonzero
    copied = _copy(rec, report_id, year, values)
    return replace(copied, meta=replace(copied.meta, agency=f"癸{nonzero}局", agency_id=None))


def _planted() -> list:
    office = factory.record(_case("乙市行政审批局", 2024))
    changed = factory.record(_case("乙市人民政府", 2024))
    part2 = factory.record(_case("丁省人民政府办公厅", 2024))
    base = factory.record(_case("戊市审计局", 2023))
    assert all(v != 0 for _k, v, _d, _loc in base.values[:10])
    key, value, derived, loc = changed.values[3]
    bumped = [*changed.values[:3], (key, value + 1, derived, loc), *changed.values[4:]]
    return [
        _copy(office, "copy-a-2025", 2025),
        _copy(changed, "changed-2025", 2025, bumped),
        _copy(part2, "zero-2025", 2025, [*part2.values, ("apply.new.total", 0.0, False, {})]),
        *(_sparse(base, f"sparse{n}-{y}", y, n) for n in (9, 10) for y in (2024, 2025)),
    ]


@pytest.fixture(params=["published", "file-wide", "pivoted-in-memory"])
def repeated_store(request, tmp_path):
    """The factory database plus the planted reports: published (the file's
    ``repeat_pairs``, made at the final publication, are read), with ``report_wide``
    refreshed (the store finds the pairs over the file's wide table) or not (the store
    pivots the new reports in memory)."""
    path = tmp_path / "repeats.duckdb"
    factory.build_db(path)
    factory.add_reports(path, _planted(), refresh_wide=request.param != "pivoted-in-memory")
    if request.param == "published":
        con = schema.connect(str(path))
        rollup.build(con)  # as the final publication of an ingest does
        con.close()
    mem = factory.open_store(path)
    assert pairs.is_current(mem, f"{snapshot.SRC}.") == (request.param == "published")
    yield mem
    mem.close()


def test_the_files_pairs_go_stale_with_its_reports(tmp_path):
    path = tmp_path / "stale.duckdb"
    factory.build_db(path)
    con = schema.connect(str(path))
    rollup.build(con)
    assert pairs.is_current(con)
    con.execute("UPDATE reports SET organ_key = 'name:x' WHERE year = 2024")
    assert not pairs.is_current(con)
    con.close()


def straightforward(cur, filters: Filters) -> pd.DataFrame:
    """Every report compared with its organ's previous-year report over all key columns."""
    same, nonzero = repeats.compare_sql("a", "b")
    where, params = _where(filters, "a")
    return cur.execute(
        f"""SELECT a.report_id, a.agency, a.year, a.level, a.kind, a.province, a.city,
                   a.county, b.report_id AS previous_report_id, b.year AS previous_year,
                   {nonzero} AS n_nonzero
            FROM r a JOIN r b ON a.agency_ix = b.agency_ix AND b.year = a.year - 1
            WHERE {where} AND {same} AND {nonzero} >= ? ORDER BY a.agency""",
        [*params, repeats.MIN_NONZERO],
    ).df()


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["report_id", "previous_report_id"]).reset_index(drop=True)


@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_same_rows_as_comparing_every_column(repeated_store, filters):
    cur = repeated_store.cursor()
    got = office_queries.copied_tables(cur, filters)
    want = straightforward(cur, filters)
    pd.testing.assert_frame_equal(_sorted(got), _sorted(want))
    assert list(got["agency"]) == sorted(got["agency"])


def test_exact_copies_are_listed_and_near_copies_are_not(repeated_store):
    got = office_queries.copied_tables(repeated_store.cursor(), Filters())
    assert sorted(got["report_id"]) == ["copy-a-2025", "sparse10-2025"]
    office = _case("乙市行政审批局", 2024).report_id
    assert set(got["previous_report_id"]) == {office, "sparse10-2024"}
    assert set(got["previous_year"]) == {2024}
    assert got.set_index("report_id").loc["sparse10-2025", "n_nonzero"] == 10
