"""OCR reader: scans made at test time from the real hongze-2024.pdf read like its text layer.

OCR costs seconds per page on the CPU, so these tests read only two pages at
one resolution; the sweep over resolutions and damage is ``benchmarks/bench_ocr.py``.
"""

from __future__ import annotations

import json

import pytest

from etl.pipeline import parse_file
from etl.readers.base import CorruptFile, OcrMark
from etl.readers.image import read_image
from tests.conftest import SAMPLES
from tests.fixtures.scans import Damage, degrade, rasterise, scanned_pdf

pytest.importorskip("rapidocr_onnxruntime")

PDF = SAMPLES / "hongze-2024.pdf"
EXPECTED = json.loads((SAMPLES / "hongze-2024.expected.json").read_text(encoding="utf-8"))["values"]


@pytest.fixture(scope="module")
def scan_report(tmp_path_factory):
    """Pages 3–4 (parts 二 to 四) scanned at 150 dpi, skewed, speckled, JPEG-compressed."""
    images = rasterise(PDF, [3, 4], 150)
    damaged = [
        degrade(im, Damage(jpeg=60, skew=1.5 * (-1) ** i, speckle=0.002, seed=i))
        for i, im in enumerate(images)
    ]
    path = scanned_pdf(damaged, tmp_path_factory.mktemp("scan") / "洪泽区2024年报扫描件.pdf", 150)
    return parse_file(path)


def test_scanned_pdf_values_are_the_text_layer_values(scan_report):
    got = scan_report.read_values()
    table_keys = [k for k in EXPECTED if k.split(".")[0] in ("apply", "appeal")]
    wrong = {k: (got[k], EXPECTED[k]) for k in table_keys if k in got and got[k] != EXPECTED[k]}
    assert not wrong
    # every absent cell is named by a finding; most cells are read
    absent = {k for k in table_keys if k not in got}
    named = {k for f in scan_report.findings for k in f.keys}
    assert absent <= named
    assert len(table_keys) - len(absent) >= 0.95 * len(table_keys)


def test_ocr_values_carry_their_provenance(scan_report):
    value = scan_report.values["apply.new.total"]
    ocr = value.locator.ocr
    assert value.locator.page == 1 and ocr["confidence"] > 0.5
    assert "OCR 识别" in value.locator.describe()
    x0, top, x1, bottom = ocr["box"]
    assert 0 < x0 < x1 < 700 and 0 < top < bottom < 900


def test_turned_photo_of_the_appeal_table(tmp_path):
    """Page 4 photographed turned by 90° with noise: part 四 reads exactly."""
    image = degrade(rasterise(PDF, [4], 150)[0], Damage(jpeg=75, quarter_turns=1, speckle=0.001))
    path = tmp_path / "page4.png"
    image.save(path)
    doc = read_image(path)
    assert doc.source_format == "image"
    report = parse_file(path)
    appeal = {k: v for k, v in EXPECTED.items() if k.startswith("appeal.")}
    assert {k: report.read_values().get(k) for k in appeal} == appeal
    cells = [c for t in doc.tables for row in t.rows for c in row if not c.is_span_copy]
    assert all(isinstance(c.locator.ocr, OcrMark) for c in cells if c.text)


def test_an_undecodable_image_is_refused(tmp_path):
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(CorruptFile):
        read_image(path)


def test_word_file_with_a_pasted_scan(tmp_path):
    """A .docx whose part 四 table is a pasted picture: the picture is read by OCR."""
    import docx
    from docx.shared import Inches

    picture = tmp_path / "page4.png"
    degrade(rasterise(PDF, [4], 150)[0], Damage(jpeg=70)).save(picture)
    word = docx.Document()
    word.add_paragraph("淮安市洪泽区人民政府2024年政府信息公开工作年度报告")
    word.add_picture(str(picture), width=Inches(6))
    path = tmp_path / "洪泽区2024年报.docx"
    word.save(str(path))
    report = parse_file(path)
    appeal = {k: v for k, v in EXPECTED.items() if k.startswith("appeal.")}
    assert {k: report.read_values().get(k) for k in appeal} == appeal
    assert report.values["appeal.review.total"].locator.ocr is not None


def test_a_100_dpi_photo_of_part_three_is_read_at_its_own_resolution(tmp_path):
    """An image is read at its own resolution, where text strokes are few pixels apart.

    Closing gaps along rulings on a 50-dpi mask made a column of digits a ruling
    through its rows: 87 of this page's 94 values were read (94 before and after).
    """
    path = tmp_path / "page3.png"
    rasterise(PDF, [3], 100)[0].save(path, dpi=(100, 100))
    got = parse_file(path).read_values()
    wrong = {k: v for k, v in got.items() if k in EXPECTED and v != EXPECTED[k]}
    assert not wrong
    assert sum(k in EXPECTED for k in got) >= 92
