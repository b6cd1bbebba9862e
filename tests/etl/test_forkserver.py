"""Workers forked from the warm process: the same outcomes, limits and clean-up as spawned ones."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from etl import forkserver
from etl.parse import READERS, ParseJob
from etl.pool import ReaderPool
from etl.worker import DEFAULT_MEMORY_MB, ReaderProcess
from tests.hostile.make_hostile import report_text

pytestmark = pytest.mark.skipif(not forkserver.available(), reason="forking is Linux only")


def _report(tmp_path, name="测试市甲局"):
    path = tmp_path / f"{name}.txt"
    path.write_text(report_text(name, 2022), encoding="utf-8")
    return path


def _gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not forkserver._running(pid):
            return True
        time.sleep(0.05)
    return False


def test_pool_workers_are_forked_and_parse_as_a_spawned_worker_does(tmp_path):
    path = _report(tmp_path)
    job = ParseJob(str(path), 1 << 24, 1 << 24, store_form=True)
    with ReaderProcess(timeout=60) as spawned:
        want = spawned.run(job)
    with ReaderPool(2, timeout=60, suffixes={".txt"}) as pool:
        for _ in range(4):
            pool.submit(job)
        got = [pool.collect() for _ in range(4)]
        procs = [w._proc for w in pool.workers]
        assert all(isinstance(p, forkserver.ForkedProcess) for p in procs)
        assert len({p.pid for p in procs}) == 2
        server_pid = pool.server._proc.pid
        # forked from the warm process: its children, with their own address-space cap
        for p in procs:
            stat = Path(f"/proc/{p.pid}/stat").read_text()
            assert int(stat.rsplit(")", 1)[1].split()[1]) == server_pid
            limits = Path(f"/proc/{p.pid}/limits").read_text()
            line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
            assert str(DEFAULT_MEMORY_MB * 1024 * 1024) in line
    assert want.report is not None
    for o in got:
        assert o.report is not None and o.report.meta == want.report.meta
        assert o.stored is not None and want.stored is not None
        assert list(o.stored.values) == list(want.stored.values)
        assert o.report.findings == want.report.findings
    for p in procs:
        assert p.returncode == 0  # told to finish, they exited by themselves
    assert _gone(server_pid)


def test_a_killed_forked_worker_is_a_crash_and_the_next_file_gets_a_fresh_one(tmp_path):
    path = _report(tmp_path)
    job = ParseJob(str(path), 1 << 24, 1 << 24)
    with ReaderPool(1, timeout=60, suffixes={".txt"}) as pool:
        pool.submit(job)
        assert pool.collect().report is not None
        first = pool.workers[0]._proc
        first.kill()
        assert first.wait(30) == -9  # its exit status, told by the server that reaped it
        pool.submit(job)
        assert pool.collect().report is not None  # a fresh worker, forked again
        assert pool.workers[0]._proc.pid != first.pid


def test_a_hung_forked_worker_is_timed_out(tmp_path):
    slow = tmp_path / "slow.busy"
    slow.write_text("x", encoding="utf-8")
    readers = {**READERS, ".busy": ("tests.hostile.slow_reader", "read_busily")}
    with ReaderPool(1, timeout=2, suffixes={".txt"}) as pool:
        pool.submit(ParseJob(str(slow), 1 << 24, 1 << 24, readers))
        pool.submit(ParseJob(str(_report(tmp_path)), 1 << 24, 1 << 24))
        hung, good = pool.collect(), pool.collect()
        assert pool.restarts == 1
    assert hung.kind == "timeout" and good.report is not None


def test_the_server_stops_its_workers_when_the_writer_goes(tmp_path):
    server = forkserver.ForkServer({".txt"})
    worker = ReaderProcess(timeout=60, server=server)
    worker.start()
    pid, server_pid = worker._proc.pid, server._proc.pid
    assert forkserver._running(pid)
    server._sock.close()  # as when the writer dies: the server kills what it forked, exits
    server._sock = None
    assert _gone(pid) and _gone(server_pid)
    server._proc.wait(30)
    worker._proc = None
    worker.close()


def test_workers_start_as_subprocesses_when_the_server_cannot(tmp_path):
    server = forkserver.ForkServer({".txt"})
    server._failed = True  # as when it could not start
    with ReaderProcess(timeout=60, server=server) as worker:
        assert worker.run(ParseJob(str(_report(tmp_path)), 1 << 24, 1 << 24)).report is not None
        assert not isinstance(worker._proc, forkserver.ForkedProcess)
