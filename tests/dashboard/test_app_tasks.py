"""Issue 15's tasks through AppTest: finding the errors, good and bad directions.

Expected numbers come from the factory's cases (dash_factory), never from the
dashboard's own code.
"""

from __future__ import annotations

import re
import shutil

import dash_factory as factory
import pandas as pd
import pytest
from test_app import figures, key_of, numbers, run_app, shown_table, values

from dashboard.labels import meta_label
from etl.store import loader
from etl.store.publish import Writer
from etl.template import get_template
from etl.template.rules import FINDING_TYPES

BROKEN = next(c for c in factory.REPORTS if c.broken)


def test_report_page_puts_findings_first_and_marks_their_cells(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "report", report=BROKEN.report_id)
    order = [v if isinstance(v := getattr(e, "value", ""), str) else "" for e in at.main]
    first_table = next(i for i, v in enumerate(order) if "xxgk-printed" in str(v))
    assert order.index("问题") < first_table
    assert not at.dataframe  # static tables; the locators' grid only behind its switch
    findings = shown_table(at, f"report-{BROKEN.report_id}-findings")
    meta = pd.concat([shown_table(at, "report-meta-a"), shown_table(at, "report-meta-b")])
    assert dict(zip(meta["项目"], meta["内容"], strict=True))["错误"] == "1"
    assert findings.iloc[0]["级别"] == "错误"
    assert findings.iloc[0]["规则"] == f"R1 {FINDING_TYPES['R1'].title}"
    key = get_template(BROKEN.template_id).table("apply").cell_key("granted", "total")
    printed = factory.values_for(BROKEN)[key][0]
    html = "".join(h.value for h in at.get("html"))
    cell = re.search(r'<td class="v flagged error" title="([^"]*)">([^<]*)</td>', html)
    assert cell, "no flagged cell"
    assert cell.group(2) == f"{printed:.0f}"
    assert f"年报印为 {printed:.0f}，按规则应为 {printed - 1:.0f}" in cell.group(1)
    assert FINDING_TYPES["R1"].title in cell.group(1)
    head = shown_table(at, f"report-{BROKEN.report_id}-locators")
    at.toggle(key=f"report-{BROKEN.report_id}-locators-browse").set_value(True).run()
    (grid,) = at.dataframe  # every value, sortable
    assert len(head) == 20 < len(grid.value)
    assert list(grid.value["字段名称"].head(20)) == list(head["字段名称"])
    assert printed in set(grid.value["数值"])


def test_error_filters_keep_only_reports_with_errors(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "quality")
    at.toggle(key="quality-errors").set_value(True).run()
    assert list(shown_table(at, "quality-reports")[meta_label("agency")]) == [BROKEN.agency]
    at = run_app(dash_db, monkeypatch, "report")
    at.toggle(key="report-errors").set_value(True).run()
    assert at.selectbox(key="report-pick").options == [f"{BROKEN.agency} · 2024 · 模板 2021"]


def test_delta_colours_follow_the_meaning(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch)
    colors = {m.label: m.proto.color for m in at.metric}
    kinds = {m.label: m.proto for m in at.metric}
    withheld = next(label for label in colors if label.startswith("不予公开"))
    granted = next(label for label in colors if label.startswith("予以公开"))
    applications = next(label for label in colors if "申请" in label and "占比" not in label)
    enum = kinds[withheld].DESCRIPTOR.fields_by_name["color"].enum_type.values_by_number
    color = {label: enum[c].name for label, c in colors.items()}
    direction = {label: m.proto.direction for label, m in zip(colors, at.metric, strict=True)}
    up_down = kinds[withheld].DESCRIPTOR.fields_by_name["direction"].enum_type.values_by_number
    # 不予公开占比: a rise is red, a fall green; 予以公开占比 the other way; 申请量 grey
    w_up = up_down[direction[withheld]].name == "UP"
    assert color[withheld] == ("RED" if w_up else "GREEN"), (color[withheld], w_up)
    g_up = up_down[direction[granted]].name == "UP"
    assert color[granted] == ("GREEN" if g_up else "RED")
    assert color[applications] == "GRAY"


def test_agencies_ranked_by_a_rate_with_a_volume_guard(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "ranking")
    at.selectbox(key="rank-by").set_value("withheld__total_pct").run()
    at.selectbox(key="rank-year").set_value(2024).run()
    at.number_input(key="rank-min").set_value(0).run()
    table = shown_table(at, "ranking-withheld__total_pct-2024-all")
    rate_col = next(c for c in table.columns if c.endswith("率（%）"))

    def rate(case):
        v = factory.values_for(case)
        withheld = sum(
            x for k, (x, _) in v.items() if k.startswith("apply.withheld_") and k.endswith(".total")
        )
        return withheld / v["apply.total.total"][0] * 100

    cases = [c for c in factory.select(year=2024) if 3 in c.parts]
    want = sorted(((rate(c), c.agency) for c in cases), reverse=True)
    got = list(zip(numbers(table[rate_col]), table[meta_label("agency")], strict=True))
    assert [a for _, a in got] == [a for _, a in want]
    assert [r for r, _ in got] == [pytest.approx(r, abs=0.05) for r, _ in want]
    assert list(table["名次"]) == list(range(1, len(want) + 1))
    handled = {c.agency: factory.values_for(c)["apply.total.total"][0] for c in cases}
    floor = sorted(handled.values())[len(handled) // 2]
    at.number_input(key="rank-min").set_value(int(floor)).run()
    kept = set(shown_table(at, "ranking-withheld__total_pct-2024-all")[meta_label("agency")])
    assert kept == {a for a, h in handled.items() if h >= floor}


def test_no_clutter_zero_bars_or_one_year_sums(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "denials", show="agencies")  # the per-reason ranking
    at.number_input(key="denials-min").set_value(1).run()
    bars = [f for f in figures(at) if f["data"] and f["data"][0].get("orientation") == "h"]
    ranking = bars[-1]
    assert len(bars) == 2, "the distribution, then the per-reason ranking"
    assert all(x > 0 for x in values(ranking["data"][0]["x"]))
    one_year = {"from": "2024", "to": "2024", "show": "applications"}  # the ranking's section
    at = run_app(dash_db, monkeypatch, "outcomes", **one_year)
    titles = [
        str(f["layout"].get("title", {}).get("text", ""))
        + str(f["layout"].get("title", {}).get("subtitle", {}).get("text", ""))
        for f in figures(at)
    ]
    assert any(t.startswith("本年新收申请最多的机关") for t in titles), titles
    assert not [t for t in titles if "1 个年度" in t], titles


def test_peers_of_the_same_function_span_levels(dash_db, tmp_path, monkeypatch):
    db = tmp_path / "police.duckdb"
    shutil.copy(dash_db, db)
    police = [
        factory.Case("乙市公安局", "甲省", "乙市", "", factory.CITY, factory.DEPT, 2024),
        factory.Case("丙县公安局", "甲省", "乙市", "丙县", factory.COUNTY, factory.DEPT, 2024),
        factory.Case("戊市公安局", "丁省", "戊市", "", factory.CITY, factory.DEPT, 2024),
    ]
    with Writer(db) as writer:
        for case in police:
            loader.load_report(writer.con, factory.record(case))
        writer.changed()
    at = run_app(db, monkeypatch, "agencies", focus=key_of("乙市公安局"))
    at.selectbox(key="agencies-scope").set_value("function_province").run()
    assert not at.exception, [e.message for e in at.exception]
    table = shown_table(at, "agencies-peer-table").set_index("指标")
    assert table.iloc[0]["同类机关数"] == 2  # both 公安局 of 甲省, city and county
    at.selectbox(key="agencies-scope").set_value("function_all").run()
    table = shown_table(at, "agencies-peer-table").set_index("指标")
    assert table.iloc[0]["同类机关数"] == 3


def test_page_settings_live_in_the_url(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "outcomes", view="share", top="10")
    assert at.segmented_control(key="outcomes-view").value == "占比（100%）"
    assert at.segmented_control(key="outcomes-top").value == 10
    assert not at.warning or all("Session State" not in w.value for w in at.warning)
    at.segmented_control(key="outcomes-view").set_value("件数（堆叠）").run()
    assert at.query_params["view"] in ("count", ["count"])
    focus = key_of("乙市行政审批局")
    at = run_app(dash_db, monkeypatch, "agencies", focus=focus, year="2022", scope="province")
    assert at.segmented_control(key="agencies-year").value == 2022
    assert at.selectbox(key="agencies-scope").value == "province"
    assert at.query_params["year"] in ("2022", ["2022"])
    at.selectbox(key="agencies-scope").set_value("all").run()
    assert at.query_params["scope"] in ("all", ["all"])


def test_share_mode_exports_shares(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "outcomes", view="share")
    names = [b.proto.label for b in at.get("download_button")]
    assert names  # the share charts' downloads are their own files
    keys = [b.proto.id for b in at.get("download_button")]
    assert any("outcomes-by-year-share" in k for k in keys), keys


def test_a_ranking_link_keeps_its_measure_and_year(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "ranking", by="withheld__total_pct", year="2023")
    assert at.selectbox(key="rank-by").value == "withheld__total_pct"
    assert at.selectbox(key="rank-year").value == 2023
    at.selectbox(key="rank-year").set_value(2024).run()
    assert at.query_params["year"] in ("2024", ["2024"])
    assert at.query_params["by"] in ("withheld__total_pct", ["withheld__total_pct"])
