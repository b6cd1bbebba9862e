"""Render a report as a born-digital A4 PDF with reportlab.

Text uses reportlab's built-in CID font ``STSong-Light`` (no font file needed;
viewers and pdfminer map it to Unicode). Parts 二, 三 and 四 are ruled tables
(``GRID`` lines, ``SPAN`` for every merged cell); long labels wrap inside their
cells, the tall results label (its rowspan covers every result row) is stacked
one character per line as WPS and Word print it, and part 三 may break across
pages as real reports do. Pages carry ``- n -`` footers.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from etl.synthetic.layout import Block, Grid, report_blocks, split_grid
from etl.synthetic.model import ReportSpec, Style, resolve_style

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
TABLE_FONT_SIZE = 8
CELL_PADDING = 3

_BODY = ParagraphStyle(
    "body", fontName=FONT, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK"
)
_HEADING = ParagraphStyle("heading", parent=_BODY, fontSize=13, spaceBefore=6, spaceAfter=4)
_TITLE = ParagraphStyle(
    "title", parent=_BODY, fontSize=18, leading=28, alignment=TA_CENTER, firstLineIndent=0
)

#: Relative column widths per table (label columns first); value columns share the rest.
_LABEL_WIDTHS = {"active": (0.28,), "apply": (0.06, 0.16, 0.26), "appeal": ()}


def column_widths(grid: Grid) -> list[float]:
    """Column widths in points filling the text width."""
    labels = list(_LABEL_WIDTHS.get(grid.table_key, (0.3,) * grid.label_cols))
    n_values = grid.n_cols - len(labels)
    share = (1 - sum(labels)) / n_values
    return [w * WIDTH for w in labels + [share] * n_values]


def wrap_balanced(text: str, chars: int) -> str:
    """Break ``text`` into lines of at most ``chars`` characters, evenly filled.

    >>> wrap_balanced("甲乙丙丁", 3)
    '甲乙\\n丙丁'
    """
    if len(text) <= chars or chars < 1:
        return text
    lines = math.ceil(len(text) / chars)
    per = math.ceil(len(text) / lines)
    return "\n".join(text[i : i + per] for i in range(0, len(text), per))


def _cell_text(text: str, width: float, rowspan: int, col: int) -> str:
    if col == 0 and rowspan > 2 and width < 12 * mm:  # narrow and tall: stack vertically
        return "\n".join(text)
    chars = int((width - 2 * CELL_PADDING) // TABLE_FONT_SIZE)
    return wrap_balanced(text, max(chars, 1))


class GridTable(Table):
    """A ruled Table that, unlike reportlab's, may split inside a rowspan.

    Real reports cut part 三 wherever the page ends, inside the results block;
    reportlab refuses to split spanned rows, so this splits the grid itself.
    """

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        widths = column_widths(grid)
        data = [[""] * grid.n_cols for _ in range(grid.n_rows)]
        commands: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), TABLE_FONT_SIZE),
            ("LEADING", (0, 0), (-1, -1), TABLE_FONT_SIZE + 2),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        for cell in grid.cells:
            width = sum(widths[cell.col : cell.col + cell.colspan])
            if cell.key is None:  # numbers never wrap; labels wrap to their cell
                data[cell.row][cell.col] = _cell_text(cell.text, width, cell.rowspan, cell.col)
            else:
                data[cell.row][cell.col] = cell.text
            if cell.role == "label" and cell.col > 0:
                commands.append(("ALIGN", (cell.col, cell.row), (cell.col, cell.row), "LEFT"))
            if cell.rowspan > 1 or cell.colspan > 1:
                end = (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)
                commands.append(("SPAN", (cell.col, cell.row), end))
        super().__init__(data, colWidths=widths, style=commands, hAlign="CENTER")

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Cut after the last row that fits, whatever spans cross the cut.

        Returning ``[]`` (nothing fits but the header) moves the table to the next page.
        """
        self._calc(availWidth, availHeight)
        used, at = 0.0, 0
        for height in self._rowHeights:
            if used + height > availHeight:
                break
            used += height
            at += 1
        first_body = min((c.row for c in self.grid.cells if c.key), default=0)
        if at <= first_body or at >= self.grid.n_rows:  # never strand the header rows
            return []
        top, bottom = split_grid(self.grid, at)
        return [GridTable(top), GridTable(bottom)]


def grid_to_table(grid: Grid) -> Table:
    """A ruled reportlab Table with one SPAN command per merged cell."""
    return GridTable(grid)


def _flowables(block: Block) -> list[Flowable]:
    if block.grid is not None:
        return [grid_to_table(block.grid), Spacer(1, 6)]
    style = {"title": _TITLE, "heading": _HEADING}.get(block.kind, _BODY)
    return [Paragraph(escape(block.text), style)]


def _footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.setFont(FONT, 10)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"- {doc.page} -")


def render_pdf(spec: ReportSpec, path: str | Path, style: Style | str | None = None) -> Path:
    """Write the report to ``path`` as an A4 PDF and return the path."""
    st = resolve_style(spec.style if style is None else style)
    out = Path(path)
    title = f"{spec.agency}{spec.year}年度政府信息公开工作年度报告"
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=spec.agency,
        creator="WPS 文字",
    )
    story: list[Flowable] = []
    for block in report_blocks(spec, st):
        story += _flowables(block)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return out
