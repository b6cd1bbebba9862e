# ruff: noqa: F811 - the browser fixtures are imported from test_browser
"""The office pages in a real browser: the SQL page (a query, a refused write, the
result's download) and the bulk downloads opened as files."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import dash_factory as factory
import pytest
from browser_support import rerun
from test_browser import (  # noqa: F401 - fixtures
    browser,
    no_exception,
    open_ready,
    page,
    server,
)

pytestmark = pytest.mark.browser


def run_sql(page, sql: str) -> None:
    box = page.locator('[data-testid="stTextArea"] textarea')
    with rerun(page):  # Ctrl+Enter commits the text: one rerun
        box.fill(sql)
        box.press("Control+Enter")
    with rerun(page):
        page.get_by_role("button", name="运行查询").click()
    # the result (or the error) replaces the empty state
    page.locator(
        '[data-testid="stCaptionContainer"]:has-text("用时"), [data-testid="stAlertContentError"]'
    ).first.wait_for(timeout=60_000)


def test_sql_page_runs_a_query_and_downloads_it(server, page):
    open_ready(page, f"{server}/sql")
    no_exception(page)
    run_sql(page, "SELECT year, count(*) AS n FROM reports GROUP BY year ORDER BY year")
    no_exception(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 1
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 CSV").first.click()
    lines = Path(info.value.path()).read_text("utf-8-sig").splitlines()
    if lines and lines[0].startswith(("数据快照", "筛选")):  # the export's snapshot line
        lines = lines[1:]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    got = {int(r["year"]): int(r["n"]) for r in rows}
    want: dict[int, int] = {}
    for c in factory.REPORTS:
        want[c.year] = want.get(c.year, 0) + 1
    assert got == want


def test_sql_page_refuses_a_write(server, page):
    open_ready(page, f"{server}/sql")
    run_sql(page, "DELETE FROM reports")
    alert = page.locator('[data-testid="stAlertContentError"]')
    assert alert.count() == 1 and "只读" in alert.inner_text()
    run_sql(page, "SELECT count(*) AS n FROM reports")
    assert page.get_by_text("1 行").count() >= 1


def test_bulk_downloads_follow_the_filter(server, page):
    open_ready(page, f"{server}/downloads?province=%E7%94%B2%E7%9C%81&from=2024&to=2024")
    no_exception(page)
    want = {c.report_id for c in factory.select(province="甲省", year=2024)}
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV（zip）").click()
    z = zipfile.ZipFile(info.value.path())
    reports = list(csv.DictReader(io.StringIO(z.read("年报.csv").decode("utf-8-sig"))))
    assert {r["report_id"] for r in reports} == want
    assert "数据快照" in z.read("快照.txt").decode() and "数据字典.md" in z.namelist()
    with page.expect_download() as info:
        page.get_by_role("button", name="DuckDB 快照（zip）").click()
    names = zipfile.ZipFile(info.value.path()).namelist()
    assert any(n.endswith(".duckdb") for n in names)
