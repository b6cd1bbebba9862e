"""Ingest on several cores: the same database as one worker, whatever the order parses end in."""

from __future__ import annotations

import array
import fcntl
import os
import termios
import time
from pathlib import Path

import pytest

from etl.demo.corpus import build_demo
from etl.pipeline import READERS, IngestOptions, ingest
from etl.pool import ReaderPool, default_jobs
from etl.store.schema import open_read_only
from etl.worker import ParseJob, ReaderProcess
from tests.etl.db_contents import assert_same_contents
from tests.hostile.make_hostile import report_text


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> Path:
    """A small demo region: every format, copies, newer and older versions, renames."""
    root = tmp_path_factory.mktemp("pool")
    build_demo(root / "out", root / "built.duckdb", 2024, sample=1, real_dir=None)
    out = root / "out"
    (out / "2020" / "坏文件.pdf").write_bytes(b"%PDF-1.4 not really")
    versions = out / "versions"
    versions.mkdir()
    name = "测试市版本局"
    for file, licensing, mtime in (("a_new.txt", 200, 1.5e9), ("b_old.txt", 100, 1e9)):
        (versions / file).write_text(report_text(name, 2022, licensing=licensing), "utf-8")
        os.utime(versions / file, (mtime, mtime))
    (versions / "c_newest.txt").write_text(report_text(name, 2022, licensing=300), "utf-8")
    copy = report_text(name, 2022, licensing=300) + "\n（完）\n"
    (versions / "d_copy.md").write_text(copy, "utf-8")
    return out


@pytest.fixture(scope="module")
def one_worker(demo_files, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("one") / "one.duckdb"
    summary = ingest([demo_files], db, options=IngestOptions(jobs=1))
    assert summary.loaded and summary.rejected and summary.replaced
    assert summary.copies and summary.older
    return db


def test_two_workers_store_what_one_worker_stores(demo_files, one_worker, tmp_path):
    db = tmp_path / "two.duckdb"
    summary = ingest([demo_files], db, options=IngestOptions(jobs=2, publish_every=7))
    assert summary.loaded
    assert_same_contents(one_worker, db)


def test_the_default_uses_every_core(demo_files, tmp_path):
    db = tmp_path / "default.duckdb"
    ingest([demo_files], db)
    con = open_read_only(db)
    try:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] > 10
    finally:
        con.close()
    assert default_jobs() >= 1


def test_outcomes_come_back_in_submission_order(tmp_path):
    paths = []
    for i in range(7):
        p = tmp_path / f"r{i}.txt"
        p.write_text(report_text(f"测试市第{i}局", 2022), encoding="utf-8")
        paths.append(str(p))
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    paths.insert(3, str(bad))
    with ReaderPool(3, timeout=60) as pool:
        for p in paths:
            pool.submit(ParseJob(p, 1 << 24, 1 << 24))
        outcomes = [pool.collect() for _ in paths]
        assert len({w._proc.pid for w in pool.workers}) == 3
    assert [o.path for o in outcomes] == paths
    assert outcomes[3].report is None and outcomes[3].kind == "empty"
    assert all(o.report is not None for i, o in enumerate(outcomes) if i != 3)


def test_a_hung_file_times_out_without_stopping_the_others(tmp_path):
    slow = tmp_path / "slow.slow"
    slow.write_text("x", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(report_text("测试市甲局", 2022), encoding="utf-8")
    readers = {**READERS, ".slow": ("tests.hostile.slow_reader", "read_slowly")}
    with ReaderPool(2, timeout=4) as pool:  # good files in fresh workers: seconds at load 20
        for p in (slow, good, good):
            pool.submit(ParseJob(str(p), 1 << 24, 1 << 24, readers))
        first, second, third = (pool.collect() for _ in range(3))
        assert pool.restarts == 1
    assert first.kind == "timeout"
    assert second.report is not None and third.report is not None


def _waiting_bytes(worker: ReaderProcess) -> int:
    """Bytes of answers the worker has written and the writer not yet read."""
    buf = array.array("i", [0])
    fcntl.ioctl(worker._inbox.fileno(), termios.FIONREAD, buf)
    return buf[0]


def test_a_worker_runs_ahead_of_a_busy_writer(tmp_path):
    """Parsed reports (~40 KB each) wait in the result pipe: a worker does not stop after
    one answer while the writer stores a batch or publishes (the pool keeps 8 jobs a worker)."""
    paths = []
    for i in range(6):
        p = tmp_path / f"r{i}.txt"
        p.write_text(report_text(f"测试市第{i}局", 2022), encoding="utf-8")
        paths.append(str(p))
    with ReaderProcess(timeout=60) as worker:
        for p in paths:
            worker.submit(ParseJob(p, 1 << 24, 1 << 24, store_form=True))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _waiting_bytes(worker) < 6 * 20_000:
            time.sleep(0.2)
        assert _waiting_bytes(worker) >= 6 * 20_000  # every answer is written, none read
        outcomes = [worker.collect() for _ in paths]
    assert [o.path for o in outcomes] == paths
    assert all(o.report is not None for o in outcomes)


def test_workers_start_before_the_first_file_and_stop_after_the_last(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(report_text("测试市甲局", 2022), encoding="utf-8")
    pool = ReaderPool(2, timeout=60)
    try:
        pool.start_soon()  # returns at once; the workers import while the caller goes on
        pool.submit(ParseJob(str(good), 1 << 24, 1 << 24))
        procs = [w._proc for w in pool.workers]
        assert all(p is not None and p.poll() is None for p in procs)
        assert pool.collect().report is not None
        pool.finish()  # no more jobs: both exit by themselves, close() need not kill them
        for p in procs:
            p.wait(60)
        assert [p.returncode for p in procs] == [0, 0]
    finally:
        pool.close()
