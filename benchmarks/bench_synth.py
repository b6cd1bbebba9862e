"""Benchmark ``xxgk synth`` (and optionally ``xxgk demo``) and print the figures.

Targets on the reference 2-core machine: ``xxgk synth --reports 100000`` under
2 minutes; ``xxgk demo`` (the whole simulated region rendered and ingested) under
1 minute. Each run is a fresh ``xxgk`` process, so the figures include start-up and
the peak memory is that run's own.

    python benchmarks/bench_synth.py                  # 10^4 and 10^5 reports
    python benchmarks/bench_synth.py --sizes 1000000  # 10^6: ~13 min, 27 GB disk, 16 GB RAM
    python benchmarks/bench_synth.py --demo           # also time the demo build
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

SYNTH_TARGET_S = {100_000: 120.0}
DEMO_TARGET_S = 60.0


def _run(args: list[str]) -> tuple[float, float, str]:
    """Run ``xxgk ARGS`` in a child; (wall seconds, peak RSS in MB, its output)."""
    cmd = [
        "/usr/bin/time",
        "-f",
        "MAXRSS_KB=%M",
        sys.executable,
        "-c",
        "import sys; from etl.cli import main; sys.exit(main())",
        *args,
    ]
    if not Path("/usr/bin/time").exists():
        cmd = cmd[3:]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"xxgk {' '.join(args)} failed:\n{proc.stderr}")
    m = re.search(r"MAXRSS_KB=(\d+)", proc.stderr)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    return wall, rss, proc.stdout.strip()


def _query_seconds(db: Path) -> dict[str, float]:
    """Two dashboard-like queries on the result: a grouped sum and the wide part-三 view."""
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET enable_progress_bar = false")
    out = {}
    try:
        for name, sql in (
            (
                "sum by level/year",
                "SELECT level, year, sum(value) FROM reports JOIN report_values USING (report_id) "
                "WHERE key = 'apply.new.total' GROUP BY ALL",
            ),
            ("v_apply full scan", "SELECT count(*), sum(new__total) FROM v_apply"),
        ):
            start = time.perf_counter()
            con.execute(sql).fetchall()
            out[name] = time.perf_counter() - start
    finally:
        con.close()
    return out


def bench_synth(sizes: list[int], folder: Path, seed: int) -> None:
    """Time synth at each size and print one row per size."""
    print(
        f"{'reports':>9} {'wall s':>8} {'rep/s':>8} {'values':>11} {'DB MB':>8} {'RSS MB':>8}  target"
    )
    for n in sizes:
        db = folder / f"synth-{n}.duckdb"
        wall, rss, line = _run(["synth", "--reports", str(n), "--db", str(db), "--seed", str(seed)])
        values = re.search(r"(\d+) values", line)
        target = SYNTH_TARGET_S.get(n)
        verdict = (
            "" if target is None else ("PASS" if wall < target else "FAIL") + f" (<{target:.0f}s)"
        )
        print(
            f"{n:>9} {wall:>8.1f} {n / wall:>8.0f} {values.group(1) if values else '?':>11} "
            f"{db.stat().st_size / 1e6:>8.0f} {rss:>8.0f}  {verdict}"
        )
        print(f"          {line}")
        for name, seconds in _query_seconds(db).items():
            print(f"          query {name}: {seconds:.2f}s")
        db.unlink()


def bench_demo(folder: Path, seed: int) -> None:
    """Time the whole demo build (render + real pipeline) into a fresh database."""
    out, db = folder / "demo", folder / "demo.duckdb"
    wall, rss, line = _run(["demo", "--out", str(out), "--db", str(db), "--seed", str(seed)])
    verdict = "PASS" if wall < DEMO_TARGET_S else "FAIL"
    print(f"demo: {wall:.1f}s wall, {rss:.0f} MB peak RSS  {verdict} (<{DEMO_TARGET_S:.0f}s)")
    print(f"      {line}")


def main() -> None:
    """Parse arguments and run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--demo", action="store_true", help="also time `xxgk demo`")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--dir", type=Path, default=None, help="scratch folder (default: temp)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, duckdb {duckdb.__version__}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        if args.demo:
            bench_demo(folder, args.seed)
        bench_synth(args.sizes, folder, args.seed)


if __name__ == "__main__":
    main()
