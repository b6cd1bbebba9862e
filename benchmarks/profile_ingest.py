"""Where an ingest's CPU goes, by process and by phase: figures that do not depend on load.

    python benchmarks/profile_ingest.py /tmp/office-demo            # --jobs 1, then default
    python benchmarks/profile_ingest.py /tmp/office-demo --jobs 2   # one way only

On 2 cores the speed-up of N parse workers over one is bounded by about
``2·P / (P + W)``: P is the parse CPU (the workers'), W the CPU of the writer process
(receiving outcomes, storing rows, publishing, screening copies), which competes with
the workers for the two cores. The serial tail (the final publication, when no worker
parses) adds the same time to both ways. This script prints, for one ingest of a folder
into a fresh database:

- the workers' CPU (all of it, and per file) and their start-up CPU;
- the writer process's CPU split by phase (exclusive: a phase's own time, its sub-phases
  listed apart), measured on the main thread's CPU clock; side threads (DuckDB's
  threads, worker start-up threads) apart;
- the predicted ratio of N workers to one from those CPU figures, and the wall figures
  with the load beside them (the load of other programs moves the wall, not the CPU).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: (module, attribute path, phase name): wrapped where the writer calls them.
PHASES = [
    ("etl.pipeline", "_prepare", "prepare (hash, known?)"),
    ("etl.pool", "ReaderPool.submit", "submit (pickle job)"),
    ("etl.pool", "ReaderPool.collect", "receive (unpickle)"),
    ("etl.distributed", "DaskReader.submit", "submit (pickle job)"),
    ("etl.distributed", "DaskReader.collect", "receive (unpickle)"),
    ("etl.pipeline", "to_record", "to_record"),
    ("etl.pipeline", "_BatchStore.flush", "store batch (other)"),
    ("etl.store.batch", "_known", "store: known sha/years"),
    ("etl.store.batch", "_append", "store: append rows"),
    ("etl.store.batch", "insert_findings", "store: findings"),
    ("etl.store.batch", "_load", "store: decided one by one"),
    ("etl.store.prose", "insert", "store: prose"),
    ("etl.store.crossyear", "recompute_organs", "store: R5 per organ"),
    ("etl.store.publish.Writer", "__enter__", "open working file"),
    ("etl.store.publish.Writer", "publish", "publish (other)"),
    ("etl.store.publish", "copy_atomically", "publish: copy file"),
    ("etl.store.publish", "wide.refresh", "publish: report_wide"),
    ("etl.store.publish", "refresh_agencies", "publish: agencies"),
    ("etl.store.publish", "rollup.build", "final: rollup"),
    ("etl.store.publish", "copyscreen.refresh", "final: copy screening"),
    ("etl.store.publish", "copyscreen.stale_years", "final: stale years"),
    ("etl.store.publish.Writer", "__exit__", "close (other)"),
    ("etl.pipeline", "_manifest_rosters", "manifest rosters"),
]


class Clock:
    """Exclusive main-thread CPU and wall seconds per phase (nested phases subtract)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.inclusive: dict[str, float] = defaultdict(float)
        self.stack: list[list[float]] = []  # [child cpu] per open phase

    def wrap(self, name: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            label = name
            if name == "publish (other)" and kwargs.get("final"):
                label = "final publish (other)"
            self.stack.append([0.0])
            start = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.thread_time() - start
                children = self.stack.pop()[0]
                self.cpu[label] += spent - children
                self.calls[label] += 1
                self.inclusive[label] += spent
                if self.stack:
                    self.stack[-1][0] += spent

        return timed


def _resolve(module: str, attr: str):
    """(owner object, final attribute name) of ``module``:``attr`` (dots inside attr)."""
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        with contextlib.suppress(ImportError):
            owner = importlib.import_module(".".join(parts[:i]))
            for p in parts[i:]:
                owner = getattr(owner, p)
            break
    *path, last = attr.split(".")
    for p in path:
        owner = getattr(owner, p)
    return owner, last


def instrument(clock: Clock) -> None:
    """Wrap every phase of ``PHASES`` in ``clock`` (modules that are missing are skipped)."""
    for module, attr, name in PHASES:
        try:
            owner, last = _resolve(module, attr)
        except (ImportError, AttributeError):
            continue
        setattr(owner, last, clock.wrap(name, getattr(owner, last)))


def _children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def worker_startup_cpu() -> float:
    """CPU seconds of starting one reader worker and stopping it (its imports)."""
    from etl.worker import ReaderProcess

    before = _children()
    w = ReaderProcess()
    w.start()
    w.close()
    return _children() - before


def profile(
    folder: Path, jobs: int | None, scheduler: str | None = None, every: int | None = None
) -> dict:
    """One ingest of ``folder`` into a fresh database, instrumented (``every``: publish
    every so many changes and never by the clock, so runs under any load compare)."""
    from etl.pipeline import IngestOptions, ingest, iter_files

    clock = Clock()
    instrument(clock)
    n = sum(1 for _ in iter_files([folder]))
    opts = IngestOptions(jobs=jobs, scheduler=scheduler)
    if every is not None:
        opts = replace(opts, publish_every=every, publish_seconds=1e9)
    with tempfile.TemporaryDirectory() as tmp:
        load = os.getloadavg()[0]
        cpu0, main0, kids0 = time.process_time(), time.thread_time(), _children()
        wall0 = time.perf_counter()
        ingest([folder], Path(tmp) / "p.duckdb", options=opts)
        wall = time.perf_counter() - wall0
        main = time.thread_time() - main0
        proc = time.process_time() - cpu0
        kids = _children() - kids0
    return {
        "n": n,
        "wall": wall,
        "load": (load, os.getloadavg()[0]),
        "main": main,
        "threads": proc - main,
        "workers": kids,
        "phases": dict(clock.cpu),
        "calls": dict(clock.calls),
        # the serial tail: closing the writer (the final publication), no worker parses then
        "tail": clock.inclusive.get("close (other)", 0.0),
    }


def show(label: str, r: dict, startup: float) -> None:
    n = r["n"]
    print(
        f"\n{label}: {n} files, wall {r['wall']:.1f} s ({n / r['wall']:.1f} files/s), "
        f"load {r['load'][0]:.1f} → {r['load'][1]:.1f}"
    )
    parse = r["workers"]
    print(
        f"  workers CPU {parse:6.2f} s  ({(parse - startup) / n * 1000:.1f} ms/file net of start-up)"
    )
    print(f"  writer main thread CPU {r['main']:6.2f} s ({r['main'] / n * 1000:.1f} ms/file)")
    print(f"  writer side threads CPU {r['threads']:5.2f} s (DuckDB threads, worker start-up)")
    accounted = 0.0
    for name, cpu in sorted(r["phases"].items(), key=lambda kv: -kv[1]):
        accounted += cpu
        calls = r["calls"][name]
        print(f"    {name:<28}{cpu:7.2f} s {cpu / n * 1000:7.2f} ms/file {calls:6} calls")
    print(f"    {'(loop, elsewhere)':<28}{r['main'] - accounted:7.2f} s")
    print(f"  serial tail (closing: final publication) {r['tail']:.2f} s CPU")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--dask", action="store_true", help="also a local Dask cluster of 2 workers")
    ap.add_argument(
        "--publish-every",
        type=int,
        default=None,
        help="publish every N changes and never by the clock (default: the settings')",
    )
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    startup = worker_startup_cpu()
    print(f"one worker's start-up: {startup:.2f} s CPU")
    results = {}
    for jobs in args.jobs:
        r = results[jobs] = profile(args.folder, jobs, every=args.publish_every)
        show(f"--jobs {jobs}", r, startup * jobs)
    if args.dask:
        from distributed import LocalCluster

        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            r = profile(args.folder, None, cluster.scheduler_address, args.publish_every)
        show("Dask, 2 local workers (their CPU not counted)", r, 0.0)
    if 1 in results:
        one = results[1]
        p = one["workers"] - startup
        w = one["main"] + one["threads"]
        tail = one["tail"]
        # one worker: the parse is the critical path, the writer runs beside it on the
        # other core; the final publication (tail) follows. Two: all CPU shared by 2 cores.
        t1 = max(p, w - tail) + tail
        t2 = max((p + startup + w - tail) / 2, (w - tail)) + tail
        print(
            f"\npredicted from CPU (2 cores, no other load): --jobs 1 {t1:.1f} s, "
            f"2 workers {t2:.1f} s → {t1 / t2:.2f}×  (P {p:.1f} s, W {w:.1f} s, tail {tail:.1f} s)"
        )
        for jobs, r in results.items():
            if jobs != 1:
                # What N workers cost beyond one worker's CPU (the further workers' start-up and
                # first-use tables, their sharing of caches): measured, so the prediction does
                # not assume one start-up for all (load inflates it somewhat).
                extra = r["workers"] - one["workers"]
                t2n = max((p + startup + extra + w - tail) / 2, (w - tail)) + tail
                print(
                    f"with the {jobs} workers' measured extra CPU ({extra:+.2f} s): "
                    f"{t2n:.1f} s → {t1 / t2n:.2f}×"
                )
                print(f"measured wall: --jobs {jobs} {one['wall'] / r['wall']:.2f}× --jobs 1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
