"""Cleaning recognised characters: specks and ruling marks go, labels keep their marks."""

from __future__ import annotations

from etl.readers.ocr import OcrChar, TextBox
from etl.readers.ocr_text import clean


def test_a_doubtful_mark_beside_a_bare_number_is_dropped_but_labels_keep_theirs():
    def box(*chars):
        return TextBox(
            0, 0, 40, 20, tuple(OcrChar(t, i, i + 1, c) for i, (t, c) in enumerate(chars))
        )

    assert clean(box(("0", 0.98), (")", 0.45))).text == "0"  # a ruling read as ")"
    assert clean(box(("“", 0.45), ("1", 0.97), ("2", 0.99))).text == "12"
    assert clean(box(("0", 0.98), (")", 0.95))).text == "0)"  # a sure mark is not a speck
    label = box(("(", 0.9), ("1", 0.99), (")", 0.5), ("申", 0.99), ("请", 0.99))
    assert clean(label).text == "(1)申请"


def test_a_speck_read_as_a_degree_sign_after_a_number_is_dropped():
    # hongze-2023's 200-dpi scan read a total cell as "10°": its row lost all 7 values,
    # and with them the column sums that settle the doubtful zeros of another row
    assert clean(box(("1", 0.99), ("0", 0.98), ("°", 0.37))).text == "10"


def box(*chars):
    return TextBox(0, 0, 40, 20, tuple(OcrChar(t, i, i + 1, c) for i, (t, c) in enumerate(chars)))
