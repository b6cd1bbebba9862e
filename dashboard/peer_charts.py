"""Pure Plotly builders that set one agency among its peers: small multiples of its
line against the peers' quartiles, and agencies as points (gathered into grid
cells when there are thousands). No Streamlit calls.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.chart_layout import PALETTE, esc, finish, wrap


def peer_small_multiples(
    df: pd.DataFrame, metrics: list[str], labels: dict[str, str], focus_name: str
) -> go.Figure:
    """One panel per metric: the agency's line against the peers' median and quartile
    band (hover on the median gives the band's bounds). Three traces a panel: the browser's
    draw grows with traces and panels (11 panels took ~0.25 s of renderer CPU).

    ``df`` has one row per (metric, year) with columns value, peer_p25, peer_median, peer_p75.
    """
    from plotly.subplots import make_subplots

    cols = 3
    rows = (len(metrics) + cols - 1) // cols
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[wrap(esc(labels.get(m, m))) for m in metrics],
        vertical_spacing=100 / (260 * rows),  # room for two-line titles under tick labels
    )
    fig.update_annotations(font_size=13)  # seven characters fit a third of a phone
    for i, m in enumerate(metrics):
        sub = df[df["metric"] == m].sort_values("year")
        r, c = i // cols + 1, i % cols + 1
        first = i == 0
        band = sub.dropna(subset=["peer_p25", "peer_p75"])
        fig.add_scatter(  # one closed band (p75 out, p25 back): a trace less per panel
            x=[*band["year"], *band["year"][::-1]],
            y=[*band["peer_p75"], *band["peer_p25"][::-1]],
            mode="lines",
            line={"width": 0},
            fill="toself",
            fillcolor="rgba(46,134,171,0.18)",
            name="同类机关四分位区间",
            showlegend=first,
            legendgroup="iqr",
            hoverinfo="skip",
            row=r,
            col=c,
        )
        fig.add_scatter(
            x=sub["year"],
            y=sub["peer_median"],
            customdata=sub[["peer_p25", "peer_p75"]].to_numpy(),
            mode="lines",
            name="同类机关中位数",
            line={"color": PALETTE[0], "dash": "dash"},
            showlegend=first,
            legendgroup="med",
            hovertemplate="%{x} 中位数：%{y:,.1f}<br>"
            "四分位区间：%{customdata[0]:,.1f}–%{customdata[1]:,.1f}<extra></extra>",
            row=r,
            col=c,
        )
        fig.add_scatter(
            x=sub["year"],
            y=sub["value"],
            mode="lines+markers",
            name=esc(focus_name),
            line={"color": PALETTE[2]},
            showlegend=first,
            legendgroup="focus",
            hovertemplate=esc(focus_name) + "<br>%{x}：%{y:,.1f}<extra></extra>",
            row=r,
            col=c,
        )
    fig.update_xaxes(dtick=1)
    fig = finish(fig, None, height=260 * rows + 100)
    fig.update_layout(legend={"y": -0.04, "yanchor": "top"}, margin={"t": 30, "b": 40})
    return fig


#: Points a scatter draws one by one; beyond this the ordinary (unflagged) points are
#: drawn as one marker per cell of a grid, sized by how many agencies it holds.
SCATTER_POINTS = 1500
GRID = (60, 50)  # cells along the (log) x axis and the y axis


def binned(df: pd.DataFrame, x: str, y: str, grid: tuple[int, int] = GRID) -> pd.DataFrame:
    """Points gathered into a grid over log10(x) × y: per non-empty cell its points'
    mean x and y and their number ``n``.

    >>> d = pd.DataFrame({"x": [10, 11, 1000, 1000], "y": [5.0, 5.1, 50.0, 50.0]})
    >>> binned(d, "x", "y", (3, 3)).to_dict("records")
    [{'x': 10.5, 'y': 5.05, 'n': 2}, {'x': 1000.0, 'y': 50.0, 'n': 2}]
    """
    import numpy as np

    lx = pd.Series(np.log10(df[x].clip(lower=1).astype(float)), index=df.index)
    vy = df[y].astype(float)

    def cell(v: pd.Series, n: int) -> pd.Series:
        lo, hi = v.min(), v.max()
        return ((v - lo) / ((hi - lo) or 1) * (n - 1)).round().astype(int)

    keys = cell(lx, grid[0]) * grid[1] + cell(vy, grid[1])
    g = pd.DataFrame({"x": df[x].astype(float), "y": vy, "k": keys}).groupby("k", sort=True)
    out = g.agg(x=("x", "mean"), y=("y", "mean"), n=("x", "size")).reset_index(drop=True)
    return out.sort_values(["x", "y"], ignore_index=True)


def scatter(
    df: pd.DataFrame,
    x: str,
    y: str,
    name: str,
    labels: dict[str, str],
    *,
    flag: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Agencies as points (e.g. volume against share), flagged ones in a second colour.
    Beyond :data:`SCATTER_POINTS` ordinary points they are gathered into grid cells
    (:func:`binned`; hover gives the number of agencies), so the figure stays small;
    flagged points are always drawn one by one with their names."""
    fig = go.Figure()
    plain = df if flag is None else df[~df[flag]]
    x_label, y_label = esc(labels.get(x, x)), esc(labels.get(y, y))
    if len(plain) > SCATTER_POINTS:
        cells = binned(plain, x, y)
        fig.add_scatter(
            x=cells["x"].round(1),
            y=cells["y"].round(2),
            mode="markers",
            name="机关（按位置合并）",
            marker={
                "color": PALETTE[0],
                "opacity": 0.6,
                "size": (5 + 3 * cells["n"] ** 0.5).clip(upper=30).round(1),
            },
            customdata=cells["n"],
            hovertemplate=f"%{{customdata:,.0f}} 个机关<br>{x_label}：约 %{{x:,.0f}}<br>"
            f"{y_label}：约 %{{y:.1f}}%<extra></extra>",
        )
    else:
        _points(fig, plain, x, y, name, False, (x_label, y_label))
    if flag is not None:
        _points(fig, df[df[flag]], x, y, name, True, (x_label, y_label))
    fig.update_layout(
        xaxis={"title": labels.get(x, x), "type": "log"},
        yaxis={"title": labels.get(y, y), "ticksuffix": "%"},
    )
    return finish(fig, title, height=420)


def _points(
    fig: go.Figure, sub: pd.DataFrame, x: str, y: str, name: str, flagged: bool, titles
) -> None:
    """One marker per agency, its full name on hover."""
    fig.add_scatter(
        x=sub[x],
        y=sub[y].round(2),
        mode="markers",
        name="异常值" if flagged else "机关",
        marker={"color": PALETTE[2] if flagged else PALETTE[0], "opacity": 0.7, "size": 7},
        customdata=[esc(v) for v in sub[name]],
        hovertemplate="%{customdata}<br>"
        + f"{titles[0]}：%{{x:,.0f}}<br>{titles[1]}：%{{y:.1f}}%"
        + "<extra></extra>",
    )
