"""Decide the values of one closed row: which printed cell goes under which column.

A row collects the numbers seen after its label. When it closes, its values are
placed only where the placement is certain:

- as many values as columns (an aligned grid also counts its blank cells);
- blanks placed by :func:`etl.matcher.textrows.align_text_row`;
- a text row that prints only zeros and blanks, closed by the next label of the table:
  whichever columns the zeros stand in, every cell is 0 (a blank of a shown
  table is 0), so all of its columns are 0 — but never at the end of a cut file,
  nor after a stray line of text (a page header may split a row);
- a file cut inside the row: the cells it shows, in order;
- a text row of plain digit runs whose digits, all told, are exactly one per column
  (``10 0 0 0 01`` in a row of seven): each digit is a cell, wherever the spaces fell;
- no cell at all before the next row's label: an all-blank row whose empty cells a
  text copy dropped (``blank``; the matcher reads it as 0s if its table placed every
  number it printed).

Everything else is left absent, with the message of a finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from etl.matcher.headers import Verdict
from etl.matcher.labels import LabelMatch
from etl.matcher.textrows import Placed, align_text_row
from etl.numbers import to_halfwidth
from etl.readers.base import Cell

_DIGITS = re.compile(r"[0-9]+")


@dataclass
class OpenRow:
    """A row being filled: its label cell and the value cells seen so far."""

    match: LabelMatch
    label: Cell
    values: list[tuple[float | None, Cell]] = field(default_factory=list)
    row_cells: list[Cell] = field(default_factory=list)  # text rows: cells after the label
    aligned: bool = False
    row_id: tuple[int, int] = (-1, -1)
    verdict: Verdict = field(default_factory=Verdict)  # what the sub-table's headings say
    amount_unit: str | None = None  # the unit its amount column's heading prints (元/万元)
    followed: bool = False  # the next sub-table's heading came after it (the row is whole)
    words: str | None = None  # words printed in its cells instead of numbers (本单位未制作规章)


@dataclass
class Placement:
    """What to store for a closed row and what to report about it."""

    cells: list[tuple[int, float, Cell]] = field(default_factory=list)  # (column, value, cell)
    rule: str | None = None  # finding rule, when the row was not (fully) read
    message: str | None = None
    blank: bool = False  # no cell at all before the next row: an all-blank row of a text copy


def _in_order(placed: Placed) -> list[tuple[int, float, Cell]]:
    return [(i, 0.0 if value is None else value, cell) for i, (value, cell) in enumerate(placed)]


def place_row(
    op: OpenRow,
    n: int,
    header_cols: list[int] | None,
    total_index: int | None,
    *,
    at_end: bool,
    successor: bool,
) -> Placement:
    """The values of a closed row with ``n`` columns (see the module docstring)."""
    if op.verdict.foreign:
        names = "、".join(op.verdict.foreign)
        return Placement(
            [],
            "P2",
            f"“{op.label.text}”所在表的列名（{names}）属于另一版模板，无法对应，该行留空。",
        )
    values = _without_padding(op, n)
    got = [v for v in values if v[0] is not None]
    if not got and not op.aligned and op.row_cells and op.verdict.printed is None:
        got = align_text_row(op.row_cells, n, None, None) or []  # printed blank cells
    if not got and not (op.aligned and len(values) >= n):
        return _nothing_printed(op, at_end=at_end, successor=successor, values=values)
    printed = op.verdict.printed
    if printed is not None and len(got) != n:
        return _printed_columns(op, printed, got)
    if not op.aligned and len(got) < n and op.row_cells:
        fitted = align_text_row(op.row_cells, n, header_cols, total_index)
        if fitted is not None:
            got = fitted
    if len(got) == n or (op.aligned and len(values) >= n):
        return _whole_row(op, values, got, n)
    return _uneven_row(op, got, n, at_end=at_end, successor=successor)


def _without_padding(op: OpenRow, n: int) -> list[tuple[float | None, Cell]]:
    """The row's cells; aligned grids put values in the last n columns: blanks before
    them are empty label-area cells, blanks after them are padding."""
    values = list(op.values)
    if op.aligned:
        while len(values) > n and values[0][0] is None:
            values.pop(0)
        while len(values) > n and values[-1][0] is None:
            values.pop()
    return values


def _nothing_printed(
    op: OpenRow, *, at_end: bool, successor: bool, values: list[tuple[float | None, Cell]]
) -> Placement:
    """A row that printed no number."""
    if op.match.row.derived_from:
        return Placement([])
    if op.words is not None:
        # Words where the cells are (本单位未制作规章): not blank cells, and no number.
        return Placement(
            [], "P2", f"“{op.label.text}”行的单元格印的是文字“{op.words}”，不是数字，该行留空。"
        )
    if at_end:
        return Placement([])
    if successor and not values:
        # The next row's label (or a part heading) follows at once: a copy that drops
        # empty cells printed this row blank. The caller decides, seeing the whole
        # table, whether its blanks are 0s.
        return Placement([], blank=True)
    return Placement([], "P2", f"“{op.label.text}”行没有找到数值，该行留空。")


def _printed_columns(op: OpenRow, printed: tuple[int, ...], got: Placed) -> Placement:
    """The headings name only some columns: the row prints only those."""
    if len(got) == len(printed):
        return Placement([(i, v or 0.0, c) for i, (v, c) in zip(printed, got, strict=True)])
    return Placement(
        [],
        "P2",
        f"“{op.label.text}”所在表只印出{len(printed)}列，该行有{len(got)}个数值，该行留空。",
    )


def _whole_row(
    op: OpenRow, values: list[tuple[float | None, Cell]], got: Placed, n: int
) -> Placement:
    """As many cells as columns (an aligned grid counts its blanks): read in order."""
    seq = values[:n] if op.aligned else got
    extra = [v for v in (values[n:] if op.aligned else got[n:]) if v[0] is not None]
    if extra:
        return Placement(_in_order(seq), "P6", f"“{op.label.text}”行有多余的数值，未读取。")
    return Placement(_in_order(seq))


def _uneven_row(op: OpenRow, got: Placed, n: int, *, at_end: bool, successor: bool) -> Placement:
    """More or fewer numbers than columns: only what is certain."""
    label = op.label.text
    if len(got) > n:
        return Placement(_in_order(got[:n]), "P6", f"“{label}”行的数值多于{n}个，多出的未读取。")
    if successor and not at_end and not op.aligned and all(value == 0 for value, _ in got):
        return Placement([(i, 0.0, got[0][1]) for i in range(n)])
    digits = None if at_end or op.aligned else one_digit_cells(got, n)
    if digits is not None:
        return Placement(digits)
    if at_end:
        # The document stops inside this row: the cells it shows are certain.
        return Placement(
            _in_order(got), "P2", f"文档在“{label}”行中断，只读取了前{len(got)}个数值。"
        )
    return Placement(
        [],
        "P2",
        f"“{label}”行只有{len(got)}个数值（应为{n}个），无法确定对应列，该行留空。",
    )


def one_digit_cells(
    got: Sequence[tuple[float | None, Cell]], n: int
) -> list[tuple[int, float, Cell]] | None:
    """Each digit a cell, when the row printed only digit runs holding ``n`` digits in all
    and one run opens with a 0 ('01': no count is printed so, the gaps are not the cells').

    Every cell prints at least one digit, so ``n`` digits for ``n`` cells leave one split
    (pingtan-gaj-2024: '10 0 0 0 01' is 1/0/0/0/0/0/1); otherwise None. Without the
    leading 0 the gaps may be the cells ('24 1 0 0 0 0' lost a cell, not a digit).
    """
    texts = [to_halfwidth(cell.text).strip() for _, cell in got]
    if not all(_DIGITS.fullmatch(t) for t in texts) or sum(map(len, texts)) != n:
        return None
    if not any(len(t) > 1 and t[0] == "0" for t in texts):
        return None
    pieces = [(d, cell) for t, (_, cell) in zip(texts, got, strict=True) for d in t]
    return [(i, float(d), cell) for i, (d, cell) in enumerate(pieces)]
