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


def test_a_letter_standing_for_a_digit_becomes_a_doubtful_digit():
    # hongze-2024's part 四 at 150 dpi: a 0 read as "D" left the row 14 numbers of 15
    for chars, text in (((("D", 0.7),), "0"), ((("1", 0.99), ("D", 0.9)), "10")):
        read = clean(box(*chars))
        assert read.text == text
        assert [c.confidence for c in read.chars if c.confidence == 0.0] == [0.0]
    assert clean(box(("P", 0.9), ("D", 0.9), ("F", 0.9))).text == "PDF"  # a word stays
    assert clean(box(("A", 0.9), (".", 0.9))).text == "A."
