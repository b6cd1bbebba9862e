"""Read part 四: the 15 numbers of review and litigation, in template order.

However part 四's header is printed (stacked characters, two header rows, one
cell per line), its data is a run of 15 cells after the header. A run of exactly
15 cells with no words between them is taken, its blanks read as 0 (a blank in
a shown table); failing that, the first 15 numbers of the section in order;
failing that, nothing, with a finding.
"""

from __future__ import annotations

from etl.findings import Finding
from etl.readers.base import Cell
from etl.template.parts import APPEAL_TABLE

WIDTH = len(APPEAL_TABLE.rows) * len(APPEAL_TABLE.columns)


class AppealReader:
    """Collects part 四's cells while the matcher walks the section."""

    def __init__(self) -> None:
        self.active = False
        self.done = False
        self.numbers: list[tuple[float, Cell]] = []
        self.run: list[tuple[float | None, Cell]] = []
        self.result: list[tuple[float, Cell]] | None = None

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

    def finish(self) -> tuple[list[tuple[float, Cell]] | None, Finding | None]:
        """The 15 cells read, or a finding saying why part 四 was left absent."""
        if not self.active and self.result is None and not self.numbers:
            return None, None
        self._take_run()
        self.active = False
        self.done = True
        if self.result is None and len(self.numbers) >= WIDTH:
            self.result = self.numbers[:WIDTH]
        if self.result is not None:
            return self.result, None
        if not self.numbers:
            return None, None
        keys = tuple(k for _, _, k in APPEAL_TABLE.cells())
        return None, Finding(
            "P2",
            f"第四部分只找到{len(self.numbers)}个数值（应为{WIDTH}个），无法确定对应列，该部分留空。",
            keys,
        )
