"""The fuzz run in CI: a fixed seed and a small count (``make fuzz`` runs many more)."""

from __future__ import annotations

import shutil

from tests.fuzz.fuzz import all_seeds, run


def test_mutants_of_every_format_neither_crash_hang_nor_poison(tmp_path):
    seeds = all_seeds(office=("rtf",))  # .doc too in ``make fuzz``
    suffixes = {s.suffix for s in seeds}
    assert {".txt", ".html", ".docx", ".pdf"} <= suffixes
    if shutil.which("soffice") or shutil.which("libreoffice"):
        assert ".rtf" in suffixes
    count = len(seeds) + 6
    summary = run(count, seed=12, timeout=20.0, seeds=seeds, keep=tmp_path)
    assert len(summary.results) == count
    assert not summary.failures, [(r.name, r.problem) for r in summary.failures]
    assert max(r.rss_mb for r in summary.results) > 0  # the memory probe saw the worker
