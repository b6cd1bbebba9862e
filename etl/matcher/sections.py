"""The six parts of a report (一 总体情况 … 六 其他需要报告的事项), found once.

Every reader of a report needs to know where a part begins: the cell walk (a
template row opens only inside its part's region), the prose reader (part 一's
counts, part 四's appeals), the metadata readers (the page header before part 一,
part 一's opening sentence, part 六's fee and signature). They all ask this module,
which knows the parts only from the template (``PART_TITLES``, ``PART_NUMERALS``,
``PART_WORDS`` in ``etl.template``).

A heading is a short line or cell that either carries its part's numeral
(二、… / 第二部分 …) and one of the part's words (reports word titles their own way:
一、概述, 三、依申请公开情况), or prints the part's whole title with little else
and no sentence end.
A bracketed numeral ((一)主动公开政府信息情况) is a sub-heading inside part 一,
never a part. Parts only move forward: a heading of an earlier part (a repeated
title, a cross-reference) does not start it again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from etl.chinese import to_simplified
from etl.matcher.labels import normalize_label
from etl.readers.base import Document, Paragraph
from etl.template import PART_NUMERALS, PART_TITLES, PART_WORDS

#: A printed line with where it was printed (block, row, line / page / table).
Line = tuple[str, dict]

_LONGEST = 120  # characters: a longer line is prose, never a heading (and is not folded)
_MARKUP = re.compile(r"[#*>`_\s]+")
_SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]")
_NUMBERED = re.compile(
    rf"^(?:第(?P<a>[{PART_NUMERALS}])部分[、.,:]?|(?P<b>[{PART_NUMERALS}])[、.,])(?P<title>.{{1,40}})$"
)
_TITLES = {p: normalize_label(t) for p, t in PART_TITLES.items()}
_SENTENCE_ENDS = ("。", ";", "；")
_TITLE_SLACK = 10  # characters a heading may print beside its part's whole title
# Longer folded texts cannot hold a title with that slack, even before numbering and
# pinyin glosses are folded away: not worth normalising.
_TITLE_CHARS = {p: frozenset(t) for p, t in _TITLES.items()}  # folding only drops characters
_TITLED_LONGEST = max(len(t) for t in _TITLES.values()) + _TITLE_SLACK + 30


@lru_cache(maxsize=65_536)  # each reader asks about the same lines
def heading_part(text: str) -> int | None:
    """The part (1–6) whose heading ``text`` is, else None.

    >>> heading_part("二、主动公开政府信息情况"), heading_part("## **六、其他需要报告的事项**")
    (2, 6)
    >>> heading_part("一、概述"), heading_part("第三部分 依申请公开情况"), heading_part("三、依申请公开")
    (1, 3, 3)
    >>> heading_part("主动公开政府信息情况"), heading_part("（一）主动公开政府信息情况")
    (2, None)
    >>> heading_part("二、加强平台建设") is None
    True
    """
    if len(text) > _LONGEST:
        return None
    folded = _MARKUP.sub("", to_simplified(unicodedata.normalize("NFKC", text)))
    if not folded or _SUB_HEADING.match(folded):
        return None
    m = _NUMBERED.match(folded)
    if m:
        part = PART_NUMERALS.index(m.group("a") or m.group("b")) + 1
        if any(w in m.group("title") for w in PART_WORDS[part]):
            return part
    if folded.endswith(_SENTENCE_ENDS) or len(folded) > _TITLED_LONGEST:
        return None  # 本单位无其他需要报告的事项。: a sentence, not a title
    chars = set(folded)
    titled = [(p, t) for p, t in _TITLES.items() if _TITLE_CHARS[p] <= chars]  # cheap first
    norm = normalize_label(folded) if titled else ""
    for part, title in titled:
        if title in norm and len(norm) <= len(title) + _TITLE_SLACK:
            return part
    return None


def parts_of(texts: Sequence[str]) -> list[int | None]:
    """The part each text belongs to (its heading's line included); None before the first.

    >>> parts_of(["标题", "一、总体情况", "（一）主动公开政府信息情况", "二、主动公开", "一、总体情况"])
    [None, 1, 1, 2, 2]
    """
    out: list[int | None] = []
    current: int | None = None
    for text in texts:
        part = heading_part(text) if text.strip() else None
        if part is not None and (current is None or part > current):
            current = part
        out.append(current)
    return out


def part_starts(texts: Sequence[str]) -> dict[int, int]:
    """Index of each part's heading among ``texts`` (only the parts the document prints).

    >>> part_starts(["标题", "一、总体情况", "x", "三、收到和处理政府信息公开申请情况"])
    {1: 1, 3: 3}
    """
    starts: dict[int, int] = {}
    for i, part in enumerate(parts_of(texts)):
        if part is not None and part not in starts:
            starts[part] = i
    return starts


def document_lines(doc: Document) -> list[Line]:
    """Each printed line of the document with a locator (line for text, page for PDF);
    a table row is one line, its cells joined by tabs."""
    out: list[Line] = []
    for b, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            loc: dict = {"block": b}
            if block.locator.page is not None:
                loc["page"] = block.locator.page
            out.extend((line, loc) for line in block.text.splitlines())
            continue
        for r, row in enumerate(block.rows):
            cells = [c for c in row if not c.is_span_copy]
            loc = {"block": b, "r": r + 1}
            if cells:
                first = cells[0].locator
                for name in ("line", "page", "table"):
                    if getattr(first, name) is not None:
                        loc[name] = getattr(first, name)
            out.append(("\t".join(c.text for c in cells), loc))
    return out


def with_parts(lines: Sequence[Line]) -> list[Line]:
    """The lines, each locator naming its part where the document prints headings."""
    parts = parts_of([t for t, _ in lines])
    return [(t, {**loc, "part": p} if p else loc) for (t, loc), p in zip(lines, parts, strict=True)]
