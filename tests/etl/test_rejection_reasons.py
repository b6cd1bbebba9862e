"""Case 4 of issue 12: every rejection reason is one Chinese sentence; no library noise."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb

from etl.parse import ParseJob, parse_job
from etl.pipeline import IngestOptions, ingest
from tests.hostile.make_hostile import make_hostile

SAMPLE_PDF = Path(__file__).resolve().parents[1] / "golden" / "samples" / "hongze-2024.pdf"
CJK = re.compile(r"[\u4e00-\u9fff]")


def opens_with_chinese_sentence(reason: str) -> bool:
    """The text before the first 。 is a Chinese sentence (a few Latin words allowed)."""
    first, stop, _ = reason.partition("。")
    return bool(stop) and len(CJK.findall(first)) >= 4 and len(CJK.findall(first[:8])) >= 1


def damaged_pdf(folder: Path) -> Path:
    """The real sample with junk inside: PDFium still opens it, pdfminer does not."""
    data = SAMPLE_PDF.read_bytes()
    at = int(len(data) * 0.7)
    path = folder / "damaged.pdf"
    path.write_bytes(data[:at] + b"x" * 200_000 + data[at:])
    return path


def test_damaged_pdf_is_corrupt_with_a_chinese_reason(tmp_path):
    out = parse_job(ParseJob(str(damaged_pdf(tmp_path)), 200 << 20, 512 << 20))
    assert out.report is None and out.kind == "corrupt", (out.kind, out.reason)


def test_every_rejection_reason_opens_with_a_chinese_sentence(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    make_hostile(folder)
    damaged_pdf(folder)
    summary = ingest([folder], tmp_path / "x.duckdb", options=IngestOptions(isolate=False))
    assert len(summary.rejected) >= 8
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    reasons = con.execute("SELECT source_path, kind, reason FROM rejected_files").fetchall()
    con.close()
    for path, kind, reason in reasons:
        assert opens_with_chinese_sentence(reason), (Path(path).name, kind, reason)
        assert "\n" not in reason and "Traceback" not in reason


def test_parse_of_a_damaged_pdf_prints_one_chinese_line(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "etl.cli", "parse", str(damaged_pdf(tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert re.search(r"[\u4e00-\u9fff]", lines[0]) and "Exception" not in lines[0].split("（")[0]
