"""Synthetic reports: render one report (meta + values) into the files organs publish.

Not part of the parse path: nothing under ``etl/`` except :mod:`etl.demo` imports it. Used by the test-fixture corpus, the property-based round-trip tests of the
parser and the demo-data generator. The flow is one way: a
:class:`~etl.synthetic.model.ReportSpec` becomes blocks and grids
(:mod:`etl.synthetic.layout`, built from :mod:`etl.template`), which each format
module draws: :mod:`.text`, :mod:`.html`, :mod:`.docx` (python-docx) and
:mod:`.pdf` (reportlab). :mod:`.random_report` makes consistent values to
render (the hypothesis strategies for tests live in ``tests/fixtures/strategies.py``).
"""

from __future__ import annotations

from typing import Any

from etl.synthetic.html import render_html
from etl.synthetic.layout import report_blocks, shown_values
from etl.synthetic.model import STYLE_FLAGS, ReportSpec, Style, resolve_style
from etl.synthetic.random_report import random_consistent_values, random_report
from etl.synthetic.text import LAYOUTS, render_text


def __getattr__(name: str) -> Any:
    """Import the DOCX and PDF renderers (python-docx, reportlab) only when asked for."""
    if name == "render_docx":
        from etl.synthetic.docx import render_docx

        return render_docx
    if name == "render_pdf":
        from etl.synthetic.pdf import render_pdf

        return render_pdf
    raise AttributeError(f"module 'etl.synthetic' has no attribute {name!r}")


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
