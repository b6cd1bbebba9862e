"""Render one report (meta + canonical values) into the files organs publish.

Used by the test-fixture corpus, the property-based round-trip tests of the
parser and the demo-data generator. The flow is one way: a
:class:`~etl.render.model.ReportSpec` becomes blocks and grids
(:mod:`etl.render.layout`, built from :mod:`etl.template`), which each format
module draws: :mod:`.text`, :mod:`.html`, :mod:`.docx` (python-docx) and
:mod:`.pdf` (reportlab). :mod:`.random_report` and :mod:`.strategies` make
consistent values to render.
"""

from __future__ import annotations

from typing import Any

from etl.render.html import render_html
from etl.render.layout import report_blocks, shown_values
from etl.render.model import STYLE_FLAGS, ReportSpec, Style, resolve_style
from etl.render.random_report import random_consistent_values, random_report
from etl.render.text import LAYOUTS, render_text


def __getattr__(name: str) -> Any:
    """Import the DOCX and PDF renderers (python-docx, reportlab) only when asked for."""
    if name == "render_docx":
        from etl.render.docx import render_docx

        return render_docx
    if name == "render_pdf":
        from etl.render.pdf import render_pdf

        return render_pdf
    raise AttributeError(f"module 'etl.render' has no attribute {name!r}")


__all__ = [
    "LAYOUTS",
    "STYLE_FLAGS",
    "ReportSpec",
    "Style",
    "random_consistent_values",
    "random_report",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_text",
    "report_blocks",
    "resolve_style",
    "shown_values",
]
