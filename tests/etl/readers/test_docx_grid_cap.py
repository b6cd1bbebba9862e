"""Case 3 of issue 12: a small DOCX whose gridSpans expand to a huge grid is refused up front."""

from __future__ import annotations

from etl.worker import ParseJob, ReaderProcess, cpu_seconds
from tests.hostile.make_hostile import grid_bomb_docx


def test_grid_bomb_is_rejected_before_the_grid_is_built(tmp_path):
    path = tmp_path / "grid-bomb.docx"
    path.write_bytes(grid_bomb_docx(cells=50_000))
    assert path.stat().st_size < 200_000  # small on disk, under the zip-ratio cap
    with ReaderProcess(timeout=30.0, memory_mb=700) as reader:
        reader.start()
        assert reader._proc is not None
        pid = reader._proc.pid
        before = cpu_seconds(pid) or 0.0
        outcome = reader.run(ParseJob(str(path), 50 << 20, 200 << 20))
        spent = (cpu_seconds(pid) or 0.0) - before  # processor time: the load does not count
    assert outcome.report is None
    assert outcome.kind == "corrupt", (outcome.kind, outcome.reason)
    assert "表格" in outcome.reason and "单元格" in outcome.reason
    assert spent < 10, spent
