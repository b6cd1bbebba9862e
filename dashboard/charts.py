"""Pure Plotly builders: (DataFrame, labels) → Figure; no Streamlit calls."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go


def outcomes_stacked_bar(df: pd.DataFrame) -> go.Figure:
    """Outcome mix per agency, stacked horizontal bars."""
    totals = df.groupby("agency")["count"].sum().sort_values()
    fig = px.bar(
        df,
        x="count",
        y="agency",
        color="outcome",
        orientation="h",
        category_orders={"agency": list(totals.index)},
        labels={"count": "件数", "agency": "机关", "outcome": "办理结果"},
        hover_data={"year": True},
    )
    fig.update_layout(barmode="stack", height=max(320, 28 * len(totals) + 120), legend_title=None)
    return fig
