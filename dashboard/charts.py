"""Pure Plotly builders for the common charts: (DataFrame, labels) → Figure; no
Streamlit calls. Stacked bars, lines, rankings, heatmaps and the status grid;
peer comparisons (small multiples, scatter) are in ``peer_charts``, what all
figures share (colours, escaping, titles, margins) in ``chart_layout``.

Hovers always show the exact number and the full agency name; long names are
shortened only on the axis.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.chart_layout import (
    PALETTE,
    STATUS_COLORS,
    category_axis,
    column_name,
    esc,
    finish,
)


def stacked_bars(
    df: pd.DataFrame,
    x: str,
    parts: list[str],
    labels: dict[str, str],
    *,
    percent: bool = False,
    horizontal: bool = False,
    title: str | None = None,
    colors: dict[str, str] | None = None,
    value_title: str = "件数",
) -> go.Figure:
    """One bar per ``x`` value stacked by ``parts``; ``percent`` shows each bar as 100 %."""
    cats = [str(v) for v in df[x]]
    total = df[parts].sum(axis=1).replace(0, float("nan"))
    fig = go.Figure()
    for i, part in enumerate(parts):
        counts = df[part].fillna(0)
        shares = (counts / total * 100).fillna(0)
        values = shares if percent else counts
        custom = list(zip(counts, shares, [esc(c) for c in cats], strict=True))
        names = [esc(c) for c in cats]
        pos = {"y": names, "x": values} if horizontal else {"x": names, "y": values}
        fig.add_bar(
            name=esc(labels.get(part, part)),
            orientation="h" if horizontal else "v",
            marker_color=(colors or {}).get(part, PALETTE[i % len(PALETTE)]),
            customdata=custom,
            hovertemplate="%{customdata[2]}<br>"
            + esc(labels.get(part, part))
            + "：%{customdata[0]:,.0f} 件（%{customdata[1]:.1f}%）<extra></extra>",
            **pos,
        )
    fig.update_layout(barmode="stack")
    value_axis = {
        "title": "占比（%）" if percent else value_title,
        "ticksuffix": "%" if percent else "",
    }
    cat_axis = category_axis(cats) | {"title": column_name(labels, x), "type": "category"}
    if horizontal:
        cat_axis["autorange"] = "reversed"
        fig.update_layout(xaxis=value_axis, yaxis=cat_axis)
        return finish(fig, title, height=max(320, 26 * len(cats) + 120))
    fig.update_layout(yaxis=value_axis, xaxis=cat_axis)
    return finish(fig, title, height=420)


def lines(
    df: pd.DataFrame,
    x: str,
    series: list[str],
    labels: dict[str, str],
    *,
    y_title: str = "件数",
    percent: bool = False,
    title: str | None = None,
    counts: str | None = None,
) -> go.Figure:
    """One line per column of ``series`` over ``x`` (usually the year); ``counts`` names
    a column of how many reports each point sums, shown on hover."""
    fig = go.Figure()
    fmt = "%{y:.1f}%" if percent else "%{y:,.0f}"
    if counts is not None:
        fmt += "（%{customdata:,.0f} 份年报）"
    for i, s in enumerate(series):
        name = esc(labels.get(s, s))
        fig.add_scatter(
            x=df[x],
            y=df[s],
            name=name,
            mode="lines+markers",
            line={"color": PALETTE[i % len(PALETTE)]},
            customdata=df[counts] if counts is not None else None,
            hovertemplate=f"{name}<br>%{{x}}：{fmt}<extra></extra>",
        )
    fig.update_layout(
        xaxis={"title": column_name(labels, x), "dtick": 1},
        yaxis={"title": y_title, "ticksuffix": "%" if percent else "", "rangemode": "tozero"},
    )
    return finish(fig, title, height=380)


def ranking_bar(
    df: pd.DataFrame,
    name: str,
    value: str,
    labels: dict[str, str],
    *,
    percent: bool = False,
    extra: list[str] | None = None,
    title: str | None = None,
    highlight: str | None = None,
    color: str | None = None,
) -> go.Figure:
    """Horizontal bars in the frame's order; hover shows the full name and ``extra``
    columns. ``color`` names a column whose values colour the bars (with a legend)."""
    names = [str(v) for v in df[name]]
    extra = extra or []
    hover = "%{customdata[0]}<br>" + esc(labels.get(value, value))
    hover += "：%{x:.1f}%" if percent else "：%{x:,.0f}"
    for j, c in enumerate(extra, start=1):
        fmt = ".1f}%" if c.endswith("_pct") else ",.0f}"
        hover += f"<br>{esc(labels.get(c, c))}：%{{customdata[{j}]:{fmt}"
    groups = [(None, df)] if color is None else list(df.groupby(color, sort=False))
    fig = go.Figure()
    for i, (group, sub) in enumerate(groups):
        sub_names = [str(v) for v in sub[name]]
        fig.add_bar(
            x=sub[value],
            y=[esc(n) for n in sub_names],
            orientation="h",
            name=esc(group) if group is not None else "",
            showlegend=group is not None,
            marker_color=PALETTE[i % len(PALETTE)]
            if group is not None
            else [PALETTE[2] if n == highlight else PALETTE[0] for n in sub_names],
            customdata=[
                [esc(n)] + [sub[c].iloc[k] for c in extra] for k, n in enumerate(sub_names)
            ],
            hovertemplate=hover + "<extra></extra>",
        )
    fig.update_layout(
        xaxis={"title": labels.get(value, value), "ticksuffix": "%" if percent else ""},
        yaxis=category_axis(names) | {"autorange": "reversed", "type": "category"},
    )
    return finish(fig, title, height=max(300, 24 * len(names) + 100))


def heatmap(
    matrix: pd.DataFrame,
    *,
    value_title: str,
    percent: bool = False,
    title: str | None = None,
) -> go.Figure:
    """A matrix (index = rows such as agencies, columns = categories) as a heatmap."""
    rows = [str(i) for i in matrix.index]
    cols = [str(c) for c in matrix.columns]
    fmt = "%{z:.1f}%" if percent else "%{z:,.0f}"
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(dtype=float),
            x=[esc(c) for c in cols],
            y=[esc(r) for r in rows],
            colorscale="Blues",
            colorbar={"title": value_title},
            hovertemplate=f"%{{y}}<br>%{{x}}：{fmt}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis=category_axis(rows) | {"autorange": "reversed", "type": "category"},
        xaxis={"type": "category", "tickangle": -35},
    )
    return finish(fig, title, height=max(320, 22 * len(rows) + 160))


def status_grid(
    grid: pd.DataFrame, status_labels: dict[str, str], title: str | None = None
) -> go.Figure:
    """Agency × year cells coloured by status (published / with errors / missing)."""
    order = list(STATUS_COLORS)
    codes = grid.apply(lambda col: col.map(lambda s: order.index(s) if s in order else None))
    n = len(order)
    scale = []
    for i, s in enumerate(order):
        scale += [[i / n, STATUS_COLORS[s]], [(i + 1) / n, STATUS_COLORS[s]]]
    text = grid.apply(lambda col: col.map(lambda s: status_labels.get(s, "")))
    rows = [str(i) for i in grid.index]
    fig = go.Figure(
        go.Heatmap(
            z=codes.to_numpy(dtype=float),
            x=[str(c) for c in grid.columns],
            y=[esc(r) for r in rows],
            text=text.to_numpy(),
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}：%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis=category_axis(rows) | {"autorange": "reversed", "type": "category"},
        xaxis={"type": "category", "side": "top"},
    )
    return finish(fig, title, height=max(300, 20 * len(rows) + 120))
