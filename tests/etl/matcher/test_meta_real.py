"""Agency and statistics year as real pages print them (tests/golden/real)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.matcher import organ_sentences
from etl.matcher.report import match_document
from etl.readers.html import read_html
from etl.readers.text import read_text

TABLE = "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t12\n"


def parse(tmp_path: Path, text: str, name: str = "r.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    reader = read_html if name.endswith(".html") else read_text
    return match_document(reader(p))


def test_page_prefix_is_not_part_of_the_organ(tmp_path):
    r = parse(tmp_path, "Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告\nP. 8\n" + TABLE)
    assert (r.meta.agency, r.meta.year) == ("威海市文登区信访局", 2022)


def test_sentence_names_the_organ_the_title_cut_short(tmp_path):
    text = (
        "市人民政府辦公室2021年政府信息公開工作年度報告\n"
        "根據《條例》要求,現公開天門市人民政府辦公室2021年政府信息公開工作年度報告。\n" + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == ("天门市人民政府办公室", 2021)


def test_organ_and_year_only_in_the_opening_sentence(tmp_path):
    text = (
        "根据《中华人民共和国政府信息公开条例》要求,特编制湛江市人民政府地方志办公室2023年"
        "政府信息公开工作年度报告。本报告包括总体情况等内容。\n一、总体情况\n" + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == ("湛江市人民政府地方志办公室", 2023)


def test_pronoun_is_not_an_organ(tmp_path):
    text = "一、总体情况\n根据《条例》规定,现公布我局2022年政府信息公开工作年度报告。\n" + TABLE
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == (None, 2022)


def test_year_from_part1_first_person_sentences(tmp_path):
    text = (
        "驼峰路街道办事处政府信息公开工作年度报告\n一、总体情况\n(二)政府信息依申请公开情况\n"
        "2020年度我街办未接到提出公开政府信息的申请。\n" + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == ("驼峰路街道办事处", 2020)


def test_part1_years_that_disagree_give_no_year():
    lines = ["一、总体情况", "2019年我局公开信息25条。", "2018年我局公开信息20条。", "二、主动公开"]
    assert organ_sentences.find_part1_year(lines) is None


@pytest.mark.parametrize(
    "head",
    [
        "高坪区信访局2023年政府信息公开工作年度报告\n时间: 2024-01-12 10:19\n",
        "发布日期：2024年1月15日\n高坪区信访局2023年政府信息公开工作年度报告\n",
    ],
)
def test_publication_date_is_not_the_statistics_year(tmp_path, head):
    r = parse(tmp_path, head + "一、总体情况\n2023年,我局公开信息60条。\n" + TABLE)
    assert (r.meta.agency, r.meta.year) == ("高坪区信访局", 2023)


NAV_PAGE = """<html><head><title>{title}</title></head><body>
<div class="nav"><p>往年年报</p><ul>
<li><a href="a">某市某局2024年政府信息公开工作年度报告</a></li>
<li><a href="b">某市某局2022年政府信息公开工作年度报告</a></li>
</ul></div>
<h1>某市某局2023年政府信息公开工作年度报告</h1>
<div class="side"><a href="c">某市某局2021年政府信息公开工作年度报告</a></div>
<p>一、总体情况</p><p>本报告所列数据的统计期限为2023年1月1日至2023年12月31日。</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td colspan="2">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>12</td></tr></table>
</body></html>"""


@pytest.mark.parametrize("title", ["某市某局2023年政府信息公开工作年度报告", "政务公开"])
def test_navigation_listing_other_years(tmp_path, title):
    r = parse(tmp_path, NAV_PAGE.format(title=title), name="r.html")
    assert (r.meta.agency, r.meta.year) == ("某市某局", 2023)


def test_title_broken_after_its_year_then_a_publication_month(tmp_path):
    text = (
        "宿州市某局2023年\n政府信息公开工作年度报告\n宿州市某局\n2024年3月\n一、总体情况\n" + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == ("宿州市某局", 2023)


def test_title_repeated_broken_after_its_parent_organ(tmp_path):
    # donghu-wjb-2023: the title once whole, then again split after the committee.
    text = (
        "武汉市东湖生态旅游风景区管理委员会 卫生健康办公室2023年政府信息公开工作年度报告\n\n"
        "武汉市东湖生态旅游风景区管理委员会\n\n卫生健康办公室2023年政府信息公开工作年度报告\n\n"
        "一、总体情况\n" + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == (
        "武汉市东湖生态旅游风景区管理委员会卫生健康办公室",
        2023,
    )


def test_bare_organ_title_completed_from_the_body(tmp_path):
    # donghe-yjj-2021: '应急管理局政府信息公开工作年度报告', then the district's own title.
    text = (
        "应急管理局政府信息公开工作年度报告\n包头市东河区2021年政府信息公开工作年度报告\n"
        "一、总体情况\n2021年,东河区坚持以人民为中心,现将东河区应急管理局信息公开工作情况报告如下:\n"
        + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == ("包头市东河区应急管理局", 2021)


def test_organ_after_a_clause_in_the_opening(tmp_path):
    # haizhu-gzjd-2023: no title; part 一 opens "2023年,在区委、区政府的坚强领导下,官洲街道办事处…".
    text = (
        "一、总体情况\n2023年,在区委、区政府的坚强领导下,官洲街道办事处认真贯彻落实《条例》,"
        "向社会公开政府信息。\n" + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == ("官洲街道办事处", 2023)


def test_organ_of_the_title_quoted_in_a_sentence(tmp_path):
    # xiliu-town-2023: a spam mirror put its string before the organ inside the quoted title.
    text = (
        "按照省、市工作要求,现编制形成了《uedbet体育_uedbet官网@:西柳镇人民政府2023年政府信息公开"
        "工作年度报告》。本报告中所列数据的统计期限从2023年1月1日至12月31止。\n一、总体情况\n"
        "(一)主动公开政府信息情况:西柳镇人民政府利用电子屏主动更新政府信息27次\n" + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == ("西柳镇人民政府", 2023)


def test_street_named_in_the_opening_and_its_office_in_the_contact(tmp_path):
    # qiaokou-zgjd-2025 (no title): '2025年以来,宗关街道深入…', '请联系:硚口区人民政府宗关街道办事处'.
    text = (
        "所列统计数据时间范围为2025年1月1日至2025年12月31日。如本报告有疑问,请联系:"
        "硚口区人民政府宗关街道办事处,电话:027-83882540。\n一、总体情况\n"
        "2025年以来,宗关街道深入学习贯彻习近平新时代中国特色社会主义思想。\n" + TABLE
    )
    r = parse(tmp_path, text)
    assert (r.meta.agency, r.meta.year) == ("宗关街道办事处", 2025)
