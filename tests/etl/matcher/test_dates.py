"""The publication date of a report: the page stamp, 成文日期, the signature's date."""

from __future__ import annotations

from datetime import date

import pytest

from etl.matcher.dates import find_published_on

SIX = "六、其他需要报告的事项"


@pytest.mark.parametrize(
    ("lines", "year", "expected"),
    [
        # Catalogue header as pipe rows: the publication stamp beats 成文日期.
        (
            [
                "| 索引号: | 11410100/2022-00012 | 发布机构: | 郑州市统计局 |",
                "| 成文日期: | 2022-01-18 | 发布日期: | 2022-01-25 |",
                SIX,
                "无。",
            ],
            2021,
            (date(2022, 1, 25), "发布时间"),
        ),
        # Label and value on two lines (a one-cell-per-line header).
        (["成文日期：", "2023年01月20日", SIX], 2022, (date(2023, 1, 20), "成文日期")),
        # The signature's date when the page has no stamp; related links after it are ignored.
        (
            [
                "来源：区政府办",
                SIX,
                "本机关未收取信息处理费。",
                "",
                "洪泽区人民政府办公室",
                "2022年1月28日",
                "相关链接",
                "2020年度报告 2021-01-30",
            ],
            2021,
            (date(2022, 1, 28), "落款日期"),
        ),
        # Organ and date on one line; Chinese numerals.
        (
            [SIX, "无。", "某某县自然资源局  二〇二二年一月十八日"],
            2021,
            (date(2022, 1, 18), "落款日期"),
        ),
        (["时间: 2024-01-12 10:19", "正文"], 2023, (date(2024, 1, 12), "发布时间")),
        # A sentence ending in a date is not a signature.
        ([SIX, "统计期限截至2021年12月31日"], 2021, (None, None)),
        # A stamp before the statistics year is not this report's date (a reposted page).
        (["发布日期：2019-05-06", SIX], 2021, (None, None)),
        # 日期 inside a longer word is no header.
        (["申请截止日期：2022-01-18", SIX], 2021, (None, None)),
    ],
)
def test_published_on(lines, year, expected):
    assert find_published_on(lines, year) == expected


def test_mirror_stamp_in_traditional_with_pinyin(tmp_path):
    """A mirror's 發(fā)布時間 (traditional, pinyin glosses inside the label) is the stamp
    (yuanling-eyx-2020-trad): the report's date is read from its simplified, unglossed text."""
    from etl.parse import parse_file

    text = "\n".join(
        [
            "某某鄉(xiāng)人民政府2020年政府信息公開工作年度報告",
            "門戶網(wǎng)站 發(fā)布時間:2021-01-18 10:17",
            "一、總體情況",
            "本報告的統(tǒng)計數(shù)據(jù)時限為2020年1月1日至12月31日。",
            "二、主動公開政府信息情況",
            "第二十條第(一)項",
            "規(guī)章",
            *["0"] * 3,
        ]
    )
    path = tmp_path / "mirror.txt"
    path.write_text(text, encoding="utf-8")
    meta = parse_file(path).meta
    assert (meta.published_on, meta.published_on_source) == (date(2021, 1, 18), "发布时间")
