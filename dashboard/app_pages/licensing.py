"""Licensing and enforcement: part 二 — licensing, penalty and coercion decisions, fees, and
regulations / normative documents issued, repealed and in force; by year, level,
region and agency. Fields of both templates are shown where they exist."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, metrics, static_table, ui
from dashboard import measures as ms
from etl.template import split_wide

filters = ui.filters()
ACTIVE = ms.active_cells()
BY_NAME = ms.by_name(ACTIVE)
TEMPLATES = ms.active_templates()
LABELS = ms.label_map(ACTIVE)
DECISIONS = [m.name for m in ACTIVE if split_wide(m.name)[1] == "decisions"]
DOCS = ("regulations", "normative_docs")
TEMPLATE_NOTE = "每个栏目只画在其模板为当年多数年报所用模板的年度。"


def names_of(template: str, rows: tuple[str, ...]) -> list[str]:
    """Measure names of the given part-二 rows that this template prints."""
    return [
        m.name for m in ACTIVE if template in TEMPLATES[m.name] and split_wide(m.name)[0] in rows
    ]


by_year = data.totals_by(filters, ("year",), ACTIVE)
if by_year.empty or by_year[list(LABELS)].isna().all().all():
    ui.no_data_for_filter()
    st.stop()

st.caption(
    "第二部分（主动公开）的数字按年报原样汇总；2019 年版和 2021 年版模板的栏目不同，"
    "只有一个版本印有的栏目只计该版本的年报，" + TEMPLATE_NOTE + "悬停查看准确数字。"
)
st.subheader(ms.active_column_label("decisions"))
DECIDED = tuple(BY_NAME[d] for d in DECISIONS)
# each line only in the years its template is the template of (some rows only 2019's prints)
years_of = metrics.template_years(data.totals_by(filters, ("year", "template"), DECIDED))
plotted = metrics.only_template_years(by_year, DECISIONS, TEMPLATES, years_of)
ui.chart(
    ui.figure(charts.lines, plotted, "year", DECISIONS, LABELS, title="逐年"),
    plotted[["year", "n_reports", *DECISIONS]],
    "licensing-decisions-by-year",
    LABELS,
)


def by_level() -> None:
    df = data.totals_by(filters, ("level",), DECIDED)
    ui.chart(
        ui.figure(charts.stacked_bars, df, "level", DECISIONS, LABELS, title="按层级"),
        df[["level", "n_reports", *DECISIONS]],
        "licensing-decisions-by-level",
        LABELS,
    )


def by_region() -> None:
    region = filters.region_level()
    df = data.totals_by(filters, (region,), DECIDED, order_by=DECISIONS[0], limit=40)
    df[region] = df[region].fillna("").replace("", "（无）")
    ui.chart(
        ui.figure(
            charts.stacked_bars, df, region, DECISIONS, LABELS, horizontal=True, title="按地区"
        ),
        df[[region, "n_reports", *DECISIONS]],
        "licensing-decisions-by-region",
        LABELS,
    )


def by_agency() -> None:
    pick = st.selectbox(
        "指标", [m.name for m in ACTIVE], format_func=lambda n: LABELS[n], key="licensing-measure"
    )
    n = ui.top_n("licensing-top")
    ranking = data.totals_by(filters, ("agency_key",), (BY_NAME[pick],), order_by=pick, limit=n)
    ranking = ranking[ranking[pick].notna()]
    if ranking.empty:
        ui.empty("当前筛选下没有年报填报这一栏（它可能只在另一版本的模板中出现）。")
        return
    ui.chart(
        ui.figure(charts.ranking_bar, ranking, "agency", pick, LABELS, extra=["n_reports"]),
        ranking[["agency", pick, "n_reports"]],
        "licensing-agency-ranking",
        LABELS,
    )


def per_template(rows: tuple[str, ...], slug: str) -> None:
    """The rows' lines, one chart per template, each only in its template's years."""
    by_template = data.totals_by(filters, ("year", "template"), ACTIVE)
    years_of = metrics.template_years(by_template)
    left, right = st.columns(2)
    for col, template in zip((left, right), ("2021", "2019"), strict=True):
        names = names_of(template, rows)
        sub = by_template[
            (by_template["template"] == template)
            & by_template["year"].isin(years_of.get(template, []))
        ]
        sub = sub[sub[names].notna().any(axis=1)] if names else sub.iloc[0:0]
        with col:
            if sub.empty:
                st.caption(f"当前筛选下没有以 {template} 年版模板为主的年度。")
                continue
            ui.chart(
                ui.figure(
                    charts.lines,
                    sub,
                    "year",
                    names,
                    LABELS,
                    y_title="",
                    title=f"{template} 年版模板",
                    counts="n_reports",
                ),
                sub[["year", "n_reports", *names]],
                f"licensing-{slug}-{template}",
                LABELS,
            )
    st.caption(TEMPLATE_NOTE + "悬停可见每个点汇总了多少份年报。")


DOC_LABEL = f"{ms.active_row_label(DOCS[0])}和{ms.active_row_label(DOCS[1])}"
SECTIONS = {
    "agencies": ("按机关", by_agency),
    "level": ("按层级", by_level),
    "region": ("按地区", by_region),
    "documents": (DOC_LABEL, lambda: per_template(DOCS, "documents")),
    "fees": (ms.active_row_label("fees"), lambda: per_template(("fees",), "fees")),
}
shown = ui.detail("licensing-show", {k: v[0] for k, v in SECTIONS.items()}, "agencies")
st.subheader(SECTIONS[shown][0])
SECTIONS[shown][1]()

st.subheader("全部栏目（逐年合计）")
columns = ["year", "n_reports", *LABELS]
# one row a year: static HTML (the data grid cost the browser ~0.12 s on every load)
static_table.show(by_year[columns], "licensing-all-fields", LABELS)
