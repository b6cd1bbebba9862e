"""Labels a scan garbles: a speck read as a colon, one character lost from a short label.

The document is the real hongze-2023.pdf's text layer with part 三's table marked
as read by OCR and two labels spoilt the way its 150-dpi scan read them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from etl.matcher.report import match_document
from etl.readers.base import OcrMark, TableGrid
from etl.readers.pdf import read_pdf

REAL = Path(__file__).resolve().parents[2] / "golden" / "real"
EXPECTED = json.loads((REAL / "hongze-2023.expected.json").read_text(encoding="utf-8"))["values"]


def _spoil(text: str) -> str:
    if text.endswith("上年结转政府信息公开申请数量"):
        return text + ":"
    return text.replace("予以公开", "以公开") if text.endswith("予以公开") else text


def _document(ocr: bool):
    doc = read_pdf(REAL / "hongze-2023.pdf")
    mark = OcrMark((0, 0, 10, 10), 0.97)
    for block in doc.blocks:
        if not isinstance(block, TableGrid):
            continue
        for r, row in enumerate(block.rows):
            block.rows[r] = [
                replace(
                    c,
                    text=_spoil(c.text),
                    locator=replace(c.locator, ocr=mark) if ocr else c.locator,
                )
                for c in row
            ]
    return doc


def test_spoilt_labels_of_a_scanned_table_still_name_their_rows():
    report = match_document(_document(ocr=True))
    got = report.read_values()
    for row in ("carried_in", "granted"):
        keys = [k for k in EXPECTED if k.startswith(f"apply.{row}.")]
        assert {k: got.get(k) for k in keys} == {k: EXPECTED[k] for k in keys}
    # the lost character is matched only in order, and said so
    fuzzy = [f for f in report.findings if f.rule == "P5"]
    assert any("以公开" in f.message and "apply.granted.total" in f.keys for f in fuzzy)


@pytest.mark.parametrize("label", ["以公", "公开"])
def test_a_two_character_label_is_never_guessed(label):
    from etl.matcher.labels import label_index

    index = label_index("2021")
    assert index.fuzzy_next(label, {"apply": "carried_in", "active": None}) is None


def test_a_colon_after_a_text_layer_label_still_marks_a_field_name():
    report = match_document(_document(ocr=False))
    assert "apply.carried_in.total" not in report.read_values()
