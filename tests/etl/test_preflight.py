"""Preflight refuses files whose bytes show damage before a reader spends time on them."""

from __future__ import annotations

import mmap
import re
import time

import pytest

from etl.preflight import OPEN_STREAM_BUDGET, _count, preflight, unended_streams
from etl.readers.base import CorruptFile
from etl.readers.pdf import read_pdf
from tests.conftest import SAMPLES

LIMITS = {"max_bytes": 200 << 20, "max_unzipped_bytes": 512 << 20}


def _unended_copy(tmp_path, copies: int):
    """The real sample with ``copies`` pieces of a stream pasted in that never reach endstream.

    A fuzz mutant of this shape (a stretch cut mid-stream, duplicated 2000 times) cost PDFium
    7 s of CPU to open: its search for each stream's end runs to the end of the file.
    """
    data = (SAMPLES / "hongze-2024.pdf").read_bytes()
    at = re.search(rb"stream\r?\n", data).end()
    piece = data[at - 300 : at + 60]  # from before a dictionary into the stream's data
    path = tmp_path / f"unended-{copies}.pdf"
    path.write_bytes(data[:at] + piece * copies + data[at:])
    return path


def test_a_pdf_with_thousands_of_unended_streams_is_refused_fast(tmp_path):
    path = _unended_copy(tmp_path, 2000)
    assert unended_streams(path) == 2000
    start = time.process_time()
    with pytest.raises(CorruptFile, match="2000 of its data streams have no end"):
        preflight(path, **LIMITS)
    assert time.process_time() - start < 1.0  # a generous bound; the scan is linear


def test_real_pdfs_and_a_truncated_stream_pass(tmp_path):
    sample = SAMPLES / "hongze-2024.pdf"
    assert unended_streams(sample) == 0
    assert preflight(sample, **LIMITS) == ".pdf"
    few = _unended_copy(tmp_path, 3)  # cheap to open: PDFium copes, the reader reads it
    assert preflight(few, **LIMITS) == ".pdf"
    assert read_pdf(few).blocks


def test_the_budget_is_streams_times_size(tmp_path):
    path = _unended_copy(tmp_path, 40)
    size = path.stat().st_size
    assert 40 * size < OPEN_STREAM_BUDGET  # a small file may hold a few dozen
    preflight(path, **LIMITS)


def test_chunked_count_sees_words_across_chunk_edges(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"..endstream" * 1000)
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for chunk in (7, 10, 11, 64, 4096):
            assert _count(data, b"endstream", chunk) == 1000
            assert _count(data, b"stream", chunk) == 1000


def test_a_zip_needing_an_unknown_version_is_damaged(tmp_path):
    # fuzz seed 23: zipfile refuses a directory entry that needs "version 17.9" with a
    # NotImplementedError, which escaped preflight as a reader error
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buf.getvalue())
    entry = data.index(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = (179).to_bytes(2, "little")
    path = tmp_path / "version.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFile, match="damaged"):
        preflight(path, **LIMITS)
