"""Pure Plotly builders: (DataFrame, labels) → Figure; no Streamlit calls.

Text that comes from reports (agency names, places) is HTML-escaped before it
reaches a figure, because Plotly renders a subset of HTML in labels and hovers.
Hovers always show the exact number and the full agency name; long names are
shortened only on the axis.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

from dashboard.labels import meta_label

PALETTE = (
    "#2E86AB",
    "#7FB069",
    "#E4572E",
    "#F3A712",
    "#8E6C8A",
    "#A8A8A8",
    "#4C6085",
    "#39A0ED",
    "#C2847A",
    "#13C4A3",
    "#F25F5C",
    "#6D597A",
)
#: Finding severities by meaning: error red, warning amber, info grey.
SEVERITY_COLORS = {"error": "#D92D20", "warning": "#F0A30A", "info": "#98A2B3"}
STATUS_COLORS = {"published": "#7FB069", "errors": "#F3A712", "missing": "#E4572E"}
AXIS_CHARS = 16


def esc(value: object) -> str:
    """Report text as plain text for Plotly (which would render its HTML).

    >>> esc("<b>局</b>")
    '&lt;b&gt;局&lt;/b&gt;'
    """
    return html.escape(str(value), quote=False)


def short(name: str, n: int = AXIS_CHARS) -> str:
    """An axis label: the name cut to ``n`` characters with an ellipsis.

    >>> short("一二三四五", 3)
    '一二…'
    """
    return name if len(name) <= n else name[: n - 1] + "…"


#: Characters per line of a small-multiple panel title: three panels a row fit a phone.
PANEL_TITLE_CHARS = 7


def wrap(text: str, n: int = PANEL_TITLE_CHARS) -> str:
    """A title broken into balanced lines of at most about ``n`` characters (Plotly
    never wraps titles); a bracketed part such as （%） stays whole.

    >>> wrap("甲乙丙丁戊己庚辛壬癸子丑")
    '甲乙丙丁戊己<br>庚辛壬癸子丑'
    >>> wrap("甲乙丙丁戊率（%）")
    '甲乙丙丁戊率<br>（%）'
    >>> wrap("甲乙丙丁·戊己庚辛壬癸子丑")
    '甲乙丙丁·<br>戊己庚辛<br>壬癸子丑'
    >>> wrap("甲乙丙率（%）")
    '甲乙丙率（%）'
    """
    if len(text) <= n:
        return text
    head, dot, rest = text.partition("·")
    if dot and len(head) < n and rest:  # 甲乙· / 丙丁 / 戊己
        return f"{head}{dot}<br>{wrap(rest, n)}"
    tail = re.search(r"（[^）]*）$", text)
    if tail and tail.start() <= n:  # 甲乙丙率 / （%）
        return f"{text[: tail.start()]}<br>{tail.group()}"
    tokens = re.findall(r"（[^）]*）|.", text)
    lines = -(-len(text) // n)
    target = -(-len(text) // lines)
    out: list[str] = []
    line = ""
    for t in tokens:
        if line and len(line) + len(t) > target and len(out) < lines - 1:
            out.append(line)
            line = ""
        line += t
    return "<br>".join([*out, line])


def _name(labels: dict[str, str], column: str) -> str:
    """A column's display name: the caller's label, else the metadata label."""
    return labels.get(column) or meta_label(column)


#: A chart title longer than this puts its bracketed qualifier on a second line (phones).
TITLE_CHARS = 16


def title_parts(title: str) -> tuple[str, str]:
    """(title, subtitle): a long title's （…） qualifier goes to its own line (Plotly
    never wraps, so on a phone it would be cut off).

    >>> title_parts("甲乙丙丁戊己庚辛壬癸最多的机关（2019–2024 年合计）")
    ('甲乙丙丁戊己庚辛壬癸最多的机关', '（2019–2024 年合计）')
    >>> title_parts("按年度")
    ('按年度', '')
    """
    cut = title.find("（")
    return (title[:cut], title[cut:]) if len(title) > TITLE_CHARS and cut > 0 else (title, "")


def _layout(fig: go.Figure, title: str | None, height: int | None = None) -> go.Figure:
    text, subtitle = title_parts(title or "")
    fig.update_layout(
        title={
            "text": text,
            "subtitle": {"text": subtitle},
            "x": 0,
            "xanchor": "left",
            "y": 0.995,
            "yanchor": "top",
            "yref": "container",
        }
        if title
        else None,
        margin={"l": 10, "r": 10, "t": (110 if subtitle else 90) if title else 10, "b": 10},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "title": None,
            "traceorder": "normal",
        },
        hoverlabel={"namelength": -1},
        separators=".,",
    )
    # plain digits with thousands separators on value axes, never "5k" / "0.5M"
    fig.update_xaxes(exponentformat="none", separatethousands=True)
    fig.update_yaxes(exponentformat="none", separatethousands=True)
    # year axes (one tick a year) read 2024, not 2,024
    fig.update_xaxes(separatethousands=False, tickformat="d", selector={"dtick": 1})
    if height:
        fig.update_layout(height=height)
    fig.update_layout(margin=_margins(fig, bool(title)))
    return fig


def text_px(text: str) -> int:
    """About how wide a tick label is drawn at Plotly's 12 px font (CJK 12 px, other 7 px).

    >>> text_px("机关1,234")
    59
    """
    return sum(12 if ord(c) >= 0x2E80 else 11 if c == "%" else 7 for c in text)


def _value_px(fig: go.Figure, axis: str, suffix: str) -> int:
    """Width of the widest tick label of a numeric axis (its largest value, separated)."""
    import numpy as np

    tops = [0.0]
    for trace in fig.data:
        values = getattr(trace, axis, None)
        if values is None or len(values) == 0:
            continue
        numbers = pd.to_numeric(pd.Series(np.asarray(values, dtype=object)), errors="coerce")
        if numbers.notna().any():
            tops.append(float(numbers.abs().max()))
    top = sum(tops) if fig.layout.barmode == "stack" else max(tops)
    return text_px(f"{top * 1.1:,.0f}{suffix}")  # the axis reaches a little past the data


def _margins(fig: go.Figure, titled: bool) -> dict:
    """Margins that already hold the tick labels and axis titles Plotly's automargin would
    make room for. Automargin stays on (it only ever widens a margin), but when the margins
    it finds equal the ones set, Plotly skips the second full draw it otherwise makes."""
    lay = fig.layout
    margin = {k: getattr(lay.margin, k) for k in ("l", "r", "t", "b")}
    y, x = lay.yaxis, lay.xaxis
    if y.ticktext:
        left = max(text_px(str(t)) for t in y.ticktext) + 18
    elif y.type == "category":
        return margin
    else:
        left = _value_px(fig, "y", y.ticksuffix or "") + 14
    margin["l"] = max(margin["l"], left + 12 + (24 if y.title.text is not None else 0))
    if x.side == "top":
        margin["t"] = max(margin["t"], 41)
    elif not x.tickangle:
        margin["b"] = max(margin["b"], 65 if x.title.text else 40)
    if not titled and any(t.showlegend is not False and t.name for t in fig.data):
        margin["t"] = max(margin["t"], 39)
    return margin


def _category_axis(names: list[str]) -> dict:
    """Full (escaped) names as categories, shortened tick text."""
    return {
        "categoryorder": "array",
        "categoryarray": [esc(n) for n in names],
        "tickvals": [esc(n) for n in names],
        "ticktext": [esc(short(n)) for n in names],
    }


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
    cat_axis = _category_axis(cats) | {"title": _name(labels, x), "type": "category"}
    if horizontal:
        cat_axis["autorange"] = "reversed"
        fig.update_layout(xaxis=value_axis, yaxis=cat_axis)
        return _layout(fig, title, height=max(320, 26 * len(cats) + 120))
    fig.update_layout(yaxis=value_axis, xaxis=cat_axis)
    return _layout(fig, title, height=420)


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
        xaxis={"title": _name(labels, x), "dtick": 1},
        yaxis={"title": y_title, "ticksuffix": "%" if percent else "", "rangemode": "tozero"},
    )
    return _layout(fig, title, height=380)


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
        yaxis=_category_axis(names) | {"autorange": "reversed", "type": "category"},
    )
    return _layout(fig, title, height=max(300, 24 * len(names) + 100))


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
        yaxis=_category_axis(rows) | {"autorange": "reversed", "type": "category"},
        xaxis={"type": "category", "tickangle": -35},
    )
    return _layout(fig, title, height=max(320, 22 * len(rows) + 160))


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
        yaxis=_category_axis(rows) | {"autorange": "reversed", "type": "category"},
        xaxis={"type": "category", "side": "top"},
    )
    return _layout(fig, title, height=max(300, 20 * len(rows) + 120))


def peer_small_multiples(
    df: pd.DataFrame, metrics: list[str], labels: dict[str, str], focus_name: str
) -> go.Figure:
    """One panel per metric: the agency's line against the peers' median and quartiles.

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
        fig.add_scatter(
            x=sub["year"],
            y=sub["peer_p75"],
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
            row=r,
            col=c,
        )
        fig.add_scatter(
            x=sub["year"],
            y=sub["peer_p25"],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(46,134,171,0.18)",
            name="同类机关四分位区间",
            showlegend=first,
            legendgroup="iqr",
            hovertemplate="%{x} 四分位下限：%{y:,.1f}<extra></extra>",
            row=r,
            col=c,
        )
        fig.add_scatter(
            x=sub["year"],
            y=sub["peer_median"],
            mode="lines",
            name="同类机关中位数",
            line={"color": PALETTE[0], "dash": "dash"},
            showlegend=first,
            legendgroup="med",
            hovertemplate="%{x} 中位数：%{y:,.1f}<extra></extra>",
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
    fig = _layout(fig, None, height=260 * rows + 100)
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
    return _layout(fig, title, height=420)


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
