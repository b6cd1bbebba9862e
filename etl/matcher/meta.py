"""Report metadata and narrative numbers: organ, statistics year, processing fee.

The title line names the organ and the year (保定市行政审批局 / 2024年度政府信息
公开工作年度报告); the statistics period (统计期限为2024年1月1日至…) confirms the
year; part 六 states the information-processing fee since 2021.
"""

from __future__ import annotations

import re
import unicodedata

from etl.matcher.labels import to_simplified

_REPORT = r"政府信息公开(?:工作)?年度报告|政务公开工作年度报告|信息公开年报"
_TITLE = re.compile(
    rf"^(?P<before>.*?)(?:关于)?(?P<year>(?:19|20)\d{{2}})\s*年(?:度)?(?P<after>.*?)(?:{_REPORT})"
)
_ANNUAL = re.compile(r"((?:19|20)\d{2})\s*(?:年度?政府信息公开(?:工作)?)?年报")
_UNTIL = re.compile(r"(?:截止|截至|至)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_OPENING = re.compile(
    r"^\s*((?:19|20)\d{2})\s*年(?:度|以来)?\s*[,，]\s*"
    r"(?P<organ>[^,，。、；;]{2,30}?(?:人民政府|办公厅|办公室|委员会|局|厅|街道办事处|管委会|中心))"
)
_PLACE_START = re.compile(r"^[^县市区]{1,8}(?:省|自治区|市|县|区|州|盟|旗)")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)")
_ORGAN_END = re.compile(
    r"(人民政府|政府|办公厅|办公室|委员会|局|厅|部|署|委|院|办|中心|街道办事处|街道|乡|镇|管委会|公司|所|站|队|会|社)$"
)
_FEE_SENTENCE = re.compile(r"[^。；;\n]*信息处理费[^。；;\n]*")
_NO_FEE = re.compile(r"(未|没有|不)(收取|产生|发生|征收)|无信息处理费|免收|为零|0\s*元|零元")
_FEE_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[#*>`_]+", " ", t)
    return re.sub(r"\s+", "", t)


def _organ(text: str) -> str | None:
    t = re.sub(r"^[（(【\[]?(?:关于|印发)?", "", text).strip(" ：:，,、")
    t = re.sub(r"(的)?$", "", t)
    if 2 <= len(t) <= 40 and _ORGAN_END.search(t):
        return t
    return None


def find_title(lines: list[str]) -> tuple[str | None, int | None]:
    """Agency and year from the title: one line, or the organ on the line above."""
    head = [_clean(line) for line in lines[:40] if line.strip()]
    for i, line in enumerate(head):
        m = _TITLE.match(line)
        if not m or len(line) > 80:
            continue
        year = int(m.group("year"))
        agency = _organ(m.group("before")) or _organ(m.group("after"))
        if agency is None and i > 0:
            agency = _organ(head[i - 1])
        return (to_simplified(agency) if agency else None), year
    return None, None


def find_year(text: str) -> int | None:
    """The statistics year stated in the text (统计期限为2024年1月1日至…, 2020年报)."""
    t = unicodedata.normalize("NFKC", text)
    for pattern in (_PERIOD, _UNTIL, _ANNUAL):
        m = pattern.search(t)
        if m:
            return int(m.group(1))
    return None


def find_opening(lines: list[str]) -> tuple[str | None, int | None]:
    """Part 一 usually opens "2022年，抚远市自然资源局…": organ (when it names its place) and year."""
    started = False
    for line in lines:
        t = to_simplified(unicodedata.normalize("NFKC", line))
        if "总体情况" in t or "概述" in t:
            started = True
            continue
        if not started:
            continue
        m = _OPENING.match(t)
        if m:
            organ = m.group("organ")
            return (organ if _PLACE_START.match(organ) else None), int(m.group(1))
        if len(t.strip()) > 10:
            break
    return None, None


def find_processing_fee(part6_text: str) -> float | None:
    """The information-processing fee in yuan stated in part 六, else None.

    >>> find_processing_fee("2024年我局未收取信息处理费。")
    0.0
    >>> find_processing_fee("全年收取政府信息公开信息处理费 0 元。")
    0.0
    >>> find_processing_fee("收取信息处理费120元")
    120.0
    >>> find_processing_fee("没有其他需要报告的事项。") is None
    True
    """
    text = unicodedata.normalize("NFKC", to_simplified(part6_text))
    for sentence in _FEE_SENTENCE.findall(text):
        amount = _FEE_AMOUNT.search(sentence)
        if amount and float(amount.group(1)) > 0:
            value = float(amount.group(1))
            return value * 10_000 if amount.group(2) == "万元" else value
        if _NO_FEE.search(sentence):
            return 0.0
    return None


def part6_text(text: str) -> str:
    """The text of part 六 (from its heading to the end), or '' when absent."""
    m = re.search(r"六\s*[、.．]\s*\**\s*其他需要报告的事项", text)
    return text[m.end() :] if m else ""
