"""Parse on every core: several reader workers feeding the one writer.

``ReaderPool`` has the interface of ``etl.worker.ReaderProcess`` (``submit``,
``collect``, ``close``, ``restarts``) over ``jobs`` such workers, each a separate
process with its own timeout and memory cap. Jobs go to the worker with the
shortest queue; outcomes come back in submission order, so the writer stores
files in the same order whatever the number of workers, and the database is the
same as with one worker. ``depth`` tells the ingest loop how many jobs to keep
in flight so no worker waits for the writer.
"""

from __future__ import annotations

import os
import threading
from collections import deque

from etl.worker import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, ParseJob, ParseOutcome, ReaderProcess


def default_jobs() -> int:
    """The number of cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class ReaderPool:
    """``jobs`` reader worker processes behind one submit/collect queue."""

    def __init__(
        self, jobs: int, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB
    ):
        if jobs < 1:
            raise ValueError("--jobs must be at least 1")
        self.workers = [ReaderProcess(timeout, memory_mb) for _ in range(jobs)]
        self.depth = 2 * jobs - 1 if jobs > 1 else 1
        self._order: deque[tuple[ReaderProcess, int]] = deque()
        self._queued = [0] * jobs
        self._started = False

    @property
    def restarts(self) -> int:
        """Workers started again after a timeout or crash, over all workers."""
        return sum(w.restarts for w in self.workers)

    def _start_all(self) -> None:
        """Start every worker at once (each start is mostly waiting for imports)."""
        self._started = True
        errors: list[BaseException] = []

        def start(worker: ReaderProcess) -> None:
            try:
                worker.start()
            except BaseException as exc:  # re-raised below, in the caller's thread
                errors.append(exc)

        threads = [threading.Thread(target=start, args=(w,)) for w in self.workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]

    def submit(self, job: ParseJob) -> None:
        """Queue a job on the least busy worker."""
        if not self._started:
            self._start_all()
        i = min(range(len(self.workers)), key=self._queued.__getitem__)
        self.workers[i].submit(job)
        self._queued[i] += 1
        self._order.append((self.workers[i], i))

    def collect(self) -> ParseOutcome:
        """The outcome of the oldest submitted job (a timeout or crash becomes a rejection)."""
        worker, i = self._order.popleft()
        self._queued[i] -= 1
        return worker.collect()

    def close(self) -> None:
        """Stop every worker."""
        self._order.clear()
        for w in self.workers:
            w.close()

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
