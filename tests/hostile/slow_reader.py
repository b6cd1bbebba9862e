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
