"""Render a report as a Word .docx with python-docx and real merged cells.

Paragraphs for the title, headings and prose; parts 二, 三 and 四 as Word tables
whose rowspans and colspans are made with ``cell.merge`` (vertical merges become
``w:vMerge``, horizontal ones ``w:gridSpan``), as organs' Word files have them.
The default python-docx template is parsed once and copied per document, which
keeps a report under the 50 ms budget.
"""

from __future__ import annotations

import copy
import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Pt
from lxml import etree

from etl.synthetic.layout import Block, Grid, report_blocks
from etl.synthetic.model import ReportSpec, Style, resolve_style

_W_R, _W_T = qn("w:r"), qn("w:t")
_FONT = "仿宋_GB2312"
_TITLE_FONT = "方正小标宋简体"


@lru_cache(maxsize=1)
def _template_bytes() -> bytes:
    """The default template saved once; ``Document(BytesIO)`` of it is cheap."""
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _FONT)
    table_style = doc.styles["Table Grid"]
    table_style.font.size = Pt(10.5)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


#: (row, col, rowspan, colspan, role, label text or None for a value cell)
CellShape = tuple[int, int, int, int, str, str | None]
Signature = tuple[int, int, tuple[CellShape, ...]]


def _signature(grid: Grid) -> Signature:
    """The grid without its values: what the merged-cell skeleton depends on."""
    labels = [(c.row, c.col, c.rowspan, c.colspan, c.role, c.text) for c in grid.cells if not c.key]
    values = [(c.row, c.col, c.rowspan, c.colspan, c.role, None) for c in grid.cells if c.key]
    return (grid.n_rows, grid.n_cols, (*labels, *values))


@lru_cache(maxsize=64)
def _skeleton(signature: Signature) -> tuple[CT_Tbl, dict[tuple[int, int], int]]:
    """A table with labels and merged cells, built once per layout with ``cell.merge``.

    Returns the ``w:tbl`` element and, for each value cell, the index of its
    ``w:tc`` within its ``w:tr`` after merging (so values can be filled in fast).
    """
    n_rows, n_cols, shapes = signature
    doc = docx.Document(io.BytesIO(_template_bytes()))
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = [row.cells for row in table.rows]  # fetched once: each lookup is O(table)
    value_positions = []
    for row, col, rowspan, colspan, role, text in shapes:
        target = cells[row][col]
        paragraph = target.paragraphs[0]
        if text:
            paragraph.text = text
        if role != "label" or col == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text is None:
            value_positions.append((row, col))
        if rowspan > 1 or colspan > 1:
            target.merge(cells[row + rowspan - 1][col + colspan - 1])
    tbl = table._tbl
    index = {}
    for r, c in value_positions:
        offsets = [tc.grid_offset for tc in tbl.tr_lst[r].tc_lst]
        index[(r, c)] = offsets.index(c)
    return tbl, index


def _add_table(doc: docx.document.Document, grid: Grid) -> None:
    """Copy the cached skeleton into ``doc`` and write the values into it."""
    skeleton, index = _skeleton(_signature(grid))
    tbl = copy.deepcopy(skeleton)
    trs = tbl.tr_lst
    for cell in grid.cells:
        if cell.key is not None and cell.text:
            tc = trs[cell.row].tc_lst[index[(cell.row, cell.col)]]
            run = etree.SubElement(tc.p_lst[0], _W_R)  # raw lxml: Run.text is slow
            text_node: Any = etree.SubElement(run, _W_T)
            text_node.text = cell.text
    doc.element.body.sectPr.addprevious(tbl)


def _add_block(doc: docx.document.Document, block: Block) -> None:
    if block.grid is not None:
        _add_table(doc, block.grid)
        return
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.kind == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run.bold = True
        run.font.size = Pt(22)
        run.font.name = _TITLE_FONT
    elif block.kind == "heading":
        run.bold = True
        paragraph.paragraph_format.first_line_indent = Pt(32)
    else:
        paragraph.paragraph_format.first_line_indent = Pt(32)


def build_docx(spec: ReportSpec, style: Style | str | None = None) -> docx.document.Document:
    """The report as an in-memory python-docx Document."""
    st = resolve_style(spec.style if style is None else style)
    doc = docx.Document(io.BytesIO(_template_bytes()))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for block in report_blocks(spec, st):
        _add_block(doc, block)
    return doc


def render_docx(spec: ReportSpec, path: str | Path, style: Style | str | None = None) -> Path:
    """Write the report to ``path`` as .docx and return the path."""
    out = Path(path)
    build_docx(spec, style).save(str(out))
    return out
