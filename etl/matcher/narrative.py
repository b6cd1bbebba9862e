"""Numbers a report states in its prose, for cross-checking against its tables.

Part 一 usually restates the year's requests (受理政府信息公开申请17件, 办理答复依申请公开
25件) and part 一 or 四 the reviews and lawsuits (未发生行政复议、行政诉讼). The preamble
states the statistics period (统计期限为2024年1月1日至2024年12月31日). This module
finds those statements in a Document and returns them with the sentence and where it
was printed; it reads no file and knows no table. ``etl.checks.narrative`` compares
them with the tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from etl.matcher.labels import to_simplified
from etl.matcher.sections import Line, document_lines, with_parts
from etl.readers.base import Document
from etl.template.parts import APPEAL_TABLE

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"(?:件|个|条|份|宗|次|起|例)"
_GAP = r"[^。；;!！?？\n\d]"
_NOUN = (
    r"(?:政府信息公开申请|信息公开申请|依申请公开(?:政府信息)?(?:的)?(?:申请|事项|件)?|公开申请)"
)
_RECEIVED = ("收到", "受理", "新收", "接收", "接到", "收悉", "登记", "共收")
_HANDLED = ("办理", "答复", "办结", "处理", "回复", "完成")
_VERB = "(?P<verb>" + "|".join(_RECEIVED + _HANDLED) + ")"
_APPLY_PATTERNS = (
    re.compile(rf"{_VERB}了?{_GAP}{{0,12}}?{_NOUN}{_GAP}{{0,8}}?{_NUM}{_UNIT}"),
    re.compile(rf"{_NOUN}{_GAP}{{0,8}}?{_VERB}{_GAP}{{0,6}}?{_NUM}{_UNIT}"),
)
_APPLY_NONE = re.compile(rf"(?:未|没有)(?:收到|受理|接到|发生){_GAP}{{0,8}}?{_NOUN}")
_APPEAL = {"reviews": APPEAL_TABLE.rows[0].label, "suits": APPEAL_TABLE.groups[0]}
_APPEAL_COUNT = re.compile(
    rf"(?P<what>{'|'.join(_APPEAL.values())})(?:案件|申请)?(?:共|合计|总计)?(?:为)?" + _NUM + _UNIT
)
_NEGATION = re.compile(r"(?:未|没有|(?<!无论)无(?!论))(?:发生|出现|收到|产生|涉及|被)?")
_NOT_A_COUNT = re.compile(r"纠错|纠正|败诉|撤销|违法|确认|赔偿")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|-|—|－|~|～)((?:19|20)\d{2})年12月31日"
)
# A numbered line (二、… / 三. …) opens a new sentence: wrapped prose never continues into it.
_NUMBERED_LINE = re.compile(r"^[#*\s]*[一二三四五六]\s*[、.．,，]\s*.{1,40}$")


@dataclass(frozen=True)
class StatedNumber:
    """A count the prose states: ``kind`` is what it counts."""

    kind: str  # applications_received | applications_handled | reviews | suits
    value: float
    text: str  # the clause as printed (normalised)
    where: dict  # locator of the printed line: part, line / page / block


@dataclass
class NarrativeFacts:
    """Everything the prose states that a table check can use."""

    numbers: list[StatedNumber] = field(default_factory=list)
    period_year: int | None = None  # 统计期限 X年1月1日至X年12月31日
    period_text: str | None = None
    # The prose of parts 一, 五 and 六 (part → text, one printed sentence-run a line), or
    # under 0 all the prose of a report without part headings: stored for copy detection.
    prose: dict[int, str] = field(default_factory=dict)


#: Parts whose prose is kept (copy detection compares them); at most this many characters each.
PROSE_PARTS = (1, 5, 6)
MAX_PROSE_CHARS = 20_000


def chinese_number(text: str) -> int | None:
    """Arabic or Chinese numerals to an int.

    >>> chinese_number("17"), chinese_number("十七"), chinese_number("二十五"), chinese_number("两")
    (17, 17, 25, 2)
    >>> chinese_number("一百零三")
    103
    >>> chinese_number("9" * 400) is None  # no count has that many digits
    True
    """
    if text.isdigit():
        return int(text) if len(text) <= 12 and text.isdecimal() else None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _normalize(text: str) -> str:
    t = to_simplified(unicodedata.normalize("NFKC", text))
    return re.sub(r"[ \u3000\u00a0]+", "", t)


_SENTENCE_END = re.compile(r"[。；;!！?？:：]$")


def _prose(lines: list[Line], keep: list[bool]) -> list[Line]:
    """Kept lines, wrapped lines rejoined (PDF text breaks sentences across lines).

    A line continues the previous one only when it directly follows it in the same
    part, the previous one is long and does not end a sentence, and it is no heading.
    """
    out: list[tuple[list[str], dict]] = []  # pieces of each joined line (joined once, at the end)
    last, tail, width = -2, "", 0  # the last piece and the joined line's length so far
    for i, ((text, loc), ok) in enumerate(zip(lines, keep, strict=True)):
        if not ok or not text.strip():
            continue
        t = _normalize(text)
        if not t or "\t" in t:
            continue
        joins = (
            out
            and last == i - 1
            and out[-1][1].get("part") == loc.get("part")
            and width >= 15
            and not _SENTENCE_END.search(tail)
            and not _NUMBERED_LINE.match(t)
        )
        if joins:
            out[-1][0].append(t)
            width += len(t)
        else:
            out.append(([t], loc))
            width = len(t)
        last, tail = i, t
    return [("".join(pieces), loc) for pieces, loc in out]


def _clause(text: str, start: int, end: int, reach: int = 200) -> str:
    """The comma-delimited stretch of text around a match, as printed (at most ``reach`` each side)."""
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    left = max(max(text.rfind(p, lo, start) for p in "。；;，,\n") + 1, lo)
    rights = [i for i in (text.find(p, end, hi) for p in "。；;，,\n") if i >= 0]
    return text[left : min(rights) if rights else hi]


def _applications(text: str, where: dict) -> list[StatedNumber]:
    out: list[StatedNumber] = []
    for pattern in _APPLY_PATTERNS:
        for m in pattern.finditer(text):
            n = chinese_number(m.group("n"))
            if n is None:
                continue
            kind = (
                "applications_received"
                if m.group("verb") in _RECEIVED
                else ("applications_handled")
            )
            out.append(StatedNumber(kind, float(n), _clause(text, m.start(), m.end()), where))
    for m in _APPLY_NONE.finditer(text):
        out.append(
            StatedNumber("applications_received", 0.0, _clause(text, m.start(), m.end()), where)
        )
    return out


def _appeals(text: str, where: dict) -> list[StatedNumber]:
    out: list[StatedNumber] = []
    for m in _APPEAL_COUNT.finditer(text):
        n = chinese_number(m.group("n"))
        clause = _clause(text, m.start(), m.end())
        if n is None or _NOT_A_COUNT.search(clause):
            continue
        kind = "reviews" if m.group("what") == _APPEAL["reviews"] else "suits"
        out.append(StatedNumber(kind, float(n), clause, where))
    for clause in re.split(r"[。；;，,]", text):
        neg = _NEGATION.search(clause)
        if not neg or re.search(r"\d", clause) or _NOT_A_COUNT.search(clause):
            continue
        after = clause[neg.start() :]
        for kind, word in _APPEAL.items():
            if word in after:
                out.append(StatedNumber(kind, 0.0, clause, where))
    return out


def extract_narrative(doc: Document) -> NarrativeFacts:
    """The counts and statistics period stated in the document's prose."""
    lines = with_parts(document_lines(doc))
    parts = [loc.get("part") for _, loc in lines]
    has_headings = any(p is not None for p in parts)
    facts = NarrativeFacts()
    front = [p in (None, 1) or not has_headings for p in parts]
    for text, where in _prose(lines, front):
        facts.numbers += _applications(text, where)
        m = _PERIOD.search(text) if facts.period_year is None else None
        if m and m.group(1) == m.group(2):  # a one-year period only
            facts.period_year, facts.period_text = int(m.group(2)), m.group(0)
    keep = [p in (None, 1, 4) or not has_headings for p in parts]
    for text, where in _prose(lines, keep):
        facts.numbers += _appeals(text, where)
    facts.prose = _part_prose(lines, parts, has_headings)
    return facts


def _part_prose(lines: list[Line], parts: list[int | None], has_headings: bool) -> dict[int, str]:
    """Parts 一/五/六's prose lines joined by newlines (0: every line, without headings)."""
    keep = [p in PROSE_PARTS if has_headings else True for p in parts]
    out: dict[int, list[str]] = {}
    for text, where in _prose(lines, keep):
        out.setdefault(where.get("part", 0) if has_headings else 0, []).append(text)
    return {p: "\n".join(texts)[:MAX_PROSE_CHARS] for p, texts in sorted(out.items())}
