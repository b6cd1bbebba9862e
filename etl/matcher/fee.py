"""The information-processing fee a report states, with the sentence it was read from.

Since 2021 part 六 states the fee (本年度未收取信息处理费); many reports state it in
part 一 instead. The value and its locator come from one sentence: part 六's first
sentence that settles the fee, else the first one anywhere in the report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from etl.chinese import to_simplified
from etl.matcher.sections import Line, with_parts

_FEE_WORD = "信息处理费"
# "2024年度我局无收取信息公开处理费" (pingtan-tzcjj-2024): the fee named with 公开 inside.
_FEE_WORDS = (_FEE_WORD, "信息公开处理费")
# "政府信息公开未发生收费情况": a fee statement that does not name 信息处理费.
_CHARGE_WORD = "收费"
# "政府信息公开均未收取任何费用": 费用 settles the fee only where it says none was charged
# (a 费用 with an amount may be the work's budget, not a fee).
_COST_WORD = "费用"
_NO_COST = re.compile(r"(未|没有|不|无)(收取|产生|发生)[^，,。；;]{0,6}费用")
_SENTENCE_STOPS = "。；;\n"
_NO_FEE = re.compile(
    r"(未|没有|不存在|不|无)(收取|产生|发生|征收|收费)|无信息处理费|免收|为零|0\s*元|零元"
)
_FEE_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")
_LONGEST = 200  # characters: a longer "sentence" is a table flattened into one line
#: The template's narrative field the fee is stored under.
FEE_KEY = "narrative.processing_fee_yuan"


@dataclass(frozen=True)
class FeeStatement:
    """The fee in yuan, the sentence stating it and where that sentence was printed."""

    value: float
    sentence: str
    where: dict  # the line's locator: block, row / line / page, part


def find_fee(lines: Sequence[Line]) -> FeeStatement | None:
    """The fee part 六 states, else the first fee statement of the report, else None."""
    lines = with_parts(lines)
    six = [i for i, (_, loc) in enumerate(lines) if loc.get("part") == 6]
    for indices in (six, range(len(lines))):
        for sentence, i in _fee_sentences_of(lines, indices):
            value = sentence_fee(sentence)
            if value is not None:
                quoted = re.sub(r"\s+", "", sentence)
                return FeeStatement(value, quoted, {**lines[i][1], "source": "narrative"})
    return None


def find_processing_fee(text: str) -> float | None:
    """The information-processing fee in yuan stated in ``text``, else None.

    >>> find_processing_fee("2024年我局未收取信息处理费。")
    0.0
    >>> find_processing_fee("全年收取政府信息公开信息处理费 0 元。")
    0.0
    >>> find_processing_fee("收取信息处理费120元")
    120.0
    >>> find_processing_fee("没有其他需要报告的事项。") is None
    True
    >>> [find_processing_fee(f"本机关{x}信息处理费情况。") for x in ("无收取", "不存在收取", "没有收取")]
    [0.0, 0.0, 0.0]
    >>> find_processing_fee("六、其他需要报告的事项2024年度我局无收取信息公开处理费。")
    0.0
    """
    found = find_fee([(line, {}) for line in text.splitlines()])
    return found.value if found is not None else None


def sentence_fee(sentence: str) -> float | None:
    """The fee one sentence settles (an amount, or a statement that none was charged).

    >>> sentence_fee("收取信息处理费1.2万元"), sentence_fee("未收取信息处理费")
    (12000.0, 0.0)
    >>> sentence_fee("信息处理费按规定收取") is None
    True
    """
    amount = _FEE_AMOUNT.search(sentence)
    if amount and float(amount.group(1)) > 0:
        value = float(amount.group(1))
        return value * 10_000 if amount.group(2) == "万元" else value
    if _NO_FEE.search(sentence):
        return 0.0
    return None


def _fee_sentences_of(lines: Sequence[Line], indices: Sequence[int]) -> list[tuple[str, int]]:
    """The fee sentences of these lines with their line: those naming 信息处理费 first."""
    named: list[tuple[str, int]] = []
    charged: list[tuple[str, int]] = []
    for i in indices:
        text = unicodedata.normalize("NFKC", to_simplified(lines[i][0]))
        named += [(s, i) for word in _FEE_WORDS for s in _sentences_with(text, word)]
        charged += [(s, i) for s in _sentences_with(text, _CHARGE_WORD) if _speaks_of_fee(s)]
        charged += [
            (s, i)
            for s in _sentences_with(text, _COST_WORD)
            if _speaks_of_fee(s) and _NO_COST.search(s) and not _FEE_AMOUNT.search(s)
        ]
    named = list(dict.fromkeys(named))
    seen = {s for s, _ in named}
    later = list(dict.fromkeys(x for x in charged if x[0] not in seen))
    return [(s, i) for s, i in named + later if _is_prose(s)]


def fee_sentences(text: str) -> list[str]:
    """The sentences naming the fee, found in linear time (no regex scan from every position):
    those naming 信息处理费, then those speaking of 收费 in 信息公开 work.

    >>> fee_sentences("前言。本年未收取信息处理费；其他")
    ['本年未收取信息处理费']
    >>> fee_sentences("行政事业性收费。本局政府信息公开未发生收费情况。")
    ['本局政府信息公开未发生收费情况']
    >>> fee_sentences("本局2024年度及历年政府信息公开均未收取任何费用。政府信息公开工作费用3万元。")
    ['本局2024年度及历年政府信息公开均未收取任何费用']
    >>> fee_sentences("行政事业性收费\\t0\\t政府集中采购\\t8\\t160.5万元\\t三、收到和处理政府信息公开申请情况")
    []
    """
    lines: list[Line] = [(line, {}) for line in text.splitlines()]
    return [s for s, _ in _fee_sentences_of(lines, range(len(lines)))]


def _speaks_of_fee(sentence: str) -> bool:
    return "信息公开" in sentence and "事业性收费" not in sentence


def _is_prose(sentence: str) -> bool:
    # A table flattened into one line (cells joined by tabs or bars) is no sentence.
    return len(sentence) <= _LONGEST and "\t" not in sentence and "|" not in sentence


def _sentences_with(text: str, word: str) -> list[str]:
    out: list[str] = []
    i = text.find(word)
    while i >= 0:
        left = max(text.rfind(c, 0, i) for c in _SENTENCE_STOPS) + 1
        ends = [j for j in (text.find(c, i) for c in _SENTENCE_STOPS) if j >= 0]
        right = min(ends) if ends else len(text)
        out.append(text[left:right])
        i = text.find(word, right)
    return out
