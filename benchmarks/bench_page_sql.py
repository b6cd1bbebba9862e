"""SQL time of every dashboard page on a large database (issue 14: ≤ 300 ms a page at 10^6).

    python benchmarks/bench_page_sql.py --db /tmp/synth-1e5.duckdb [--top 3]
    python benchmarks/bench_page_sql.py --reports 100000      # builds the file with xxgk synth
    python benchmarks/bench_page_sql.py --db … --pages ranking quality   # only these pages

Each page runs once in ``streamlit.testing`` with every query cache cleared (cold: what
the first visitor after a publication waits for), the sidebar's queries included. Every
statement through the query layer's gateway (``dashboard.queries.run``, also as ``run``
of ``sums``, ``coverage_queries`` and ``office_queries``) is timed. Printed: the store build, then per page the
SQL milliseconds (wall, and the processor time of the process: on a shared machine the
figure to compare), the number of statements, the script's wall time and the load
average; ``--top N`` adds each page's N slowest statements.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.dashboard.browser_support import PAGE_NAMES  # noqa: E402


class Clock:
    """Times every statement of the gateway (every query module) while active."""

    def __init__(self) -> None:
        from dashboard import coverage_queries, office_queries, queries, sums

        self.modules = (queries, sums, coverage_queries, office_queries)
        self.original = queries.run
        self.calls: list[tuple[float, str]] = []
        self.cpu = 0.0  # processor seconds of this process (every DuckDB thread) in SQL

    def __enter__(self) -> Clock:
        def timed(cur, sql, params=None, **kw):
            t0, c0 = time.perf_counter(), _cpu()
            try:
                return self.original(cur, sql, params, **kw)
            finally:
                self.calls.append((time.perf_counter() - t0, " ".join(sql.split())))
                self.cpu += _cpu() - c0

        for m in self.modules:
            m.run = timed  # type: ignore[attr-defined]
        return self

    def __exit__(self, *exc) -> None:
        for m in self.modules:
            m.run = self.original  # type: ignore[attr-defined]

    def take(self) -> list[tuple[float, str]]:
        out, self.calls, self.cpu = self.calls, [], 0.0
        return out


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def measure(
    db: Path, cpu: dict[str, float] | None = None, names: tuple[str, ...] = PAGE_NAMES
) -> tuple[float, dict[str, tuple[list[tuple[float, str]], float]]]:
    """(store build seconds, {page: (timed statements, script seconds)}), caches cold;
    ``cpu`` gets each page's SQL processor seconds (under load, the figure to compare)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ["XXGK_DB"] = str(db)
    at = AppTest.from_file(str(ROOT / "dashboard" / "streamlit_app.py"), default_timeout=600)
    pages = {}
    with Clock() as clock:
        t0 = time.perf_counter()
        at.run()  # builds the store
        build = time.perf_counter() - t0 - sum(s for s, _ in clock.take())
        for name in names:
            st.cache_data.clear()
            at.switch_page(f"app_pages/{name}.py")
            clock.take()
            t0 = time.perf_counter()
            at.run()
            wall = time.perf_counter() - t0
            if cpu is not None:
                cpu[name] = clock.cpu
            if at.exception:
                raise RuntimeError(f"{name}: {at.exception[0].message}")
            pages[name] = (clock.take(), wall)
    return build, pages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--top", type=int, default=0, help="list each page's N slowest statements")
    ap.add_argument("--pages", nargs="+", choices=PAGE_NAMES, default=PAGE_NAMES)
    args = ap.parse_args()
    db = args.db or Path(f"/tmp/xxgk-synth-{args.reports}.duckdb")
    if not db.exists():
        from etl.demo.synth import synthesize

        print(synthesize(args.reports, db))
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    print(f"{db}: {n:,} reports, {db.stat().st_size / 1e9:.2f} GB; load {os.getloadavg()[0]:.1f}")
    cpu: dict[str, float] = {}
    build, pages = measure(db, cpu, tuple(args.pages))
    print(f"store build and first run (less its SQL): {build * 1000:.0f} ms")
    print(f"{'page':<14}{'SQL ms':>8}{'SQL CPU ms':>12}{'stmts':>7}{'script ms':>11}{'load':>6}")
    worst = ("", 0.0)
    for name, (calls, wall) in pages.items():
        sql = sum(s for s, _ in calls)
        worst = max(worst, (name, sql), key=lambda x: x[1])
        print(
            f"{name:<14}{sql * 1000:>8.0f}{cpu[name] * 1000:>12.0f}{len(calls):>7}"
            f"{wall * 1000:>11.0f}{os.getloadavg()[0]:>6.1f}"
        )
        for s, text in sorted(calls, reverse=True)[: args.top]:
            print(f"    {s * 1000:>7.0f}  {text[:150]}")
    print(f"worst page: {worst[0]} {worst[1] * 1000:.0f} ms (target ≤ 300 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
