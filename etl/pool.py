"""Parse on every core: several reader workers feeding the one writer.

``ReaderPool`` has the interface of ``etl.worker.ReaderProcess`` (``submit``,
``collect``, ``close``, ``restarts``) over ``jobs`` such workers, each a separate
process with its own timeout and memory cap. Jobs go to the worker with the
shortest queue; outcomes come back in submission order, so the writer stores
files in the same order whatever the number of workers, and the database is the
same as with one worker. ``depth`` tells the ingest loop how many jobs to keep
in flight so no worker waits for the writer: ``AHEAD`` a worker, whose answers wait
in a widened result pipe while the writer stores a batch or publishes (with two
jobs a worker, both workers sat idle through every batch write and publication).
The workers start while the writer opens the database (``start_soon``) and are
told to exit as soon as the last file is parsed (``finish``), not after the final
publication. On Linux they are forked from one warm process (``etl.forkserver``), so
the imports and first-use tables are paid once, not once per worker.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable

from etl import forkserver
from etl.worker import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, ParseJob, ParseOutcome, ReaderProcess

#: Jobs queued per worker: enough for a worker to keep parsing while the writer stores a
#: batch or publishes a snapshot (outcomes wait in the result pipe, ``etl.proctree.PIPE_BYTES``).
AHEAD = 8


def default_jobs() -> int:
    """The number of cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class ReaderPool:
    """``jobs`` reader worker processes behind one submit/collect queue."""

    def __init__(
        self,
        jobs: int,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
        suffixes: Iterable[str] | None = None,
    ):
        """``suffixes``: the kinds of files to come, whose readers the warm process imports
        (None: every reader but OCR's)."""
        if jobs < 1:
            raise ValueError("--jobs must be at least 1")
        if suffixes is None:
            from etl.parse import READERS

            suffixes = READERS
        self.server = forkserver.ForkServer(suffixes) if forkserver.available() else None
        self.workers = [ReaderProcess(timeout, memory_mb, self.server) for _ in range(jobs)]
        self.depth = AHEAD * jobs - 1
        self._order: deque[tuple[ReaderProcess, int]] = deque()
        self._queued = [0] * jobs
        self._started = False

    @property
    def restarts(self) -> int:
        """Workers started again after a timeout or crash, over all workers."""
        return sum(w.restarts for w in self.workers)

    def start_soon(self) -> None:
        """Start every worker at once, each on a side thread (each start is mostly its
        imports), and return: the first ``submit`` waits for them."""
        self._started = True
        if self.server is not None:
            self.server.start_soon()
        for w in self.workers:
            w.start_soon()

    def submit(self, job: ParseJob) -> None:
        """Queue a job on the least busy worker."""
        if not self._started:
            self.start_soon()
        i = min(range(len(self.workers)), key=self._queued.__getitem__)
        self.workers[i].submit(job)
        self._queued[i] += 1
        self._order.append((self.workers[i], i))

    def collect(self) -> ParseOutcome:
        """The outcome of the oldest submitted job (a timeout or crash becomes a rejection)."""
        worker, i = self._order.popleft()
        self._queued[i] -= 1
        return worker.collect()

    def finish(self) -> None:
        """No more jobs: every worker exits once its queue is answered (see ``close``)."""
        for w in self.workers:
            w.finish()

    def close(self) -> None:
        """Stop every worker (all asked first, so they exit together)."""
        self._order.clear()
        self.finish()
        for w in self.workers:
            w.close()
        if self.server is not None:
            self.server.close()

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
