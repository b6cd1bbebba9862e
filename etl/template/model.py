"""Frozen dataclasses that describe a report template declaratively.

Everything that needs to know what a report table looks like (the matcher, the
DuckDB schema, the dashboard labels, the data dictionary) reads these objects;
no other module types a template label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is; `error` makes `xxgk check` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def _memo(obj: object, name: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per frozen template object (the checks ask for a template's keys
    and cells for every report: rebuilding them was most of ``xxgk synth``'s time).
    Callers get a copy, so the kept value cannot be changed through them."""
    slot = f"_memo_{name}"
    try:
        return obj.__dict__[slot]
    except KeyError:
        value = compute()
        object.__setattr__(obj, slot, value)
        return value


@dataclass(frozen=True)
class Column:
    """One value column of a table (an applicant type, a part-2 measure...)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None  # e.g. 法人或其他组织 above 商业企业
    is_amount: bool = False  # money: may be decimal
    may_be_negative: bool = False  # 本年增/减


@dataclass(frozen=True)
class Row:
    """One row of a table, identified by its canonical key."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None  # e.g. 不予公开 above 属于国家秘密
    columns: tuple[Column, ...] | None = None  # part 2: each row has its own columns
    derived_from: tuple[str, ...] = ()  # 2021 apply.other = Σ other_*
    # A short label such as 其他 or 总计 is only a row label right after one of these rows.
    only_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A template table: its rows, its shared columns, and how keys are formed."""

    key: str  # "active" | "apply" | "appeal"
    part: int
    title: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...] = ()
    groups: tuple[str, ...] = ()  # group labels that carry no values (三、本年度办理结果)
    headers: tuple[str, ...] = field(
        default=()
    )  # sub-table headings (第二十条第（一）项, 勾稽 note)
    # Read whole or not at all (part 四: 15 numbers that only make sense together); its
    # gaps are parsing doubts (P2/P11) already, so no per-row or per-column check applies.
    read_whole: bool = False

    def row(self, key: str) -> Row:
        """The row with this key (KeyError if the table has none)."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"{self.key}: no row {key!r}")

    def columns_of(self, row: Row) -> tuple[Column, ...]:
        """The value columns of a row: its own (part 2) or the table's."""
        return row.columns if row.columns is not None else self.columns

    def cell_key(self, row: Row | str, column: Column | str) -> str:
        """The canonical key of one cell, e.g. ``apply.unable_not_held.natural``."""
        row_key = row if isinstance(row, str) else row.key
        col_key = column if isinstance(column, str) else column.key
        return f"{self.key}.{row_key}.{col_key}"

    def cells(self) -> list[tuple[Row, Column, str]]:
        """Every (row, column, key) of the table in printed order."""
        return list(
            _memo(
                self,
                "cells",
                lambda: [
                    (r, c, self.cell_key(r, c)) for r in self.rows for c in self.columns_of(r)
                ],
            )
        )


@dataclass(frozen=True)
class NarrativeField:
    """A number stated in the report's prose rather than in a table."""

    key: str
    label: str
    unit: str


@dataclass(frozen=True)
class Template:
    """One national template: its tables and the narrative fields it asks for."""

    id: str  # "2019" | "2021"
    name: str
    document: str  # the circular that defines it
    tables: tuple[Table, ...]
    narrative: tuple[NarrativeField, ...]
    markers: tuple[str, ...]  # labels that only this template prints (for detection)
    first_year: int  # the first statistics year whose reports it governs

    def table(self, key: str) -> Table:
        """The table with this key."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(f"template {self.id}: no table {key!r}")

    def keys(self) -> list[str]:
        """All canonical keys of the template, tables first, in printed order."""

        def compute() -> list[str]:
            keys = [k for t in self.tables for _, _, k in t.cells()]
            return keys + [f.key for f in self.narrative]

        return list(_memo(self, "keys", compute))

    def labels(self) -> dict[str, str]:
        """Canonical key → Chinese label, e.g. ``自然人 · 本机关不掌握相关政府信息``."""

        def compute() -> dict[str, str]:
            out: dict[str, str] = {}
            for table in self.tables:
                for row, col, key in table.cells():
                    out[key] = f"{row.label} · {col.label}"
            for f in self.narrative:
                out[f.key] = f.label
            return out

        return dict(_memo(self, "labels", compute))
