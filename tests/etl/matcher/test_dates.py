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
