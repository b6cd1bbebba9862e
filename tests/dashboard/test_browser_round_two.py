"""Issue 15 in a real browser: what users read is Chinese, exports carry the filter and
the data snapshot, the view lives in the URL, and the small screens are usable."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import dash_factory as factory
import pytest
from browser_support import rerun
from test_browser import ARTIFACTS, SLOW, no_exception, open_ready

pytestmark = pytest.mark.browser
#: Latin words a Chinese user may read: format names and the suffixes of report files.
ALLOWED = {"CSV", "Excel", "PNG", "PDF", "Word", "DuckDB", "SQL", "Parquet", "html", "htm",
           "shtml", "docx", "doc", "wps", "rtf", "pdf", "txt", "md", "markdown", "csv", "xlsx"}  # fmt: skip
SI_TICK = re.compile(r"^−?\d+(\.\d+)?[kMGT]$")


#: The text a user sees in an element: visible text nodes, icon ligatures left out.
VISIBLE_TEXT_JS = """e => {
  const out = [];
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    if (el.closest('[data-testid="stIconMaterial"]')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    out.push(walk.currentNode.textContent);
  }
  return out.join(' ');
}"""


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED}


def visible_text(locator) -> str:
    return locator.evaluate(VISIBLE_TEXT_JS)


def test_upload_page_speaks_chinese_and_refuses_other_files_in_chinese(server, page, tmp_path):
    open_ready(page, f"{server}/upload", SLOW)
    uploader = page.get_by_test_id("stFileUploader")
    assert not english_words(visible_text(uploader)), visible_text(uploader)
    odd = tmp_path / "名单.csv"
    odd.write_text("agency\n甲局\n", encoding="utf-8")
    with rerun(page, SLOW):  # the uploader's new file reruns the page
        page.locator('input[type="file"]').set_input_files(str(odd))
    assert "not allowed" not in page.inner_text("body")
    with rerun(page, SLOW):
        page.get_by_role("button", name="导入").click()
    no_exception(page)
    page.get_by_text("未能导入").first.wait_for()
    assert "not allowed" not in page.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-refused.png"), full_page=True)


def test_no_english_menu(server, page):
    open_ready(page, server, SLOW)
    menu = page.get_by_test_id("stMainMenu")
    if menu.count():
        menu.click()
        assert "Print" not in page.inner_text("body")


@pytest.mark.parametrize("name", ["", "outcomes", "licensing", "appeals", "agencies"])
def test_axis_ticks_are_plain_digits(server, page, name):
    open_ready(page, f"{server}/{name}", SLOW)
    ticks = [t or "" for t in page.locator(".xtick text, .ytick text").all_text_contents()]
    assert ticks
    assert not [t for t in ticks if SI_TICK.match(t.strip())], ticks


def test_csv_export_names_filter_and_snapshot_and_holds_integers(server, page):
    open_ready(page, f"{server}/?level={factory.CITY}", SLOW)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 CSV").first.click()
    name = info.value.suggested_filename
    assert factory.CITY in name and re.search(r"-\d{8}-\d{6}\.csv$", name), name
    lines = Path(info.value.path()).read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("数据快照：") and "筛选：" in lines[0] and factory.CITY in lines[0]
    rows = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if re.fullmatch(r"-?\d+\.0", c)], "counts as floats"
    assert not {"True", "False", "None", "nan"} & set(cells)


def test_sidebar_lists_every_page_without_an_english_button(server, page):
    open_ready(page, server, SLOW)
    nav = page.get_by_test_id("stSidebarNav")
    assert not english_words(visible_text(nav)), visible_text(nav)
