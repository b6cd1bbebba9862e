"""The brief as an editable DOCX (python-docx) for the meeting secretary: the same
sections and tables as the PDF, charts as 200-dpi pictures, East Asian font set."""

from __future__ import annotations

import io

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dashboard.brief import sections
from dashboard.brief.content import Brief
from dashboard.brief.figures import brief_charts

FONT = "宋体"


def _set_font(doc) -> None:
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        fonts = doc.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def add_table(doc, df: pd.DataFrame) -> None:
    """A table with a header row, one row per frame row (text)."""
    table = doc.add_table(rows=1, cols=len(df.columns))
    table.style = "Table Grid"
    for i, c in enumerate(df.columns):
        table.rows[0].cells[i].text = str(c)
    for row in df.itertuples(index=False):
        cells = table.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = _cell(v)
    for row in table.rows:
        for c in row.cells:
            for p in c.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(8.5)


def brief_to_docx(brief: Brief) -> bytes:
    """The brief as DOCX bytes."""
    doc = Document()
    for s in doc.sections:
        s.page_width, s.page_height = Cm(21.0), Cm(29.7)
        s.left_margin = s.right_margin = Cm(1.8)
    _set_font(doc)
    doc.add_heading(brief.title, level=0)
    doc.add_paragraph(brief.profile)
    if brief.is_simulated:
        run = doc.add_paragraph().add_run(sections.SIMULATED)
        run.bold = True
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    doc.add_heading(sections.HEADLINE, level=1)
    add_table(doc, sections.headline_table(brief))
    doc.add_paragraph(brief.peer_note)
    doc.add_heading(sections.CHARTS, level=1)
    for title, png in brief_charts(brief):
        doc.add_picture(io.BytesIO(png), width=Cm(17.0))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_heading(sections.FINDINGS, level=1)
    shown, note = sections.findings_table(brief)
    if not shown.empty:
        add_table(doc, shown)
    doc.add_paragraph(note)
    doc.add_heading(sections.COVERAGE, level=1)
    doc.add_paragraph(brief.coverage_note)
    if not brief.coverage.empty:
        add_table(doc, brief.coverage)
    doc.add_heading(sections.SOURCES, level=1)
    add_table(doc, sections.sources_table(brief))
    doc.add_paragraph(brief.snapshot)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
