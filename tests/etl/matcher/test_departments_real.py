"""Ministries' and provincial departments' pages, and cells that print words (tests/golden/real).

Each test names the real page that showed the shape; the first assertion reads the page
itself, the second a minimal text of the same shape, so the rule is general.
"""

from __future__ import annotations

import pytest

from etl.parse import NoTemplateTables
from tests.fixtures.real_pages import parse_text, real

TABLE_2019 = "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 |\n本年新 |\n本年新 |\n对外公开总数量 |\n"


def test_cells_printing_words_are_not_blank_cells(tmp_path):
    """rudong-swj-2020: '规章 | 本单位未制作规章 | 本单位未制作规章 | 本单位未制作规章', then the
    copy ends inside the next row's words ('规范性文件 | 本单'). Both rows were read as rows of
    blank cells (0s); they print no number, so nothing is stored, with a P2 finding."""
    report = real("rudong-swj-2020")
    assert not report.values
    assert any("本单位未制作规章" in f.message for f in report.findings if f.rule == "P2")
    text = (
        "某某县水务局2020年政府信息公开工作年度报告\n一、总体情况\n略。\n" + TABLE_2019 + "规章 |\n"
        "不涉及 |\n不涉及 |\n不涉及 |\n规范性文件 |\n3 |\n3 |\n9 |\n"
    )
    values = parse_text(tmp_path, text).read_values()
    assert "active.regulations.new_made" not in values
    assert values["active.normative_docs.total_published"] == 9


def test_blank_row_before_a_cut_label_is_still_zero(tmp_path):
    """The other side of the rule: a row of blank cells followed by the next row's label
    cut by the end ('行政强制 |' then '2.重复申…' style) is still a row of 0s."""
    text = (
        "某某县水务局2020年政府信息公开工作年度报告\n一、总体情况\n略。\n" + TABLE_2019 + "规章 |\n"
        "规范性"
    )
    values = parse_text(tmp_path, text).read_values()
    assert values["active.regulations.total_published"] == 0


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("ln-czt-2020", "辽宁省财政厅"),  # part 一 titled 一、总体公开情况
        ("fj-czt-2020", "福建省财政厅"),  # no title: '汇总…2020年政府信息公开情况编制形成' + period
        ("zhangjiachuan-swj-2020", "张家川县水务局"),  # '现向社会公布…工作报告'
    ],
)
def test_table_less_department_pages_load_with_their_metadata(name, agency):
    """These excerpts end in part 一: they were refused as 'not a report'."""
    meta = real(name).meta
    assert (meta.agency, meta.year) == (agency, 2020)


def test_statistics_period_names_the_report_only_with_its_organ_and_part_one(tmp_path):
    head = "汇总某某省财政厅2020年政府信息公开情况编制形成,所列公开数据统计期限自2020年1月1日至2020年12月31日。\n"
    assert (
        parse_text(tmp_path, head + "一、总体公开情况\n2020年,省财政厅认真贯彻…\n").meta.year
        == 2020
    )
    with pytest.raises(NoTemplateTables):
        parse_text(tmp_path, head + "（一）主动公开\n全年公开信息25条。\n")


def test_ministry_reposted_by_a_subordinate_site():
    """mwr-2020: '山东黄河河务局门户网站 时间:2021-1-26 来源:水利部' under the title."""
    meta = real("mwr-2020").meta
    assert (meta.agency, meta.year) == ("水利部", 2020)


def test_publishing_sentence_with_the_year_before_the_organ():
    """jurong-tjj-2020: '特向社會公布2020年度句容市統計局信息公開工作報告' (no title) was
    refused for want of an organ."""
    meta = real("jurong-tjj-2020").meta
    assert (meta.agency, meta.year) == ("句容市统计局", 2020)


def test_compiler_sentence_naming_what_was_compiled(tmp_path):
    """ankang-tjj-2020: '由安康市统计局围绕2020年度政府信息公开工作情况编制而成' (no title)."""
    assert real("ankang-tjj-2020").meta.agency == "安康市统计局"
    text = (
        "本年度报告由某某县水务局结合有关统计数据编制,统计期限为2021年1月1日至2021年12月31日。"
        "本报告说明政府信息公开工作情况。\n"
        "一、总体情况\n2021年,我局…\n"
    )
    assert parse_text(tmp_path, text).meta.agency == "某某县水务局"


def test_customs_district_report_is_its_customs():
    """gzcustoms-2021: '广州海关关区2021年…' (the district's report), part 一 '2021年,广州海关以…':
    no organ suffix matched 海关, the page was refused."""
    meta = real("gzcustoms-2021").meta
    assert (meta.agency, meta.year) == ("广州海关", 2021)


def test_scope_note_after_the_organ_and_a_clause_opening_part_one():
    """customs-hq-2020: '海关总署(本级机关)2020年…' lost its organ to the bracket, and part 一's
    '2019年,在国务院办公厅…组织的政务公开评估中' was read as the organ '在国务院办公厅'."""
    meta = real("customs-hq-2020").meta
    assert (meta.agency, meta.year, meta.level) == ("海关总署", 2020, "国务院部门")


def test_vertical_system_report_is_its_leading_organ():
    """xizang-postal-2020: '西藏自治区邮政管理系统2020年…年度报告', the organ printed only in part
    一 ('西藏自治区邮政管理局高度重视…'), the date on the bullet after '• 发布日期:'. It was
    refused (no organ) and its date unread."""
    meta = real("xizang-postal-2020").meta
    assert (meta.agency, meta.year) == ("西藏自治区邮政管理局", 2020)
    assert meta.to_json()["published_on"] == "2021-03-18"


def test_amount_printed_in_wan_without_yuan():
    """wangcang-lyj-2019: 采购总金额 '2601.953875万' (万 without 元) was not a number, so the
    procurement row (13 / 2601.953875) was dropped."""
    values = real("wangcang-lyj-2019").read_values()
    assert values["active.procurement.amount_wan_yuan"] == pytest.approx(2601.953875)
    assert values["active.procurement.items"] == 13
    assert values["active.licensing.change"] == 1558 and values["active.penalty.change"] == -38


def test_stamp_line_with_a_share_button():
    """yn-lcj-2020: '2021-01-22 15:07:33   来源:云南省林业和草原局    分享到:'."""
    assert real("yn-lcj-2020").meta.to_json()["published_on"] == "2021-01-22"


def test_opening_naming_the_year_as_this_year():
    """rongchang-lyj-2019: '特向社会公布2019年度我局…' and part 一 '今年以来,荣昌区林业局认真…':
    the organ was not found."""
    meta = real("rongchang-lyj-2019").meta
    assert (meta.agency, meta.year) == ("荣昌区林业局", 2019)


def test_general_office_in_an_opening_and_a_head_listing_the_parts():
    """hunan-bgt-2020: no title and no period, the lead sentence lists the template's parts
    (…收到和处理政府信息公开申请情况…): refused before; part 一's '2020年,湖南省人民政府办公厅…'
    was cut to '湖南省人民政府' (the shortest organ ending)."""
    meta = real("hunan-bgt-2020").meta
    assert (meta.agency, meta.year) == ("湖南省人民政府办公厅", 2020)
