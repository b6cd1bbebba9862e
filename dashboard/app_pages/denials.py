"""Denial reasons: the 8 withheld reasons, 3 unable, 5 not-processed and the
other-processing rows — distribution, trend, which agencies rely on which reason, outliers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, metrics, peer_charts, peer_stats, ui
from dashboard import measures as ms

filters = ui.filters()
REASONS = ms.reasons()
HANDLED = ms.intake()[2]
OTHER = ms.outcome_groups()[-1]
DENIED = ms.denied()
LABELS = {**ms.label_map(REASONS), **ms.label_map((HANDLED, OTHER, DENIED))}
UNSPLIT = "other_unsplit"
LABELS[UNSPLIT] = f"{OTHER.label}（未细分）"
LABELS |= {"count": "件数", "median_pct": "各机关中位数（%）", "fence_pct": "异常线（%）"}
NAMES = [m.name for m in REASONS]
MAX_ROWS = 200
SUBS = [m.name for m in REASONS if ms.reason_group(m) == OTHER.label]

total = data.totals_by(filters, (), (*REASONS, HANDLED, OTHER))
if total.empty or pd.isna(total["total__total"].iloc[0]):
    ui.no_data_for_filter()
    st.stop()


def with_unsplit(df: pd.DataFrame) -> pd.DataFrame:
    """Other processing not split into the 2021 sub-rows (2019 template, or one printed row)."""
    out = df.copy()
    out[UNSPLIT] = out[OTHER.name].fillna(0) - out[SUBS].fillna(0).sum(axis=1)
    return out


total = with_unsplit(total)
rows = [*NAMES, UNSPLIT]
dist = pd.DataFrame(
    {
        "reason": [LABELS[n] for n in rows],
        "group": [ms.reason_group(m) for m in REASONS] + [OTHER.label],
        "count": [total[n].iloc[0] for n in rows],
    }
)
dist["share_pct"] = metrics.pct(dist["count"].astype(float), float(total["total__total"].iloc[0]))
st.caption(
    f"占比的分母为{HANDLED.label}（{total['total__total'].iloc[0]:,.0f} 件）。"
    f"“{LABELS[UNSPLIT]}”是 2019 年版模板（或只印一行的年报）中无法细分的{OTHER.label}。"
)
st.subheader("原因分布")
ui.chart(
    ui.figure(
        charts.ranking_bar,
        dist,
        "reason",
        "count",
        LABELS | {"reason": "原因"},
        extra=["share_pct"],
        color="group",
    ),
    dist,
    "denials-distribution",
    LABELS | {"group": "类别"},
)


def trend() -> None:
    groups = list(dict.fromkeys(dist["group"]))
    group = (
        st.segmented_control("类别", groups, default=groups[0], key="denials-group") or groups[0]
    )
    by_year = with_unsplit(data.totals_by(filters, ("year",), (*REASONS, HANDLED, OTHER)))
    series = [n for n, g in zip(rows, dist["group"], strict=True) if g == group]
    for n in series:
        by_year[f"{n}_pct"] = metrics.pct(by_year[n], by_year["total__total"])
    pct_labels = {f"{n}_pct": LABELS[n] for n in series}
    ui.chart(
        ui.figure(
            charts.lines,
            by_year,
            "year",
            [f"{n}_pct" for n in series],
            pct_labels | {"year": "年度"},
            y_title=f"占{HANDLED.label}（%）",
            percent=True,
        ),
        by_year[["year", "total__total", *series]],
        "denials-trend",
        LABELS,
    )


def agencies_enough() -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """(all agencies, those over the volume floor, the floor); stops the page if none."""
    agencies = data.totals_by(filters, ("agency_key",), (*REASONS, HANDLED, OTHER, DENIED))
    agencies = with_unsplit(agencies)
    min_total = st.number_input(
        f"只看{HANDLED.label}不少于（件）", min_value=1, value=30, step=10, key="denials-min"
    )
    enough = agencies[agencies["total__total"] >= min_total]
    if enough.empty:
        ui.empty("没有机关达到这个办理量，请调低门槛。")
        st.stop()
    return agencies, enough, int(min_total)


def pick_reason() -> str:
    return st.selectbox("原因", rows, format_func=lambda r: LABELS[r], key="denials-reason")


def by_agency() -> None:
    _, enough, _ = agencies_enough()
    top_n = ui.top_n("denials-top", 30)
    top = enough.sort_values("denied__total", ascending=False).head(top_n)
    shares = pd.DataFrame(
        {LABELS[r]: metrics.pct(top[r].fillna(0), top["total__total"]) for r in rows}
    ).set_axis(top["agency"].tolist())
    st.caption(f"{DENIED.label}最多的 {len(top)} 个机关，每格为该原因占其{HANDLED.label}的百分比。")
    ui.chart(
        ui.figure(charts.heatmap, shares, value_title="占比（%）", percent=True),
        shares.reset_index(names="机关"),
        "denials-heatmap",
    )
    pick = pick_reason()
    ranked = enough.assign(share_pct=metrics.pct(enough[pick].fillna(0), enough["total__total"]))
    ranked = ranked[ranked[pick].fillna(0) > 0]  # no zero-length bars
    ranked = ranked.sort_values(["share_pct", pick], ascending=False).head(top_n)
    if ranked.empty:
        ui.empty(f"当前筛选下没有机关用过“{LABELS[pick]}”。")
        return
    ui.chart(
        ui.figure(
            charts.ranking_bar,
            ranked,
            "agency",
            "share_pct",
            LABELS | {"share_pct": f"{LABELS[pick]}占比"},
            percent=True,
            extra=[pick, "total__total"],
        ),
        ranked[["agency", "share_pct", pick, "total__total"]],
        "denials-reason-ranking",
        LABELS,
    )


def outliers() -> None:
    agencies, _, min_total = agencies_enough()
    pick = pick_reason()
    flags = peer_stats.outliers(agencies, rows, "total__total", min_total)
    st.caption(
        f"某一原因的占比高于各机关上四分位数 + 1.5 × 四分位距，且该原因不少于 5 件"
        f"（只计{HANDLED.label}不少于 {min_total} 件的机关）；表中按超出程度列出前 {MAX_ROWS} 项。"
    )
    if flags.empty:
        ui.empty("当前筛选下没有异常值。")
        return
    flags["reason"] = flags["reason"].map(LABELS)
    chosen = agencies.assign(
        share_pct=metrics.pct(agencies[pick].fillna(0), agencies["total__total"])
    )
    chosen = chosen[chosen["total__total"] >= min_total].copy()
    chosen["is_outlier"] = chosen["agency_key"].isin(
        flags.loc[flags["reason"] == LABELS[pick], "agency_key"]
    )
    ui.chart(
        ui.figure(
            peer_charts.scatter,
            chosen,
            "total__total",
            "share_pct",
            "agency",
            LABELS | {"share_pct": f"{LABELS[pick]}占比"},
            flag="is_outlier",
        ),
        chosen[["agency", "total__total", pick, "share_pct", "is_outlier"]],
        "denials-outliers-scatter",
        LABELS | {"is_outlier": "异常值"},
    )
    shown = flags.head(MAX_ROWS).drop(columns=["agency_key", "excess_pct"])
    ui.table(
        shown,
        "denials-outliers",
        LABELS,
        column_config=ui.number_columns(
            ["count", "total__total", "share_pct", "median_pct", "fence_pct"]
        ),
    )


SECTIONS = {
    "trend": ("逐年变化", trend),
    "agencies": ("各机关依赖哪些原因", by_agency),
    "outliers": ("异常值", outliers),
}
shown = ui.detail("denials-show", {k: v[0] for k, v in SECTIONS.items()}, "trend")
st.subheader(SECTIONS[shown][0])
SECTIONS[shown][1]()
