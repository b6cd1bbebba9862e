"""机关排名: every agency ranked by a rate (or a volume) for one year under the filter,
with a minimum-volume guard so that two applications do not make a 100 % rate."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, metrics, static_table, ui
from dashboard import measures as ms

filters = ui.filters()
GROUPS = ms.outcome_groups()
INTAKE = ms.intake()
NEW, CARRIED_IN, HANDLED, CARRIED_OUT = (m.name for m in INTAKE)
LICENSING = ms.by_name(ms.active_cells())["licensing__decisions"]
MEASURES = (*INTAKE, *GROUPS, *ms.appeal_cells(), LICENSING)
LABELS = ms.label_map(MEASURES)
LABELS |= {
    "all__total": "复议诉讼案件",
    "all__concluded": "已审结复议诉讼案件",
    "all__corrected": f"复议诉讼{ms.appeal_result_label('corrected')}案件",
}
#: name → (label, numerator, denominator or None for a volume)
RATES: dict[str, tuple[str, str, str | None]] = {
    f"{g.name}_pct": (f"{g.label}率", g.name, HANDLED) for g in GROUPS
}
RATES["all__rate"] = ("纠错率", "all__corrected", "all__concluded")
RATES["carried_out_pct"] = (f"{LABELS[CARRIED_OUT]}率", CARRIED_OUT, "intake_total")
RATES[LICENSING.name] = (LICENSING.label, LICENSING.name, None)
RATES[NEW] = (LABELS[NEW], NEW, None)
LABELS["intake_total"] = f"{LABELS[NEW]} + {LABELS[CARRIED_IN]}"
#: name → the measures its ranking sums: only those (at 10^6 reports, summing all 39 keys
#: per agency for a year took 4–5× the processor time of the two a rate needs)
BY_NAME = ms.by_name(MEASURES)
NEEDS: dict[str, tuple[ms.Measure, ...]] = {f"{g.name}_pct": (g, BY_NAME[HANDLED]) for g in GROUPS}
NEEDS["all__rate"] = ms.appeal_cells()
NEEDS["carried_out_pct"] = (BY_NAME[NEW], BY_NAME[CARRIED_IN], BY_NAME[CARRIED_OUT])
NEEDS[LICENSING.name] = (LICENSING,)
NEEDS[NEW] = (BY_NAME[NEW],)

years = data.available_years()
years = [y for y in years if (filters.year_from or y) <= y <= (filters.year_to or y)]
if not years:
    ui.no_data_for_filter()
    st.stop()
left, mid, right = st.columns([2, 1, 1])
# the measure and year live in the URL (by=, year=), so a shared link reopens this ranking
ui.url_seed("rank-by", "by", list(RATES))
rate = left.selectbox("排名指标", list(RATES), format_func=lambda r: RATES[r][0], key="rank-by")
ui.url_keep("by", rate)
if st.session_state.get("rank-year") not in years:
    st.session_state.pop("rank-year", None)
ui.url_seed("rank-year", "year", years)
year = mid.selectbox("年度", years[::-1], key="rank-year")
ui.url_keep("year", year)
label, numerator, denominator = RATES[rate]
guard = denominator or numerator
min_volume = right.number_input(
    f"{LABELS[guard]}不少于（件）", min_value=0, value=30 if denominator else 0, step=10,
    key="rank-min",
)  # fmt: skip

rows = data.totals_by(filters.for_year(year), ("agency_key",), NEEDS[rate])
if rows.empty:
    ui.no_data_for_filter()
    st.stop()
if rate == "all__rate":
    rows = metrics.add_appeal_rates(rows)
    rows["all__concluded"] = rows["all__total"] - rows["all__pending"].fillna(0)
if rate == "carried_out_pct":
    rows["intake_total"] = rows[[NEW, CARRIED_IN]].sum(axis=1, min_count=1)
rows[rate] = metrics.pct(rows[numerator], rows[denominator]) if denominator else rows[numerator]
ranked = rows[rows[guard].fillna(0) >= min_volume].dropna(subset=[rate])
ranked = ranked.sort_values([rate, guard], ascending=False, ignore_index=True)
ranked.insert(0, "rank", range(1, len(ranked) + 1))
left_out = len(rows) - len(ranked)
st.caption(
    f"{year} 年，当前筛选下 {len(rows):,} 个机关，其中 {len(ranked):,} 个{LABELS[guard]}"
    f"不少于 {min_volume:,} 件参与排名（{left_out:,} 个因量太小或没有数据未排名）。"
    + (f"{label} = {LABELS[numerator]} ÷ {LABELS[denominator]}。" if denominator else "")
)
if ranked.empty:
    ui.empty("没有机关达到这个量，请调低门槛。")
    st.stop()
columns = list(
    dict.fromkeys(["rank", "agency", rate, numerator, *([denominator] if denominator else [])])
)  # a volume ranks by its own numerator
names = LABELS | {rate: f"{label}（%）" if denominator else label, "rank": "名次"}
n = ui.top_n("rank-top", 30)
ui.chart(
    ui.figure(charts.ranking_bar,
        ranked.head(n), "agency", rate, names, percent=bool(denominator),
        extra=[c for c in columns[3:]],
    ),
    ranked.head(n)[columns],
    f"ranking-{rate}-{year}",
    names,
)  # fmt: skip
# The ranked list's head as static HTML, every agency behind a switch (the data grid cost
# the browser ~0.15 s on every load of this page) and in the downloads.
static_table.listing(
    pd.DataFrame(ranked[columns]),
    f"ranking-{rate}-{year}-all",
    names,
    order=f"按{label}从高到低排列",
    head=n,
    percent=(rate,) if denominator else (),
    grid={
        "column_config": ui.number_columns(columns[2:], percent=(rate,) if denominator else ()),
        "height": 420,
    },
)
