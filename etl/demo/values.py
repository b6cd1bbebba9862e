"""Draw consistent canonical values for many organs at once, year after year.

A :class:`Population` holds one row per organ: its profile's volumes times its own
scale, plus what carries over from one year to the next (requests carried into the
new year per applicant type, stocks of documents in force and of listed items).
:func:`simulate_year` draws one year for a subset of the organs on one template and
returns ``key -> array`` (NaN = the report does not state the value).

Everything is driven by the template: part 二 cells by iterating the table's rows and
each row's columns (a column key names how its number is drawn, :data:`MEASURES`);
part 三 by drawing new requests per applicant column, the carry-over, and the outcome
leaves; totals and the derived 2021 其他处理 row follow the consistency rules; part 四
likewise. The same code serves the 100-organ demo region and the million-report
benchmark, so both have the same distributions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from etl.demo import profiles as pf
from etl.template import TEMPLATE_2019, TEMPLATE_2021, Row, Table, Template
from etl.template import parts as p

# The rows and the column the consistency rules are stated in (spec, 勾稽关系).
NEW, CARRIED_IN, CARRIED_OUT, TOTAL = "new", "carried_in", "carried_out", "total"
ACTIVE_ROWS: tuple[str, ...] = tuple(
    dict.fromkeys(r.key for t in (TEMPLATE_2019, TEMPLATE_2021) for r in t.table("active").rows)
)
FIRST_CARRY_SHARE = 0.03  # requests carried into 2019 from 2018, per request of 2019
REQUEST_SHAPE = 5.0  # gamma shape of an organ's yearly requests: CV ≈ 0.45 around its mean


def negative_binomial(rng: np.random.Generator, mean: np.ndarray, shape: float) -> np.ndarray:
    """Over-dispersed counts with the given mean (gamma-Poisson); mean 0 gives 0."""
    mean = np.asarray(mean, dtype=float)
    lam = rng.gamma(shape, np.maximum(mean, 0) / shape + 1e-12)
    return rng.poisson(np.where(mean > 0, lam, 0.0)).astype(float)


def apply_applicants(table: Table) -> list:
    """The applicant columns that add up to 总计 (rule 1)."""
    return [c for c in table.columns if c.key != TOTAL]


def apply_leaves(table: Table) -> list[Row]:
    """Outcome rows a request can end in: grouped, neither the total nor derived."""
    return [r for r in table.rows if r.group and r.key != TOTAL and not r.derived_from]


@dataclass
class Population:
    """Per-organ parameters (arrays of length n) and what carries across years."""

    profiles: Sequence[pf.Profile]
    factor: np.ndarray  # level factor of each organ (county departments ≈ 0.18)
    rng: np.random.Generator
    scale: np.ndarray = field(init=False)
    carried: np.ndarray | None = field(init=False, default=None)  # (n, applicants)
    stocks: dict[tuple[str, str], np.ndarray] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.scale = self.rng.lognormal(0.0, 0.5, len(self.profiles)) * np.asarray(self.factor)
        self._arrays: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.profiles)

    def param(self, name: str) -> np.ndarray:
        """A profile attribute as an array (``requests``, ``items``, ``appeal``...)."""
        if name not in self._arrays:
            self._arrays[name] = np.array([getattr(x, name) for x in self.profiles], dtype=float)
        return self._arrays[name]

    def volume(self, row_key: str) -> np.ndarray:
        """Yearly part-二 volume of one row, scaled per organ."""
        name = "active:" + row_key
        if name not in self._arrays:
            base = np.array([x.active.get(row_key, 0.0) for x in self.profiles], dtype=float)
            self._arrays[name] = base * self.scale
        return self._arrays[name]

    def stock(self, row_key: str, kind: str, idx: np.ndarray, initial: np.ndarray) -> np.ndarray:
        """Last year's stock (documents in force, listed items) of the organs ``idx``."""
        arr = self.stocks.setdefault((row_key, kind), np.full(len(self), np.nan))
        current = arr[idx]
        return np.where(np.isnan(current), initial, current)

    def set_stock(self, row_key: str, kind: str, idx: np.ndarray, value: np.ndarray) -> None:
        """Remember this year's stock for next year."""
        self.stocks.setdefault((row_key, kind), np.full(len(self), np.nan))[idx] = value


@dataclass
class RowDraw:
    """One part-二 row being drawn for the organs ``idx``; ``flow`` links its columns."""

    rng: np.random.Generator
    pop: Population
    idx: np.ndarray
    row_key: str
    volume: np.ndarray
    flow: dict[str, np.ndarray] = field(default_factory=dict)

    def docs_stock(self) -> np.ndarray:
        """Documents in force at the start of the year (≈ 6 years of issuance at first)."""
        if "docs0" not in self.flow:
            first = self.rng.poisson(self.volume * 6.0).astype(float)
            self.flow["docs0"] = self.pop.stock(self.row_key, "docs", self.idx, first)
        return self.flow["docs0"]

    def items_stock(self) -> np.ndarray:
        """Items listed the year before (a few dozen for a busy licensing organ)."""
        if "items0" not in self.flow:
            first = np.where(self.volume > 0, self.rng.poisson(3.0 * self.volume**0.4) + 1, 0)
            self.flow["items0"] = self.pop.stock(
                self.row_key, "items", self.idx, first.astype(float)
            )
        return self.flow["items0"]

    def get(self, name: str) -> np.ndarray:
        """A flow drawn by an earlier column of the row, zeros if the row has none."""
        return self.flow.get(name, np.zeros(len(self.idx)))


def _decisions(d: RowDraw) -> np.ndarray:
    return negative_binomial(d.rng, d.volume, 12.0)


def _issued(d: RowDraw) -> np.ndarray:
    d.flow["issued"] = d.rng.poisson(d.volume).astype(float)
    return d.flow["issued"]


def _published(d: RowDraw) -> np.ndarray:
    d.flow["published"] = d.rng.binomial(d.get("issued").astype(int), 0.92).astype(float)
    return d.flow["published"]


def _repealed(d: RowDraw) -> np.ndarray:
    d.flow["repealed"] = d.rng.binomial(d.docs_stock().astype(int), 0.04).astype(float)
    return d.flow["repealed"]


def _in_force(d: RowDraw) -> np.ndarray:
    stock = d.docs_stock() + d.get("issued") - d.get("repealed")
    d.pop.set_stock(d.row_key, "docs", d.idx, stock)
    return stock


def _total_published(d: RowDraw) -> np.ndarray:
    stock = d.docs_stock() + d.get("published")
    d.pop.set_stock(d.row_key, "docs", d.idx, stock)
    return stock


def _prev_items(d: RowDraw) -> np.ndarray:
    return d.items_stock()


def _change(d: RowDraw) -> np.ndarray:
    prev = d.items_stock()
    step = d.rng.choice([-2, -1, 0, 0, 0, 0, 1, 1, 2, 3], size=len(d.idx)).astype(float)
    change = np.where(prev > 0, np.maximum(step, -prev), 0.0)
    d.pop.set_stock(d.row_key, "items", d.idx, prev + change)
    return change


def _count(d: RowDraw) -> np.ndarray:
    d.flow["count"] = d.rng.poisson(d.volume).astype(float)
    return d.flow["count"]


def _amount(d: RowDraw) -> np.ndarray:
    """万元: per procurement item when the row counts items, else the row's yearly fees."""
    n = len(d.idx)
    if "count" in d.flow:
        amount = d.flow["count"] * d.rng.lognormal(np.log(28.0), 0.9, n)
    else:
        amount = d.volume * d.rng.lognormal(0.0, 0.3, n)
    return np.round(amount, 2)


#: How the number of each part-二 column is drawn, by column key.
MEASURES: dict[str, Callable[[RowDraw], np.ndarray]] = {
    "decisions": _decisions,
    "issued": _issued,
    "new_made": _issued,
    "new_published": _published,
    "repealed": _repealed,
    "in_force": _in_force,
    "total_published": _total_published,
    "prev_items": _prev_items,
    "change": _change,
    "items": _count,
    "amount_wan_yuan": _amount,
}

_missing = {
    c.key
    for t in (TEMPLATE_2019, TEMPLATE_2021)
    for r in t.table("active").rows
    for c in t.table("active").columns_of(r)
} - set(MEASURES)
if _missing:
    raise KeyError(f"no measure for part-二 columns {sorted(_missing)}")


def draw_active(table: Table, pop: Population, idx: np.ndarray, rng) -> dict[str, np.ndarray]:
    """Part 二: every row of the table, every column of the row."""
    out: dict[str, np.ndarray] = {}
    for row in table.rows:
        draw = RowDraw(rng, pop, idx, row.key, pop.volume(row.key)[idx])
        for col in table.columns_of(row):
            out[table.cell_key(row, col)] = MEASURES[col.key](draw)
    return out


def _outcome_weights(table: Table, pop: Population, idx: np.ndarray, rng) -> np.ndarray:
    """(organs, leaves) probabilities: base weights × profile multipliers × organ noise."""
    leaves = apply_leaves(table)
    base = np.array([pf.OUTCOME_WEIGHTS.get(r.key, pf.DEFAULT_OUTCOME_WEIGHT) for r in leaves])
    w = np.tile(base, (len(idx), 1))
    for j, row in enumerate(leaves):
        attr = pf.GROUP_MULTIPLIERS.get(row.group or "")
        if attr:
            w[:, j] *= pop.param(attr)[idx]
    w *= rng.lognormal(0.0, 0.5, w.shape)
    return w / w.sum(axis=1, keepdims=True)


def draw_apply(
    table: Table, pop: Population, idx: np.ndarray, year: int, rng
) -> dict[str, np.ndarray]:
    """Part 三: new requests per applicant, carry-over in and out, outcomes, totals."""
    cols = apply_applicants(table)
    w = np.array([pf.APPLICANT_WEIGHTS[c.key] for c in cols])
    is_org = np.array([c.group == p.ORG for c in cols])
    pcol = np.where(is_org, w * pop.param("orgs")[idx, None], w)
    pcol /= pcol.sum(axis=1, keepdims=True)
    mean = pop.param("requests")[idx] * pop.scale[idx] * pf.YEAR_FACTORS.get(year, 1.0)
    n_new = negative_binomial(rng, mean, REQUEST_SHAPE).astype(int)
    new = rng.multinomial(n_new, pcol).astype(float)
    if pop.carried is None:
        pop.carried = np.full((len(pop), len(cols)), np.nan)
    carried_in = pop.carried[idx]
    first = np.isnan(carried_in[:, 0])
    carried_in[first] = rng.binomial(new[first].astype(int), FIRST_CARRY_SHARE)
    avail = new + carried_in
    share_out = rng.beta(1.5, 30.0, len(idx))
    carried_out = rng.binomial(avail.astype(int), share_out[:, None]).astype(float)
    pop.carried[idx] = carried_out
    handled = (avail - carried_out).astype(int)
    pw = _outcome_weights(table, pop, idx, rng)
    outcomes = np.stack([rng.multinomial(handled[:, j], pw) for j in range(len(cols))], axis=1)
    cells = {NEW: new, CARRIED_IN: carried_in, CARRIED_OUT: carried_out, TOTAL: handled}
    for j, row in enumerate(apply_leaves(table)):
        cells[row.key] = outcomes[:, :, j].astype(float)
    for row in table.rows:
        if row.derived_from:
            cells[row.key] = sum(cells[src] for src in row.derived_from)
    out: dict[str, np.ndarray] = {}
    for row_key, grid in cells.items():
        for j, col in enumerate(cols):
            out[table.cell_key(row_key, col)] = grid[:, j].astype(float)
        out[table.cell_key(row_key, TOTAL)] = grid.sum(axis=1).astype(float)
    return out


def draw_appeal(
    table: Table, pop: Population, idx: np.ndarray, requests: np.ndarray, rng
) -> dict[str, np.ndarray]:
    """Part 四: reviews and suits, rare and proportional to requests."""
    cols = [c for c in table.columns if c.key != TOTAL]
    pw = np.array([pf.APPEAL_RESULT_WEIGHTS[c.key] for c in cols])
    pw = pw / pw.sum()
    out: dict[str, np.ndarray] = {}
    for row in table.rows:
        rate = requests * pop.param("appeal")[idx] * pf.APPEAL_ROW_RATES[row.key]
        split = rng.multinomial(rng.poisson(rate), pw).astype(float)
        for j, col in enumerate(cols):
            out[table.cell_key(row, col)] = split[:, j]
        out[table.cell_key(row, TOTAL)] = split.sum(axis=1)
    return out


def draw_narrative(
    template: Template, pop: Population, idx: np.ndarray, rng
) -> dict[str, np.ndarray]:
    """Numbers stated in prose: items published (条) and the processing fee (元).

    Since 2021 part 六 must state the fee (almost always 未收取); 2019-template
    reports often say nothing about it, so the value is absent (NaN).
    """
    n = len(idx)
    out: dict[str, np.ndarray] = {}
    for f in template.narrative:
        if f.unit == "条":
            out[f.key] = negative_binomial(rng, pop.param("items")[idx] * pop.scale[idx], 6.0)
        elif template is TEMPLATE_2021:
            charged = rng.random(n) < 0.03
            out[f.key] = np.where(charged, np.round(rng.uniform(20, 800, n)), 0.0)
        else:
            out[f.key] = np.where(rng.random(n) < 0.55, np.nan, 0.0)
    return out


def simulate_year(
    pop: Population, idx: np.ndarray, template: Template, year: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Every canonical key of ``template`` for the organs ``idx`` in ``year``.

    Updates the population's carry-over and stocks, so years must be drawn in order.
    """
    idx = np.asarray(idx, dtype=int)
    apply = template.table("apply")
    out = draw_active(template.table("active"), pop, idx, rng)
    out.update(draw_apply(apply, pop, idx, year, rng))
    requests = out[apply.cell_key(NEW, TOTAL)]
    out.update(draw_appeal(template.table("appeal"), pop, idx, requests, rng))
    out.update(draw_narrative(template, pop, idx, rng))
    return {k: out[k] for k in template.keys()}  # noqa: SIM118 - Template.keys() is a method
