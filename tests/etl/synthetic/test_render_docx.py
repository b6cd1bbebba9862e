import random

import docx
from docx.oxml.ns import qn
from render_helpers import NUMBER, expected_sequence, make_spec, printed_apply_rows

from etl.synthetic.docx import render_docx
from etl.synthetic.random_report import random_report


def test_docx_reopens_with_three_tables_and_prose(template_id, tmp_path):
    spec = make_spec(template_id, narrative={"fee_yuan": 0})
    path = render_docx(spec, tmp_path / "report.docx")
    doc = docx.Document(str(path))
    assert len(doc.tables) == 3
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == spec.agency
    assert f"{spec.year}年1月1日至{spec.year}年12月31日" in text
    assert "未收取信息处理费" in text
    assert text.index("二、主动公开政府信息情况") < text.index("六、其他需要报告的事项")


def test_docx_cells_are_really_merged(template_id, tmp_path):
    doc = docx.Document(str(render_docx(make_spec(template_id), tmp_path / "r.docx")))
    part3 = doc.tables[1]
    n_rows = 3 + len(printed_apply_rows(template_id))
    assert len(part3.rows) == n_rows and len(part3.columns) == 10
    # the note spans 3×3, 申请人情况 7 columns, 法人或其他组织 5 columns
    assert part3.cell(0, 0)._tc is part3.cell(2, 2)._tc
    assert part3.cell(0, 3)._tc is part3.cell(0, 9)._tc
    assert part3.cell(1, 4)._tc is part3.cell(1, 8)._tc
    assert part3.cell(1, 3)._tc is part3.cell(2, 3)._tc  # 自然人 spans two rows
    results = part3.cell(5, 0)
    assert results.text == "三、本年度办理结果"
    assert results._tc is part3.cell(n_rows - 2, 0)._tc
    withheld = part3.cell(7, 1)
    assert withheld.text == "（三）不予公开"
    assert withheld._tc is part3.cell(14, 1)._tc and withheld._tc is not part3.cell(15, 1)._tc
    xml = part3._tbl.xml
    assert xml.count("<w:vMerge") > 20 and "<w:gridSpan" in xml
    part4 = doc.tables[2]
    assert part4.cell(0, 5)._tc is part4.cell(0, 14)._tc
    assert part4.cell(1, 0)._tc is part4.cell(2, 0)._tc


def test_docx_values_in_reading_order(template_id, tmp_path):
    spec = make_spec(template_id)
    doc = docx.Document(str(render_docx(spec, tmp_path / "r.docx")))
    numbers = []
    for table in doc.tables:
        for tr in table._tbl.tr_lst:  # each w:tc once, however far it spans
            for tc in tr.tc_lst:
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                if NUMBER.match(text):
                    numbers.append(text)
    assert numbers == expected_sequence(spec)


def test_docx_from_random_report_and_blank_zeros(tmp_path):
    spec = random_report(random.Random(8), "2019", "medium", style="blank_zeros")
    doc = docx.Document(str(render_docx(spec, tmp_path / "r.docx")))
    cells = [c.text for row in doc.tables[2].rows for c in row.cells]
    assert "0" not in cells
    assert len(doc.tables[0].rows) == 2 * 5 + 8  # 5 headings, 8 rows (2019 part 二)
