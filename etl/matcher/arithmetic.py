"""Settle doubtful cells by the template's arithmetic, solving a whole table at once.

Some cells are known only as a set of possible readings: an OCR digit read
with low confidence (``1?5`` is 105…195), or a row whose digits were run
together by a crawler (``801000081`` is one of the ways to cut it into the
row's cells). The template's equalities (row totals, 三 = the sum of its
outcomes, 一 + 二 = 三(七) + 四, part 四 totals) and non-negativity tie the
cells together across rows and columns, so a reading that is ambiguous row by
row is often the only one that fits the table as a whole.

:func:`solve` searches the joint readings depth first, pruning with interval
bounds on every equality, and stops at the second solution: a value is
accepted only where the solution is unique. It is pure (keys and numbers in,
assignments out) and knows nothing of where the readings came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product

Equation = tuple[tuple[str, ...], tuple[str, ...]]  # sum(lhs) == sum(rhs)


@dataclass(frozen=True)
class Unknown:
    """Cells read together whose joint value is one of ``options`` (one number per key)."""

    keys: tuple[str, ...]
    options: tuple[tuple[int, ...], ...]


def digit_readings(pattern: str) -> tuple[int, ...]:
    """Every number a reading with doubtful digits (``?``) may be.

    >>> digit_readings("1?")
    (10, 11, 12, 13, 14, 15, 16, 17, 18, 19)
    >>> digit_readings("?")[:3]
    (0, 1, 2)
    """
    slots = [range(10) if ch == "?" else (int(ch),) for ch in pattern if ch == "?" or ch.isdigit()]
    out = []
    for digits in product(*slots):
        if len(digits) > 1 and digits[0] == 0:
            continue  # a printed number has no leading zero
        out.append(int("".join(map(str, digits))))
    return tuple(out)


def equations_of(rules: Sequence[tuple[str, list[str], list[str]]]) -> list[Equation]:
    """The rules' instances (``(scope, lhs, rhs)``) as equations."""
    return [(tuple(lhs), tuple(rhs)) for _, lhs, rhs in rules]


def components(unknowns: Sequence[Unknown], equations: Sequence[Equation]) -> list[list[int]]:
    """Groups of unknowns linked through shared equations (solved separately)."""
    owner = {k: i for i, u in enumerate(unknowns) for k in u.keys}
    parent = list(range(len(unknowns)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for lhs, rhs in equations:
        ids = {owner[k] for k in lhs + rhs if k in owner}
        if not ids:
            continue
        first = next(iter(ids))
        for i in ids:
            parent[find(i)] = find(first)
    groups: dict[int, list[int]] = {}
    for i in range(len(unknowns)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def solve(
    known: Mapping[str, float],
    unknowns: Sequence[Unknown],
    equations: Sequence[Equation],
    *,
    limit: int = 2,
    budget: int = 200_000,
) -> list[dict[str, int]] | None:
    """Up to ``limit`` joint readings of ``unknowns`` that satisfy every usable equation.

    An equation is usable when each of its cells is known or unknown; others
    say nothing here. Returns None when the search exceeds ``budget`` steps
    (treat as not unique).
    """
    if any(not u.options for u in unknowns):
        return []  # a cell no reading fits
    keys = {k for u in unknowns for k in u.keys}
    usable = [
        (lhs, rhs)
        for lhs, rhs in equations
        if all(k in known or k in keys for k in lhs + rhs) and any(k in keys for k in lhs + rhs)
    ]
    search = _Search(known, unknowns, usable, limit, budget)
    try:
        search.walk(0)
    except _OutOfBudget:
        return None
    return search.solutions


class _Search:
    """Depth-first over the unknowns (fewest options first), pruning by interval bounds."""

    def __init__(
        self,
        known: Mapping[str, float],
        unknowns: Sequence[Unknown],
        usable: Sequence[Equation],
        limit: int,
        budget: int,
    ):
        self.known, self.unknowns, self.limit, self.budget = known, unknowns, limit, budget
        self.lo = {k: min(o[i] for o in u.options) for u in unknowns for i, k in enumerate(u.keys)}
        self.hi = {k: max(o[i] for o in u.options) for u in unknowns for i, k in enumerate(u.keys)}
        self.order = sorted(range(len(unknowns)), key=lambda i: len(unknowns[i].options))
        # sum(sign * value) == 0
        self.terms = [[(k, 1) for k in lhs] + [(k, -1) for k in rhs] for lhs, rhs in usable]
        self.by_key: dict[str, list[int]] = {}
        for e, t in enumerate(self.terms):
            for k, _ in t:
                self.by_key.setdefault(k, []).append(e)
        self.assigned: dict[str, int] = {}
        self.solutions: list[dict[str, int]] = []
        self.steps = 0

    def _span(self, k: str, sign: int) -> tuple[float, float]:
        """The least and greatest ``sign * value`` of one cell so far."""
        if k in self.assigned:
            v = sign * self.assigned[k]
            return v, v
        if k in self.known:
            w = sign * self.known[k]
            return w, w
        if sign > 0:
            return self.lo[k], self.hi[k]
        return -self.hi[k], -self.lo[k]

    def feasible(self, e: int) -> bool:
        low = high = 0.0
        for k, sign in self.terms[e]:
            a, b = self._span(k, sign)
            low += a
            high += b
        return low - 1e-6 <= 0 <= high + 1e-6

    def walk(self, depth: int) -> bool:
        """Assign the unknown at ``depth``; True once ``limit`` solutions are found."""
        if depth == len(self.order):
            self.solutions.append(dict(self.assigned))
            return len(self.solutions) >= self.limit
        u = self.unknowns[self.order[depth]]
        touched = {e for k in u.keys for e in self.by_key.get(k, ())}
        for option in u.options:
            self.steps += 1
            if self.steps > self.budget:
                raise _OutOfBudget
            for k, v in zip(u.keys, option, strict=True):
                self.assigned[k] = v
            if all(self.feasible(e) for e in touched) and self.walk(depth + 1):
                return True
            for k in u.keys:
                del self.assigned[k]
        return False


class _OutOfBudget(Exception):
    pass
