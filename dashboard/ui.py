"""Streamlit helpers the pages share: the current filter, charts and tables with
their downloads, plain-text rendering of report text, empty states.

Report text (agency names, messages, paths) only reaches the page through
``st.dataframe``, ``st.text``/``st.code``, :func:`literal` (a Markdown code span) or
:func:`heading_text` (an escaped text node); never as Markdown or markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import exports
from dashboard.filters import Filters
from dashboard.labels import column_labels

FILTERS_KEY = "xxgk_filters"


def filters() -> Filters:
    """The filter the frame built for this run."""
    return st.session_state.get(FILTERS_KEY, Filters())


#: Streamlit's own English words (file uploader) replaced by Chinese ones, and layout
#: fixes for small screens; set once per run by the frame.
PAGE_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] span {display: none;}
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {
  content: "拖入文件，或点击按钮选择（每个不超过 200 MB）"; font-size: 0.875rem; opacity: 0.75;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {display: none;}
[data-testid="stFileUploaderDropzone"] button [data-has-shortcut]::after {content: "选择文件";}
/* laptops (1280×720): less empty space above the title, so key tables start above the fold */
[data-testid="stMainBlockContainer"] {padding-top: 3rem !important;}
@media (max-width: 640px) {
  /* phones: metric cards two per row (other columns stack, as Streamlit does), labels wrap */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap !important; gap: 0.5rem !important;}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] {
    min-width: calc(50% - 0.5rem) !important; flex: 1 1 calc(50% - 0.5rem) !important;}
  [data-testid="stMetricLabel"] p {white-space: normal !important; overflow-wrap: anywhere;}
  [data-testid="stMetricLabel"] div {overflow: visible !important; white-space: normal !important;}
  [data-testid="stMetricValue"] {font-size: 1.5rem !important;}
  h1 {font-size: 1.75rem !important;}
}
</style>"""


def page_css() -> None:
    """Apply :data:`PAGE_CSS` (fixed text of ours, no report text)."""
    st.html(PAGE_CSS)


def literal(text: object) -> str:
    """Text for a Markdown string, shown literally: a code span, which Markdown renders
    as is (no links, autolinks, emphasis or HTML) — escaping alone would not stop GFM
    from turning ``http://…`` into a link.

    >>> literal("a`b"), literal("[x](http://y)")
    ('`` a`b ``', '`` [x](http://y) ``')
    """
    body = str(text).replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1) if longest else "``"
    return f"{fence} {body} {fence}"


def heading_text(text: object) -> None:
    """A heading whose words come from a report: escaped into a text node (``st.html``
    with ``html.escape``), never parsed as Markdown or markup."""
    st.html(f'<h3 style="margin:0.5rem 0 0.25rem 0">{escape(str(text))}</h3>')


def export_name(name: str) -> tuple[str, str]:
    """(file name without extension, header line) of an export of ``name``: the file
    name carries the filter and the snapshot's time, the line says both in words."""
    from dashboard import data

    try:
        header, part = data.export_context(filters())
    except data.StoreError:
        header, part = "", "全部"
    return f"xxgk-{name}-{part}", header


def plotly_config(name: str) -> dict:
    """Modebar settings: PNG download named after the chart, filter and snapshot; no
    Plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": export_name(name)[0], "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }


def downloads(df: pd.DataFrame, name: str, labels: dict[str, str] | None = None) -> None:
    """CSV and Excel buttons for a frame; the files are made only when clicked."""
    out = exports.relabel(df, column_labels(list(df.columns), labels))
    file, header = export_name(name)
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "下载 CSV",
        data=lambda: exports.to_csv_bytes(out, header),
        file_name=f"{file}.csv",
        mime="text/csv",
        key=f"csv-{name}",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        "下载 Excel",
        data=lambda: exports.to_xlsx_bytes(out, header=header),
        file_name=f"{file}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{name}",
        on_click="ignore",
        icon=":material/table_view:",
    )


def chart(
    fig: go.Figure, df: pd.DataFrame, name: str, labels: dict[str, str] | None = None
) -> None:
    """A Plotly chart (PNG from its modebar) with its data as CSV and Excel."""
    st.plotly_chart(fig, config=plotly_config(name), key=f"chart-{name}")
    downloads(df, name, labels)


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(module: str, builder: str, *args: Any, **kwargs: Any) -> go.Figure:
    import importlib

    return getattr(importlib.import_module(module), builder)(*args, **kwargs)


def figure(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """``builder(*args, **kwargs)`` (a pure figure builder such as those of
    ``dashboard.charts``), kept across sessions and reruns for the same arguments (which
    carry the snapshot's data): Plotly builds a many-panel figure slowly (~0.2 s for
    机关对比's 11 panels).

    The one Figure object is shared (``st.cache_resource``, never pickled), and nothing
    may change it: ``st.plotly_chart`` copies a Figure as it is, while a figure *dict*
    (what ``st.cache_data`` would hand back) is validated into a new Figure on every
    run, ~27 ms of server time per chart on each page load."""
    return _figure(builder.__module__, builder.__name__, *args, **kwargs)


#: Severity label → (text, background) colours: 错误 red, 警告 amber, 提示 grey.
SEVERITY_COLORS = {
    "错误": ("#b42318", "#fde8e7"),
    "警告": ("#8a5a00", "#fdf1d6"),
    "提示": ("#4b5563", "#eef0f3"),
}


def severity_style(value: object) -> str:
    """CSS for a severity cell (its Chinese label).

    >>> severity_style("错误")
    'color: #b42318; background-color: #fde8e7; font-weight: 600'
    """
    fg, bg = SEVERITY_COLORS.get(str(value), ("", ""))
    return f"color: {fg}; background-color: {bg}; font-weight: 600" if fg else ""


def table(
    df: pd.DataFrame,
    name: str,
    labels: dict[str, str] | None = None,
    *,
    column_config: dict | None = None,
    height: int | Literal["auto", "stretch", "content"] = "auto",
    download: bool = True,
    severity: str | None = None,
) -> None:
    """A sortable, searchable table with Chinese headers, and its downloads; the column
    ``severity`` (labels 错误/警告/提示) is coloured by meaning."""
    shown = exports.tidy(exports.relabel(df, column_labels(list(df.columns), labels)))
    config = {column_labels([k], labels)[k]: v for k, v in (column_config or {}).items()}
    data: object = shown
    if severity is not None and severity in df.columns:
        data = shown.style.map(severity_style, subset=[column_labels([severity], labels)[severity]])
    st.dataframe(data, hide_index=True, column_config=config, height=height, key=f"table-{name}")
    if download:
        downloads(df, name, labels)


def number_columns(columns: list[str], percent: tuple[str, ...] = ()) -> dict:
    """Column formats: thousands separators for counts, one decimal for percentages."""
    out = {}
    for c in columns:
        fmt = "%.1f%%" if c in percent or c.endswith("_pct") else "localized"
        out[c] = st.column_config.NumberColumn(format=fmt)
    return out


def empty(message: str) -> None:
    """An empty state that says what to do."""
    st.info(message, icon=":material/info:")


def no_data_for_filter() -> None:
    """The usual empty state when the filter selects nothing."""
    empty(
        "当前筛选条件下没有年报数据。请在左侧放宽筛选条件（年度、地区、层级、机关），或导入更多年报。"
    )


def url_seed(key: str, param: str, options: Mapping[str, object] | Sequence[object]) -> bool:
    """Seed the widget ``key`` once per session from the URL's ``param``; ``options`` maps
    URL values to widget values (a list: the same). True when it seeded in this run: the
    widget must then be made without a default (Streamlit warns when both set it)."""
    seeded = f"{key}-url-seeded"
    if st.session_state.get(seeded):
        return False
    st.session_state[seeded] = True
    mapping = options if isinstance(options, dict) else {str(o): o for o in options}
    raw = st.query_params.get(param)
    if raw is None or raw not in mapping:
        return False
    st.session_state[key] = mapping[raw]
    return True


def url_keep(param: str, value: object) -> None:
    """Write a page setting into the URL, so that a shared link reopens the same view."""
    text = "" if value is None else str(value)
    if st.query_params.get(param) != text:
        st.query_params[param] = text


#: The 件数 / 占比 switch: URL value → label.
VIEWS = {"count": "件数（堆叠）", "share": "占比（100%）"}
TOP_CHOICES = [10, 20, 30, 50, 100]


def view_toggle(key: str) -> bool:
    """The stacked / 100 % switch, kept in the URL (``view=count|share``); True for 100 %."""
    kwargs: dict[str, Any] = {} if url_seed(key, "view", VIEWS) else {"default": VIEWS["count"]}
    choice = st.segmented_control("显示方式", list(VIEWS.values()), key=key, **kwargs)
    share = choice == VIEWS["share"]
    url_keep("view", "share" if share else "count")
    return share


def detail(key: str, sections: Mapping[str, str], default: str) -> str:
    """Which detail section a page draws below its main chart, kept in the URL
    (``show=<slug>``); ``sections`` maps slugs to Chinese labels. One section at a time:
    every Plotly chart costs the browser a full draw, and a page drawing all of its 6–8
    charts took 1.8–2.3 s to show at 10⁵ reports."""
    seeded = url_seed(key, "show", {slug: label for slug, label in sections.items()})
    kwargs: dict[str, Any] = {} if seeded else {"default": sections[default]}
    label = st.segmented_control("细看", list(sections.values()), key=key, required=True, **kwargs)
    slug = next((s for s, v in sections.items() if v == label), default)
    url_keep("show", slug)
    return slug


def top_n(key: str, default: int = 20) -> int:
    """How many agencies a ranking shows, kept in the URL (``top=``). Buttons rather than
    a slider: the pages draw buttons anyway, and the slider's first draw cost the
    browser ~0.03-0.09 s on every load of 机关排名."""
    kwargs: dict[str, Any] = {} if url_seed(key, "top", TOP_CHOICES) else {"default": default}
    choice = st.segmented_control("显示机关数", TOP_CHOICES, key=key, required=True, **kwargs)
    n = int(choice if choice is not None else default)
    url_keep("top", n)
    return n


def tab_icon():
    """The browser tab's icon, drawn here (three bars): an icon name such as
    ``:material/analytics:`` makes the browser fetch it from fonts.gstatic.com, and the
    dashboard makes no request beyond its own server (offline by default)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for i, height in enumerate((28, 44, 20)):
        left = 8 + i * 17
        draw.rounded_rectangle((left, 58 - height, left + 13, 58), radius=3, fill="#2E86AB")
    return image
