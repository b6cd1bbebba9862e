"""Organ and year shapes shown by real pages added in the tenth corpus batch (tests/golden/real).

Each test names the real page that showed the shape; the first assertion reads the page
itself, the second a minimal text of the same shape, so the rule is general.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.parse import NoTemplateTables, parse_file
from tests.fixtures.real_pages import parse_text, real

PART1 = "一、总体情况\n2020年,我局认真贯彻落实《条例》。\n"


def test_an_organ_ending_in_jiguan_is_the_organ(tmp_path):
    """chengkou-2020: '城口县人民政府机关' / '2020年政府信息公开工作年度报告' (the government and
    its office reporting together). 机关 ended no organ name, so the page was refused."""
    assert real("chengkou-2020").meta.agency == "城口县人民政府"
    text = "某某县民政局机关\n2020年政府信息公开工作年度报告\n" + PART1
    assert parse_text(tmp_path, text).meta.agency == "某某县民政局"


def test_a_sentence_reporting_the_years_work_names_the_organ(tmp_path):
    """weixi-sjj-2019: no title; '现将维西县审计局2019政府信息公开年度工作向县人民政府进行报告'
    (the year without 年, the year's work reported instead of a titled report)."""
    meta = real("weixi-sjj-2019").meta
    assert (meta.agency, meta.year) == ("维西县审计局", 2019)
    text = (
        "根据《条例》规定,现将某某县统计局2020政府信息公开年度工作报告如下。"
        "报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n" + PART1
    )
    meta = parse_text(tmp_path, text).meta
    assert (meta.agency, meta.year) == ("某某县统计局", 2020)


def test_a_township_named_bare_takes_its_office_where_the_page_prints_it(tmp_path):
    """xixiu-hlx-2021: '现公布西秀区黄腊乡2021年…' with '请与西秀区黄腊乡人民政府联系'; the bare
    township and its 人民政府 were two organs (two agency ids) for one government."""
    assert real("xixiu-hlx-2021").meta.agency == "西秀区黄腊乡人民政府"
    assert real("jiuyuan-agrt-2022").meta.agency == "包头市九原区阿嘎如泰苏木人民政府"
    text = "某某镇2021年政府信息公开工作年度报告\n一、总体情况\n2021年,某某镇人民政府认真落实。\n"
    assert parse_text(tmp_path, text).meta.agency == "某某镇人民政府"
    text = "某某乡2021年政府信息公开工作年度报告\n一、总体情况\n2021年,某某乡政府认真落实。\n"
    assert parse_text(tmp_path, text).meta.agency == "某某乡"


def test_a_banner_printed_in_its_short_form_is_placed():
    """xiwu-zrzyj-2020: '西乌旗自然资源局' (西乌珠穆沁旗) had no place, level or city: Inner
    Mongolia prints its long banners short (西乌旗, 科右前旗, 土左旗)."""
    from etl.agencies.places import resolve_place

    meta = real("xiwu-zrzyj-2020").meta
    assert (meta.province, meta.city, meta.county, meta.level) == (
        "内蒙古自治区",
        "锡林郭勒盟",
        "西乌珠穆沁旗",
        "县级",
    )
    place = resolve_place("科右前旗人民政府")
    assert (place.county, place.level, place.kind) == ("科尔沁右翼前旗", "县级", "人民政府")


def test_a_bracketed_short_name_between_organ_and_year(tmp_path):
    """donghu-fgj-2021: '现将武汉东湖新技术开发区发展改革局(以下简称发展改革局)2021年度信息公开
    工作报告如下' was read as '发展改革局'."""
    assert real("donghu-fgj-2021").meta.agency == "武汉东湖新技术开发区发展改革局"


def test_a_department_named_only_in_its_contact_line(tmp_path):
    """guichi-gafj-2020: no title, '分局' in the lead, '请与池州市公安贵池分局办公室联系': refused
    for want of an organ (a contact line gave only governments)."""
    assert real("guichi-gafj-2020").meta.agency == "池州市公安贵池分局"
    text = (
        "一、总体情况\n本报告依据《中华人民共和国政府信息公开条例》编制,统计期限为2020年1月1日"
        "至2020年12月31日。如有疑问,请与某某县统计局办公室联系。\n"
    )
    assert parse_text(tmp_path, text).meta.agency == "某某县统计局"


def test_a_titled_report_on_the_old_outline_loads(tmp_path):
    """shengsi-gaj-2020: '嵊泗县公安局2020年度政府信息公开工作年度报告' on the old outline
    (一、政府信息公开工作的基本情况 / 二、主动公开、依申请公开工作情况) was refused."""
    meta = real("shengsi-gaj-2020").meta
    assert (meta.agency, meta.year) == ("嵊泗县公安局", 2020)
    body = (
        "一、政府信息公开工作的基本情况\n略。\n二、主动公开、依申请公开工作情况\n全年公开128条。\n"
    )
    meta = parse_text(tmp_path, "某某县林业局2020年度政府信息公开工作年度报告\n" + body).meta
    assert meta.agency == "某某县林业局"


def test_a_zone_named_after_its_county_is_placed_in_it():
    """yueqing-jkq-2022: 浙江乐清经济开发区管理委员会 was placed as a city under 浙江省."""
    meta = real("yueqing-jkq-2022").meta
    assert (meta.province, meta.city, meta.county) == ("浙江省", "温州市", "乐清市")


def test_a_titled_report_on_the_old_outline_headed_by_its_work(tmp_path):
    """alashan-tjj-2019-trad: '阿拉善盟統計局2019年政府信息公開年度報告' whose part 一 is
    '一、信息公開工作情況' (the old outline) was refused."""
    assert real("alashan-tjj-2019-trad").meta.agency == "阿拉善盟统计局"


def test_a_bare_district_branch_is_placed_in_its_district():
    """guichi-gafj-2020: 池州市公安贵池分局 (no 局 after 公安, no 区 after 贵池) was placed at
    the city's level."""
    meta = real("guichi-gafj-2020").meta
    assert (meta.city, meta.county, meta.level) == ("池州市", "贵池区", "县级")


def test_a_page_interpreting_the_report_is_not_the_report(tmp_path):
    """lixia-dmhjd-2022-jiedu (data/): '文字解读:济南市历下区大明湖街道办事处2022年政府信息公开工作
    年度报告' explains the report (编制背景, 主要内容) and prints no table; it was loaded as a
    second, empty report of the street office for 2022."""
    with pytest.raises(NoTemplateTables, match="解读"):
        parse_file(Path(__file__).parent / "data" / "lixia-dmhjd-2022-jiedu.txt")
    with pytest.raises(NoTemplateTables):
        parse_text(
            tmp_path, "图解:某某县统计局2022年政府信息公开工作年度报告\n一、总体情况\n略。\n"
        )


def test_a_contact_sentence_without_yu(tmp_path):
    """lvyuan-ccjd-2022: no title; '请联系长春市绿园区春城街道办事处(办公地址:…)' was the only
    full name, and the page was refused for want of an organ."""
    assert real("lvyuan-ccjd-2022").meta.agency == "长春市绿园区春城街道办事处"


def test_an_industrial_park_is_an_organ(tmp_path):
    """chibi-pfgyyq-2020: '蒲纺工业园区2020年政府信息公开工作年度报告' gave no organ (…工业园区
    ended no organ name)."""
    assert real("chibi-pfgyyq-2020").meta.agency == "蒲纺工业园区"


def test_a_notice_about_the_reports_is_not_an_old_outline_report(tmp_path):
    """The old-outline rule (shengsi-gaj-2020) must not take a notice about the reports,
    which names one and numbers its own headings on 主动公开, for a report."""
    text = (
        "关于做好2020年政府信息公开工作年度报告编制工作的通知\n某某县人民政府办公室\n"
        "一、全面总结2020年主动公开工作情况\n略。\n二、政府信息公开工作要求\n略。\n"
        "某某县人民政府办公室\n2020年12月20日\n"
    )
    with pytest.raises(NoTemplateTables):
        parse_text(tmp_path, text)


def test_an_administration_office_is_an_organ():
    """mengdonghe-glc-2020: '湖南猛洞河风景名胜区管理处2020年度政府信息公开工作年度报告' was
    refused (…管理处 ended no organ name)."""
    assert real("mengdonghe-glc-2020").meta.agency == "湖南猛洞河风景名胜区管理处"


def test_a_place_title_broken_after_the_place():
    """kundulun-2025: '2025年昆都仑区' / '政府信息公开工作年度报告' is the district's report; the
    contact line's department (昆都仑区行政审批政务服务与数据管理局) is not its organ."""
    assert real("kundulun-2025").meta.agency == "昆都仑区人民政府"


def test_a_cell_whose_space_a_mirror_lost(tmp_path):
    """bureau-2021-qmark-trad: part 二's cells print '? 0' (a no-break space the mirror turned
    into '?'); the lines were read as labels of rows outside the template and the 规章 and
    行政规范性文件 rows were dropped."""
    values = real("bureau-2021-qmark-trad").read_values()
    assert values["active.regulations.repealed"] == 0
    assert values["active.normative_docs.in_force"] == 0


def test_the_organ_after_bianzhi_le():
    """qingjiangpu-2021: '清江浦区政务公开工作领导小组办公室编制了清江浦区人民政府2021年度…年度报告'
    (the compiler first, the report's organ after 编制了) was refused for want of an organ."""
    assert real("qingjiangpu-2021").meta.agency == "清江浦区人民政府"


def test_a_vertical_line_titled_as_its_departments():
    """datong-qxbm-2023: '大同市气象部门2023年…' (a city's weather offices reporting together)
    had no organ; the one organ the page names with the title's words is the report's."""
    assert real("datong-qxbm-2023").meta.agency == "大同市气象局"


def test_bianzhi_alone_before_organ_and_year(tmp_path):
    """zhanjiang-customs-2023: no title, '…等规定,梳理编制湛江海关关区2023年政府信息公开工作
    年度报告' was refused as not a report."""
    assert real("zhanjiang-customs-2023").meta.agency == "湛江海关"
    text = "根据《条例》,编制某某市林业局2023年政府信息公开工作年度报告。\n" + PART1
    assert parse_text(tmp_path, text).meta.agency == "某某市林业局"


def test_a_government_office_compiling_its_own_report(tmp_path):
    """guanghan-bgs-2025: '由广汉市人民政府办公室编制' with part 一 speaking as the office
    ('2025年,市政府办公室认真贯彻…') was read as the government's report; a government's
    report compiled by its office stays the government's."""
    assert real("guanghan-bgs-2025").meta.agency == "广汉市人民政府办公室"
    lead = "本年度政府信息公开工作年度报告由某某市人民政府办公室编制,数据统计期限为2023年。\n"
    own = parse_text(tmp_path, lead + "一、总体情况\n2023年,市政府办公室认真贯彻《条例》。\n")
    assert own.meta.agency == "某某市人民政府办公室"
    government = parse_text(tmp_path, lead + "一、总体情况\n2023年,某某市认真贯彻《条例》。\n")
    assert government.meta.agency == "某某市人民政府"


def test_part_one_subheadings_without_its_heading(tmp_path):
    """shanhaiguan-ngjd-2024: the title, a lead, then '(一)主动公开' / '(二)依申请公开' with no
    '一、总体情况' (and no table in the excerpt) was refused as not a report."""
    assert real("shanhaiguan-ngjd-2024").meta.agency == "山海关区南关街道办事处"
    text = (
        "某某镇人民政府2024年政府信息公开工作年度报告\n2024年,我镇认真贯彻《条例》。\n"
        "(一)主动公开\n全年公开信息73条。\n(二)依申请公开\n全年收到申请0件。\n"
    )
    assert parse_text(tmp_path, text).meta.agency == "某某镇人民政府"
    with pytest.raises(NoTemplateTables):  # one sub-heading is not enough
        parse_text(tmp_path, text.replace("(二)依申请公开", "(二)其他"))


def test_a_lead_opening_like_part_one_names_a_zones_bureau(tmp_path):
    """zzgx-cgj-2022: no title, the lead opens '2022年,郑州高新技术产业开发区管委会城市管理局
    深入贯彻…' and publishes '2022年度本级…年度报告': refused for want of an organ (and the
    organ is the bureau, not the zone's 管委会 inside its name)."""
    assert real("zzgx-cgj-2022").meta.agency == "郑州高新技术产业开发区管委会城市管理局"
    text = (
        "2023年,某某经济开发区管委会财政局认真贯彻《条例》,现向社会公布本级政府信息公开年度报告。\n"
        + PART1
    )
    assert parse_text(tmp_path, text).meta.agency == "某某经济开发区管委会财政局"


def test_the_contact_address_names_the_organs_office(tmp_path):
    """xixia-town-2023-spam: no title, '我乡', the organ only in the contact's address
    ('请与本单位政府信息公开受理机构联系,地址:浙江省…溪下乡人民政府党政综合办公室') was
    refused for want of an organ; an address that is a building names none."""
    assert real("xixia-town-2023-spam").meta.agency == "溪下乡人民政府"
    lead = (
        "本年度政府信息公开工作年度报告数据统计期限从2023年1月1日到12月31日止。如有疑问,"
        "请与本单位政府信息公开受理机构联系,地址:某某县某某乡人民政府党政综合办公室,电话:1。\n"
    )
    assert (
        parse_text(tmp_path, lead + PART1.replace("2020", "2023")).meta.agency
        == "某某县某某乡人民政府"
    )


def test_a_place_title_quoted_in_book_title_marks():
    """qinbei-2023: '现公布《钦北区2023年政府信息公开工作年度报告》' (no title of its own, the
    quoted title naming the place alone) was refused for want of an organ."""
    assert real("qinbei-2023").meta.agency == "钦北区人民政府"


def test_a_public_enterprise_speaking_as_a_company():
    """wuming-fmjt-2023-mirror: a state-owned group's report whose lead, copied from another
    report, says '由南宁市武鸣区行政审批局编制' while its contact is the company's office and
    part 一 says 我公司/我集团, was read as the bureau."""
    assert real("wuming-fmjt-2023-mirror").meta.agency == "广西富鸣城市投资发展集团有限责任公司"
