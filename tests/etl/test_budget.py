"""The file's time inside a reader: OCR pages get their own budget, programs fit in what is left."""

from __future__ import annotations

import dataclasses
import time

import pytest

from etl import budget
from etl.parse import ParseJob
from etl.worker import ReaderProcess
from tests.conftest import SAMPLES
from tests.fixtures.scans import rasterise, scanned_pdf


@pytest.fixture(autouse=True)
def _no_clock():
    yield
    budget.begin(None)


def test_outside_a_worker_nothing_is_timed():
    budget.begin(None)
    assert budget.remaining() is None
    assert budget.program_limit(120.0) == 120.0
    budget.more_time(30.0)  # goes nowhere
    assert budget.remaining() is None


def test_a_program_gets_what_is_left_less_time_to_read_its_output():
    budget.begin(20.0)
    assert 14.0 < budget.program_limit(120.0) <= 15.0
    budget.begin(3.0)
    assert budget.program_limit(120.0) == 1.0  # never nothing
    budget.begin(600.0)
    assert budget.program_limit(120.0) == 120.0


def test_more_time_is_granted_up_to_the_ocr_cap(monkeypatch):
    monkeypatch.setattr(budget, "SETTINGS", dataclasses.replace(budget.SETTINGS, ocr_timeout_s=5))
    asked: list[float] = []
    budget.begin(1.0, asked.append)
    budget.more_time(3.0)
    assert asked == [3.0] and 2.5 < budget.remaining() <= 3.0
    budget.more_time(60.0)
    assert 4.5 < budget.remaining() <= 5.0  # the cap, not a minute


def test_a_scan_of_several_pages_is_not_cut_by_a_timeout_set_for_text(tmp_path):
    # failed before: the worker's timeout was the same for a text layer and for OCR,
    # and three OCR pages take longer than a second
    pages = rasterise(SAMPLES / "hongze-2024.pdf", [3, 4, 5], 100)
    warm = scanned_pdf(pages[2:], tmp_path / "warm.pdf", 100)
    path = scanned_pdf(pages, tmp_path / "scan.pdf", 100)
    with ReaderProcess(timeout=600.0) as reader:
        # the first file loads the PDF and OCR modules (seconds under load): not timed here
        assert reader.run(ParseJob(str(warm), 50 << 20, 200 << 20)).kind != "timeout"
        reader.timeout = 1.0
        start = time.perf_counter()
        outcome = reader.run(ParseJob(str(path), 50 << 20, 200 << 20))
    assert outcome.kind is None, outcome.reason
    assert time.perf_counter() - start > 1.0  # it did need more than the text budget
    assert outcome.report is not None and outcome.report.values
