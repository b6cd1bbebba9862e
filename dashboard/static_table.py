"""Short tables drawn as static HTML, with their CSV/Excel downloads.

Why not ``st.dataframe``: its grid (a canvas) costs the browser about 0.2 s of main-thread
time per page that draws one, and ``st.table`` nearly as much; an escaped HTML table costs
about 0.03 s. A table users read rather than browse (≤ ~50 rows, already in a meaningful
order that its caption states) is drawn here; its export keeps every row for sorting
elsewhere. Every cell is escaped (``html.escape``): report text never becomes markup.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import pandas as pd

from dashboard import exports
from dashboard.labels import column_labels

ABSENT = "—"

#: One style block per table (st.html keeps it inside the element): compact rows, numbers
#: right-aligned in tabular figures, a horizontal scroll instead of overflow on phones.
STYLE = """<style>
.xxgk-t {overflow-x: auto; margin-bottom: 0.5rem;}
.xxgk-t table {border-collapse: collapse; font-size: 0.875rem; width: 100%;}
.xxgk-t th {text-align: left; font-weight: 600; padding: 0.3rem 0.6rem;
  border-bottom: 1px solid rgba(49,51,63,0.3); white-space: nowrap;}
.xxgk-t td {padding: 0.25rem 0.6rem; border-bottom: 1px solid rgba(49,51,63,0.1);}
.xxgk-t td.n, .xxgk-t th.n {text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap;}
</style>"""


def absent(value: object) -> bool:
    """None, NA or NaN.

    >>> absent(None), absent(float("nan")), absent(pd.NA), absent(0)
    (True, True, True, False)
    """
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def number_text(value: object, *, percent: bool = False) -> str:
    """A number as the grid showed it: thousands separators, whole numbers without
    decimals, others as stored (pages round them half up first), percentages with one
    decimal and a % sign; absent as a dash.

    >>> number_text(1234), number_text(1234.0), number_text(12.5), number_text(None)
    ('1,234', '1,234', '12.5', '—')
    >>> number_text(6.25, percent=True), number_text(0.3333333)
    ('6.3%', '0.333')
    """
    if absent(value):
        return ABSENT
    if percent:
        from dashboard.metrics import fixed

        return fixed(float(value), 1) + "%"  # type: ignore[arg-type]
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer() and abs(number) < 2**53:
        return f"{int(number):,}"
    return f"{number:,.3f}".rstrip("0").rstrip(".")  # the grid's default: ≤ 3 decimals


def _formatter(
    column: object, numeric: bool, percent: bool, given: Callable[[object], str] | None
) -> Callable[[object], str]:
    """How a column's cells print: ``given``, a year (2024, not 2,024), a number, text."""
    if given is not None:
        return lambda v: ABSENT if absent(v) else given(v)
    if numeric and str(column).endswith("year"):
        return lambda v: ABSENT if absent(v) else str(int(v))  # type: ignore[call-overload]
    if numeric:
        return lambda v: number_text(v, percent=percent)
    return lambda v: "" if v is None else str(v)


def html_table(
    df: pd.DataFrame,
    labels: dict[str, str] | None = None,
    *,
    name: str = "",
    percent: tuple[str, ...] = (),
    styles: dict[str, Callable[[object], str]] | None = None,
    formats: dict[str, Callable[[object], str]] | None = None,
) -> str:
    """``df`` as an escaped HTML table with Chinese headers (:func:`column_labels`),
    yes/no as 是/否, absent text empty and absent numbers as a dash. ``percent`` names
    columns shown as percentages (also any ``*_pct``); ``styles`` maps a column to a
    function of its cell giving inline CSS (semantic colours), ``formats`` to one giving
    its text (escaped after). ``name`` becomes the
    table's ``data-table`` attribute (tests and the browser find it by that).

    >>> df = pd.DataFrame({"agency": ["<甲>"], "n": [1200.0]})
    >>> html_table(df, {"agency": "名称", "n": "件数"})  # doctest: +ELLIPSIS
    '...<th>名称</th><th class="n">件数</th>...<td>&lt;甲&gt;</td><td class="n">1,200</td>...'
    """
    heads = column_labels(list(df.columns), labels)
    # Float columns print through number_text as they are (whole numbers without decimals,
    # as tidy's integer columns would): tidying them cost ~0.5 ms a column, every run.
    floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
    rest = [c for c in df.columns if c not in floats]
    shown = df if not rest else pd.concat([df[floats], exports.tidy(df[rest])], axis=1)
    shown = shown[list(df.columns)]
    numeric = {c for c in df.columns if pd.api.types.is_numeric_dtype(shown[c])}
    numeric -= {c for c in df.columns if pd.api.types.is_bool_dtype(df[c])}
    pct = set(percent) | {c for c in df.columns if str(c).endswith("_pct")}
    text_of = {c: _formatter(c, c in numeric, c in pct, (formats or {}).get(c)) for c in df.columns}
    style_of = styles or {}
    right = {c for c in df.columns if c in numeric or c in (formats or {})}
    head = "".join(
        f'<th class="n">{escape(heads[c])}</th>' if c in right else f"<th>{escape(heads[c])}</th>"
        for c in df.columns
    )
    body = []
    for row in shown.itertuples(index=False, name=None):
        cells = []
        for c, v in zip(df.columns, row, strict=True):
            css = style_of[c](v) if c in style_of else ""
            attr = (' class="n"' if c in right else "") + (f' style="{escape(css)}"' if css else "")
            cells.append(f"<td{attr}>{escape(text_of[c](v))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'{STYLE}<div class="xxgk-t xxgk-scroll" data-table="{escape(name)}"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def show(
    df: pd.DataFrame,
    name: str,
    labels: dict[str, str] | None = None,
    *,
    percent: tuple[str, ...] = (),
    styles: dict[str, Callable[[object], str]] | None = None,
    formats: dict[str, Callable[[object], str]] | None = None,
    download: bool = True,
) -> None:
    """Draw ``df`` with :func:`html_table` and, below it, its CSV and Excel buttons."""
    import streamlit as st

    from dashboard import ui

    st.html(html_table(df, labels, name=name, percent=percent, styles=styles, formats=formats))
    if download:
        ui.downloads(df, name, labels)


def listing(
    df: pd.DataFrame,
    name: str,
    labels: dict[str, str] | None = None,
    *,
    order: str,
    head: int = 20,
    grid: dict | None = None,
    percent: tuple[str, ...] = (),
    styles: dict[str, Callable[[object], str]] | None = None,
    formats: dict[str, Callable[[object], str]] | None = None,
    download: bool = True,
) -> None:
    """A list read from the top: its first ``head`` rows as a static table with a caption
    saying ``order`` and how many rows there are, every row in the downloads (unless not
    ``download``: the page offers them otherwise), and (for a
    longer list) a switch that shows the whole list as the sortable, searchable grid
    (``ui.table`` with ``grid``'s keyword arguments). The grid costs the browser ~0.12–0.2 s
    on every load of a page that draws one, the switch ~0.02 s."""
    import streamlit as st

    from dashboard import ui

    if len(df) > head and st.toggle(
        f"浏览全部 {len(df):,} 行（可排序、搜索）", key=f"{name}-browse"
    ):
        ui.table(df, name, labels, download=download, **(grid or {}))
        return
    show(df.head(head), name, labels, percent=percent, styles=styles, formats=formats,
         download=False)  # fmt: skip
    if download:
        ui.downloads(df, name, labels)
    if len(df) > head:
        where = "下载文件含全部" if download else "打开上面的开关可浏览全部"
        st.caption(f"{order}；显示前 {head} 行（共 {len(df):,} 行），{where}。")
