import random

import pytest
from lxml import html as lxml_html
from render_helpers import NUMBER, expand_spans, expected_sequence, make_spec, printed_apply_rows

from etl.synthetic.html import render_html
from etl.synthetic.random_report import random_report


def parse(data: bytes):
    return lxml_html.document_fromstring(data)


def table_grids(doc) -> list[list[list[str]]]:
    grids = []
    for table in doc.iter("table"):
        rows = [
            [
                (
                    td.text_content().replace("\xa0", "").strip(),
                    int(td.get("rowspan", 1)),
                    int(td.get("colspan", 1)),
                )
                for td in tr.iter("td")
            ]
            for tr in table.iter("tr")
        ]
        grids.append(expand_spans(rows))
    return grids


def test_page_has_navigation_title_and_article(template_id):
    spec = make_spec(template_id)
    doc = parse(render_html(spec))
    assert doc.findtext(".//title").startswith(
        f"{spec.agency}{spec.year}年度政府信息公开工作年度报告"
    )
    assert len(doc.xpath("//ul[@class='nav']/li/a")) >= 5
    assert doc.xpath("//div[@id='zoom']//table")
    assert doc.xpath("//div[@class='footer']")


def test_three_tables_with_real_spans(template_id):
    spec = make_spec(template_id)
    doc = parse(render_html(spec))
    tables = doc.xpath("//div[@id='zoom']/table")
    assert len(tables) == 3
    part3 = tables[1]
    spans = {
        td.text_content().strip(): (int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
        for td in part3.iter("td")
    }
    n_rows = len(printed_apply_rows(template_id))
    assert spans["申请人情况"] == (1, 7)
    assert spans["法人或其他组织"] == (1, 5)
    assert spans["自然人"] == (2, 1)
    assert spans["三、本年度办理结果"] == (n_rows - 3, 1)
    assert spans["（三）不予公开"] == (8, 1)
    note = next(k for k in spans if k.startswith("（本列数据"))
    assert spans[note] == (3, 3)
    if template_id == "2021":
        assert spans["（六）其他处理"] == (3, 1)
    else:
        assert spans["（六）其他处理"] == (1, 2)
    part4 = {td.text_content().strip(): td.get("colspan") for td in tables[2].iter("td")}
    assert part4["行政复议"] == "5" and part4["行政诉讼"] == "10"


def test_every_value_in_its_cell(template_id):
    spec = make_spec(template_id)
    grids = table_grids(parse(render_html(spec)))
    numbers = []
    for grid in grids:
        for row in grid:
            seen = None
            for cell in row:  # a colspan value repeats across its columns: count it once
                if NUMBER.match(cell) and cell != seen:
                    numbers.append(cell)
                seen = cell
    assert numbers == expected_sequence(spec)


def test_part3_rows_line_up_with_applicant_columns(template_id):
    spec = make_spec(template_id)
    part3 = table_grids(parse(render_html(spec)))[1]
    assert len(part3[0]) == 10
    for row_key, row in zip(printed_apply_rows(template_id), part3[3:], strict=True):
        cols = ["natural", "commercial", "research", "social", "legal", "other_org", "total"]
        assert row[3:] == [str(int(spec.values[f"apply.{row_key}.{c}"])) for c in cols]


@pytest.mark.parametrize("style", ["gbk", "gbk+p_span", "legacy_site"])
def test_gbk_pages_declare_their_charset(style):
    spec = make_spec("2021")
    data = render_html(spec, style)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"charset=gbk" in data
    doc = parse(data)  # lxml reads the meta charset
    assert doc.findtext(".//h1").startswith(spec.agency)
    assert "申请人情况" in data.decode("gbk")


def test_cells_wrapped_in_p_and_span():
    doc = parse(render_html(make_spec("2021"), "p_span"))
    tds = doc.xpath("//div[@id='zoom']/table//td")
    assert all(td.find("p") is not None and td.find("p/span") is not None for td in tds)
    assert table_grids(doc)[2][-1][0] == str(int(make_spec("2021").values["appeal.review.upheld"]))


def test_blank_zeros_render_nbsp_cells():
    spec = random_report(random.Random(4), "2021")
    data = render_html(spec, "blank_zeros")
    grids = table_grids(parse(data))
    printed = {f"apply.{r}." for r in printed_apply_rows("2021")}
    zeros = sum(
        1
        for k, v in spec.values.items()
        if v == 0 and (k.startswith("appeal.") or k[: k.rindex(".") + 1] in printed)
    )
    blanks = sum(1 for grid in grids[1:] for row in grid[3:] for cell in row if cell == "")
    assert blanks == zeros
    assert b"&nbsp;" in data


def test_absent_table_omitted():
    spec = make_spec("2019")
    spec.values = {k: v for k, v in spec.values.items() if not k.startswith("active.")}
    doc = parse(render_html(spec))
    assert len(doc.xpath("//div[@id='zoom']/table")) == 2


def test_mixed_wrap_leaves_numbers_bare():
    spec = make_spec("2021")
    doc = parse(render_html(spec, "mixed_wrap"))
    tds = doc.xpath("//div[@id='zoom']/table//td")
    numeric = [td for td in tds if NUMBER.match(td.text_content().strip())]
    labels = [td for td in tds if not NUMBER.match(td.text_content().strip())]
    assert numeric and all(td.find("p") is None for td in numeric)
    assert all(td.find("p/span") is not None for td in labels)
