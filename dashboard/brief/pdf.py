"""The brief as an A4 PDF (ReportLab), every glyph in the embedded CJK font."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from dashboard.brief import sections
from dashboard.brief.content import Brief
from dashboard.brief.figures import brief_charts
from dashboard.brief.fonts import register_reportlab

WIDTH = A4[0] - 3.6 * cm


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, spaceAfter=4),
        "sub": ParagraphStyle("sub", parent=base, textColor=colors.HexColor("#555555")),
        "h": ParagraphStyle("h", parent=base, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5),
        "mark": ParagraphStyle(
            "mark", parent=base, textColor=colors.HexColor("#B00020"), borderColor=colors.HexColor("#B00020"),
            borderWidth=0.8, borderPadding=4, spaceBefore=4, spaceAfter=6,
        ),
    }  # fmt: skip


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(
        escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)),
        style,
    )


def _table(df: pd.DataFrame, styles, widths: list[float] | None = None) -> Table:
    head = [_p(c, styles["cell"]) for c in df.columns]
    body = [[_p(v, styles["cell"]) for v in row] for row in df.itertuples(index=False)]
    t = Table([head, *body], colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return t


def brief_to_pdf(brief: Brief) -> bytes:
    """The brief as PDF bytes (A4, CJK font embedded, 200-dpi charts)."""
    font = register_reportlab()
    st = _styles(font)
    story: list = [_p(brief.title, st["title"]), _p(brief.profile, st["sub"])]
    if brief.is_simulated:
        story.append(_p(sections.SIMULATED, st["mark"]))
    widths = [w * cm for w in (3.9, 1.7, 1.7, 2.4, 1.7, 1.7, 1.7, 2.6)]
    story += [_p(sections.HEADLINE, st["h"]), _table(sections.headline_table(brief), st, widths)]
    story += [Spacer(1, 3), _p(brief.peer_note, st["sub"]), _p(sections.CHARTS, st["h"])]
    for _title, png in brief_charts(brief):
        img = Image(io.BytesIO(png), width=WIDTH, height=WIDTH * 3.2 / 7.0)
        story.append(KeepTogether([img, Spacer(1, 4)]))
    story.append(_p(sections.FINDINGS, st["h"]))
    shown, note = sections.findings_table(brief)
    story += [_p(note, st["sub"])] if shown.empty else [_table(shown, st), _p(note, st["sub"])]
    story += [_p(sections.COVERAGE, st["h"]), _p(brief.coverage_note, st["body"])]
    if not brief.coverage.empty:
        story.append(_table(brief.coverage, st))
    story += [_p(sections.SOURCES, st["h"]), _table(sections.sources_table(brief), st)]
    story += [Spacer(1, 4), _p(brief.snapshot, st["sub"])]

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#777777"))
        text = f"{brief.title} · 第 {doc.page} 页"
        if brief.is_simulated:
            text = "示例数据（模拟） · " + text
        canvas.drawString(1.8 * cm, 1.0 * cm, text)
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=1.6 * cm,
        bottomMargin=1.6 * cm, title=brief.title, author="xxgk", subject="会议材料",
        initialFontName=font,
    )  # fmt: skip
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
