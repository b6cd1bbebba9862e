"""What the browser tests and the dashboard benchmark share: pages, readiness, Chromium flags."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

#: Page files of dashboard/app_pages in the order the frame lists them (overview is the default).
PAGE_NAMES = ("overview", "outcomes", "denials", "licensing", "appeals", "agencies", "ranking",
              "quality", "report", "coverage", "upload", "notice", "timeliness", "copies", "sql",
              "downloads")  # fmt: skip

#: True once the script has finished, nothing is a skeleton and every chart has drawn.
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!c.querySelector('.main-svg')) return false;
  }
  return document.querySelectorAll('[data-testid="stHeading"]').length > 0;
}"""

#: What the tests wait for after a page load. Plotly's internal redraw flags are not part of
#: it (a wait that included them once timed out after a navigation, cause not found); a test
#: that reads chart geometry waits for the geometry to stop moving (test_browser_layout).
SETTLED_JS = READY_JS

#: Before an action: note, from now on, every change of the script-run state. A click, a key
#: or a page link only sends a message; the server starts the run when it gets to it (on a
#: loaded machine, well after the action returns), and until then the old page is "ready".
#: The state attribute changes only when a run starts (→ running) or ends (→ notRunning), so
#: any change seen means the rerun the action asked for has begun.
WATCH_JS = """() => {
  if (window.__xxgkWatch) window.__xxgkWatch.disconnect();
  window.__xxgkRan = false;
  window.__xxgkWatch = new MutationObserver(() => { window.__xxgkRan = true; });
  window.__xxgkWatch.observe(document.body, {subtree: true, attributes: true,
                                             attributeFilter: ['data-test-script-state']});
}"""

#: True once a run has started since WATCH_JS and the page is ready again. A full page load
#: (a plain link) starts a new document, where the watch is gone: that document is the new page.
RERAN_JS = f"""() => (window.__xxgkRan === undefined || window.__xxgkRan === true)
  && ({SETTLED_JS})()"""


#: What the page looks like when a wait gives up: which of the conditions above is not met.
STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {url: location.href, ran: window.__xxgkRan,
          state: app && app.getAttribute('data-test-script-state'),
          connection: app && app.getAttribute('data-test-connection-state'),
          skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
          headings: document.querySelectorAll('[data-testid="stHeading"]').length,
          charts: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(c => {
            const gd = c.querySelector('.js-plotly-plot'), l = gd && gd._fullLayout;
            return {svg: !!c.querySelector('.main-svg'), replotting: !!(l && l._replotting),
                    margin_redraws: l ? l._redrawFromAutoMarginCount : null,
                    fonts: !!(gd && gd._fontLoadToken)};
          })};
}"""


def _wait(page, condition: str, timeout: float) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, timeout=timeout, polling=50)
    except PlaywrightTimeout as exc:
        raise AssertionError(f"page not ready after {timeout / 1000:g} s: "
                             f"{page.evaluate(STATE_JS)}") from exc  # fmt: skip


def settled(page, timeout: float = 120_000) -> None:
    """Wait until the page is ready and its charts are drawn (after a page load)."""
    _wait(page, SETTLED_JS, timeout)


@contextmanager
def rerun(page, timeout: float = 120_000) -> Iterator[None]:
    """Around an action that reruns the script or opens another page: when the block ends,
    wait until that run has started and the page is ready again (never a fixed pause).

    The timeout only bounds a failure (a loaded 2-core machine is slow, not wrong); an action
    that starts no run at all times out, so a test cannot pass on the page it came from.
    """
    page.evaluate(WATCH_JS)
    yield
    _wait(page, RERAN_JS, timeout)


#: Debian Chromium as root on a machine whose only network is the package registries.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
