# ruff: noqa: F811 - the browser fixtures are imported from test_browser
"""Issue 15's user tasks done in a real browser, as the users would: rank agencies by a
rate with the volume guard and export it, find the errors, compare with peers of the
same function, see who never published, share a link that keeps the view, and upload a
report that is then linked. One server on a copy of the factory database (uploads write
to it). Expected numbers come from the factory's cases, never from the dashboard."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import dash_factory as factory
import pytest
from browser_support import rerun
from test_app import key_of
from test_browser import (  # noqa: F401 - fixtures
    ARTIFACTS,
    SLOW,
    browser,
    no_exception,
    open_ready,
    page,
    serve,
)
from test_coverage_roster import LIST, NEVER

from dashboard import measures as ms
from dashboard.labels import meta_label
from etl.store import loader
from etl.store.publish import Writer
from etl.template import get_template

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
BROKEN = next(c for c in factory.REPORTS if c.broken)
POLICE = [
    factory.Case("乙市公安局", "甲省", "乙市", "", factory.CITY, factory.DEPT, 2024),
    factory.Case("丙县公安局", "甲省", "乙市", "丙县", factory.COUNTY, factory.DEPT, 2024),
    factory.Case("戊市公安局", "丁省", "戊市", "", factory.CITY, factory.DEPT, 2024),
]


@pytest.fixture(scope="module")
def tasks_db(dash_db: Path, tmp_path_factory) -> Path:
    """The factory database plus three 公安局 (two in 甲省, one in 丁省)."""
    db = tmp_path_factory.mktemp("tasks") / "tasks.duckdb"
    shutil.copy(dash_db, db)
    with Writer(db) as writer:
        for case in POLICE:
            loader.load_report(writer.con, factory.record(case))
        writer.changed()
    return db


@pytest.fixture(scope="module")
def server(tasks_db: Path, tmp_path_factory):
    yield from serve(tasks_db, tmp_path_factory)


def download_csv(page, name: str) -> tuple[str, list[dict[str, str]]]:
    """Click the CSV button of the export ``name``; (file name, rows under the header line)."""
    with page.expect_download(timeout=SLOW) as info:
        page.locator(f'[class*="st-key-csv-{name}"] button').first.click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    header, body = text.split("\n", 1)
    assert header.startswith("数据快照："), header
    return info.value.suggested_filename, list(csv.DictReader(io.StringIO(body)))


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``label`` and wait for the rerun."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    box.click()
    with rerun(page, SLOW):
        page.get_by_role("option", name=option, exact=True).click()


def rate_of(case) -> float:
    v = factory.values_for(case)
    withheld = sum(
        x for k, (x, _) in v.items() if k.startswith("apply.withheld_") and k.endswith(".total")
    )
    return withheld / v["apply.total.total"][0] * 100


def test_rank_by_a_rate_with_the_volume_guard_and_export_it(server, page):
    open_ready(page, f"{server}/ranking", SLOW)
    no_exception(page)
    choose(page, "排名指标", "不予公开率")
    guard = page.get_by_test_id("stNumberInput").locator("input")
    with rerun(page, SLOW):
        guard.fill("0")
        guard.press("Enter")
    cases = [c for c in [*factory.select(year=2024), *POLICE] if 3 in c.parts]
    want = {c.agency: rate_of(c) for c in cases}
    name, rows = download_csv(page, "ranking-withheld__total_pct-2024-all")
    assert "ranking-withheld__total_pct-2024" in name and name.endswith(".csv"), name
    rate_col = next(c for c in rows[0] if c.endswith("率（%）"))
    got = {r[meta_label("agency")]: float(r[rate_col]) for r in rows}
    assert got == {a: pytest.approx(r, abs=0.05) for a, r in want.items()}
    shown = [float(r[rate_col]) for r in rows]
    assert shown == sorted(shown, reverse=True)  # highest rate first
    assert [r["名次"] for r in rows] == [str(i) for i in range(1, len(want) + 1)]
    handled = {c.agency: factory.values_for(c)["apply.total.total"][0] for c in cases}
    floor = sorted(handled.values())[len(handled) // 2]
    with rerun(page, SLOW):
        guard.fill(str(int(floor)))
        guard.press("Enter")
    _, rows = download_csv(page, "ranking-withheld__total_pct-2024-all")
    assert {r[meta_label("agency")] for r in rows} == {a for a, h in handled.items() if h >= floor}


def test_find_the_errors_and_their_cells(server, page):
    open_ready(page, f"{server}/report", SLOW)
    with rerun(page, SLOW):
        page.get_by_test_id("stCheckbox").filter(has_text="只看有错误的年报").locator(
            "label"
        ).click()
    page.get_by_test_id("stSelectbox").filter(has_text="年报").first.click()
    page.get_by_role("option").first.wait_for()  # all_inner_texts does not wait for the list
    options = page.get_by_role("option").all_inner_texts()
    assert options == [f"{BROKEN.agency} · 2024 · 模板 2021"], options
    page.keyboard.press("Escape")
    open_ready(page, f"{server}/report?report={BROKEN.report_id}", SLOW)
    no_exception(page)
    cell = page.locator("td.flagged.error").first
    cell.wait_for()
    key = get_template(BROKEN.template_id).table("apply").cell_key("granted", "total")
    printed = factory.values_for(BROKEN)[key][0]
    assert cell.inner_text().strip() == f"{printed:.0f}"
    assert f"年报印为 {printed:.0f}，按规则应为 {printed - 1:.0f}" in cell.get_attribute("title")
    findings = page.get_by_test_id("stHeading").filter(has_text="问题").first.bounding_box()
    first_table = page.locator("table.xxgk-printed").first.bounding_box()
    assert findings and first_table and findings["y"] < first_table["y"]  # findings first
    _, rows = download_csv(page, f"report-{BROKEN.report_id}-findings")
    assert rows[0]["级别"] == "错误" and rows[0]["规则"].startswith("R1 ")
    page.screenshot(path=str(ARTIFACTS / "report-errors.png"))


def peer_count(page) -> str:
    _, rows = download_csv(page, "agencies-peer-table")
    return rows[0]["同类机关数"]


def test_peers_of_the_same_function_span_levels(server, page):
    focus = key_of("乙市公安局")
    open_ready(page, f"{server}/agencies?focus={focus}&scope=function_province", SLOW)
    no_exception(page)
    assert peer_count(page) == "2"  # both 公安局 of 甲省, city and county
    choose(page, "同类机关", "同职能（公安局）· 全部")
    page.wait_for_url(re.compile(r"scope=function_all"), timeout=SLOW)  # kept in the link
    assert peer_count(page) == "3"


def test_a_roster_shows_who_never_published(server, page, tmp_path):
    open_ready(page, f"{server}/coverage", SLOW)
    page.get_by_text("应发布名单（上传机关名单）").click()
    roster = tmp_path / "名单.csv"
    roster.write_text(LIST, encoding="utf-8")
    with rerun(page, SLOW):  # the uploader's new file reruns the page
        page.locator('input[type="file"]').set_input_files(str(roster))
    with rerun(page, SLOW):
        page.get_by_role("button", name="载入名单").click()
    heading = page.get_by_test_id("stHeading").filter(has_text="年未发布的机关")
    heading.wait_for(timeout=SLOW)
    no_exception(page)
    _, rows = download_csv(page, "coverage-roster-missing-2024")
    assert [(r[meta_label("agency")], r["从未发布"]) for r in rows] == [(NEVER, "是")]


def test_a_link_keeps_the_page_settings(server, page):
    open_ready(page, f"{server}/outcomes?view=share&top=10", SLOW)
    control = page.get_by_test_id("stButtonGroup").first
    assert control.locator('[aria-checked="true"]').inner_text().strip() == "占比（100%）"
    _, rows = download_csv(page, "outcomes-by-year-share")  # the rate mode exports rates
    groups = ms.outcome_groups()
    for row in rows:
        year = int(row[meta_label("year")])
        cases = [*factory.select(year=year), *(c for c in POLICE if c.year == year)]
        values = [factory.values_for(c) for c in cases]
        counts = [sum(v.get(k, (0.0, False))[0] for v in values for k in g.keys) for g in groups]
        want = {g.label: n / sum(counts) * 100 for g, n in zip(groups, counts, strict=True)}
        got = {g.label: float(row[g.label]) for g in groups}
        assert got == {k: pytest.approx(v, abs=0.05) for k, v in want.items()}, year
    with rerun(page, SLOW):
        control.get_by_text("件数（堆叠）").click()
    page.wait_for_url(re.compile(r"view=count"), timeout=SLOW)
    assert "top=10" in page.url
    focus = key_of("乙市行政审批局")
    open_ready(page, f"{server}/agencies?focus={focus}&year=2022&scope=province", SLOW)
    heading = page.get_by_test_id("stHeading").filter(has_text="个同类机关相比").first
    assert heading.inner_text().startswith("2022 年")
    box = page.get_by_test_id("stSelectbox").filter(has_text="同类机关").first
    assert "同层级 · 同省份" in box.locator("input").input_value()
    choose(page, "同类机关", "同层级 · 全部")
    page.wait_for_url(re.compile(r"scope=all"), timeout=SLOW)
    kept = parse_qs(urlparse(page.url).query)
    assert kept["year"] == ["2022"] and kept["focus"] == [focus], kept


def test_upload_names_what_it_recognised_and_links_to_it(server, page):
    open_ready(page, f"{server}/upload", SLOW)
    seed = ROOT / "data" / "reports" / "baoding-xzspj-2024.txt"
    with rerun(page, SLOW):  # the uploader's new file reruns the page
        page.locator('input[type="file"]').set_input_files(str(seed))
    page.get_by_test_id("stFileChip").first.wait_for()
    with rerun(page, SLOW):
        page.get_by_role("button", name="导入").click()
    page.get_by_text("识别出 1 份年报").wait_for(timeout=SLOW)
    no_exception(page)
    _, rows = download_csv(page, "upload-result")  # the table as the page shows it
    row = next(r for r in rows if r["文件"] == seed.name)
    assert row[meta_label("agency")] == "保定市行政审批局", row
    assert row[meta_label("year")] == "2024" and row[meta_label("template")] == "2021", row
    assert row["年报页面"].startswith("report?report="), row
    open_ready(page, f"{server}/{row['年报页面']}", SLOW)  # the link opens that report
    no_exception(page)
    page.get_by_text("保定市行政审批局 · 2024").first.wait_for()
