"""One agency among its peers: quartiles and ranks per measure and year, agencies whose
share of a reason is an outlier, and an organ's function (its name without its place),
which defines peers of the same function. Pure pandas; no SQL, no Streamlit.
"""

from __future__ import annotations

import re
from typing import cast

import numpy as np
import pandas as pd

from dashboard.metrics import pct


def quartiles(values: pd.Series) -> tuple[float, float, float]:
    """(p25, median, p75) of the non-missing values, NaNs when there are none."""
    v = values.dropna()
    if v.empty:
        return (np.nan, np.nan, np.nan)
    q = v.quantile([0.25, 0.5, 0.75])
    return (float(q.iloc[0]), float(q.iloc[1]), float(q.iloc[2]))


def peer_stats(df: pd.DataFrame, focus: str, metrics: list[str]) -> pd.DataFrame:
    """Per metric and year: the agency's value, peers' quartiles and its rank.

    ``df`` holds one row per (agency_key, year) with the metric columns; the agency
    itself is left out of the peer quartiles but ranked among everyone (1 = highest).
    One grouped pass per statistic (a loop over years × metrics took ~0.2 s on the
    thousands of peers of a 10⁶-report database).
    """
    columns = ["metric", "year", "value", "rank", "peer_n", "peer_p25", "peer_median", "peer_p75"]
    if df.empty or not metrics:
        return pd.DataFrame(columns=columns)
    values = df[metrics].astype(float)
    years = df["year"]
    is_focus = (df["agency_key"] == focus).to_numpy()
    order = sorted(years.unique())
    # the agency's own row of each year (its first, as a lookup would find it)
    mine = values[is_focus].set_axis(years[is_focus].to_numpy())
    mine = mine[~mine.index.duplicated()].reindex(order)
    others = values[~is_focus].groupby(years[~is_focus].to_numpy())
    q = {p: others.quantile(p).reindex(order) for p in (0.25, 0.5, 0.75)}
    grouped = values.groupby(years.to_numpy())
    peer_n = grouped.count().reindex(order)
    mine_rows = mine.reindex(years.to_numpy()).to_numpy()
    above = pd.DataFrame(values.to_numpy() > mine_rows, columns=metrics, index=df.index)
    higher = above.groupby(years.to_numpy()).sum().reindex(order)
    out = pd.DataFrame(
        {
            "metric": np.tile(metrics, len(order)),
            "year": np.repeat(np.asarray(order, dtype=int), len(metrics)),
            "value": mine.to_numpy().ravel(),
            "rank": (higher.to_numpy() + 1).ravel().astype(float),
            "peer_n": peer_n.to_numpy().ravel().astype(int),
            "peer_p25": q[0.25].to_numpy().ravel(),
            "peer_median": q[0.5].to_numpy().ravel(),
            "peer_p75": q[0.75].to_numpy().ravel(),
        }
    )
    out.loc[out["value"].isna(), "rank"] = np.nan
    if out["rank"].notna().all():  # as a frame of ints and Nones would have it
        out["rank"] = out["rank"].astype(int)
    return out


OUTLIER_COLUMNS = [
    "agency_key",
    "agency",
    "reason",
    "count",
    "share_pct",
    "median_pct",
    "fence_pct",
]


def outliers(
    df: pd.DataFrame,
    parts: list[str],
    total: str,
    min_total: float,
    k: float = 1.5,
    min_count: float = 5,
) -> pd.DataFrame:
    """Agencies whose share of a reason lies above Q3 + k·IQR of the agencies with at
    least ``min_total`` cases, counting only reasons used ``min_count`` times or more.

    One row per (agency, reason) flagged with its share, the agencies' median and the
    fence, the furthest above the fence first. Vectorised: 20 000 agencies take
    milliseconds.
    """
    base = df[df[total] >= min_total]
    frames = []
    for p in parts:
        count = base[p].fillna(0)
        share = cast(pd.Series, pct(count, base[total]))
        q1, q3 = share.quantile(0.25), share.quantile(0.75)
        fence = q3 + k * (q3 - q1)
        hit = (share > fence) & (count >= min_count)
        if hit.any():
            frames.append(
                pd.DataFrame(
                    {
                        "agency_key": base.loc[hit, "agency_key"],
                        "agency": base.loc[hit, "agency"],
                        "reason": p,
                        "count": count[hit],
                        total: base.loc[hit, total],
                        "share_pct": share[hit],
                        "median_pct": share.median(),
                        "fence_pct": fence,
                    }
                )
            )
    if not frames:
        return pd.DataFrame(columns=[*OUTLIER_COLUMNS, total, "excess_pct"])
    out = pd.concat(frames, ignore_index=True)
    out["excess_pct"] = out["share_pct"] - out["fence_pct"]
    return out.sort_values(["excess_pct", "count"], ascending=False, ignore_index=True)


_TOWN = re.compile(r"^.+?(镇|乡|街道|苏木)(?=.)")


def organ_function(name: str, places: tuple[str, ...] = (), township: bool = False) -> str:
    """What an organ does, its name without the place it serves: the peers of the same
    function are all 公安局 of a province, all townships of a county.

    >>> organ_function("河北省保定市满城区教育局", ("河北省", "保定市", "满城区"))
    '教育局'
    >>> organ_function("保定市公安局", ("河北省", "保定市")), organ_function("大王店镇政府", (), True)
    ('公安局', '镇政府')
    >>> organ_function("保定市住房和城乡建设局", ("保定市",))
    '住房和城乡建设局'

    A township's own name is dropped too (``township``), keeping 镇/乡/街道.
    """
    rest = str(name or "")
    for place in places:
        if place:
            rest = rest.removeprefix(place)
            short = re.sub(r"(省|市|自治州|地区|盟|县|区|旗)$", "", place)
            if len(short) >= 2:
                rest = rest.removeprefix(short)
    return (_TOWN.sub(r"\1", rest) if township else rest) or rest
