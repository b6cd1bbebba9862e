"""What every dashboard figure shares: colours, report text made safe for Plotly, short
axis names, wrapped titles, and margins that already hold the tick labels (so Plotly
draws a chart once instead of widening its margins and drawing it again).

Text that comes from reports (agency names, places) is HTML-escaped before it
reaches a figure, because Plotly renders a subset of HTML in labels and hovers.
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


def column_name(labels: dict[str, str], column: str) -> str:
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


def finish(fig: go.Figure, title: str | None, height: int | None = None) -> go.Figure:
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
    fig.update_layout(margin=margins(fig, bool(title)))
    return fig


def text_px(text: str) -> int:
    """About how wide a tick label is drawn at Plotly's 12 px font (CJK 12 px, other 7 px).

    >>> text_px("机关1,234")
    59
    """
    return sum(12 if ord(c) >= 0x2E80 else 11 if c == "%" else 7 for c in text)


def value_px(fig: go.Figure, axis: str, suffix: str) -> int:
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


def margins(fig: go.Figure, titled: bool) -> dict:
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
        left = value_px(fig, "y", y.ticksuffix or "") + 14
    margin["l"] = max(margin["l"], left + 12 + (24 if y.title.text is not None else 0))
    if x.side == "top":
        margin["t"] = max(margin["t"], 41)
    elif not x.tickangle:
        margin["b"] = max(margin["b"], 65 if x.title.text else 40)
    if not titled and any(t.showlegend is not False and t.name for t in fig.data):
        margin["t"] = max(margin["t"], 39)
    return margin


def category_axis(names: list[str]) -> dict:
    """Full (escaped) names as categories, shortened tick text."""
    return {
        "categoryorder": "array",
        "categoryarray": [esc(n) for n in names],
        "tickvals": [esc(n) for n in names],
        "ticktext": [esc(short(n)) for n in names],
    }
