"""What the meeting brief says, computed from the store: headline numbers against
last year and peers, the four charts' data, findings, coverage and sources.

A subject is one agency, or a region (province / city / county, optionally one
level). Peers of an agency are the agencies of its level and kind in its city
(else province, else everywhere); peers of a region are its sibling regions. Rates
are ranked only among peers whose base volume reaches ``MIN_VOLUME`` (and the
subject gets no rank below it): a 100 % rate on two requests says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard import (
    coverage_queries,
    coverage_status,
    metrics,
    office_queries,
    peer_stats,
    queries,
    sums,
)
from dashboard import measures as ms
from dashboard.filters import Filters
from dashboard.labels import SEVERITY_LABELS

#: A rate is ranked (and enters the peer quartiles) only when its base reaches this.
MIN_VOLUME = 10
GROUPS = ms.outcome_groups()
INTAKE = ms.intake()
ACTIVE = ms.by_name(ms.active_cells())
ACTIVITY = tuple(
    ACTIVE[n] for n in ("licensing__decisions", "penalty__decisions", "coercion__decisions")
)
MEASURES = (*INTAKE, *GROUPS, *ms.appeal_cells(), *ACTIVITY)
LABELS = ms.label_map(MEASURES) | {"all__total": "复议、诉讼案件"}
RATE_BASE = {f"{g.name}_pct": "total__total" for g in GROUPS}
RATE_BASE["all__rate"] = "all__total"
#: Headline metrics: (column, label, is_pct).
HEADLINE = (
    ("new__total", LABELS["new__total"], False),
    ("total__total", LABELS["total__total"], False),
    *(
        (f"{g}__total_pct", f"{LABELS[f'{g}__total']}率", True)
        for g in ("granted", "withheld", "unable", "rejected")
    ),
    ("carried_out__total", LABELS["carried_out__total"], False),
    ("all__total", LABELS["all__total"], False),
    ("all__rate", "复议、诉讼纠错率", True),
    ("licensing__decisions", LABELS["licensing__decisions"], False),
)
HEADLINE_COLUMNS = {
    "metric": "指标", "value": "本年", "previous": "上年", "change": "变化",
    "peer_p25": "同类下四分位", "peer_median": "同类中位数", "peer_p75": "同类上四分位",
    "rank": "排名",
}  # fmt: skip


class BriefError(ValueError):
    """The subject cannot be found or has no report that year (a Chinese sentence)."""


@dataclass(frozen=True)
class Subject:
    """What the brief is about: one agency (key) or a region filter, and the year."""

    year: int
    agency_key: str | None = None
    region: Filters = field(default_factory=Filters)  # provinces/cities/counties/levels

    @property
    def filters(self) -> Filters:
        base = replace(self.region, year_from=None, year_to=None)
        if self.agency_key:
            base = replace(base, agencies=(self.agency_key,))
        return base


@dataclass
class Brief:
    """Everything the PDF and DOCX print."""

    title: str
    subject: str
    profile: str
    year: int
    is_simulated: bool
    headline: pd.DataFrame  # HEADLINE_COLUMNS, formatted text
    peer_note: str
    outcomes: pd.DataFrame  # year × outcome group counts
    reasons: pd.DataFrame  # label, count
    activity: pd.DataFrame  # year × licensing/penalty/coercion
    appeal: pd.DataFrame  # group × result counts
    findings: pd.DataFrame
    coverage: pd.DataFrame
    coverage_note: str
    sources: pd.DataFrame
    snapshot: str
    numbers: dict[str, float | None] = field(default_factory=dict)  # raw headline values


def _fmt(v: float | None, is_pct: bool) -> str:
    if v is None or pd.isna(v):
        return "—"
    return f"{v:.1f}%" if is_pct else f"{v:,.0f}"


def _change(v, prev, is_pct: bool) -> str:
    if v is None or prev is None or pd.isna(v) or pd.isna(prev):
        return "—"
    d = float(v) - float(prev)
    return f"{d:+.1f} 个百分点" if is_pct else f"{d:+,.0f}"


def _with_rates(df: pd.DataFrame) -> pd.DataFrame:
    return metrics.add_appeal_rates(
        metrics.add_shares(df, [m.name for m in GROUPS], "total__total")
    )


def _peer_row(peers: pd.DataFrame, key_col: str, key: str, col: str, value) -> dict:
    """Quartiles of the others and the subject's rank (1 = highest) under the guard."""
    base = RATE_BASE.get(col)
    pool = peers if base is None else peers[peers[base].fillna(0) >= MIN_VOLUME]
    others = pool[pool[key_col] != key][col]
    p25, med, p75 = peer_stats.quartiles(others)
    guarded = base is not None and (
        key not in set(pool[key_col]) or value is None or pd.isna(value)
    )
    if value is None or pd.isna(value):
        rank = "—"
    elif guarded:
        rank = f"—（{LABELS.get(str(base), base)}少于 {MIN_VOLUME} 件，不排名）"
    else:
        ranked = pool[col].dropna()
        rank = f"{int((ranked > value).sum()) + 1} / {ranked.size}"
    return {"peer_p25": p25, "peer_median": med, "peer_p75": p75, "rank": rank}


def _headline(mine: pd.DataFrame, peers: pd.DataFrame, key_col: str, key: str, year: int):
    cur_row = metrics.year_row(mine, year)
    prev_row = metrics.year_row(mine, year - 1)
    peers_y = peers[peers["year"] == year]
    rows, numbers = [], {}
    for col, label, is_pct in HEADLINE:
        v = None if cur_row is None or pd.isna(cur_row.get(col)) else float(cur_row[col])
        p = None if prev_row is None or pd.isna(prev_row.get(col)) else float(prev_row[col])
        numbers[col] = v
        peer: dict[str, Any] = _peer_row(peers_y, key_col, key, col, v) if len(peers_y) > 1 else {
            "peer_p25": np.nan, "peer_median": np.nan, "peer_p75": np.nan, "rank": "—"
        }  # fmt: skip
        rows.append(
            {
                "metric": label + ("（%）" if is_pct else ""),
                "value": _fmt(v, is_pct),
                "previous": _fmt(p, is_pct),
                "change": _change(v, p, is_pct),
                "peer_p25": _fmt(peer["peer_p25"], is_pct),
                "peer_median": _fmt(peer["peer_median"], is_pct),
                "peer_p75": _fmt(peer["peer_p75"], is_pct),
                "rank": peer["rank"],
            }
        )
    return pd.DataFrame(rows), numbers


def _charts_data(cur, f: Filters, year: int):
    years = _with_rates(sums.totals_by(cur, f, ("year",), MEASURES))
    years = years[years["year"] <= year].tail(6)
    outcomes = years[["year", *(g.name for g in GROUPS)]].rename(
        columns={g.name: g.label for g in GROUPS}
    )
    activity = years[["year", *(m.name for m in ACTIVITY)]].rename(
        columns={m.name: m.label for m in ACTIVITY}
    )
    r = sums.totals_by(cur, f.for_year(year), (), ms.reasons())
    reasons = pd.DataFrame(
        {
            "reason": [m.label for m in ms.reasons()],
            "count": [r[m.name].iloc[0] if len(r) else np.nan for m in ms.reasons()],
        }
    )
    reasons = reasons[reasons["count"].fillna(0) > 0].sort_values("count", ascending=False)
    this = metrics.year_row(years, year)
    appeal = pd.DataFrame(
        [
            {
                "group": ms.appeal_label(g),
                **{
                    ms.appeal_result_label(c.key): (
                        None if this is None else this.get(ms.wide_name(g, c.key))
                    )
                    for c in ms.appeal_results()
                    if c.key != "total"
                },
            }
            for g in ms.appeal_groups()
        ]
    )
    return years, outcomes, reasons, activity, appeal


def _coverage(cur, f: Filters, year: int, agency: bool) -> tuple[pd.DataFrame, str]:
    first = min(queries.available_years(cur) or [year])
    cov = coverage_queries.coverage(cur, replace(f, year_from=first, year_to=year))
    years = list(range(first, year + 1))
    grid, summary = coverage_status.coverage_grid(cov, years)
    status = {"published": "已发布", "errors": "已发布（有错误）", "missing": "未发布"}
    if agency:
        if grid.empty:
            return pd.DataFrame(columns=["年度", "状态"]), "库中没有该机关的年报。"
        row = grid.iloc[0]
        table = pd.DataFrame(
            {
                "年度": [str(y) for y in years],
                "状态": [status.get(row[y], "（尚未开始）") for y in years],
            }
        )
        missing = [str(y) for y in years if row[y] == "missing"]
        note = "历年均已发布。" if not missing else f"未发布的年度：{'、'.join(missing)}。"
        return table, note
    table = summary.rename(
        columns={"year": "年度", "published": "已发布", "errors": "有错误", "missing": "未发布"}
    )
    table["年度"] = table["年度"].astype(str)
    last = summary[summary["year"] == year]
    note = ""
    if len(last):
        n = int(last[["published", "errors", "missing"]].sum(axis=1).iloc[0])
        note = f"{year} 年应发布 {n} 个机关，未发布 {int(last['missing'].iloc[0])} 个（以机关在库中第一份年报起每年应发布计）。"
    return table, note


def build_brief(cur: duckdb.DuckDBPyConnection, subject: Subject, snapshot: str) -> Brief:
    """The brief for ``subject`` from the store behind ``cur``."""
    year, f = subject.year, subject.filters
    reports = office_queries.subject_reports(cur, f.for_year(year))
    if reports.empty:
        raise BriefError(f"{year} 年没有符合条件的年报，无法生成会议材料。")
    years, outcomes, reasons, activity, appeal = _charts_data(cur, f, year)
    if subject.agency_key:
        prof = queries.agency_profile(cur, subject.agency_key).iloc[0]
        name = str(prof["agency"])
        place = [str(v) for v in (prof["province"], prof["city"], prof["county"]) if v]
        profile = " · ".join([str(prof["level"] or "层级不明"), str(prof["kind"] or ""), *place])
        scope = (
            {"cities": (prof["city"],)}
            if prof["city"]
            else ({"provinces": (prof["province"],)} if prof["province"] else {})
        )
        peer_f = Filters(
            year_from=year, year_to=year,
            levels=(prof["level"],) if prof["level"] else (),
            kinds=(prof["kind"],) if prof["kind"] else (), **scope,
        )  # fmt: skip
        peers = _with_rates(sums.totals_by(cur, peer_f, ("agency_key", "year"), MEASURES))
        mine = years.assign(agency_key=subject.agency_key)
        peers = pd.concat(
            [peers[peers["agency_key"] != subject.agency_key], mine[mine["year"] == year]]
        )
        n_peers = int((peers["agency_key"] != subject.agency_key).sum())
        where = "、".join(v for v in (*peer_f.cities, *peer_f.provinces) if v) or "全部地区"
        peer_note = (
            f"同类机关：{where}同层级、同类型的其他 {n_peers} 个机关（{year} 年有年报的）。"
            f"比率只在{LABELS['total__total']}（纠错率为复议、诉讼案件）不少于 {MIN_VOLUME} 件的机关间"
            "比较和排名；排名按数值从高到低。"
        )
        headline, numbers = _headline(years, peers, "agency_key", subject.agency_key, year)
    else:
        r = subject.region
        depth = "county" if r.counties else "city" if r.cities else "province"
        names = [*r.provinces, *r.cities, *r.counties]
        name = " ".join(names) or "全部地区"
        if r.levels:
            name += f"（{'、'.join(r.levels)}）"
        profile = f"{len(set(reports['agency']))} 个机关的年报合计"
        parent = {"county": replace(r, counties=()), "city": replace(r, cities=(), counties=()),
                  "province": Filters(levels=r.levels)}[depth]  # fmt: skip
        peers = _with_rates(sums.totals_by(cur, parent.for_year(year), (depth, "year"), MEASURES))
        peers = peers[peers[depth].fillna("") != ""]
        own = (r.counties or r.cities or r.provinces or ("",))[0]
        n_peers = int((peers[depth] != own).sum())
        peer_note = (
            f"同类：同一上级地区的其他 {n_peers} 个{ {'county': '县区', 'city': '城市', 'province': '省份'}[depth] }"
            f"（各自机关合计）。比率只在基数不少于 {MIN_VOLUME} 件的地区间比较和排名。"
        )
        headline, numbers = _headline(years, peers, depth, own, year)
    findings = office_queries.subject_findings(cur, f.for_year(year))
    findings["severity"] = findings["severity"].map(SEVERITY_LABELS).fillna(findings["severity"])
    coverage, coverage_note = _coverage(cur, f, year, bool(subject.agency_key))
    sources = reports.assign(sha256=reports["source_sha256"].str[:12])[
        ["agency", "year", "source_format", "source_path", "sha256"]
    ]
    return Brief(
        title=f"{name} {year} 年政府信息公开工作情况",
        subject=name,
        profile=profile,
        year=year,
        is_simulated=sums.has_simulated(cur, replace(f, year_to=year)),
        headline=headline,
        peer_note=peer_note,
        outcomes=outcomes,
        reasons=reasons,
        activity=activity,
        appeal=appeal,
        findings=findings,
        coverage=coverage,
        coverage_note=coverage_note,
        sources=sources,
        snapshot=snapshot,
        numbers=numbers,
    )
