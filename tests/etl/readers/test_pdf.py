"""Tests for the PDF reader: the real Hongze report, and small PDFs made here with reportlab."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib import colors, pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from etl.readers import pdf_geometry
from etl.readers.base import (
    CorruptFile,
    Document,
    EncryptedPdf,
    Paragraph,
    ScannedPdf,
    TableGrid,
)
from etl.readers.page_layout import join_words
from etl.readers.pdf import read_pdf

SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "golden" / "samples"
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
STYLE = ParagraphStyle("cjk", fontName=FONT, fontSize=12, leading=18, wordWrap="CJK")


# ---------------------------------------------------------------- helpers


def check_locators(doc: Document) -> None:
    """Every cell's locator leads back to it; paragraphs know their block."""
    tables = doc.tables
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            assert block.locator.block == i
            assert block.locator.page is not None
            continue
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row):
                loc = cell.locator
                assert (loc.block, loc.row, loc.col, loc.page) == (i, r, c, block.page)
                assert tables[loc.table - 1] is block


def texts(row) -> list[str]:
    return [c.text for c in row]


def numbers(row) -> list[int]:
    return [int(c.text) for c in row if not c.is_span_copy and re.fullmatch(r"\d+", c.text)]


def find_row(doc: Document, label: str) -> tuple[TableGrid, list]:
    for grid in doc.tables:
        for row in grid.rows:
            if any(c.text == label and not c.is_span_copy for c in row):
                return grid, row
    raise AssertionError(f"no row labelled {label!r}")


def page_number_footer(c: canvas.Canvas, _doc) -> None:
    c.setFont(FONT, 10)
    c.drawCentredString(A4[0] / 2, 30, f"- {c.getPageNumber()} -")


def build(path: Path, story: list) -> Path:
    SimpleDocTemplate(str(path), pagesize=A4).build(
        story, onFirstPage=page_number_footer, onLaterPages=page_number_footer
    )
    return path


def ruled(data, spans=(), widths=None, repeat=0) -> Table:
    table = Table(data, colWidths=widths, repeatRows=repeat)
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    table.setStyle(TableStyle(style + [("SPAN", a, b) for a, b in spans]))
    return table


# ---------------------------------------------------------------- the real report


@pytest.fixture(scope="module")
def hongze() -> Document:
    return read_pdf(SAMPLES / "hongze-2024.pdf")


@pytest.fixture(scope="module")
def hongze_expected() -> dict:
    return json.loads((SAMPLES / "hongze-2024.expected.json").read_text(encoding="utf-8"))


def test_hongze_document_shape(hongze):
    assert hongze.source_format == "pdf"
    assert hongze.title == "政府信息公开工作年度报告"
    assert hongze.notes == []
    check_locators(hongze)
    assert all(isinstance(g, TableGrid) and g.aligned for g in hongze.tables)
    paragraphs = [b.text for b in hongze.blocks if isinstance(b, Paragraph)]
    assert not any(re.fullmatch(r"-\s*\d+\s*-", p) for p in paragraphs)  # page numbers dropped
    # wrapped lines rejoined into whole paragraphs, headings kept apart
    assert "淮安市洪泽区人民政府" in paragraphs
    assert "一、总体情况" in paragraphs
    assert any("主动发布各类政府信息 2428 条，公开政府常务会议 7 期" in p for p in paragraphs)
    assert any(p.endswith("全年收取政府信息公开信息处理费 0 元。") for p in paragraphs)


def test_hongze_reading_order(hongze):
    order = [b.text if isinstance(b, Paragraph) else f"table p{b.page}" for b in hongze.blocks]
    part3 = order.index("三、收到和处理政府信息公开申请情况")
    part4 = order.index("四、政府信息公开行政复议、行政诉讼情况")
    assert order[part3 + 1 : part3 + 3] == ["table p3", "table p4"]
    assert order[part4 + 1] == "table p4"
    assert order[part4 + 2] == "五、存在的主要问题及改进情况"


def test_hongze_part2_rows(hongze):
    assert texts(find_row(hongze, "行政规范性文件")[1]) == ["行政规范性文件", "3", "0", "8"]
    _, row = find_row(hongze, "行政许可")
    assert texts(row)[:2] == ["行政许可", "9487"]
    assert [c.is_span_copy for c in row] == [False, False, True, True]  # colspan copies
    assert texts(find_row(hongze, "行政事业性收费")[1]) == ["行政事业性收费", "7545"]


def test_hongze_part3_rows_have_labels_and_seven_numbers(hongze):
    grid, row = find_row(hongze, "（一）予以公开")
    assert numbers(row) == [50, 0, 0, 0, 0, 0, 50]
    assert row[0].text == "三、本年度办理结果"  # vertical header text joined
    assert row[3].locator.page == 3
    _, row = find_row(hongze, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert numbers(row) == [9, 0, 0, 0, 0, 0, 9]
    assert row[0].is_span_copy and row[0].text == "三、本年度办理结果"  # rowspan copy
    _, row = find_row(hongze, "2.其他法律行政止公开")  # the source's typo, kept
    assert row[1].text == "（三）不予公开" and row[1].is_span_copy
    header = [texts(r) for r in grid.rows[:3]]
    assert header[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert header[1][3] == "自然人" and header[2][3] == "自然人"


def test_hongze_part3_table_cut_across_pages_keeps_every_row(hongze, hongze_expected):
    grids = [g for g in hongze.tables if len(g.rows[0]) == 10]
    assert [g.page for g in grids] == [3, 4]  # kept apart, in order; joined later
    first = grids[1].rows[0]
    assert "2.没有现成信息需要另行制作" in texts(first)
    assert numbers(first) == [1, 0, 0, 0, 0, 0, 1]
    read = [numbers(row) for g in grids for row in g.rows if len(numbers(row)) == 7]
    expected: dict[str, list[int]] = {}
    for key, value in hongze_expected["values"].items():
        if key.startswith("apply."):
            expected.setdefault(key.split(".")[1], []).append(value)
    assert read == list(expected.values())


def test_hongze_part4_row_of_fifteen_numbers(hongze, hongze_expected):
    grid = hongze.tables[-1]
    assert numbers(grid.rows[-1]) == [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]
    appeal = [v for k, v in hongze_expected["values"].items() if k.startswith("appeal.")]
    assert numbers(grid.rows[-1]) == appeal
    assert texts(grid.rows[1])[:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


# ---------------------------------------------------------------- generated PDFs


def test_ruled_table_with_merged_cells(tmp_path):
    data = [
        ["项目", "行政复议", "", "行政诉讼", ""],
        ["", "结\n果\n维\n持", "总计", "商业\n企业", "总计"],
        ["本年度办理结果合计数", "1", "12", "3", "12\n34"],
    ]
    spans = [((0, 0), (0, 1)), ((1, 0), (2, 0)), ((3, 0), (4, 0))]
    story = [
        RLParagraph("一、总体情况", STYLE),
        Spacer(1, 12),
        ruled(data, spans, widths=[150, 60, 60, 60, 60]),
        Spacer(1, 12),
        RLParagraph("二、其他需要报告的事项", STYLE),
    ]
    doc = read_pdf(build(tmp_path / "ruled.pdf", story))
    check_locators(doc)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "TableGrid", "Paragraph"]
    assert doc.blocks[0].text == "一、总体情况"
    assert doc.blocks[2].text == "二、其他需要报告的事项"
    grid = doc.tables[0]
    assert grid.aligned and grid.page == 1
    assert [texts(r) for r in grid.rows] == [
        ["项目", "行政复议", "行政复议", "行政诉讼", "行政诉讼"],
        ["项目", "结果维持", "总计", "商业企业", "总计"],
        ["本年度办理结果合计数", "1", "12", "3", "12 34"],
    ]
    copies = [[c.is_span_copy for c in r] for r in grid.rows]
    assert copies[0] == [False, False, True, False, True]
    assert copies[1] == [True, False, False, False, False]
    assert grid.rows[2][4].locator.describe() == "p1 table 1 r3 c5"


def test_table_cut_across_pages_keeps_all_rows(tmp_path):
    data = [["序号", "申请事项", "数量"]] + [[str(i), f"事项{i}", str(i * 3)] for i in range(1, 81)]
    story = [RLParagraph("三、收到和处理政府信息公开申请情况", STYLE), ruled(data, repeat=1)]
    doc = read_pdf(build(tmp_path / "long.pdf", story))
    check_locators(doc)
    grids = doc.tables
    assert len(grids) >= 2
    assert [g.page for g in grids] == sorted(g.page for g in grids)
    assert {len(r) for g in grids for r in g.rows} == {3}
    body = [texts(r) for g in grids for r in g.rows if r[0].text != "序号"]
    assert body == [[str(i), f"事项{i}", str(i * 3)] for i in range(1, 81)]
    assert all(g.rows[0][0].text == "序号" for g in grids)  # repeated header kept


def test_unruled_numeric_layout(tmp_path):
    path = tmp_path / "unruled.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillColorRGB(1, 1, 1)  # WPS paints a white box behind every line: not rulings
    for y in range(640, 780, 20):
        c.rect(60, y - 6, 480, 20, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "第二十条第（五）项")
    c.drawString(72, 740, "信息内容")
    c.drawString(300, 740, "本年处理决定数量")
    c.drawString(72, 720, "行政许可")
    c.drawString(330, 720, "9487")
    c.drawString(72, 700, "（一）予以公开")
    for i, n in enumerate([50, 0, 0, 0, 0, 0, 50]):
        c.drawString(250 + 40 * i, 700, str(n))
    c.drawString(72, 680, "0 0 0 0 0 0 0")
    c.drawString(72, 650, "我区在政府网站平台公开政府常务会议 7")
    c.drawCentredString(A4[0] / 2, 30, "- 1 -")
    c.save()
    doc = read_pdf(path)
    check_locators(doc)
    assert [type(b).__name__ for b in doc.blocks] == [
        "Paragraph",
        "Paragraph",
        "TableGrid",
        "Paragraph",
    ]
    assert doc.blocks[0].text == "第二十条第（五）项"
    assert doc.blocks[1].text == "信息内容 本年处理决定数量"
    grid = doc.blocks[2]
    assert not grid.aligned
    assert [texts(r) for r in grid.rows] == [
        ["行政许可", "9487"],
        ["（一）予以公开", "50", "0", "0", "0", "0", "0", "50"],
        ["0", "0", "0", "0", "0", "0", "0"],
    ]
    assert doc.blocks[3].text == "我区在政府网站平台公开政府常务会议 7"


def _unruled_page(path: Path, lines: list[tuple[float, float, str, str]]) -> Document:
    """A page without rulings: each item is (x, y, text, how), how in left/right/centre."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 12)
    draw = {"left": c.drawString, "right": c.drawRightString, "centre": c.drawCentredString}
    for x, y, text, how in lines:
        draw[how](x, y, text)
    c.save()
    doc = read_pdf(path)
    check_locators(doc)
    return doc


def blocks(doc: Document) -> list:
    return [b.text if isinstance(b, Paragraph) else [texts(r) for r in b.rows] for b in doc.blocks]


def test_unruled_single_small_values_written_after_a_space_are_rows(tmp_path):
    """Values one space after equal-length labels ("行政许可 9" / "行政处罚 0") line up: rows."""
    page = [
        "二、主动公开政府信息情况",
        "信息内容 本年处理决定数量",
        "行政许可 9",
        "行政处罚 0",
        "行政强制 0",
        "公开政府常务会议 7 期",
        "受理申请 17 件",
        "受理申请 17件",
    ]
    doc = _unruled_page(
        tmp_path / "spaced.pdf", [(72, 760 - 20 * i, t, "left") for i, t in enumerate(page)]
    )
    assert blocks(doc) == [
        "二、主动公开政府信息情况",
        "信息内容本年处理决定数量",
        [["行政许可", "9"], ["行政处罚", "0"], ["行政强制", "0"]],
        "公开政府常务会议 7 期",
        "受理申请 17 件",
        "受理申请 17件",
    ]
    assert not doc.tables[0].aligned


@pytest.mark.parametrize(("how", "x"), [("left", 168), ("right", 190), ("centre", 180)])
def test_unruled_value_column_close_to_a_long_label(tmp_path, how, x):
    """The long label leaves less than a column gap, but its value lines up with the others."""
    rows = [("行政许可", "9"), ("行政处罚", "0"), ("行政事业性收费", "7545"), ("行政强制", "0")]
    items = [(72, 760, "信息内容", "left")]
    for i, (label, value) in enumerate(rows):
        items += [(72, 740 - 20 * i, label, "left"), (x, 740 - 20 * i, value, how)]
    doc = _unruled_page(tmp_path / f"column-{how}.pdf", items)
    assert blocks(doc) == ["信息内容", [list(r) for r in rows]]


def test_unruled_lone_row_needs_a_column_gap(tmp_path):
    """With no neighbouring value to line up with, only a column gap makes a row."""
    doc = _unruled_page(
        tmp_path / "lone.pdf",
        [
            (72, 760, "一、总体情况", "left"),
            (72, 720, "行政处罚", "left"),
            (330, 720, "0", "left"),
            (72, 680, "行政许可 9", "left"),
        ],
    )
    assert blocks(doc) == ["一、总体情况", [["行政处罚", "0"]], "行政许可 9"]


def test_unruled_prose_ending_in_numbers_stays_prose(tmp_path):
    """Wrapped lines that end in numbers at the same x, and a value below a gap, are not rows."""
    first = "本年度我区在政府网站平台公开政府常务会议次数为 12"
    second = "次，全年主动公开各类政府信息条数合计一共达到了 34"
    assert len(first) == len(second)  # so the two numbers line up, as in justified text
    doc = _unruled_page(
        tmp_path / "prose.pdf",
        [
            (72, 760, first, "left"),
            (72, 740, second, "left"),
            (72, 720, "条。", "left"),
            (72, 680, "行政许可 9", "left"),
            (72, 660, "行政处罚 0", "left"),
            (72, 620, "召开会议 7", "left"),  # lines up, but a blank line above: not the next row
        ],
    )
    assert blocks(doc) == [
        f"{first} {second} 条。",
        [["行政许可", "9"], ["行政处罚", "0"]],
        "召开会议 7",
    ]


def test_rotated_page_with_plain_text(tmp_path):
    path = tmp_path / "rotated.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(90)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "一、总体情况")
    c.drawString(72, 740, "本年度共收到申请 17 件。")
    c.save()
    doc = read_pdf(path)
    assert [b.text for b in doc.blocks] == ["一、总体情况", "本年度共收到申请 17 件。"]


@pytest.mark.parametrize("rotation", [90, 270])
def test_rotated_page_with_landscape_table(tmp_path, rotation):
    """Content drawn turned so that the /Rotate'd page shows it upright."""
    path = tmp_path / f"landscape{rotation}.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(rotation)
    if rotation == 90:
        c.translate(A4[0], 0)
        c.rotate(90)
    else:
        c.translate(0, A4[1])
        c.rotate(-90)
    c.setFont(FONT, 12)
    c.drawString(72, 520, "四、政府信息公开行政复议、行政诉讼情况")
    table = ruled([["行政复议", "", "行政诉讼"], ["结果\n维持", "总计", "总计"], ["1", "2", "3"]])
    table.setStyle(TableStyle([("SPAN", (0, 0), (1, 0))]))
    table.wrapOn(c, 700, 400)
    table.drawOn(c, 72, 400)
    c.save()
    doc = read_pdf(path)
    check_locators(doc)
    assert doc.blocks[0].text == "四、政府信息公开行政复议、行政诉讼情况"
    assert [texts(r) for r in doc.tables[0].rows] == [
        ["行政复议", "行政复议", "行政诉讼"],
        ["结果维持", "总计", "总计"],
        ["1", "2", "3"],
    ]


def _image_page(c: canvas.Canvas) -> None:
    image = Image.new("RGB", (200, 300), "white")
    image.paste((0, 0, 0), (20, 20, 180, 40))
    c.drawImage(ImageReader(image), 72, 300, 200, 300)
    c.showPage()


def test_scanned_pdf_without_any_text_is_refused(tmp_path):
    """Pages without a text layer go to OCR; when it finds no text either, the file is refused."""
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _image_page(c)
    _image_page(c)
    c.save()
    with pytest.raises(ScannedPdf) as info:
        read_pdf(path)
    assert str(info.value) == "scanned, no text layer, and OCR found no text"


def test_partly_scanned_pdf_is_read_with_a_note(tmp_path):
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "一、总体情况")
    c.showPage()
    _image_page(c)
    c.save()
    doc = read_pdf(path)
    assert doc.text == "一、总体情况"
    assert doc.notes == ["read by OCR: page(s) 2 have no text layer"]


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, encrypt="secret")
    c.setFont(FONT, 12)
    c.drawString(72, 760, "一、总体情况")
    c.save()
    with pytest.raises(EncryptedPdf, match="password"):
        read_pdf(path)


def test_owner_password_only_pdf_is_readable(tmp_path):
    path = tmp_path / "restricted.pdf"
    encryption = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encryption)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "一、总体情况")
    c.save()
    assert read_pdf(path).text == "一、总体情况"


def _simple_pdf(path: Path, title: str | None = None) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    if title is not None:
        c.setTitle(title)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "一、总体情况")
    c.save()
    return path


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_truncated_pdf(tmp_path, cut):
    data = _simple_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(CorruptFile, match="damaged or truncated"):
        read_pdf(path)


def test_empty_file_not_a_pdf_and_zero_pages(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(CorruptFile, match="empty"):
        read_pdf(empty)
    html = tmp_path / "error.pdf"
    html.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    with pytest.raises(CorruptFile, match="not a PDF"):
        read_pdf(html)
    no_pages = tmp_path / "nopages.pdf"
    blank = pdfium.PdfDocument.new()
    blank.save(no_pages)
    blank.close()
    with pytest.raises(CorruptFile, match="no pages"):
        read_pdf(no_pages)
    body = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Count 0/Kids[]>>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(body, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"xref\n0 3\n0000000000 65535 f \n%strailer\n<</Size 3/Root 1 0 R>>\n" % xref
    no_pages.write_bytes(out + b"startxref\n%d\n%%%%EOF\n" % out.index(b"xref"))
    with pytest.raises(CorruptFile, match="no pages"):  # written by hand, not by PDFium
        read_pdf(no_pages)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2024年政府信息公开工作年度报告", "2024年政府信息公开工作年度报告"),
        ("Microsoft Word - 洪泽区2024年报告.docx", "洪泽区2024年报告"),
        ("Microsoft Word - 文档1.docx", None),
        ("untitled", None),
        ("", None),
        (None, None),
    ],
)
def test_title_from_metadata(tmp_path, title, expected):
    assert read_pdf(_simple_pdf(tmp_path / "t.pdf", title)).title == expected


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("结", "果", "结果"),
        ("商业", "企业", "商业企业"),
        ("只计这一情形，不", "计其他情形）", "只计这一情形，不计其他情形）"),
        ("本年收费金额", "（单位：万元）", "本年收费金额（单位：万元）"),
        ("12", "34", "12 34"),
        ("总计", "95", "总计 95"),
        ("", "结", "结"),
    ],
)
def test_join_wrapped_lines(left, right, joined):
    assert join_words(left, right) == joined


def test_table_ruled_with_thin_filled_bars(tmp_path):
    """Word and some converters draw rulings as thin filled rectangles, not stroked lines."""
    path = tmp_path / "bars.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    xs, ys = [72, 240, 340, 440], [700, 680, 660]
    for y in ys:
        c.rect(xs[0], y, xs[-1] - xs[0], 0.6, stroke=0, fill=1)
    for x in xs:
        c.rect(x, ys[-1], 0.6, ys[0] - ys[-1], stroke=0, fill=1)
    c.setFont(FONT, 10)
    for (x, y), text in zip(
        [(80, 686), (248, 686), (348, 686), (80, 666), (248, 666), (348, 666)],
        ["信息内容", "本年处理决定数量", "备注", "行政处罚", "2776", "无"],
        strict=True,
    ):
        c.drawString(x, y, text)
    c.save()
    doc = read_pdf(path)
    assert [texts(r) for r in doc.tables[0].rows] == [
        ["信息内容", "本年处理决定数量", "备注"],
        ["行政处罚", "2776", "无"],
    ]
    assert doc.tables[0].aligned


def test_watermark_and_fake_bold_are_not_text(tmp_path):
    path = tmp_path / "marks.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 14)
    for dx in (0, 0.3, 0.6):  # bold faked by overprinting the same glyphs
        c.drawString(72 + dx, 760, "一、总体情况")
    c.saveState()
    c.translate(300, 400)
    c.rotate(45)
    c.setFont(FONT, 60)
    c.drawString(0, 0, "内部资料")
    c.restoreState()
    c.save()
    assert read_pdf(path).text == "一、总体情况"


@pytest.mark.parametrize("name", ["hongze", "landscape", "marks"])
def test_pdfplumber_fallback_reads_the_same_document(tmp_path, monkeypatch, name):
    """Where PDFium loses glyphs, the page's characters come from pdfplumber: same result."""
    path = SAMPLES / "hongze-2024.pdf"
    if name == "landscape":
        test_rotated_page_with_landscape_table(tmp_path, 90)
        path = tmp_path / "landscape90.pdf"
    elif name == "marks":
        test_watermark_and_fake_bold_are_not_text(tmp_path)
        path = tmp_path / "marks.pdf"
    fast = read_pdf(path)
    real = pdf_geometry._page_objects
    monkeypatch.setattr(
        pdf_geometry, "_page_objects", lambda page, turn: (real(page, turn)[0], True)
    )
    assert read_pdf(path).blocks == fast.blocks
