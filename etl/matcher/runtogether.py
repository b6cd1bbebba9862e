"""Rows whose digits were run together, split by solving the whole table at once.

Flow: matcher walk → pending run-together rows → **runtogether** → values.
A crawled copy often loses every separator: ``一、本年新收…数量21710000218``.
Row by row, such a run has many splits into the row's cells; the template's
equalities between rows and columns (三 = the sum of its outcomes, 一 + 二 =
三(七) + 四, …) and the cells already read usually leave one. Each pending row
is an :class:`~etl.matcher.arithmetic.Unknown` whose options are its splits; a
row is placed only where the joint solution is unique, and its locator records
``arithmetic="split"``. Where the table alone allows several splits, the figures
the report's prose states (:mod:`etl.matcher.prosefigures`: 共计81件, 行政复议案件2件)
are added as equations and may leave one. Otherwise its cells stay absent with a
P3 finding naming them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from etl.findings import Finding
from etl.matcher.arithmetic import Unknown, components, solve
from etl.matcher.ocrtrust import sum_equations
from etl.matcher.prosefigures import prose_figures
from etl.provenance import CanonicalValue, ValueSource
from etl.template import Template, derived_keys


@dataclass(frozen=True)
class PendingRow:
    """A run-together row the walk could not split alone."""

    keys: tuple[str, ...]
    splits: tuple[tuple[int, ...], ...]
    sources: tuple[ValueSource, ...]  # where each cell would come from
    raw: str  # the run as printed


def _known(values: dict, template: Template) -> dict[str, float]:
    """The read values, with each derived row (2021 apply.other = Σ other_*) whose
    sources are all read: it is added later, but the sums naming it need it now."""
    known = {k: v.value for k, v in values.items() if not v.derived}
    for key, sources in derived_keys(template).items():
        if key not in known and all(src in known for src in sources):
            known[key] = sum(known[src] for src in sources)
    return known


def settle_run_together(
    values: dict, pending: list[PendingRow], template: Template, text: str = ""
) -> list:
    """Place the pending rows that the table's arithmetic splits uniquely; findings for the rest.

    ``text`` is the document's text, whose prose figures break ties.
    """
    if not pending:
        return []
    equations = sum_equations(template)
    known = _known(values, template)
    unknowns = [Unknown(p.keys, p.splits) for p in pending]
    tie_break = _with_prose(known, equations, prose_figures(text, template) if text else [])
    findings = []
    for comp in components(unknowns, equations):
        group = [unknowns[i] for i in comp]
        solutions = solve(known, group, equations)
        if solutions is not None and len(solutions) > 1 and tie_break is not None:
            stated, with_prose = tie_break
            narrowed = solve(stated, group, with_prose)
            if narrowed is not None and len(narrowed) == 1:
                solutions = narrowed  # one of the table's splits; the prose picks it
        rows = [pending[i] for i in comp]
        if solutions is not None and len(solutions) == 1:
            _place(values, rows, solutions[0])
        else:
            findings += [_not_split(row, solutions) for row in rows]
    return findings


def _with_prose(known: dict, equations: list, figures: list) -> tuple[dict, list] | None:
    """The known values and equations with the prose figures added (None without figures)."""
    if not figures:
        return None
    stated = dict(known)
    with_prose = list(equations)
    for n, (keys, number) in enumerate(figures):
        stated[f"prose#{n}"] = float(number)
        with_prose.append((keys, (f"prose#{n}",)))
    return stated, with_prose


def _place(values: dict, rows: list[PendingRow], solution: dict[str, int]) -> None:
    for row in rows:
        for key, source in zip(row.keys, row.sources, strict=True):
            value = float(solution[key])
            values[key] = CanonicalValue(key, value, False, replace(source, arithmetic="split"))


def _not_split(row: PendingRow, solutions: list | None) -> Finding:
    why = "没有一种拆分满足勾稽关系" if solutions == [] else "有多种拆分都满足勾稽关系"
    return Finding(
        "P3",
        f"“{row.raw}”中的数字连写在一起，{why}，无法唯一拆分为{len(row.keys)}个数值，该行留空。",
        row.keys,
    )
