"""Clean the characters the recogniser read: full-width forms, look-alike digits, specks.

Flow: ``ocr`` text boxes → **ocr_text** → ``image`` (layout). The recogniser reads
a speck of dirt as a point, a ruling beside a number as ")", the letter O in a
number cell, 〇 for a zero; each rule here undoes one such reading, so the
layout step sees the text the page printed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from etl.readers import ocr

_LABEL_FLOOR = 0.3  # a non-digit character below this is noise (a stray mark), dropped
_LOOKALIKE = {form: digit for digit, forms in ocr.DIGIT_FORMS.items() for form in forms}
_SPECKS = frozenset(".,:;'`·-_、，。：；°º˚")  # ° º: a speck above a digit
_EDGE_MARKS = frozenset(")）“”\"'")  # doubtful marks dropped at the edge of a bare number


def clean(box: ocr.TextBox) -> ocr.TextBox:
    """Fold full-width forms, read look-alikes as digits in numbers, drop noise characters.

    The confidence of a look-alike read as a digit ("З" for 3, "O" for 0) is
    already that of the digit (see ``ocr.DIGIT_FORMS``).
    """
    chars = []
    for ch in box.chars:
        text = unicodedata.normalize("NFKC", ch.text)
        if not text.strip():
            continue
        if not text.isdigit() and ch.confidence < _LABEL_FLOOR:
            continue
        chars.append(replace(ch, text=text))
    while chars and chars[0].text in _SPECKS and chars[0].confidence < 0.95:
        chars.pop(0)  # a speck of dirt before a label
    if any(c.text.isdigit() for c in chars):
        chars = _number_specks(chars)
    texts = "".join(c.text for c in chars)
    if _letter_in_number(texts):
        # a digit read as a letter ("D" for a blurred 0): a digit nobody can name,
        # kept doubtful so that only the table's sums can settle it
        chars = [replace(c, text="0", confidence=0.0) if _latin(c.text) else c for c in chars]
        texts = "".join(c.text for c in chars)
    if texts and len(texts) <= 8 and all(t.isdigit() or t in _LOOKALIKE for t in texts):
        chars = [replace(c, text=_LOOKALIKE.get(c.text, c.text)) for c in chars]
    return replace(box, chars=tuple(_zeros(chars)))


def _latin(text: str) -> bool:
    return text.isascii() and text.isalpha() and text not in _LOOKALIKE


def _letter_in_number(texts: str) -> bool:
    """A short box of digits (or one character) in which one Latin letter stands: "1D", "D"."""
    if not texts or len(texts) > 4 or sum(_latin(t) for t in texts) != 1:
        return False
    return all(_latin(t) or t.isdigit() or t in _LOOKALIKE for t in texts)


def _number_specks(chars: list[ocr.OcrChar]) -> list[ocr.OcrChar]:
    """Specks around a number dropped; a point inside it kept only when clear (26.55 万元)."""
    chars = list(chars)
    while chars and chars[-1].text in _SPECKS:
        chars.pop()
    while chars and chars[0].text in _SPECKS:
        chars.pop(0)  # a number never starts with a point
    core = list(chars)
    while core and core[-1].text in _EDGE_MARKS and core[-1].confidence < 0.9:
        core.pop()  # a ruling or quote mark read beside a cell's number: "0)", "“0"
    while core and core[0].text in _EDGE_MARKS and core[0].confidence < 0.9:
        core.pop(0)
    if core and all(c.text.isdigit() or c.text in _LOOKALIKE or c.text in _SPECKS for c in core):
        chars = [c for c in core if c.text not in _SPECKS or c.confidence >= 0.9]
    return chars


def _zeros(chars: list[ocr.OcrChar]) -> list[ocr.OcrChar]:
    """〇 beside a digit or before a unit is a zero: 处理费〇元."""
    out = list(chars)
    for i, c in enumerate(chars):
        after = chars[i + 1].text if i + 1 < len(chars) else ""
        before = out[i - 1].text if i else ""
        if c.text in "〇○" and (after.isdigit() or before.isdigit() or after in ("元", "件")):
            out[i] = replace(c, text="0")
    return out
