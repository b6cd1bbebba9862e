"""Page rasters for OCR stay under the pixel cap, so a page's memory is bounded (issue 12 case 3)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from etl.parse import ParseJob
from etl.readers import raster
from etl.worker import ReaderProcess
from tests.conftest import SAMPLES
from tests.fixtures.scans import rasterise, scanned_pdf


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def test_a_page_with_a_huge_media_box_is_read_in_bounded_memory(tmp_path):
    # The page's pixels stored at 30 dpi make a 28 x 39 inch page: rendered at 200 dpi
    # it was 43 million pixels and the worker peaked at 612 MB (limit 500); the fuzz
    # found such mutants going to OCR at 740-830 MB.
    page = rasterise(SAMPLES / "hongze-2024.pdf", [3], 100)
    path = scanned_pdf(page, tmp_path / "big.pdf", 30)
    with ReaderProcess(timeout=600) as reader:
        reader.start()
        Path(f"/proc/{reader._proc.pid}/clear_refs").write_text("5")
        outcome = reader.run(ParseJob(str(path), 50 << 20, 200 << 20))
        peak = _peak_mb(reader._proc.pid)
    assert outcome.report is not None, outcome.reason
    assert len(outcome.report.values) > 50  # still read: the text is large on such a page
    assert peak < 500, f"peak RSS {peak:.0f} MB"


def test_render_resolution_drops_only_for_pages_over_the_cap():
    assert raster.ocr_dpi(595, 842) == raster.OCR_DPI  # A4
    assert raster.ocr_dpi(842, 1191) == raster.OCR_DPI  # A3
    dpi = raster.ocr_dpi(14400, 14400)  # 200 x 200 inches
    assert (200 * dpi) ** 2 <= raster.OCR_MAX_PIXELS * 1.001


def test_a_large_photo_is_decoded_small():
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 4000), "white").save(buffer, format="JPEG", dpi=(300, 300))
    with Image.open(io.BytesIO(buffer.getvalue())) as im:
        gray, dpi = raster.page_gray(im)
    assert gray.ndim == 2 and gray.size <= raster.OCR_MAX_PIXELS
    assert gray.shape[1] / 6000 * 300 == dpi  # the resolution follows the shrink
