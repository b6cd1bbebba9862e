"""Trust in OCR'd values: doubtful digits and broken sums, settled by the template's arithmetic.

Flow: matcher values → **ocrtrust** → derived values, rules. A number read from
a page image is kept only if the recogniser was sure of every digit and the
template's sums hold, or if the sums leave exactly one reading of its doubtful
digits. Otherwise it is absent with a finding (O1) naming the cells; values
settled by arithmetic are listed in an O2 finding and their locator says so.
"""

from __future__ import annotations

import math
from dataclasses import replace

from etl.findings import Finding
from etl.matcher.arithmetic import (
    Equation,
    Unknown,
    components,
    digit_readings,
    equations_of,
    solve,
)
from etl.numbers import fmt_number
from etl.template import Template, key_labels
from etl.template.rules import SUM_RULES


def sum_equations(template: Template) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every sum rule instance of the template as an equation."""
    return equations_of([inst for rule in SUM_RULES for inst in rule.instances(template)])


def settle_ocr(values: dict, template: Template) -> list[Finding]:
    """Drop or confirm OCR'd values in ``values`` (key → CanonicalValue); return findings."""
    ocr = {k for k, v in values.items() if v.locator.ocr and not v.derived}
    if not ocr:
        return []
    equations = sum_equations(template)
    weak = {k for k in ocr if values[k].locator.ocr.get("weak")}
    known = {k: v.value for k, v in values.items() if k not in weak}
    broken = _broken(known, equations, ocr)
    for k in broken:
        known.pop(k, None)
    unknowns = [
        Unknown((k,), tuple((v,) for v in digit_readings(values[k].locator.ocr["weak"])))
        for k in sorted(weak - broken)
    ]
    doubtful = {u.keys[0] for u in unknowns if not u.options}  # "0?": no printed number
    unknowns = [u for u in unknowns if u.options]
    settled: dict[str, int] = {}
    for comp in components(unknowns, equations):
        group = [unknowns[i] for i in comp]
        keys = {u.keys[0] for u in group}
        solutions = solve(known, group, equations)
        if solutions is not None and len(solutions) == 1:
            settled.update(solutions[0])
            continue
        doubtful |= keys
        if solutions == []:  # no reading fits: a confident cell of these sums is wrong too
            broken |= _confident_in(keys, equations, ocr, known)
    labels = key_labels()
    findings = [
        _drop_broken(values, broken, labels),
        _drop_doubtful(values, doubtful - broken, labels),
        _apply_settled(values, settled, labels),
    ]
    return [f for f in findings if f is not None]


def _broken(known: dict, equations: list[Equation], ocr: set[str]) -> set[str]:
    """The OCR'd cells of every sum whose cells are all known and that does not hold."""
    broken: set[str] = set()
    for lhs, rhs in equations:
        if all(k in known for k in lhs + rhs) and not _holds(known, lhs, rhs):
            broken |= {k for k in lhs + rhs if k in ocr}
    return broken


def _confident_in(
    keys: set[str], equations: list[Equation], ocr: set[str], known: dict
) -> set[str]:
    """The confident OCR'd cells of the sums these cells take part in."""
    out: set[str] = set()
    for lhs, rhs in equations:
        if keys & set(lhs + rhs):
            out |= {k for k in lhs + rhs if k in ocr and k in known}
    return out


def _drop_broken(values: dict, broken: set[str], labels: dict[str, str]) -> Finding | None:
    if not broken:
        return None
    for k in broken:
        values.pop(k, None)
    return Finding(
        "O1",
        "OCR 识别的数值不满足模板的勾稽关系，以下单元格留空："
        + "、".join(labels.get(k, k) for k in sorted(broken))
        + "。",
        tuple(sorted(broken)),
    )


def _drop_doubtful(values: dict, doubtful: set[str], labels: dict[str, str]) -> Finding | None:
    if not doubtful:
        return None
    lost = sorted(doubtful)
    read = {k: values.pop(k).locator.ocr["weak"] for k in lost}
    return Finding(
        "O1",
        "OCR 识别置信度低（“?”为没有把握的数字），且勾稽关系不能唯一确定其数值，"
        "以下单元格留空："
        + "、".join(f"{labels.get(k, k)}（识别为“{read[k]}”）" for k in lost)
        + "。",
        tuple(lost),
    )


def _apply_settled(values: dict, settled: dict[str, int], labels: dict[str, str]) -> Finding | None:
    if not settled:
        return None
    notes = []
    for k, v in sorted(settled.items()):
        old = values[k]
        changed = not math.isclose(old.value, v)
        verdict = "corrected" if changed else "confirmed"
        values[k] = replace(old, value=float(v), locator=replace(old.locator, arithmetic=verdict))
        read = old.locator.ocr["weak"]
        what = f"“{read}”{'更正' if changed else '确认'}为 {fmt_number(v)}"
        notes.append(f"{labels.get(k, k)}（{what}）")
    return Finding(
        "O2",
        "以下 OCR 低置信度单元格由勾稽关系唯一确定：" + "、".join(notes) + "。",
        tuple(sorted(settled)),
    )


def _holds(known: dict, lhs: tuple[str, ...], rhs: tuple[str, ...]) -> bool:
    return math.isclose(sum(known[k] for k in lhs), sum(known[k] for k in rhs), abs_tol=1e-6)
