"""机关对比: one agency against its peers (same level, same city or province) and
against its own past years — rank, small multiples, and a peer quartile table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, data, metrics, peer_charts, peer_stats, picker, static_table, ui
from dashboard import measures as ms
from dashboard.brief.content import Subject
from dashboard.brief_buttons import brief_downloads
from dashboard.filters import Filters
from dashboard.labels import meta_label
from etl.template import LEVELS

filters = ui.filters()
GROUPS = ms.outcome_groups()
INTAKE = ms.intake()
LICENSING = ms.by_name(ms.active_cells())["licensing__decisions"]
MEASURES = (*INTAKE, *GROUPS, *ms.appeal_cells(), LICENSING)
LABELS = ms.label_map(MEASURES)
for g in ("granted", "withheld", "unable", "rejected"):
    LABELS[f"{g}__total_pct"] = f"{LABELS[f'{g}__total']}率（%）"
LABELS |= {"all__total": "复议诉讼案件", "all__rate": "纠错率（%）"}
LABELS |= {"cases_per_100": "每百件申请的复议诉讼案件"}
METRICS = [
    "new__total", "total__total", "granted__total_pct", "withheld__total_pct",
    "unable__total_pct", "rejected__total_pct", "carried_out__total", "all__total",
    "all__rate", "cases_per_100", "licensing__decisions",
]  # fmt: skip
#: The small multiples show these by default (a switch shows all of METRICS): each panel
#: costs the browser a draw, and 11 panels made this the slowest page (1.9 s at 10⁵).
KEY_METRICS = [
    "new__total", "granted__total_pct", "withheld__total_pct", "unable__total_pct",
    "all__total", "all__rate",
]  # fmt: skip
PARAM = "focus"

top_left, top_right = st.columns(2)  # compact: the peer table above the fold
search = top_left.text_input(
    "查找机关", placeholder=f"输入{meta_label('agency')}的一部分", key="agencies-search"
).strip()
options = data.agency_options(filters.without_agencies(), search, 500)
names = dict(zip(options["agency_key"], options["agency"], strict=True))
wanted = st.query_params.get(PARAM) or (filters.agencies[0] if filters.agencies else None)
stale = False
if wanted and wanted not in names and not search:  # a new search drops the old target
    known = data.agency_names((wanted,))
    stale = not known
    names = known | names
if not names:
    if stale:
        picker.stale_notice("机关", wanted or "")
    ui.empty("没有符合条件的机关。请修改查找内容或左侧的筛选条件。")
    st.stop()
with top_right:
    focus = picker.pick(
        label=meta_label("agency"),
        key="agencies-focus",
        param=PARAM,
        search=search,
        choices=names,
        wanted=wanted,
        stale=stale,
        noun="机关",
    )
if focus is None:
    st.stop()
profile = data.agency_profile(focus).iloc[0]

place = [v for v in (profile["province"], profile["city"], profile["county"]) if v]
st.caption(" · ".join(map(str, [profile["level"] or "层级不明", profile["kind"] or "", *place])))
TOWNSHIP = LEVELS[-1]
function = peer_stats.organ_function(profile["agency"], tuple(place), profile["level"] == TOWNSHIP)
scopes = {
    "county": "同层级 · 同区县",
    "city": "同层级 · 同城市",
    "province": "同层级 · 同省份",
    "all": "同层级 · 全部",
    "function_province": f"同职能（{function}）· 同省份",
    "function_all": f"同职能（{function}）· 全部",
}
available = [s for s in scopes if s.split("_")[-1] == "all" or profile[s.removeprefix("function_")]]
# one row of settings (peers, year, kind), so the peer table is above the fold at 1280×720
scope_col, year_col, kind_col = st.columns([5, 4, 3], vertical_alignment="bottom")
seeded = ui.url_seed("agencies-scope", "scope", available)
scope_kwargs: dict[str, Any] = (
    {} if seeded else {"index": available.index("city") if "city" in available else 0}
)
scope = scope_col.selectbox(
    "同类机关", available, format_func=scopes.__getitem__, key="agencies-scope", **scope_kwargs
)
ui.url_keep("scope", scope)
same_function = scope.startswith("function_")
where = scope.removeprefix("function_")
same_kind = kind_col.checkbox(f"只比较同{meta_label('kind')}的机关", value=True)
peers = Filters(
    year_from=filters.year_from,
    year_to=filters.year_to,
    levels=(profile["level"],) if profile["level"] and not same_function else (),
    provinces=(profile["province"],) if where == "province" else (),
    cities=(profile["city"],) if where == "city" else (),
    counties=(profile["county"],) if where == "county" else (),
    kinds=(profile["kind"],) if same_kind and profile["kind"] else (),
)
rows = data.totals_by(peers, ("agency_key", "year"), MEASURES)
if same_function:  # the organ's place read off its own name, as for the focus
    places = data.agency_places(tuple(rows["agency_key"].unique()))
    rows = rows[
        [
            peer_stats.organ_function(
                a, places.get(k, ())[:3], places.get(k, ())[3:] == (TOWNSHIP,)
            )
            == function
            for k, a in zip(rows["agency_key"], rows["agency"], strict=True)
        ]
    ]
if focus not in set(rows["agency_key"]):
    mine = Filters(year_from=filters.year_from, year_to=filters.year_to, agencies=(focus,))
    rows = pd.concat([rows, data.totals_by(mine, ("agency_key", "year"), MEASURES)])
rows = metrics.add_appeal_rates(metrics.add_shares(rows, [m.name for m in GROUPS], "total__total"))
stats = peer_stats.peer_stats(rows, focus, METRICS)
own_years = sorted(rows.loc[rows["agency_key"] == focus, "year"].astype(int))
if not own_years:
    ui.empty("该机关在所选年度范围内没有年报。请调整左侧的年度范围。")
    st.stop()

year = own_years[-1]
if len(own_years) > 1:
    seeded = ui.url_seed("agencies-year", "year", own_years)
    if st.session_state.get("agencies-year") not in own_years:
        st.session_state.pop("agencies-year", None)
        seeded = False
    kwargs: dict[str, Any] = {} if seeded else {"default": year}
    # buttons, not a slider: the slider's first draw cost the browser ~0.05 s a load
    picked = year_col.segmented_control(
        "对比年度", own_years, key="agencies-year", required=True, **kwargs
    )
    year = int(picked) if picked is not None else year
    ui.url_keep("year", year)
table = stats[stats["year"] == year].copy()
table["metric"] = table["metric"].map(LABELS)
table["rank"] = [
    f"{int(r)} / {n}" if pd.notna(r) else "—"
    for r, n in zip(table["rank"], table["peer_n"], strict=True)
]
table[["value", "peer_p25", "peer_median", "peer_p75"]] = table[
    ["value", "peer_p25", "peer_median", "peer_p75"]
].map(metrics.half_up)
n_peers = rows.loc[rows["year"] == year, "agency_key"].nunique() - 1
st.subheader(f"{year} 年与 {n_peers} 个同类机关相比")
static_table.show(table.drop(columns=["year"]), "agencies-peer-table")
st.caption("排名按数值从高到低（1 = 最高）；四分位数不含该机关本身。")
brief_downloads(Subject(int(year), agency_key=focus), names.get(focus, focus), "agencies")


def trends() -> None:
    seeded = ui.url_seed("agencies-all-metrics", "metrics", {"all": True, "key": False})
    kwargs: dict[str, Any] = {} if seeded else {"value": False}
    every = st.toggle(
        f"全部指标（{len(METRICS)} 项）",
        key="agencies-all-metrics",
        help=f"默认显示 {len(KEY_METRICS)} 项主要指标；打开后显示全部 {len(METRICS)} 项。",
        **kwargs,
    )
    ui.url_keep("metrics", "all" if every else "key")
    shown = METRICS if every else KEY_METRICS
    part = stats[stats["metric"].isin(shown)]
    ui.chart(
        ui.figure(
            peer_charts.peer_small_multiples, part, shown, LABELS, str(names.get(focus, focus))
        ),
        part.assign(metric=part["metric"].map(LABELS)),
        "agencies-small-multiples",
    )


def applications() -> None:
    ranking = rows[rows["year"] == year].sort_values("new__total", ascending=False).head(30)
    if focus not in set(ranking["agency_key"]):
        mine = rows[(rows["year"] == year) & (rows["agency_key"] == focus)]
        ranking = pd.concat([ranking, mine])
    ui.chart(
        ui.figure(
            charts.ranking_bar,
            ranking,
            "agency",
            "new__total",
            LABELS,
            extra=["total__total"],
            highlight=names.get(focus),
        ),
        ranking[["agency", "new__total", "total__total"]],
        "agencies-peer-ranking",
        LABELS,
    )


SECTIONS = {"trends": ("历年走势与同类机关", trends), "applications": ("申请量排名", applications)}
shown = ui.detail("agencies-show", {k: v[0] for k, v in SECTIONS.items()}, "trends")
st.subheader(SECTIONS[shown][0])
SECTIONS[shown][1]()
