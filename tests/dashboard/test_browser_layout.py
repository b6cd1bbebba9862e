# ruff: noqa: F811 - the browser fixtures are imported from test_browser
"""URLs and screen sizes in a real browser: every page opens at its own name, the key
table of 机关对比 is above the fold on a laptop, and a phone shows charts, cards and
tables without overlap. One streamlit server for the whole module."""

from __future__ import annotations

import pytest
from browser_support import PAGE_NAMES
from test_browser import (  # noqa: F401 - fixtures
    ARTIFACTS,
    browser,
    no_exception,
    open_ready,
    server,
)

pytestmark = pytest.mark.browser
SLOW = 120_000  # ms: a page under a loaded 2-core machine (speed is measured by the benchmark)
NOT_FOUND = "Page not found"


@pytest.fixture
def sized(browser):
    """A page factory: a new browser context of the given viewport size."""
    contexts = []

    def make(width: int, height: int):
        context = browser.new_context(viewport={"width": width, "height": height})
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


#: Seen without scrolling: the header row and at least this many rows of a table.
ROWS_IN_VIEW = 3
ROW_PX = 35  # Streamlit's data grid row height


def test_peer_table_is_above_the_fold_on_a_laptop(server, sized):
    page = sized(1280, 720)
    open_ready(page, f"{server}/agencies", SLOW)
    no_exception(page)
    heading = page.get_by_test_id("stHeading").filter(has_text="个同类机关相比")
    table = page.get_by_test_id("stDataFrame").first
    heading.wait_for()
    box, head = table.bounding_box(), heading.bounding_box()
    assert box and head and head["y"] < box["y"], (head, box)
    page.screenshot(path=str(ARTIFACTS / "agencies-1280x720.png"))
    assert box["y"] + (ROWS_IN_VIEW + 1) * ROW_PX <= 720, box
    assert page.evaluate("window.scrollY") == 0
