"""The per-file timeout counts the reader's processor time, so the load does not decide it."""

from __future__ import annotations

import re

from etl.parse import READERS, ParseJob
from etl.worker import WALL_FACTOR, ReaderProcess, cpu_seconds
from tests.hostile.make_hostile import report_text

READERS_UNDER_TEST = {
    **READERS,
    ".waits": ("tests.hostile.slow_reader", "read_after_waiting"),
    ".busy": ("tests.hostile.slow_reader", "read_busily"),
}


def _job(path) -> ParseJob:
    return ParseJob(str(path), 10 << 20, 10 << 20, readers=READERS_UNDER_TEST)


def test_a_file_that_waits_for_the_processor_is_not_timed_out(tmp_path):
    # failed before: a fuzz mutant costing 2 s of CPU took over 30 s under load 20 and was
    # rejected as a hang; a reader kept waiting (here: asleep) used no processor time
    path = tmp_path / "report.waits"
    path.write_text(report_text("某市某局", 2023), encoding="utf-8")
    warm = tmp_path / "warm.txt"
    warm.write_text(report_text("某市某局", 2023), encoding="utf-8")
    with ReaderProcess(timeout=2.0) as reader:
        # a fresh worker's first file also imports the readers: seconds of waiting at load 20,
        # which would eat the wall-clock stop (4 × 2 s) the 3 s of waiting leave
        reader.timeout = 60.0
        assert reader.run(_job(warm)).kind is None
        reader.timeout = 2.0
        outcome = reader.run(_job(path))
    assert outcome.kind is None, outcome.reason
    assert outcome.report is not None and outcome.report.values


def test_a_reader_that_works_without_end_is_stopped_at_its_processor_budget(tmp_path):
    path = tmp_path / "report.busy"
    path.write_text("x", encoding="utf-8")
    with ReaderProcess(timeout=2.0) as reader:
        reader.start()  # its start-up (seconds under load) is not the file's time
        outcome = reader.run(_job(path))
        good = tmp_path / "report.txt"
        good.write_text(report_text("某市某局", 2023), encoding="utf-8")
        reader.timeout = 60.0  # a fresh worker's first file imports the readers (slow at load 20)
        assert reader.run(_job(good)).kind is None  # the next file gets a fresh worker
    assert outcome.kind == "timeout"
    # its 2 s of processor time; on a machine too busy to give it 2 s in 8, the wall clock
    assert re.search(
        r"took longer than (its 2 s of processor time|\d+ s on the clock)", outcome.reason
    )
    assert outcome.seconds < 2.0 * WALL_FACTOR + 2


def test_processor_time_of_this_process_is_read():
    spent = cpu_seconds(__import__("os").getpid())
    assert spent is not None and spent > 0
