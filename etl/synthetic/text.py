"""Render a report as plain text in the layouts real reports are found in.

- ``tab``: tables copied from a web page (the Baoding sample): every grid row one
  line of tab-separated fields, rowspan-covered label cells left as empty fields,
  the last rows of the results block without their leading tabs, the three
  split header rows of part 三 and the 15-number row of part 四.
- ``pipe``: ``cell | cell |`` rows of the anchor cells only (excerpts 038, 014;
  style ``padded`` adds empty cells up to the grid width as in 014).
- ``cell_per_line``: one cell per line, cells separated by ``|`` lines, long headers
  broken inside the cell (excerpt 012).
- ``pdf_text``: what a PDF's text layer gives (excerpt 011, the Hongze sample):
  space-separated rows, prose wrapped at 30 characters, long labels wrapped around
  the numbers, the tall results label stacked one character per line, part 四's
  column labels stacked vertically, ``- n -`` page footers. Blank cells vanish.
"""

from __future__ import annotations

from collections.abc import Callable

from etl.synthetic.layout import Block, Cell, Grid, report_blocks
from etl.synthetic.model import ReportSpec, Style, resolve_style

LAYOUTS = ("tab", "pipe", "cell_per_line", "pdf_text")
PDF_LINE_CHARS = 30
PDF_LABEL_CHARS = 22
PDF_PAGE_LINES = 40


def _split_header(cell: Cell) -> str:
    """A four-character header broken in two, as a narrow cell prints it (结果 维持)."""
    if cell.role == "header" and cell.colspan == 1 and len(cell.text) == 4:
        return f"{cell.text[:2]} {cell.text[2:]}"
    return cell.text


def _is_anchor(cell: Cell, r: int, c: int) -> bool:
    return cell.row == r and cell.col == c


def _ragged_rows(grid: Grid) -> set[int]:
    """The last two rows of the tallest label rowspan lose their leading tabs."""
    tall = [c for c in grid.cells if c.col == 0 and c.rowspan > 2 and c.role == "label"]
    if not tall:
        return set()
    cell = max(tall, key=lambda c: c.rowspan)
    end = cell.row + cell.rowspan
    return {end - 2, end - 1}


def _tab_table(grid: Grid, style: Style) -> list[str]:
    owners = grid.owners()
    ragged = _ragged_rows(grid)
    split = grid.table_key == "appeal"
    lines = []
    for r in range(grid.n_rows):
        labels: list[str] = []
        for c in range(grid.label_cols):
            cell = owners[(r, c)]
            if _is_anchor(cell, r, c):
                labels.append(cell.text)
            elif cell.col == c:  # covered by a rowspan from above
                labels.append("")
        if r in ragged:
            while labels and not labels[0]:
                labels.pop(0)
        labels += [""] * (min(2, grid.label_cols) - len(labels))
        fields = labels
        for c in range(grid.label_cols, grid.n_cols):
            cell = owners[(r, c)]
            text = _split_header(cell) if split else cell.text
            fields.append(text if _is_anchor(cell, r, c) else "")
        fields += [""] * (grid.n_cols - len(fields))
        lines.append("\t".join(fields))
    return lines


def _pipe_table(grid: Grid, style: Style) -> list[str]:
    split = grid.table_key != "active"
    lines = []
    for row in grid.rows():
        line = " ".join(f"{_split_header(c) if split else c.text} |" for c in row)
        fill = grid.n_cols - len(row)
        if style.padded and fill > 0:
            line += " " + "|" * fill
        lines.append(line)
    return lines


def _break_header(cell: Cell, grid: Grid) -> str:
    """Part 二 column headers wrap inside their narrow cells (本年新 / 制作数量)."""
    if grid.table_key == "active" and cell.role == "header" and 7 <= len(cell.text) <= 10:
        cut = len(cell.text) // 2
        return f"{cell.text[:cut]}\n{cell.text[cut:]}"
    return cell.text


def _cell_per_line_table(grid: Grid, style: Style) -> list[str]:
    texts = [_break_header(c, grid) for row in grid.rows() for c in row]
    return ["\n|\n".join(texts)]


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _pdf_appeal(grid: Grid) -> list[str]:
    """Group heads on lines, then the 15 column labels stacked one character per line."""
    rows = grid.rows()
    labels = sorted(
        (c for c in grid.cells if c.role == "header" and c.colspan == 1),
        key=lambda c: c.col,
    )
    lines = [" ".join(c.text for c in row if c.colspan > 1) for row in rows[:2]]
    height = max(len(c.text) for c in labels)
    for i in range(height):
        lines.append(" ".join(c.text[i] for c in labels if len(c.text) > i))
    values = [c.text for c in rows[-1] if c.text]
    return [*lines, " ".join(values)]


def _pdf_table(grid: Grid, style: Style) -> list[str]:
    if grid.label_cols == 0:
        return _pdf_appeal(grid)
    prefix: dict[int, str] = {}
    own_line: dict[int, list[str]] = {}
    for cell in grid.cells:
        if cell.role != "label" or cell.rowspan == 1:
            continue
        if cell.col == 0:  # vertical text, one character per printed line
            start = cell.row + max(0, (cell.rowspan - len(cell.text)) // 2)
            for i, ch in enumerate(cell.text):
                prefix[start + i] = ch + " "
        else:
            own_line.setdefault(cell.row + cell.rowspan // 2, []).append(cell.text)
    lines: list[str] = []
    for r, row in enumerate(grid.rows()):
        lines += own_line.get(r, [])
        inline, tail = [], []
        for cell in row:
            if cell.role == "label" and cell.rowspan > 1:
                continue
            chunks = _wrap(cell.text, PDF_LABEL_CHARS) if cell.role != "value" else [cell.text]
            inline.append(chunks[0])
            tail += chunks[1:]
        text = " ".join(t for t in inline if t)
        if text or r in prefix:
            lines.append(prefix.get(r, "") + text)
        lines += tail
    return lines


_TABLES: dict[str, Callable[[Grid, Style], list[str]]] = {
    "tab": _tab_table,
    "pipe": _pipe_table,
    "cell_per_line": _cell_per_line_table,
    "pdf_text": _pdf_table,
}


def _paginate(lines: list[str]) -> list[str]:
    out: list[str] = []
    page = 1
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % PDF_PAGE_LINES == 0:
            out.append(f"- {page} -")
            page += 1
    out.append(f"- {page} -")
    return out


def _block_lines(block: Block, layout: str, style: Style) -> list[str]:
    if block.grid is not None:
        return _TABLES[layout](block.grid, style)
    if layout == "pdf_text" and block.kind == "paragraph":
        return _wrap(block.text, PDF_LINE_CHARS)
    return [block.text]


def render_text(spec: ReportSpec, layout: str = "tab", style: Style | str | None = None) -> str:
    """The full report as text in one of :data:`LAYOUTS`."""
    if layout not in _TABLES:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    st = resolve_style(spec.style if style is None else style)
    lines: list[str] = []
    for block in report_blocks(spec, st):
        lines += _block_lines(block, layout, st)
        if layout == "tab":
            lines.append("")
    if layout == "pdf_text":
        lines = _paginate(lines)
    return "\n".join(lines) + "\n"
