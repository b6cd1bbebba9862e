"""National scale (issue 14): one table of synth, storage, dashboard and ingest figures.

    python benchmarks/bench_scale.py                    # 10^4 and 10^5 reports, ingest
    BENCH_NATIONAL=1 python benchmarks/bench_scale.py   # also 10^6 (minutes, ~2 GB disk)
    python benchmarks/bench_scale.py --sizes 10000 --no-browser --no-ingest

Per size, in a fresh child process each: ``xxgk synth`` wall time, database size and
peak RSS; the dashboard's SQL per page (cold caches, every statement of the query layer
timed as ``bench_page_sql.py`` does; worst page and its name) and the
pages' time in Chromium on a warm server (worst page). Ingest: files per second over the
demo corpus (634 files in four formats) with ``--jobs 1``, the default (one worker per
core) and a local Dask cluster of two worker processes, each into a fresh database, with
the CPU seconds of the writer (this process) and of the local parse workers.
Then per size the first dashboard visit after a publication (the store's build), ``xxgk
brief`` (a province) and ``xxgk notice`` (the country), CPU and wall seconds each.
Targets: synth 10^6 ≤ 180 s, ≤ 4 GB file, ≤ 4 GB RSS; SQL ≤ 300 ms a page; browser
≤ 1.5 s a page at 10^6 (≤ 0.8 s at 10^5); ingest default ≥ 1.7× ``--jobs 1`` on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_synth import _run  # noqa: E402


def synth_figures(n: int, db: Path) -> dict:
    """Synth wall seconds, file size and peak RSS of a fresh ``xxgk synth`` run."""
    db.unlink(missing_ok=True)
    wall, rss, _ = _run(["synth", "--reports", str(n), "--db", str(db)])
    return {"synth_s": wall, "size_gb": db.stat().st_size / 1e9, "rss_gb": rss / 1024}


def dashboard_figures(db: Path, browser: bool) -> dict:
    """Worst page SQL (cold) and worst warm browser time, measured in a child process."""
    code = (
        "import json, sys; sys.path[:0] = [sys.argv[2], sys.argv[3]]; "
        "from pathlib import Path; import bench_dashboard as b; import bench_page_sql as s; "
        "_, pages = s.measure(Path(sys.argv[1])); "
        "q = {k: sum(t for t, _ in calls) for k, (calls, _) in pages.items()}; "
        "w = {}; "
        "w = ({k: v[1] for k, v in b.measure_browser(Path(sys.argv[1]))[0].items() "
        "if not k.startswith('(')} if sys.argv[4] == '1' else {}); "
        "print('JSON' + json.dumps({'sql': q, 'browser': w}))"
    )
    args = [str(db), str(ROOT), str(ROOT / "benchmarks"), "1" if browser else "0"]
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("JSON")), None)
    if line is None:
        raise SystemExit(f"dashboard measurement failed:\n{proc.stderr[-3000:]}")
    data = json.loads(line[4:])
    out = {}
    for kind in ("sql", "browser"):
        if data[kind]:
            page, worst = max(data[kind].items(), key=lambda kv: kv[1])
            out[kind] = (worst, page)
    return out


def _child(argv: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) of one child process run to its end (its output discarded)."""
    cpu, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} failed:\n{proc.stderr[-2000:]}")
    return time.perf_counter() - start, _children_cpu() - cpu


def store_figures(db: Path, tmp: Path) -> dict[str, tuple[float, float]]:
    """(wall s, CPU s) of the dashboard's first visit after a publication (the store built
    from the file: ``dashboard.snapshot.build``, Python's start included), of ``xxgk brief``
    for the province with most reports and of ``xxgk notice`` for the whole country, in the
    latest year. CPU seconds do not depend on the machine's load."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        province, year = con.execute(
            "SELECT province, (SELECT max(year) FROM reports) FROM reports "
            "WHERE province IS NOT NULL GROUP BY province ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    visit = (
        "import sys, duckdb; from dashboard import snapshot; from etl.store import schema; "
        "mem = duckdb.connect(); schema.attach_read_only(mem, sys.argv[1], snapshot.SRC); "
        "snapshot.build(mem)"
    )
    xxgk = [sys.executable, "-m", "etl.cli"]
    return {
        "store": _child([sys.executable, "-c", visit, str(db)]),
        "brief": _child(
            [
                *xxgk,
                "brief",
                "--db",
                str(db),
                "--region",
                province,
                "--year",
                str(year),
                "--out",
                str(tmp / "brief.docx"),
            ]
        ),
        "notice": _child(
            [*xxgk, "notice", "--db", str(db), "--year", str(year), "--out", str(tmp / "n.docx")]
        ),
    }


def _children_cpu() -> float:
    """CPU seconds of this process's finished (waited-for) child processes."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _timed_ingest(folder: Path, db: Path, opts) -> tuple[float, float, float]:
    """(wall s, CPU s of this process: the writer, CPU s of the local parse workers)."""
    from etl.pipeline import ingest

    cpu, children, start = time.process_time(), _children_cpu(), time.perf_counter()
    ingest([folder], db, options=opts)  # closes (and waits for) its reader workers
    wall = time.perf_counter() - start
    return wall, time.process_time() - cpu, _children_cpu() - children


def ingest_figures(folder: Path) -> tuple[int, dict[str, tuple[float, float, float | None]]]:
    """Per way of parsing: (files/s, writer CPU s, workers CPU s) ingesting ``folder``.

    The writer's and the local workers' CPU seconds do not depend on the machine's load:
    a writer that needs a large share of the workers' CPU caps the speed-up on few cores.
    A Dask cluster's workers are not this process's children: their CPU is not counted, and
    the writer's figure includes the local cluster's scheduler and the client (same process).
    """
    from distributed import LocalCluster

    from etl.pipeline import IngestOptions, iter_files

    n = sum(1 for _ in iter_files([folder]))
    out: dict[str, tuple[float, float, float | None]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        runs = [("--jobs 1", IngestOptions(jobs=1)), ("default (cores)", IngestOptions())]
        for label, opts in runs:
            wall, writer, workers = _timed_ingest(folder, Path(tmp) / f"{len(out)}.duckdb", opts)
            out[label] = (n / wall, writer, workers)
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            opts = IngestOptions(scheduler=cluster.scheduler_address)
            wall, writer, _ = _timed_ingest(folder, Path(tmp) / "dask.duckdb", opts)
            out["Dask, 2 local workers"] = (n / wall, writer, None)
    return n, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sizes = [10_000, 100_000] + ([1_000_000] if os.environ.get("BENCH_NATIONAL") else [])
    ap.add_argument("--sizes", type=int, nargs="*", default=sizes)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-dashboard", action="store_true")
    ap.add_argument("--no-ingest", action="store_true")
    ap.add_argument("--demo", type=Path, default=None, help="an existing demo corpus folder")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    header = f"{'reports':>10}{'synth s':>9}{'db GB':>8}{'RSS GB':>8}  {'worst SQL ms':<28}"
    print(header + f"{'worst browser s (warm)':<30}load")
    commands: list[tuple[int, dict[str, tuple[float, float]], float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            db = Path(tmp) / f"scale-{n}.duckdb"
            s = synth_figures(n, db)
            d = {} if args.no_dashboard else dashboard_figures(db, not args.no_browser)
            sql = f"{d['sql'][0] * 1000:.0f} ({d['sql'][1]})" if "sql" in d else "-"
            web = f"{d['browser'][0]:.2f} ({d['browser'][1]})" if "browser" in d else "-"
            print(
                f"{n:>10,}{s['synth_s']:>9.1f}{s['size_gb']:>8.2f}{s['rss_gb']:>8.2f}  "
                f"{sql:<28}{web:<30}{os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if not args.no_dashboard:
                commands.append((n, store_figures(db, Path(tmp)), os.getloadavg()[0]))
            db.unlink(missing_ok=True)
        if commands:
            print("\nfirst dashboard visit after a publication, xxgk brief, xxgk notice")
            print(f"{'reports':>10}  {'store CPU s (wall)':<20}{'brief CPU s (wall)':<20}", end="")
            print(f"{'notice CPU s (wall)':<21}load")
            for n, figs, load in commands:
                cells = "".join(f"{f'{c:.1f} ({w:.1f})':<20}" for w, c in figs.values())
                print(f"{n:>10,}  {cells} {load:.1f}", flush=True)
        if not args.no_ingest:
            folder = args.demo
            if folder is None:
                folder = Path(tmp) / "demo"
                _run(["demo", "--out", str(folder), "--db", str(Path(tmp) / "demo.duckdb")])
            load = os.getloadavg()[0]
            n, figures = ingest_figures(folder)
            base = figures["--jobs 1"][0]
            print(
                f"\ningest of the demo corpus ({n} files); load {load:.1f} before, "
                f"{os.getloadavg()[0]:.1f} after"
            )
            print(f"  {'':<24}{'files/s':>7}  {'':>6}  writer CPU s  workers CPU s")
            for label, (rate, writer, workers) in figures.items():
                shown = "-" if workers is None else f"{workers:.1f}"
                print(
                    f"  {label:<24}{rate:>7.1f}  {rate / base:>5.2f}×  {writer:>12.1f}  {shown:>13}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
