"""One report's three tables as the template prints them: merged header cells,
the 一、/（一）/1. numbering, and every value cell's source locator as its tooltip.

Pure: returns HTML strings built only from ``etl.template`` labels and values
the caller has formatted. Every piece of text (template labels, formatted
values, locators, which hold report text) goes through ``html.escape``, so a
report can never inject markup; the page shows the result with ``st.html``
(sanitised again by DOMPurify, scripts off).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from etl.template import Table, get_template
from etl.template import parts as p

NUMERALS = "一二三四五六七八九十"
STYLE = """<style>
div.xxgk-scroll {overflow-x: auto; max-width: 100%;}
table.xxgk-printed {border-collapse: collapse; font-size: 13px; margin: 0 0 1rem 0; width: 100%;}
table.xxgk-printed th, table.xxgk-printed td {border: 1px solid #bbb; padding: 3px 6px;}
table.xxgk-printed th {background: #f3f4f6; font-weight: 600; text-align: center;}
table.xxgk-printed th.row {text-align: left; font-weight: 500;}
table.xxgk-printed td.v {text-align: right; font-variant-numeric: tabular-nums; cursor: help;}
table.xxgk-printed td.absent {color: #999;}
table.xxgk-printed td.derived {font-style: italic;}
table.xxgk-printed td.flagged.error {background: #fde8e7; outline: 2px solid #d92d20;}
table.xxgk-printed td.flagged.warning {background: #fdf1d6; outline: 2px solid #f0a30a;}
table.xxgk-printed td.flagged.info {background: #eef0f3; outline: 1px dashed #98a2b3;}
table.xxgk-printed caption {caption-side: top; text-align: left; font-weight: 600; padding: 4px 0;}
</style>"""


@dataclass(frozen=True)
class CellText:
    """A value cell: the printed text, its tooltip and how it was obtained."""

    text: str
    tooltip: str = ""
    css: str = "v"


Cells = dict[str, CellText]


def _td(cell: CellText | None) -> str:
    cell = cell or CellText("", "", "v absent")
    return f'<td class="{cell.css}" title="{escape(cell.tooltip)}">{escape(cell.text)}</td>'


def _th(text: str, rowspan: int = 1, colspan: int = 1, css: str = "") -> str:
    span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    cls = f' class="{css}"' if css else ""
    return f"<th{span}{cls}>{escape(text)}</th>"


def numeral(i: int) -> str:
    """Chinese numeral for 1…10 (the template's 一、二、 and （一）)."""
    return NUMERALS[i - 1] if 1 <= i <= len(NUMERALS) else str(i)


def _scrolling(tables: str) -> str:
    """The style and the tables in a box that scrolls sideways when the screen is narrow."""
    return f'{STYLE}<div class="xxgk-scroll">{tables}</div>'


def active_html(template_id: str, cells: Cells) -> str:
    """Part 二: one sub-table per 第二十条 item with its own columns."""
    table = get_template(template_id).table("active")
    out = []
    for header in table.headers:
        rows = [r for r in table.rows if r.group == header]
        columns = list(dict.fromkeys(c.label for r in rows for c in table.columns_of(r)))
        html = [f'<table class="xxgk-printed"><tr>{_th(header, colspan=len(columns) + 1)}</tr>']
        html.append("<tr>" + _th(p.INFO_CONTENT) + "".join(_th(c) for c in columns) + "</tr>")
        for r in rows:
            by_label = {c.label: table.cell_key(r, c) for c in table.columns_of(r)}
            tds = "".join(_td(cells.get(by_label.get(c, ""))) for c in columns)
            html.append(f"<tr>{_th(r.label, css='row')}{tds}</tr>")
        out.append("".join(html) + "</table>")
    return _scrolling("".join(out))


def _apply_header(table: Table) -> str:
    cols = table.columns
    used = {c.group for c in cols} | {r.group for r in table.rows}
    overall = next((g for g in table.groups if g not in used), "")
    org = [c for c in cols if c.group]
    first = "".join(
        _th(c.label, rowspan=2)
        if not c.group
        else (_th(c.group, colspan=len(org)) if c is org[0] else "")
        for c in cols
    )
    return (
        f"<tr>{_th(p.BALANCE_NOTE, rowspan=3, colspan=3)}{_th(overall, colspan=len(cols))}</tr>"
        f"<tr>{first}</tr><tr>{''.join(_th(c.label) for c in org)}</tr>"
    )


def _printed_rows(table: Table) -> list:
    """Rows the template prints: a derived row (2021 other processing = Σ its sub-rows) is not."""
    return [r for r in table.rows if not r.derived_from]


def _apply_labels(table: Table) -> list[str]:
    """The label cells in front of each printed row, numbered and merged as printed:
    一、… over three columns; 三、<results> merged down the results block; inside it
    （一）… over two columns, or a group heading such as （三）<withheld> merged down its 1. 2. … rows."""
    printed = _printed_rows(table)
    block = [r for r in printed if r.group]
    labels: list[str] = []
    top = sub = 0
    for r in printed:
        if r.group is None:
            top += 1
            labels.append(_th(f"{numeral(top)}、{r.label}", colspan=3, css="row"))
            continue
        lead = ""
        if r is block[0]:
            top += 1
            lead = _th(f"{numeral(top)}、{p.RESULTS}", rowspan=len(block))
        if r.group == p.RESULTS:
            sub += 1
            labels.append(lead + _th(f"（{numeral(sub)}）{r.label}", colspan=2, css="row"))
            continue
        members = [x for x in printed if x.group == r.group]
        n = members.index(r) + 1
        head = ""
        if n == 1:
            sub += 1
            head = _th(f"（{numeral(sub)}）{r.group}", rowspan=len(members))
        labels.append(lead + head + _th(f"{n}.{r.label}", css="row"))
    return labels


def apply_html(template_id: str, cells: Cells) -> str:
    """Part 三 with its three header rows and numbered, merged row labels."""
    table = get_template(template_id).table("apply")
    labels = _apply_labels(table)
    body = []
    for label, r in zip(labels, _printed_rows(table), strict=True):
        tds = "".join(_td(cells.get(table.cell_key(r, c))) for c in table.columns)
        body.append(f"<tr>{label}{tds}</tr>")
    return _scrolling(f'<table class="xxgk-printed">{_apply_header(table)}{"".join(body)}</table>')


def appeal_html(template_id: str, cells: Cells) -> str:
    """Part 四: the fifteen numbers under review / litigation and their result columns."""
    table = get_template(template_id).table("appeal")
    cols = table.columns
    alone = [r for r in table.rows if not r.group]
    grouped = [r for r in table.rows if r.group]
    first = "".join(_th(r.label, colspan=len(cols)) for r in alone)
    if grouped:
        first += _th(grouped[0].group or "", colspan=len(cols) * len(grouped))
    second = "".join(_th(c.label, rowspan=2) for _ in alone for c in cols)
    second += "".join(_th(r.label, colspan=len(cols)) for r in grouped)
    third = "".join(_th(c.label) for _ in grouped for c in cols)
    values = "".join(_td(cells.get(table.cell_key(r, c))) for r in alone + grouped for c in cols)
    return _scrolling(
        f'<table class="xxgk-printed"><tr>{first}</tr><tr>{second}</tr>'
        f"<tr>{third}</tr><tr>{values}</tr></table>"
    )
