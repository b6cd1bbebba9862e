"""机关对比's small multiples: six key measures by default, all eleven behind a switch kept
in the URL; each panel's quartile band is the peer table's quartiles."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from test_app import figures, key_of, run_app, shown_table, values

FOCUS = "乙市行政审批局"


def half_up(x: float) -> float:
    """The table's 四舍五入 to one decimal."""
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def panel_titles(fig: dict) -> list[str]:
    return [a["text"].replace("<br>", "") for a in fig["layout"]["annotations"]]


def test_six_key_measures_by_default_and_all_behind_a_switch(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "agencies", focus=key_of(FOCUS))
    (fig,) = figures(at)
    table = shown_table(at, "agencies-peer-table").set_index("指标")
    assert len(panel_titles(fig)) == 6
    assert set(panel_titles(fig)) < set(table.index)
    assert at.query_params["metrics"] in ("key", ["key"])
    at.toggle(key="agencies-all-metrics").set_value(True).run()
    (fig,) = figures(at)
    assert panel_titles(fig) == list(table.index)  # every measure of the table, in its order
    assert at.query_params["metrics"] in ("all", ["all"])
    at = run_app(dash_db, monkeypatch, "agencies", focus=key_of(FOCUS), metrics="all")
    assert at.toggle(key="agencies-all-metrics").value is True
    assert len(panel_titles(figures(at)[0])) == 11


def test_each_panel_band_is_the_peer_tables_quartiles(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "agencies", focus=key_of(FOCUS), metrics="all", scope="all")
    at.checkbox[0].uncheck().run()  # every kind: more peers, a band with a width
    (fig,) = figures(at)
    table = shown_table(at, "agencies-peer-table").set_index("指标")
    p25, median_col, p75 = table.columns[-3:]
    year = int(at.segmented_control(key="agencies-year").value)
    bands = [t for t in fig["data"] if t.get("fill") == "toself"]
    medians = [t for t in fig["data"] if t.get("legendgroup") == "med"]
    assert len(bands) == len(medians) == 11
    wide = 0
    for title, band, median in zip(panel_titles(fig), bands, medians, strict=True):
        row = table.loc[title]
        xs, ys = values(band["x"]), values(band["y"])
        half = len(xs) // 2
        assert xs[:half] == xs[half:][::-1]  # out along p75, back along p25
        hi, lo = ys[xs.index(year)], ys[len(xs) - 1 - xs.index(year)]
        assert (half_up(lo), half_up(hi)) == (row[p25], row[p75]), (title, lo, hi)
        at_year = values(median["x"]).index(year)
        assert half_up(values(median["y"])[at_year]) == row[median_col]
        custom = median["customdata"]
        shape = [int(n) for n in str(custom.get("shape", "-1, 2")).split(",")]
        bounds = np.reshape(values(custom), shape).tolist()
        assert bounds[at_year] == [lo, hi]  # the hover names the band
        wide += lo < hi
    assert wide >= 6
