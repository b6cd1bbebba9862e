"""The dashboard's pure modules: filters, measures, metrics, exports, printed tables."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard import exports, metrics, peer_stats, printed, tables
from dashboard import measures as ms
from dashboard.filters import Filters, from_query_params, to_query_params
from etl.template import KINDS, LEVELS, META_FIELDS, TEMPLATE_2019, TEMPLATE_2021, get_template

ROOT = Path(__file__).resolve().parents[2]


def _template_labels() -> set[str]:
    out: set[str] = set()
    for t in (TEMPLATE_2019, TEMPLATE_2021):
        for table in t.tables:
            out |= {table.title, *table.groups, *table.headers}
            for row in table.rows:
                out |= {row.label, *row.aliases, row.group or ""}
                for col in table.columns_of(row):
                    out |= {col.label, *col.aliases, col.group or ""}
        out |= {f.label for f in t.narrative}
    return out | set(LEVELS) | set(KINDS) | set(META_FIELDS.values())


def test_no_template_label_is_typed_in_the_dashboard():
    labels = sorted((x for x in _template_labels() if len(x) >= 3), key=len, reverse=True)
    hits = []
    for path in (ROOT / "dashboard").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        hits += [f"{path.relative_to(ROOT)}: {label}" for label in labels if label in text]
    assert not hits, "\n".join(hits)


def test_filters_round_trip_through_the_query_string():
    f = Filters(2020, 2023, ("甲省",), ("乙市",), (), (LEVELS[2],), KINDS, ("k1", "k2"), ("2021",))
    params = to_query_params(f)
    assert (
        from_query_params(
            lambda k: [params[k]] if isinstance(params.get(k), str) else params.get(k, [])
        )
        == f
    )
    assert from_query_params(
        lambda k: {"from": ["x"], "level": ["a", "a", ""]}.get(k, [])
    ) == Filters(levels=("a",))


def test_outcome_groups_cover_every_result_row_once():
    keys = [k for m in ms.outcome_groups() for k in m.keys]
    apply = TEMPLATE_2021.table("apply")
    expected = [
        apply.cell_key(r, "total")
        for r in apply.rows
        if r.group
        and r.key != "total"
        and r.key not in {k for x in apply.rows for k in x.derived_from}
    ]
    assert sorted(keys) == sorted(expected)
    assert len(ms.reasons()) == 8 + 3 + 5 + 3


def test_kpi_change_and_formatting():
    now, before = pd.Series({"a": 120.0, "s": 40.0}), pd.Series({"a": 100.0, "s": 45.5})
    a, s = metrics.kpis(now, before, [("a", "甲", False), ("s", "乙", True)])
    assert (a.text(), a.delta_text()) == ("120", "+20")
    assert (s.text(), s.delta_text()) == ("40.0%", "-5.5 个百分点")
    (missing,) = metrics.kpis(now, None, [("a", "甲", False)])
    assert missing.delta_text() is None


def test_peer_stats_leave_the_agency_out_of_the_quartiles():
    df = pd.DataFrame(
        {"agency_key": ["me", "p1", "p2", "p3"], "year": [2024] * 4, "m": [10.0, 1.0, 2.0, 3.0]}
    )
    row = peer_stats.peer_stats(df, "me", ["m"]).iloc[0]
    assert (row["value"], row["rank"], row["peer_n"], row["peer_median"]) == (10.0, 1, 4, 2.0)


def test_outliers_flag_shares_above_the_upper_fence():
    df = pd.DataFrame(
        {
            "agency_key": list("abcdefgh"),
            "agency": list("ABCDEFGH"),
            "r": [1, 1, 1, 1, 1, 1, 1, 40],
            "t": [100] * 8,
        }
    )
    out = peer_stats.outliers(df, ["r"], "t", min_total=50)
    assert list(out["agency"]) == ["H"] and out.iloc[0]["share_pct"] == 40
    assert peer_stats.outliers(df, ["r"], "t", min_total=500).empty


def test_exports_are_readable_and_defused():
    df = pd.DataFrame({"机关": ["=HYPERLINK(1)", "甲"], "件数": [1, np.nan]})
    csv = exports.to_csv_bytes(df).decode("utf-8-sig")
    assert csv.splitlines()[0] == "机关,件数" and "'=HYPERLINK(1)" in csv
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(df)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("机关", "件数") and rows[1][0] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("template_id", ["2019", "2021"])
def test_printed_tables_have_every_printed_cell_and_escape_report_text(template_id):
    template = get_template(template_id)
    keys = [k for t in template.tables for _, _, k in t.cells()]
    long = pd.DataFrame(
        {
            "key": keys,
            "value": [float(i) for i in range(len(keys))],
            "derived": [False] * len(keys),
            "locator": [json.dumps({"row_label": "<script>x</script>", "line": 3})] * len(keys),
        }
    )
    cells = tables.cell_texts(long, template_id)
    html = printed.active_html(template_id, cells) + printed.apply_html(template_id, cells)
    html += printed.appeal_html(template_id, cells)
    assert "<script>" not in html and "&lt;script&gt;" in html
    derived = {
        k
        for k in keys
        if any(r.derived_from for r in template.table("apply").rows if f".{r.key}." in k)
    }
    printed_keys = [k for k in keys if k not in derived]
    assert html.count('<td class="v"') == len(printed_keys)
    apply = template.table("apply")
    assert html.count("<tr>") >= len([r for r in apply.rows if not r.derived_from])


def test_absent_cells_are_dashes_not_zeros():
    cells = tables.cell_texts(pd.DataFrame(columns=["key", "value", "derived", "locator"]), "2021")
    assert {c.text for c in cells.values()} == {tables.ABSENT}


def test_locator_table_shows_where_each_value_was_read():
    long = pd.DataFrame(
        {
            "key": ["apply.new.total"],
            "value": [5.0],
            "derived": [False],
            "locator": ['{"row_label": "本年新收", "line": 12, "extra": 1}'],
        }
    )
    out = tables.locators(long, ["apply.new.total"])
    assert out.iloc[0][["row_label", "line"]].tolist() == ["本年新收", "12"]
    assert json.loads(out.iloc[0]["more"]) == {"extra": 1}


@pytest.mark.parametrize(
    "name",
    [
        "chart_layout",
        "exports",
        "filters",
        "labels",
        "metrics",
        "peer_charts",
        "tables",
        "ui",
    ],
)
def test_doctests(name):
    """The Makefile doctests etl/ only; the dashboard's pure helpers are checked here."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"dashboard.{name}"))
    assert result.failed == 0 and result.attempted > 0


def test_page_list_matches_app_pages():
    """The shared page list cannot drift from the page files the frame serves."""
    from browser_support import PAGE_NAMES

    files = {
        p.stem for p in (ROOT / "dashboard" / "app_pages").glob("*.py") if p.stem != "__init__"
    }
    assert set(PAGE_NAMES) == files and len(PAGE_NAMES) == len(files)
