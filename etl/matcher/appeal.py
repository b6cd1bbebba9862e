"""Read part 四: the 15 numbers of review and litigation, in template order.

However part 四's header is printed (stacked characters, two header rows, one
cell per line), its data is a run of 15 cells after the header. A run of exactly
15 cells with no words between them is taken, its blanks read as 0 (a blank in
a shown table). Failing that, the section's numbers are taken in order only when
they are exactly 15, or when exactly one run of 15 consecutive numbers satisfies
the three totals (total = the four results): either way with a P11 finding.
Otherwise nothing is guessed: the part is left absent with a P2 finding.

A copy that dropped every separator prints the 15 cells as one digit run closing the
header's text (…21317000001324019): it is cut into 15 numbers only where exactly one
cut satisfies the three totals (P11 says so), or where it has exactly 15 digits (one
digit a cell is then the only cut, read as printed even if a total breaks).
"""

from __future__ import annotations

import re

from etl.findings import Finding
from etl.matcher.placement import one_digit_cells
from etl.numbers import MAX_CELL_DIGITS
from etl.readers.base import Cell
from etl.template.parts import APPEAL_TABLE

WIDTH = len(APPEAL_TABLE.rows) * len(APPEAL_TABLE.columns)
_GROUP = len(APPEAL_TABLE.columns)  # four results and their total


def _totals_hold(values: list[float]) -> bool:
    groups = [values[i : i + _GROUP] for i in range(0, WIDTH, _GROUP)]
    return all(g[-1] == sum(g[:-1]) for g in groups)


def trailing_run(text: str) -> str | None:
    """The run of digits ending ``text``, if it is long enough to hold part 四's cells.

    Linear: a regex ``\\d{15,}$`` searched from every start backtracks over a long
    run that does not end the text (40 000 digits took minutes).
    """
    end = len(text)
    start = end
    while start > 0 and text[start - 1].isdecimal():
        start -= 1
    return text[start:end] if end - start >= WIDTH else None


def split_appeal_run(digits: str, limit: int = 2) -> list[list[int]]:
    """Cuts of ``digits`` into the 15 cells (no leading zeros) whose three totals hold;
    at most ``limit`` of them (the caller needs only to know whether one is unique).

    >>> split_appeal_run("21317000001324019")
    [[2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]]
    >>> len(split_appeal_run("0" * 15)), len(split_appeal_run("1" * 200))
    (1, 0)
    """
    out: list[list[int]] = []
    if not WIDTH <= len(digits) <= WIDTH * MAX_CELL_DIGITS:
        return out

    def walk(start: int, acc: list[int]) -> None:
        if len(out) >= limit:
            return
        if len(acc) == WIDTH:
            if start == len(digits):
                out.append(acc.copy())
            return
        in_group = len(acc) % _GROUP
        for length in range(1, MAX_CELL_DIGITS + 1):
            piece = digits[start : start + length]
            if len(piece) < length or (length > 1 and piece[0] == "0"):
                break
            value = int(piece)
            if in_group == _GROUP - 1 and value != sum(acc[-(_GROUP - 1) :]):
                continue  # a group's total is the sum of its four results
            acc.append(value)
            walk(start + length, acc)
            acc.pop()

    walk(0, [])
    return out


class AppealReader:
    """Collects part 四's cells while the matcher walks the section."""

    def __init__(self) -> None:
        self.active = False
        self.done = False
        self.numbers: list[tuple[float, Cell]] = []
        self.run: list[tuple[float | None, Cell]] = []
        self.result: list[tuple[float, Cell]] | None = None
        self.in_order: str | None = None  # why the numbers were taken in order (P11), if so
        self.runs: list[tuple[str, Cell]] = []  # digit runs closing a text cell

    def start(self) -> None:
        """The part-四 heading (or its 行政复议 header) was seen."""
        if not self.done:
            self.active = True

    def cancel(self) -> None:
        """The heading that started the section was not part 四's: forget what it collected."""
        self.active = False
        self.numbers = []
        self.run = []
        self.result = None

    def cell(self, value: float | None, cell: Cell) -> None:
        """A number (or a blank, ``None``) inside part 四."""
        self.run.append((value, cell))
        if value is not None:
            self.numbers.append((value, cell))
        if len(self.run) == WIDTH and all(v is not None for v, _ in self.run):
            self.result = [(v or 0.0, c) for v, c in self.run]
            self.active = False

    def words(self, cell: Cell | None = None) -> None:
        """Text inside part 四 ends a run of cells; a digit run closing it is kept."""
        self._take_run()
        self.run = []
        if cell is not None and self.active:
            run = trailing_run(re.sub(r"\s+", "", cell.text))
            if run:
                self.runs.append((run, cell))

    def _take_run(self) -> None:
        run = self.run
        if len(run) == WIDTH + 1 and run[-1][0] is None:
            run = run[:-1]  # the separator closing the row
        if self.result is None and len(run) == WIDTH:
            self.result = [(0.0 if v is None else v, c) for v, c in run]
            self.active = False

    def _in_order(self) -> list[tuple[float, Cell]] | None:
        """The section's numbers in order, when that reading is certain enough (see above)."""
        nums = self.numbers
        if len(nums) == WIDTH:
            self.in_order = f"第四部分的{WIDTH}个数值不在一行连续单元格中，按出现顺序读取。"
            return list(nums)
        fits = [
            i
            for i in range(len(nums) - WIDTH + 1)
            if _totals_hold([v for v, _ in nums[i : i + WIDTH]])
        ]
        if len(nums) > WIDTH and len(fits) == 1:
            i = fits[0]
            self.in_order = f"第四部分有{len(nums)}个数值，只有第{i + 1}至{i + WIDTH}个满足三组总计关系，按此读取。"
            return nums[i : i + WIDTH]
        return None

    def _split_run(self, digits: str, cell: Cell) -> list[tuple[float, Cell]] | None:
        if len(digits) == WIDTH:
            # Fifteen digits for fifteen cells: one digit each is the only cut, so it is read
            # as printed even where a total breaks (pingtan-xzspj-2024 '100000000000000':
            # 维持 1, 总计 0); the rule checks then report the broken total.
            self.in_order = (
                f"第四部分的{WIDTH}个数值连写为“{digits}”，共{WIDTH}位，按每格一位读取。"
            )
            return [(float(d), cell) for d in digits]
        cuts = split_appeal_run(digits)
        if len(cuts) != 1:
            return None
        self.in_order = (
            f"第四部分的{WIDTH}个数值连写为“{digits}”，只有一种拆分满足三组总计关系，按此读取。"
        )
        return [(float(v), cell) for v in cuts[0]]

    def finish(self) -> tuple[list[tuple[float, Cell]] | None, Finding | None]:
        """The 15 cells read, or a finding saying why part 四 was left absent."""
        if self.done:
            return None, None  # read once already (the part-五 heading, then the end)
        if not self.active and self.result is None and not self.numbers:
            return None, None
        self._take_run()
        self.active = False
        self.done = True
        if self.result is None and not self.numbers and len(self.runs) == 1:
            self.result = self._split_run(*self.runs[0])
        if self.result is None:
            self.result = self._in_order()
        if self.result is None and not self.runs:
            digits = one_digit_cells(self.numbers, WIDTH)  # '00 0 00 0 0 0 00 …': 15 digits
            self.result = None if digits is None else [(v, c) for _, v, c in digits]
        if self.result is not None:
            if self.in_order is None:
                return self.result, None
            keys = tuple(k for _, _, k in APPEAL_TABLE.cells())
            return self.result, Finding("P11", self.in_order, keys)
        if not self.numbers:
            return None, None
        keys = tuple(k for _, _, k in APPEAL_TABLE.cells())
        if len(self.numbers) > WIDTH:
            return None, Finding(
                "P2",
                f"第四部分有{len(self.numbers)}个数值（应为{WIDTH}个）且不成一行连续单元格，"
                "无法确定对应列，该部分留空。",
                keys,
            )
        return None, Finding(
            "P2",
            f"第四部分只找到{len(self.numbers)}个数值（应为{WIDTH}个），无法确定对应列，该部分留空。",
            keys,
        )
