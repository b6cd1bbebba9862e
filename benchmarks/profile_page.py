"""Where a dashboard page's browser time goes: wall time and CPU of a warm reload.

Wall time on a shared machine follows the load; CPU does not, much. For each page this
reloads the page's URL on a warm server (store built, caches filled by a first visit)
and prints medians of:

- ``wall``: seconds from ``goto`` until the page is ready (``READY_JS``, as the benchmark);
- the renderer main thread's busy CPU seconds over the same span, from the Chrome DevTools
  Protocol (``Performance.getMetrics``): ``task`` (all tasks), ``script``, ``layout``
  and ``style`` (style recalculation);
- ``chrome``: CPU seconds of all Chromium processes (renderer threads, GPU, browser);
- ``server``: CPU seconds of the ``streamlit run`` process (script and messages).

Usage (repository root; ``--app`` runs another frame file, for experiments)::

    python benchmarks/profile_page.py --db /tmp/xxgk-bench-100000.duckdb \\
        --pages copies,upload,sql,downloads,overview [--rounds 5] [--app FILE]

A page is a page file name or a URL path with its query (``copies?report=…``); ``.`` is
the app's root.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_dashboard import page_url, start_server  # noqa: E402

from tests.dashboard.browser_support import CHROMIUM_ARGS, READY_JS  # noqa: E402

METRICS = {"task": "TaskDuration", "script": "ScriptDuration", "layout": "LayoutDuration",
           "style": "RecalcStyleDuration"}  # fmt: skip
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process, from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def cpu_seconds(root: int, name: str | None = None) -> float:
    """CPU seconds of ``root``'s descendants (and itself) whose command names ``name``."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (got := _stat(int(entry.name))):
            stats[int(entry.name)] = got
    family, grew = {root}, True
    while grew:
        more = {p for p, (ppid, _) in stats.items() if ppid in family} - family
        family |= more
        grew = bool(more)
    total = 0.0
    for pid in family:
        if pid not in stats:
            continue
        if name is not None:
            try:
                if name not in Path(f"/proc/{pid}/comm").read_text():
                    continue
            except OSError:
                continue
        total += stats[pid][1]
    return total


def _metrics(cdp) -> dict[str, float]:
    got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {k: got.get(v, 0.0) for k, v in METRICS.items()}


def reload_once(context, url: str, server_pid: int) -> dict[str, float]:
    """One warm load of ``url`` in a new tab: wall seconds and the CPU figures over it.

    A new tab, because a reload in the same tab may or may not move to a new renderer
    process, and the DevTools counters start again with each process: a fresh tab's
    counters hold this load alone (its blank page costs nothing)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})  # CPU, not wall, time
    before = _metrics(cdp)
    chrome0, server0 = cpu_seconds(os.getpid(), "chrom"), cpu_seconds(server_pid)
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function(READY_JS, timeout=600_000, polling=20)
    wall = time.perf_counter() - t0
    after = _metrics(cdp)
    out = {"wall": wall} | {k: after[k] - before[k] for k in METRICS}
    out["chrome"] = cpu_seconds(os.getpid(), "chrom") - chrome0
    out["server"] = cpu_seconds(server_pid) - server0
    page.close()
    return out


def profile(db: Path, pages: list[str], rounds: int, app: Path | None) -> dict[str, dict]:
    """Per page: the median of each figure over ``rounds`` warm loads."""
    from playwright.sync_api import sync_playwright

    proc, url = start_server(db, app)
    out: dict[str, dict] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            for name in pages:
                target = page_url(url, name)
                reload_once(context, target, proc.pid)  # warm-up: caches fill
                runs = [reload_once(context, target, proc.pid) for _ in range(rounds)]
                out[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            browser.close()
    finally:
        proc.terminate()
        proc.wait()
    return out


def print_table(results: dict[str, dict], label: str = "") -> None:
    cols = ["wall", *METRICS, "chrome", "server"]
    print(f"\n{label} (medians, s; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"{'page':<24}" + "".join(f"{c:>8}" for c in cols))
    for name, row in results.items():
        print(f"{name[:24]:<24}" + "".join(f"{row[c]:>8.3f}" for c in cols))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/xxgk-bench-100000.duckdb"))
    parser.add_argument("--pages", default="copies,upload,sql,downloads,overview")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--app", type=Path, default=None, help="frame file (default: ours)")
    args = parser.parse_args()
    pages = [p.strip(".") for p in args.pages.split(",") if p]  # "." is the root page
    load = os.getloadavg()[0]
    results = profile(args.db, pages, args.rounds, args.app)
    print_table(results, f"{args.app or 'dashboard'} on {args.db.name}, load at start {load:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
