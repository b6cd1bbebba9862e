# ruff: noqa: F811 - the browser fixtures are imported from test_browser
"""The 文字雷同 page in a real browser on a real ingest with copied prose: the list, one
pair side by side with the shared sentences marked, the way in from the report page, and
the 通报's filter by kind."""

from __future__ import annotations

import duckdb
import pytest
from browser_support import rerun
from test_browser import (  # noqa: F401 - fixtures
    browser,
    metric_value,
    no_exception,
    open_ready,
    page,
    serve,
)

from etl.pipeline import IngestOptions, ingest
from tests.fixtures.copies import COPIER, COPY_LAST_YEAR, SOURCE, write_corpus

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def copies_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    write_corpus(folder)
    db = folder / "x.duckdb"
    ingest([folder], db, options=IngestOptions(isolate=False))
    return db


@pytest.fixture(scope="module")
def copies_server(copies_db, tmp_path_factory):
    yield from serve(copies_db, tmp_path_factory)


def _id(db, agency: str, year: int) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "SELECT report_id FROM reports WHERE agency = ? AND year = ?", [agency, year]
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return row[0]


def _side_texts(page) -> tuple[str, str]:
    sides = [page.locator(f".st-key-copies-side-{k}") for k in ("a", "b")]
    return sides[0].inner_text(), sides[1].inner_text()


def test_copies_page_shows_the_pair_side_by_side(copies_server, copies_db, page):
    report, other = _id(copies_db, COPIER, 2024), _id(copies_db, SOURCE, 2024)
    open_ready(page, f"{copies_server}/copies?report={report}&other={other}")
    no_exception(page)
    pairs = page.locator('[data-table="copies-list"] tbody tr')  # the list of pairs
    assert any(COPIER in t for t in pairs.all_inner_texts())
    assert metric_value(page, "雷同类型") == "文字与同年其他机关雷同"
    assert metric_value(page, "相似度") == "100%"
    left, right = _side_texts(page)
    assert left and right
    headings = page.locator('[data-testid="stHtml"] h3').all_inner_texts()
    assert f"{COPIER} · 2024 年" in headings and f"{SOURCE} · 2024 年" in headings
    for key in ("a", "b"):
        marks = page.locator(f'.st-key-copies-side-{key} mark[data-kind="both"]')
        assert marks.count() >= 4
    # the same sentence is marked on both sides (names aside)
    first = page.locator('.st-key-copies-side-a mark[data-kind="both"]').first.inner_text()
    assert first in right.replace(SOURCE, COPIER) or first in right
    assert page.locator('.st-key-copies-side-a [data-kind="boilerplate"]').count() > 0


def test_report_page_leads_to_the_pair(copies_server, copies_db, page):
    report = _id(copies_db, COPY_LAST_YEAR, 2024)
    open_ready(page, f"{copies_server}/report?report={report}")
    no_exception(page)
    # the link is drawn only for a report with a C1/C2 finding (the findings table is a canvas)
    with rerun(page):
        page.get_by_text(f"并排查看与 {COPY_LAST_YEAR} 2023 年年报雷同的文字").click()
    page.wait_for_url("**/copies?**")
    no_exception(page)
    assert metric_value(page, "雷同类型") == "文字与上一年雷同"
    headings = page.locator('[data-testid="stHtml"] h3').all_inner_texts()
    assert f"{COPY_LAST_YEAR} · 2023 年" in headings


def test_notice_lists_copies_with_their_kind_and_filters_them(copies_server, page):
    open_ready(page, f"{copies_server}/notice")
    no_exception(page)
    assert metric_value(page, "疑似雷同的年报") == "3"
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "文字与同年其他机关雷同" in body
    # drop the same-year kind (the last one chosen) from the filter: the previous-year copy stays
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="疑似雷同的类型")
    assert "文字与同年其他机关雷同" in box.inner_text()
    box.locator("input").click()
    with rerun(page):
        page.keyboard.press("Backspace")
        page.keyboard.press("Escape")
    assert "文字与同年其他机关雷同" not in box.inner_text()
    no_exception(page)
    assert metric_value(page, "疑似雷同的年报") == "1"
