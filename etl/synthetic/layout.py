"""The shape of a rendered report, shared by every output format.

A report becomes an ordered list of :class:`Block` (title lines, headings,
paragraphs, tables). Each table is a :class:`Grid` of anchor :class:`Cell` with
real rowspan/colspan, built from the template definition exactly as the national
templates print it: part 二 one table of 第二十条 sub-tables, part 三 the 10-column
table with its three header rows, part 四 the 15-column table. Text, HTML, DOCX and
PDF renderers only decide how to draw these grids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.synthetic import prose
from etl.synthetic.model import FEE_KEY, ITEMS_KEY, ReportSpec, Style, resolve_style
from etl.template import PART_TITLES, Column, Row, Table, is_amount
from etl.template import parts as p

CN_NUMERALS = "一二三四五六七八九十"
INFO_CONTENT = p.INFO_CONTENT
BALANCE_NOTE = p.BALANCE_NOTE
_HALFWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})
_FULLWIDTH_DIGITS = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


@dataclass(frozen=True)
class Cell:
    """One anchor cell of a grid; it covers rowspan × colspan grid positions."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    role: str = "label"  # "title" | "header" | "label" | "value"
    key: str | None = None  # canonical key of a value cell


@dataclass(frozen=True)
class Grid:
    """A table as printed: anchor cells on an n_rows × n_cols grid."""

    table_key: str
    n_rows: int
    n_cols: int
    label_cols: int  # leading columns that hold labels (part 三: 3)
    cells: tuple[Cell, ...]

    def rows(self) -> list[list[Cell]]:
        """Anchor cells grouped by the row they start in, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out

    def owners(self) -> dict[tuple[int, int], Cell]:
        """Grid position → the anchor cell covering it."""
        return {
            (r, c): cell
            for cell in self.cells
            for r in range(cell.row, cell.row + cell.rowspan)
            for c in range(cell.col, cell.col + cell.colspan)
        }


@dataclass(frozen=True)
class Block:
    """One piece of the report body, in reading order."""

    kind: str  # "title" | "heading" | "paragraph" | "table"
    text: str = ""
    grid: Grid | None = field(default=None, compare=False)


def finish_text(text: str, style: Style) -> str:
    """Apply document-wide character quirks (half-width punctuation)."""
    return text.translate(_HALFWIDTH) if style.halfwidth else text


def format_number(value: float, amount: bool = False) -> str:
    """Integers without decimals; amounts keep up to two decimals.

    >>> format_number(25.0), format_number(26.55, amount=True), format_number(3.0, amount=True)
    ('25', '26.55', '3')
    """
    if not amount or float(value).is_integer():
        return str(round(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_value(key: str, value: float | None, style: Style) -> str:
    """A value cell's text: blank when absent (or zero under ``blank_zeros``)."""
    if value is None or (style.blank_zeros and value == 0):
        return ""
    text = format_number(value, is_amount(key))
    return text.translate(_FULLWIDTH_DIGITS) if style.fullwidth_digits else text


def _label(item: Row | Column, style: Style) -> str:
    return item.aliases[0] if style.aliases and item.aliases else item.label


def _numeral(i: int) -> str:
    return CN_NUMERALS[i]


def cell_value(table: Table, key: str, values: dict[str, float]) -> float | None:
    """A key's value, summing a derived row's sources when only they are given."""
    if key in values:
        return values[key]
    _, row_key, col_key = key.split(".")
    sources = table.row(row_key).derived_from
    parts = [values.get(table.cell_key(src, col_key)) for src in sources]
    if sources and all(v is not None for v in parts):
        return float(sum(v for v in parts if v is not None))
    return None


def _value_cells(
    table: Table, row: Row, r: int, c0: int, width: int, values: dict[str, float], style: Style
) -> list[Cell]:
    """A row's value cells from column c0; the last one stretches to fill ``width``."""
    cols = table.columns_of(row)
    out = []
    for i, col in enumerate(cols):
        key = table.cell_key(row, col)
        span = width - len(cols) + 1 if i == len(cols) - 1 else 1
        text = format_value(key, cell_value(table, key, values), style)
        out.append(Cell(text, r, c0 + i, colspan=span, role="value", key=key))
    return out


def split_grid(grid: Grid, at: int) -> tuple[Grid, Grid]:
    """Cut a grid before row ``at`` as a page break does.

    A rowspan crossing the cut is shortened above it and continues below it as an
    empty cell, which is how WPS and Word print a merged label cut by a page.
    """
    top, bottom = [], []
    for c in grid.cells:
        end = c.row + c.rowspan
        if end <= at:
            top.append(c)
        elif c.row >= at:
            bottom.append(Cell(c.text, c.row - at, c.col, c.rowspan, c.colspan, c.role, c.key))
        else:
            top.append(Cell(c.text, c.row, c.col, at - c.row, c.colspan, c.role, c.key))
            bottom.append(Cell("", 0, c.col, end - at, c.colspan, c.role, c.key))
    return (
        Grid(grid.table_key, at, grid.n_cols, grid.label_cols, tuple(top)),
        Grid(grid.table_key, grid.n_rows - at, grid.n_cols, grid.label_cols, tuple(bottom)),
    )


def active_grid(table: Table, values: dict[str, float], style: Style) -> Grid:
    """Part 二: each 第二十条 heading, its 信息内容 header row, then its rows."""
    width = max(len(table.columns_of(row)) for row in table.rows)
    cells: list[Cell] = []
    r = 0
    for heading in table.headers:
        rows = [row for row in table.rows if row.group == heading]
        cells.append(Cell(heading, r, 0, colspan=width + 1, role="title"))
        cols = table.columns_of(rows[0])
        assert all(table.columns_of(row) == cols for row in rows), heading
        cells.append(Cell(INFO_CONTENT, r + 1, 0, role="header"))
        for i, col in enumerate(cols):
            span = width - len(cols) + 1 if i == len(cols) - 1 else 1
            cells.append(Cell(_label(col, style), r + 1, 1 + i, colspan=span, role="header"))
        r += 2
        for row in rows:
            cells.append(Cell(_label(row, style), r, 0))
            cells += _value_cells(table, row, r, 1, width, values, style)
            r += 1
    return Grid(table.key, r, width + 1, 1, tuple(cells))


def apply_rows(table: Table, style: Style) -> list[Row]:
    """Part 三 rows as printed: derived rows hidden unless ``single_other`` prints them."""
    sources = {src for row in table.rows for src in row.derived_from}
    if style.single_other and sources:
        return [row for row in table.rows if row.key not in sources]
    return [row for row in table.rows if not row.derived_from]


def _column_header_cells(columns: tuple[Column, ...], r: int, c0: int) -> list[Cell]:
    """Two header rows: ungrouped labels span both, a group heads its columns."""
    cells: list[Cell] = []
    i = 0
    while i < len(columns):
        col = columns[i]
        if col.group is None:
            cells.append(Cell(col.label, r, c0 + i, rowspan=2, role="header"))
            i += 1
            continue
        members = [c for c in columns[i:] if c.group == col.group]
        cells.append(Cell(col.group, r, c0 + i, colspan=len(members), role="header"))
        for j, member in enumerate(members):
            cells.append(Cell(member.label, r + 1, c0 + i + j, role="header"))
        i += len(members)
    return cells


def applicants_heading(table: Table) -> str:
    """The applicants heading above the columns: the table group no row or column carries."""
    used = {row.group for row in table.rows} | {col.group for col in table.columns}
    (heading,) = [g for g in table.groups if g not in used]
    return heading


def apply_grid(table: Table, values: dict[str, float], style: Style) -> Grid:
    """Part 三 with the template's three header rows and nested result rowspans."""
    n_val = len(table.columns)
    cells = [
        Cell(BALANCE_NOTE, 0, 0, rowspan=3, colspan=3, role="header"),
        Cell(applicants_heading(table), 0, 3, colspan=n_val, role="header"),
        *_column_header_cells(table.columns, 1, 3),
    ]
    rows = apply_rows(table, style)
    r, top, second, third = 3, 0, 0, 0
    results_open = False
    for i, row in enumerate(rows):
        if row.group is None:
            cells.append(Cell(f"{_numeral(top)}、{_label(row, style)}", r, 0, colspan=3))
            top += 1
        else:
            if not results_open:  # one rowspan over every grouped row
                results_open = True
                length = next((j for j, x in enumerate(rows[i:]) if x.group is None), len(rows) - i)
                cells.append(Cell(f"{_numeral(top)}、{p.RESULTS}", r, 0, rowspan=length))
                top += 1
            prev_group = rows[i - 1].group
            if row.group == p.RESULTS:
                text = f"（{_numeral(second)}）{_label(row, style)}"
                cells.append(Cell(text, r, 1, colspan=2))
                second += 1
            else:
                if row.group != prev_group:
                    span = sum(1 for x in rows if x.group == row.group)
                    cells.append(Cell(f"（{_numeral(second)}）{row.group}", r, 1, rowspan=span))
                    second, third = second + 1, 0
                third += 1
                cells.append(Cell(f"{third}.{_label(row, style)}", r, 2))
        cells += _value_cells(table, row, r, 3, n_val, values, style)
        r += 1
    return Grid(table.key, r, 3 + n_val, 3, tuple(cells))


def appeal_grid(table: Table, values: dict[str, float], style: Style) -> Grid:
    """Part 四: review and litigation heads, their columns, then the row of numbers."""
    cells: list[Cell] = []
    c = 0
    rows = list(table.rows)
    while rows:
        row = rows[0]
        group = [x for x in rows if row.group is not None and x.group == row.group] or [row]
        width = sum(len(table.columns_of(x)) for x in group)
        cells.append(Cell(row.group or _label(row, style), 0, c, colspan=width, role="header"))
        for x in group:
            cols = table.columns_of(x)
            if row.group is None:
                cells += [
                    Cell(_label(col, style), 1, c + j, rowspan=2, role="header")
                    for j, col in enumerate(cols)
                ]
            else:
                cells.append(Cell(_label(x, style), 1, c, colspan=len(cols), role="header"))
                cells += [
                    Cell(_label(col, style), 2, c + j, role="header") for j, col in enumerate(cols)
                ]
            cells += _value_cells(table, x, 3, c, len(cols), values, style)
            c += len(cols)
        rows = [x for x in rows if x not in group]
    return Grid(table.key, 4, c, 0, tuple(cells))


_BUILDERS = {"active": active_grid, "apply": apply_grid, "appeal": appeal_grid}


def table_grid(spec: ReportSpec, table: Table, style: Style) -> Grid | None:
    """The table's grid, or None when the report shows none of its keys."""
    if not any(key in spec.values for _, _, key in table.cells()):
        return None
    grid = _BUILDERS[table.key](table, spec.values, style)
    if style.halfwidth:
        cells = tuple(
            Cell(finish_text(x.text, style), x.row, x.col, x.rowspan, x.colspan, x.role, x.key)
            for x in grid.cells
        )
        grid = Grid(grid.table_key, grid.n_rows, grid.n_cols, grid.label_cols, cells)
    return grid


def report_blocks(spec: ReportSpec, style: Style | str | None = None) -> list[Block]:
    """The whole report in reading order: title, parts 一 to 六 with their tables."""
    st = resolve_style(spec.style if style is None else style)
    template = spec.template_def
    tables = {t.part: t for t in template.tables}
    blocks = [
        Block("title", spec.agency),
        Block("title", f"{spec.year}年度政府信息公开工作年度报告"),
    ]
    blocks += [Block("paragraph", t) for t in prose.preamble(spec)]
    for part in range(1, 7):
        blocks.append(Block("heading", f"{_numeral(part - 1)}、{PART_TITLES[part]}"))
        if part in tables:
            grid = table_grid(spec, tables[part], st)
            if grid is not None:
                blocks.append(Block("table", grid=grid))
        blocks += [Block("paragraph", t) for t in prose.part_paragraphs(spec, part)]
    return [b if b.kind == "table" else Block(b.kind, finish_text(b.text, st)) for b in blocks]


def shown_values(spec: ReportSpec, style: Style | str | None = None) -> dict[str, float]:
    """The values a rendering prints, blank cells of shown tables read as 0.

    This is what a correct parser must read back (derived keys not included unless
    the style prints them, e.g. ``single_other``).
    """
    out: dict[str, float] = {}
    for block in report_blocks(spec, style):
        if block.grid is None:
            continue
        table = spec.template_def.table(block.grid.table_key)
        for cell in block.grid.cells:
            if cell.key is not None:
                value = cell_value(table, cell.key, spec.values)
                out[cell.key] = 0.0 if value is None else float(value)
    if spec.items_published is not None:
        out[ITEMS_KEY] = float(spec.items_published)
    if spec.fee_yuan is not None:
        out[FEE_KEY] = float(spec.fee_yuan)
    return out
