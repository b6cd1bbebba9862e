"""One report's values as printed cells (text + source tooltip) and as a locator
table. Pure pandas over ``etl.template``; no Streamlit.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from dashboard.labels import key_label
from dashboard.printed import CellText
from etl.provenance import ValueSource
from etl.template import get_template

ABSENT = "—"
DERIVED_MARK = "*"


def format_value(value: float | None, *, amount: bool = False, derived: bool = False) -> str:
    """A cell as printed: whole numbers plain, amounts with decimals, absent as a dash.

    >>> format_value(12.0), format_value(None), format_value(1.5, amount=True, derived=True)
    ('12', '—', '1.50*')
    """
    if value is None or pd.isna(value):
        return ABSENT
    text = (
        f"{value:.2f}" if amount else (f"{value:.0f}" if float(value).is_integer() else f"{value}")
    )
    return text + (DERIVED_MARK if derived else "")


def cell_texts(long: pd.DataFrame, template_id: str) -> dict[str, CellText]:
    """Every table cell of the template: printed text and a tooltip saying where it came from."""
    got = {k: (v, d, loc) for k, v, d, loc in _rows(long)}
    out: dict[str, CellText] = {}
    for table in get_template(template_id).tables:
        for _, col, key in table.cells():
            if key not in got:
                out[key] = CellText(
                    ABSENT, f"{key_label(key)}\n年报未列出该数值（不是 0）", "v absent"
                )
                continue
            value, derived, loc = got[key]
            text = format_value(value, amount=col.is_amount, derived=derived)
            tip = [key_label(key), *_where(_parse(loc))]
            if derived:
                tip.append("按模板规则推算，不是年报原文")
            out[key] = CellText(text, "\n".join(tip), "v derived" if derived else "v")
    return out


def _rows(long: pd.DataFrame):
    return zip(long["key"], long["value"], long["derived"], long["locator"], strict=True)


def _parse(locator: object) -> dict:
    """A locator JSON as a dict (anything else kept under ``raw``)."""
    if not isinstance(locator, str):
        return {} if locator is None else {"raw": str(locator)}
    try:
        parsed = json.loads(locator) if locator else {}
    except ValueError:
        return {"raw": str(locator)}
    return parsed if isinstance(parsed, dict) else {"raw": str(parsed)}


def _where(loc: dict) -> list[str]:
    """The tooltip line on where a value was read, worded as ``xxgk explain`` words it.

    >>> _where({"row_label": "甲", "column": "乙", "cell": "0", "line": 29})
    ['出处：行“甲” · 列“乙” · 原文“0” · 第29行']
    """
    if "raw" in loc:
        return [f"出处：{loc['raw']}"]
    return [f"出处：{ValueSource.from_json(loc).describe()}"]


#: The locator fields shown as columns of the report page's locator table.
LOCATOR_FIELDS = ("part", "row_label", "column", "cell", "line", "page", "table", "r", "c")
assert set(LOCATOR_FIELDS) <= set(ValueSource.__dataclass_fields__), "unknown locator field"


def locators(long: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Every value with its label and where it was read (one column per locator field)."""
    rows = []
    rank = {k: i for i, k in enumerate(order)}
    for k, v, d, loc in _rows(long):
        parsed = _parse(loc)
        row = {"label": key_label(k), "key": k, "value": v, "derived": bool(d)}
        row |= {f: _text(parsed.get(f)) for f in LOCATOR_FIELDS}
        row["more"] = json.dumps(
            {f: x for f, x in parsed.items() if f not in LOCATOR_FIELDS}, ensure_ascii=False
        )
        rows.append(row)
    out = pd.DataFrame(rows, columns=["label", "key", "value", "derived", *LOCATOR_FIELDS, "more"])
    out["_o"] = out["key"].map(rank).fillna(len(rank))
    out = out.sort_values("_o").drop(columns="_o").reset_index(drop=True)
    unused = [f for f in LOCATOR_FIELDS if (out[f] == "").all()]
    return out.drop(columns=unused)


def _text(value: object) -> str:
    """A locator field as text (JSON numbers and strings mixed in one column).

    >>> _text(None), _text(29), _text("规章")
    ('', '29', '规章')
    """
    return "" if value is None else str(value)


def flag_cells(
    cells: dict[str, CellText], findings: pd.DataFrame, titles: dict[str, str]
) -> dict[str, CellText]:
    """The cells a finding names, marked by severity (css ``flagged <severity>``) with the
    rule's name and the printed vs expected numbers first in their tooltip.

    ``findings`` holds severity (error/warning/info), rule, key (comma-separated keys),
    expected and found; ``titles`` maps rule ids to their names.
    """
    out = dict(cells)
    f: Any  # a row of ``findings``
    for f in findings.itertuples():
        keys = [k.strip() for k in str(f.key or "").split(",") if k.strip()]
        note = f"【{f.rule} {titles.get(f.rule, '')}】".replace(" 】", "】")
        if pd.notna(f.found) or pd.notna(f.expected):
            note += f"\n年报印为 {format_value(f.found)}，按规则应为 {format_value(f.expected)}"
        for key in keys:
            if key not in out:
                continue
            cell = out[key]
            css = cell.css if "flagged" in cell.css else f"{cell.css} flagged {f.severity}"
            out[key] = CellText(cell.text, f"{note}\n{cell.tooltip}", css)
    return out
