"""What the system tells about a worker process: its CPU time, its descendants, its pipe.

``etl.worker`` times a file by its reader's processor time (so the budget does not
depend on the machine's load), stops a reader's whole process tree (LibreOffice runs
in its own session) and widens the result pipe so a worker can run ahead of the
writer. All three read or set Linux specifics; elsewhere they fall back quietly.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:  # POSIX only
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """Processor time of ``pid`` and its waited-for children (Linux ``/proc``; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / _TICKS  # utime stime cutime cstime
    except (OSError, ValueError, IndexError):
        return None


#: Bytes the result pipe holds: a worker that runs ahead of the writer sends its
#: outcomes (~40 KB each) without waiting for the writer to read them.
PIPE_BYTES = 1 << 20


def widen(fd: int) -> None:
    """Let the pipe behind ``fd`` hold ``PIPE_BYTES`` (Linux; the system's cap may be lower)."""
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    if setsize is None:
        return
    for size in (PIPE_BYTES, 1 << 18):
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, setsize, size)
            return


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux ``/proc``; empty elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out
