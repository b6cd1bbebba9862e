"""The value-source record: its stored JSON form is the one files already hold."""

from __future__ import annotations

import json

from etl.parse import parse_file
from etl.provenance import ValueSource


def test_json_round_trip_keeps_every_field():
    src = ValueSource(
        part=3, row_label="本年新收", column="自然人", cell="", block=2, r=5, c=3, line=40
    )
    again = ValueSource.from_json(json.dumps(src.to_json(), ensure_ascii=False))
    assert again == src
    assert src.to_json()["cell"] == ""  # a blank read as 0 keeps its (empty) cell text


def test_stored_locators_of_older_files_still_read():
    """The JSON shapes written before the type existed (cell, derived, prose) read back."""
    cell = '{"part": 3, "row_label": "(七) 总计", "column": "总计", "cell": "25", "block": 4, "r": 70, "c": 9, "line": 70}'
    derived = '{"derived_from": ["apply.other_a.total", "apply.other_b.total"]}'
    prose = (
        '{"part": 6, "source": "narrative", "block": 9, "line": 88, "text": "收取信息处理费0元"}'
    )
    assert ValueSource.from_json(cell).describe() == (
        "第三部分 · 行“(七) 总计” · 列“总计” · 原文“25” · 第70行 · 格 r70 c9"
    )
    assert ValueSource.from_json(derived).derived_from == (
        "apply.other_a.total",
        "apply.other_b.total",
    )
    assert ValueSource.from_json(prose).text == "收取信息处理费0元"
    assert ValueSource.from_json('{"unknown": 1}') == ValueSource()


def test_every_parsed_value_has_a_source_that_describes_it(seed_path):
    report = parse_file(seed_path)
    for key, value in report.values.items():
        assert isinstance(value.locator, ValueSource), key
        assert value.locator.describe() != "（无位置信息）", key
