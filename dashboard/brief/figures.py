"""The brief's four charts, drawn with matplotlib as 200-dpi PNG (sharp in print,
readable by python-docx and ReportLab alike), in the embedded CJK font. Figures are
made without pyplot, so the dashboard's threads can draw at the same time."""

from __future__ import annotations

import io

import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from dashboard.brief.fonts import find_cjk_font
from dashboard.chart_layout import PALETTE

DPI = 200
SIZE = (7.0, 3.2)  # inches: the width of the A4 text column


def _font() -> font_manager.FontProperties:
    return font_manager.FontProperties(fname=str(find_cjk_font().path), size=9)


def _new():
    """A figure outside pyplot (no global state: safe in the dashboard's threads)."""
    fig = Figure(figsize=SIZE)
    return fig, fig.subplots()


def _finish(fig, ax, title: str, fp) -> bytes:
    ax.set_title(title, fontproperties=fp, fontsize=11, loc="left")
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(fp)
    ax.spines[["top", "right"]].set_visible(False)
    leg = ax.get_legend()
    if leg is not None:
        for t in leg.get_texts():
            t.set_fontproperties(fp)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def _empty(ax, fp, text: str = "无数据") -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", fontproperties=fp, transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def stacked_by_year(df: pd.DataFrame, title: str) -> bytes:
    """One stacked bar per year, one segment per column other than ``year``."""
    fp = _font()
    fig, ax = _new()
    parts = [c for c in df.columns if c != "year"]
    data = df.fillna(0)
    if data.empty or not data[parts].to_numpy().any():
        _empty(ax, fp)
        return _finish(fig, ax, title, fp)
    bottom = pd.Series(0.0, index=data.index)
    x = [str(int(y)) for y in data["year"]]
    for i, p in enumerate(parts):
        ax.bar(x, data[p], bottom=bottom, label=p, color=PALETTE[i % len(PALETTE)])
        bottom = bottom + data[p]
    ax.legend(prop=fp, fontsize=8, ncols=3, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return _finish(fig, ax, title, fp)


def lines_by_year(df: pd.DataFrame, title: str) -> bytes:
    """One line per column other than ``year``."""
    fp = _font()
    fig, ax = _new()
    parts = [c for c in df.columns if c != "year"]
    if df.empty or df[parts].isna().all().all():
        _empty(ax, fp)
        return _finish(fig, ax, title, fp)
    x = [str(int(y)) for y in df["year"]]
    for i, p in enumerate(parts):
        ax.plot(x, df[p], marker="o", label=p, color=PALETTE[i % len(PALETTE)])
    ax.set_ylim(bottom=0)
    ax.legend(prop=fp, frameon=False)
    return _finish(fig, ax, title, fp)


def horizontal_bars(
    df: pd.DataFrame, label: str, value: str, title: str, empty: str = "无数据", top: int = 10
) -> bytes:
    """The largest ``top`` rows as horizontal bars, largest on top."""
    fp = _font()
    fig, ax = _new()
    data = df.head(top)
    if data.empty:
        _empty(ax, fp, empty)
        return _finish(fig, ax, title, fp)
    names = [n if len(n) <= 18 else n[:17] + "…" for n in data[label]]
    ax.barh(names[::-1], list(data[value])[::-1], color=PALETTE[2])
    for i, v in enumerate(list(data[value])[::-1]):
        ax.text(v, i, f" {v:,.0f}", va="center", fontproperties=fp)
    return _finish(fig, ax, title, fp)


def grouped_bars(df: pd.DataFrame, label: str, title: str) -> bytes:
    """One group of bars per row of ``df`` (part 四: review, litigation …)."""
    fp = _font()
    fig, ax = _new()
    parts = [c for c in df.columns if c != label]
    data = df.fillna(0)
    if data.empty or not data[parts].to_numpy().any():
        _empty(ax, fp, "本年没有复议、诉讼案件")
        return _finish(fig, ax, title, fp)
    width = 0.8 / len(parts)
    for i, p in enumerate(parts):
        xs = [j + i * width for j in range(len(data))]
        ax.bar(xs, data[p], width=width, label=p, color=PALETTE[i % len(PALETTE)])
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(data))], list(data[label]))
    ax.legend(prop=fp, frameon=False, ncols=len(parts))
    return _finish(fig, ax, title, fp)


def brief_charts(brief) -> list[tuple[str, bytes]]:
    """The four charts of a brief: outcomes and activity over the years, denial reasons
    and review / litigation in the brief's year."""
    from etl.template import parts as p

    y = brief.year
    titles = (
        f"申请{p.RESULTS[3:]}（历年）",
        f"{p.WITHHELD}、{p.UNABLE}与{p.REJECTED}的原因（{y} 年）",
        f"{p.LICENSING}与执法（历年）",
        f"复议与诉讼（{y} 年）",
    )
    return [
        (titles[0], stacked_by_year(brief.outcomes, titles[0])),
        (
            titles[1],
            horizontal_bars(
                brief.reasons,
                "reason",
                "count",
                titles[1],
                f"本年没有{p.WITHHELD}、{p.UNABLE}或{p.REJECTED}的申请",
            ),
        ),
        (titles[2], lines_by_year(brief.activity, titles[2])),
        (titles[3], grouped_bars(brief.appeal, "group", titles[3])),
    ]
