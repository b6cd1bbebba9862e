"""Word .docx reader: body order, merged-cell expansion, nested tables, zip checks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from etl.readers.base import CorruptFile, Paragraph, TableGrid
from etl.readers.docx import read_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def view(grid: TableGrid) -> list[list[str]]:
    """Rows as strings; a span copy is written ``=text``."""
    return [[("=" if c.is_span_copy else "") + c.text for c in row] for row in grid.rows]


def merge(table, r0: int, c0: int, r1: int, c1: int, *lines: str):
    cell = table.cell(r0, c0).merge(table.cell(r1, c1))
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    return cell


LEAD = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULT = "三、本年度办理结果"
NEW = "一、本年新收政府信息公开申请数量"
CARRIED_OUT = "四、结转下年度继续办理"
# rows 5..26: (row, group label or None, its row count, item label or None)
GROUPS = [
    (5, "（一）予以公开", 1, None),
    (6, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, None),
    (7, "（三）不予公开", 8, "1.属于国家秘密"),
    (15, "（四）无法提供", 3, "1.本机关不掌握相关政府信息"),
    (18, "（五）不予处理", 5, "1.信访举报投诉类申请"),
    (21, None, 0, "4.无正当理由大量反复申请"),
    (22, None, 0, "5.要求行政机关确认或重新出具已获取信息"),
    (23, "（六）其他处理", 3, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (25, None, 0, "3.其他"),
    (26, "（七）总计", 1, None),
]


def add_part3(document) -> None:
    """The part-3 table as Word users build it: merged header block, 22-row 三 column."""
    t = document.add_table(rows=28, cols=10)
    t.style = "Table Grid"
    for r, row in enumerate(t.rows):
        if r >= 3:  # numbers first: one pass per row is much faster than table.cell()
            for c, cell in enumerate(row.cells[3:], 3):
                cell.text = f"{r}{c}"
    merge(t, 0, 0, 2, 2, LEAD)  # a 3 x 3 block: gridSpan and vMerge together
    merge(t, 0, 3, 0, 9, "申请人情况")
    merge(t, 1, 3, 2, 3, "自然人")
    merge(t, 1, 4, 1, 8, "法人或其他", "组织")  # two paragraphs, joined without a space
    merge(t, 1, 9, 2, 9, "总计")
    for c, label in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], 4):
        t.cell(2, c).text = label
    merge(t, 3, 0, 3, 2, NEW)
    merge(t, 4, 0, 4, 2, "二、上年结转政府信息公开申请数量")
    merge(t, 5, 0, 26, 0, "三、本年度", "办理结果")
    for r, group, n, item in GROUPS:
        if group and item is None:
            merge(t, r, 1, r, 2, group)
        elif group:
            merge(t, r, 1, r + n - 1, 1, group)
        if item:
            t.cell(r, 2).text = item
    merge(t, 27, 0, 27, 2, CARRIED_OUT)


def expected_nums(r: int) -> list[str]:
    return [f"{r}{c}" for c in range(3, 10)]


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = docx.Document()
    document.add_heading("某县人民政府2024年政府信息公开工作年度报告", level=1)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    add_part3(document)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t = document.add_table(rows=2, cols=3)
    merge(t, 0, 0, 0, 1, "行政复议")
    t.cell(0, 2).text = "行政诉讼"
    for c in range(3):
        t.cell(1, c).text = str(c)
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    document.save(path)
    return path


def test_body_order_and_locators(report_docx: Path) -> None:
    doc = read_docx(report_docx)
    kinds = [b.text if isinstance(b, Paragraph) else "TABLE" for b in doc.blocks]
    assert kinds == [
        "某县人民政府2024年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "TABLE",
        "四、政府信息公开行政复议、行政诉讼情况",
        "TABLE",
    ]
    assert doc.source_format == "docx"
    assert doc.title == "某县人民政府2024年政府信息公开工作年度报告"
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            assert block.locator.block == i
        else:
            assert block.aligned is True
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    assert (cell.locator.block, cell.locator.row, cell.locator.col) == (i, r, c)
    assert [t.rows[0][0].locator.table for t in doc.tables] == [1, 2]
    assert view(doc.tables[1]) == [["行政复议", "=行政复议", "行政诉讼"], ["0", "1", "2"]]


def test_part3_header_merges_expand_exactly(report_docx: Path) -> None:
    grid = view(read_docx(report_docx).tables[0])
    assert grid[:3] == [
        [LEAD, "=" + LEAD, "=" + LEAD, "申请人情况"] + ["=申请人情况"] * 6,
        ["=" + LEAD] * 3 + ["自然人", "法人或其他组织"] + ["=法人或其他组织"] * 4 + ["总计"],
        ["=" + LEAD] * 3
        + ["=自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "=总计"],
    ]


def test_part3_body_merges_expand_exactly(report_docx: Path) -> None:
    grid = view(read_docx(report_docx).tables[0])
    assert len(grid) == 28
    assert all(len(row) == 10 for row in grid)
    assert grid[3] == [NEW, "=" + NEW, "=" + NEW, *expected_nums(3)]
    assert grid[5] == [RESULT, "（一）予以公开", "=（一）予以公开", *expected_nums(5)]
    assert grid[7] == ["=" + RESULT, "（三）不予公开", "1.属于国家秘密", *expected_nums(7)]
    assert grid[14] == ["=" + RESULT, "=（三）不予公开", "", *expected_nums(14)]
    confirm = "5.要求行政机关确认或重新出具已获取信息"
    assert grid[22] == ["=" + RESULT, "=（五）不予处理", confirm, *expected_nums(22)]
    assert grid[26] == ["=" + RESULT, "（七）总计", "=（七）总计", *expected_nums(26)]
    assert grid[27] == [CARRIED_OUT, "=" + CARRIED_OUT, "=" + CARRIED_OUT, *expected_nums(27)]
    assert [row[0] for row in grid[5:27]] == [RESULT] + ["=" + RESULT] * 21
    assert [row[1] for row in grid[15:18]] == ["（四）无法提供"] + ["=（四）无法提供"] * 2


def test_cell_text_paragraphs_breaks_and_spaces(tmp_path: Path) -> None:
    document = docx.Document()
    t = document.add_table(rows=1, cols=4)
    t.cell(0, 0).text = "1."
    t.cell(0, 0).add_paragraph("属于国家秘密")
    t.cell(0, 1).text = "\u3000（一）\xa0\xa0予以公开 "
    run = t.cell(0, 2).paragraphs[0].add_run("本机关不掌握")
    run.add_break()
    t.cell(0, 2).paragraphs[0].add_run("相关政府信息")
    t.cell(0, 3).paragraphs[0].add_run("2")
    t.cell(0, 3).paragraphs[0].add_run("5")
    t.cell(0, 3).paragraphs[0].add_run("件")
    path = tmp_path / "cells.docx"
    document.save(path)
    (grid,) = read_docx(path).tables
    assert view(grid) == [
        ["1. 属于国家秘密", "（一） 予以公开", "本机关不掌握相关政府信息", "25件"]
    ]


def test_blank_rows_are_kept(tmp_path: Path) -> None:
    """A blank row of a shown table is a row of zeros (an all-zero part 四)."""
    document = docx.Document()
    t = document.add_table(rows=4, cols=2)
    t.cell(0, 0).text = "规章"
    t.cell(2, 0).text = "行政规范性文件"
    t.cell(2, 1).text = "1"
    path = tmp_path / "blank-rows.docx"
    document.save(path)
    (grid,) = read_docx(path).tables
    assert view(grid) == [["规章", ""], ["", ""], ["行政规范性文件", "1"], ["", ""]]
    assert [row[0].locator.row for row in grid.rows] == [0, 1, 2, 3]


def test_paragraph_breaks_and_tabs(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    document.add_paragraph("规章\t0\t0\t3")
    document.add_paragraph("   ")  # blank: no block
    path = tmp_path / "para.docx"
    document.save(path)
    doc = read_docx(path)
    assert [b.text for b in doc.blocks] == ["第一行", "第二行", "规章\t0\t0\t3"]


def test_nested_table_emitted_after_its_outer_table(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "外层"
    outer.cell(0, 1).text = "表格"
    outer.cell(1, 1).text = "说明"
    inner = outer.cell(1, 0).add_table(rows=2, cols=2)
    merge(inner, 0, 0, 0, 1, "申请人情况")
    inner.cell(1, 0).text = "自然人"
    inner.cell(1, 1).text = "总计"
    document.add_paragraph("之后")
    path = tmp_path / "nested.docx"
    document.save(path)
    doc = read_docx(path)
    assert [type(b).__name__ for b in doc.blocks] == ["TableGrid", "TableGrid", "Paragraph"]
    outer_grid, inner_grid = doc.tables
    assert view(outer_grid) == [["外层", "表格"], ["", "说明"]]  # nested text is not repeated
    assert view(inner_grid) == [["申请人情况", "=申请人情况"], ["自然人", "总计"]]
    assert inner_grid.rows[0][0].locator.table == 2
    assert inner_grid.rows[0][0].locator.block == 1


def test_one_cell_frame_is_read_as_body(tmp_path: Path) -> None:
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "一、总体情况"
    frame.cell(0, 0).add_paragraph("本年度主动公开信息120条。")
    inner = frame.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "规章"
    inner.cell(0, 1).text = "3"
    path = tmp_path / "frame.docx"
    document.save(path)
    doc = read_docx(path)
    assert [b.text if isinstance(b, Paragraph) else view(b) for b in doc.blocks] == [
        "一、总体情况",
        "本年度主动公开信息120条。",
        [["规章", "3"]],
    ]


def test_content_controls_tracked_changes_grid_before_and_hmerge(tmp_path: Path) -> None:
    document = docx.Document()
    t = document.add_table(rows=2, cols=3)
    for c in range(3):
        t.cell(0, c).text = f"h{c}"
    t.cell(1, 1).text = "x"
    t.cell(1, 2).text = "y"
    tbl = t._tbl
    # row 2 starts one grid column in (w:gridBefore), as converted documents often do
    tr = tbl.tr_lst[1]
    tr.remove(tr.tc_lst[0])
    tr.insert(0, parse_xml(f'<w:trPr {W_NS}><w:gridBefore w:val="1"/></w:trPr>'))
    # legacy horizontal merge in row 1: h1 continues into column 2
    tc = tbl.tr_lst[0].tc_lst[2]
    tc.get_or_add_tcPr().append(parse_xml(f'<w:hMerge {W_NS} w:val="continue"/>'))
    # wrap the table in a content control
    body = document.element.body
    sdt = parse_xml(f"<w:sdt {W_NS}><w:sdtPr/><w:sdtContent/></w:sdt>")
    tbl.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(tbl)
    # a paragraph with a tracked insertion and a tracked deletion
    body.insert(
        0,
        parse_xml(
            f"<w:p {W_NS}><w:r><w:t>共</w:t></w:r>"
            "<w:ins><w:r><w:t>受理</w:t></w:r></w:ins>"
            "<w:del><w:r><w:delText>办理</w:delText></w:r></w:del>"
            '<w:hyperlink><w:r><w:t xml:space="preserve">25 件</w:t></w:r></w:hyperlink></w:p>'
        ),
    )
    path = tmp_path / "xml.docx"
    document.save(path)
    doc = read_docx(path)
    assert doc.blocks[0].text == "共受理25 件"
    (grid,) = doc.tables
    assert view(grid) == [["h0", "h1", "=h1"], ["=", "x", "y"]]
    assert grid.rows[1][0].is_span_copy  # no cell there: never read a value from it


def test_title_from_core_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Microsoft Word - 2024年年报"
    document.add_paragraph("正文")
    path = tmp_path / "title.docx"
    document.save(path)
    assert read_docx(path).title == "2024年年报"


# --- errors -----------------------------------------------------------------------------


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"<html><body>not word</body></html>")
    with pytest.raises(CorruptFile, match=r"^not a valid Word \.docx file \(not a zip archive\)$"):
        read_docx(path)


def test_truncated_zip(tmp_path: Path, report_docx: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(report_docx.read_bytes()[:3000])
    with pytest.raises(CorruptFile, match=r"not a valid Word \.docx file"):
        read_docx(path)


def test_a_part_whose_compressed_data_is_damaged(tmp_path: Path, report_docx: Path) -> None:
    # fuzz seed 22: the zip's directory is intact but word/document.xml does not inflate;
    # zlib's own error escaped the reader (a reader_error, "program bug")
    data = bytearray(report_docx.read_bytes())
    with zipfile.ZipFile(report_docx) as zf:
        info = zf.getinfo("word/document.xml")
    assert info.compress_type == zipfile.ZIP_DEFLATED
    at = info.header_offset
    start = at + 30 + int.from_bytes(data[at + 26 : at + 28], "little")
    start += int.from_bytes(data[at + 28 : at + 30], "little")
    data[start] = 0xFF  # a final block of the reserved type: "invalid block type"
    path = tmp_path / "inflate.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFile, match=r"damaged"):
        read_docx(path)


def test_a_part_needing_an_unknown_zip_version(tmp_path: Path, report_docx: Path) -> None:
    # fuzz seed 23: zipfile refuses a part whose "version needed" is 17.9 with a
    # NotImplementedError, which escaped the reader
    data = bytearray(report_docx.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the central directory's first entry
    while not data[entry + 46 :].startswith(b"word/document.xml"):
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 6 : entry + 8] = (179).to_bytes(2, "little")
    path = tmp_path / "version.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFile, match=r"damaged"):
        read_docx(path)


def test_old_doc_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(CorruptFile, match=r"old-format \.doc or a password-protected"):
        read_docx(path)


def test_zip_without_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(CorruptFile, match=r"not a valid Word \.docx file"):
        read_docx(path)


def test_zip_bomb_is_refused_before_opening(tmp_path: Path, report_docx: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(report_docx) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
        dst.writestr("word/media/padding.bin", b"\0" * (3 * 2**20), zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 100_000
    with pytest.raises(CorruptFile, match=r"would unpack to \d+ MB, above the 2 MB limit"):
        read_docx(path, max_unpacked_bytes=2 * 2**20)
    assert read_docx(path).tables  # under the default cap it reads


def test_document_without_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    path = tmp_path / "empty.docx"
    document.save(path)
    with pytest.raises(CorruptFile, match="holds no text"):
        read_docx(path)


# --- speed ------------------------------------------------------------------------------
