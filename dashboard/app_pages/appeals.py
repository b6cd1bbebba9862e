"""复议与诉讼: part 四 — cases by result, correction rates, pending cases, trend,
the agencies with the most corrected cases, and cases per 100 applications."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, metrics, ui
from dashboard import measures as ms

filters = ui.filters()
CELLS = ms.appeal_cells()
NEW = ms.intake()[0]
MEASURES = (*CELLS, NEW)
GROUPS = ms.appeal_groups()
RESULTS = [c.key for c in ms.appeal_results()]
LABELS = ms.label_map(MEASURES)
LABELS |= {f"{g}__rate": f"{ms.appeal_label(g)}纠错率" for g in GROUPS}
LABELS |= {f"{g}__total": f"{ms.appeal_label(g)}案件" for g in GROUPS}
LABELS |= {
    "all__rate": "总体纠错率",
    "all__total": "复议诉讼案件合计",
    "all__corrected": "纠正合计",
}
LABELS |= {
    "all__pending": f"{ms.appeal_result_label('pending')}合计",
    "cases_per_100": "每百件申请的复议诉讼案件",
    "group": "类别",
}
CORRECTED = ms.appeal_result_label("corrected")
PENDING = ms.appeal_result_label("pending")

total = metrics.add_appeal_rates(data.totals_by(filters, (), MEASURES))
if total.empty or pd.isna(total["all__total"].iloc[0]):
    ui.no_data_for_filter()
    st.stop()

st.caption(
    f"纠错率 = {CORRECTED} ÷ 已审结（{ms.appeal_result_label('total')} − {PENDING}）；"
    f"每百件申请的案件 = 三类案件合计 ÷ {NEW.label} × 100。"
)
row = total.iloc[0]
cols = st.columns(4)
cols[0].metric(LABELS["all__total"], f"{row['all__total']:,.0f}", border=True)
cols[1].metric(LABELS["all__rate"], f"{metrics.fixed(row['all__rate'])}%", border=True)
cols[2].metric(LABELS["all__pending"], f"{row['all__pending']:,.0f}", border=True)
cols[3].metric(LABELS["cases_per_100"], metrics.fixed(row["cases_per_100"], 2), border=True)

st.subheader("按结果")
results = [r for r in RESULTS if r != "total"]
mix = pd.DataFrame(
    [{"group": ms.appeal_label(g), **{r: row[ms.wide_name(g, r)] for r in results}} for g in GROUPS]
)
result_labels = {r: ms.appeal_result_label(r) for r in results} | {"group": "类别"}
percent = ui.view_toggle("appeals-view")
ui.chart(
    ui.figure(
        charts.stacked_bars, mix, "group", results, result_labels, percent=percent, horizontal=True
    ),
    metrics.row_shares(mix, results, percent),
    "appeals-by-result" + ("-share" if percent else ""),
    result_labels,
)


def trend() -> None:
    by_year = metrics.add_appeal_rates(data.totals_by(filters, ("year",), MEASURES))
    left, right = st.columns(2)
    with left:
        series = [f"{g}__total" for g in GROUPS]
        ui.chart(
            ui.figure(charts.lines, by_year, "year", series, LABELS, title="案件数"),
            by_year[["year", *series, "all__pending"]],
            "appeals-cases-by-year",
            LABELS,
        )
    with right:
        rates = [f"{g}__rate" for g in GROUPS] + ["all__rate"]
        ui.chart(
            ui.figure(
                charts.lines,
                by_year,
                "year",
                rates,
                LABELS,
                y_title="纠错率（%）",
                percent=True,
                title="纠错率",
            ),
            by_year[["year", *rates]],
            "appeals-rates-by-year",
            LABELS,
        )


def by_level() -> None:
    df = metrics.add_appeal_rates(data.totals_by(filters, ("level",), MEASURES))
    ui.chart(
        ui.figure(
            charts.ranking_bar,
            df,
            "level",
            "cases_per_100",
            LABELS,
            extra=["all__total", NEW.name],
            title="每百件申请的复议诉讼案件（按层级）",
        ),
        df[["level", "cases_per_100", "all__total", NEW.name, "all__rate"]],
        "appeals-per-100-by-level",
        LABELS,
    )


def by_agency() -> None:
    agencies = metrics.add_appeal_rates(data.totals_by(filters, ("agency_key",), MEASURES))
    n = ui.top_n("appeals-top")
    left, right = st.columns(2)
    with left:
        top = agencies.sort_values(["all__corrected", "all__total"], ascending=False).head(n)
        top = top[top["all__corrected"] > 0]
        if top.empty:
            ui.empty(f"当前筛选下没有{CORRECTED}的案件。")
        else:
            ui.chart(
                ui.figure(
                    charts.ranking_bar,
                    top,
                    "agency",
                    "all__corrected",
                    LABELS,
                    extra=["all__total"],
                    title=f"{CORRECTED}最多的机关",
                ),
                top[["agency", "all__corrected", "all__total", "all__rate"]],
                "appeals-most-corrected",
                LABELS,
            )
    with right:
        floor = st.number_input(
            f"只看{NEW.label}不少于（件）", min_value=1, value=50, step=10, key="appeals-min"
        )
        dense = agencies[agencies[NEW.name] >= floor]
        dense = dense.sort_values("cases_per_100", ascending=False).head(n)
        if dense.empty:
            ui.empty("没有机关达到这个申请量，请调低门槛。")
        else:
            ui.chart(
                ui.figure(
                    charts.ranking_bar,
                    dense,
                    "agency",
                    "cases_per_100",
                    LABELS,
                    extra=["all__total", NEW.name],
                    title="每百件申请的案件最多的机关",
                ),
                dense[["agency", "cases_per_100", "all__total", NEW.name]],
                "appeals-per-100-agencies",
                LABELS,
            )


SECTIONS = {
    "trend": ("逐年变化", trend),
    "level": ("按层级", by_level),
    "agencies": ("按机关", by_agency),
}
shown = ui.detail("appeals-show", {k: v[0] for k, v in SECTIONS.items()}, "trend")
st.subheader(SECTIONS[shown][0])
SECTIONS[shown][1]()
