"""Organ and issue date as regional and provincial pages print them (tests/golden/real).

Each test names the real page that showed the shape; the first assertion reads the page
itself, the second a minimal text of the same shape, so the rule is general.
"""

from __future__ import annotations

import json
from pathlib import Path

from etl.matcher import meta, titles
from etl.matcher.dates import find_published_on
from etl.parse import parse_file

REAL = Path(__file__).parents[2] / "golden" / "real"


def _meta(name: str):
    expected = json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))
    return parse_file(REAL / expected["file"]).meta


def _lines(name: str) -> list[str]:
    return (REAL / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def test_banner_title_names_its_government_not_the_compiling_group():
    """xbehzq-2020-spam: '新巴尔虎左旗2020年…' compiled '由旗政府政务公开工作领导小组办公室'."""
    assert _meta("xbehzq-2020-spam").agency == "新巴尔虎左旗人民政府"
    text = (
        "新巴尔虎左旗2020年政府信息公开工作年度报告\n本报告由旗政府政务公开工作领导小组办公室编制。"
    )
    assert meta.resolve(text.splitlines(), text, None, "x")[0] == "新巴尔虎左旗人民政府"


def test_place_alone_in_title_or_sentence_is_its_government():
    """yongjing-2024 (临夏回族自治州永靖县2024年…) and zhaotong-2024 (现公布昭通市2024年…)
    were refused: no organ, no table. They load with their metadata now."""
    assert _meta("yongjing-2024").agency == "临夏回族自治州永靖县人民政府"
    assert _meta("zhaotong-2024").agency == "昭通市人民政府"
    assert titles.place_government("高新区") is None  # a zone has a 管委会


def test_bare_place_title_yields_to_an_organ_title_above_it():
    """donghe-yjj-2021: 应急管理局…年度报告 above a copied 包头市东河区2021年… title."""
    assert _meta("donghe-yjj-2021").agency == "包头市东河区应急管理局"


def test_sumu_is_a_township():
    """byws-sumu-2021-docx: a 苏木 (Inner Mongolia's township) named in the file-name line."""
    assert _meta("byws-sumu-2021-docx").agency == "乌拉特中旗巴音乌兰苏木"


def test_bullet_is_not_part_of_the_organ():
    """xinjiang-xfj-2024: the title repeated as a bullet ('• 自治区信访局2024年…')."""
    assert _meta("xinjiang-xfj-2024").agency == "自治区信访局"


def test_abbreviated_title_organ_written_out_from_the_text():
    """xizang-gzw-2020: '西藏自治区政府国资委2020政府信息公开…' (no 年), the full name printed
    only inside a quoted budget title."""
    m = _meta("xizang-gzw-2020")
    assert (m.agency, m.year) == ("西藏自治区人民政府国有资产监督管理委员会", 2020)
    text = "某某县政府办2021年政府信息公开工作年度报告\n请与某某县人民政府办公室联系"
    assert meta.resolve(text.splitlines(), text, None, "x")[0] == "某某县人民政府办公室"
    # yangling-tjj-2020: a name that is not shortened is kept (杨陵区政府网统计局 is a link).
    assert _meta("yangling-tjj-2020").agency == "杨陵区统计局"


def test_issuer_field_in_the_next_pipe_cell():
    """lengshuitan-gky-2023: '发文机关: | 冷水滩区高科园 |', an industrial park."""
    assert _meta("lengshuitan-gky-2023").agency == "冷水滩区高科园"


def test_stamp_beside_source_field_and_font_buttons():
    """gxzf-bgt-2020 ('2021-02-07 18:07     来源:…') and yn-jtyst-2024
    ('来源:云南省交通运输厅       2025-01-26 09:18 【字体:')."""
    assert str(_meta("gxzf-bgt-2020").published_on) == "2021-02-07"
    assert str(_meta("yn-jtyst-2024").published_on) == "2025-01-26"
    found, _ = find_published_on(_lines("yn-jtyst-2024"), 2024)
    assert str(found) == "2025-01-26"


def test_township_contact_without_its_county():
    """tuquan-yaz-2024: no title; '请与永安镇人民政府联系' names the town's government."""
    assert _meta("tuquan-yaz-2024").agency == "永安镇人民政府"


def test_vertically_managed_organ_keeps_its_central_prefix():
    """jinghu-sw-2022: '国家税务总局芜湖市镜湖区税务局(以下简称“镜湖区税务局”)' in the preamble."""
    assert _meta("jinghu-sw-2022").agency == "国家税务总局芜湖市镜湖区税务局"
    assert _meta("pingtan-2019").agency == "平潭综合实验区"  # its 税务局 is another organ
