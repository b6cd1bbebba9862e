"""The date a report was published: 发布时间, 成文日期, the date under the signature.

The 条例 requires publication by 31 January, so timeliness measures need the
date a report came out. Three places print it, strongest first: the page's own
publication stamp (发布时间 / 发布日期 / 公开日期), the catalogue header's 成文日期
(印发日期), and the date under the signature at the end of the text (2022年1月20日 /
二〇二二年一月二十日), which is when the organ signed it. ``published_on_source``
says which one was read, so a measure can tell them apart. Dates inside sentences
(统计期限…至2021年12月31日) are never read: only a labelled header cell or a line
holding a date alone (after its organ's name) counts.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from etl.matcher.sections import part_starts

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "Ｏ": 0}
_CN_DIGITS.update({c: i for i, c in enumerate("一二三四五六七八九", start=1)})

_ARABIC = (
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*日?"
)
_CN = r"(?P<cy>[〇○零一二三四五六七八九OＯ0]{4})\s*年\s*(?P<cm>[一二三四五六七八九十]{1,3})\s*月\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日"
_DATE = re.compile(rf"{_ARABIC}|{_CN}")

# Header labels, strongest first; "发布时间: 2022-01-25 10:30".
_ISSUED_LABELS = ("成文日期", "印发日期", "发文日期", "成文时间")
_POSTED_LABELS = ("发布日期", "发布时间", "公开日期", "公开时间", "生成日期", "日期", "时间")
_BARE = ("日期", "时间")  # only as a cell of their own: 时间: 2024-01-12 10:19
_COMPOUNDS = {
    "截止",
    "截至",
    "统计",
    "出生",
    "申请",
    "办理",
    "受理",
    "开始",
    "结束",
    "生效",
    "有效",
    "失效",
    "更新",
    "修改",
    "报送",
    "答复",
    "办结",
}
_LABEL = re.compile(
    r"(?P<label>" + "|".join(_ISSUED_LABELS + _POSTED_LABELS) + r")\s*[:：]?\s*[|\t ]*\s*"
)
_HEADER_LINES = 40
_SIGNATURE_WINDOW = 12  # non-empty lines after the last paragraph of text

SOURCE_ISSUED = "成文日期"
SOURCE_SIGNATURE = "落款日期"
SOURCE_POSTED = "发布时间"


def _cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 三十一 → 31."""
    if not text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens) if tens else 1
        o = _CN_DIGITS.get(ones) if ones else 0
        return None if t is None or o is None else t * 10 + o
    return _CN_DIGITS.get(text) if len(text) == 1 else None


def _to_date(m: re.Match) -> date | None:
    try:
        if m.group("y"):
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        year = "".join(str(_CN_DIGITS.get(c, "")) for c in m.group("cy"))
        month, day = _cn_number(m.group("cm")), _cn_number(m.group("cd"))
        if len(year) != 4 or month is None or day is None:
            return None
        return date(int(year), month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first date printed in ``text``.

    >>> parse_date("2022-01-25 10:30")
    datetime.date(2022, 1, 25)
    >>> parse_date("二〇二二年一月二十日")
    datetime.date(2022, 1, 20)
    >>> parse_date("2021年12月31日")
    datetime.date(2021, 12, 31)
    >>> parse_date("第2页") is None
    True
    """
    m = _DATE.search(unicodedata.normalize("NFKC", text))
    return _to_date(m) if m else None


def _plausible(d: date | None, year: int | None) -> bool:
    """A report on ``year`` is issued from that year on, and within three years."""
    if d is None:
        return False
    if year is None:
        return 2000 <= d.year <= 2100
    return year <= d.year <= year + 3


def _header_date(lines: list[str], labels: tuple[str, ...], year: int | None) -> date | None:
    """A date after one of ``labels`` in the page header (same line or the next one)."""
    # The page header: everything before part 一 (sites print long chrome), else 40 lines.
    start = part_starts(lines).get(1)
    head = [unicodedata.normalize("NFKC", x) for x in lines[: start or _HEADER_LINES]]
    for i, line in enumerate(head):
        for m in _LABEL.finditer(line):
            if m.group("label") not in labels:
                continue
            rest = line[m.end() :]
            if m.group("label") in _BARE and m.start() > 0 and line[m.start() - 1] not in "|\t ":
                # Run on from the previous field (来源：…办公室时间：2026-03-10) with its colon,
                # but never inside a longer word (截止日期：, 统计时间：).
                compound = line[max(0, m.start() - 2) : m.start()] in _COMPOUNDS
                if compound or ":" not in m.group(0):
                    continue
            candidates = [rest]
            if not _DATE.match(rest.strip(" |\t")) and i + 1 < len(head):
                candidates.append(head[i + 1])
            for text in candidates:
                dm = _DATE.match(text.strip(" |\t:：•·"))  # a bullet list's next item
                if dm and _plausible(d := _to_date(dm), year):
                    return d
    return None


_ISO_ALONE = re.compile(
    r"^[•·*\-\s|]*((?:19|20)\d{2}-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[\s|]*$"
)


# Page chrome printed on the stamp's line: the source field, font-size and print buttons
# ("2021-02-07 18:07     来源:…办公厅", "来源:云南省交通运输厅  2025-01-26 09:18 【字体:").
_STAMP_CHROME = re.compile(
    r"(?:信息)?来源\s*[:：]\s*[^\s|]+|[【\[]\s*字[体号].*$|字[体号]\s*[:：].*$|打印|分享(?:到)?\s*[:：]?"
)


def _stamp(line: str) -> re.Match[str] | None:
    """The ISO date of a header line that holds nothing else but page chrome."""
    return _ISO_ALONE.match(line) or _ISO_ALONE.match(_STAMP_CHROME.sub(" ", line))


def _chrome_date(lines: list[str], year: int | None) -> date | None:
    """The page's own unlabelled stamp: one line of the header holding an ISO date alone,
    after the title (广州市人民政府2023年…年度报告 / • 听全文 / • 2024-03-08 / • 来源：…).

    Never a date whose line above is a label (更新时间： then the date), and nothing
    when the header prints two such dates.

    >>> _chrome_date(["某市2023年政府信息公开工作年度报告", "  • 2024-03-08", "一、总体情况"], 2023)
    datetime.date(2024, 3, 8)
    >>> _chrome_date(["某市2023年政府信息公开工作年度报告", "更新时间：", "2024-03-08"], 2023) is None
    True
    >>> _chrome_date(["某厅2024年政府信息公开工作年度报告", "来源:某厅   2025-01-26 09:18 【字体:"], 2024)
    datetime.date(2025, 1, 26)
    >>> _chrome_date(["某局2020年政府信息公开工作年度报告", "2021-01-22 15:07:33   来源:某局    分享到:"], 2020)
    datetime.date(2021, 1, 22)
    """
    start = part_starts(lines).get(1)
    head = [unicodedata.normalize("NFKC", x) for x in lines[: start or _HEADER_LINES]]
    titled = False
    found: list[date] = []
    for i, line in enumerate(head):
        if "年度报告" in line or "年度報告" in line or "年报" in line:
            titled = True
            continue
        m = _stamp(line)
        if not (titled and m):
            continue
        above = next((x.strip() for x in reversed(head[:i]) if x.strip()), "")
        if above.endswith((":", "：")) or re.search(r"更新|修改|日期|时间", above[-6:]):
            continue
        d = parse_date(m.group(1))
        if _plausible(d, year):
            found.append(d)  # type: ignore[arg-type]
    return found[0] if len(found) == 1 else None


def signature_line(lines: list[str], year: int | None = None) -> int | None:
    """Index of the line holding the signature's date (a date alone, or after the organ).

    The first such line after part 六's heading, else among the last lines; related
    links and other years' lists print ISO dates after it, so only 年月日 counts.
    """
    norm = [unicodedata.normalize("NFKC", x).strip(" |\t") for x in lines]
    start = part_starts(lines).get(6)
    if start is None:
        tail = [i for i, x in enumerate(norm) if x][-_SIGNATURE_WINDOW:]
        start = tail[0] if tail else len(norm)
    for i in range(start, len(norm)):
        line = norm[i]
        if not line or len(line) > 40:
            continue
        m = _DATE.search(line)
        if not m or "年" not in m.group(0) or line[m.end() :].strip(" 。."):
            continue
        before = line[: m.start()].strip()
        if before and (len(before) < 2 or re.search(r"[，,。；;：:至到止起]|截", before)):
            continue  # a sentence ending in a date, not a signature
        if _plausible(_to_date(m), year):
            return i
    return None


def _signature_date(lines: list[str], year: int | None) -> date | None:
    i = signature_line(lines, year)
    if i is None:
        return None
    m = _DATE.search(unicodedata.normalize("NFKC", lines[i]))
    return _to_date(m) if m else None


def find_published_on(lines: list[str], year: int | None) -> tuple[date | None, str | None]:
    """The report's publication date and where it was read (发布时间 / 成文日期 / 落款日期).

    >>> find_published_on(["成文日期：2022-01-18", "x"], 2021)
    (datetime.date(2022, 1, 18), '成文日期')
    >>> find_published_on(["本机关无其他事项。", "某某局", "2022年1月20日"], 2021)
    (datetime.date(2022, 1, 20), '落款日期')
    >>> find_published_on(["  • 发布日期:", "  • 2021年03月18日", "一、总体情况"], 2020)
    (datetime.date(2021, 3, 18), '发布时间')
    >>> find_published_on(["统计期限为2021年1月1日至2021年12月31日。"], 2021)
    (None, None)
    """
    posted = _header_date(
        lines, tuple(x for x in _POSTED_LABELS if x not in _BARE), year
    ) or _header_date(lines, _BARE, year)
    if posted:
        return posted, SOURCE_POSTED
    issued = _header_date(lines, _ISSUED_LABELS, year)
    if issued:
        return issued, SOURCE_ISSUED
    stamped = _chrome_date(lines, year)
    if stamped:
        return stamped, SOURCE_POSTED
    signed = _signature_date(lines, year)
    if signed:
        return signed, SOURCE_SIGNATURE
    return None, None
