"""The column headings printed above the rows of a part-二 sub-table.

Some organs mix the two templates inside part 二: a 2022 report whose
第二十条第（一）项 still prints the 2019 columns (本年新制作数量…), or whose
第二十条第（五）项 prints the single column 处理决定数量 while the 2019 template has
three. Placing such a row by the template's column order puts a number under
the wrong key, so the headings decide first:

- a heading that only the *other* template has: the row's columns are not this
  template's, nothing is read from it;
- headings naming only some of the row's columns: only those are printed, and
  the row's values go under them, in order.

Otherwise (no heading seen, or all columns named) the usual placement applies.

Text rows (one line, cells apart by spaces) also need to know in which source
column each heading sits, to tell which cells a row left blank:
:class:`TextRowHeadings` remembers them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from etl.matcher.labels import column_labels, normalize_label
from etl.template import TEMPLATE_2019, TEMPLATE_2021, Column, Template
from etl.template.parts import INFO_CONTENT

_NOTE = re.compile(r"[（(][^（）()]{2,}[)）]")
_RESET = (INFO_CONTENT,)
_KEPT = 64  # headings remembered for text rows
_REACH = 40  # rows above a text row where its headings may be


def heading_form(text: str) -> str:
    """A heading without its bracketed notes, folded: '本年增/减 (指2020年…)' → '本年增减'."""
    return normalize_label(_NOTE.sub("", unicodedata.normalize("NFKC", text)))


def _forms(col: Column) -> set[str]:
    return {f(x) for x in (col.label, *col.aliases) for f in (normalize_label, heading_form)}


def _active_columns(template: Template) -> list[Column]:
    table = template.table("active")
    return [c for row in table.rows for c in table.columns_of(row)]


@lru_cache(maxsize=4)
def _labels(template_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """(this template's part-二 headings, the other template's that this one lacks)."""
    this = TEMPLATE_2019 if template_id == "2019" else TEMPLATE_2021
    other = TEMPLATE_2021 if this is TEMPLATE_2019 else TEMPLATE_2019
    native = {f for c in _active_columns(this) for f in _forms(c)}
    theirs = {f for c in _active_columns(other) for f in _forms(c)}
    # 处理决定数量 and 本年处理决定数量 name the same column: not foreign.
    foreign = {f for f in theirs if not any(f in n or n in f for n in native)}
    return frozenset(native), frozenset(foreign)


@dataclass(frozen=True)
class Verdict:
    """How a row's printed columns relate to its template columns."""

    foreign: tuple[str, ...] = ()  # headings of the other template
    printed: tuple[int, ...] | None = None  # indices of the only columns printed


class SubtableHeadings:
    """Collects the headings of the current part-二 sub-table while the walker reads."""

    def __init__(self, template_id: str):
        self.native, self.foreign = _labels(template_id)
        self.current: list[str] = []
        self.amount_unit: str | None = None  # 采购总金额（元）: amounts printed in 元

    def see(self, text: str) -> None:
        """A text cell: a sub-table heading resets, a column heading is remembered."""
        form = heading_form(text)
        if "第二十条" in form:
            self.amount_unit = None
        if "第二十条" in form or form in _RESET:
            self.current = []
        elif form in self.native or form in self.foreign:
            self.current.append(form)
        elif len(form) >= 3 and len(cut := {n for n in self.native if n.startswith(form)}) == 1:
            # A heading cut short by the copy (本年增/ for 本年增/减) names its column.
            self.current.append(cut.pop())
        if "金额" in text and len(form) <= 20:
            plain = unicodedata.normalize("NFKC", text)
            self.amount_unit = "万元" if "万元" in plain else ("元" if "元" in plain else None)

    def verdict(self, columns: tuple[Column, ...]) -> Verdict:
        """What the remembered headings say about a row with these columns."""
        if not self.current:
            return Verdict()
        foreign = tuple(h for h in self.current if h in self.foreign)
        if foreign:
            return Verdict(foreign=foreign)
        named: set[int] = set()
        for heading in self.current:
            hits = [i for i, c in enumerate(columns) if heading in _forms(c)]
            if not hits:
                return Verdict()  # a heading of another sub-table: say nothing
            named.update(hits)
        if len(named) == len(columns):
            return Verdict()
        return Verdict(printed=tuple(sorted(named)))


class TextRowHeadings:
    """Where the column headings of text rows sit: (row id, source column, folded label)."""

    def __init__(self, template_id: str):
        self.labels = column_labels(template_id)
        self.seen: list[tuple[tuple[int, int], int, str]] = []

    def see(self, text: str, row_id: tuple[int, int], col: int) -> None:
        """A text cell of a text row (not the open row's label): remember a heading."""
        norm = normalize_label(text)
        if norm in self.labels:
            self.seen.append((row_id, col, norm))
            del self.seen[:-_KEPT]

    def columns(
        self, cols: tuple[Column, ...], row_id: tuple[int, int], label_col: int
    ) -> list[int] | None:
        """The source column of each of ``cols``, from the headings above the row (in
        order, right of its label), or None when they do not all show."""
        found: list[int] = []
        for col in cols:
            names = {normalize_label(x) for x in (col.label, *col.aliases)}
            hits = [
                c
                for rid, c, norm in self.seen
                if norm in names
                and rid[0] == row_id[0]
                and row_id[1] - _REACH <= rid[1] < row_id[1]
            ]
            if not hits:
                return None
            found.append(hits[-1])
        ok = all(a < b for a, b in itertools.pairwise(found)) and found[0] > label_col
        return found if ok else None
