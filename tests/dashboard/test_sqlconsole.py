"""The SQL page's engine on the factory database: read-only by connection, time limit,
row cap, and every example query of the data dictionary runs."""

from __future__ import annotations

import hashlib
import shutil

import dash_factory as factory
import pytest

from dashboard import sqlconsole
from etl.store.examples import EXAMPLE_QUERIES


@pytest.fixture
def db_copy(dash_db, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(dash_db, path)
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_query_returns_the_reports(dash_db):
    res = sqlconsole.run_query(dash_db, "SELECT year, count(*) AS n FROM reports GROUP BY year")
    got = dict(zip(res.df["year"], res.df["n"], strict=True))
    want: dict[int, int] = {}
    for c in factory.REPORTS:
        want[c.year] = want.get(c.year, 0) + 1
    assert got == want and not res.truncated


@pytest.mark.parametrize("example", EXAMPLE_QUERIES, ids=lambda q: q.title)
def test_every_example_query_runs(dash_db, example):
    res = sqlconsole.run_query(dash_db, example.sql)
    assert list(res.df.columns)


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE reports",
        "DELETE FROM reports",
        "UPDATE reports SET agency = 'x'",
        "CREATE TABLE t AS SELECT 1",
        "INSERT INTO findings SELECT * FROM findings",
        "COPY reports TO '/tmp/xxgk-leak.csv'",
        "ATTACH '/tmp/xxgk-other.duckdb' AS o",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SET enable_external_access = true",
        "SET memory_limit = '100GB'",
        "PRAGMA enable_checkpoint_on_shutdown; DROP VIEW v_coverage",
    ],
)
def test_no_statement_changes_the_file(db_copy, sql):
    before = digest(db_copy)
    with pytest.raises(sqlconsole.SqlError):
        sqlconsole.run_query(db_copy, sql)
    assert digest(db_copy) == before
    res = sqlconsole.run_query(db_copy, "SELECT count(*) AS n FROM reports")
    assert int(res.df["n"].iloc[0]) == len(factory.REPORTS)


def test_rows_are_capped(dash_db):
    res = sqlconsole.run_query(dash_db, "SELECT * FROM range(100000)", max_rows=1234)
    assert len(res.df) == 1234 and res.truncated


def test_a_long_query_is_interrupted(dash_db):
    with pytest.raises(sqlconsole.SqlError, match="时间限制"):
        sqlconsole.run_query(dash_db, "SELECT count(*) FROM range(100000000000) a", timeout_s=0.5)


def test_errors_are_sentences(dash_db, tmp_path):
    with pytest.raises(sqlconsole.SqlError, match="SQL 出错"):
        sqlconsole.run_query(dash_db, "SELEC 1")
    with pytest.raises(sqlconsole.SqlError, match="不存在"):
        sqlconsole.run_query(tmp_path / "none.duckdb", "SELECT 1")


def test_a_huge_result_is_streamed_not_materialised(dash_db):
    res = sqlconsole.run_query(
        dash_db, "SELECT i, repeat('x', 100) AS s FROM range(200000000) t(i)", max_rows=10
    )
    # materialising 200 million rows would run into the 10 s interrupt (an error), not time
    assert len(res.df) == 10 and res.truncated
