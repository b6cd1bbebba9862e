"""The global filter as a frozen, hashable value, and its URL query-string form.

``Filters`` is what every query takes and what every cached result is keyed on;
``sidebar.py`` builds it from widgets. Keeping it free of Streamlit lets the
query layer and its tests use it without a running app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace

#: Filter field → query-string parameter (the URL is the shareable form of a view).
URL_PARAMS: dict[str, str] = {
    "year_from": "from",
    "year_to": "to",
    "provinces": "province",
    "cities": "city",
    "counties": "county",
    "levels": "level",
    "kinds": "kind",
    "agencies": "agency",
    "templates": "template",
}


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices; an empty tuple or None means "no restriction"."""

    year_from: int | None = None
    year_to: int | None = None
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()  # agency keys (agency_id, or the name when there is none)
    templates: tuple[str, ...] = ()

    def for_year(self, year: int) -> Filters:
        """The same filter restricted to one year (for "change from the previous year").

        >>> Filters(year_from=2020, year_to=2024).for_year(2023).year_from
        2023
        """
        return replace(self, year_from=year, year_to=year)

    def without_agencies(self) -> Filters:
        """The same filter for every agency (the options of the agency picker)."""
        return replace(self, agencies=())

    def region_level(self) -> str:
        """The place column one step below the deepest place chosen.

        >>> Filters().region_level(), Filters(provinces=("甲省",)).region_level()
        ('province', 'city')
        """
        if self.cities or self.counties:
            return "county"
        return "city" if self.provinces else "province"


def _ints(values: list[str]) -> int | None:
    for v in values:
        try:
            return int(v)
        except ValueError:
            continue
    return None


def from_query_params(get_all: Callable[[str], list[str]]) -> Filters:
    """A Filters from a query string (``st.query_params.get_all``); bad values are dropped.

    >>> qs = {"from": ["2021"], "level": ["a", "b"], "to": ["x"]}
    >>> from_query_params(lambda k: qs.get(k, []))
    Filters(year_from=2021, year_to=None, provinces=(), cities=(), counties=(), levels=('a', 'b'), kinds=(), agencies=(), templates=())
    """
    values: dict[str, object] = {}
    for f in fields(Filters):
        raw = [v for v in get_all(URL_PARAMS[f.name]) if v]
        if f.name.startswith("year_"):
            values[f.name] = _ints(raw)
        else:
            values[f.name] = tuple(dict.fromkeys(raw))
    return Filters(**values)  # type: ignore[arg-type]


def to_query_params(filters: Filters) -> dict[str, str | list[str]]:
    """The non-empty fields of ``filters`` as query-string parameters.

    >>> to_query_params(Filters(year_from=2022, kinds=("k",)))
    {'from': '2022', 'kind': ['k']}
    """
    out: dict[str, str | list[str]] = {}
    for f in fields(Filters):
        value = getattr(filters, f.name)
        if value is None or value == ():
            continue
        out[URL_PARAMS[f.name]] = str(value) if isinstance(value, int) else list(value)
    return out


def clamp_years(filters: Filters, years: list[int]) -> Filters:
    """Keep the year range inside the years the database holds (all of them by default).

    >>> clamp_years(Filters(year_from=1990), [2020, 2021, 2022])
    Filters(year_from=2020, year_to=2022, provinces=(), cities=(), counties=(), levels=(), kinds=(), agencies=(), templates=())
    """
    if not years:
        return replace(filters, year_from=None, year_to=None)
    lo, hi = min(years), max(years)
    a = lo if filters.year_from is None else min(max(filters.year_from, lo), hi)
    b = hi if filters.year_to is None else min(max(filters.year_to, lo), hi)
    return replace(filters, year_from=min(a, b), year_to=max(a, b))


def describe(filters: Filters, names: Mapping[str, str] | None = None) -> str:
    """A one-line plain-text summary of the filter, for captions and file names."""
    parts = []
    if filters.year_from is not None:
        same = filters.year_from == filters.year_to
        parts.append(f"{filters.year_from}" if same else f"{filters.year_from}–{filters.year_to}")
    for name in ("provinces", "cities", "counties", "levels", "kinds", "templates"):
        if getattr(filters, name):
            parts.append("、".join(getattr(filters, name)))
    if filters.agencies:
        shown = [(names or {}).get(a, a) for a in filters.agencies[:3]]
        more = f" 等{len(filters.agencies)}个机关" if len(filters.agencies) > 3 else ""
        parts.append("、".join(shown) + more)
    return " · ".join(parts) if parts else "全部"
