"""A document as one stream of cells in reading order, whatever its format.

Paragraph lines and table cells alike become :class:`Item` s: the walk
(``etl.matcher.cells``) reads label cells and number cells in this order. An item
knows whether it sits in an aligned grid (HTML/Word/PDF tables, whose blank cells
hold a place) and which row it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.numbers import parse_cell
from etl.readers.base import Cell, Document, Paragraph


@dataclass(frozen=True)
class Item:
    """One cell of the stream: a table cell, or a line of a paragraph."""

    cell: Cell
    aligned: bool
    row_id: tuple[int, int]  # (block, row); a paragraph's lines share row 0
    page: int | None


def stream(doc: Document) -> list[Item]:
    """Every non-empty paragraph line and every table cell (span copies once), in order."""
    items: list[Item] = []
    for b, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            for line in block.text.splitlines():
                if line.strip():
                    items.append(Item(Cell(line.strip(), block.locator), False, (b, 0), None))
            continue
        for r, row in enumerate(block.rows):
            for cell in row:
                if not cell.is_span_copy:
                    items.append(Item(cell, block.aligned, (b, r), block.page))
    return items


def aligned_data_rows(items: list[Item]) -> set[tuple[int, int]]:
    """Aligned rows of numbers and blanks only: in part 四 their blanks are cells."""
    kinds: dict[tuple[int, int], set[str]] = {}
    for it in items:
        if it.aligned:
            kinds.setdefault(it.row_id, set()).add(parse_cell(it.cell.text).kind)
    return {rid for rid, k in kinds.items() if "text" not in k}
