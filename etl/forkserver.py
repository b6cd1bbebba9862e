"""Start parse workers from one preloaded process instead of one fresh interpreter each.

A fresh ``python -m etl.worker`` spends ~0.7 s of processor time before its first file
is parsed: importing the parse chain and the readers (~0.5 s), building the division
table and the run-on patterns on first use. With one worker per core, that was paid
once per core on the cores the workers share with the writer. ``ForkServer`` pays it
once: a ``python -m etl.forkserver`` child imports and warms everything (:func:`warm_up`)
and then forks a worker per request; the fork shares the warm interpreter's memory.

Each forked worker is the same loop as a spawned one (``etl.worker.serve``): it caps its
own address space, watches its parent and parses jobs from its two pipes, which the
writer makes and hands over with the request (``SCM_RIGHTS`` over a Unix socket). The
server reaps its workers and tells their exit status when asked (:class:`ForkedProcess`
has the part of ``subprocess.Popen`` the worker code uses). When the writer goes away,
the server stops its remaining workers and exits.

Linux only (``os.fork`` after imports is unsafe on macOS, impossible on Windows): there
and whenever the server cannot start, workers start as plain subprocesses, as before.
Nothing here imports ``__main__``, so it works the same from a notebook or ``python -``.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

_FORK, _WAIT = b"F", b"W"
_REQUEST = struct.Struct("!cqd")  # op, pid or memory cap (MB), timeout (s)
_PID = struct.Struct("!q")
_STATUS = struct.Struct("!?q")  # exited, exit code (Popen's: -N for signal N)


def available() -> bool:
    """True where workers may be forked from a preloaded process (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "send_fds")


def warm_up(suffixes: Iterable[str]) -> None:
    """Import the parse chain and the readers of ``suffixes`` and build the tables every
    parse builds on first use, so a forked worker's first file costs what its others do."""
    from etl.agencies.divisions import division_index
    from etl.checks.copytext import CopyText
    from etl.parse import READERS
    from etl.readers.runon import break_run_on

    for module in sorted({READERS[s][0] for s in suffixes if s in READERS}):
        if module != "etl.readers.image":  # OCR networks: only for files that need them
            with contextlib.suppress(ImportError):
                importlib.import_module(module)
    division_index()
    break_run_on("")
    CopyText.of({1: "本机关全年主动公开政府信息。"}, None)


class ForkedProcess:
    """A worker forked by the server: ``pid``, ``poll``, ``wait``, ``kill``, ``returncode``."""

    def __init__(self, server: ForkServer, pid: int):
        self.server = server
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit code once the worker has exited (it is then reaped), else None."""
        if self.returncode is None and not _running(self.pid):
            self.returncode = self.server.wait(self.pid, 5.0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the worker to exit (``subprocess.TimeoutExpired`` after ``timeout``)."""
        if self.returncode is None:
            self.returncode = self.server.wait(self.pid, 1e9 if timeout is None else timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(f"reader worker {self.pid}", timeout or 0.0)
        return self.returncode

    def kill(self) -> None:
        """SIGKILL the worker (it stays to be reaped by ``poll`` or ``wait``)."""
        if self.returncode is None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    """False once ``pid`` has exited (a zombie waiting to be reaped counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
        return stat.rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return False


class ForkServer:
    """The preloaded process (``python -m etl.forkserver``) and the socket to ask it."""

    def __init__(self, suffixes: Iterable[str] = ()):
        self.suffixes = sorted(set(suffixes))
        self._proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()  # one request at a time (workers start on threads)
        self._failed = False

    def _ensure(self) -> socket.socket:
        """Start the server if needed (RuntimeError if it cannot be started)."""
        if self._sock is not None:
            return self._sock
        if self._failed:
            raise RuntimeError("the fork server did not start")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        cmd = [sys.executable, "-m", "etl.forkserver", str(theirs.fileno()), str(os.getpid())]
        try:
            self._proc = subprocess.Popen(
                [*cmd, *self.suffixes],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        finally:
            theirs.close()
        ours.settimeout(120)
        try:
            ready = ours.recv(16) == b"ready"
        except OSError:
            ready = False
        if not ready:
            self._failed = True
            ours.close()
            self._proc.kill()
            self._proc.wait()
            raise RuntimeError("the fork server did not start")
        ours.settimeout(None)
        self._sock = ours
        return ours

    def start_soon(self) -> None:
        """Start the server on a side thread (its imports run while the caller goes on)."""
        threading.Thread(target=self._start_quietly, name="xxgk-forkserver", daemon=True).start()

    def _start_quietly(self) -> None:
        with self._lock, contextlib.suppress(RuntimeError, OSError):
            self._ensure()

    def spawn(self, job_r: int, res_w: int, memory_mb: int, timeout: float) -> ForkedProcess:
        """Fork a worker reading jobs from ``job_r`` and answering on ``res_w`` (the caller
        closes its own copies); RuntimeError when the server is not there."""
        with self._lock:
            sock = self._ensure()
            try:
                socket.send_fds(sock, [_REQUEST.pack(_FORK, memory_mb, timeout)], [job_r, res_w])
                (pid,) = _PID.unpack(sock.recv(_PID.size))
            except (OSError, struct.error) as exc:
                raise RuntimeError(f"the fork server stopped ({exc})") from exc
        return ForkedProcess(self, pid)

    def wait(self, pid: int, timeout: float) -> int | None:
        """Reap worker ``pid``: its exit code, or None if it runs after ``timeout`` s."""
        with self._lock:
            if self._sock is None:
                return -signal.SIGKILL  # the server is gone and its workers with it
            try:
                self._sock.sendall(_REQUEST.pack(_WAIT, pid, timeout))
                exited, code = _STATUS.unpack(self._sock.recv(_STATUS.size))
            except (OSError, struct.error):
                return -signal.SIGKILL
        return code if exited else None

    def close(self) -> None:
        """Let the server go: it stops any worker still running, then exits."""
        with self._lock:
            if self._sock is not None:
                self._sock.close()
                self._sock = None
        if self._proc is not None:
            try:
                self._proc.wait(30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None


def _reap(pid: int, timeout: float) -> tuple[bool, int]:
    """(exited, exit code) of our child ``pid``, waiting up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True, -signal.SIGKILL  # reaped before, or not ours
        if done:
            return True, os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            return False, 0
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _child(sock: socket.socket, job_r: int, res_w: int, memory_mb: int, timeout: float):
    """The forked worker: the usual worker loop, then exit without returning here."""
    code = 1
    try:
        sock.close()
        from etl.worker import serve

        serve(job_r, res_w, os.getppid(), memory_mb, timeout)
        code = 0
    finally:
        os._exit(code)


def _answer(sock: socket.socket, msg: bytes, fds: list[int], children: set[int]) -> bool:
    """Do one request (fork a worker, or reap one); False when the writer has gone."""
    if len(msg) != _REQUEST.size:
        for fd in fds:
            os.close(fd)
        return False  # the writer closed the socket (or went away)
    op, number, seconds = _REQUEST.unpack(msg)
    if op == _FORK and len(fds) == 2:
        pid = os.fork()
        if pid == 0:
            _child(sock, fds[0], fds[1], int(number), seconds)
        children.add(pid)
        sock.sendall(_PID.pack(pid))
    elif op == _WAIT:
        exited, code = _reap(int(number), seconds)
        if exited:
            children.discard(int(number))
        sock.sendall(_STATUS.pack(exited, code))
    for fd in fds:
        os.close(fd)
    return True


def main(ctl_fd: int, suffixes: list[str]) -> None:  # pragma: no cover - the server process
    """Warm up, then fork a worker per request until the writer closes the socket."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    sock = socket.socket(fileno=ctl_fd)
    warm_up(suffixes)
    gc.collect()
    gc.freeze()  # the warm objects are never scanned again, nor copied by the workers' GC
    sock.sendall(b"ready")
    children: set[int] = set()
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(sock, _REQUEST.size, 2)
        except OSError:
            break
        if not _answer(sock, msg, fds, children):
            break
    from etl.proctree import descendants

    for pid in children:  # left running when the writer went away: stop them and theirs
        for p in [*descendants(pid), pid]:
            with contextlib.suppress(OSError):
                os.kill(p, signal.SIGKILL)
    for pid in children:
        _reap(pid, 10.0)


if __name__ == "__main__":  # pragma: no cover - the server process
    from etl.forkserver import main as _main

    _main(int(sys.argv[1]), sys.argv[3:])
