"""Read part 四: the 15 numbers of review and litigation, in template order.

However part 四's header is printed (stacked characters, two header rows, one
cell per line), its data is a run of 15 cells after the header. A run of exactly
15 cells with no words between them is taken, its blanks read as 0 (a blank in
a shown table). Failing that, the section's numbers are taken in order only when
they are exactly 15, or when exactly one run of 15 consecutive numbers satisfies
the three totals (total = the four results): either way with a P11 finding.
Otherwise nothing is guessed: the part is left absent with a P2 finding.
"""

from __future__ import annotations

from etl.findings import Finding
from etl.readers.base import Cell
from etl.template.parts import APPEAL_TABLE

WIDTH = len(APPEAL_TABLE.rows) * len(APPEAL_TABLE.columns)
_GROUP = len(APPEAL_TABLE.columns)  # four results and their total


def _totals_hold(values: list[float]) -> bool:
    groups = [values[i : i + _GROUP] for i in range(0, WIDTH, _GROUP)]
    return all(g[-1] == sum(g[:-1]) for g in groups)


class AppealReader:
    """Collects part 四's cells while the matcher walks the section."""

    def __init__(self) -> None:
        self.active = False
        self.done = False
        self.numbers: list[tuple[float, Cell]] = []
        self.run: list[tuple[float | None, Cell]] = []
        self.result: list[tuple[float, Cell]] | None = None
        self.in_order: str | None = None  # why the numbers were taken in order (P11), if so

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

    def words(self) -> None:
        """Text inside part 四 ends a run of cells."""
        self._take_run()
        self.run = []

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

    def finish(self) -> tuple[list[tuple[float, Cell]] | None, Finding | None]:
        """The 15 cells read, or a finding saying why part 四 was left absent."""
        if not self.active and self.result is None and not self.numbers:
            return None, None
        self._take_run()
        self.active = False
        self.done = True
        if self.result is None:
            self.result = self._in_order()
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
