"""Named sums of canonical keys (measures), built from the template.

A ``Measure`` is what a chart shows: a name safe as a result column, a Chinese
label and the keys it adds up (for one report, absent keys count as absent,
not 0; a report that shows none of them does not count). The query layer turns
measures into SQL; nothing here knows SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard import labels as lb
from etl.template import (
    FLOW_ROWS,
    TEMPLATE_2019,
    TEMPLATE_2021,
    all_keys,
    outcome_rows,
    wide_column,
    wide_name,
)
from etl.template import parts as p

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
APPLY = TEMPLATE_2021.table("apply")
APPEAL = TEMPLATE_2021.table("appeal")
TOTAL = "total"


@dataclass(frozen=True)
class Measure:
    """A sum of canonical keys under a result-column name."""

    name: str
    label: str
    keys: tuple[str, ...]

    def __post_init__(self) -> None:
        if not NAME.match(self.name):
            raise ValueError(f"measure name {self.name!r} is not a plain identifier")
        unknown = set(self.keys) - set(all_keys())
        if unknown or not self.keys:
            raise ValueError(f"measure {self.name}: unknown keys {sorted(unknown)}")


def cell(row: str, col: str = TOTAL, table=APPLY, label: str | None = None) -> Measure:
    """One cell of part 三 (or another table) as a measure named ``<row>__<col>``."""
    key = table.cell_key(row, col)
    return Measure(wide_name(row, col), label or lb.key_label(key), (key,))


def applicant_columns() -> list:
    """The applicant-type columns of part 三 (without 总计)."""
    return [c for c in APPLY.columns if c.key != TOTAL]


def applicant_label(col) -> str:
    """An applicant column's label; one that is also a row label (其他) gets its group."""
    if col.group and any(r.label == col.label for r in APPLY.rows):
        return f"{col.label}（{col.group}）"
    return lb.column_label(col, APPLY.columns)


@lru_cache(maxsize=8)
def outcome_groups(col: str = TOTAL) -> tuple[Measure, ...]:
    """The six outcome groups of part 三 for one column (granted … other processing)."""
    outcomes = set(outcome_rows(APPLY))
    groups: dict[str, tuple[str, list[str]]] = {}
    for row in APPLY.rows:
        if row.key not in outcomes:
            continue
        if row.group == p.RESULTS:
            name, label = row.key, lb.short_row_label("apply", row.key)
        else:
            name, label = row.key.split("_")[0], row.group or row.key
        groups.setdefault(name, (label, []))[1].append(APPLY.cell_key(row, col))
    return tuple(Measure(wide_name(n, col), lab, tuple(keys)) for n, (lab, keys) in groups.items())


def reason_label(row) -> str:
    """A reason row's label; a bare 其他 gets its group in front."""
    clash = any(r.label == row.label and r is not row for r in APPLY.rows) or any(
        c.label == row.label for c in APPLY.columns
    )
    short = lb.short_row_label("apply", row.key)
    return f"{row.group}·{short}" if clash and row.group else short


@lru_cache(maxsize=1)
def reasons() -> tuple[Measure, ...]:
    """Every withheld / unable / not-processed reason and the 2021 other-processing sub-rows."""
    out = []
    for row in APPLY.rows:
        if row.group in (p.WITHHELD, p.UNABLE, p.REJECTED, p.OTHER):
            key = APPLY.cell_key(row, TOTAL)
            out.append(Measure(f"{row.key}__total", reason_label(row), (key,)))
    return tuple(out)


def denied() -> Measure:
    """Every withheld, unable and not-processed request (总计 column)."""
    rows = [r for r in APPLY.rows if r.group in (p.WITHHELD, p.UNABLE, p.REJECTED)]
    label = "、".join((p.WITHHELD, p.UNABLE, p.REJECTED)) + "合计"
    return Measure("denied__total", label, tuple(APPLY.cell_key(r, TOTAL) for r in rows))


def reason_group(measure: Measure) -> str:
    """The template group label (withheld, unable, not processed, other) of a reason measure."""
    row = APPLY.row(measure.name.removesuffix("__total"))
    return row.group or ""


def intake(col: str = TOTAL) -> tuple[Measure, ...]:
    """Received, carried in, handled (办理结果总计) and carried over, for one column."""
    out = []
    for key in FLOW_ROWS:
        row = APPLY.row(key)
        label = f"{row.group}{row.label}" if key == TOTAL else lb.short_row_label("apply", key)
        out.append(cell(key, col, label=label if col == TOTAL else None))
    return tuple(out)


def appeal_cells() -> tuple[Measure, ...]:
    """All 15 numbers of part 四 as measures named ``<group>__<result>``."""
    return tuple(cell(r.key, c.key, APPEAL) for r in APPEAL.rows for c in APPEAL.columns)


def appeal_label(name: str) -> str:
    """Label of a part-四 group, with its heading when it has one (litigation · after review)."""
    row = APPEAL.row(name)
    return f"{row.group}·{row.label}" if row.group else row.label


def appeal_groups() -> list[str]:
    """Keys of the part-四 groups in printed order."""
    return [r.key for r in APPEAL.rows]


def appeal_result_label(col: str) -> str:
    """Label of a part-四 result column (upheld, corrected …)."""
    return next(c.label for c in APPEAL.columns if c.key == col)


def active_column_label(col: str) -> str:
    """Label of a part-二 column key (2021 wording first)."""
    for template in (TEMPLATE_2021, TEMPLATE_2019):
        table = template.table("active")
        for row in table.rows:
            for c in table.columns_of(row):
                if c.key == col:
                    return c.label
    return col


def appeal_results() -> list:
    """Result columns of part 四 (upheld … total)."""
    return list(APPEAL.columns)


@lru_cache(maxsize=1)
def active_cells() -> tuple[Measure, ...]:
    """Every part-二 cell of either template, named ``<row>__<column>``."""
    out: dict[str, Measure] = {}
    for template in (TEMPLATE_2021, TEMPLATE_2019):
        table = template.table("active")
        for _, _, key in table.cells():
            out.setdefault(key, Measure(wide_column(key), lb.key_label(key), (key,)))
    return tuple(out.values())


def active_templates() -> dict[str, set[str]]:
    """Measure name → the template ids that print that part-二 cell."""
    out: dict[str, set[str]] = {}
    for template in (TEMPLATE_2021, TEMPLATE_2019):
        for row, col, _ in template.table("active").cells():
            out.setdefault(wide_name(row.key, col.key), set()).add(template.id)
    return out


def active_row_label(row_key: str) -> str:
    """Label of a part-二 row (regulations, licensing …)."""
    return lb.row_label("active", row_key)


def narrative() -> tuple[Measure, ...]:
    """The narrative numbers (信息处理费, 主动公开信息条数)."""
    return tuple(Measure(f.key.split(".")[1], f.label, (f.key,)) for f in TEMPLATE_2021.narrative)


@lru_cache(maxsize=1)
def overview() -> tuple[Measure, ...]:
    """What the overview page sums: intake, outcome groups, licensing, all of part 四."""
    licensing = next(m for m in active_cells() if m.name == "licensing__decisions")
    return (*intake(), *outcome_groups(), licensing, *appeal_cells())


def by_name(measures: tuple[Measure, ...]) -> dict[str, Measure]:
    """Name → measure."""
    return {m.name: m for m in measures}


def label_map(measures: tuple[Measure, ...]) -> dict[str, str]:
    """Result-column name → label, for charts and downloads."""
    return {m.name: m.label for m in measures}
