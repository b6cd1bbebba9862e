"""Walk a document's cells in reading order and place each number under its key.

Every format reduces to the same stream (``etl.matcher.stream``): label cells and
number cells in order. A row label the template knows opens a row; the numbers
after it fill that row's columns in template order. This one walk reads tab rows,
pipe rows, one cell per line, PDF text and aligned HTML/Word/PDF grids alike.
Part 四 is read as the run of 15 numbers after its heading (``etl.matcher.appeal``).

Blank cells become 0 only where the template says so: inside a row of an
aligned grid, or between numbers of a text row whose width then fits exactly.
A row that cannot be placed with certainty is left absent with a finding; the
values and findings are kept by ``etl.matcher.rowvalues``.
"""

from __future__ import annotations

import math
import re

from etl.findings import Finding
from etl.matcher.appeal import AppealReader
from etl.matcher.headers import SubtableHeadings, TextRowHeadings
from etl.matcher.labels import LabelMatch, label_index, normalize_label
from etl.matcher.placement import OpenRow
from etl.matcher.regions import is_field_name, region_starts
from etl.matcher.rowvalues import MatchResult, RowValues
from etl.matcher.sections import heading_part
from etl.matcher.stream import Item, aligned_data_rows, stream
from etl.numbers import CellValue, parse_cell
from etl.readers.base import Document, Paragraph
from etl.template import PART_WORDS, Template
from etl.template.parts import APPEAL_TABLE, INFO_CONTENT

#: The value of a cell that holds a place in its row but no certain number (see
#: ``parse_cell``'s "unclear"); it is never stored.
UNCLEAR = math.nan
# A label with its row's digits run on; a sign may open a cell of the run (行政处罚2648-18538),
# and never ends the label (行政事业性收费35-15 is 35 and -15, not 1 and 5).
_RUN_TOGETHER = re.compile(
    r"^(?P<label>.*?[^\d\s.+\-－−])\s*"
    r"(?P<digits>\d+|\d+\.\d+|[+\-－−]?\d+(?:[+\-－−]\d+)+|[+\-－−]\d+)$"
)
_REVIEW = APPEAL_TABLE.rows[0].label  # the appeal table's first row (行政复议)
_INFO_CONTENT = normalize_label(INFO_CONTENT)
# A bracketed note after a whole label is the label's variant (规范性文件 / （指…）).
_NOTE_START = re.compile(r"^[（(【\[]")
_SHORT = 20  # characters: a longer text is no label's continuation nor a row of its own

__all__ = ["UNCLEAR", "MatchResult", "match_cells"]


class _Walker:
    def __init__(self, template: Template, doc: Document):
        self.template = template
        self.doc = doc
        self.index = label_index(template.id)
        self.out = RowValues()
        self.last_row: dict[str, str | None] = {"active": None, "apply": None}
        self.open: OpenRow | None = None
        self.appeal = AppealReader()
        self.region_start: dict[str, int] = {}  # table key → first position its rows may open
        self.pos = 0  # position of the cell being walked
        self.last_table: str | None = None
        self.unknown_row: tuple[int, int] | None = None  # text row of a label outside the template
        self.unknown: Item | None = None
        self.headings = TextRowHeadings(template.id)
        self.subheads = SubtableHeadings(template.id)

    # -- the walk -------------------------------------------------------------
    def walk(self, items: list[Item]) -> None:
        data_rows = aligned_data_rows(items)
        self.region_start = region_starts(
            [(i, it.cell.text) for i, it in enumerate(items) if not it.cell.is_cut]
        )
        last_row_id: tuple[int, int] | None = None
        for pos, item in enumerate(items):
            self.pos = pos
            if item.row_id != last_row_id:
                if self.open is not None and self.open.aligned:
                    self._close()
                last_row_id = item.row_id
            if not item.cell.is_cut:
                self.cell(item, item.row_id in data_rows)
            elif self._cut_label_follows(item):
                self.open.followed = True  # type: ignore[union-attr]
        self._close(at_end=True)
        self._end_appeal()
        self.out.read_blank_rows()

    def _cut_label_follows(self, item: Item) -> bool:
        """The copy stops inside the NEXT label (2.重复申…) after a row with no cell: that
        row was followed by it, so it printed no cell; it was not cut by the end."""
        op = self.open
        return (
            op is not None
            and not op.values
            and parse_cell(item.cell.text).kind == "text"
            and self.index.may_begin(item.cell.text)  # not the row's own words (本单…)
        )

    def cell(self, item: Item, data_row: bool) -> None:
        """One cell: a label, a number, or a blank or unclear cell in its place."""
        parsed = parse_cell(item.cell.text)
        if parsed.kind == "text":
            self.subheads.see(item.cell.text)
            self.label(item)
            self.note_heading(item)
            return
        op = self.open
        if op is not None and not op.aligned and item.row_id == op.row_id:
            op.row_cells.append(item.cell)
        if parsed.kind == "unclear":
            # A cell in its place whose number is not certain (a bare 增): it keeps the
            # row's positions and stays absent.
            if self.open is not None or self.appeal.active:
                self.number(item, UNCLEAR)
            return
        if parsed.kind == "blank" and item.cell.text.strip() and not item.aligned:
            # An explicit dash or 无 in a text row is a printed 0, not a missing cell.
            parsed = parse_cell("0")
        if parsed.kind == "blank":
            self._blank(item, data_row)
            return
        self.number(item, _value(parsed))

    def _blank(self, item: Item, data_row: bool) -> None:
        """A blank cell holds a place in an aligned row, and in part 四's run."""
        in_appeal = self.appeal.active and (not item.aligned or data_row)
        if in_appeal or (item.aligned and self.open is not None):
            self.number(item, None)

    def note_heading(self, item: Item) -> None:
        """Remember where a column heading sits, to place blank cells of text rows."""
        opened_here = self.open is not None and self.open.label is item.cell
        if not item.aligned and not opened_here:
            self.headings.see(item.cell.text, item.row_id, item.cell.locator.col)

    # -- labels ---------------------------------------------------------------
    def label(self, item: Item) -> None:
        text = item.cell.text
        norm = normalize_label(text)
        if not norm:
            return
        heading = heading_part(text)
        if self._part_boundary(heading, norm):
            return
        if self.appeal.active and self._appeal_words(item):
            return
        if is_field_name(text) and not _ocr_table_label(item):
            return  # a page's field name (规范性文件登记:), never a row label
        if _RUN_TOGETHER.match(re.sub(r"\s+", "", text)) and self._run_together(item):
            return
        match = self._row_match(text)
        if match is not None:
            self._open_row(match, item)
            return
        self._not_a_row(item, norm, heading)

    def _part_boundary(self, heading: int | None, norm: str) -> bool:
        """Part 四 starts (its heading or table header), or part 五 ends it."""
        if heading == 4 or _names_appeal(norm):
            self._close(successor=True)
            self.appeal.words()
            self.appeal.start()
            return True
        if heading == 5:
            self._close(successor=True)
            self._end_appeal()
            return True
        return False

    def _appeal_words(self, item: Item) -> bool:
        """Words inside part 四 (True), unless they are a part-二/三 label: then the
        "复议…诉讼" line was a sub-heading of part 一 and part 四 had not begun."""
        if not self._outside_appeal(item.cell.text):
            self.appeal.words(item.cell)
            return True
        self.appeal.cancel()
        return False

    def _row_match(self, text: str) -> LabelMatch | None:
        """The template row a label opens (in order when not exact), within its region."""
        match = self._in_region(self.index.match(text, self.last_row))
        # Not after a label still waiting for its cells (it may be the label's second
        # line); after a row of blank cells it is the next row's (typo'd) label.
        op = self.open
        if match is None and (
            op is None or op.values or any(not c.text.strip() for c in op.row_cells)
        ):
            match = self._in_region(self.index.fuzzy_next(text, self.last_row))
        return match

    def _not_a_row(self, item: Item, norm: str, heading: int | None) -> None:
        """A text that opens no row: a heading, a group, a continuation or a foreign row."""
        if heading in (2, 3):
            self._close(successor=True)  # a part heading ends the row before it
            return
        op = self.open
        if self.index.is_group(item.cell.text):
            if op is not None and op.values:
                self._close(successor=True)
            elif op is not None:
                op.followed = True  # the next sub-table began: this row is whole
            return
        if op is not None and not op.values and len(norm) <= _SHORT:
            if norm in self.headings.labels or norm == _INFO_CONTENT:
                op.followed = True  # a column heading of the next sub-table
            elif (
                not op.followed  # not yet in the next sub-table's headings
                and self.index.is_whole(op.label.text, op.match.row)
                and not _NOTE_START.match(item.cell.text.strip())
            ):
                op.words = item.cell.text.strip()  # the row's cells print words (未制作规章)
            return  # a label's continuation line (two-line row labels)
        self._close(successor=heading is not None)
        if not isinstance(self.doc.blocks[item.row_id[0]], Paragraph):
            self.unknown_row = item.row_id  # this table row's numbers: a row outside the template
        if len(norm) <= _SHORT and any(self.last_row.values()):
            self.unknown = item

    def _open_row(self, match: LabelMatch, item: Item) -> None:
        self._close(successor=True)
        self.unknown = None
        cell = item.cell
        table, row = match.table, match.row
        self.last_row[table.key] = row.key
        self.last_table = table.key
        self.out.result.parts_found.add(table.part)
        self.open = OpenRow(match, cell, aligned=item.aligned, row_id=item.row_id)
        if table.key == "active":
            self.open.verdict = self.subheads.verdict(table.columns_of(row))
            self.open.amount_unit = self.subheads.amount_unit
        if match.fuzzy:
            self.out.result.findings.append(
                Finding(
                    "P5",
                    f"行标签“{cell.text}”与模板“{row.label}”不完全一致，按顺序匹配。",
                    tuple(table.cell_key(row, c) for c in table.columns_of(row)),
                    locators=(cell.locator.describe(),),
                )
            )

    def _run_together(self, item: Item) -> bool:
        cell = item.cell
        m = _RUN_TOGETHER.match(re.sub(r"\s+", "", cell.text.strip()))
        if not m:
            return False
        match = self._in_region(self.index.match(m.group("label"), self.last_row))
        op = self.open
        if match is None and op is not None and _label_tail(op, m.group("label")):
            # the wrapped end of the open row's label, its digits run on: "…不再处理6000006"
            self.out.split_row(op.match.table, op.match.row, m.group("digits"), cell, op.label)
            self.open = None
            return True
        if match is None:
            return False
        self._open_row(match, item)
        self.out.split_row(match.table, match.row, m.group("digits"), cell)
        self.open = None
        return True

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

    # -- numbers --------------------------------------------------------------
    def number(self, item: Item, value: float | None) -> None:
        if self.appeal.active:
            self.appeal.cell(value, item.cell)
            return
        stray = self.open is None and value is not None and item.row_id != self.unknown_row
        if stray and self.last_table is not None:
            self.out.unplaced.add(self.last_table)  # a number no row of its table took
        if self.open is None:
            if self.unknown is not None and value is not None:
                self.out.result.findings.append(
                    Finding(
                        "P4",
                        f"表格中有模板外的行“{self.unknown.cell.text}”，其数值未读取。",
                        locators=(self.unknown.cell.locator.describe(),),
                    )
                )
                self.unknown = None
            return
        self.open.values.append((value, item.cell))

    def _close(self, *, at_end: bool = False, successor: bool = False) -> None:
        """Place the open row's values; ``successor``: the next label of a table closed it."""
        op, self.open = self.open, None
        if op is None:
            return
        if at_end and op.followed:
            at_end, successor = False, True  # the next sub-table's headings followed it
        header = None
        if not op.aligned and op.row_cells:
            cols = op.match.table.columns_of(op.match.row)
            header = self.headings.columns(cols, op.row_id, op.label.locator.col)
        self.out.close(op, header, at_end=at_end, successor=successor)

    def _end_appeal(self) -> None:
        cells, finding = self.appeal.finish()
        if finding is not None:
            self.out.result.findings.append(finding)
        if cells is not None:
            self.out.put_appeal(cells)


def _ocr_table_label(item: Item) -> bool:
    """A label OCR read in a ruled table's cell: a colon after it is a speck or the
    cell's ruling read as a mark ("(七)总计:"), not a page's field name."""
    return item.aligned and item.cell.locator.ocr is not None


def _value(parsed: CellValue) -> float:
    return parsed.value if parsed.value is not None else 0.0


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


def match_cells(doc: Document, template: Template) -> MatchResult:
    """Place every number of the document under its canonical key."""
    walker = _Walker(template, doc)
    walker.walk(stream(doc))
    return walker.out.result
