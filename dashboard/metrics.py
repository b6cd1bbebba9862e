"""Derived figures over query results: shares, rates, year-on-year change, peer
statistics, outliers and the coverage grid. Pure pandas; no SQL, no Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import measures as ms


def half_up(value: float, digits: int = 1) -> float:
    """四舍五入 to ``digits`` decimals, from the number as it prints (not banker's rounding,
    not the binary fraction's tie-break): 6.25 → 6.3, 0.125 → 0.13, −6.25 → −6.3.

    >>> half_up(6.25), half_up(0.125, 2), half_up(-6.25), half_up(2.675, 2), half_up(2.5, 0)
    (6.3, 0.13, -6.3, 2.68, 3.0)
    """
    if value is None or pd.isna(value):
        return value
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP))


def fixed(value: float, digits: int = 1, *, sign: bool = False, thousands: bool = False) -> str:
    """``value`` rounded half up, printed with exactly ``digits`` decimals.

    >>> fixed(6.25), fixed(-0.05, sign=True), fixed(1234.5, 0, thousands=True)
    ('6.3', '-0.1', '1,235')
    """
    if value is None or pd.isna(value):
        return "—"
    spec = ("+" if sign else "") + ("," if thousands else "") + f".{digits}f"
    return format(Decimal(repr(half_up(value, digits))), spec)


def pct(num: pd.Series | float, den: pd.Series | float) -> pd.Series | float:
    """num / den × 100, NaN where the denominator is 0 or missing.

    A scalar denominator divides every element (it is never wrapped in a one-row
    Series, which would align by index and leave NaN beyond the first row).

    >>> pct(1, 4), pct(1, 0)
    (25.0, nan)
    >>> pct(pd.Series([1.0, 2.0], index=[5, 6]), 8.0).tolist()
    [12.5, 25.0]
    """
    if isinstance(den, pd.Series):
        return (num / den.astype(float).replace(0, np.nan)) * 100
    if isinstance(num, pd.Series):
        if not den or pd.isna(den):
            return pd.Series(np.nan, index=num.index)
        return num.astype(float) / float(den) * 100
    return float("nan") if not den or pd.isna(den) else float(num) / float(den) * 100


def row_shares(df: pd.DataFrame, parts: list[str], percent: bool = True) -> pd.DataFrame:
    """What a stacked chart in 占比 mode shows, for its export: each part as a percentage
    of the row's parts (unchanged when ``percent`` is False).

    >>> row_shares(pd.DataFrame({"a": [1.0], "b": [3.0]}), ["a", "b"]).values.tolist()
    [[25.0, 75.0]]
    """
    if not percent:
        return df
    out = df.copy()
    total = out[parts].sum(axis=1).replace(0, np.nan)
    for p in parts:
        out[p] = out[p] / total * 100
    return out


def add_shares(df: pd.DataFrame, parts: list[str], total: str) -> pd.DataFrame:
    """Adds ``<part>_pct`` = part / total × 100 for each part."""
    out = df.copy()
    for p in parts:
        out[f"{p}_pct"] = pct(out[p].astype(float), out[total].astype(float))
    return out


def concluded(df: pd.DataFrame, group: str) -> pd.Series:
    """Cases of a part-四 group that were concluded: total − pending."""
    return df[f"{group}__total"] - df[f"{group}__pending"].fillna(0)


def add_appeal_rates(df: pd.DataFrame, applications: str = "new__total") -> pd.DataFrame:
    """Correction rate per group, all-cases totals and cases per 100 applications."""
    out = df.copy()
    groups = ms.appeal_groups()
    for g in groups:
        out[f"{g}__rate"] = pct(out[f"{g}__corrected"], concluded(out, g))
    for col in (c.key for c in ms.APPEAL.columns):
        parts = [ms.wide_name(g, col) for g in groups]
        out[ms.wide_name("all", col)] = out[parts].sum(axis=1, min_count=1)
    out["all__rate"] = pct(out["all__corrected"], out["all__total"] - out["all__pending"])
    if applications in out:
        out["cases_per_100"] = pct(out["all__total"], out[applications])
    return out


@dataclass(frozen=True)
class Kpi:
    """One overview figure with last year's value for the change."""

    name: str
    label: str
    value: float | None
    previous: float | None
    is_pct: bool = False
    direction: int = 0  # +1: a rise is good, -1: a rise is bad, 0: neither

    @property
    def delta_color(self) -> Literal["normal", "inverse", "off"]:
        """st.metric's colouring: green for a good change, red for a bad one, grey for
        no change or a measure without a good direction.

        >>> Kpi("a", "甲率", 5.0, 6.0, True, -1).delta_color
        'inverse'
        >>> Kpi("b", "申请", 5.0, 5.0).delta_color, Kpi("c", "申请", 6.0, 5.0).delta_color
        ('off', 'off')
        """
        d = self.delta
        if not d or self.direction == 0:
            return "off"
        return "normal" if self.direction > 0 else "inverse"

    @property
    def delta(self) -> float | None:
        """Change from the previous year (percentage points for shares)."""
        if self.value is None or self.previous is None:
            return None
        if pd.isna(self.value) or pd.isna(self.previous):
            return None
        return float(self.value) - float(self.previous)

    def text(self) -> str:
        """The value formatted for display ("—" when absent).

        >>> Kpi("a", "甲", 1234.0, None).text(), Kpi("b", "乙", 12.345, None, True).text()
        ('1,234', '12.3%')
        """
        if self.value is None or pd.isna(self.value):
            return "—"
        return f"{fixed(self.value)}%" if self.is_pct else fixed(self.value, 0, thousands=True)

    def delta_text(self) -> str | None:
        """The change formatted for st.metric (None when there is no previous year)."""
        d = self.delta
        if d is None:
            return None
        if self.is_pct:
            return f"{fixed(d, sign=True)} 个百分点"
        return fixed(d, 0, sign=True, thousands=True)


def year_row(df: pd.DataFrame, year: int) -> pd.Series | None:
    """The row of ``df`` (grouped by year) for ``year``, None when absent."""
    sub = df[df["year"] == year]
    return None if sub.empty else sub.iloc[0]


#: Measures whose rise is good (+1) or bad (−1); every other one is neutral.
GOOD_UP = ("n_reports", "granted__total_pct")
BAD_UP = ("withheld__total_pct", "unable__total_pct", "rejected__total_pct", "__rate")


def direction(name: str) -> int:
    """+1 when a rise of the measure is good, −1 when it is bad, 0 when neither.

    >>> direction("withheld__total_pct"), direction("review__rate"), direction("new__total")
    (-1, -1, 0)
    """
    if name in GOOD_UP:
        return 1
    if name in BAD_UP or name.endswith(BAD_UP[-1]):
        return -1
    return 0


def kpis(current: pd.Series | None, previous: pd.Series | None, specs) -> list[Kpi]:
    """Kpis from two rows of the same frame; ``specs`` = (name, label, is_pct)."""

    def get(row, name):
        if row is None or name not in row or pd.isna(row[name]):
            return None
        return float(row[name])

    return [Kpi(n, lab, get(current, n), get(previous, n), p, direction(n)) for n, lab, p in specs]


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


def template_years(counts: pd.DataFrame) -> dict[str, list[int]]:
    """Template → the years it is the template of: the one most reports of the year use.

    ``counts`` holds ``year``, ``template`` and ``n_reports``. A measure one template
    defines is plotted only for that template's years, so a stray report on the other
    template does not make a point next to the sums of a hundred.

    >>> df = pd.DataFrame({"year": [2020, 2024, 2024], "template": ["2019", "2019", "2021"],
    ...                    "n_reports": [5, 1, 90]})
    >>> template_years(df)
    {'2019': [2020], '2021': [2024]}
    """
    out: dict[str, list[int]] = {}
    if counts.empty:
        return out
    best = counts.sort_values(["n_reports", "template"], ascending=[False, True])
    for year, template in best.drop_duplicates("year")[["year", "template"]].itertuples(
        index=False
    ):
        out.setdefault(str(template), []).append(int(year))
    return {t: sorted(y) for t, y in sorted(out.items())}


def only_template_years(
    by_year: pd.DataFrame,
    names: list[str],
    templates: dict[str, set[str]],
    years_of: dict[str, list[int]],
) -> pd.DataFrame:
    """``by_year`` with each measure blanked in the years none of its templates is the
    template of (see :func:`template_years`): a cell only the 2019 template prints is not
    plotted in 2021+ as one stray report's value beside the totals of a hundred.

    >>> df = pd.DataFrame({"year": [2020, 2024], "a": [5.0, 1.0], "b": [7.0, 9.0]})
    >>> only_template_years(df, ["a", "b"], {"a": {"2019"}, "b": {"2019", "2021"}},
    ...                     {"2019": [2020], "2021": [2024]})
       year    a    b
    0  2020  5.0  7.0
    1  2024  NaN  9.0
    """
    out = by_year.copy()
    for name in names:
        years = {y for t in templates.get(name, ()) for y in years_of.get(t, [])}
        out[name] = out[name].where(out["year"].isin(years))
    return out


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


STATUSES = ("published", "errors", "missing")


def coverage_grid(cov: pd.DataFrame, years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agency × year statuses and a per-year summary, from ``coverage_queries.coverage``.

    An agency is expected to publish every year from its first report on (its first
    year in the database), a roster organ from the year it is due (``first_year``) up to
    ``due_to`` when given; a year in that span without a report is ``missing``, one
    whose report has errors is ``errors``, otherwise ``published``. Agencies with the
    most problems come first, then by name.

    Statuses are computed as small integer codes and become text through an Arrow
    dictionary; rows already in name order (as ``coverage_queries.coverage`` returns them) are
    ordered by a stable sort on the problem count alone: at 10^6 reports (175 000
    agencies) making and sorting the text column by column took about 0.45 s.
    """
    if cov.empty or not years:
        grid = pd.DataFrame(columns=["agency_key", "agency", "level", *years])
        return grid, pd.DataFrame({"year": years, **{s: 0 for s in STATUSES}})
    y0 = years[0]
    published = cov["published_mask"].to_numpy(dtype="int64")
    errors = cov["error_mask"].to_numpy(dtype="int64")
    first = cov["first_year"].to_numpy()
    due_to = cov["due_to"].fillna(9999).to_numpy() if "due_to" in cov else np.full(len(cov), 9999)
    problems = np.zeros(len(cov), dtype=int)
    codes: dict[int, np.ndarray] = {}  # index into STATUSES, -1 for no status
    for y in years:
        bit = np.int64(1) << np.int64(y - y0)
        has, bad = (published & bit) != 0, (errors & bit) != 0
        code = np.where(bad, 1, np.where(has, 0, -1))
        codes[y] = np.where(~has & (first <= y) & (y <= due_to), 2, code)
        problems += codes[y] >= 1
    summary = pd.DataFrame(
        [
            {"year": y, **{s: int((codes[y] == i).sum()) for i, s in enumerate(STATUSES)}}
            for y in years
        ]
    )
    if _in_name_order(cov["agency"]):
        order = np.argsort(-problems, kind="stable")
    else:
        keys = pd.DataFrame({"_p": problems, "agency": cov["agency"].to_numpy()})
        order = keys.sort_values(["_p", "agency"], ascending=[False, True]).index.to_numpy()
    grid = cov[["agency_key", "agency", "level"]].take(order).reset_index(drop=True)
    names = pa.array(STATUSES)
    for y in years:
        c = codes[y][order]
        grid[y] = (
            pa.DictionaryArray.from_arrays(pa.array(c, mask=c < 0), names)
            .cast(pa.string())
            .to_pandas()
        )
    return grid, summary


def _in_name_order(agency: pd.Series) -> bool:
    """True when the names have no gap and never decrease (a code-point order, as DuckDB's
    ORDER BY and pandas' sort both use)."""
    if len(agency) < 2 or agency.isna().any():
        return len(agency) < 2
    names = pa.Array.from_pandas(agency)
    return bool(pc.all(pc.less_equal(names[:-1], names[1:])).as_py())
