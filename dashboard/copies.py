"""The 文字雷同 view of one pair of reports: both reports' prose (parts 一, 五, 六) side by
side, each sentence marked as shared (the other report prints it too, names and figures
aside), boilerplate (printed by many reports of the year: not counted) or its own.

Pure: a cursor on the dashboard's store in, a PairView out; the page draws it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import office_queries
from etl.checks.copies import Passage, side_by_side
from etl.store.prose import decode


@dataclass(frozen=True)
class Side:
    """One report of the pair."""

    report_id: str
    agency: str
    year: int | None
    passages: list[Passage]

    @property
    def n_shared(self) -> int:
        """Sentences of its own that the other report prints too."""
        return sum(p.shared and not p.boilerplate for p in self.passages)


@dataclass(frozen=True)
class PairView:
    """Two reports and what the copy screen found about them."""

    left: Side
    right: Side
    relation: str | None  # previous_year | same_year, None: not a pair the screen found
    similarity: float | None

    @property
    def kind(self) -> str:
        """The relation as the pages name it."""
        return office_queries.COPY_KINDS.get(self.relation or "", "未判为雷同")


def pair_view(cur: duckdb.DuckDBPyConnection, report_id: str, other_id: str) -> PairView | None:
    """Both reports with their sentences marked; None when either has no stored prose."""
    rows = office_queries.copy_pair(cur, report_id, other_id)
    if len(rows) != 2 or rows["prose"].isna().any():
        return None
    a, b = rows.iloc[0], rows.iloc[1]
    year = a["year"] if pd.notna(a["year"]) else None
    boiler = office_queries.copy_boilerplate(cur, int(year)) if year is not None else set()
    left, right = side_by_side(
        decode(bytes(a["prose"])), a["agency"], decode(bytes(b["prose"])), b["agency"], boiler
    )
    sim = a["similarity"]
    return PairView(
        _side(a, left),
        _side(b, right),
        a["relation"] if pd.notna(a["relation"]) else None,
        float(sim) if pd.notna(sim) else None,
    )


def _side(row: pd.Series, passages: list[Passage]) -> Side:
    year = int(row["year"]) if pd.notna(row["year"]) else None
    return Side(str(row["report_id"]), row["agency"] or "（未识别机关）", year, passages)


#: How each kind of sentence is drawn (shared own text stands out; boilerplate is grey).
STYLE = {
    "both": "background:#ffe08a;border-radius:3px;padding:0 2px",
    "boilerplate": "color:#8a8a8a",
    "own": "",
}


def passage_html(passages: list[Passage]) -> str:
    """The sentences as HTML: shared own sentences marked, boilerplate grey, the rest plain.

    >>> passage_html([Passage("甲<乙>", True, False), Passage("丙", False, False)])
    '<p><mark data-kind="both" style="background:#ffe08a;border-radius:3px;padding:0 2px">甲&lt;乙&gt;。</mark><span data-kind="own">丙。</span></p>'
    """
    out = []
    for p in passages:
        kind = "boilerplate" if p.boilerplate else "both" if p.shared else "own"
        tag = "mark" if kind == "both" else "span"
        style = f' style="{STYLE[kind]}"' if STYLE[kind] else ""
        out.append(f'<{tag} data-kind="{kind}"{style}>{html.escape(p.text)}。</{tag}>')
    return "<p>" + "".join(out) + "</p>"
