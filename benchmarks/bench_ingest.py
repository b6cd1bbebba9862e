"""Benchmark ``ingest``: files per second, the reader worker's overhead, publication cost.

    python benchmarks/bench_ingest.py            # 200 generated text reports, 3 rounds
    python benchmarks/bench_ingest.py --files 1000 --rounds 1

Figures printed (median of the rounds):
- ms per file for a fresh database, parsing in-process (``isolate=False``) and in the
  worker process with timeouts (the default), and the difference per file;
- the worker's start-up time (paid once per batch and after each timeout or crash);
- the round trip of one small job through the worker against parsing it in-process;
- the time of one snapshot publication (checkpoint, copy, fsync, rename) for that database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.parse import ParseJob, parse_job  # noqa: E402
from etl.pipeline import IngestOptions, ingest  # noqa: E402
from etl.store.publish import Writer  # noqa: E402
from etl.worker import ReaderProcess  # noqa: E402
from tests.hostile.make_hostile import report_text  # noqa: E402

DIGITS = "零一二三四五六七八九"


def make_corpus(folder: Path, n: int) -> None:
    """``n`` distinct consistent 2021-template reports as text files."""
    for i in range(n):
        name = "测试市" + "".join(DIGITS[int(d)] for d in str(i)) + "号局"
        (folder / f"r{i:05}.txt").write_text(report_text(name, 2024), encoding="utf-8")


def time_ingest(folder: Path, n: int, *, isolate: bool, rounds: int) -> float:
    """Median ms per file of a whole ingest into a fresh database."""
    runs = []
    for r in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / f"bench{r}.duckdb"
            start = time.perf_counter()
            summary = ingest([folder], db, options=IngestOptions(isolate=isolate))
            runs.append((time.perf_counter() - start) / n * 1000)
            assert len(summary.loaded) == n, summary.line()
    return statistics.median(runs)


def time_round_trip(path: Path, m: int = 200) -> tuple[float, float, float]:
    """(worker start-up s, ms per job through the worker, ms per job in-process)."""
    job = ParseJob(str(path), 200 << 20, 512 << 20)
    with ReaderProcess() as worker:
        worker.run(job)  # start-up, and the first parse warms the caches
        start = time.perf_counter()
        for _ in range(m):
            worker.run(job)
        through = (time.perf_counter() - start) / m * 1000
        startup = worker.startup_seconds
    parse_job(job)
    start = time.perf_counter()
    for _ in range(m):
        parse_job(job)
    inline = (time.perf_counter() - start) / m * 1000
    return startup, through, inline


def time_publish(folder: Path) -> tuple[float, float]:
    """(seconds for one publication, database size in MB) after loading ``folder``."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "pub.duckdb"
        ingest([folder], db, options=IngestOptions(isolate=False))
        with Writer(db) as writer:
            start = time.perf_counter()
            writer.publish()
            seconds = time.perf_counter() - start
        return seconds, db.stat().st_size / 2**20


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per figure."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        make_corpus(folder, args.files)
        inline = time_ingest(folder, args.files, isolate=False, rounds=args.rounds)
        isolated = time_ingest(folder, args.files, isolate=True, rounds=args.rounds)
        startup, through, in_process = time_round_trip(next(folder.iterdir()))
        publish, size = time_publish(folder)
    print(f"files                          {args.files} text reports (2021 template)")
    print(f"ingest, in-process parsing     {inline:7.1f} ms/file  ({1000 / inline:5.1f} files/s)")
    print(
        f"ingest, worker with timeout    {isolated:7.1f} ms/file  ({1000 / isolated:5.1f} files/s)"
    )
    print(f"  difference per file          {isolated - inline:+7.1f} ms (start-up amortised)")
    print(f"worker start-up                {startup * 1000:7.0f} ms (once per batch and restart)")
    print(f"one job through the worker     {through:7.1f} ms vs {in_process:.1f} ms in-process")
    print(f"publish one snapshot           {publish * 1000:7.0f} ms for a {size:.1f} MB database")
    return 0


if __name__ == "__main__":
    sys.exit(main())
