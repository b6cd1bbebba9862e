# ruff: noqa: F811 - the browser fixtures are imported from test_browser
"""Offline by default: the dashboard, started as ``xxgk dashboard`` starts it (from any
folder, with no Streamlit settings of the user's) or as ``streamlit run`` in the project
(its ``.streamlit/config.toml``), makes the browser ask nothing of any other host: no
usage statistics, no icon from a font service."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from urllib.parse import urlparse

import pytest
from test_browser import (  # noqa: F401 - fixtures
    ROOT,
    SLOW,
    browser,
    free_port,
    open_ready,
    page,
    wait_for_server,
)

pytestmark = pytest.mark.browser


def hosts_asked(page, url: str) -> set[str]:
    """Every host the browser sends a request to while the page opens and settles."""
    asked: set[str] = set()
    page.on("request", lambda r: asked.add(urlparse(r.url).netloc))
    open_ready(page, url, SLOW)
    page.wait_for_timeout(1000)  # requests a finished page may still send (statistics)
    return asked


@pytest.mark.parametrize("how", ["xxgk dashboard", "streamlit run"])
def test_the_dashboard_asks_no_other_host(how, dash_db, page, tmp_path):
    port = free_port()
    home = tmp_path / "home"
    home.mkdir()
    if how == "xxgk dashboard":  # from a folder with no .streamlit/ settings
        cmd = [sys.executable, "-m", "etl.cli", "dashboard", "--db", str(dash_db)]
        cmd += ["--port", str(port), "--headless"]
        cwd = tmp_path
    else:  # the project's own settings, nothing on the command line
        app = str(ROOT / "dashboard" / "streamlit_app.py")
        cmd = [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(port)]
        cmd += ["--server.headless", "true", "--server.fileWatcherType", "none"]
        cwd = ROOT
    env = dict(os.environ, HOME=str(home), XXGK_DB=str(dash_db))  # no settings of the user's
    env.pop("STREAMLIT_BROWSER_GATHER_USAGE_STATS", None)
    log = tmp_path / "server.log"
    with log.open("w") as out:  # its own session: `xxgk dashboard` starts streamlit below it
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=out, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(proc, url, log)
        asked = hosts_asked(page, url)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    assert asked == {f"127.0.0.1:{port}"}, asked
