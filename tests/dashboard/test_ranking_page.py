"""机关排名 sums only the measures of the chosen ranking: every ranking still shows the
numbers the factory's cases give (issue 14: at 10^6 reports the page summed 39 keys).

Expected numbers come from the factory's cases (dash_factory), never from the
dashboard's own code.
"""

from __future__ import annotations

import dash_factory as factory
import pytest
from test_app import numbers, run_app, shown_table

from dashboard.labels import meta_label

YEAR = 2024


def _sum(v: dict, keep) -> float | None:
    found = [x for k, (x, _) in v.items() if keep(k)]
    return sum(found) if found else None


def _ratio(num: float | None, den: float | None) -> float | None:
    return None if num is None or not den else num / den * 100


def _withheld(v: dict) -> float | None:
    part = _sum(v, lambda k: k.startswith("apply.withheld_") and k.endswith(".total"))
    return _ratio(part, _sum(v, lambda k: k == "apply.total.total"))


def _corrected(v: dict) -> float | None:
    def of(col: str) -> float | None:
        return _sum(v, lambda k: k.startswith("appeal.") and k.endswith(f".{col}"))

    total, pending = of("total"), of("pending")
    return _ratio(of("corrected"), None if total is None else total - (pending or 0))


def _carried_out(v: dict) -> float | None:
    intake = _sum(v, lambda k: k in ("apply.new.total", "apply.carried_in.total"))
    return _ratio(_sum(v, lambda k: k == "apply.carried_out.total"), intake)


EXPECTED = {
    "withheld__total_pct": _withheld,
    "all__rate": _corrected,
    "carried_out_pct": _carried_out,
    "licensing__decisions": lambda v: _sum(v, lambda k: k == "active.licensing.decisions"),
    "new__total": lambda v: _sum(v, lambda k: k == "apply.new.total"),
}


@pytest.mark.parametrize("rate", list(EXPECTED))
def test_every_ranking_shows_the_cases_numbers(dash_db, monkeypatch, rate):
    at = run_app(dash_db, monkeypatch, "ranking", by=rate, year=str(YEAR))
    at.number_input(key="rank-min").set_value(0).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.dataframe  # the ranked list is a static table
    table = shown_table(at, f"ranking-{rate}-{YEAR}-all")
    want = {
        c.agency: x
        for c in factory.select(year=YEAR)
        if (x := EXPECTED[rate](factory.values_for(c))) is not None
    }
    shown = numbers(table.iloc[:, 2])
    got = dict(zip(table[meta_label("agency")], shown, strict=True))
    assert got == pytest.approx(want, abs=0.05)  # rates shown with one decimal
    assert shown == sorted(shown, reverse=True)
