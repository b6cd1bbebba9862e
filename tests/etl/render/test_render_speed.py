"""Rendering budgets (text/HTML 5 ms, DOCX 50 ms, PDF 100 ms per report).

Measured in CPU time with 3× headroom so a loaded CI machine does not flake; a regression
that matters (a renderer 3× slower than its budget) still fails.
"""

import random
import time

import pytest

from etl.render import random_report, render_docx, render_html, render_pdf, render_text

BUDGET_MS = {"text": 5, "html": 5, "docx": 50, "pdf": 100}


def per_report_ms(render, specs) -> float:
    render(specs[0])  # warm caches (fonts, the DOCX skeletons)
    start = time.process_time()
    for spec in specs:
        render(spec)
    return (time.process_time() - start) / len(specs) * 1000


@pytest.fixture(scope="module")
def specs():
    rng = random.Random(42)
    return [random_report(rng, t, "medium") for t in ("2019", "2021") for _ in range(4)]


@pytest.mark.parametrize("fmt", sorted(BUDGET_MS))
def test_render_within_budget(fmt, specs, tmp_path):
    render = {
        "text": lambda s: render_text(s, "tab"),
        "html": render_html,
        "docx": lambda s: render_docx(s, tmp_path / "r.docx"),
        "pdf": lambda s: render_pdf(s, tmp_path / "r.pdf"),
    }[fmt]
    assert per_report_ms(render, specs) < 3 * BUDGET_MS[fmt]
