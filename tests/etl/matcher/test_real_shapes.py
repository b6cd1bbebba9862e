"""Shapes met in real reports (tests/golden/real): each failure found there, in small."""

from __future__ import annotations

from pathlib import Path

from etl.matcher.report import match_document
from etl.readers.html import read_html
from etl.readers.text import read_text

APPLY_COLS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")


def parse(tmp_path: Path, text: str, name: str = "r.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    reader = read_html if name.endswith(".html") else read_text
    return match_document(reader(p))


def row(values: dict, prefix: str) -> dict:
    return {k: v for k, v in values.items() if k.startswith(prefix + ".")}


def zeros(prefix: str) -> dict:
    return {f"{prefix}.{c}": 0 for c in APPLY_COLS}


def test_part1_subheading_about_review_is_not_part4(tmp_path):
    # 驼峰路街道办事处: part 一 has a "(四)…行政复议、行政诉讼情况" sub-heading.
    text = (
        "某街道办事处2020年政府信息公开工作年度报告\n一、总体情况\n"
        "(四)因政府信息公开申请的行政复议、行政诉讼情况\n本年未发生行政复议和行政诉讼案件。\n"
        "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n"
        "对外公开总数量\n规章\n0\n0\n0\n规范性文件\n1\n2\n3\n"
        "第二十条第(五)项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n"
        "行政许可\n4\n5\n6\n其他对外管理服务事项\n0\n0\n0\n"
    )
    r = parse(tmp_path, text)
    values = r.read_values()
    assert not any(k.startswith("appeal.") for k in values)
    assert values["active.normative_docs.total_published"] == 3
    assert values["active.licensing.decisions"] == 6


def test_row_of_zeros_and_blanks_is_all_zero_when_the_next_label_follows(tmp_path):
    # Blank cells vanished from the text; the only printed cell is 0.
    text = (
        "某局2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\n\n\n\n 0\n\n"
        "二、上年结转政府信息公开申请数量\n0\n0\n\n"
        "三、本年度办理结果\n(一)予以公开\n3\n3\n"
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)\n0\n0\n0\n0\n0\n0\n0\n"
    )
    values = parse(tmp_path, text).read_values()
    assert row(values, "apply.new") == zeros("apply.new")
    assert row(values, "apply.carried_in") == zeros("apply.carried_in")
    assert row(values, "apply.granted") == {}  # 3 and 3: which columns is unknown
    assert row(values, "apply.partial") == zeros("apply.partial")


def test_zeros_before_a_stray_line_are_not_completed(tmp_path):
    # A page header may split a row: only the next label of the table closes it for sure.
    text = (
        "某局2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 0 0 0\nPage 6 - 某局2020年报\n0 0 0 1\n"
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    )
    values = parse(tmp_path, text).read_values()
    assert row(values, "apply.new") == {}
    assert row(values, "apply.carried_in") == zeros("apply.carried_in")


def test_one_cell_per_line_closed_by_bars(tmp_path):
    # 区统计局: a lone bar is an empty cell; '||' lines are the filler of merged cells.
    text = (
        "某区某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |\n申请人情况 |\n||||||||\n"
        "一、本年新收政府信息公开申请数量 |\n|\n|\n|\n|\n|\n|\n0 |\n||\n"
        "二、上年结转政府信息公开申请数量 |\n1 |\n|\n|\n|\n|\n|\n1 |\n||\n"
        "三、本年度办理结果 |\n(一)予以公开 |\n"
    )
    values = parse(tmp_path, text).read_values()
    assert row(values, "apply.new") == zeros("apply.new")
    assert row(values, "apply.carried_in") == {
        **zeros("apply.carried_in"),
        "apply.carried_in.natural": 1,
        "apply.carried_in.total": 1,
    }


def test_bar_closing_a_row_is_not_an_empty_cell(tmp_path):
    # '5 | 8 |' then the row's closing bar: two values for three columns stay absent,
    # and a label broken before its bar ('行政规范性文件' then '|') is one cell.
    text = (
        "某县某局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项 |\n||||\n"
        "信息内容 |\n本年新 制作数量 |\n本年新 公开数量 |\n对外公开总数量 |\n|\n"
        "规章 |\n0 |\n0 |\n0 |\n|\n行政规范性文件\n|\n5 |\n8 |\n|\n"
        "第二十条第(五)项 |\n||||\n"
    )
    values = parse(tmp_path, text).read_values()
    assert row(values, "active.regulations") == {
        "active.regulations.new_made": 0,
        "active.regulations.new_published": 0,
        "active.regulations.total_published": 0,
    }
    assert row(values, "active.normative_docs") == {}


def test_blank_cells_as_lone_bars(tmp_path):
    # 胡市镇: '规章 |' then three empty cells, one per line.
    text = (
        "某镇人民政府2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项 | |||\n"
        "信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量 |\n规章 |\n|\n|\n|\n"
        "规范性文件(指各行政机关印发的有正式文号的文件) | 2 | 0 | 83 |\n第二十条第(五)项 | |||\n"
    )
    values = parse(tmp_path, text).read_values()
    assert values == {
        "active.regulations.new_made": 0,
        "active.regulations.new_published": 0,
        "active.regulations.total_published": 0,
        "active.normative_docs.new_made": 2,
        "active.normative_docs.new_published": 0,
        "active.normative_docs.total_published": 83,
    }


def test_label_lengthened_by_a_note(tmp_path):
    text = (
        "某街道2020年政府信息公开工作年度报告\n第二十条第(五)项\n"
        "信息内容\t上一年项目数量 (指2019年事项数)\t本年增/减 (减用负值表示,如 -8)\t处理决定数量\n"
        "其他对外管理服务事项(指行政许可以外的政务服务事项,含行政确认、行政处罚、行政强制)\t3\t-1\t9\n"
    )
    assert parse(tmp_path, text).read_values() == {
        "active.other_services.prev_items": 3,
        "active.other_services.change": -1,
        "active.other_services.decisions": 9,
    }


def test_headings_of_the_other_template_block_the_row(tmp_path):
    # 秦岭保护局 2022: (一) prints 2019 columns, (五)/(八) the 2021 single columns.
    text = (
        "某区某局2022年政府信息公开工作年度报告\n一、总体情况\n主动公开政府集中采购、其他对外管理服务事项等信息。\n"
        "二、主动公开政府信息情况\n第二十条第(一)项 | |||\n"
        "信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n"
        "第二十条第(五)项 | |||\n信息内容 | 处理决定数量 | ||\n行政许可 | 117 | ||\n"
        "第二十条第(八)项 | |||\n信息内容 | 本年度收费金额(单位:万元) | ||\n行政事业性收费 | 0 | ||\n"
    )
    r = parse(tmp_path, text)
    assert r.meta.template == "2021"
    assert r.read_values() == {"active.licensing.decisions": 117, "active.fees.amount_wan_yuan": 0}
    assert any("另一版模板" in f.message for f in r.findings)


def test_headings_naming_one_of_three_columns(tmp_path):
    # A 2019 table whose (五) prints only 处理决定数量: '117 | ||' is not three cells.
    text = (
        "某县某局2020年政府信息公开工作年度报告\n第二十条第(一)项 | |||\n"
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n"
        "第二十条第(五)项 | |||\n信息内容 | 处理决定数量 | ||\n行政许可 | 117 | ||\n"
    )
    r = parse(tmp_path, text)
    assert r.meta.template == "2019"
    assert row(r.read_values(), "active.licensing") == {"active.licensing.decisions": 117}


def test_header_columns_place_a_blank_first_cell(tmp_path):
    text = (
        "某局2019年政府信息公开工作年度报告\n第二十条第（九）项\t\t\t\n"
        "信息内容\t采购项目数量\t采购总金额\t\n政府集中采购\t\t0.43\t\n"
    )
    assert parse(tmp_path, text).read_values() == {
        "active.procurement.items": 0,
        "active.procurement.amount_wan_yuan": 0.43,
    }


def test_yuan_amount_converted(tmp_path):
    text = (
        "某局2019年政府信息公开工作年度报告\n第二十条第（九）项\n"
        "信息内容\t采购项目数量\t采购总金额\n政府集中采购\t6\t251000元\n"
    )
    assert parse(tmp_path, text).read_values() == {
        "active.procurement.items": 6,
        "active.procurement.amount_wan_yuan": 25.1,
    }


def test_amount_heading_in_yuan(tmp_path):
    # The heading, not the cell, says 元; and a 元 cell placed through a blank.
    text = (
        "某局2019年政府信息公开工作年度报告\n第二十条第（九）项\n"
        "信息内容\t采购项目数量\t采购总金额（元）\n政府集中采购\t6\t251000\n"
    )
    assert parse(tmp_path, text).read_values() == {
        "active.procurement.items": 6,
        "active.procurement.amount_wan_yuan": 25.1,
    }
    text = (
        "某局2019年政府信息公开工作年度报告\n第二十条第（九）项\t\t\t\n"
        "信息内容\t采购项目数量\t采购总金额\t\n政府集中采购\t\t4300元\t\n"
    )
    assert parse(tmp_path, text).read_values() == {
        "active.procurement.items": 0,
        "active.procurement.amount_wan_yuan": 0.43,
    }


def test_amount_heading_in_wan_yuan_is_kept(tmp_path):
    text = (
        "某局2022年政府信息公开工作年度报告\n第二十条第（八）项\n"
        "信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t26.55\n"
    )
    assert parse(tmp_path, text).read_values() == {"active.fees.amount_wan_yuan": 26.55}
    text = (
        "某局2022年政府信息公开工作年度报告\n第二十条第（八）项\n"
        "信息内容\t本年收费金额（元）\n行政事业性收费\t2655\n"
    )
    assert parse(tmp_path, text).read_values() == {"active.fees.amount_wan_yuan": 0.2655}


APPLY_HEAD = (
    "某区某办2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    "申请人情况 |\n自然人 |\n法人或其他组织 |\n总计 |\n商业企业 |\n科研机构 |\n"
    "社会公益组织 |\n法律服务机构 |\n其他 |\n|||||\n"
)


def test_lone_bars_after_a_value_are_blanks_but_the_last(tmp_path):
    # erdao-fwzsb-2022: '18 |', six lone bars (its blank cells) and the row's closing bar.
    text = (
        APPLY_HEAD + "一、本年新收政府信息公开申请数量 |\n56 |\n|\n|\n|\n|\n|\n56 |\n||\n"
        "三、本年度办理结果 |\n(一)予以公开 |\n18 |\n"
        + "|\n" * 7
        + "(二)部分公开 |\n"
        + "|\n" * 7
        + "||\n"
        "(三)不予公开 |\n"
    )
    values = parse(tmp_path, text).read_values()
    assert row(values, "apply.granted") == {**zeros("apply.granted"), "apply.granted.natural": 18}
    assert row(values, "apply.new") == {
        **zeros("apply.new"),
        "apply.new.natural": 56,
        "apply.new.total": 56,
    }


def test_typo_label_after_a_row_of_blank_cells(tmp_path):
    # erdao-fwzsb-2022: '5.属于三类内容事务信息' (内容 for 内部) after a row of lone bars.
    text = (
        APPLY_HEAD + "4.保护第三方合法权益 |\n" + "|\n" * 7 + "||\n"
        "5.属于三类内容事务信息 |\n1 |\n" + "|\n" * 5 + "1 |\n||\n"
        "6.属于四类过程性信息 |\n" + "|\n" * 7 + "||\n(四)无法提供 |\n"
    )
    values = parse(tmp_path, text).read_values()
    internal = {**zeros("apply.withheld_internal"), "apply.withheld_internal.natural": 1}
    assert row(values, "apply.withheld_internal") == {
        **internal,
        "apply.withheld_internal.total": 1,
    }
    assert row(values, "apply.withheld_third_party") == zeros("apply.withheld_third_party")
