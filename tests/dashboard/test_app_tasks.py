"""Issue 15's tasks through AppTest: finding the errors, good and bad directions.

Expected numbers come from the factory's cases (dash_factory), never from the
dashboard's own code.
"""

from __future__ import annotations

import re

import dash_factory as factory
from test_app import run_app

from dashboard.labels import meta_label
from etl.template import get_template
from etl.template.rules import FINDING_TYPES

BROKEN = next(c for c in factory.REPORTS if c.broken)


def test_report_page_puts_findings_first_and_marks_their_cells(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "report", report=BROKEN.report_id)
    order = [v if isinstance(v := getattr(e, "value", ""), str) else "" for e in at.main]
    first_table = next(i for i, v in enumerate(order) if "xxgk-printed" in str(v))
    assert order.index("问题") < first_table
    findings = at.dataframe[2].value  # after the two metadata tables
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


def test_error_filters_keep_only_reports_with_errors(dash_db, monkeypatch):
    at = run_app(dash_db, monkeypatch, "quality")
    at.toggle(key="quality-errors").set_value(True).run()
    assert list(at.dataframe[0].value[meta_label("agency")]) == [BROKEN.agency]
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
