import random

import pdfplumber
from render_helpers import NUMBER, expected_sequence, make_spec

from etl.synthetic.pdf import render_pdf
from etl.synthetic.random_report import random_report


def pdf_tables(path):
    with pdfplumber.open(str(path)) as pdf:
        pages = len(pdf.pages)
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        tables = [t for page in pdf.pages for t in page.extract_tables()]
        size = (pdf.pages[0].width, pdf.pages[0].height)
    return pages, text, tables, size


def test_pdf_is_a4_with_chinese_text(template_id, tmp_path):
    spec = make_spec(template_id, narrative={"fee_yuan": 0})
    pages, text, _, size = pdf_tables(render_pdf(spec, tmp_path / "r.pdf"))
    assert round(size[0]) == 595 and round(size[1]) == 842
    assert pages >= 2
    assert spec.agency in text
    assert "未收取信息处理费" in text.replace("\n", "")
    assert "- 1 -" in text


def test_pdf_tables_hold_every_number(template_id, tmp_path):
    spec = make_spec(template_id)
    _, _, tables, _ = pdf_tables(render_pdf(spec, tmp_path / "r.pdf"))
    numbers = [c for t in tables for row in t for c in row if c and NUMBER.match(c)]
    assert numbers == expected_sequence(spec)


def test_pdf_part4_row_of_fifteen(tmp_path):
    spec = make_spec("2021")
    _, _, tables, _ = pdf_tables(render_pdf(spec, tmp_path / "r.pdf"))
    part4 = next(t for t in tables if t[0][0] == "行政复议")
    assert part4[0][5] == "行政诉讼"
    assert part4[1][0] == "结果\n维持"  # wrapped in its narrow cell
    groups = ("review", "suit_direct", "suit_after_review")
    cols = ("upheld", "corrected", "other", "pending", "total")
    assert part4[-1] == [str(int(spec.values[f"appeal.{g}.{c}"])) for g in groups for c in cols]


def test_part3_may_be_cut_across_pages(tmp_path):
    """Part 一's length varies by organ, so part 三 meets a page end at varying rows."""
    cut = 0
    for seed in range(8):
        spec = random_report(random.Random(seed), "2021", "large")
        _, _, tables, _ = pdf_tables(render_pdf(spec, tmp_path / f"r{seed}.pdf"))
        part3 = [t for t in tables if 4 < len(t[0]) < 15]  # cut parts may lose columns
        rows = [r for t in part3 for r in t if r[-1] and NUMBER.match(r[-1])]
        assert len(rows) == 25  # every part 三 row, whatever the pages
        cut += len(part3) > 1
    assert cut >= 1
