"""申请办理结果: the outcome mix by year, level, applicant type and agency;
applications per agency; the backlog carried over to the next year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, metrics, ui
from dashboard import measures as ms

filters = ui.filters()
GROUPS = ms.outcome_groups()
PARTS = [m.name for m in GROUPS]
INTAKE = ms.intake()
LABELS = {**ms.label_map(GROUPS), **ms.label_map(INTAKE)}

by_year = data.totals_by(filters, ("year",), GROUPS + INTAKE)
if by_year.empty or by_year["total__total"].isna().all():
    ui.no_data_for_filter()
    st.stop()

percent = ui.view_toggle("outcomes-view")
summed = "、".join(m.label for m in GROUPS if len(m.keys) > 1)
st.caption(f"办理结果按模板的六类汇总（{summed}为各项之和）；切换“占比”查看每一栏的构成。")

ui.chart(
    ui.figure(charts.stacked_bars, by_year, "year", PARTS, LABELS, percent=percent, title="按年度"),
    metrics.row_shares(by_year[["year", *PARTS]], PARTS, percent),
    "outcomes-by-year" + ("-share" if percent else ""),
    LABELS,
)


def by_level() -> None:
    df = data.totals_by(filters, ("level",), GROUPS)
    ui.chart(
        ui.figure(charts.stacked_bars, df, "level", PARTS, LABELS, percent=percent, title="按层级"),
        metrics.row_shares(df[["level", *PARTS]], PARTS, percent),
        "outcomes-by-level" + ("-share" if percent else ""),
        LABELS,
    )


def by_applicant() -> None:
    applicants = ms.applicant_columns()
    per_col = tuple(m for c in applicants for m in ms.outcome_groups(c.key))
    row = data.totals_by(filters, (), per_col).iloc[0]
    groups = ms.outcome_groups
    mix = pd.DataFrame(
        [
            {
                "applicant": ms.applicant_label(c),
                **{g.name: row[m.name] for g, m in zip(GROUPS, groups(c.key), strict=True)},
            }
            for c in applicants
        ]
    )
    LABELS["applicant"] = "申请人"
    ui.chart(
        ui.figure(
            charts.stacked_bars, mix, "applicant", PARTS, LABELS, percent=percent, horizontal=True
        ),
        metrics.row_shares(mix, PARTS, percent),
        "outcomes-by-applicant" + ("-share" if percent else ""),
        LABELS,
    )


def agencies() -> pd.DataFrame:
    return data.totals_by(filters, ("agency_key",), GROUPS + INTAKE)  # one query, three rankings


def by_agency() -> None:
    n = ui.top_n("outcomes-top")
    top = agencies().nlargest(n, "total__total")
    st.caption(f"办理量最大的 {len(top)} 个机关；悬停可见机关全称与准确件数。")
    ui.chart(
        ui.figure(
            charts.stacked_bars, top, "agency", PARTS, LABELS, percent=percent, horizontal=True
        ),
        metrics.row_shares(top[["agency", "n_reports", *PARTS]], PARTS, percent),
        "outcomes-by-agency" + ("-share" if percent else ""),
        LABELS,
    )


def applications() -> None:
    ranking = agencies().nlargest(ui.top_n("outcomes-top"), "new__total")
    years = by_year["year"].nunique()
    ranking["per_year"] = ranking["new__total"] / ranking["n_reports"]
    LABELS["per_year"] = "平均每份年报"
    span = f"（{by_year['year'].min()}–{by_year['year'].max()} 年 {years} 个年度合计）"
    ui.chart(
        ui.figure(
            charts.ranking_bar,
            ranking,
            "agency",
            "new__total",
            LABELS,
            extra=["n_reports", "per_year"],
            title="本年新收申请最多的机关" + (span if years > 1 else ""),
        ),
        ranking[["agency", "new__total", "n_reports", "per_year"]],
        "outcomes-applications-ranking",
        LABELS,
    )


def backlog() -> None:
    by_year["backlog_pct"] = metrics.pct(
        by_year["carried_out__total"],
        by_year["new__total"] + by_year["carried_in__total"].fillna(0),
    )
    LABELS["backlog_pct"] = "结转率（%）"
    n = ui.top_n("outcomes-top")
    left, right = st.columns(2)
    with left:
        ui.chart(
            ui.figure(
                charts.lines, by_year, "year", ["carried_in__total", "carried_out__total"], LABELS
            ),
            by_year[["year", "carried_in__total", "carried_out__total", "backlog_pct"]],
            "outcomes-backlog-by-year",
            LABELS,
        )
    with right:
        top = agencies().nlargest(n, "carried_out__total")
        ui.chart(
            ui.figure(
                charts.ranking_bar,
                top,
                "agency",
                "carried_out__total",
                LABELS,
                extra=["new__total"],
                title="结转下年度最多的机关",
            ),
            top[["agency", "carried_out__total", "new__total", "carried_in__total"]],
            "outcomes-backlog-agencies",
            LABELS,
        )
    st.caption(
        f"结转率 = {LABELS['carried_out__total']} ÷"
        f"（{LABELS['new__total']} + {LABELS['carried_in__total']}）。"
    )


SECTIONS = {
    "agencies": ("按机关", by_agency),
    "applications": ("申请量排名", applications),
    "level": ("按层级", by_level),
    "applicant": ("按申请人类型", by_applicant),
    "backlog": (LABELS["carried_out__total"], backlog),
}
shown = ui.detail("outcomes-show", {k: v[0] for k, v in SECTIONS.items()}, "agencies")
st.subheader(SECTIONS[shown][0])
SECTIONS[shown][1]()
