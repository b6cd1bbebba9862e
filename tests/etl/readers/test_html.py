"""HTML reader: decoding, DOM walk order, span expansion, layout tables, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.readers.base import CorruptFile, Paragraph, TableGrid
from etl.readers.html import clean_text, read_html


def view(grid: TableGrid) -> list[list[str]]:
    """Rows as strings; a span copy is written ``=text``."""
    return [[("=" if c.is_span_copy else "") + c.text for c in row] for row in grid.rows]


def write(tmp_path: Path, html: str, name: str = "page.html", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return path


def page(body: str, head: str = '<meta charset="utf-8"><title>年度报告</title>') -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# --- part 3 of the 2021 template, laid out as government sites print it --------------------

LEAD = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# (group label with its rowspan, item label) for the 22 rows under 三、本年度办理结果
RESULT_ROWS = [
    (("（一）予以公开", 1), None),
    (("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1), None),
    (("（三）不予公开", 8), "1.属于国家秘密"),
    (None, "2.其他法律行政法规禁止公开"),
    (None, "3.危及“三安全一稳定”"),
    (None, "4.保护第三方合法权益"),
    (None, "5.属于三类内部事务信息"),
    (None, "6.属于四类过程性信息"),
    (None, "7.属于行政执法案卷"),
    (None, "8.属于行政查询事项"),
    (("（四）无法提供", 3), "1.本机关不掌握相关政府信息"),
    (None, "2.没有现成信息需要另行制作"),
    (None, "3.补正后申请内容仍不明确"),
    (("（五）不予处理", 5), "1.信访举报投诉类申请"),
    (None, "2.重复申请"),
    (None, "3.要求提供公开出版物"),
    (None, "4.无正当理由大量反复申请"),
    (None, "5.要求行政机关确认或重新出具已获取信息"),
    (("（六）其他处理", 3), "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (None, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (None, "3.其他"),
    (("（七）总计", 1), None),
]


def nums(r: int) -> str:
    # each number names its row and column, so a misplaced cell shows
    return "".join(f'<td style="text-align:center"><p>{r}{c}</p></td>' for c in range(3, 10))


def part3_html() -> str:
    rows = [
        f'<tr><td rowspan="3" colspan="3"><p><span>{LEAD}</span></p></td>'
        '<td colspan="7"><p>申请人情况</p></td></tr>',
        '<tr><td rowspan="2"><p>自然人</p></td><td colspan="5"><p>法人或其他<br/>组织</p></td>'
        '<td rowspan="2"><p>总计</p></td></tr>',
        "<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益<br>组织</td>"
        "<td>法律服务<br>机构</td><td>其他</td></tr>",
        f'<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>{nums(3)}</tr>',
        f'<tr><td colspan="3">二、上年结转政府信息公开申请数量</td>{nums(4)}</tr>',
    ]
    for i, (group, item) in enumerate(RESULT_ROWS):
        r = 5 + i
        head = '<td rowspan="22"><p>三、本年度</p><p>办理结果</p></td>' if i == 0 else ""
        if group and item is None:
            cells = f'<td colspan="2">{group[0]}</td>'
        elif group:
            cells = f'<td rowspan="{group[1]}">{group[0]}</td><td>{item}</td>'
        else:
            cells = f"<td>{item}</td>"
        rows.append(f"<tr>{head}{cells}{nums(r)}</tr>")
    rows.append(f'<tr><td colspan="3">四、结转下年度继续办理</td>{nums(27)}</tr>')
    return '<table border="1" cellspacing="0"><tbody>' + "\n".join(rows) + "</tbody></table>"


def expected_nums(r: int) -> list[str]:
    return [f"{r}{c}" for c in range(3, 10)]


@pytest.fixture
def part3(tmp_path: Path) -> TableGrid:
    body = "<h2>三、收到和处理政府信息公开申请情况</h2>" + part3_html()
    doc = read_html(write(tmp_path, page(body)))
    assert [type(b) for b in doc.blocks] == [Paragraph, TableGrid]
    return doc.blocks[1]


def test_part3_header_rows_expand_exactly(part3: TableGrid) -> None:
    assert view(part3)[:3] == [
        [LEAD, "=" + LEAD, "=" + LEAD, "申请人情况"] + ["=申请人情况"] * 6,
        ["=" + LEAD] * 3 + ["自然人", "法人或其他组织"] + ["=法人或其他组织"] * 4 + ["总计"],
        ["=" + LEAD] * 3
        + ["=自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构"]
        + ["其他", "=总计"],
    ]


def test_part3_body_rows_expand_exactly(part3: TableGrid) -> None:
    grid = view(part3)
    assert len(grid) == 28
    assert all(len(row) == 10 for row in grid)
    new = "一、本年新收政府信息公开申请数量"
    assert grid[3] == [new, "=" + new, "=" + new, *expected_nums(3)]
    result = "三、本年度办理结果"
    assert grid[5] == [result, "（一）予以公开", "=（一）予以公开", *expected_nums(5)]
    assert grid[7] == ["=" + result, "（三）不予公开", "1.属于国家秘密", *expected_nums(7)]
    assert grid[14] == ["=" + result, "=（三）不予公开", "8.属于行政查询事项", *expected_nums(14)]
    unable = "1.本机关不掌握相关政府信息"
    assert grid[15] == ["=" + result, "（四）无法提供", unable, *expected_nums(15)]
    assert grid[25] == ["=" + result, "=（六）其他处理", "3.其他", *expected_nums(25)]
    assert grid[26] == ["=" + result, "（七）总计", "=（七）总计", *expected_nums(26)]
    carried = "四、结转下年度继续办理"
    assert grid[27] == [carried, "=" + carried, "=" + carried, *expected_nums(27)]
    # the big rowspan: its origin at row 5, copies on the 21 rows below, nothing past them
    assert [row[0] for row in grid[5:27]] == [result] + ["=" + result] * 21


def test_part3_locators_name_each_position(part3: TableGrid) -> None:
    for r, row in enumerate(part3.rows):
        for c, cell in enumerate(row):
            assert (cell.locator.block, cell.locator.row, cell.locator.col) == (1, r, c)
            assert cell.locator.table == 1
    assert part3.aligned is True


def test_part4_header_with_rowspans_in_the_middle(tmp_path: Path) -> None:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    tds = "".join(f'<td rowspan="2">{o}</td>' for o in outcomes)
    html = (
        '<table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
        f'<tr>{tds}<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>'
        "<tr>" + "".join(f"<td>{o}</td>" for o in outcomes * 2) + "</tr>"
        "<tr>" + "".join(f"<td>{n}</td>" for n in range(15)) + "</tr></table>"
    )
    (grid,) = read_html(write(tmp_path, page(html))).tables
    assert view(grid) == [
        ["行政复议"] + ["=行政复议"] * 4 + ["行政诉讼"] + ["=行政诉讼"] * 9,
        outcomes
        + ["未经复议直接起诉"]
        + ["=未经复议直接起诉"] * 4
        + ["复议后起诉"]
        + ["=复议后起诉"] * 4,
        ["=" + o for o in outcomes] + outcomes * 2,
        [str(n) for n in range(15)],
    ]


# --- cell text --------------------------------------------------------------------------


def test_cell_text_joins_lines_spans_and_spaces(tmp_path: Path) -> None:
    html = (
        "<table><tr>"
        "<td><p>法人或其他</p><p>组织</p></td>"
        "<td>1.<br>属于国家秘密</td>"
        "<td>&nbsp;</td>"
        "<td>\u3000（一）&nbsp;&nbsp;予以公开 </td>"
        "<td><span>自然</span><span>人</span></td>"
        "<td><font>本机关不掌握\n   相关政府信息</font></td>"
        "<td>本年收费金额<br/>（单位：万元）</td>"
        "<td>Total <b>2</b>\n件</td>"
        "</tr><tr><td>a</td><td>b</td><td>c</td><td>d</td><td>e</td><td>f</td><td>g</td>"
        "<td>h</td></tr></table>"
    )
    (grid,) = read_html(write(tmp_path, page(html))).tables
    assert view(grid)[0] == [
        "法人或其他组织",
        "1. 属于国家秘密",
        "",
        "（一） 予以公开",
        "自然人",
        "本机关不掌握相关政府信息",
        "本年收费金额（单位：万元）",
        "Total 2 件",
    ]


def test_clean_text_rules() -> None:
    assert clean_text("三、本年度\r\n办理结果") == "三、本年度办理结果"
    assert clean_text("结果\n维持") == "结果维持"
    assert clean_text("a\nb") == "a b"
    assert clean_text("规章\u200b\ufeff") == "规章"
    assert clean_text(" \u3000 ") == ""


# --- span edge cases -------------------------------------------------------------------


def test_span_values_are_read_like_a_browser(tmp_path: Path) -> None:
    html = (
        "<table>"
        '<tr><td rowspan="9">A</td><td colspan="2;">B</td><td rowspan="0">C</td></tr>'
        '<tr><td colspan="x">D</td><td>E</td></tr>'
        "<tr><td>F</td></tr>"  # short row: stays short
        "</table>"
    )
    (grid,) = read_html(write(tmp_path, page(html))).tables
    assert view(grid) == [
        ["A", "B", "=B", "C"],
        ["=A", "D", "E", "=C"],
        ["=A", "F", "=", "=C"],
    ]
    # position (2, 2) is reached by no cell: marked a copy so no value is read there
    hole = grid.rows[2][2]
    assert hole.is_span_copy and hole.text == ""


def test_th_thead_tbody_and_empty_rows(tmp_path: Path) -> None:
    html = (
        "<table><thead><tr><th>信息内容</th><th>本年制发件数</th></tr></thead>"
        "<tbody><tr></tr><tr><td>规章</td><td></td></tr></tbody></table>"
    )
    (grid,) = read_html(write(tmp_path, page(html))).tables
    assert view(grid) == [["信息内容", "本年制发件数"], ["规章", ""]]
    assert grid.rows[1][1].is_span_copy is False  # a real blank cell
    assert grid.rows[1][1].locator.row == 1


def test_word_exported_html_table(tmp_path: Path) -> None:
    # Word's "save as web page": mso styles, <o:p>, conditional comments and a final row of
    # empty sizing cells (kept: a blank row in a shown table reads as zeros)
    html = (
        "<table border=1 cellspacing=0 class=MsoNormalTable x:str>"
        "<!--[if gte mso 9]><xml><w:WordDocument>junk</w:WordDocument></xml><![endif]-->"
        "<tr style='mso-yfti-irow:0'><td width=120 rowspan=2 style='mso-border-alt:solid'>"
        "<p class=MsoNormal align=center><span lang=EN-US>信息内容<o:p></o:p></span></p></td>"
        "<td colspan=2><p class=MsoNormal><span>本年<span lang=EN-US>&nbsp;</span>件数</span>"
        "</p></td></tr>"
        "<tr><td>制发</td><td>废止</td></tr>"
        "<tr><td>规章</td><td><p class=MsoNormal><span lang=EN-US>0<o:p></o:p></span></p></td>"
        "<td></td></tr>"
        "<![if !supportMisalignedColumns]><tr height=0><td width=120 style='border:none'></td>"
        "<td width=60 style='border:none'></td><td width=60 style='border:none'></td></tr>"
        "<![endif]></table>"
    )
    (grid,) = read_html(write(tmp_path, page(html))).tables
    assert view(grid) == [
        ["信息内容", "本年 件数", "=本年 件数"],
        ["=信息内容", "制发", "废止"],
        ["规章", "0", ""],
        ["", "", ""],
    ]
    assert [c.locator.row for c in grid.rows[2]] == [2, 2, 2]


# --- document order, layout tables, split tables ---------------------------------------


def test_nested_layout_tables_are_walked_not_emitted(tmp_path: Path) -> None:
    html = (
        '<table width="960"><tr><td><img src="logo.png">某市人民政府</td></tr>'
        "<tr><td>"
        '<table width="100%"><tr><td valign="top">'
        "<p>二、主动公开政府信息情况</p>"
        "<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>1</td></tr>"
        "</table>"
        "<p>三、收到和处理政府信息公开申请情况</p>"
        '<table><tr><td colspan="2">申请人情况</td></tr><tr><td>自然人</td><td>总计</td></tr>'
        "</table>"
        "</td></tr></table>"
        "</td></tr><tr><td>版权所有</td></tr></table>"
    )
    doc = read_html(write(tmp_path, page(html)))
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else None) for b in doc.blocks]
    assert kinds == [
        ("Paragraph", "某市人民政府"),
        ("Paragraph", "二、主动公开政府信息情况"),
        ("TableGrid", None),
        ("Paragraph", "三、收到和处理政府信息公开申请情况"),
        ("TableGrid", None),
        ("Paragraph", "版权所有"),
    ]
    first, second = doc.tables
    assert view(first) == [["信息内容", "本年制发件数"], ["规章", "1"]]
    assert view(second) == [["申请人情况", "=申请人情况"], ["自然人", "总计"]]
    assert [first.rows[0][0].locator.table, second.rows[0][0].locator.table] == [1, 2]
    assert [first.rows[0][0].locator.block, second.rows[0][0].locator.block] == [2, 4]
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            assert block.locator.block == i


def test_one_cell_frame_is_prose_and_split_tables_stay_in_order(tmp_path: Path) -> None:
    html = (
        "<table><tr><td><p>一、总体情况</p><p>本年度共主动公开信息120条。</p></td></tr></table>"
        '<table><tr><td rowspan="2">信息内容</td><td colspan="3">件数</td></tr>'
        "<tr><td>本年制发</td><td>本年废止</td><td>现行有效</td></tr></table>"
        "<table><tr><td>规章</td><td>0</td><td>0</td><td>3</td></tr></table>"
        "<table><tr><td>&nbsp;</td><td></td></tr></table>"  # an empty spacer: dropped
    )
    doc = read_html(write(tmp_path, page(html)))
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [
        "一、总体情况",
        "本年度共主动公开信息120条。",
    ]
    header, body = doc.tables
    assert view(header) == [
        ["信息内容", "件数", "=件数", "=件数"],
        ["=信息内容", "本年制发", "本年废止", "现行有效"],
    ]
    assert view(body) == [["规章", "0", "0", "3"]]
    assert body.rows[0][0].locator.table == 2


def test_paragraphs_br_lines_headings_and_lists(tmp_path: Path) -> None:
    html = (
        "<h1>某区人民政府2024年政府信息公开工作年度报告</h1>"
        "<div>第一行<br>第二行<br/><br/>第三行<span>（续）</span></div>"
        "<ul><li>条目一</li><li>条目二</li></ul>"
        "<div>外层文字<div>内层文字</div>尾巴</div>"
        "<script>document.write('脚本文字')</script><style>.x{content:'样式'}</style>"
        "<!-- 注释文字 -->"
    )
    doc = read_html(write(tmp_path, page(html)))
    assert [b.text for b in doc.blocks] == [
        "某区人民政府2024年政府信息公开工作年度报告",
        "第一行",
        "第二行",
        "第三行（续）",
        "条目一",
        "条目二",
        "外层文字",
        "内层文字",
        "尾巴",
    ]
    assert doc.title == "年度报告"
    assert doc.source_format == "html"
    assert "脚本" not in doc.text and "样式" not in doc.text and "注释" not in doc.text


# --- encodings --------------------------------------------------------------------------

GBK_BODY = "<p>保定市行政审批局</p><table><tr><td>规章</td><td>5</td></tr></table>"


@pytest.mark.parametrize(
    ("head", "encoding", "expected_encoding"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk", "gb18030"),
        ('<meta charset="GBK">', "gbk", "gb18030"),
        ("", "gbk", "gb18030"),  # undeclared GBK
        ('<meta charset="gb2312">', "utf-8", "utf-8"),  # re-encoded page keeping its old meta
        ('<meta charset="iso-8859-1">', "gbk", "gb18030"),  # a false declaration
        ("", "utf-8-sig", "utf-8-sig"),
    ],
)
def test_encodings(tmp_path: Path, head: str, encoding: str, expected_encoding: str) -> None:
    html = page(GBK_BODY, head=head + "<title>保定市行政审批局年报</title>")
    doc = read_html(write(tmp_path, html, encoding=encoding))
    assert doc.title == "保定市行政审批局年报"
    assert doc.blocks[0].text == "保定市行政审批局"
    assert view(doc.tables[0]) == [["规章", "5"]]
    assert doc.notes[0].startswith(f"encoding: {expected_encoding}")


def test_gb18030_only_characters_in_a_gb2312_page(tmp_path: Path) -> None:
    # 㛃 is outside GBK; pages declaring gb2312 carry such characters in names
    html = page("<p>张㛃</p>", head='<meta charset="gb2312">')
    doc = read_html(write(tmp_path, html, encoding="gb18030"))
    assert doc.blocks[0].text == "张㛃"


def test_xml_declaration_page(tmp_path: Path) -> None:
    html = '<?xml version="1.0" encoding="gbk"?>\n' + page("<p>政务公开</p>", head="")
    doc = read_html(write(tmp_path, html, encoding="gbk"))
    assert doc.blocks[0].text == "政务公开"


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n ",
        page("<script>var a = '只有脚本';</script>").encode(),
        page('<table><tr><td>&nbsp;</td><td> </td></tr></table><img src="scan.png">').encode(),
    ],
)
def test_pages_without_text_are_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    with pytest.raises(CorruptFile, match="the HTML page holds no text"):
        read_html(path)


def test_span_blow_up_is_rejected(tmp_path: Path) -> None:
    rows = '<tr><td colspan="1000">x</td></tr>' * 300
    with pytest.raises(CorruptFile, match="spans more than"):
        read_html(write(tmp_path, page(f"<table>{rows}</table>")))


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(b"%PDF-1.7\x00\x01\x02" + bytes(range(256)) * 4)
    with pytest.raises(CorruptFile, match="not an HTML page"):
        read_html(path)


# --- speed ------------------------------------------------------------------------------
