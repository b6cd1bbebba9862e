"""Read and parse files in a persistent child process, with a per-file timeout.

A hostile file can hang a reader (pathological regular expressions, PDFs with
millions of glyphs), exhaust memory or crash a C library. ``ingest`` therefore
hands each file to one long-lived worker process (a fresh ``python -m etl.worker``,
so it shares no DuckDB handle or thread with the writer) and waits at most
``timeout`` seconds for the answer. A worker that overruns is killed and a
fresh one is started for the next file; one that dies is reported as a crash.
The worker caps its own address space and exits when its parent disappears.

The timeout counts the worker's processor time, not the clock on the wall: on a
machine busy with other work a file gets the same budget as on a quiet one, so
whether it is read does not depend on the load (a file that cost PDFium 7 s of
CPU was timed out at 30 s under load 20). A reader blocked without working (a
sleep, a lock) is still stopped, after ``WALL_FACTOR`` times the budget.

The parse step itself (``etl.parse.parse_job``) knows nothing of processes;
``InlineReader`` runs it in this process with the same interface.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from etl import budget
from etl.parse import ParseJob, ParseOutcome, parse_job
from etl.proctree import cpu_seconds, descendants, widen
from etl.settings import SETTINGS

if TYPE_CHECKING:
    from etl.forkserver import ForkedProcess, ForkServer

DEFAULT_TIMEOUT = SETTINGS.timeout_s
DEFAULT_MEMORY_MB = SETTINGS.memory_mb
MORE_TIME = "more_time"  # a reader's request for more time (etl.budget), worker → parent
#: A file is stopped after this many times its budget on the wall clock, used or not.
WALL_FACTOR = 4


def _watch_parent(ppid: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != ppid:
            os._exit(1)


def serve(
    read_fd: int, write_fd: int, ppid: int, memory_mb: int, timeout: float | None = None
) -> None:  # pragma: no cover
    """The worker loop: receive a job, send its outcome; exit on EOF or parent death.

    While a job runs, the reader may ask for more time (an OCR page, see
    :mod:`etl.budget`): the request goes to the parent as ``("more_time", s)``
    ahead of the job's outcome.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_watch_parent, args=(ppid,), daemon=True).start()
    if memory_mb:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import etl.parse  # noqa: F401 - import once, before the first job's clock starts

    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    outbox.send("ready")
    while True:
        try:
            job = inbox.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        budget.begin(timeout, lambda s: outbox.send((MORE_TIME, s)))
        outbox.send(parse_job(job))


class InlineReader:
    """The same interface as ReaderProcess, parsing in this process (no timeout)."""

    def __init__(self) -> None:
        self._queue: deque[ParseJob] = deque()
        self.restarts = 0

    def submit(self, job: ParseJob) -> None:
        """Queue a job."""
        self._queue.append(job)

    def collect(self) -> ParseOutcome:
        """Parse the oldest queued job now."""
        return parse_job(self._queue.popleft())

    def close(self) -> None:
        """Nothing to stop."""
        self._queue.clear()


class ReaderProcess:
    """One persistent worker; ``run`` parses a file in it or reports why it could not.

    The worker is a plain ``python -m etl.worker`` subprocess talking over two
    pipes, not a ``multiprocessing`` child: that way it starts the same from a
    console script, ``python -`` or a notebook (spawn would re-import ``__main__``).
    """

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
        server: ForkServer | None = None,
    ):
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.server = server  # forks this worker from a warm process (etl.forkserver)
        self._proc: subprocess.Popen | ForkedProcess | None = None
        self._inbox: Connection | None = None  # results from the worker
        self._outbox: Connection | None = None  # jobs to the worker
        self._started = False
        self._queue: deque[ParseJob] = deque()
        self._clock = 0.0  # when the oldest queued job got the worker to itself
        self._cpu: float | None = None  # the worker's processor time then
        self.restarts = 0  # workers started again after a timeout or crash
        self.startup_seconds = 0.0
        self._retried: set[str] = set()  # paths whose crash is being retried once
        self._starting: threading.Thread | None = None  # start_soon's thread, until joined
        self._start_error: BaseException | None = None

    def _start(self) -> None:
        start = time.perf_counter()
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
        widen(res_w)
        try:
            self._launch(job_r, res_w)
        finally:
            os.close(job_r)
            os.close(res_w)
        self._outbox = Connection(job_w, readable=False)
        self._inbox = Connection(res_r, writable=False)
        try:
            ready = self._inbox.poll(120) and self._inbox.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            code = self._proc.poll() if self._proc is not None else None
            self._stop()
            raise RuntimeError(f"the reader worker process did not start (exit status {code})")
        self.startup_seconds += time.perf_counter() - start

    def _launch(self, job_r: int, res_w: int) -> None:
        """Fork the worker from the warm server, or start a fresh interpreter (elsewhere
        than Linux, or when the server is not there)."""
        if self.server is not None:
            try:
                self._proc = self.server.spawn(job_r, res_w, self.memory_mb, self.timeout)
                return
            except RuntimeError:
                self.server = None  # it failed to start or stopped: plain workers from now
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        cmd = [
            sys.executable,
            "-m",
            "etl.worker",
            str(job_r),
            str(res_w),
            str(os.getpid()),
            str(self.memory_mb),
            repr(float(self.timeout)),
        ]
        self._proc = subprocess.Popen(
            cmd,
            pass_fds=(job_r, res_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=False,
        )

    def _stop(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                # Programs the reader started (LibreOffice runs in its own session) would
                # outlive a killed worker and keep a core busy: stop the whole tree.
                helpers = descendants(self._proc.pid)
                self._proc.kill()
                for pid in helpers:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(5)
        for conn in (self._inbox, self._outbox):
            if conn is not None:
                conn.close()
        self._proc = self._inbox = self._outbox = None

    def start(self) -> None:
        """Start the worker now if it is not running (``submit`` would start it anyway)."""
        self._join_start()
        if self._proc is None or self._proc.poll() is not None:
            self._restart()

    def start_soon(self) -> None:
        """Start the worker on a side thread and return at once: its imports then run
        while the writer opens the database (``submit`` waits for it to be ready)."""
        if self._starting is not None or self._proc is not None:
            return

        def run() -> None:
            try:
                self._restart()
            except BaseException as exc:  # re-raised by the next submit, start or close
                self._start_error = exc

        self._starting = threading.Thread(target=run, name="xxgk-reader-start", daemon=True)
        self._starting.start()

    def _join_start(self) -> None:
        """Wait for ``start_soon``'s thread; raise what it raised."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
            error, self._start_error = self._start_error, None
            if error is not None:
                raise error

    def submit(self, job: ParseJob) -> None:
        """Queue a job; the worker starts it as soon as it is free (prefetch)."""
        self._join_start()
        if self._proc is None or self._proc.poll() is not None:
            self._restart()
        if not self._queue:
            self._mark()
        self._queue.append(job)
        with contextlib.suppress(OSError):
            self._pipes()[2].send(job)  # a dead worker shows up in collect()

    def collect(self) -> ParseOutcome:
        """The outcome of the oldest queued job; a timeout or crash becomes a rejection."""
        job = self._queue[0]
        proc, inbox, _ = self._pipes()
        allowed = self.timeout  # processor seconds; an OCR page asks for more, up to the cap
        cap = max(self.timeout, SETTINGS.ocr_timeout_s)
        try:
            while True:
                # An answer already waiting (a worker ahead of the writer) is taken without
                # reading the clocks: no /proc read per file.
                if not inbox.poll(0):
                    spent, wall = self._spent(proc.pid)
                    wait = min(allowed - spent, allowed * WALL_FACTOR - wall)
                    if not inbox.poll(min(max(wait, 0.0), 1.0)):
                        if wait <= 0:
                            break
                        continue
                message = inbox.recv()
                if isinstance(message, tuple) and message[:1] == (MORE_TIME,):
                    allowed = max(allowed, min(self._spent(proc.pid)[0] + message[1], cap))
                    continue  # an OCR page started: it gets its own budget
                self._queue.popleft()
                self._mark()
                return message
            kind = "timeout"
            spent, wall = self._spent(proc.pid)
            took = (
                f"its {allowed:.0f} s of processor time"
                if spent >= allowed
                else f"{wall:.0f} s on the clock (it used {spent:.0f} s of processor time)"
            )
            reason = (
                f"reading the file took longer than {took} (limit {self.timeout:g} s, "
                f"{SETTINGS.ocr_page_s:g} s more per page read by OCR); the reader was stopped "
                "(raise the limit with --timeout)"
            )
        except (EOFError, OSError):
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
            kind = "crash"
            reason = (
                f"the reader process crashed while reading the file (exit status {proc.poll()})"
            )
        seconds = time.perf_counter() - self._clock
        self._queue.popleft()
        if kind == "crash" and job.path not in self._retried:
            # A dying reader is seldom the file's fault (memory pressure, a stray signal):
            # read it once more, first in line, in a fresh worker.
            self._retried.add(job.path)
            self._queue.appendleft(job)
            self._restart()
            return self.collect()
        if job.path in self._retried:
            self._retried.discard(job.path)
            reason += ", again when retried in a fresh worker"
        self._restart()  # a fresh worker for the jobs still queued behind this one
        return ParseOutcome(job.path, kind=kind, reason=reason, seconds=seconds)

    def _mark(self) -> None:
        """Start the clocks of the job that has the worker to itself from now."""
        self._clock = time.perf_counter()
        self._cpu = None  # read when first needed: most answers are waiting when collected

    def _spent(self, pid: int) -> tuple[float, float]:
        """Processor and wall seconds since the current job got the worker (processor time
        is the wall time where the system does not tell it). The processor clock starts at
        the first look after ``_mark``: a collect that waits looks at once."""
        wall = time.perf_counter() - self._clock
        cpu = cpu_seconds(pid)
        if self._cpu is None:
            self._cpu = cpu or 0.0
        return (wall if cpu is None else cpu - self._cpu), wall

    def _pipes(self) -> tuple[subprocess.Popen | ForkedProcess, Connection, Connection]:
        """The running worker and its result and job pipes (started by ``submit``)."""
        if self._proc is None or self._inbox is None or self._outbox is None:
            raise RuntimeError("the reader worker is not running")
        return self._proc, self._inbox, self._outbox

    def _restart(self) -> None:
        self._stop()
        self.restarts += self._started
        self._started = True
        self._start()
        self._mark()
        outbox = self._pipes()[2]
        for job in self._queue:
            outbox.send(job)

    def run(self, job: ParseJob) -> ParseOutcome:
        """Parse one file in the worker and wait for it."""
        self.submit(job)
        return self.collect()

    def finish(self) -> None:
        """No more jobs: ask the worker to exit once it has answered every queued job, and
        return at once (it exits while the writer publishes; ``close`` then waits)."""
        with contextlib.suppress(BaseException):
            self._join_start()
        if self._outbox is not None:
            with contextlib.suppress(OSError):
                self._outbox.send(None)

    def close(self) -> None:
        """Ask the worker to exit, then make sure it has."""
        with contextlib.suppress(BaseException):
            self._join_start()  # a start that failed has nothing left to stop
        self._queue.clear()
        if self._outbox is not None:
            with contextlib.suppress(OSError):
                self._outbox.send(None)
        if self._proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(2)
        self._stop()

    def __enter__(self) -> ReaderProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


if __name__ == "__main__":  # pragma: no cover - the worker process
    # Run the imported module's ``serve`` so this file is not loaded twice (as __main__).
    from etl.worker import serve as _serve

    _read_fd, _write_fd, _ppid, _memory_mb = (int(a) for a in sys.argv[1:5])
    _serve(_read_fd, _write_fd, _ppid, _memory_mb, float(sys.argv[5]))
