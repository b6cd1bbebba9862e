"""Part 四 read from numbers scattered among words: never a silent guess (issue 11 class 7)."""

from __future__ import annotations

from etl.matcher.appeal import WIDTH, AppealReader
from etl.readers.base import Cell, Locator

GROUPS = [[1, 0, 0, 0, 1], [0, 1, 0, 0, 1], [2, 0, 1, 0, 3]]
PRINTED = [float(x) for g in GROUPS for x in g]


def _read(numbers: list[float]):
    reader = AppealReader()
    reader.start()
    for i, value in enumerate(numbers):
        reader.cell(value, Cell(str(value), Locator(block=0, row=i, col=0)))
        reader.words()  # a word between every two numbers: no run of 15 cells
    return reader.finish()


def test_exactly_fifteen_numbers_are_read_in_order_with_a_finding():
    cells, finding = _read(PRINTED)
    assert [v for v, _ in cells] == PRINTED
    assert finding is not None and finding.rule == "P11"


def test_one_window_whose_totals_hold_is_read_with_a_finding():
    cells, finding = _read([2024.0, *PRINTED])  # a stray year before the table
    assert [v for v, _ in cells] == PRINTED
    assert finding.rule == "P11" and "第2至16个" in finding.message


def test_more_than_fifteen_numbers_without_one_fitting_window_are_not_guessed():
    cells, finding = _read([5.0, 7.0, *PRINTED[:-1], 9.0])
    assert len([5.0, 7.0, *PRINTED[:-1], 9.0]) > WIDTH
    assert cells is None and finding.rule == "P2"
