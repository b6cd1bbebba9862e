"""Issue 15's bugs, one AppTest each, so they cannot come back.

Expected numbers come from the factory's cases (dash_factory), never from the
dashboard's own code.
"""

from __future__ import annotations

import itertools

import dash_factory as factory
import pytest
from test_app import figures, run_app, values

from dashboard import measures as ms
from dashboard.labels import meta_label

YEARS = sorted({c.year for c in factory.REPORTS})


def expected_status(agency: str, year: int) -> str:
    """What 报送情况 should say: an agency is due every year from its first report."""
    mine = factory.select(agency=agency)
    if year < min(c.year for c in mine):
        return ""
    this = [c for c in mine if c.year == year]
    if not this:
        return "缺失"
    return "有错误" if any(c.broken for c in this) else "已发布"


def test_coverage_opens_for_every_year_range(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "coverage")
    at.toggle(key="coverage-problems").set_value(False).run()
    for y0, y1 in itertools.combinations_with_replacement(YEARS, 2):
        at.select_slider(key="f_years").set_value((y0, y1)).run()
        assert not at.exception, (y0, y1, [e.message for e in at.exception])
        grid = at.dataframe[0].value.set_index(meta_label("agency"))
        for agency in {c.agency for c in factory.REPORTS}:
            for y in range(y0, y1 + 1):
                want = expected_status(agency, y)
                if agency not in grid.index:
                    assert want == "", (y0, y1, agency, y)
                    continue
                assert grid.loc[agency, str(y)] == want, (y0, y1, agency, y)


def test_denial_shares_are_percentages_of_the_handled_total(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "denials")
    handled = factory.total("apply.total.total")
    got = {}
    for bars in figures(at)[0]["data"]:
        for name, custom in zip(values(bars["y"]), bars["customdata"], strict=True):
            got[name] = custom[1]
    for m in ms.reasons():
        count = sum(factory.total(k) for k in m.keys)
        if count:
            assert got[m.label] == pytest.approx(count / handled * 100), m.label
