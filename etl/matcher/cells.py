"""Walk a document's cells in reading order and place each number under its key.

Every format reduces to the same stream: label cells and number cells in
order. A row label the template knows opens a row; the numbers after it fill
that row's columns in template order. This one walk reads tab rows, pipe rows,
one cell per line, PDF text and aligned HTML/Word/PDF grids alike. Part 四 is
read as the run of 15 numbers after its heading.

Blank cells become 0 only where the template says so: inside a row of an
aligned grid, or between numbers of a text row whose width then fits exactly.
A row that cannot be placed with certainty is left absent with a finding.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field, replace

from etl.findings import Finding
from etl.matcher.appeal import AppealReader
from etl.matcher.headers import SubtableHeadings
from etl.matcher.labels import LabelMatch, column_labels, label_index, normalize_label
from etl.matcher.placement import OpenRow, place_row
from etl.matcher.regions import is_field_name, region_starts
from etl.matcher.runtogether import PendingRow
from etl.matcher.sections import heading_part
from etl.numbers import MAX_CELL_DIGITS, fmt_cell, parse_cell, split_digit_run
from etl.provenance import CanonicalValue, ValueSource
from etl.readers.base import Cell, Document, Paragraph
from etl.template import PART_WORDS, Column, Row, Table, Template, is_amount
from etl.template.parts import APPEAL_TABLE

#: The value of a cell that holds a place in its row but no certain number (see
#: ``parse_cell``'s "unclear"); it is never stored.
UNCLEAR = math.nan
_RUN_TOGETHER = re.compile(r"^(?P<label>.*?[^\d\s.])\s*(?P<digits>\d{2,}|\d+\.\d+)$")
_REVIEW = APPEAL_TABLE.rows[0].label  # the appeal table's first row (行政复议)


@dataclass
class MatchResult:
    """The matcher's output: values by key, findings, and which parts were seen."""

    values: dict[str, CanonicalValue] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    parts_found: set[int] = field(default_factory=set)
    pending: list[PendingRow] = field(default_factory=list)  # run-together rows left to solve


@dataclass(frozen=True)
class _Item:
    cell: Cell
    aligned: bool
    row_id: tuple[int, int]
    page: int | None


def _stream(doc: Document) -> list[_Item]:
    items: list[_Item] = []
    for b, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            for line in block.text.splitlines():
                if line.strip():
                    items.append(_Item(Cell(line.strip(), block.locator), False, (b, 0), None))
            continue
        for r, row in enumerate(block.rows):
            for cell in row:
                if not cell.is_span_copy:
                    items.append(_Item(cell, block.aligned, (b, r), block.page))
    return items


class _Walker:
    def __init__(self, template: Template, doc: Document):
        self.template = template
        self.index = label_index(template.id)
        self.result = MatchResult()
        self.last_row: dict[str, str | None] = {"active": None, "apply": None}
        self.open: OpenRow | None = None
        self.appeal = AppealReader()
        self.region_start: dict[str, int] = {}  # table key → first position its rows may open
        self.pos = 0  # position of the cell being walked
        # All-blank rows of text copies, and tables that printed a number no row took.
        self.blank_rows: list[OpenRow] = []
        self.last_table: str | None = None
        self.unknown_row: tuple[int, int] | None = None  # text row of a label outside the template
        self.unplaced: set[str] = set()
        self.unknown: Cell | None = None
        self.doc = doc
        # Column headings seen in text rows: (row id, source column, folded label).
        self.headings: list[tuple[tuple[int, int], int, str]] = []
        self.column_labels = column_labels(template.id)
        self.subheads = SubtableHeadings(template.id)

    def note_heading(self, item: _Item) -> None:
        """Remember where a column heading sits, to place blank cells of text rows."""
        norm = normalize_label(item.cell.text)
        opened_here = self.open is not None and self.open.label is item.cell
        if not item.aligned and not opened_here and norm in self.column_labels:
            self.headings.append((item.row_id, item.cell.locator.col, norm))
            del self.headings[:-64]

    def _header_cols(
        self, cols: tuple[Column, ...], row_id: tuple[int, int], label_col: int
    ) -> list[int] | None:
        found: list[int] = []
        for col in cols:
            names = {normalize_label(x) for x in (col.label, *col.aliases)}
            hits = [
                c
                for rid, c, norm in self.headings
                if norm in names and rid[0] == row_id[0] and row_id[1] - 40 <= rid[1] < row_id[1]
            ]
            if not hits:
                return None
            found.append(hits[-1])
        ok = all(a < b for a, b in itertools.pairwise(found)) and found[0] > label_col
        return found if ok else None

    # -- values ---------------------------------------------------------------
    def _put(self, table: Table, row: Row, col_index: int, value: float, cell: Cell, label: Cell):
        col = table.columns_of(row)[col_index]
        key = table.cell_key(row, col)
        if key in self.result.values:
            return
        self.result.values[key] = CanonicalValue(
            key, value, False, _locator(table, label.text, col.label, cell)
        )

    def _close(self, *, at_end: bool = False, successor: bool = False) -> None:
        """Place the open row's values; ``successor``: the next label of a table closed it."""
        op, self.open = self.open, None
        if op is None:
            return
        if at_end and op.followed:
            at_end, successor = False, True  # the next sub-table's headings followed it
        table, row = op.match.table, op.match.row
        cols = table.columns_of(row)
        keys = [c.key for c in cols]
        if _one_digit_run(op, len(cols)):  # "标签 1000001": the row's digits run together
            self._split_row(table, row, op.values[0][1].text.strip(), op.values[0][1], op.label)
            return
        header = None
        if not op.aligned and op.row_cells:
            header = self._header_cols(cols, op.row_id, op.label.locator.col)
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
            self._finding(
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
            amount = _amount(table.cell_key(row, cols[i]), value, unit)
            self._put(table, row, i, amount, cell, op.label)
        if placement.rule is not None and placement.message is not None:
            self._finding(placement.rule, row, table, placement.message)

    def _finding(self, rule: str, row: Row, table: Table, message: str) -> None:
        keys = tuple(table.cell_key(row, c) for c in table.columns_of(row))
        self.result.findings.append(Finding(rule, message, keys))

    # -- labels ---------------------------------------------------------------
    def _open_row(self, match: LabelMatch, item: _Item) -> None:
        self._close(successor=True)
        self.unknown = None
        cell = item.cell
        self.last_row[match.table.key] = match.row.key
        self.last_table = match.table.key
        self.result.parts_found.add(match.table.part)
        self.open = OpenRow(match, cell, aligned=item.aligned, row_id=item.row_id)
        if match.table.key == "active":
            self.open.verdict = self.subheads.verdict(match.table.columns_of(match.row))
            self.open.amount_unit = self.subheads.amount_unit
        if match.fuzzy:
            self.result.findings.append(
                Finding(
                    "P5",
                    f"行标签“{cell.text}”与模板“{match.row.label}”不完全一致，按顺序匹配。",
                    tuple(
                        match.table.cell_key(match.row, c)
                        for c in match.table.columns_of(match.row)
                    ),
                    locators=(cell.locator.describe(),),
                )
            )

    def _run_together(self, item: _Item) -> bool:
        cell = item.cell
        norm = cell.text.strip()
        m = _RUN_TOGETHER.match(re.sub(r"\s+", "", norm))
        if not m:
            return False
        match = self._in_region(self.index.match(m.group("label"), self.last_row))
        op = self.open
        if match is None and op is not None and _label_tail(op, m.group("label")):
            # the wrapped end of the open row's label, its digits run on: "…不再处理6000006"
            self._split_row(op.match.table, op.match.row, m.group("digits"), cell, op.label)
            self.open = None
            return True
        if match is None:
            return False
        self._open_row(match, item)
        self._split_row(match.table, match.row, m.group("digits"), cell)
        self.open = None
        return True

    def _split_row(
        self, table: Table, row: Row, digits: str, cell: Cell, label: Cell | None = None
    ) -> None:
        """Cut a row's run of digits into its cells: now if the row alone allows one
        split, else later with the whole table (``etl.matcher.runtogether``)."""
        cols = table.columns_of(row)
        label = label or cell
        if "." in digits:  # "…收费18651.06": one amount after its label
            if len(cols) == 1:
                self._put(table, row, 0, float(digits), cell, label)
            return
        splits = split_digit_run(digits, len(cols))
        keys = [c.key for c in cols]
        if len(splits) > 1 and "total" in keys:
            t = keys.index("total")
            splits = [s for s in splits if s[t] == sum(v for i, v in enumerate(s) if i != t)]
        if len(splits) == 1:
            for i, v in enumerate(splits[0]):
                self._put(table, row, i, float(v), cell, label)
            for key in (table.cell_key(row, c) for c in cols):
                found = self.result.values[key]
                self.result.values[key] = replace(
                    found, locator=replace(found.locator, arithmetic="split")
                )
        elif splits:  # settled with the whole table by etl.matcher.runtogether
            self.result.pending.append(
                PendingRow(
                    tuple(table.cell_key(row, c) for c in cols),
                    tuple(tuple(s) for s in splits),
                    tuple(_locator(table, label.text, c.label, cell) for c in cols),
                    cell.text,
                )
            )
        elif len(digits) > len(cols) * MAX_CELL_DIGITS:
            self._finding(
                "P8",
                row,
                table,
                f"“{fmt_cell(cell.text)}”中连写的数字多于该行{len(cols)}个单元格可能的位数，"
                "不作为数值读取，该行留空。",
            )
        else:
            self._finding(
                "P3",
                row,
                table,
                f"“{cell.text}”中的数字连写在一起，无法唯一拆分为{len(cols)}个数值，该行留空。",
            )

    def label(self, item: _Item) -> None:
        text = item.cell.text
        norm = normalize_label(text)
        if not norm:
            return
        heading = heading_part(text)
        if heading == 4 or _names_appeal(norm):
            self._close(successor=True)
            self.appeal.words()
            self.appeal.start()
            return
        if heading == 5:
            self._close(successor=True)
            self._end_appeal()
            return
        if self.appeal.active:
            if not self._outside_appeal(text):
                self.appeal.words()
                return
            # A part-二/三 label: the "复议…诉讼" line was a sub-heading of part 一.
            self.appeal.cancel()
        if is_field_name(text):
            return  # a page's field name (规范性文件登记:), never a row label
        if _RUN_TOGETHER.match(re.sub(r"\s+", "", text)) and self._run_together(item):
            return
        match = self._in_region(self.index.match(text, self.last_row))
        if (match is None and self.open is not None and self.open.values) or (
            match is None and self.open is None
        ):
            match = self._in_region(self.index.fuzzy_next(text, self.last_row))
        if match is not None:
            self._open_row(match, item)
            return
        if heading in (2, 3):
            self._close(successor=True)  # a part heading ends the row before it
            return
        if self.index.is_group(text):
            if self.open is not None and self.open.values:
                self._close(successor=True)
            elif self.open is not None:
                self.open.followed = True  # the next sub-table began: this row is whole
            return
        if self.open is not None and not self.open.values and len(norm) <= 20:
            if norm in self.column_labels or norm == "信息内容":
                self.open.followed = True  # a column heading of the next sub-table
            return  # a label's continuation line (two-line row labels)
        self._close(successor=heading is not None)
        if not isinstance(self.doc.blocks[item.row_id[0]], Paragraph):
            self.unknown_row = item.row_id  # this table row's numbers: a row outside the template
        if len(norm) <= 20 and any(self.last_row.values()):
            self.unknown = item.cell

    def read_blank_rows(self) -> None:
        """All-blank rows are 0s (blank = 0 in a shown table), unless their table printed
        numbers that no row took: then labels and numbers may be printed apart (column
        by column) and a label alone says nothing about its cells."""
        for op in self.blank_rows:
            table, row = op.match.table, op.match.row
            if table.key in self.unplaced:
                self._finding("P2", row, table, f"“{op.label.text}”行没有找到数值，该行留空。")
                continue
            shown = op.verdict.printed or range(len(table.columns_of(row)))
            for i in shown:
                self._put(table, row, i, 0.0, op.label, op.label)
            self._finding(
                "P9",
                row,
                table,
                f"“{op.label.text}”行没有印出任何单元格（空白行），按模板“空白即0”读作0。",
            )

    def _in_region(self, match: LabelMatch | None) -> LabelMatch | None:
        """The match, unless it lies before its part's region (page chrome, part 一)."""
        if match is not None and self.pos < self.region_start.get(match.table.key, -1):
            return None
        return match

    def _outside_appeal(self, text: str) -> bool:
        """A label part 四 never prints: a part-二/三 row or heading (not 总计/其他)."""
        if self.index.is_group(text):
            return True
        match = self.index.match(text, self.last_row)
        return match is not None and not match.row.only_after

    def number(self, item: _Item, value: float | None) -> None:
        if self.appeal.active:
            self.appeal.cell(value, item.cell)
            return
        stray = self.open is None and value is not None and item.row_id != self.unknown_row
        if stray and self.last_table is not None:
            self.unplaced.add(self.last_table)  # a number no row of its table took
        if self.open is None:
            if self.unknown is not None and value is not None:
                self.result.findings.append(
                    Finding(
                        "P4",
                        f"表格中有模板外的行“{self.unknown.text}”，其数值未读取。",
                        locators=(self.unknown.locator.describe(),),
                    )
                )
                self.unknown = None
            return
        self.open.values.append((value, item.cell))

    def _end_appeal(self) -> None:
        cells, finding = self.appeal.finish()
        if finding is not None:
            self.result.findings.append(finding)
        if cells is None:
            return
        self.result.parts_found.add(4)
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
                key, value, False, _locator(APPEAL_TABLE, row.label, col.label, cell)
            )


def _locator(table: Table, row_label: str, col_label: str, cell: Cell) -> ValueSource:
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


def _names_appeal(norm: str) -> bool:
    """A short text naming both reviews and lawsuits (part 四's heading, its table's
    header 行政复议 | 行政诉讼), or the table's first row label alone."""
    return (len(norm) <= 24 and all(w in norm for w in PART_WORDS[4])) or norm == _REVIEW


def _label_tail(op: OpenRow, text: str) -> bool:
    """Whether ``text`` can be the wrapped rest of the open row's label (part 三's long rows).

    Only rows of five or more cells: a short row's next heading ("…数量(指2020年")
    must not lend it digits; and not text inside an open bracket (a year in a note).
    """
    if op.values or op.aligned or len(op.match.table.columns_of(op.match.row)) < 5:
        return False
    opened = text.count("(") + text.count("（") - text.count(")") - text.count("）")
    return opened <= 0


def _one_digit_run(op: OpenRow, n_cols: int) -> bool:
    """Whether an open part-三 row (five or more cells) got one cell of n or more bare digits.

    Shorter rows are left to placement: "<label> | 117" under a heading that names one of
    three columns is one number, not 1, 1, 7.
    """
    if n_cols < 5 or len(op.values) != 1 or op.aligned:
        return False
    text = op.values[0][1].text.strip()
    return text.isascii() and text.isdigit() and len(text) >= n_cols


def _ocr_source(loc) -> dict | None:
    """The OCR provenance of a cell read from a page image (box in points, confidence)."""
    if loc.ocr is None:
        return None
    out: dict = {"box": list(loc.ocr.box), "confidence": loc.ocr.confidence}
    if loc.ocr.weak:
        out["weak"] = loc.ocr.weak
    return out


def _amount(key: str, raw: float, unit: str | None) -> float:
    if is_amount(key) and key.endswith("_wan_yuan") and unit == "元":
        return raw / 10_000
    return raw


def match_cells(doc: Document, template: Template) -> MatchResult:
    """Place every number of the document under its canonical key."""
    walker = _Walker(template, doc)
    items = _stream(doc)
    data_rows = _aligned_data_rows(items)
    walker.region_start = region_starts(
        [(i, it.cell.text) for i, it in enumerate(items) if not it.cell.is_cut]
    )
    last_row_id: tuple[int, int] | None = None
    for pos, item in enumerate(items):
        walker.pos = pos
        if item.row_id != last_row_id:
            if walker.open is not None and walker.open.aligned:
                walker._close()
            last_row_id = item.row_id
        cell = item.cell
        if cell.is_cut:
            continue
        parsed = parse_cell(cell.text)
        if parsed.kind == "text":
            walker.subheads.see(cell.text)
            walker.label(item)
            walker.note_heading(item)
            continue
        op = walker.open
        if op is not None and not op.aligned and item.row_id == op.row_id:
            op.row_cells.append(cell)
        if parsed.kind == "unclear":
            # A cell in its place whose number is not certain (a bare 增): it keeps the
            # row's positions and stays absent.
            if walker.open is not None or walker.appeal.active:
                walker.number(item, UNCLEAR)
            continue
        if parsed.kind == "blank" and cell.text.strip() and not item.aligned:
            # An explicit dash or 无 in a text row is a printed 0, not a missing cell.
            parsed = parse_cell("0")
        if parsed.kind == "blank":
            if (walker.appeal.active and (not item.aligned or item.row_id in data_rows)) or (
                item.aligned and walker.open is not None
            ):
                walker.number(item, None)
            continue
        walker.number(item, parsed.value if parsed.value is not None else 0.0)
    walker._close(at_end=True)
    walker._end_appeal()
    walker.read_blank_rows()
    return walker.result


def _aligned_data_rows(items: list[_Item]) -> set[tuple[int, int]]:
    """Aligned rows of numbers and blanks only: in part 四 their blanks are cells."""
    kinds: dict[tuple[int, int], set[str]] = {}
    for it in items:
        if it.aligned:
            kinds.setdefault(it.row_id, set()).add(parse_cell(it.cell.text).kind)
    return {rid for rid, k in kinds.items() if "text" not in k}
