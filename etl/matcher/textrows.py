"""Place the cells of one text row when some of them are blank.

In a tab or pipe row, an empty cell inside a shown table is a 0 — but text rows
are ragged (merged label columns leave extra tabs, a trailing separator leaves
an empty cell), so a blank's column is not obvious. Three readings are tried:
the columns of the header row above, the n cells right after the label, and
the blanks between the first and last number. Where the cells are certain (the
header's own columns, or exactly n cells after the label, the first one printed)
they are read as printed, even when the report's total does not hold (the rule
then raises its finding). Otherwise a reading is kept only if every number of the
row falls inside it and its printed total (if any) holds, and the readings must
agree, or the row is not placed.
"""

from __future__ import annotations

import math

from etl.numbers import parse_cell
from etl.readers.base import Cell

Placed = list[tuple[float | None, Cell]]
_PRINTED = ("number", "unclear")


def _reading(cells: list[Cell]) -> Placed | None:
    out: Placed = []
    for cell in cells:
        parsed = parse_cell(cell.text)
        if parsed.kind == "text":
            return None
        if parsed.kind == "unclear":
            out.append((math.nan, cell))  # its place is known, its number is not
            continue
        out.append((0.0 if parsed.value is None else parsed.value, cell))
    return out


def _covers_numbers(reading: Placed, after: list[Cell]) -> bool:
    used = {id(c) for _, c in reading}
    return all(id(c) in used for c in after if parse_cell(c.text).kind in _PRINTED)


def _total_holds(reading: Placed, total_index: int | None) -> bool:
    if total_index is None:
        return True
    rest = sum(v or 0 for i, (v, _) in enumerate(reading) if i != total_index)
    return reading[total_index][0] == rest


def _printed_cells(after: list[Cell], n: int) -> Placed | None:
    """The row as printed when its cells are certain: exactly n cells after the label
    (a closing separator aside), the first of them printed, none of them text."""
    cells = list(after)
    if len(cells) == n + 1 and not cells[-1].text.strip():
        cells = cells[:-1]
    if len(cells) != n or not cells[0].text.strip():
        return None  # leading blanks may be merged label columns of a ragged row
    return _reading(cells)


def _under_headings(after: list[Cell], header_cols: list[int]) -> Placed | None:
    """The cells in the header's own columns, if every one is there and holds the numbers."""
    by_col = {c.locator.col: c for c in after}
    if not all(col in by_col for col in header_cols):
        return None
    r = _reading([by_col[col] for col in header_cols])
    return r if r is not None and _covers_numbers(r, after) else None


def _candidate_readings(after: list[Cell], n: int) -> list[Placed]:
    """Readings of n cells: every cell after the label, the same without leading empty
    cells (ragged text: merged label columns), or the span from first to last number."""
    readings: list[Placed] = []
    stripped = list(after)
    while stripped and not stripped[0].text.strip():
        stripped.pop(0)
    for cells in (list(after), stripped):
        if len(cells) == n + 1 and not cells[-1].text.strip():
            cells = cells[:-1]  # the separator that closes a pipe or tab row
        if len(cells) == n:
            r = _reading(cells)
            if r is not None:
                readings.append(r)
    numbers = [i for i, c in enumerate(after) if parse_cell(c.text).kind in _PRINTED]
    if numbers and numbers[-1] - numbers[0] + 1 == n:
        r = _reading(after[numbers[0] : numbers[-1] + 1])
        if r is not None:
            readings.append(r)
    return readings


def align_text_row(
    after: list[Cell],
    n: int,
    header_cols: list[int] | None,
    total_index: int | None,
) -> Placed | None:
    """The n values of a text row, or None when they cannot be placed with certainty.

    ``after`` holds the row's cells after its label, in order; ``header_cols`` the
    source columns of the header cells naming the row's n columns, when known.
    """
    if header_cols and len(header_cols) == n:
        r = _under_headings(after, header_cols)
        if r is not None:
            # The cells under the header's own columns: certain, so a total that does
            # not hold is the report's own error, read as printed (the rule says so).
            return r
    certain = _printed_cells(after, n)
    if certain is not None:
        return certain
    readings = _candidate_readings(after, n)
    # A placement whose printed total disagrees is a misplacement, not a finding.
    readings = [r for r in readings if _covers_numbers(r, after) and _total_holds(r, total_index)]
    distinct = {tuple(v for v, _ in r) for r in readings}
    return readings[0] if len(distinct) == 1 else None
