"""OCR trust: doubtful digits are absent unless the sums leave one reading; broken sums drop rows."""

from __future__ import annotations

from etl.matcher.ocrtrust import settle_ocr
from etl.provenance import CanonicalValue, ValueSource
from etl.template import TEMPLATES

T = TEMPLATES["2021"]
COLS = ("natural", "commercial", "research", "social", "legal", "other_org")


def _row(row: str, cells: list[int], weak: dict[str, str] | None = None) -> dict:
    out = {}
    for col, v in zip((*COLS, "total"), cells, strict=True):
        key = f"apply.{row}.{col}"
        ocr = {"box": [0, 0, 1, 1], "confidence": 0.99}
        if weak and col in weak:
            ocr = {**ocr, "confidence": 0.4, "weak": weak[col]}
        out[key] = CanonicalValue(key, float(v), False, ValueSource(part=3, ocr=ocr))
    return out


def test_a_doubtful_digit_confirmed_by_the_row_total():
    values = _row("new", [95, 0, 0, 0, 0, 0, 95], weak={"natural": "9?"})
    findings = settle_ocr(values, T)
    assert values["apply.new.natural"].value == 95
    assert values["apply.new.natural"].locator.arithmetic == "confirmed"
    assert [f.rule for f in findings] == ["O2"]
    assert "apply.new.natural" in findings[0].keys


def test_a_doubtful_digit_the_sums_cannot_settle_is_absent():
    values = _row("new", [95, 0, 0, 0, 0, 0, 95], weak={"natural": "9?", "total": "9?"})
    findings = settle_ocr(values, T)
    assert "apply.new.natural" not in values and "apply.new.total" not in values
    assert findings[0].rule == "O1" and set(findings[0].keys) == {
        "apply.new.natural",
        "apply.new.total",
    }


def test_a_row_failing_its_total_is_absent():
    values = _row("new", [95, 0, 0, 0, 0, 0, 96])
    findings = settle_ocr(values, T)
    assert not any(k.startswith("apply.new.") for k in values)
    assert findings[0].rule == "O1"


def test_text_layer_values_are_left_alone():
    values = {
        k: CanonicalValue(k, v.value, False, ValueSource(part=3))
        for k, v in _row("new", [95, 0, 0, 0, 0, 0, 96]).items()
    }
    assert settle_ocr(values, T) == [] and len(values) == 7


def test_a_doubtful_reading_no_printed_number_can_be_is_absent():
    # "0?" has a leading zero in every reading: no number fits; found when a 150 dpi
    # scan crashed the solver (min() of no options)
    values = _row("new", [5, 0, 0, 0, 0, 0, 5], weak={"natural": "0?"})
    findings = settle_ocr(values, T)
    assert "apply.new.natural" not in values
    assert values["apply.new.total"].value == 5  # the confident cells are not blamed
    assert [f.rule for f in findings] == ["O1"] and findings[0].keys == ("apply.new.natural",)
