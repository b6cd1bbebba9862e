"""总览: the filter's headline figures for its latest year, each with the change
from the previous year, and the same figures year by year."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, metrics, static_table, ui
from dashboard import measures as ms
from dashboard.filters import describe

filters = ui.filters()
MEASURES = ms.overview()
table = data.totals_by(filters, ("year",), MEASURES)
if table.empty:
    ui.no_data_for_filter()
    st.stop()

outcomes = [m.name for m in ms.outcome_groups()]
table = metrics.add_shares(table, outcomes, "total__total")
table = metrics.add_appeal_rates(table)
year = int(table["year"].max())
previous = data.totals_by(filters.for_year(year - 1), ("year",), MEASURES)
previous = metrics.add_appeal_rates(metrics.add_shares(previous, outcomes, "total__total"))
now, before = metrics.year_row(table, year), metrics.year_row(previous, year - 1)

names = ms.label_map(MEASURES)
appeal = {g: ms.appeal_label(g) for g in ms.appeal_groups()}
intake = [("n_reports", "已导入年报", False), ("n_agencies", "机关数", False)]
intake += [
    (m.name, m.label, False) for m in ms.intake() if m.name in ("new__total", "total__total")
]
shares = [(f"{m}_pct", f"{names[m]}占比", True) for m in outcomes]
licensing = f"{ms.active_row_label('licensing')}{ms.active_column_label('decisions')}"
cases = [("licensing__decisions", licensing, False)]
cases += [(f"{g}__total", f"{appeal[g]}案件", False) for g in ms.appeal_groups()]
cases += [(f"{g}__rate", f"{appeal[g]}纠错率", True) for g in ms.appeal_groups()]

st.caption(
    f"筛选：{ui.literal(describe(filters, data.agency_names(filters.agencies)))}。"
    f"下列数字为 {year} 年，下方小字为与 {year - 1} 年相比的变化"
    f"（{year - 1} 年按相同筛选条件计算；绿色为向好、红色为变差、灰色为无变化或无好坏之分）。占比的分母为{names['total__total']}；"
    f"纠错率 = {ms.appeal_result_label('corrected')} ÷ 已审结（{ms.appeal_result_label('total')}"
    f" − {ms.appeal_result_label('pending')}）。"
)
for title, specs in (("年报与申请", intake), ("办理结果占比", shares), ("许可、复议与诉讼", cases)):
    st.subheader(title)
    kpis = metrics.kpis(now, before, specs)
    for start in range(0, len(kpis), 4):
        cols = st.columns(4)
        for col, k in zip(cols, kpis[start : start + 4], strict=False):
            col.metric(k.label, k.text(), k.delta_text(), delta_color=k.delta_color, border=True)

st.subheader("逐年变化")
labels = {**names, **{f"{m}_pct": f"{names[m]}占比" for m in outcomes}}
labels.update({n: lab for n, lab, _ in intake + cases})
left, right = st.columns(2)
with left:
    series = [m.name for m in ms.intake()]
    ui.chart(
        ui.figure(charts.lines, table, "year", series, labels, title="收到和处理的申请"),
        table[["year", *series]],
        "overview-intake",
        labels,
    )
with right:
    ui.chart(
        ui.figure(
            charts.stacked_bars, table, "year", outcomes, labels, percent=True, title="办理结果构成"
        ),
        table[["year", *outcomes]],
        "overview-outcomes",
        labels,
    )
columns = ["year"] + [n for n, _, _ in intake + shares + cases]
# A few rows (one a year), read rather than browsed: static HTML, ~0.12 s less of the
# browser's main thread than the data grid on every load of this page.
static_table.show(
    table[columns], "overview-years", labels, percent=tuple(n for n, _, p in shares + cases if p)
)
