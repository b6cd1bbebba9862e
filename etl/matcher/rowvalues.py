"""Store what the cell walk read: a closed row's values, digit runs, blank rows, part 四.

The walk (``etl.matcher.cells``) decides which cells belong to which row; this
module turns them into canonical values with their locators, and into the P
findings of rows it cannot read with certainty. It keeps the walk's output
(:class:`MatchResult`) and the table-wide facts decided after the walk (an
all-blank row is 0s only if its table placed every number it printed).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from etl.findings import Finding
from etl.matcher.placement import OpenRow, place_row
from etl.matcher.runtogether import PendingRow
from etl.numbers import MAX_CELL_DIGITS, fmt_cell, parse_cell, split_digit_run
from etl.provenance import CanonicalValue, ValueSource
from etl.readers.base import Cell, Locator
from etl.template import Row, Table, is_amount
from etl.template.parts import APPEAL_TABLE

_SIGN = re.compile(r"[+\-－−]")
_SIGN_SPLIT = re.compile(r"(?=[+\-－−])")


@dataclass
class MatchResult:
    """The matcher's output: values by key, findings, and which parts were seen."""

    values: dict[str, CanonicalValue] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    parts_found: set[int] = field(default_factory=set)
    pending: list[PendingRow] = field(default_factory=list)  # run-together rows left to solve


class RowValues:
    """The values and findings of the rows the walk closes."""

    def __init__(self) -> None:
        self.result = MatchResult()
        # All-blank rows of text copies, and tables that printed a number no row took.
        self.blank_rows: list[OpenRow] = []
        self.unplaced: set[str] = set()

    def put(self, table: Table, row: Row, col_index: int, value: float, cell: Cell, label: Cell):
        """One value under its key, unless the key was read already."""
        col = table.columns_of(row)[col_index]
        key = table.cell_key(row, col)
        if key in self.result.values:
            return
        self.result.values[key] = CanonicalValue(
            key, value, False, locator(table, label.text, col.label, cell)
        )

    def finding(self, rule: str, row: Row, table: Table, message: str) -> None:
        """A finding about every cell of one row."""
        keys = tuple(table.cell_key(row, c) for c in table.columns_of(row))
        self.result.findings.append(Finding(rule, message, keys))

    def close(
        self, op: OpenRow, header: list[int] | None, *, at_end: bool, successor: bool
    ) -> None:
        """Place a closed row's values (``header``: the source columns its headings name)."""
        table, row = op.match.table, op.match.row
        cols = table.columns_of(row)
        if _one_digit_run(op, len(cols)):  # "标签 1000001": the row's digits run together
            self.split_row(table, row, op.values[0][1].text.strip(), op.values[0][1], op.label)
            return
        keys = [c.key for c in cols]
        placement = place_row(
            op,
            len(cols),
            header,
            keys.index("total") if "total" in keys else None,
            at_end=at_end,
            successor=successor,
        )
        unclear = [cell for _, value, cell in placement.cells if math.isnan(value)]
        if unclear:
            printed = "、".join(f"“{c.text.strip()}”" for c in unclear)
            self.finding(
                "P10", row, table, f"“{op.label.text}”行的单元格{printed}不是确定的数值，留空。"
            )
        if placement.blank:
            self.blank_rows.append(op)
            return
        if placement.rule == "P6":
            self.unplaced.add(table.key)
        for i, value, cell in placement.cells:
            if math.isnan(value):
                continue
            # Amounts printed in 元 (in the cell, or the column heading says so) are stored in 万元.
            unit = parse_cell(cell.text).unit or op.amount_unit
            self.put(
                table, row, i, _amount(table.cell_key(row, cols[i]), value, unit), cell, op.label
            )
        if placement.rule is not None and placement.message is not None:
            self.finding(placement.rule, row, table, placement.message)

    def split_row(
        self, table: Table, row: Row, digits: str, cell: Cell, label: Cell | None = None
    ) -> None:
        """Cut a row's run of digits into its cells: now if the row alone allows one
        split, else later with the whole table (``etl.matcher.runtogether``)."""
        cols = table.columns_of(row)
        label = label or cell
        if _SIGN.search(digits):
            self._split_signed(table, row, digits, cell, label)
            return
        if "." in digits:  # "…收费18651.06": one amount after its label
            if len(cols) == 1:
                self.put(table, row, 0, float(digits), cell, label)
            return
        splits = split_digit_run(digits, len(cols))
        keys = [c.key for c in cols]
        if len(splits) > 1 and "total" in keys:
            t = keys.index("total")
            splits = [s for s in splits if s[t] == sum(v for i, v in enumerate(s) if i != t)]
        if len(splits) == 1:
            self._put_split(table, row, splits[0], cell, label)
        elif splits:  # settled with the whole table by etl.matcher.runtogether
            self.result.pending.append(
                PendingRow(
                    tuple(table.cell_key(row, c) for c in cols),
                    tuple(tuple(s) for s in splits),
                    tuple(locator(table, label.text, c.label, cell) for c in cols),
                    cell.text,
                )
            )
        elif len(digits) > len(cols) * MAX_CELL_DIGITS:
            self.finding(
                "P8",
                row,
                table,
                f"“{fmt_cell(cell.text)}”中连写的数字多于该行{len(cols)}个单元格可能的位数，"
                "不作为数值读取，该行留空。",
            )
        else:
            self.finding(
                "P3",
                row,
                table,
                f"“{cell.text}”中的数字连写在一起，无法唯一拆分为{len(cols)}个数值，该行留空。",
            )

    def _split_signed(self, table: Table, row: Row, digits: str, cell: Cell, label: Cell) -> None:
        """A run with a sign: the sign opens the signed column's cell (本年增/减), the
        digits before it fill the cells before that column. Cells equal in every cut are
        read (行政处罚2648-18538: 2648); the others stay absent with P3."""
        cols = table.columns_of(row)
        signed = [i for i, c in enumerate(cols) if c.may_be_negative]
        pieces = _SIGN_SPLIT.split(digits)
        if len(signed) != 1 or len(pieces) != 2 or not pieces[1]:
            self.finding(
                "P3", row, table, f"“{cell.text}”中的数字连写在一起，无法确定各单元格，该行留空。"
            )
            return
        k = signed[0]
        before = split_digit_run(pieces[0], k) if k else ([[]] if not pieces[0] else [])
        sign = -1 if pieces[1][0] in "-－−" else 1
        after = split_digit_run(pieces[1][1:], len(cols) - k)
        cuts = [[*b, sign * a[0], *a[1:]] for b in before for a in after]
        certain = [i for i in range(len(cols)) if cuts and all(c[i] == cuts[0][i] for c in cuts)]
        for i in certain:
            self.put(table, row, i, float(cuts[0][i]), cell, label)
            key = table.cell_key(row, cols[i])
            found = self.result.values[key]
            self.result.values[key] = replace(
                found, locator=replace(found.locator, arithmetic="split")
            )
        if len(certain) < len(cols):
            self.finding(
                "P3",
                row,
                table,
                f"“{cell.text}”中的数字连写在一起，有{len(cuts)}种拆分，"
                f"只读取各种拆分都相同的{len(certain)}个数值，其余留空。",
            )

    def _put_split(self, table: Table, row: Row, split: list[int], cell: Cell, label: Cell) -> None:
        for i, v in enumerate(split):
            self.put(table, row, i, float(v), cell, label)
        for key in (table.cell_key(row, c) for c in table.columns_of(row)):
            found = self.result.values[key]
            self.result.values[key] = replace(
                found, locator=replace(found.locator, arithmetic="split")
            )

    def read_blank_rows(self) -> None:
        """All-blank rows are 0s (blank = 0 in a shown table), unless their table printed
        numbers that no row took: then labels and numbers may be printed apart (column
        by column) and a label alone says nothing about its cells."""
        for op in self.blank_rows:
            table, row = op.match.table, op.match.row
            if table.key in self.unplaced:
                self.finding("P2", row, table, f"“{op.label.text}”行没有找到数值，该行留空。")
                continue
            shown = op.verdict.printed or range(len(table.columns_of(row)))
            for i in shown:
                self.put(table, row, i, 0.0, op.label, op.label)
            self.finding(
                "P9",
                row,
                table,
                f"“{op.label.text}”行没有印出任何单元格（空白行），按模板“空白即0”读作0。",
            )

    def put_appeal(self, cells: list[tuple[float, Cell]]) -> None:
        """Part 四's 15 cells in template order (an unclear one stays absent with P10)."""
        self.result.parts_found.add(APPEAL_TABLE.part)
        slots = [(r, c) for r in APPEAL_TABLE.rows for c in APPEAL_TABLE.columns]
        for (row, col), (value, cell) in zip(slots, cells, strict=True):
            key = APPEAL_TABLE.cell_key(row, col)
            if math.isnan(value):
                self.result.findings.append(
                    Finding(
                        "P10",
                        f"第四部分的单元格“{cell.text.strip()}”不是确定的数值，留空。",
                        (key,),
                    )
                )
                continue
            self.result.values[key] = CanonicalValue(
                key, value, False, locator(APPEAL_TABLE, row.label, col.label, cell)
            )


def locator(table: Table, row_label: str, col_label: str, cell: Cell) -> ValueSource:
    """Where a table value was printed: its part, template labels and the cell."""
    loc = cell.locator
    return ValueSource(
        part=table.part,
        row_label=row_label,
        column=col_label,
        cell=cell.text,
        block=loc.block,
        r=loc.row + 1,
        c=loc.col + 1,
        line=loc.line,
        page=loc.page,
        table=loc.table,
        ocr=_ocr_source(loc),
    )


def _one_digit_run(op: OpenRow, n_cols: int) -> bool:
    """Whether an open part-三 row (five or more cells) got one cell of n or more bare digits.

    Shorter rows are left to placement: "<label> | 117" under a heading that names one of
    three columns is one number, not 1, 1, 7.
    """
    if n_cols < 5 or len(op.values) != 1 or op.aligned:
        return False
    text = op.values[0][1].text.strip()
    return text.isascii() and text.isdigit() and len(text) >= n_cols


def _ocr_source(loc: Locator) -> dict | None:
    """The OCR provenance of a cell read from a page image (box in points, confidence)."""
    if loc.ocr is None:
        return None
    out: dict = {"box": list(loc.ocr.box), "confidence": loc.ocr.confidence}
    if loc.ocr.weak:
        out["weak"] = loc.ocr.weak
    return out


def _amount(key: str, raw: float, unit: str | None) -> float:
    """A cell's value in its key's unit: 元 amounts in 万元, a count printed in 万 whole.

    >>> _amount("active.procurement.amount_wan_yuan", 2601.95, "万")
    2601.95
    >>> _amount("active.procurement.amount_wan_yuan", 70487.0, "元")
    7.0487
    >>> _amount("active.licensing.decisions", 1.2, "万")
    12000.0
    """
    if is_amount(key) and key.endswith("_wan_yuan") and unit == "元":
        return raw / 10_000
    if unit == "万" and not is_amount(key):
        return round(raw * 10_000, 6)
    return raw
