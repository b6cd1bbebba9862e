"""What a Plotly chart costs the browser on a warm reload, element by element.

Each case is a tiny Streamlit app (a title, then charts made by the dashboard's own
builders: ``charts.lines`` and ``charts.stacked_bars`` over six years) written to a
temporary folder, served by ``streamlit run`` and reloaded in one Chromium tab, as
``bench_dashboard.py --reloads-only`` does. Printed per case: the median renderer
main-thread CPU (``trace_page.main_thread_times``, steady under load) and wall time of
the reloads, with the load average; the first row (``bare``) is Streamlit's own floor.

Cases: ``sepN`` = N separate charts; ``subN`` = the same N panels in one
``make_subplots`` figure (one legend); ``legendsN`` = that figure with a legend per
panel (what a page needs when its panels show different series); ``cols2`` = two charts
side by side in ``st.columns``; then one chart with one thing changed (height, traces,
categories, annotations, hover, legend, title, ``responsive: False`` with a fixed width,
``width="content"``, ``width=900``); ``multiples`` = 机关对比's six small multiples.

Usage (repository root)::

    python benchmarks/chart_floor.py [--rounds 5] [--cases bare,sep1,sep2,sub2]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from trace_page import CATEGORIES, main_thread_times  # noqa: E402

from tests.dashboard.browser_support import CHROMIUM_ARGS, READY_JS  # noqa: E402

#: Shared by every case app: data, the two panel kinds, the merged figure.
COMMON = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots
from dashboard import charts, peer_charts

PARTS = [f"p{i}" for i in range(7)]
LAB = {**{p: f"结果类别{i}" for i, p in enumerate(PARTS)}, "year": "年度"}
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def frame(k=0, n=6, parts=PARTS):
    d = pd.DataFrame({"year": list(range(2019, 2019 + n))})
    for i, p in enumerate(parts):
        d[p] = [(j * 37 + i * 11 + k * 5) % 90 + 10 for j in range(n)]
    return d


def panel(i):
    if i % 2 == 0:
        return charts.lines(frame(i), "year", PARTS[:4], LAB, title=f"图{i}逐年变化")
    return charts.stacked_bars(frame(i), "year", PARTS, LAB, percent=True, title=f"图{i}构成")


def merged(n, legends=False):
    figs = [panel(i) for i in range(n)]
    fig = make_subplots(rows=-(-n // 2), cols=2, subplot_titles=[f.layout.title.text for f in figs])
    for i, f in enumerate(figs):
        for t in f.data:
            if legends:
                t = type(t)(t).update(legend="legend" if i == 0 else f"legend{i + 1}")
            fig.add_trace(t, row=i // 2 + 1, col=i % 2 + 1)
    fig.update_layout(barmode="stack", height=420 * -(-n // 2),
                      margin={"l": 70, "r": 10, "t": 90, "b": 60},
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})
    if legends:
        for i in range(1, n):
            fig.update_layout({f"legend{i + 1}": {"orientation": "h", "x": 0.55 * (i % 2),
                                                  "y": 1.0 - i // 2 * 0.5, "yanchor": "bottom"}})
    return fig


st.title("总览")
"""

ONE = "f = panel(1)\n{change}\nst.plotly_chart(f, config=CONFIG{extra})"
CASES = {
    "bare": "st.caption('bare')",
    **{
        f"sep{n}": f"for i in range({n}): st.plotly_chart(panel(i), config=CONFIG, key=f'c{{i}}')"
        for n in (1, 2, 3, 4)
    },
    **{f"sub{n}": f"st.plotly_chart(merged({n}), config=CONFIG)" for n in (2, 3, 4)},
    "legends2": "st.plotly_chart(merged(2, legends=True), config=CONFIG)",
    "cols2": "a, b = st.columns(2)\n"
    "a.plotly_chart(panel(0), config=CONFIG, key='a')\n"
    "b.plotly_chart(panel(1), config=CONFIG, key='b')",
    "height300": ONE.format(change="f.update_layout(height=300)", extra=""),
    "height800": ONE.format(change="f.update_layout(height=800)", extra=""),
    "traces1": ONE.format(change="f.data = f.data[:1]", extra=""),
    "traces20": ONE.format(
        change="f = charts.stacked_bars(frame(1, parts=[f'p{i}' for i in range(20)]), 'year', "
        "[f'p{i}' for i in range(20)], {}, percent=True, title='二十条')",
        extra="",
    ),
    "categories200": ONE.format(
        change="f = charts.stacked_bars(frame(1, 200).astype({'year': str}), 'year', PARTS, LAB)",
        extra="",
    ),
    "annotations20": ONE.format(
        change="for i in range(20): f.add_annotation(text=f'注{i}', x=0.05 * i, y=1.1, "
        "xref='paper', yref='paper', showarrow=False)",
        extra="",
    ),
    "no_hover": ONE.format(
        change="f.update_traces(hovertemplate=None, hoverinfo='skip')", extra=""
    ),
    "no_legend": ONE.format(change="f.update_layout(showlegend=False)", extra=""),
    "no_title": ONE.format(change="f.update_layout(title=None)", extra=""),
    "fixed_width": "f = panel(1)\nf.update_layout(width=1100)\n"
    "st.plotly_chart(f, width='content', config={**CONFIG, 'responsive': False})",
    "width_content": ONE.format(change="", extra=", width='content'"),
    "width_900": ONE.format(change="", extra=", width=900"),
    "multiples": "from benchmarks_multiples import figure\nst.plotly_chart(figure(), config=CONFIG)",
}

#: 机关对比's default small multiples (six measures, six years) from the real builder.
MULTIPLES = """
import pandas as pd
from dashboard import peer_charts

def figure():
    metrics = [f"m{i}" for i in range(6)]
    rows = [{"metric": m, "year": y, "value": 10 + i * 3 + (y - 2019) * 1.5,
             "peer_p25": 6 + i * 3, "peer_median": 9 + i * 3, "peer_p75": 14 + i * 3}
            for i, m in enumerate(metrics) for y in range(2019, 2025)]
    labels = {m: f"指标名称第{i}项比率（%）" for i, m in enumerate(metrics)}
    return peer_charts.peer_small_multiples(pd.DataFrame(rows), metrics, labels, "某市某某局")
"""


def serve(app: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{app.parent}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    return proc, url


def measure(browser, app: Path, rounds: int) -> tuple[float, float]:
    """(median renderer main-thread CPU, median wall) of ``rounds`` warm reloads."""
    proc, url = serve(app)
    try:
        tab = browser.new_page(viewport={"width": 1280, "height": 1000})
        for _ in range(2):  # warm-up: bundles enter the code cache
            tab.goto(url)
            tab.wait_for_function(READY_JS, timeout=300_000, polling=20)
        cpu, wall = [], []
        for _ in range(rounds):
            browser.start_tracing(page=tab, categories=CATEGORIES)
            start = time.perf_counter()
            tab.goto(url)
            tab.wait_for_function(READY_JS, timeout=300_000, polling=20)
            wall.append(time.perf_counter() - start)
            cpu.append(main_thread_times(json.loads(browser.stop_tracing())["traceEvents"])[0])
        tab.close()
        return statistics.median(cpu), statistics.median(wall)
    finally:
        proc.terminate()
        proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = args.cases.split(",")
    print(f"{'case':<16}{'cpu s':>8}{'wall s':>8}{'load':>7}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        (folder / "benchmarks_multiples.py").write_text(MULTIPLES, encoding="utf-8")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name in names:
            app = folder / f"{name}.py"
            app.write_text(COMMON + CASES[name] + "\n", encoding="utf-8")
            cpu, wall = measure(browser, app, args.rounds)
            print(f"{name:<16}{cpu:>8.3f}{wall:>8.2f}{os.getloadavg()[0]:>7.1f}", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
