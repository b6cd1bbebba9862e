"""Random reports whose numbers satisfy every consistency rule of the spec.

The template decides everything: :func:`component_cells` lists the cells a
report is free to choose (part 二 cells, part 三 result leaves and carry-overs
per applicant type, part 四 outcomes, the narrative numbers) and
:func:`complete_values` derives the rest from the rules — row totals (rule 1),
the balance ``new + carried_in = total + carried_out`` (rule 2), the results
total and the 2021 derived ``other`` row (rule 3), the part-四 totals (rule 4). The
random generator here and the hypothesis strategies in ``tests/fixtures/strategies.py`` only
differ in how they draw the free cells.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import dataclass

from etl.synthetic.model import ReportSpec
from etl.template import Column, Row, Table, Template, get_template
from etl.template import parts as p

# The rows and column the consistency rules are stated in (spec, 勾稽关系).
NEW, CARRIED_IN, CARRIED_OUT, TOTAL = "new", "carried_in", "carried_out", "total"

SCALES: dict[str, dict[str, float]] = {
    # mean requests from the first applicant type, mean part-二 count, appeal chance
    "small": {"requests": 6, "active": 8, "appeal": 0.15, "amount": 50},
    "medium": {"requests": 80, "active": 120, "appeal": 0.5, "amount": 800},
    "large": {"requests": 1500, "active": 4000, "appeal": 0.9, "amount": 20000},
}

_PLACES = ("保定市", "淮安市洪泽区", "桃江县", "抚远市", "赫章县", "石家庄市", "宁波市鄞州区")
_ORGANS = (
    "人民政府",
    "人民政府办公室",
    "行政审批局",
    "审计局",
    "自然资源局",
    "交通运输局",
    "生态环境局",
    "市场监督管理局",
    "住房和城乡建设局",
)
YEARS = {"2019": (2019, 2020), "2021": (2021, 2022, 2023, 2024)}


@dataclass(frozen=True)
class Component:
    """A free cell of a report: its key and how it may be drawn."""

    key: str
    kind: str  # "count" | "amount" | "change" | "carried_in" | "carried_out"
    table: Table | None
    row: Row | None
    column: Column | None


def _apply_leaves(table: Table) -> list[Row]:
    """Result rows a request can end in: grouped, not derived, not the total."""
    return [r for r in table.rows if r.group and r.key != TOTAL and not r.derived_from]


def _applicants(table: Table) -> list[Column]:
    return [c for c in table.columns if c.key != TOTAL]


def component_cells(template: Template) -> list[Component]:
    """Every cell a consistent report may choose freely, in printed order."""
    out: list[Component] = []
    apply, appeal = template.table("apply"), template.table("appeal")
    for row in template.table("active").rows:
        for col in template.table("active").columns_of(row):
            kind = "amount" if col.is_amount else "change" if col.may_be_negative else "count"
            out.append(Component(template.table("active").cell_key(row, col), kind, None, row, col))
    for row in apply.rows:
        if row.key in (CARRIED_IN, CARRIED_OUT):
            kind = row.key
        elif row in _apply_leaves(apply):
            kind = "count"
        else:
            continue
        out += [Component(apply.cell_key(row, c), kind, apply, row, c) for c in _applicants(apply)]
    for row in appeal.rows:
        out += [
            Component(appeal.cell_key(row, c), "count", appeal, row, c)
            for c in appeal.columns
            if c.key != TOTAL
        ]
    for f in template.narrative:
        out.append(Component(f.key, "amount" if f.unit == "元" else "count", None, None, None))
    return out


def complete_values(template: Template, free: dict[str, float]) -> dict[str, float]:
    """All canonical values from the free cells, totals derived by the rules.

    Clamps two free cells where the rules leave no choice: ``carried_in`` may not
    exceed ``total + carried_out`` (``new`` would go negative), and a ``change``
    may not take more items away than the year before had.
    """
    values = {k: float(v) for k, v in free.items()}
    active = template.table("active")
    for row in active.rows:
        cols = active.columns_of(row)
        for before, col in itertools.pairwise(cols):
            if col.may_be_negative:
                key = active.cell_key(row, col)
                values[key] = max(values[key], -values[active.cell_key(row, before)])
    apply = template.table("apply")
    leaves = _apply_leaves(apply)
    for col in _applicants(apply):

        def cell(row: str, col: Column = col) -> str:
            return apply.cell_key(row, col)

        total = sum(values[cell(r.key)] for r in leaves)
        values[cell(TOTAL)] = total
        values[cell(CARRIED_IN)] = min(values[cell(CARRIED_IN)], total + values[cell(CARRIED_OUT)])
        values[cell(NEW)] = total + values[cell(CARRIED_OUT)] - values[cell(CARRIED_IN)]
        for row in apply.rows:
            if row.derived_from:
                values[cell(row.key)] = sum(values[cell(src)] for src in row.derived_from)
    for row in apply.rows:
        values[apply.cell_key(row, TOTAL)] = sum(
            values[apply.cell_key(row, c)] for c in _applicants(apply)
        )
    appeal = template.table("appeal")
    for row in appeal.rows:
        values[appeal.cell_key(row, TOTAL)] = sum(
            values[appeal.cell_key(row, c)] for c in appeal.columns if c.key != TOTAL
        )
    return values


def _sparse(rng: random.Random, mean: float, p_zero: float) -> int:
    return 0 if rng.random() < p_zero else int(rng.expovariate(1 / max(mean, 1)))


def _draw_apply(
    rng: random.Random, template: Template, mean: float, free: dict[str, float]
) -> None:
    """Requests per applicant type, spread over result rows by a per-report profile."""
    apply = template.table("apply")
    leaves = _apply_leaves(apply)
    weights = [
        0.0 if rng.random() < 0.6 else rng.expovariate(1) * (4 if r.group == p.RESULTS else 1)
        for r in leaves
    ]
    if not any(weights):
        weights[0] = 1.0
    for i, col in enumerate(_applicants(apply)):
        share = 1.0 if i == 0 else (0.0 if rng.random() < 0.6 else rng.uniform(0.02, 0.3))
        n = int(rng.expovariate(1 / (mean * share))) if share else 0
        counts = Counter(r.key for r in rng.choices(leaves, weights, k=n))
        for row in leaves:
            free[apply.cell_key(row, col)] = counts[row.key]
        for key in (CARRIED_IN, CARRIED_OUT):
            free[apply.cell_key(key, col)] = _sparse(rng, max(1, n // 10), 0.7)


def random_consistent_values(
    rng: random.Random, template: str, scale: str = "small"
) -> dict[str, float]:
    """A full set of canonical values of ``template`` that breaks no rule."""
    t = get_template(template)
    sc = SCALES[scale]
    free: dict[str, float] = {}
    _draw_apply(rng, t, sc["requests"], free)
    appeal_rows = {r.key: rng.random() < sc["appeal"] for r in t.table("appeal").rows}
    for comp in component_cells(t):
        if comp.key in free:
            continue
        if comp.row is None:  # narrative: fees are rare, items published are not
            fee = 0.0 if rng.random() < 0.85 else round(rng.uniform(1, 300), 2)
            value = fee if comp.kind == "amount" else 1 + _sparse(rng, 5 * sc["active"], 0)
        elif comp.kind == "amount":
            value = 0.0 if rng.random() < 0.6 else round(rng.uniform(0.1, sc["amount"]), 2)
        elif comp.kind == "change":
            value = rng.randint(-3, 5)
        elif comp.table is t.table("appeal"):
            value = _sparse(rng, 2, 0.5) if appeal_rows[comp.row.key] else 0
        elif comp.row.group == t.table("active").headers[0]:  # documents: few, a stock last
            cols = t.table("active").columns_of(comp.row)
            value = _sparse(rng, sc["active"] / 20, 0.5)
            if comp.column == cols[-1]:
                value += free[t.table("active").cell_key(comp.row, cols[0])]
        else:
            value = _sparse(rng, sc["active"], 0.4)
        free[comp.key] = value
    return complete_values(t, free)


def random_agency(rng: random.Random) -> str:
    """A plausible organ name (place + organ)."""
    return rng.choice(_PLACES) + rng.choice(_ORGANS)


def random_report(
    rng: random.Random,
    template: str | None = None,
    scale: str = "small",
    style: str = "default",
) -> ReportSpec:
    """A whole consistent report: organ, year fitting the template, values."""
    template = template or rng.choice(sorted(YEARS))
    return ReportSpec(
        agency=random_agency(rng),
        year=rng.choice(YEARS[template]),
        template=template,
        values=random_consistent_values(rng, template, scale),
        style=style,
    )
