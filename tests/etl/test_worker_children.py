"""Fuzzing found LibreOffice left running after its worker timed out: the whole tree is stopped."""

from __future__ import annotations

import os
import time
from pathlib import Path

from etl.parse import READERS
from etl.pipeline import IngestOptions, ingest

OPTS = IngestOptions(
    timeout=4.0,
    jobs=1,
    readers={**READERS, ".spawn": ("tests.hostile.slow_reader", "read_with_child_and_hang")},
)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_timed_out_worker_leaves_no_helper_process(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.spawn").write_text("x")
    summary = ingest([folder], tmp_path / "x.duckdb", options=OPTS)
    assert [Path(p).name for p, _ in summary.rejected] == ["x.spawn"]
    child = int((folder / "x.spawn.child").read_text())
    deadline = time.monotonic() + 30  # returns as soon as it is gone (slow under load)
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _alive(child)
    if alive:
        os.kill(child, 9)
    assert not alive
