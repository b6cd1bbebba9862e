"""End to end: a real ``streamlit run`` on a free port and headless Chromium (Playwright).

Needs ``/usr/bin/chromium`` (Debian: ``apt-get install chromium``); Playwright's own
browser download is not used. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dash_factory as factory
import pytest
from browser_support import CHROMIUM_ARGS, PAGE_NAMES, rerun, settled

from dashboard import measures as ms

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("XXGK_CHROMIUM", "/usr/bin/chromium")
#: ms: the longest any wait may take on a loaded 2-core machine (CI runs the suite with -n 2
#: beside other work). It bounds failures only: speed is measured by benchmarks/.
SLOW = 120_000
#: Page paths; "" is the default page (总览).
PAGES = ("", *PAGE_NAMES[1:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(proc: subprocess.Popen, url: str, log: Path, timeout: float = 60) -> None:
    """Poll the health endpoint; if the server dies or never answers, show its output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"streamlit did not answer within {timeout:.0f} s:\n{log.read_text()}")


def serve(db: Path, tmp_path_factory):
    """A real ``streamlit run`` of the dashboard on ``db``; yields its URL, then stops it."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "streamlit_app.py"),
        "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=dict(os.environ, XXGK_DB=str(db)), stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(proc, url, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def server(dash_db: Path, tmp_path_factory):
    yield from serve(dash_db, tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(SLOW)
    pg = context.new_page()
    yield pg
    context.close()


def open_ready(page, url: str, timeout: float = SLOW) -> float:
    start = time.perf_counter()
    page.goto(url, timeout=timeout)
    settled(page, timeout)
    return time.perf_counter() - start


def metric_value(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens(server, page, name):
    open_ready(page, f"{server}/{name}", 120_000)  # speed: benchmarks/bench_dashboard.py
    no_exception(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page-{name or 'overview'}.png"))


def test_a_filter_changes_numbers_and_the_url(server, page):
    open_ready(page, server)
    assert metric_value(page, "已导入年报") == str(len(factory.select(year=2024)))
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name=re.compile("层级与类型：全部")).click()  # its popover
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="层级")
    box.locator("input").click()
    page.keyboard.type(factory.COUNTY)  # typing opens and filters the list
    with rerun(page):
        page.locator('[role="option"]').filter(has_text=re.compile(f"^{factory.COUNTY}$")).click()
        page.keyboard.press("Escape")
    # the popover's button names the choice after the rerun
    sidebar.get_by_role("button", name=re.compile(f"层级与类型：{factory.COUNTY}")).wait_for()
    assert metric_value(page, "已导入年报") == str(
        len(factory.select(level=factory.COUNTY, year=2024))
    )
    page.wait_for_url(re.compile(r"level="), timeout=10_000)  # the browser's URL follows the run
    page.screenshot(path=str(ARTIFACTS / "filter-level.png"))


def test_a_shared_url_reopens_the_view_and_survives_navigation(server, page):
    open_ready(page, f"{server}/?province=%E7%94%B2%E7%9C%81&from=2023&to=2024")
    assert metric_value(page, "已导入年报") == str(len(factory.select(province="甲省", year=2024)))
    assert page.get_by_text("示例数据（模拟）").count() == 0
    place = page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("地区："))
    assert "地区：甲省" in place.inner_text()  # the closed popover says what it filters
    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_text("申请办理结果").click()
    assert page.locator("h1").first.inner_text().strip() == "申请办理结果"
    page.wait_for_url("**province=*", timeout=10_000)
    assert "from=2023" in page.url


def test_csv_download_holds_the_chart_data(server, page):
    open_ready(page, server)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 CSV").first.click()
    header, text = Path(info.value.path()).read_bytes().decode("utf-8-sig").split("\n", 1)
    assert header.startswith("数据快照：")  # the filter and snapshot line above the table
    rows = list(csv.DictReader(io.StringIO(text)))
    by_year = {int(r["统计年度"]): r for r in rows}
    new = ms.intake()[0]
    assert float(by_year[2024][new.label]) == factory.total("apply.new.total", year=2024)
    assert set(by_year) == {c.year for c in factory.REPORTS}


def test_report_text_is_never_markup(server, page):
    case = next(c for c in factory.REPORTS if c.agency == factory.EVIL)
    open_ready(page, f"{server}/report?report={case.report_id}")
    no_exception(page)
    assert page.locator('a[href*="evil"]').count() == 0  # no link, not even a GFM autolink
    assert page.locator("script:text('alert(1)')").count() == 0
    assert page.get_by_text(factory.EVIL, exact=False).count() >= 1  # shown, as text
    open_ready(page, f"{server}/outcomes")
    assert page.locator('[data-testid="stPlotlyChart"] a').count() == 0


@pytest.fixture(autouse=True, scope="module")
def _artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    yield
    if not any(ARTIFACTS.iterdir()):
        shutil.rmtree(ARTIFACTS)
