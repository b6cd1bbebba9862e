"""Parse on a Dask cluster when the files outgrow one machine.

``DaskReader`` has the interface of ``etl.worker.ReaderProcess`` (``submit``,
``collect``, ``close``, ``restarts``): ``xxgk ingest --scheduler tcp://host:8786``
(or ``XXGK_SCHEDULER``) sends each file's bytes to the cluster (``BATCH`` files a task,
so the per-task cost of Dask is shared), together with the
manifest row and rename list found beside it here, so workers need no shared file
system, only ``pip install xxgk``. On the worker the bytes are written to a
private temporary folder and parsed in that worker's own reader process, with the
same timeout and memory cap as a local ingest; the parsed report streams back and
the one local writer stores it. Outcomes are collected in submission order, so the
database is the same as a local ingest's.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Any

from etl.readers.base import ReadError
from etl.worker import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, ParseJob, ParseOutcome

ENV_VAR = "XXGK_SCHEDULER"

_idle: list = []  # reader processes of this Dask worker not parsing right now
_idle_lock = threading.Lock()


def _take_reader(timeout: float, memory_mb: int):
    """A started reader process of this worker process (one per task running at once).

    Dask runs tasks on short-lived threads, so readers are pooled per process, not per
    thread: each task borrows one and gives it back, and no task pays a reader's start-up
    after the first.
    """
    from etl.worker import ReaderProcess

    with _idle_lock:
        for i, reader in enumerate(_idle):
            if (reader.timeout, reader.memory_mb) == (timeout, memory_mb):
                return _idle.pop(i)
    return ReaderProcess(timeout, memory_mb)


def _give_back(reader) -> None:
    with _idle_lock:
        _idle.append(reader)


def parse_remote(job: ParseJob, data: bytes, timeout: float, memory_mb: int) -> ParseOutcome:
    """Runs on a Dask worker: parse one file's bytes in a local reader process."""
    return parse_remote_many([(job, data)], timeout, memory_mb)[0]


def parse_remote_many(
    items: list[tuple[ParseJob, bytes]], timeout: float, memory_mb: int
) -> list[ParseOutcome]:
    """Runs on a Dask worker: parse several files' bytes, in order, queued at once on one
    local reader process (each file in its own folder under its own name)."""
    folder = Path(tempfile.mkdtemp(prefix="xxgk-"))
    try:
        local_jobs = []
        for i, (job, data) in enumerate(items):
            (folder / str(i)).mkdir()
            local = folder / str(i) / Path(job.source_path or job.path).name
            local.write_bytes(data)
            local_jobs.append(replace(job, path=str(local)))
        reader = _take_reader(timeout, memory_mb)
        try:
            for local_job in local_jobs:
                reader.submit(local_job)
            outcomes = [reader.collect() for _ in local_jobs]
        except BaseException:
            reader.close()  # its queue no longer matches what it was sent
            raise
        _give_back(reader)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for (job, _), outcome in zip(items, outcomes, strict=True):
        outcome.path = job.source_path or job.path
    return outcomes


#: Files sent in one Dask task. A task costs the scheduler, the client and the worker a few
#: milliseconds of processor time each, a tenth of a small file's parse; eight files share it.
BATCH = 8


class _Chunk:
    """Files sent to the cluster in one task, and what came back."""

    def __init__(self) -> None:
        self.items: list[tuple[ParseJob, bytes]] = []
        self.future: Any = None  # the task (a distributed.Future), once sent
        self.outcomes: list[ParseOutcome] | None = None
        self.parts: list[_Chunk] | None = None  # one chunk per file after the task failed


class DaskReader:
    """Parse jobs on the Dask cluster behind ``address``, ``BATCH`` files a task."""

    def __init__(
        self,
        address: str,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
        batch: int = BATCH,
    ):
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise RuntimeError("parsing on a cluster needs 'dask[distributed]'") from exc
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.batch = max(1, batch)
        try:
            self.client = Client(address, timeout="10s")
        except OSError as exc:
            raise RuntimeError(f"cannot reach the Dask scheduler at {address} ({exc})") from exc
        threads = sum(self.client.nthreads().values()) or 1
        self.depth = max(2, 2 * threads) * self.batch  # two tasks queued a worker thread
        self._queue: deque = deque()
        self._open = _Chunk()
        self.restarts = 0

    def submit(self, job: ParseJob) -> None:
        """Add the file's bytes and context to the next task (sent when it is full)."""
        from etl.parse import file_context, rejection_kind

        path = Path(job.path)
        try:
            data = path.read_bytes()
            context = file_context(path)
        except (OSError, ReadError) as exc:
            kind = rejection_kind(exc) if isinstance(exc, ReadError) else "unreadable"
            self._queue.append(ParseOutcome(job.path, kind=kind, reason=str(exc)))
            return
        chunk = self._open
        chunk.items.append((replace(job, source_path=str(path), context=context), data))
        self._queue.append((job, chunk, len(chunk.items) - 1))
        if len(chunk.items) >= self.batch:
            self._send(chunk)

    def _send(self, chunk: _Chunk) -> None:
        if chunk is self._open:
            self._open = _Chunk()
        chunk.future = self.client.submit(
            parse_remote_many, chunk.items, self.timeout, self.memory_mb, pure=False
        )

    def collect(self) -> ParseOutcome:
        """The outcome of the oldest job; a lost worker or task error becomes a rejection
        (of that file alone: a failed task's files are sent again one a task)."""
        item = self._queue.popleft()
        if isinstance(item, ParseOutcome):
            return item
        job, chunk, i = item
        if chunk.future is None:
            self._send(chunk)  # the writer waits for it: send what there is
        if chunk.outcomes is None and chunk.parts is None:
            try:
                chunk.outcomes = chunk.future.result()
            except Exception as exc:
                if len(chunk.items) == 1:
                    return self._failed(job, exc)
                chunk.parts = []
                for one in chunk.items:
                    part = _Chunk()
                    part.items.append(one)
                    self._send(part)
                    chunk.parts.append(part)
        if chunk.parts is not None:
            part = chunk.parts[i]
            if part.outcomes is None:
                try:
                    part.outcomes = part.future.result()
                except Exception as exc:
                    return self._failed(job, exc)
            return part.outcomes[0]
        assert chunk.outcomes is not None
        return chunk.outcomes[i]

    def _failed(self, job: ParseJob, exc: Exception) -> ParseOutcome:
        from distributed import KilledWorker

        if isinstance(exc, KilledWorker):
            self.restarts += 1
            reason = "the cluster's workers died repeatedly while reading the file"
            return ParseOutcome(job.path, kind="crash", reason=reason)
        reason = f"the cluster could not parse the file ({type(exc).__name__}: {exc})"
        return ParseOutcome(job.path, kind="reader_error", reason=reason)

    def close(self) -> None:
        """Cancel what is still queued and disconnect."""
        futures = {
            id(c.future): c.future
            for item in self._queue
            if isinstance(item, tuple)
            for c in [item[1], *(item[1].parts or [])]
            if c.future is not None
        }
        self._queue.clear()
        if futures:
            self.client.cancel(list(futures.values()))
        self.client.close()
