"""The statistics year where no title prints it: the period, body sentences, column notes.

Excerpts, archives and image-table pages often lose the title. The year is then
still printed in forms reports really use, tried strongest first:

- a sentence naming the year's disclosure work: 现将我局2020年度政府信息公开情况报告如下,
  汇报我镇2023年政府信息公开工作 (never inside 《…》, which cites other documents);
- the 2019 template's column notes: 处理决定数量（指2020年办件量）, 本年增/减（指2020年增加…）;
- the year's end looked back on: 截至2022年底，我局…;
- sentences of parts 一–四 that open with the year (2019年度街道受理…, 2021年，通过…),
  when every such sentence names the same year.
"""

from __future__ import annotations

import re
import unicodedata

from etl.chinese import to_simplified

_CITED = re.compile(r"《[^》]{0,120}》")
_WORK = re.compile(
    r"((?:19|20)\d{2})\s*年度?(?:的)?(?:政府信息公开|政务公开)(?:工作)?(?:情况|年度报告|报告|工作)"
)
# "截至2022年底，我局政府信息公开工作运行正常": the statistics year's end, looking back.
_YEAR_END = re.compile(r"(?:截止|截至)(?:到)?\s*((?:19|20)\d{2})\s*年(?:底|末)")
_NOTE = re.compile(r"指\s*((?:19|20)\d{2})\s*年(?:度)?(?:办件量|增加或减少|新增|处理)")
# Only blanks within the line after a stop: ``\s*`` would run over every following blank
# line from each line start, and findall would take the square of the line count.
_OPENING = re.compile(r"(?m)(?:^|[。；;！!？?])[^\S\n]*((?:19|20)\d{2})\s*年(?:度)?(?![\d月版第])")
_PART5 = re.compile(r"五\s*[、.．]\s*\**\s*(?:政府信息公开工作)?存在的主要问题")
_ANNUAL = re.compile(r"((?:19|20)\d{2})\s*(?:年度?政府信息公开(?:工作)?)?年报")
_UNTIL = re.compile(r"(?:截止|截至|至)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)")


def _unique(years: list[int]) -> int | None:
    return years[0] if years and len(set(years)) == 1 else None


def find_body_year(text: str) -> int | None:
    """The statistics year from body sentences or column notes, or None when unsure.

    >>> find_body_year("根据《关于做好2019年政府信息公开工作年度报告的通知》，现将我局2020年度政府信息公开情况报告如下")
    2020
    >>> find_body_year("处理决定数量（指2020年办件量）")
    2020
    >>> find_body_year("一、总体情况\\n2019年度街道受理申请0件。2019年度街道共有专职人员2名。")
    2019
    >>> find_body_year("2019年我局公开信息25条。2018年我局公开信息20条。") is None
    True
    >>> find_body_year("截至2022年底，我局政府信息公开工作运行正常。我局2022年度主动公开信息15条。")
    2022
    """
    t = to_simplified(unicodedata.normalize("NFKC", text))
    m = _PART5.search(t)
    body = _CITED.sub("", t[: m.start()] if m else t)
    for pattern in (_WORK, _NOTE, _YEAR_END):
        year = _unique([int(y) for y in pattern.findall(body)])
        if year is not None:
            return year
    return _unique([int(y) for y in _OPENING.findall(body)])


def period_year(text: str) -> int | None:
    """The year of a statistics period stated in the text (…自2020年1月1日至…).

    >>> period_year("所列公开数据统计期限自2020年1月1日至2020年12月31日"), period_year("2020年")
    (2020, None)
    """
    m = _PERIOD.search(unicodedata.normalize("NFKC", text))
    return int(m.group(1)) if m else None


def find_year(text: str) -> int | None:
    """The statistics year stated in the text (统计期限为2024年1月1日至…, 2020年报)."""
    t = unicodedata.normalize("NFKC", text)
    for pattern in (_PERIOD, _UNTIL, _ANNUAL):
        m = pattern.search(t)
        if m:
            return int(m.group(1))
    return None
