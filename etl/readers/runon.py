"""A whole report stored on one line, broken back into one line per heading and table row.

Some web archives keep a page's text with every line break dropped: part headings,
table headings and rows follow each other on one line, each row's label followed by
its cells run together. Line by line the matcher then finds no part and no row. Here
such a line is cut before and after every part heading and, between part 二's heading
and part 五's, before every template row label and table heading (with the numbering
printed before it: ``1.``, ``（三）``, ``四、``). The cells of a row stay run together;
the matcher's run-together solver splits them. Labels come from the template
definition; examples are in tests/etl/readers/test_runon.py.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from etl.template import PART_NUMERALS, PART_TITLES, PART_WORDS, TEMPLATES

#: Shorter lines are left alone: a run-on report is thousands of characters long.
MIN_RUN_ON = 400
#: Distinct row labels a line must hold to be taken for a run-on table.
MIN_LABELS = 8
_SHORT = 3  # labels this short break only after their numbering, or before a number
_PREFIX = r"(?:[一二三四五六七八九十]、|[（(][一二三四五六七八九十][）)]|[1-9][.．、])"
_AFTER_CELLS = re.compile(
    r"(?:(?<=\d)|(?<=\d\s))[（(][一二三四五六七八九十][）)]"
)  # prose after a row


def _spaced(label: str) -> str:
    """A label as a pattern that lets a space fall between its characters."""
    return r"\s?".join(map(re.escape, label))


def _alternatives(labels: set[str]) -> str:
    return "|".join(map(_spaced, sorted(labels, key=len, reverse=True)))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    long_: set[str] = set()
    numbered: set[str] = set()  # short part-三 labels: only after their numbering
    bare: set[str] = set()  # short part-二 labels: only right before their cells
    for template in TEMPLATES.values():
        for table in template.tables:
            if table.part not in (2, 3):
                continue  # part 四's "rows" are its column groups, printed in its header
            for row in table.rows:
                for label in (row.label, *row.aliases, *([row.group] if row.group else [])):
                    if len(label) > _SHORT:
                        long_.add(label)
                    else:
                        (bare if table.part == 2 else numbered).add(label)
    rows = re.compile(
        rf"{_PREFIX}?(?:{_alternatives(long_)})|{_PREFIX}(?:{_alternatives(numbered)})"
        rf"|(?:{_alternatives(bare)})(?=\s*\d)"
    )
    # A heading may carry a stray character or space (政府信息公开行政法复议、行政诉讼情况).
    heads = "|".join(r"[^，。；,;]?".join(map(re.escape, t)) for t in PART_TITLES.values())
    # From part 四 on a report words its titles its own way (四、政府信息公开行政复议与行政诉讼
    # 情况, 五、存在的主要问题及明年工作计划): there the part's own words, a few characters
    # after its numeral, make a heading too.
    worded = "|".join(
        rf"{PART_NUMERALS[part - 1]}\s*[、.．]\s*[^，。；,;、\d]{{0,10}}?"
        rf"(?:{'|'.join(map(re.escape, PART_WORDS[part]))})"
        for part in (4, 5, 6)
    )
    parts = re.compile(rf"[{PART_NUMERALS}]\s*[、.．]\s*(?:{heads})|{worded}")
    return rows, parts


def _cut(text: str, starts: list[int]) -> list[str]:
    bounds = sorted({0, *starts, len(text)})
    return [text[a:b].strip() for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def _heading_apart(line: str, parts: re.Pattern[str]) -> list[str]:
    """A table part's heading with its table's text run on after it, as two lines
    (not for pipe or tab rows, whose cells the reader splits)."""
    m = parts.match(line.strip())
    if m is None or m.group()[0] not in "二三四" or "|" in line or "\t" in line:
        return [line]
    rest = line.strip()[m.end() :].strip()
    return [m.group(), rest] if rest else [line]


def break_run_on(line: str) -> list[str]:
    """One run-on line as the lines it lost; any other line unchanged."""
    rows, parts = _patterns()
    if len(line) < MIN_RUN_ON:
        return _heading_apart(line, parts)
    heads = [x for m in parts.finditer(line) for x in (m.start(), m.end())]
    tables_from = next((m.start() for m in parts.finditer(line) if m.group()[0] == "二"), 0)
    tables_to = next((m.start() for m in parts.finditer(line) if m.group()[0] == "五"), len(line))
    found = list(rows.finditer(line, tables_from, tables_to))
    if len({m.group() for m in found}) < MIN_LABELS:
        return [line]
    # A row's cells followed (after a space or none) by a bracketed sub-heading of prose
    # ('行政事业性收费18651.064104 (二)主动公开政府信息的主要类别…'): the prose is no cell.
    after = [m.start() for m in _AFTER_CELLS.finditer(line, tables_from, tables_to)]
    return _cut(line, heads + [m.start() for m in found] + after)
