"""Turn a printed cell into a number: full-width digits, 件/万元 suffixes, dashes.

Absent stays ``None`` all the way through. Only a blank or dash *inside a
table that is shown* means 0 (the template says so); callers decide that by
asking :func:`parse_cell`, which tells a blank apart from text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# 万 alone: 采购总金额 "2601.953875万" (万元 with its 元 left out).
_UNIT_SUFFIX = re.compile(r"(万元|千元|元|件|条|个|项|次|人次|份|宗|起|家|笔|万)$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_DASHES = {"-", "—", "——", "–", "/", "\\", "无", "－", "─", "空", "×"}
# A mirror re-encoding a page turns characters it cannot encode (a no-break or ideographic
# space before a number) into '?' or U+FFFD: '? 0' is the cell 0.
_LOST_SPACE = re.compile(r"^[?\ufffd]+(?=[+-]?\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
# The 2019 template's 本年增/减 column prints signed counts: 增1423, 减3, 增加5, ▼1.
_PLUS = ("增加", "增", "+", "▲", "↑")
_MINUS = ("减少", "減少", "减", "減", "-", "−", "▼", "↓")
_SIGN = "|".join(re.escape(x) for x in (*_PLUS, *_MINUS))
_SIGNED = re.compile(rf"^(?P<sign>{_SIGN})(?P<n>\d+(?:\.\d+)?)$")
_BOTH = re.compile(rf"^(?:{_SIGN})?(?P<a>\d+(?:\.\d+)?)/(?:{_SIGN})?(?P<b>\d+(?:\.\d+)?)$")

#: No count or amount of the template comes near this; a cell beyond it is a misprint
#: or a hostile file, never a value (it would poison every total it enters).
MAX_PLAUSIBLE = 1e9
#: The most digits one template cell can hold (MAX_PLAUSIBLE has ten); a run of digits
#: longer than a row's cells together could hold is not split at all.
MAX_CELL_DIGITS = 10


@dataclass(frozen=True)
class CellValue:
    """What a cell says: a number, a blank, or text (``value`` None for text)."""

    kind: str  # "number" | "blank" | "text" | "unclear" (a cell, but no certain number)
    value: float | None
    unit: str | None = None  # the suffix printed in the cell, e.g. 元 or 万元


def to_halfwidth(text: str) -> str:
    """NFKC-normalise: full-width digits/letters/punctuation become ASCII.

    >>> to_halfwidth("１２３，４")
    '123,4'
    """
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def parse_cell(text: str | None) -> CellValue:
    """Classify one cell's text.

    >>> parse_cell("1,234件")
    CellValue(kind='number', value=1234.0, unit='件')
    >>> parse_cell("2笔").value  # procurement items counted in 笔 (transactions)
    2.0
    >>> parse_cell("—")
    CellValue(kind='blank', value=None, unit=None)
    >>> parse_cell(" ")
    CellValue(kind='blank', value=None, unit=None)
    >>> parse_cell("２６.５５")
    CellValue(kind='number', value=26.55, unit=None)
    >>> parse_cell("规章").kind
    'text'
    >>> parse_cell("2601.953875万")
    CellValue(kind='number', value=2601.953875, unit='万')
    >>> parse_cell("? 0").value, parse_cell("?").kind  # a lost space; a '?' alone is text
    (0.0, 'text')

    Signed changes are numbers; a sign without a number, or an increase and a
    decrease printed together, is a cell whose number is not certain (both 0: 0):

    >>> [parse_cell(x).value for x in ("增1423", "减3", "增加5", "減少2", "+5", "▼1", "0/0")]
    [1423.0, -3.0, 5.0, -2.0, 5.0, -1.0, 0.0]
    >>> parse_cell("增").kind, parse_cell("增3/减1").kind
    ('unclear', 'unclear')
    """
    if text is None:
        return CellValue("blank", None)
    t = to_halfwidth(text).replace("\u3000", " ")
    t = re.sub(r"\s+", "", t)
    if not t or t in _DASHES:
        return CellValue("blank", None)
    t = _LOST_SPACE.sub("", t)  # "? 0": a space a mirror could not encode
    t = _THOUSANDS.sub("", t)
    unit = None
    m = _UNIT_SUFFIX.search(t)
    if m and m.start() > 0:
        unit = m.group(1)
        t = t[: m.start()]
    if _NUMBER.match(t):
        return CellValue("number", float(t), unit)
    return _signed(t, unit)


def _signed(t: str, unit: str | None) -> CellValue:
    """A change cell (增5 / 减3 / 0/0), else text."""
    m = _SIGNED.match(t)
    if m:
        sign = -1.0 if m.group("sign") in _MINUS else 1.0
        return CellValue("number", sign * float(m.group("n")), unit)
    m = _BOTH.match(t)
    if m:
        if float(m.group("a")) == 0 and float(m.group("b")) == 0:
            return CellValue("number", 0.0, unit)
        return CellValue("unclear", None, unit)
    if t in ("增", "增加", "减", "減", "减少", "減少", "▲", "▼"):
        return CellValue("unclear", None)
    return CellValue("text", None)


def is_plausible(value: float) -> bool:
    """A finite number no count or amount of the template exceeds.

    >>> is_plausible(12_345_678), is_plausible(float("inf")), is_plausible(1e12)
    (True, False, False)
    """
    return math.isfinite(value) and abs(value) <= MAX_PLAUSIBLE


def fmt_cell(text: str, keep: int = 16) -> str:
    """A cell's text short enough for a message: long runs keep their head and length.

    >>> fmt_cell("9" * 400)
    '9999999999999999…（共400个字符）'
    """
    text = text.strip()
    return text if len(text) <= keep else f"{text[:keep]}…（共{len(text)}个字符）"


def parse_count(text: str | None) -> float | None:
    """A number printed in a cell, or None when the cell shows none.

    >>> parse_count("３件"), parse_count("")
    (3.0, None)
    """
    return parse_cell(text).value


def split_digit_run(digits: str, n: int) -> list[list[int]]:
    """Every way to cut a run of digits into ``n`` numbers without leading zeros.

    A piece holds at most ``MAX_CELL_DIGITS`` digits (no plausible count has more), so a
    run longer than ``n`` such pieces has no split, and the search stays small.

    >>> split_digit_run("000", 3)
    [[0, 0, 0]]
    >>> len(split_digit_run("6233440", 3)) > 1
    True
    >>> split_digit_run("1" * 5000, 3)
    []
    """
    out: list[list[int]] = []
    if not n <= len(digits) <= n * MAX_CELL_DIGITS:
        return out

    def walk(start: int, left: int, acc: list[int]) -> None:
        if left == 0:
            if start == len(digits):
                out.append(acc.copy())
            return
        remaining = len(digits) - start
        if not left <= remaining <= left * MAX_CELL_DIGITS:
            return
        for length in range(1, min(MAX_CELL_DIGITS, remaining - (left - 1)) + 1):
            piece = digits[start : start + length]
            if len(piece) > 1 and piece[0] == "0":
                break
            acc.append(int(piece))
            walk(start + length, left - 1, acc)
            acc.pop()
            if len(out) > 10_000:
                return

    walk(0, n, [])
    return out


def fmt_number(x: float) -> str:
    """A number as a reviewer reads it: no ``.0`` on whole numbers.

    >>> fmt_number(25.0), fmt_number(26.55)
    ('25', '26.55')
    """
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
