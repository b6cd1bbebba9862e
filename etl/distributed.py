"""Parse on a Dask cluster when the files outgrow one machine.

``DaskReader`` has the interface of ``etl.worker.ReaderProcess`` (``submit``,
``collect``, ``close``, ``restarts``): ``xxgk ingest --scheduler tcp://host:8786``
(or ``XXGK_SCHEDULER``) sends each file's bytes to the cluster, together with the
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
    folder = Path(tempfile.mkdtemp(prefix="xxgk-"))
    try:
        local = folder / Path(job.source_path or job.path).name
        local.write_bytes(data)
        reader = _take_reader(timeout, memory_mb)
        try:
            outcome = reader.run(replace(job, path=str(local)))
        finally:
            _give_back(reader)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    outcome.path = job.source_path or job.path
    return outcome


class DaskReader:
    """Parse jobs on the Dask cluster behind ``address``."""

    def __init__(
        self, address: str, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB
    ):
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise RuntimeError("parsing on a cluster needs 'dask[distributed]'") from exc
        self.timeout = timeout
        self.memory_mb = memory_mb
        try:
            self.client = Client(address, timeout="10s")
        except OSError as exc:
            raise RuntimeError(f"cannot reach the Dask scheduler at {address} ({exc})") from exc
        threads = sum(self.client.nthreads().values()) or 1
        self.depth = max(2, 2 * threads)
        self._queue: deque = deque()
        self.restarts = 0

    def submit(self, job: ParseJob) -> None:
        """Send the file's bytes and context to the cluster."""
        from etl.parse import file_context, rejection_kind

        path = Path(job.path)
        try:
            data = path.read_bytes()
            context = file_context(path)
        except (OSError, ReadError) as exc:
            kind = rejection_kind(exc) if isinstance(exc, ReadError) else "unreadable"
            self._queue.append(ParseOutcome(job.path, kind=kind, reason=str(exc)))
            return
        remote = replace(job, source_path=str(path), context=context)
        future = self.client.submit(
            parse_remote, remote, data, self.timeout, self.memory_mb, pure=False
        )
        self._queue.append((job, future))

    def collect(self) -> ParseOutcome:
        """The outcome of the oldest job; a lost worker or task error becomes a rejection."""
        item = self._queue.popleft()
        if isinstance(item, ParseOutcome):
            return item
        job, future = item
        try:
            return future.result()
        except Exception as exc:
            from distributed import KilledWorker

            if isinstance(exc, KilledWorker):
                self.restarts += 1
                reason = "the cluster's workers died repeatedly while reading the file"
                return ParseOutcome(job.path, kind="crash", reason=reason)
            reason = f"the cluster could not parse the file ({type(exc).__name__}: {exc})"
            return ParseOutcome(job.path, kind="reader_error", reason=reason)

    def close(self) -> None:
        """Cancel what is still queued and disconnect."""
        futures = [item[1] for item in self._queue if isinstance(item, tuple)]
        self._queue.clear()
        if futures:
            self.client.cancel(futures)
        self.client.close()
