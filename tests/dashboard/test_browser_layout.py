# ruff: noqa: F811 - the browser fixtures are imported from test_browser
"""URLs and screen sizes in a real browser: every page opens at its own name, the key
table of 机关对比 is above the fold on a laptop, and a phone shows charts, cards and
tables without overlap. One streamlit server for the whole module."""

from __future__ import annotations

import re

import pytest
from browser_support import PAGE_NAMES, rerun
from test_browser import (  # noqa: F401 - fixtures
    ARTIFACTS,
    SLOW,
    browser,
    no_exception,
    open_ready,
    server,
)

pytestmark = pytest.mark.browser
NOT_FOUND = "Page not found"


@pytest.fixture
def sized(browser):
    """A page factory: a new browser context of the given viewport size."""
    contexts = []

    def make(width: int, height: int):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(SLOW)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def title(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def nav_titles(page) -> dict[str, str]:
    """url path → the title the sidebar lists for it (the frame's own names)."""
    links = page.get_by_test_id("stSidebarNavLink")
    out = {}
    for i in range(links.count()):
        link = links.nth(i)
        path = (link.get_attribute("href") or "").rstrip("/").rsplit("/", 1)[-1]
        out[path] = link.inner_text().split("\n")[-1].strip()
    return out


def test_every_page_opens_at_its_own_name(server, sized):
    page = sized(1280, 900)
    open_ready(page, server, SLOW)
    titles = nav_titles(page)
    default = titles.pop(server.rsplit("/", 1)[-1], None) or titles.pop("", None)
    assert default and len(titles) == len(PAGE_NAMES) - 1, titles
    titles[PAGE_NAMES[0]] = default  # the default page's own name: /overview
    urls = [(f"{server}/{name}", name) for name in PAGE_NAMES]
    urls += [(f"{server}/{PAGE_NAMES[0]}/", PAGE_NAMES[0]), (f"{server}/outcomes/", "outcomes")]
    for url, name in urls:
        open_ready(page, url, SLOW)
        no_exception(page)
        assert page.get_by_text(NOT_FOUND).count() == 0, url
        assert title(page) == titles[name], url
    # the filter in the link survives the default page's alias
    open_ready(page, f"{server}/{PAGE_NAMES[0]}?from=2023", SLOW)
    assert page.get_by_text(NOT_FOUND).count() == 0
    assert "from=2023" in page.url


#: Paths no page has: a typo, a name a user may guess, a Chinese name. (A nested path such as
#: /a/b is answered by Streamlit's server, not the app: a blank page, no English.)
UNKNOWN_PATHS = ("doesnotexist", "home", "中文页面")


def test_an_unknown_path_answers_in_chinese(server, sized):
    """Streamlit answers an unknown path with an English "Page not found" dialog; the frame
    serves its own Chinese page under that path instead, with a way back to 总览."""
    page = sized(1280, 900)
    for path in UNKNOWN_PATHS:
        open_ready(page, f"{server}/{path}", SLOW)
        no_exception(page)
        assert page.get_by_text(NOT_FOUND).count() == 0, path
        assert page.get_by_role("dialog").count() == 0, path
        assert title(page) == "页面不存在", path
        assert page.get_by_text(f"/{path}").count() >= 1, path
        # the not-found page is itself "ready": wait for the run the link starts, not only
        # for READY_JS (which can return before the navigation starts)
        with rerun(page, SLOW):
            page.get_by_role("link", name="回到总览").click()
        assert title(page) == "总览", path


#: Seen without scrolling: the header row and at least this many rows of a table.
ROWS_IN_VIEW = 3
ROW_PX = 35  # a row of Streamlit's data grid; the static tables' rows are lower


def test_peer_table_is_above_the_fold_on_a_laptop(server, sized):
    page = sized(1280, 720)
    open_ready(page, f"{server}/agencies", SLOW)
    no_exception(page)
    heading = page.get_by_test_id("stHeading").filter(has_text="个同类机关相比")
    table = page.locator('[data-table="agencies-peer-table"]')
    heading.wait_for()
    box, head = table.bounding_box(), heading.bounding_box()
    assert box and head and head["y"] < box["y"], (head, box)
    page.screenshot(path=str(ARTIFACTS / "agencies-1280x720.png"))
    assert box["y"] + (ROWS_IN_VIEW + 1) * ROW_PX <= 720, box
    assert page.evaluate("window.scrollY") == 0


PHONE = (390, 844)

#: Boxes of a chart's subplot titles and tick labels (page coordinates).
CHART_TEXT_JS = """c => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {l: r.left, r: r.right, t: r.top, b: r.bottom, text: e.textContent}; };
  return {chart: box(c),
          titles: [...c.querySelectorAll('.infolayer .annotation-text')].map(box),
          ticks: [...c.querySelectorAll('.xtick text, .ytick text')].map(box)};
}"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1
    )


def chart_texts(page) -> list[dict]:
    """CHART_TEXT_JS of every chart once two readings 0.3 s apart agree: a chart's first frame
    is redrawn when its margins grow to fit the labels (the page is "ready" before that)."""
    last = None
    for _ in range(SLOW // 300):
        found = [c.evaluate(CHART_TEXT_JS) for c in page.get_by_test_id("stPlotlyChart").all()]
        if found == last:
            return found
        last = found
        page.wait_for_timeout(300)
    raise AssertionError(f"the charts kept moving for {SLOW / 1000:g} s")


def test_phone_small_multiple_titles_do_not_overlap(server, sized):
    page = sized(*PHONE)
    open_ready(page, f"{server}/agencies", SLOW)
    no_exception(page)
    found = chart_texts(page)
    multiples = [f for f in found if len(f["titles"]) >= 6]
    assert multiples, "no small multiples on 机关对比"
    for f in multiples:
        titles, chart = f["titles"], f["chart"]
        for i, a in enumerate(titles):
            assert chart["l"] - 1 <= a["l"] and a["r"] <= chart["r"] + 1, a  # not cut off
            for b in titles[i + 1 :] + f["ticks"]:
                assert not overlap(a, b), (a, b)
    page.get_by_test_id("stPlotlyChart").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "agencies-phone.png"))


def test_phone_kpi_cards_two_per_row(server, sized):
    page = sized(*PHONE)
    open_ready(page, server, SLOW)
    boxes = [m.bounding_box() for m in page.get_by_test_id("stMetric").all()]
    assert len(boxes) >= 4
    rows: dict[int, list[dict]] = {}
    for box in boxes:
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], box
        rows.setdefault(round(box["y"]), []).append(box)
    assert max(len(r) for r in rows.values()) == 2, rows
    assert all(len(r) <= 2 for r in rows.values()), rows
    for row in rows.values():
        if len(row) == 2:
            left, right = sorted(row, key=lambda b: b["x"])
            assert left["x"] + left["width"] <= right["x"], row
    page.screenshot(path=str(ARTIFACTS / "overview-phone.png"))


#: The page never scrolls sideways; every table fits or scrolls inside its own box.
TABLES_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const boxes = [...document.querySelectorAll('[data-testid="stDataFrame"], .xxgk-scroll')];
  return {page: [document.documentElement.scrollWidth, main.scrollWidth, main.clientWidth],
          tables: boxes.map(e => {
            const r = e.getBoundingClientRect();
            const s = e.matches('.xxgk-scroll') ? e : e.querySelector('.dvn-scroller');
            const wide = s.scrollWidth > s.clientWidth + 1;
            if (wide) s.scrollLeft = 40;
            return {l: r.left, r: r.right, wide: wide, scrolled: s.scrollLeft,
                    overflow: getComputedStyle(s).overflowX};
          })};
}"""


@pytest.mark.parametrize("name", ["agencies", "report", "quality"])
def test_phone_tables_fit_or_scroll_inside_their_box(server, sized, name):
    page = sized(*PHONE)
    open_ready(page, f"{server}/{name}", SLOW)
    no_exception(page)
    got = page.evaluate(TABLES_JS)
    doc, main_scroll, main_client = got["page"]
    assert doc <= PHONE[0] and main_scroll <= main_client, got["page"]
    assert got["tables"], "no table"
    for t in got["tables"]:
        assert t["l"] >= 0 and t["r"] <= PHONE[0], t
        if t["wide"]:  # too wide for a phone: it scrolls sideways inside its own box
            assert t["overflow"] in ("auto", "scroll") and t["scrolled"] > 0, t


def test_year_ticks_are_plain_years(server, sized):
    page = sized(1280, 900)
    open_ready(page, f"{server}/licensing", SLOW)
    ticks = [t.strip() for t in page.locator(".xtick text").all_text_contents()]
    assert [t for t in ticks if t.isdigit() and len(t) == 4], ticks
    assert not [t for t in ticks if re.fullmatch(r"2,0\d\d", t)], ticks
