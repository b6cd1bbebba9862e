"""What the browser tests and the dashboard benchmark share: pages, readiness, Chromium flags."""

from __future__ import annotations

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

#: Debian Chromium as root on a machine whose only network is the package registries.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
