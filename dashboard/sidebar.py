"""The global sidebar filters: widgets → ``Filters``, kept in the URL query string.

On a session's first run the widgets are seeded from the query string, so a
shared link reopens the same view; on every run the current choices are written
back (page navigation may clear the query string, the next run restores it).
Cascading options (city under province, agencies under place and level) drop
choices that no longer fit instead of failing.

Every filter sits in a popover whose button says what is chosen: years, place, kind,
agency. The browser draws a popover's widgets only when it is opened, and the nine open
widgets cost about 0.4 s of the browser's time on every page (a chartless page took
~0.7 s); the open year slider alone cost ~0.04 s of the renderer's CPU on a chartless
page (``benchmarks/profile_page.py``). The widgets still run on every rerun, so their
values and the URL behave as before.
"""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.filters import URL_PARAMS, Filters, clamp_years, from_query_params
from dashboard.labels import meta_label
from etl.template import KINDS, LEVELS

_KEYS = {f.name: f"f_{f.name}" for f in fields(Filters) if not f.name.startswith("year_")}
YEARS_KEY = "f_years"
SEARCH_KEY = "f_agency_search"
INIT_KEY = "f_initialised"
INITIAL_YEARS_KEY = "f_years_initial"
AGENCY_OPTIONS = 500
#: Filter field → the metadata field whose label names its widget.
_SINGULAR = {"provinces": "province", "cities": "city", "counties": "county", "levels": "level",
             "kinds": "kind", "templates": "template"}  # fmt: skip


def _seed(years: list[int]) -> None:
    """Seed the widgets from the query string once per session."""
    if st.session_state.get(INIT_KEY):
        return
    initial = clamp_years(from_query_params(st.query_params.get_all), years)
    for name, key in _KEYS.items():
        st.session_state[key] = list(getattr(initial, name))
    st.session_state[INITIAL_YEARS_KEY] = (initial.year_from, initial.year_to)
    st.session_state[INIT_KEY] = True


def _reset(years: list[int]) -> None:
    for key in _KEYS.values():
        st.session_state[key] = []
    st.session_state[SEARCH_KEY] = ""
    if years:
        st.session_state[YEARS_KEY] = (years[0], years[-1])


def _ordered(present: list[str], canonical: tuple[str, ...]) -> list[str]:
    """Values present in the data, in the template's order, unknown ones last."""
    known = [v for v in canonical if v in present]
    return known + sorted(v for v in present if v not in canonical)


def _kept(name: str, options: list[str]) -> list[str]:
    """The session's choices for ``name`` that are still options (others dropped)."""
    key = _KEYS[name]
    kept = [v for v in st.session_state.get(key, []) if v in options]
    st.session_state[key] = kept
    return kept


def _multiselect(box, name: str, label: str, options: list[str]) -> tuple[str, ...]:
    _kept(name, options)
    return tuple(box.multiselect(label, options, key=_KEYS[name], placeholder="全部"))


def summary(label: str, chosen: list[str], shown: int = 2) -> str:
    """A popover button's text: what is chosen in its filters, in a few words.

    >>> summary("地区", []), summary("地区", ["甲省"]), summary("地区", ["甲省", "乙省", "丙省"])
    ('地区：全部', '地区：甲省', '地区：甲省、乙省等 3 项')
    """
    if not chosen:
        return f"{label}：全部"
    more = f"等 {len(chosen)} 项" if len(chosen) > shown else ""
    return f"{label}：{'、'.join(chosen[:shown])}{more}"


def year_summary(label: str, year_from: int, year_to: int) -> str:
    """The year popover's button text: the chosen span.

    >>> year_summary("年度", 2019, 2024), year_summary("年度", 2023, 2023)
    ('年度：2019–2024', '年度：2023')
    """
    span = f"{year_from}" if year_from == year_to else f"{year_from}–{year_to}"
    return f"{label}：{span}"


def _places(df: pd.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Province, city and county, each listing only what fits the levels above it."""
    options = {"provinces": _nonempty(df["province"])}
    provinces = _kept("provinces", options["provinces"])
    if provinces:
        df = df[df["province"].isin(provinces)]
    options["cities"] = _nonempty(df["city"])
    cities = _kept("cities", options["cities"])
    if cities:
        df = df[df["city"].isin(cities)]
    options["counties"] = _nonempty(df["county"])
    counties = _kept("counties", options["counties"])
    box = st.sidebar.popover(
        summary("地区", provinces + cities + counties), icon=":material/map:", width="stretch"
    )
    got = [_multiselect(box, n, meta_label(_SINGULAR[n]), opts) for n, opts in options.items()]
    return got[0], got[1], got[2]


def _kinds() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Level, kind and template of the reporting organ."""
    options = {
        "levels": _ordered(data.distinct_values("level"), LEVELS),
        "kinds": _ordered(data.distinct_values("kind"), KINDS),
        "templates": data.distinct_values("template"),
    }
    chosen = [v for name, opts in options.items() for v in _kept(name, opts)]
    box = st.sidebar.popover(
        summary("层级与类型", chosen), icon=":material/account_tree:", width="stretch"
    )
    got = [_multiselect(box, n, meta_label(_SINGULAR[n]), opts) for n, opts in options.items()]
    return got[0], got[1], got[2]


def _nonempty(values: pd.Series) -> list[str]:
    """The distinct non-empty values, sorted (by code point). Distinct first, in pandas:
    iterating all 3 000 places of a 10^6 database value by value took ~15 ms a run.

    >>> _nonempty(pd.Series(["乙", "", "甲", None, "乙"]))
    ['乙', '甲']
    """
    return sorted(v for v in values.dropna().unique().tolist() if v)


def _agencies(base: Filters) -> tuple[str, ...]:
    key = _KEYS["agencies"]
    chosen = [str(v) for v in st.session_state.get(key, [])]
    search = str(st.session_state.get(SEARCH_KEY) or "")
    options = data.agency_options(base, search.strip(), AGENCY_OPTIONS)
    names = dict(zip(options["agency_key"], options["agency"], strict=True))
    names.update(data.agency_names(tuple(c for c in chosen if c not in names)))
    chosen = [c for c in chosen if c in names]
    st.session_state[key] = chosen
    keys = chosen + [k for k in options["agency_key"] if k not in chosen]
    label = meta_label("agency")
    box = st.sidebar.popover(
        summary(label, [names[c] for c in chosen], shown=1),
        icon=":material/account_balance:",
        width="stretch",
    )
    box.text_input(f"{label}包含", key=SEARCH_KEY, placeholder="例如：审批")
    picked = box.multiselect(
        label,
        keys,
        key=key,
        format_func=lambda k: names.get(k, k),
        placeholder="全部机关",
        help=f"按申请量排列，最多列出 {AGENCY_OPTIONS} 个；输入名称片段可查找其他机关。",
    )
    return tuple(picked)


def _sync_url(filters: Filters) -> None:
    """Write the filter into the query string, leaving other parameters alone."""
    wanted = {URL_PARAMS[f.name]: getattr(filters, f.name) for f in fields(Filters)}
    for param, value in wanted.items():
        if value is None or value == ():
            if param in st.query_params:
                del st.query_params[param]
            continue
        values = [str(value)] if isinstance(value, int) else list(value)
        if st.query_params.get_all(param) != values:
            st.query_params[param] = values if len(values) > 1 else values[0]


def render() -> Filters:
    """Draw the filters in the sidebar and return the chosen Filters."""
    years = data.available_years()
    _seed(years)
    st.sidebar.header("筛选")
    year_from = year_to = None
    if len(years) > 1:
        lo, hi = st.session_state.get(INITIAL_YEARS_KEY, (years[0], years[-1]))
        if lo not in years or hi not in years:
            lo, hi = years[0], years[-1]
        shown = st.session_state.get(YEARS_KEY, (lo, hi))
        box = st.sidebar.popover(
            year_summary(meta_label("year"), *shown), icon=":material/date_range:", width="stretch"
        )
        year_from, year_to = box.select_slider(
            meta_label("year"), options=years, value=(lo, hi), key=YEARS_KEY
        )
    elif years:
        year_from = year_to = years[0]
        st.sidebar.caption(f"{meta_label('year')}：{years[0]}")
    provinces, cities, counties = _places(data.places())
    levels, kinds, templates = _kinds()
    base = Filters(year_from, year_to, provinces, cities, counties, levels, kinds, (), templates)
    filters = Filters(**{**base.__dict__, "agencies": _agencies(base)})
    st.sidebar.button("清除筛选", on_click=_reset, args=(years,), icon=":material/filter_alt_off:")
    _sync_url(filters)
    return filters
