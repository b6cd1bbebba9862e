"""A report's values as four columns: how they travel from a parse worker to the writer.

The writer appends every report's values to ``report_values`` in bulk; with one
``(key, value, derived, locator)`` tuple per value it built its columns value by
value, on the one process that the parse workers wait for. A parse worker therefore
makes the columns (:class:`etl.parse.StoreForm`), they pickle as four lists, and the
writer joins the lists of a batch (``etl.store.batch``). Read as a sequence, the
columns are still the tuples the single-report loader and the merge of a partial copy
read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ValueColumns(Sequence):
    """Keys, numbers, derived flags and locator JSON texts of one report's values."""

    keys: list[str]
    numbers: list[float]
    derived: list[bool]
    locators: list[str]

    @classmethod
    def of(cls, rows: Sequence[tuple[str, float, bool, str]]) -> ValueColumns:
        """The columns of ``(key, value, derived, locator JSON)`` rows."""
        return cls(
            [r[0] for r in rows],
            [float(r[1]) for r in rows],
            [bool(r[2]) for r in rows],
            [r[3] for r in rows],
        )

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        return self.keys[i], self.numbers[i], self.derived[i], self.locators[i]

    def __iter__(self) -> Iterator[tuple[str, float, bool, str]]:
        return zip(self.keys, self.numbers, self.derived, self.locators, strict=True)
