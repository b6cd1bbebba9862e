"""Readers injected into ingest by the hostile tests: one never returns, one kills its process."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def read_slowly(path: Path):
    """Hang like a reader stuck on a pathological file."""
    while True:
        time.sleep(3600)


def read_and_die(path: Path):
    """Die like a C library hitting a segmentation fault."""
    os.kill(os.getpid(), signal.SIGSEGV)


def read_after_crashes(path: Path):
    """Die the first N times a file is read (N on the file's first line), then read it as text.

    Stands for a worker killed from outside (memory pressure, a stray signal): the
    file itself is fine. The count of attempts is kept in a file beside it.
    """
    from etl.readers.text import read_text

    counter = Path(f"{path}.attempts")
    attempts = int(counter.read_text()) if counter.exists() else 0
    counter.write_text(str(attempts + 1))
    if attempts < int(Path(path).read_text(encoding="utf-8").splitlines()[0]):
        os.kill(os.getpid(), signal.SIGKILL)
    return read_text(path)


def read_with_child_and_hang(path: Path):
    """Start a helper program (as LibreOffice is started) and hang; its pid goes beside the file."""
    import subprocess

    child = subprocess.Popen(["sleep", "300"], start_new_session=True)
    Path(f"{path}.child").write_text(str(child.pid))
    while True:
        time.sleep(3600)


def read_after_waiting(path: Path):
    """Wait three seconds without working (as a reader does on a machine busy with other
    work: runnable, not running), then read the file as text."""
    from etl.readers.text import read_text

    time.sleep(3)
    return read_text(path)


def read_busily(path: Path):
    """Work without end, like a reader in a quadratic loop."""
    n = 0
    while True:
        n += 1
