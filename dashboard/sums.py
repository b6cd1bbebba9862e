"""Sums of measures per group: :func:`totals_by`, the query behind every chart of counts,
and where it reads them from — the store's ``roll_place`` (groups and filters it holds),
``agency_totals`` (per agency over every dated report) or the reports themselves (``r``).
Every route gives the same numbers (``tests/dashboard/test_rollup_queries.py``).

Kept apart from :mod:`dashboard.queries` (its gateway ``run`` and filter clause) because
the routing is most of it.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.measures import Measure
from dashboard.queries import (
    _FILTER_COLUMNS,
    DIMENSIONS,
    _every_dated_report,
    _ident,
    _where,
    run,
)
from dashboard.snapshot import AGENCY_KEYS_SUMMED
from etl.store import rollup
from etl.template import LEVELS, all_keys

#: Columns of the store's ``roll_place`` (sums per year, template, level, kind, province).
ROLLUP_DIMS = rollup.PLACE_DIMS


def _measure_sql(m: Measure) -> str:
    """Σ over reports of Σ over keys, absent values skipped (NULL only when all are absent)."""
    sums = [f"sum({_ident(k, _KEYS)})" for k in m.keys]
    expr = sums[0] if len(sums) == 1 else f"list_sum([{', '.join(sums)}])"
    return f'{expr} AS "{m.name}"'


def _summed_measure_sql(m: Measure) -> str:
    """A measure over a table whose key columns already hold sums (``agency_totals``)."""
    cols = [_ident(k, _KEYS) for k in m.keys]
    expr = cols[0] if len(cols) == 1 else f"list_sum([{', '.join(cols)}])"
    return f'{expr} AS "{m.name}"'


_KEYS = frozenset(all_keys())


def totals_by(
    cur: duckdb.DuckDBPyConnection,
    filters: Filters,
    by: tuple[str, ...],
    measures: tuple[Measure, ...],
    order_by: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Sums of ``measures`` per group of ``by`` with report and agency counts.

    Always returns ``n_reports``, ``n_agencies``, ``n_apply`` (reports showing part 三),
    ``n_simulated`` and ``n_error_reports``; grouped by agency it adds the agency's key
    and latest name. ``order_by`` (a measure name, descending) with ``limit`` ranks.

    Groups and filters the store's ``roll_place`` can answer (see
    ``etl.store.rollup``) read it instead of every report; agency counts, which do not
    add up across cells, come from ``meta``. Both give the same numbers.
    """
    where, params = _where(filters)
    per_agency, named = "agency_key" in by, False
    groups = ["agency_ix" if b == "agency_key" else _ident(b, DIMENSIONS) for b in by]
    if _rolled_up(filters, by):
        counted, count_params = _agency_counts(cur, filters, groups)
        sql = _rollup_totals_sql(groups, where, measures, counted)
        params = params + count_params
    elif by == ("agency_key",) and _agency_totals_hold(cur, filters, measures):
        cols = "".join(f", {_summed_measure_sql(m)}" for m in measures)
        sql = (
            "SELECT agency_key, agency, name_order, agency_ix, n_reports, 1::BIGINT AS "
            f"n_agencies, n_apply, n_simulated, n_error_reports{cols} FROM agency_totals"
        )
        params, named = [], True
    else:
        select = [
            *groups,
            "count(*) AS n_reports",
            "1::BIGINT AS n_agencies" if per_agency else "count(DISTINCT agency_ix) AS n_agencies",
            'count("apply.total.total") AS n_apply',
            "count_if(is_simulated)::BIGINT AS n_simulated",
            "count_if(n_errors > 0)::BIGINT AS n_error_reports",
            *(_measure_sql(m) for m in measures),
        ]
        sql = f"SELECT {', '.join(select)} FROM r WHERE {where}"
        if groups:
            sql += f" GROUP BY {', '.join(groups)}"
    order, order_params = _order_clauses(by, measures, order_by)
    if not per_agency:
        if order:
            sql += f" ORDER BY {', '.join(order)}"
            params += order_params
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return run(cur, sql, params)
    if limit is not None:  # rank inside, then name the few agencies left
        sql += f" ORDER BY {order[0] if order_by else 'agency_ix'}, agency_ix LIMIT ?"
        params.append(limit)
    order = ["name_order" if o == "agency" else o for o in order]  # same order, integers
    if named:  # agency_totals holds the names
        sql = f"SELECT * EXCLUDE (agency_ix, name_order) FROM ({sql}) t"
    else:
        sql = (
            f"SELECT a.agency_key, a.agency, t.* EXCLUDE (agency_ix) FROM ({sql}) t "
            "LEFT JOIN agencies a USING (agency_ix)"
        )
    return run(cur, f"{sql} ORDER BY {', '.join(order)}", params + order_params, names=True)


def _order_clauses(
    by: tuple[str, ...], measures: tuple[Measure, ...], order_by: str | None
) -> tuple[list[str], list]:
    """ORDER BY terms (and their parameters): the ranked measure first, then the groups."""
    order: list[str] = []
    order_params: list = []
    if order_by is not None:
        order.append(
            f"{_ident(order_by, (*(m.name for m in measures), 'n_reports'))} DESC NULLS LAST"
        )
    for b in by:
        if b == "level":  # the template's order (central … township), unknown last
            order.append("list_position(?::VARCHAR[], level) NULLS LAST")
            order_params.append(list(LEVELS))
        order.append("agency" if b == "agency_key" else _ident(b, DIMENSIONS))
    return order, order_params


def _agency_totals_hold(
    cur: duckdb.DuckDBPyConnection, filters: Filters, measures: tuple[Measure, ...]
) -> bool:
    """True when the store's ``agency_totals`` answers a per-agency total: every dated
    report is in view and it sums every key the measures need."""
    summed = set(AGENCY_KEYS_SUMMED)
    return all(k in summed for m in measures for k in m.keys) and _every_dated_report(cur, filters)


def _rolled_up(filters: Filters, by: tuple[str, ...]) -> bool:
    """True when ``roll_place`` holds every group and filter column asked for."""
    fields = [f for f, col in _FILTER_COLUMNS.items() if getattr(filters, f)]
    columns = {_FILTER_COLUMNS[f] for f in fields} | set(by)
    return columns <= set(ROLLUP_DIMS)


def _agency_counts(
    cur: duckdb.DuckDBPyConnection, filters: Filters, groups: list[str]
) -> tuple[str, list]:
    """SELECT of ``n_agencies`` per group for :func:`totals_by`'s rollup path, and its
    parameters. Agencies do not add up across years, so: per year, the sum of the cells'
    counts of ``cell_agencies`` (exact while no agency has reports in two cells of one
    year, which the store checked); across years, the agencies of ``agency_cells`` (about
    one row per agency) with a report of a year and template asked for; else ``meta``.
    Every dated report in view, without groups: the rows of ``agency_totals``."""
    head = f"{', '.join(groups)}, " if groups else ""
    group = f" GROUP BY {', '.join(groups)}" if groups else ""
    if not groups and _every_dated_report(cur, filters):  # one row per such agency
        return "SELECT count(*) AS n_agencies FROM agency_totals", []
    if '"year"' in groups:
        if run(cur, "SELECT one_cell_per_year FROM store_flags")["one_cell_per_year"].iloc[0]:
            where, params = _where(filters)
            return (
                f"SELECT {head}sum(n)::BIGINT AS n_agencies FROM cell_agencies "
                f"WHERE {where}{group}",
                params,
            )
        where, params = _where(filters)
        return (
            f"SELECT {head}count(DISTINCT agency_ix) AS n_agencies FROM meta WHERE {where}{group}",
            params,
        )
    where, params = _where(replace(filters, year_from=None, year_to=None, templates=()))
    if filters.year_from is not None or filters.year_to is not None or filters.templates:
        ranged = filters.year_from is not None or filters.year_to is not None
        lo = -(10**6) if filters.year_from is None else filters.year_from
        hi = 10**6 if filters.year_to is None else filters.year_to
        cells = run(cur, "SELECT DISTINCT year, template FROM meta_values")
        wanted = [
            "/".join(v for v in (str(int(y)) if pd.notna(y) else None, t) if pd.notna(v))
            for y, t in zip(cells["year"], cells["template"], strict=True)
            if (lo <= y <= hi if pd.notna(y) else not ranged)
            and (not filters.templates or t in filters.templates)
        ]
        where += " AND list_has_any(cells, ?::VARCHAR[])"
        params.append(wanted)
    flags = run(cur, "SELECT one_row_per_agency FROM store_flags")
    n = "count(*)" if flags["one_row_per_agency"].iloc[0] else "count(DISTINCT agency_ix)"
    return (
        f"SELECT {head}{n} AS n_agencies FROM agency_cells WHERE {where}{group}",
        params,
    )


def _rollup_totals_sql(
    groups: list[str], where: str, measures: tuple[Measure, ...], counted: str
) -> str:
    """The rows of :func:`totals_by` from ``roll_place`` (``where``'s parameters first),
    joined to the agency counts ``counted`` (see :func:`_agency_counts`)."""
    keys = ", ".join(groups)
    head = f"{keys}, " if groups else ""
    counts = ", ".join(  # as count() and count_if() over reports: 0 and NULL when none
        [f"coalesce(sum({c}), 0)::BIGINT AS {c}" for c in ("n_reports", "n_apply")]
        + [f"sum({c})::BIGINT AS {c}" for c in ("n_simulated", "n_error_reports")]
    )
    sums = "".join(f", {_measure_sql(m)}" for m in measures)
    group = f" GROUP BY {keys}" if groups else ""
    on = " AND ".join(f"s.{g} IS NOT DISTINCT FROM a.{g}" for g in groups) or "TRUE"
    names = "".join(f', s."{m.name}"' for m in measures)
    return (
        f"SELECT * FROM (SELECT {''.join(f's.{g}, ' for g in groups)}s.n_reports, "
        "coalesce(a.n_agencies, 0) AS n_agencies, s.n_apply, s.n_simulated, "
        f"s.n_error_reports{names} "
        f"FROM (SELECT {head}{counts}{sums} FROM roll_place WHERE {where}{group}) s "
        f"LEFT JOIN ({counted}) a ON {on})"
    )


def has_simulated(cur: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """True when any simulated report is in view."""
    where, params = _where(filters)
    df = run(cur, f"SELECT bool_or(is_simulated) AS s FROM meta WHERE {where}", params)
    return bool(df["s"].iloc[0]) if len(df) and pd.notna(df["s"].iloc[0]) else False
