"""A/B of warm reloads under load: the renderer main thread's CPU time, from a Chrome trace.

Wall time on a shared machine follows the load, and a new tab per load (as
``profile_page.py`` does) starts a new renderer whose script compilation swamps the page
(≈3.4 s against a 1.6 s reload). This reloads each page in the same tab, as
``bench_dashboard.py --reloads-only`` does, records a trace of every reload and prints, per
tree, the median thread time of the renderer main thread's tasks (``RunTask``) and of the
biggest events under them (``v8.callFunction`` = Streamlit's and Plotly's JavaScript,
``v8.evaluateModule`` = lazily loaded bundles such as Plotly's, layout and style).

Usage (repository root; each tree is a checkout holding ``dashboard/``, served with
itself first on ``PYTHONPATH``; the same trees side by side compare changes in the
same minute)::

    python benchmarks/trace_page.py --db /tmp/xxgk-bench-100000.duckdb --page coverage \\
        [--rounds 5] [TREE ...]          # default: this checkout
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_dashboard import page_url, start_server  # noqa: E402

from tests.dashboard.browser_support import CHROMIUM_ARGS, READY_JS  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8"]


def main_thread_times(events: list[dict]) -> tuple[float, Counter]:
    """(thread seconds of all top-level tasks, thread seconds per event name directly
    under them) on the busiest renderer main thread of a trace."""
    names = {
        (e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"
    }
    mains = {k for k, v in names.items() if v == "CrRendererMain"}
    tasks = Counter((e["pid"], e["tid"]) for e in events
                    if e.get("name") == "RunTask" and (e["pid"], e["tid"]) in mains)  # fmt: skip
    if not tasks:
        return 0.0, Counter()
    main = tasks.most_common(1)[0][0]
    timed = sorted((e for e in events if (e["pid"], e["tid"]) == main and e.get("ph") == "X"
                    and "tdur" in e), key=lambda e: e["ts"])  # fmt: skip
    total, by, stack = 0.0, Counter(), []
    for e in timed:
        while stack and e["ts"] >= stack[-1]["ts"] + stack[-1]["dur"]:
            stack.pop()
        if not stack and e["name"] == "RunTask":
            total += e["tdur"] / 1e6
        elif len(stack) == 1 and stack[0]["name"] == "RunTask":
            by[e["name"]] += e["tdur"] / 1e6
        stack.append(e)
    return total, by


def trace_tree(browser, tree: Path, db: Path, page: str, rounds: int) -> tuple[float, Counter]:
    """Median task seconds and mean seconds per event over ``rounds`` warm reloads."""
    os.environ["PYTHONPATH"] = str(tree)  # the server imports this tree's dashboard
    proc, url = start_server(db, tree / "dashboard" / "streamlit_app.py")
    try:
        tab = browser.new_page(viewport={"width": 1280, "height": 1000})
        target = page_url(url, page)
        for _ in range(2):  # warm-up: caches fill, bundles enter the code cache
            tab.goto(target)
            tab.wait_for_function(READY_JS, timeout=600_000, polling=20)
        totals, by = [], Counter()
        for _ in range(rounds):
            browser.start_tracing(page=tab, categories=CATEGORIES)
            tab.goto(target)
            tab.wait_for_function(READY_JS, timeout=600_000, polling=20)
            total, events = main_thread_times(json.loads(browser.stop_tracing())["traceEvents"])
            totals.append(total)
            by.update({k: v / rounds for k, v in events.items()})
        tab.close()
        return statistics.median(totals), by
    finally:
        proc.terminate()
        proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, default=[ROOT])
    parser.add_argument("--db", type=Path, default=Path("/tmp/xxgk-bench-100000.duckdb"))
    parser.add_argument("--page", default="overview")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--events", type=int, default=8, help="event rows printed")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load = os.getloadavg()[0]
    saved = os.environ.get("PYTHONPATH")
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for tree in args.trees:
                results[str(tree)] = trace_tree(browser, tree.resolve(), args.db, args.page,
                                                args.rounds)  # fmt: skip
            browser.close()
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
    print(f"\n{args.page} on {args.db.name}: renderer main thread, thread seconds per warm "
          f"reload (load {load:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip
    width = max(12, *(len(t[-24:]) for t in results))
    print(f"{'':<28}" + "".join(f"{t[-24:]:>{width + 2}}" for t in results))
    print(f"{'tasks (median)':<28}" + "".join(f"{v[0]:>{width + 2}.3f}" for v in results.values()))
    names = Counter()
    for _, by in results.values():
        names.update(by)
    for name, _ in names.most_common(args.events):
        print(
            f"{name[:28]:<28}"
            + "".join(f"{by[name]:>{width + 2}.3f}" for _, by in results.values())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
