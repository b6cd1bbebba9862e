"""The issue date of a report: header cells, the signature's date, the site's stamp."""

from __future__ import annotations

from datetime import date

import pytest

from etl.matcher.dates import find_published_on

SIX = "六、其他需要报告的事项"


@pytest.mark.parametrize(
    ("lines", "year", "expected"),
    [
        # Catalogue header as pipe rows: 成文日期 beats 发布日期.
        (
            [
                "| 索引号: | 11410100/2022-00012 | 发布机构: | 郑州市统计局 |",
                "| 成文日期: | 2022-01-18 | 发布日期: | 2022-01-25 |",
                SIX,
                "无。",
            ],
            2021,
            (date(2022, 1, 18), "成文日期"),
        ),
        # Label and value on two lines (a one-cell-per-line header).
        (["成文日期：", "2023年01月20日", SIX], 2022, (date(2023, 1, 20), "成文日期")),
        # The signature beats the site's stamp; related links after it are ignored.
        (
            [
                "发布时间：2022-02-08 09:12",
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
